"""Bluesky public AppView connector: recorded shapes replayed with ``responses``; no network."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses

from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN
from auditor.progress import SILENT
from connectors import bluesky_api, incremental
from tests.conftest import needs_shared
from tests.connectors import api_support
from tests.connectors.api_support import (
    account,
    assert_only_gets,
    fixture,
    get_exact,
)

isolated_state = api_support.isolated_state  # pytest fixture
sleeps = api_support.sleeps  # pytest fixture

XRPC = "https://public.api.bsky.app/xrpc"
DID = "did:plc:fern0000000000000000000a"
FEED = f"{XRPC}/app.bsky.feed.getAuthorFeed?actor={DID.replace(':', '%3A')}&limit=100&filter=posts_with_replies" \
       f"&includePins=false"


def register(mock: responses.RequestsMock, profile: dict[str, Any] | None = None) -> None:
    mock.get(f"{XRPC}/app.bsky.actor.getProfile", json=profile or fixture("bluesky/profile.json"))
    get_exact(mock, FEED, json=fixture("bluesky/feed_page1.json"))
    get_exact(mock, FEED + "&cursor=2026-10-22T08%3A00%3A00.000Z", json=fixture("bluesky/feed_page2.json"))
    followers = f"{XRPC}/app.bsky.graph.getFollowers?actor={DID.replace(':', '%3A')}&limit=100"
    get_exact(mock, followers, json=fixture("bluesky/followers_page1.json"))
    get_exact(mock, followers + "&cursor=3m4cursorfollowers2", json=fixture("bluesky/followers_page2.json"))
    mock.get(f"{XRPC}/app.bsky.graph.getFollows", json=fixture("bluesky/follows.json"))


@responses.activate
def test_reads_profile_labels_posts_and_connections_over_cursors(sleeps: Any) -> None:
    register(responses.mock)
    snap = bluesky_api.load(account("bluesky", "@fern.bsky.social"), SILENT)

    assert responses.calls[0].request.url.endswith("getProfile?actor=fern.bsky.social")
    assert snap.handle == "fern.bsky.social" and snap.account_id == DID and snap.source == "api"
    assert snap.settings["discoverability.search_engines"] is False  # !no-unauthenticated
    assert snap.settings["messages.allowed_from"] == "all"
    assert snap.settings["visibility.account_protected"] is False
    assert snap.settings["visibility.posts_default"] == "public"
    assert any("'!no-unauthenticated'" in n for n in snap.notes)
    assert snap.profile.website == "https://fern.example.org" and ("pronouns", "she/her") in snap.profile.fields
    assert snap.profile.header and snap.profile.avatar

    assert len(snap.posts) == 5
    first, repost, reply, thread, hello = snap.posts
    assert first.id == f"at://{DID}/app.bsky.feed.post/3m4fern00004a"
    assert first.url == "https://bsky.app/profile/fern.bsky.social/post/3m4fern00004a"
    assert first.mentions == ("sam.bsky.social",)  # from the facet's byte range (after a multi-byte dash)
    assert first.links == ("https://news.example.com/b",) and first.hashtags == ("socialwork",)
    assert first.media[0].alt_text == "Rainy street" and first.audience == "public"
    assert repost.kind == "repost" and reply.kind == "reply" and thread.kind == "post" and hello.kind == "post"

    assert [c.handle for c in snap.connections if c.relation == "follower"] == [
        "sam.bsky.social", "jo.bsky.social", "alex.bsky.social"]
    assert [c.handle for c in snap.connections if c.relation == "following"] == ["union.bsky.social"]
    sam = next(c for c in snap.connections if c.handle == "sam.bsky.social")
    assert sam.bio == "Youth worker in Ashby" and sam.display_name == "Sam Example"
    assert not any(n.startswith("Read ") for n in snap.notes)
    assert_only_gets(responses.mock)


def test_follower_location_is_read_from_a_pin_in_the_description() -> None:
    item = {"did": "did:plc:x", "handle": "ro.bsky.social", "displayName": "Ro",
            "description": "Baker · 📍 Cork, Ireland"}
    conn = bluesky_api._connection(item, "follower")
    assert conn.bio == "Baker · 📍 Cork, Ireland" and conn.location == "Cork, Ireland"
    plain = bluesky_api._connection({**item, "description": "Based in Galway | runner"}, "follower")
    assert plain.location == "Galway"
    assert bluesky_api._connection({**item, "description": "Baker"}, "follower").location == ""


@responses.activate
def test_missing_chat_setting_is_unknown_with_a_note(sleeps: Any) -> None:
    profile = fixture("bluesky/profile.json")
    profile["associated"].pop("chat")
    profile["labels"] = []
    register(responses.mock, profile)
    snap = bluesky_api.load(account("bluesky", "fern.bsky.social"), SILENT)
    assert snap.settings["messages.allowed_from"] == UNKNOWN
    assert snap.settings["discoverability.search_engines"] is True
    assert any("Allow new messages from" in n for n in snap.notes)


@responses.activate
def test_unknown_handle_is_a_clear_error(sleeps: Any) -> None:
    responses.get(f"{XRPC}/app.bsky.actor.getProfile", json=fixture("bluesky/error_profile_not_found.json"),
                  status=400)
    with pytest.raises(InputError, match=r"Bluesky has no account 'nobody\.example'"):
        bluesky_api.load(account("bluesky", "nobody.example"), SILENT)


def test_missing_handle_is_a_config_error() -> None:
    with pytest.raises(UserError, match="needs its handle"):
        bluesky_api.load(account("bluesky", None), SILENT)


@responses.activate
def test_repeating_cursor_stops(sleeps: Any) -> None:
    responses.get(f"{XRPC}/app.bsky.actor.getProfile", json=fixture("bluesky/profile.json"))
    responses.get(f"{XRPC}/app.bsky.feed.getAuthorFeed", json=fixture("bluesky/feed_page2.json") | {"cursor": "same"})
    responses.get(f"{XRPC}/app.bsky.graph.getFollowers", json={"followers": [], "cursor": None})
    responses.get(f"{XRPC}/app.bsky.graph.getFollows", json={"follows": []})
    snap = bluesky_api.load(account("bluesky", "fern.bsky.social"), SILENT)
    feed_calls = [c for c in responses.calls if "getAuthorFeed" in c.request.url]
    assert len(feed_calls) == 2
    assert any("repeated a page of posts" in n for n in snap.notes)
    assert "Read 0 of 3 followers." in snap.notes


@responses.activate
def test_retries_429_as_ratelimit_reset_asks_then_succeeds(sleeps: Any) -> None:
    # The policy's clock is fixed at 1_800_000_000; the server asks to wait 30 s.
    responses.get(f"{XRPC}/app.bsky.actor.getProfile", status=429, json={"error": "RateLimitExceeded"},
                  headers={"ratelimit-reset": "1800000030"})
    register(responses.mock)
    snap = bluesky_api.load(account("bluesky", "fern.bsky.social"), SILENT)
    assert sleeps.waits == [30.0]
    assert snap.account_id == DID


@responses.activate
def test_a_wait_longer_than_max_wait_is_a_clear_error(sleeps: Any) -> None:
    responses.get(f"{XRPC}/app.bsky.actor.getProfile", status=429, json={"error": "RateLimitExceeded"},
                  headers={"ratelimit-reset": str(1_800_000_000 + 3600)})
    with pytest.raises(UserError, match=r"asks to wait 60 minutes .* api.max_wait \(120 s\)"):
        bluesky_api.load(account("bluesky", "fern.bsky.social"), SILENT)
    assert sleeps.waits == []


@responses.activate
def test_incremental_stops_at_the_remembered_post(sleeps: Any) -> None:
    cfg = account("bluesky", "fern.bsky.social", incremental=True)
    register(responses.mock)
    assert len(bluesky_api.load(cfg, SILENT).posts) == 5
    incremental.commit()
    responses.mock.reset()
    newer = fixture("bluesky/feed_page1.json")
    newer["feed"][0]["post"]["uri"] = f"at://{DID}/app.bsky.feed.post/3m4fern00009a"
    newer["feed"].insert(1, fixture("bluesky/feed_page1.json")["feed"][0])  # the remembered post
    register(responses.mock)
    responses.replace(responses.GET, f"{XRPC}/app.bsky.feed.getAuthorFeed", json=newer)
    snap = bluesky_api.load(cfg, SILENT)
    assert [p.id.rsplit("/", 1)[-1] for p in snap.posts] == ["3m4fern00009a"]


@responses.activate
def test_real_sdk_post_shapes_normalise(sleeps: Any) -> None:
    """A real AppView post (MarshalX/atproto test data) inside an author feed: images behind recordWithMedia."""
    thread = json.loads(needs_shared("real-formats/bluesky/atproto_sdk_thread_view_post_with_embed_media.json")
                        .read_text(encoding="utf-8"))
    post = thread["thread"]["post"]
    did = post["author"]["did"]
    responses.get(f"{XRPC}/app.bsky.actor.getProfile", json={**post["author"], "followersCount": 0,
                                                              "followsCount": 0})
    responses.get(f"{XRPC}/app.bsky.feed.getAuthorFeed", json={"feed": [{"post": post}]})
    responses.get(f"{XRPC}/app.bsky.graph.getFollowers", json={"followers": []})
    responses.get(f"{XRPC}/app.bsky.graph.getFollows", json={"follows": []})
    snap = bluesky_api.load(account("bluesky", "test.marshal.dev"), SILENT)
    assert snap.account_id == did
    assert snap.settings["messages.allowed_from"] == "all"
    (only,) = snap.posts
    assert only.kind == "post" and only.id == post["uri"]
    assert len(only.media) == 1 and only.media[0].ref.startswith("https://cdn.bsky.app/img/feed_fullsize/")
