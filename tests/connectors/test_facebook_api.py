"""Facebook Graph connector through facebook-sdk and its version adapter; replayed with ``responses``."""

from __future__ import annotations

from typing import Any

import facebook
import pytest
import responses
from responses import matchers

from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN
from auditor.progress import SILENT
from connectors import facebook_api, facebook_graph
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

GRAPH = "https://graph.facebook.com/v24.0"


@pytest.fixture(autouse=True)
def fb_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FB_TOKEN", SECRET)


def register(mock: responses.RequestsMock) -> None:
    mock.get(f"{GRAPH}/me", json=fixture("facebook/me.json"))
    after = matchers.query_param_matcher({"after": "QVFIUmFmdGVyMDAx"}, strict_match=False)
    mock.get(f"{GRAPH}/me/posts", json=fixture("facebook/posts_page2.json"), match=[after])
    mock.get(f"{GRAPH}/me/posts", json=fixture("facebook/posts_page1.json"))
    mock.get(f"{GRAPH}/me/friends", json=fixture("facebook/friends.json"))


def test_adapter_pins_a_current_graph_version_that_the_sdk_would_reject() -> None:
    with pytest.raises(facebook.GraphAPIError):
        facebook.GraphAPI("t", version="24.0")  # why the adapter exists
    assert facebook_graph.make_graph("t", "").version == facebook_graph.DEFAULT_GRAPH_VERSION
    assert facebook_graph.make_graph("t", "21.0").version == "v21.0"
    with pytest.raises(UserError, match="graph_version"):
        facebook_graph.graph_version("latest")


@responses.activate
def test_reads_profile_all_post_pages_and_friend_count(sleeps: Any) -> None:
    register(responses.mock)
    snap = facebook_api.load(account("facebook", stance="personal", token_env="FB_TOKEN"), SILENT)

    assert all(c.request.url.startswith(GRAPH + "/") for c in responses.calls)  # the adapter's version
    assert "privacy" in responses.calls[1].request.url and "permalink_url" in responses.calls[1].request.url
    assert snap.account_id == "10200000000000001" and snap.handle == "10200000000000001"
    assert snap.profile.display_name == "Harriet Example" and snap.profile.location == "Ashby, United Kingdom"
    assert snap.profile.private == {"email": "fern@example.org", "birthday": "04/21/1990"}
    assert ("hometown", "Eastfield, United Kingdom") in snap.profile.fields

    assert [p.audience for p in snap.posts] == ["custom", "public", "only_me"]
    beach = snap.posts[0]
    assert beach.geo is not None and beach.geo.lat == pytest.approx(50.81) and beach.geo.place == "Brighton Beach"
    assert beach.url and beach.url.startswith("https://www.facebook.com/")
    assert snap.posts[2].text == "Harriet Example updated her profile picture."  # a story, no message

    assert [c.display_name for c in snap.connections] == ["Dana Sample"]
    assert any("read 1 of 412 friends" in n and "Download Your Information" in n for n in snap.notes)
    assert snap.settings["visibility.posts_default"] == UNKNOWN
    assert any("does not expose privacy settings" in n for n in snap.notes)
    assert_only_gets(responses.mock)
    assert_no_secret(repr(snap), "\n".join(snap.notes))


@responses.activate
def test_expired_token_code_190(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", json=fixture("facebook/error_190.json"), status=400)
    with pytest.raises(UserError, match=r"expired or is no longer valid \(code 190") as caught:
        facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)
    assert_no_secret(str(caught.value))


@pytest.mark.parametrize("code", [4, 17, 32, 613])
@responses.activate
def test_rate_limit_codes_are_clear(code: int, sleeps: Any) -> None:
    body = fixture("facebook/error_17.json")
    body["error"]["code"] = code
    responses.get(f"{GRAPH}/me", json=body, status=403)
    with pytest.raises(UserError, match=rf"limiting how often .* \(code {code}\).*wait"):
        facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)
    assert sleeps.waits == []  # hour-long windows: no pointless retry


@responses.activate
def test_missing_user_posts_permission_fails_with_the_fix(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", json=fixture("facebook/me.json"))
    responses.get(f"{GRAPH}/me/posts", json=fixture("facebook/error_200.json"), status=403)
    with pytest.raises(UserError, match=r"lacks a permission \(code 200.*user_posts"):
        facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)


@responses.activate
def test_missing_user_friends_permission_is_a_note(sleeps: Any) -> None:
    register(responses.mock)
    responses.replace(responses.GET, f"{GRAPH}/me/friends", json=fixture("facebook/error_200.json"), status=403)
    snap = facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)
    assert snap.connections == [] and len(snap.posts) == 3
    assert any("lacks the user_friends permission" in n for n in snap.notes)


@responses.activate
def test_server_error_is_retried_then_succeeds(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", status=500, body="<html>oops</html>", content_type="text/html")
    register(responses.mock)
    snap = facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)
    assert sleeps.waits == [2.0] and snap.account_id


@responses.activate
def test_malformed_json_is_an_input_error(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", body="{not json", content_type="application/json")
    with pytest.raises(InputError, match="not valid JSON"):
        facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)


@responses.activate
def test_html_instead_of_json_is_an_input_error(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", body="<html>login</html>", content_type="text/html")
    with pytest.raises(InputError, match="not valid JSON"):
        facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)


@responses.activate
def test_repeating_after_cursor_stops(sleeps: Any) -> None:
    responses.get(f"{GRAPH}/me", json=fixture("facebook/me.json"))
    responses.get(f"{GRAPH}/me/posts", json=fixture("facebook/posts_page1.json"))  # same cursor forever
    responses.get(f"{GRAPH}/me/friends", json={"data": [], "summary": {"total_count": 3}})
    snap = facebook_api.load(account("facebook", token_env="FB_TOKEN"), SILENT)
    assert len([c for c in responses.calls if "/me/posts" in c.request.url]) == 2
    assert any("repeated a page of posts" in n for n in snap.notes)


def test_missing_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UserError, match="no Facebook token"):
        facebook_api.load(account("facebook"), SILENT)
