"""X live connector through tweepy: recorded shapes replayed with ``responses``; no network."""

from __future__ import annotations

import base64
import gzip
import json
import logging
from typing import Any

import pytest
import responses
import yaml

from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN
from auditor.progress import SILENT
from connectors import x_api
from tests.conftest import needs_shared
from tests.connectors import api_support
from tests.connectors.api_support import (
    SECRET,
    account,
    assert_no_secret,
    assert_only_gets,
    fixture,
)

isolated_state = api_support.isolated_state  # pytest fixture
sleeps = api_support.sleeps  # pytest fixture

API = "https://api.twitter.com"
ME = "1500000000000000001"
OAUTH1 = {"consumer_key_env": "X_CK", "consumer_secret_env": "X_CS", "access_token_env": "X_AT",
          "access_token_secret_env": "X_ATS"}


@pytest.fixture
def oauth1_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OAUTH1.values():
        monkeypatch.setenv(name, f"{SECRET}-{name}")


@pytest.fixture
def oauth2_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_TOKEN", SECRET)


def register(mock: responses.RequestsMock, settings: dict[str, Any] | None = None) -> None:
    mock.get(f"{API}/2/users/me", json=fixture("x/users_me.json"))
    tweets = f"{API}/2/users/{ME}/tweets"
    token = "7140dibdnow9c7btw3z0000000000000000000000001"
    from responses import matchers
    mock.get(tweets, json=fixture("x/tweets_page2.json"),
             match=[matchers.query_param_matcher({"pagination_token": token}, strict_match=False)])
    mock.get(tweets, json=fixture("x/tweets_page1.json"))
    followers = f"{API}/2/users/{ME}/followers"
    mock.get(followers, json=fixture("x/followers_page2.json"),
             match=[matchers.query_param_matcher({"pagination_token": "FOLLOWERS0000000000000002"},
                                                 strict_match=False)])
    mock.get(followers, json=fixture("x/followers_page1.json"))
    mock.get(f"{API}/2/users/{ME}/following", json=fixture("x/following.json"))
    mock.get(f"{API}/1.1/account/settings.json", json=settings or fixture("x/account_settings.json"))


@responses.activate
def test_oauth1_reads_profile_settings_timeline_and_connections(oauth1_env: None, sleeps: Any) -> None:
    register(responses.mock)
    snap = x_api.load(account("x", **OAUTH1), SILENT)

    assert snap.handle == "FrontlineFern" and snap.account_id == ME and snap.source == "api"
    assert snap.profile.website == "https://fern.example.org" and snap.profile.location == "Eastfield"
    assert snap.settings == {
        "visibility.account_protected": False, "visibility.posts_default": "public",
        "discoverability.by_email": True, "discoverability.by_phone": False,
        "location.tagging": True, "messages.allowed_from": "all",
    }
    me_call = responses.calls[0].request
    assert "user.fields=" in me_call.url and "protected" in me_call.url
    assert me_call.headers["Authorization"].startswith("OAuth ")

    assert [p.id for p in snap.posts] == [f"180000000000000000{i}" for i in (5, 4, 3, 2, 1)]
    geo_post, reply, thread, retweet, hello = snap.posts
    assert geo_post.geo is not None and geo_post.geo.lat == pytest.approx(53.8008)
    assert geo_post.geo.lon == pytest.approx(-1.5491) and geo_post.geo.place == "Eastfield, England"
    assert geo_post.media[0].alt_text == "Office window at dusk"
    assert geo_post.mentions == ("ColleagueC",) and geo_post.hashtags == ("socialwork",)
    assert geo_post.links == ("https://news.example.com/story",)
    assert geo_post.url == "https://x.com/FrontlineFern/status/1800000000000000005"
    assert reply.kind == "reply" and thread.kind == "post" and thread.geo and not thread.geo.has_coordinates
    assert retweet.kind == "repost" and hello.kind == "post" and hello.audience == "public"
    tweets_call = next(c.request.url for c in responses.calls if "/tweets" in c.request.url)
    assert "expansions=geo.place_id%2Cattachments.media_keys" in tweets_call

    followers = [c for c in snap.connections if c.relation == "follower"]
    assert [c.handle for c in followers] == ["sam_example", "jo_placeholder", "alex_invented"]
    assert followers[0].bio == "Youth worker" and followers[0].location == "Ashby"
    assert len([c for c in snap.connections if c.relation == "following"]) == 2
    assert_only_gets(responses.mock)
    assert_no_secret(repr(snap))


