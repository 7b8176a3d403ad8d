"""Mastodon live connector: recorded shapes replayed with ``responses``; no network."""

from __future__ import annotations

import re
from typing import Any

import pytest
import responses
import yaml

from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN
from auditor.progress import SILENT
from connectors import incremental, mastodon_api
from tests.conftest import needs_shared
from tests.connectors import api_support
from tests.connectors.api_support import (
    SECRET,
    account,
    assert_no_secret,
    assert_only_gets,
    fixture,
    get_exact,
)

isolated_state = api_support.isolated_state  # pytest fixture
sleeps = api_support.sleeps  # pytest fixture

BASE = "https://social.example/api/v1"
ME = "110000000000000001"


def _link(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="next", <{BASE}/accounts/{ME}/statuses?min_id=999>; rel="prev"'}


def register_account(mock: responses.RequestsMock, token: bool = True) -> None:
    if token:
        mock.get(f"{BASE}/accounts/verify_credentials", json=fixture("mastodon/verify_credentials.json"))
        mock.get(f"{BASE}/notifications", json=[])  # others' mentions: see test_mastodon_notifications.py
    else:
        mock.get(f"{BASE}/accounts/lookup", json=fixture("mastodon/lookup.json"))
    page2 = f"{BASE}/accounts/{ME}/statuses?limit=40&max_id=113000000000000003"
    get_exact(mock, page2, json=fixture("mastodon/statuses_page2.json"))
    get_exact(mock, f"{BASE}/accounts/{ME}/statuses?limit=40", json=fixture("mastodon/statuses_page1.json"),
              headers=_link(page2))
    fol2 = f"{BASE}/accounts/{ME}/followers?limit=80&max_id=5"
    get_exact(mock, fol2, json=fixture("mastodon/followers_page2.json"))
    get_exact(mock, f"{BASE}/accounts/{ME}/followers?limit=80", json=fixture("mastodon/followers_page1.json"),
              headers={"Link": f'<{fol2}>; rel="next"'})
    mock.get(f"{BASE}/accounts/{ME}/following", json=fixture("mastodon/following.json"))


@responses.activate
def test_reads_profile_settings_posts_and_connections_over_pages(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    snap = mastodon_api.load(account("mastodon", "@fern@social.example", token_env="MASTO_TOKEN"), SILENT)

    assert snap.handle == "fern@social.example" and snap.source == "api" and snap.account_id == ME
    assert snap.settings["visibility.account_protected"] is False
    assert snap.settings["visibility.posts_default"] == "public"
    assert snap.settings["profile.indexable"] is True
    assert snap.settings["discoverability.search_engines"] is True
    assert snap.settings["visibility.friend_list"] == "public"
    assert snap.profile.display_name == "Fern (she/her)"
    assert snap.profile.bio == "Social worker & tea drinker"
    assert ("Work", "Adult services") in snap.profile.fields
    assert snap.profile.website == "https://fern.example.org"
    assert ("Site", "fern.example.org") in snap.profile.fields
    assert snap.profile.header is None  # "missing.png" is Mastodon's placeholder, not an image

    assert [p.id for p in snap.posts] == ["113000000000000004", "113000000000000003", "113000000000000002",
                                          "113000000000000001"]
    first, reply, boost, intro = snap.posts
    assert first.text == "Home visit in #eastfield today.\nTired.\n\nSee news.example.com/a"
    assert first.links == ("https://news.example.com/a",)
    assert first.hashtags == ("eastfield",)
    assert first.media[0].alt_text == "A street of terraced houses" and first.media[0].kind == "photo"
    assert first.audience == "public" and first.created_at is not None
    assert reply.kind == "reply" and reply.audience == "followers" and reply.mentions == ("sam@other.example",)
    assert boost.kind == "repost" and boost.text == "Pay talks resume Monday"
    assert intro.audience == "unlisted" and intro.text.startswith("intro\n")

    followers = [c for c in snap.connections if c.relation == "follower"]
    assert [c.handle for c in followers] == ["sam@other.example", "jo", "alex@other.example"]
    assert followers[0].bio == "Youth worker\nWork: Youth Club" and followers[0].display_name == "Sam Example"
    assert followers[0].location == "Ashby"  # the profile field named Location, HTML stripped
    assert followers[1].bio == "" and followers[1].location == ""
    assert [c.handle for c in snap.connections if c.relation == "following"] == ["union"]
    assert not any("Read " in n and " of " in n for n in snap.notes)  # everything was read
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {SECRET}"
    assert_only_gets(responses.mock)
    assert_no_secret(repr(snap))


@responses.activate
def test_public_only_mode_uses_lookup_and_marks_posting_default_unknown(sleeps: Any) -> None:
    register_account(responses.mock, token=False)
    snap = mastodon_api.load(account("mastodon", "@fern@social.example"), SILENT)
    assert responses.calls[0].request.url == f"{BASE}/accounts/lookup?acct=fern"
    assert "Authorization" not in responses.calls[0].request.headers
    assert snap.settings["visibility.posts_default"] == UNKNOWN
    assert any("public-only mode" in n for n in snap.notes)
    assert len(snap.posts) == 4


@responses.activate
def test_lookup_404_names_the_account(sleeps: Any) -> None:
    responses.get(f"{BASE}/accounts/lookup", json=fixture("mastodon/error_404.json"), status=404)
    with pytest.raises(InputError, match=r"no account 'fern' on https://social.example"):
        mastodon_api.load(account("mastodon", "@fern@social.example"), SILENT)


@responses.activate
def test_expired_token_is_a_clear_error_without_the_token(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    responses.get(f"{BASE}/accounts/verify_credentials", json=fixture("mastodon/error_401.json"), status=401)
    with pytest.raises(UserError, match="HTTP 401") as caught:
        mastodon_api.load(account("mastodon", "@fern@social.example", token_env="MASTO_TOKEN"), SILENT)
    assert "New application" in str(caught.value)
    assert_no_secret(str(caught.value))


def test_handle_without_instance_is_a_config_error() -> None:
    with pytest.raises(UserError, match=r"@fern@social\.example"):
        mastodon_api.load(account("mastodon", "fern"), SILENT)


@responses.activate
def test_base_url_overrides_the_instance_and_keeps_the_handle(sleeps: Any) -> None:
    local = "http://127.0.0.1:8080/api/v1"
    responses.get(f"{local}/accounts/lookup", json=fixture("mastodon/lookup.json"))
    responses.get(f"{local}/accounts/{ME}/statuses", json=[])
    responses.get(f"{local}/accounts/{ME}/followers", json=[])
    responses.get(f"{local}/accounts/{ME}/following", json=[])
    snap = mastodon_api.load(account("mastodon", "@fern@social.example", base_url="http://127.0.0.1:8080"), SILENT)
    assert snap.handle == "fern@social.example"
    assert any("Read 0 of 3 followers" in n for n in snap.notes)


@responses.activate
def test_repeating_link_header_stops_instead_of_looping(sleeps: Any) -> None:
    responses.get(f"{BASE}/accounts/lookup", json=fixture("mastodon/lookup.json"))
    loop = f"{BASE}/accounts/{ME}/statuses?limit=40&max_id=1"
    responses.get(re.compile(rf"{re.escape(BASE)}/accounts/{ME}/statuses.*"),
                  json=fixture("mastodon/statuses_page2.json"), headers={"Link": f'<{loop}>; rel="next"'})
    responses.get(f"{BASE}/accounts/{ME}/followers", json=[])
    responses.get(f"{BASE}/accounts/{ME}/following", json=[])
    snap = mastodon_api.load(account("mastodon", "@fern@social.example"), SILENT)
    statuses_calls = [c for c in responses.calls if "/statuses" in c.request.url]
    assert len(statuses_calls) == 2  # first page, then the repeated cursor once, then stop
    assert any("repeated a page of posts" in n for n in snap.notes)


@responses.activate
def test_malformed_json_is_an_input_error(sleeps: Any) -> None:
    responses.get(f"{BASE}/accounts/lookup", body="<html>Down for maintenance</html>",
                  content_type="text/html")
    with pytest.raises(InputError, match=r"not valid JSON \(text/html\)"):
        mastodon_api.load(account("mastodon", "@fern@social.example"), SILENT)


@responses.activate
def test_caps_reads_and_says_how_many_of_how_many(sleeps: Any) -> None:
    register_account(responses.mock, token=False)
    snap = mastodon_api.load(account("mastodon", "@fern@social.example", max_posts=1, max_connections=2), SILENT)
    assert len(snap.posts) == 1
    assert len([c for c in snap.connections if c.relation == "follower"]) == 2
    assert "Read 2 of 3 followers." in snap.notes
    assert any("newest 1 posts only" in n for n in snap.notes)


@responses.activate
def test_incremental_reads_only_newer_posts_and_commits_after_success(sleeps: Any) -> None:
    cfg = account("mastodon", "@fern@social.example", incremental=True)
    register_account(responses.mock, token=False)
    first = mastodon_api.load(cfg, SILENT)
    assert len(first.posts) == 4 and first.posts_complete
    incremental.commit()

    responses.mock.reset()
    responses.get(f"{BASE}/accounts/lookup", json=fixture("mastodon/lookup.json"))
    newer = fixture("mastodon/statuses_page1.json")[0] | {"id": "113000000000000009"}
    responses.get(f"{BASE}/accounts/{ME}/statuses", json=[newer, *fixture("mastodon/statuses_page1.json")])
    responses.get(f"{BASE}/accounts/{ME}/followers", json=fixture("mastodon/followers_page1.json"))
    responses.get(f"{BASE}/accounts/{ME}/following", json=[])
    second = mastodon_api.load(cfg, SILENT)
    assert "since_id=113000000000000004" in responses.calls[1].request.url
    assert [p.id for p in second.posts] == ["113000000000000009"]  # stops at the remembered post
    assert len(second.connections) == 2  # connections are always read in full
    assert any("Incremental fetch" in n for n in second.notes)
    assert second.posts_complete is False  # history must not resolve findings on unread older posts


@responses.activate
def test_failed_run_does_not_move_the_position(sleeps: Any) -> None:
    cfg = account("mastodon", "@fern@social.example", incremental=True)
    register_account(responses.mock, token=False)
    mastodon_api.load(cfg, SILENT)
    incremental.commit()
    key = incremental.account_key(cfg, "fern@social.example", "https://social.example")
    assert incremental.remembered(key) == "113000000000000004"

    responses.mock.reset()
    responses.get(f"{BASE}/accounts/lookup", json=fixture("mastodon/lookup.json"))
    responses.get(f"{BASE}/accounts/{ME}/statuses", json=[fixture("mastodon/statuses_page1.json")[0]
                                                          | {"id": "113000000000000010"}])
    responses.get(f"{BASE}/accounts/{ME}/followers", status=503)
    with pytest.raises(UserError, match="HTTP 503"):
        mastodon_api.load(cfg, SILENT)
    incremental.commit()  # nothing was staged by the failed load
    assert incremental.remembered(key) == "113000000000000004"


def _cassette(path: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(needs_shared(path).read_text(encoding="utf-8"))
    return list(data["interactions"])


@responses.activate
def test_replays_real_mastodon_py_recordings(sleeps: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """verify_credentials and followers as a real server sent them (Mastodon.py cassettes, 2026)."""
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    for item in _cassette("real-formats/mastodon-api/mastodonpy_test_account_followers.yaml"):
        response = item["response"]
        headers = {k: v[0] for k, v in response["headers"].items()
                   if k.lower() in ("link", "content-type", "x-ratelimit-reset")}
        responses.get(item["request"]["uri"], body=response["body"]["string"], status=response["status"]["code"],
                      headers=headers)
    responses.get(re.compile(r"http://localhost:3000/api/v1/accounts/\d+/(statuses|following)"), json=[])
    responses.get("http://localhost:3000/api/v1/notifications", json=[])
    snap = mastodon_api.load(account("mastodon", "@mastodonpy_test@localhost",
                                     base_url="http://localhost:3000", token_env="MASTO_TOKEN"), SILENT)
    assert snap.account_id == "117020457910412882"
    assert snap.settings["visibility.account_protected"] is True  # "locked": true
    assert snap.settings["profile.indexable"] is False
    assert snap.settings["visibility.posts_default"] == "public"  # source.privacy
    assert snap.settings["visibility.friend_list"] == UNKNOWN  # hide_collections: null
    assert snap.settings["discoverability.search_engines"] is True  # noindex: false


@responses.activate
def test_replays_real_statuses_page_with_link_header(sleeps: Any) -> None:
    """The first statuses page from the real pagination recording, Link header and all."""
    items = _cassette("real-formats/mastodon-api/mastodonpy_test_fetch_next_previous.yaml")
    gets = [i for i in items if i["request"]["method"] == "GET" and "/statuses?" in i["request"]["uri"]]
    first = gets[0]
    account_json = {"id": "117020565966271181", "username": "mastodonpy_test", "acct": "mastodonpy_test",
                    "followers_count": 0, "following_count": 0}
    responses.get("http://localhost:3000/api/v1/accounts/lookup", json=account_json)
    link = next(v[0] for k, v in first["response"]["headers"].items() if k.lower() == "link")
    get_exact(responses.mock, first["request"]["uri"].replace("limit=5", "limit=40"),
              body=first["response"]["body"]["string"], headers={"Link": link})
    second = gets[1]
    get_exact(responses.mock, second["request"]["uri"], body=second["response"]["body"]["string"])
    responses.get(re.compile(r"http://localhost:3000/api/v1/accounts/\d+/(followers|following)"), json=[])
    snap = mastodon_api.load(account("mastodon", "@mastodonpy_test@localhost",
                                     base_url="http://localhost:3000"), SILENT)
    assert len(snap.posts) == 10  # 5 + 5 over the real Link header
    assert snap.posts[0].text == "Toot number 9!"
    assert {p.audience for p in snap.posts} <= {"public", "unlisted", "followers", "custom"}
