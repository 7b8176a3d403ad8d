"""Mastodon live connector: others' replies to and mentions of the account (mention notifications).

Synthetic fixtures in Mastodon's Notification layout (tests/fixtures/api/mastodon/notifications_*.json),
replayed with ``responses``; no network.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import responses

from auditor.errors import InputError, UserError
from auditor.progress import SILENT
from connectors import mastodon_api
from tests.connectors import api_support
from tests.connectors.api_support import SECRET, account, assert_no_secret, assert_only_gets, fixture, get_exact
from tests.connectors.test_mastodon_api import BASE, ME, register_account

isolated_state = api_support.isolated_state  # pytest fixture
sleeps = api_support.sleeps  # pytest fixture

PAGE2 = f"{BASE}/notifications?limit=80&max_id=35000000000000002&types%5B%5D=mention"


def register_notifications(mock: responses.RequestsMock, page2_status: int = 200) -> None:
    """Two pages of mention notifications, linked by the Link header as Mastodon does."""
    mock.remove(responses.GET, f"{BASE}/notifications")  # register_account's empty answer
    page2 = "notifications_page2.json" if page2_status == 200 else "error_403_scope.json"
    get_exact(mock, PAGE2, json=fixture(f"mastodon/{page2}"), status=page2_status)
    get_exact(mock, f"{BASE}/notifications?types%5B%5D=mention&limit=80",
              json=fixture("mastodon/notifications_page1.json"),
              headers={"Link": f'<{PAGE2}>; rel="next", <{BASE}/notifications?min_id=35000000000000003>; rel="prev"'})


def load(**api: Any) -> Any:
    return mastodon_api.load(account("mastodon", "@fern@social.example", token_env="MASTO_TOKEN", **api), SILENT)


@responses.activate
def test_reads_mentions_and_replies_by_others_over_pages(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    register_notifications(responses.mock)
    snap = load()

    assert [(i.kind, i.handle, i.post_id) for i in snap.interactions] == [
        ("reply", "kayb98@toot.example", "113500000000000003"),
        ("mention", "kayb98@toot.example", "113500000000000002"),
        ("reply", "sam@other.example", "113500000000000001"),
    ]  # the "follow" notification a server sent despite types[] is not an interaction
    reply = snap.interactions[0]
    assert reply.display_name == "Kay Brennock 🌸" and reply.account_id == "110000000000000301"
    assert reply.url == "https://toot.example/@kayb98/113500000000000003"
    assert reply.created_at == datetime(2026, 10, 21, 9, 14, 58, tzinfo=UTC)
    calls = [str(c.request.url) for c in responses.calls if "/notifications" in str(c.request.url)]
    assert len(calls) == 2 and "types%5B%5D=mention" in calls[0]
    assert all(c.request.headers["Authorization"] == f"Bearer {SECRET}" for c in responses.calls
               if "/notifications" in str(c.request.url))
    assert_only_gets(responses.mock)
    assert_no_secret(repr(snap), *snap.notes)


@responses.activate
def test_without_a_token_notifications_are_not_asked_for(sleeps: Any) -> None:
    register_account(responses.mock, token=False)
    snap = mastodon_api.load(account("mastodon", "@fern@social.example"), SILENT)
    assert snap.interactions == []
    assert not any("/notifications" in str(c.request.url) for c in responses.calls)
    assert any("replies to and mentions of you, are not visible" in n for n in snap.notes)


@responses.activate
def test_token_without_notifications_scope_is_a_note_not_a_failure(monkeypatch: pytest.MonkeyPatch,
                                                                    sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    responses.replace(responses.GET, f"{BASE}/notifications", json=fixture("mastodon/error_403_scope.json"),
                      status=403)
    snap = load()
    assert snap.interactions == []
    assert len(snap.posts) == 4 and snap.connections  # everything else was still read
    [note] = [n for n in snap.notes if "HTTP 403" in n]
    assert "read:notifications" in note and "not checked against the caseload" in note
    assert_no_secret(note)


@responses.activate
def test_server_without_notifications_endpoint_is_a_note(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    responses.replace(responses.GET, f"{BASE}/notifications", json=fixture("mastodon/error_404.json"), status=404)
    snap = load()
    assert snap.interactions == [] and any("does not offer the notifications list" in n for n in snap.notes)


@responses.activate
def test_scope_refused_on_a_later_page_keeps_what_was_read(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    register_notifications(responses.mock, page2_status=403)
    snap = load()
    assert [i.post_id for i in snap.interactions] == ["113500000000000003", "113500000000000002"]
    assert any("HTTP 403" in n for n in snap.notes)


@responses.activate
def test_other_failures_still_fail(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    responses.replace(responses.GET, f"{BASE}/notifications", status=503)
    with pytest.raises(UserError, match="HTTP 503"):
        load()


@responses.activate
@pytest.mark.parametrize(("body", "message"), [
    ({"error": "unexpected"}, "mentions of you that are not a list"),
    (["not an object"], "notification that is not an object"),
])
def test_malformed_notifications_are_input_errors(monkeypatch: pytest.MonkeyPatch, sleeps: Any,
                                                  body: Any, message: str) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    responses.replace(responses.GET, f"{BASE}/notifications", json=body)
    with pytest.raises(InputError, match=message):
        load()


@responses.activate
def test_truncated_notifications_json_is_an_input_error(monkeypatch: pytest.MonkeyPatch, sleeps: Any) -> None:
    monkeypatch.setenv("MASTO_TOKEN", SECRET)
    register_account(responses.mock)
    text = (api_support.FIXTURES / "mastodon" / "notifications_page1.json").read_text(encoding="utf-8")
    responses.replace(responses.GET, f"{BASE}/notifications", body=text[: len(text) // 2],
                      content_type="application/json")
    with pytest.raises(InputError, match="not valid JSON"):
        load()


def test_notification_fields_missing_or_odd_are_tolerated() -> None:
    """A mention with no status (deleted post) still says who; non-mentions and accountless items are dropped."""
    bare = mastodon_api._interaction({"type": "mention", "account": {"id": "9", "acct": "x"},
                                      "created_at": "2026-01-02T03:04:05Z"}, ME)
    assert bare is not None and bare.kind == "mention" and bare.post_id is None and bare.url is None
    assert bare.created_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert mastodon_api._interaction({"type": "favourite", "account": {"id": "9"}}, ME) is None
    assert mastodon_api._interaction({"type": "mention", "account": None}, ME) is None
    odd = mastodon_api._interaction({"type": "mention", "account": {"username": "y"}, "status": "gone"}, ME)
    assert odd is not None and odd.handle == "y" and odd.account_id is None