@responses.activate
def test_oauth2_token_reads_but_marks_settings_unknown(oauth2_env: None, sleeps: Any) -> None:
    register(responses.mock)
    snap = x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {SECRET}"
    assert not any("/1.1/" in c.request.url for c in responses.calls)
    assert snap.settings["discoverability.by_email"] == UNKNOWN
    assert snap.settings["visibility.account_protected"] is False  # from get_me
    assert any("OAuth 1.0a" in n and "x.com/settings" in n for n in snap.notes)
    assert len(snap.posts) == 5


@responses.activate
def test_settings_refused_with_453_become_unknown_with_how_to_check(oauth1_env: None, sleeps: Any) -> None:
    register(responses.mock)
    responses.replace(responses.GET, f"{API}/1.1/account/settings.json", json=fixture("x/error_453.json"),
                      status=403)
    snap = x_api.load(account("x", **OAUTH1), SILENT)
    assert snap.settings["location.tagging"] == UNKNOWN
    assert snap.settings["messages.allowed_from"] == UNKNOWN
    note = next(n for n in snap.notes if "settings could not be read" in n)
    assert "code 453" in note and "https://x.com/settings/privacy_and_safety" in note
    assert len(snap.posts) == 5  # the rest of the account is still read


@responses.activate
def test_followers_refused_with_402_is_a_note_not_a_failure(oauth2_env: None, sleeps: Any) -> None:
    register(responses.mock)
    responses.replace(responses.GET, f"{API}/2/users/{ME}/followers", json=fixture("x/error_402.json"), status=402)
    snap = x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert not [c for c in snap.connections if c.relation == "follower"]
    assert any("followers could not be read" in n and "HTTP 402" in n for n in snap.notes)


@responses.activate
def test_follower_cap_says_read_n_of_m(oauth2_env: None, sleeps: Any) -> None:
    register(responses.mock)
    snap = x_api.load(account("x", token_env="X_TOKEN", max_connections=2), SILENT)
    assert len([c for c in snap.connections if c.relation == "follower"]) == 2
    assert any(n.startswith("Read 2 of 3 followers") for n in snap.notes)
    assert not any("followers" in c.request.url and "pagination_token" in c.request.url for c in responses.calls)


