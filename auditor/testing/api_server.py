"""A small loopback server that answers like Mastodon and a Bluesky AppView, for end-to-end tests.

It serves a synthetic account in the platforms' recorded shapes (Mastodon ``Link``-header
pagination, Bluesky ``cursor`` pagination) with deliberately small pages, so a client must follow
several pages to read everything. It binds to 127.0.0.1 only, on a free port, and runs in a
daemon thread; ``with LoopbackApi() as server:`` starts and stops it. It records the method and
path of every request (never headers, so never a token) so tests can assert the client only read.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MASTODON_ID = "110000000000000001"
BLUESKY_DID = "did:plc:loopback000000000000000a"


@dataclass
class Persona:
    """The synthetic account the server serves (invented data only)."""

    posts: list[str] = field(default_factory=lambda: [
        "Hello from the loopback instance",
        "Home visit in Eastfield today, the 7 year old was upset",
        "Supervision went well",
        "Coffee with colleagues",
        "Reading about practice standards",
        "Long week, glad it is Friday",
        "Training day on record keeping",
    ])
    followers: list[str] = field(default_factory=lambda: [
        "Sam Example", "Jo Placeholder", "Alex Invented", "Kim Madeup", "Lee Fictional"])
    following: list[str] = field(default_factory=lambda: ["Union Rep", "News Desk", "Practice Forum"])
    page_size: int = 2
    token: str = "loopback-test-token"


class LoopbackApi:
    def __init__(self, persona: Persona | None = None) -> None:
        self.persona = persona or Persona()
        self.requests: list[tuple[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> LoopbackApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                return

            def do_GET(self) -> None:  # http.server's naming
                api.requests.append(("GET", urlsplit(self.path).path))
                status, body, headers = api.answer(self.path, self.headers.get("Authorization"))
                self._send(status, body, headers)

            def _refuse(self) -> None:
                api.requests.append((self.command, urlsplit(self.path).path))
                self._send(405, {"error": "read-only test server"}, {})

            do_POST = do_PUT = do_PATCH = do_DELETE = _refuse  # noqa: N815

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    # --- routing -------------------------------------------------------------------------------

    def answer(self, raw_path: str, authorization: str | None) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        if path.startswith("/api/v1/"):
            return self._mastodon(path.removeprefix("/api/v1/"), query, authorization)
        if path.startswith("/xrpc/"):
            return self._bluesky(path.removeprefix("/xrpc/"), query)
        return 404, {"error": "Not found"}, {}

    def _page(self, items: list[Any], start: int) -> tuple[list[Any], int | None]:
        size = self.persona.page_size
        chunk = items[start:start + size]
        return chunk, (start + size if start + size < len(items) else None)

    # --- Mastodon ------------------------------------------------------------------------------

    def _mastodon(self, path: str, query: dict[str, str], auth: str | None) -> tuple[int, Any, dict[str, str]]:
        me = MASTODON_ID
        if path == "accounts/verify_credentials":
            if auth != f"Bearer {self.persona.token}":
                return 401, {"error": "The access token is invalid"}, {}
            return 200, self._mastodon_account(with_source=True), {}
        if path == "accounts/lookup":
            if query.get("acct") != "fern":
                return 404, {"error": "Record not found"}, {}
            return 200, self._mastodon_account(with_source=False), {}
        if path == f"accounts/{me}/statuses":
            statuses = [self._status(i, text) for i, text in reversed(list(enumerate(self.persona.posts, 1)))]
            if "since_id" in query:
                statuses = [s for s in statuses if int(s["id"]) > int(query["since_id"])]
            start = self._index_after(statuses, query.get("max_id"))
            return self._link_page(statuses, start, f"accounts/{me}/statuses")
        for kind, names in (("followers", self.persona.followers), ("following", self.persona.following)):
            if path == f"accounts/{me}/{kind}":
                people = [self._mastodon_person(i, name, kind) for i, name in enumerate(names, 1)]
                start = self._index_after(people, query.get("max_id"))
                return self._link_page(people, start, f"accounts/{me}/{kind}")
        return 404, {"error": "Record not found"}, {}

    @staticmethod
    def _index_after(items: list[dict[str, Any]], max_id: str | None) -> int:
        if not max_id:
            return 0
        ids = [item["id"] for item in items]
        return ids.index(max_id) + 1 if max_id in ids else len(items)

    def _link_page(self, items: list[dict[str, Any]], start: int, path: str) -> tuple[int, Any, dict[str, str]]:
        chunk, more = self._page(items, start)
        headers = {}
        if more is not None and chunk:
            headers["Link"] = (f'<{self.base_url}/api/v1/{path}?limit=40&max_id={chunk[-1]["id"]}>; rel="next", '
                               f'<{self.base_url}/api/v1/{path}?limit=40&min_id={chunk[0]["id"]}>; rel="prev"')
        return 200, chunk, headers

    def _mastodon_account(self, with_source: bool) -> dict[str, Any]:
        account: dict[str, Any] = {
            "id": MASTODON_ID, "username": "fern", "acct": "fern", "display_name": "Fern",
            "locked": False, "bot": False, "discoverable": True, "indexable": True, "group": False,
            "created_at": "2024-01-01T00:00:00.000Z", "note": "<p>Social worker, views my own</p>",
            "url": f"{self.base_url}/@fern", "uri": f"{self.base_url}/users/fern",
            "avatar": f"{self.base_url}/avatars/original/missing.png",
            "header": f"{self.base_url}/headers/original/missing.png",
            "followers_count": len(self.persona.followers), "following_count": len(self.persona.following),
            "statuses_count": len(self.persona.posts), "hide_collections": False, "noindex": False,
            "emojis": [], "fields": [],
        }
        if with_source:
            account["source"] = {"privacy": "public", "sensitive": False, "language": "en", "note": "",
                                 "fields": [], "follow_requests_count": 0, "hide_collections": False,
                                 "discoverable": True, "indexable": True, "quote_policy": "public"}
        return account

    def _status(self, index: int, text: str) -> dict[str, Any]:
        status_id = f"11300000000000{index:04d}"
        return {"id": status_id, "created_at": f"2026-10-{index:02d}T10:00:00.000Z", "in_reply_to_id": None,
                "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "", "visibility": "public",
                "language": "en", "uri": f"{self.base_url}/users/fern/statuses/{status_id}",
                "url": f"{self.base_url}/@fern/{status_id}", "content": f"<p>{text}</p>", "reblog": None,
                "account": {"id": MASTODON_ID, "username": "fern", "acct": "fern"},
                "media_attachments": [], "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None}

    def _mastodon_person(self, index: int, name: str, kind: str) -> dict[str, Any]:
        user = name.lower().replace(" ", "_")
        offset = 100 if kind == "followers" else 200
        return {"id": f"1100000000000{offset + index:05d}", "username": user, "acct": f"{user}@other.example",
                "display_name": name, "note": "", "url": f"https://other.example/@{user}", "locked": False,
                "bot": False, "fields": [], "emojis": []}

    # --- Bluesky -------------------------------------------------------------------------------

    def _bluesky(self, method: str, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        actor = query.get("actor")
        if actor not in ("fern.loopback.test", BLUESKY_DID):
            return 400, {"error": "InvalidRequest", "message": "Profile not found"}, {}
        start = int(query.get("cursor") or 0)
        if method == "app.bsky.actor.getProfile":
            return 200, {
                "did": BLUESKY_DID, "handle": "fern.loopback.test", "displayName": "Fern",
                "description": "Social worker", "followersCount": len(self.persona.followers),
                "followsCount": len(self.persona.following), "postsCount": len(self.persona.posts),
                "associated": {"chat": {"allowIncoming": "all"}}, "labels": [],
                "createdAt": "2024-01-01T00:00:00.000Z", "indexedAt": "2024-01-01T00:00:00.000Z"}, {}
        if method == "app.bsky.feed.getAuthorFeed":
            feed = [{"post": self._bsky_post(i, text)} for i, text in reversed(list(enumerate(self.persona.posts, 1)))]
            return self._cursor_page("feed", feed, start)
        if method in ("app.bsky.graph.getFollowers", "app.bsky.graph.getFollows"):
            names = self.persona.followers if method.endswith("Followers") else self.persona.following
            key = "followers" if method.endswith("Followers") else "follows"
            people = [{"did": f"did:plc:{key}{i:018d}", "handle": f"{n.lower().replace(' ', '')}.loopback.test",
                       "displayName": n, "labels": []} for i, n in enumerate(names, 1)]
            return self._cursor_page(key, people, start)
        return 400, {"error": "MethodNotImplemented"}, {}

    def _cursor_page(self, key: str, items: list[Any], start: int) -> tuple[int, Any, dict[str, str]]:
        chunk, more = self._page(items, start)
        body: dict[str, Any] = {key: chunk}
        if more is not None:
            body["cursor"] = str(more)
        return 200, body, {}

    def _bsky_post(self, index: int, text: str) -> dict[str, Any]:
        rkey = f"3m4loop{index:06d}"
        created = f"2026-10-{index:02d}T10:00:00.000Z"
        return {"uri": f"at://{BLUESKY_DID}/app.bsky.feed.post/{rkey}", "cid": f"bafyrei{rkey}",
                "author": {"did": BLUESKY_DID, "handle": "fern.loopback.test", "displayName": "Fern", "labels": []},
                "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": created, "langs": ["en"]},
                "replyCount": 0, "repostCount": 0, "likeCount": 0, "indexedAt": created, "labels": []}