@responses.activate
def test_expired_token_401_is_a_clear_error(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", json=fixture("x/error_401.json"), status=401)
    with pytest.raises(UserError, match=r"HTTP 401") as caught:
        x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert "developer portal" in str(caught.value)
    assert_no_secret(str(caught.value))


@responses.activate
def test_timeline_403_453_fails_the_account_with_the_tier_reason(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", json=fixture("x/users_me.json"))
    responses.get(f"{API}/2/users/{ME}/tweets", json=fixture("x/error_453.json"), status=403)
    with pytest.raises(UserError, match="code 453"):
        x_api.load(account("x", token_env="X_TOKEN"), SILENT)


@responses.activate
def test_429_waits_as_x_rate_limit_reset_says(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", json=fixture("x/error_429.json"), status=429,
                  headers={"x-rate-limit-reset": "1800000045"})
    register(responses.mock)
    snap = x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert sleeps.waits == [45.0] and snap.account_id == ME


@responses.activate
def test_5xx_retries_with_backoff_then_gives_up_clearly(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", status=503, body="upstream timeout")
    with pytest.raises(UserError, match=r"HTTP 503.*after 4 tries"):
        x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert sleeps.waits == [2.0, 4.0, 8.0]
    assert len(responses.calls) == 4


@responses.activate
def test_malformed_json_is_an_input_error(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", body='{"data": {"id": "15', content_type="application/json")
    with pytest.raises(InputError, match="not valid JSON"):
        x_api.load(account("x", token_env="X_TOKEN"), SILENT)


@responses.activate
def test_repeating_next_token_stops(oauth2_env: None, sleeps: Any) -> None:
    responses.get(f"{API}/2/users/me", json=fixture("x/users_me.json"))
    responses.get(f"{API}/2/users/{ME}/tweets", json=fixture("x/tweets_page1.json"))  # same next_token forever
    responses.get(f"{API}/2/users/{ME}/followers", json={"meta": {"result_count": 0}})
    responses.get(f"{API}/2/users/{ME}/following", json={"meta": {"result_count": 0}})
    snap = x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert len([c for c in responses.calls if "/tweets" in c.request.url]) == 2
    assert any("repeated a page of posts" in n for n in snap.notes)


def test_no_credentials_is_a_clear_config_error() -> None:
    with pytest.raises(UserError, match="no X credentials"):
        x_api.load(account("x"), SILENT)


def test_partial_oauth1_config_names_the_missing_keys() -> None:
    with pytest.raises(UserError, match=r"api\.access_token_secret_env"):
        x_api.load(account("x", consumer_key_env="A", consumer_secret_env="B", access_token_env="C"), SILENT)


def test_unset_env_var_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_TOKEN", raising=False)
    with pytest.raises(UserError, match="environment variable X_TOKEN is not set"):
        x_api.load(account("x", token_env="X_TOKEN"), SILENT)


@responses.activate
def test_tokens_never_reach_the_debug_log(oauth2_env: None, sleeps: Any, caplog: pytest.LogCaptureFixture) -> None:
    """tweepy logs request headers (the bearer token) at DEBUG; the connector keeps that logger quiet."""
    caplog.set_level(logging.DEBUG)
    register(responses.mock)
    x_api.load(account("x", token_env="X_TOKEN"), SILENT)
    assert_no_secret(caplog.text)


def _cassette_response(path: str) -> tuple[str, dict[str, str], bytes]:
    data = yaml.safe_load(needs_shared(path).read_text(encoding="utf-8"))
    item = data["interactions"][0]
    body = item["response"]["body"]["string"]
    raw = gzip.decompress(body if isinstance(body, bytes) else base64.b64decode(body))
    headers = {k: v[0] for k, v in item["response"]["headers"].items() if k.startswith("x-rate-limit")}
    return item["request"]["uri"], headers, raw


@responses.activate
def test_replays_real_tweepy_recordings(oauth2_env: None, sleeps: Any) -> None:
    """GET /2/users/me and a timeline page with next_token, as X sent them (tweepy cassettes)."""
    me_uri, me_headers, me_body = _cassette_response("real-formats/x-api/tweepy_test_client_get_me.yaml")
    _, _, tweets_body = _cassette_response("real-formats/x-api/tweepy_test_client_get_users_tweets.yaml")
    me = json.loads(me_body)["data"]
    responses.get(me_uri, body=me_body, headers=me_headers, content_type="application/json")
    tweets = json.loads(tweets_body)
    responses.get(f"{API}/2/users/{me['id']}/tweets", json=tweets)
    responses.get(f"{API}/2/users/{me['id']}/followers", json={"meta": {"result_count": 0}})
    responses.get(f"{API}/2/users/{me['id']}/following", json={"meta": {"result_count": 0}})
    snap = x_api.load(account("x", token_env="X_TOKEN", max_posts=2), SILENT)
    assert snap.handle == me["username"] and snap.account_id == me["id"]
    assert [p.id for p in snap.posts] == [t["id"] for t in tweets["data"]]
    # The real get_me has no 'protected' (default fields only): visibility stays unknown, not guessed.
    assert snap.settings["visibility.account_protected"] == UNKNOWN
    assert snap.posts[0].audience == "unknown"
