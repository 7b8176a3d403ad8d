"""Mastodon REST API (via ``requests``) → AccountSnapshot.

With a token (``api.token_env`` or the keyring, scope ``read``) the connector reads
``verify_credentials``, which alone carries the posting default (``source.privacy``); without
one it works in public-only mode through ``accounts/lookup`` and reads what anyone can see
(public and unlisted posts, the follower lists unless hidden). Pages are followed only through
the ``Link`` header, because Mastodon's ids are internal (research §7.2). The instance is the
host of the handle (``@user@host``) unless ``api.base_url`` names another (a self-hosted
instance, or a local test server).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from auditor.config import AccountConfig
from auditor.errors import InputError, UserError
from auditor.model import (
    UNKNOWN,
    AccountSnapshot,
    Audience,
    Connection,
    Interaction,
    Media,
    Post,
    Profile,
    Relation,
)
from auditor.progress import Progress
from connectors import incremental
from connectors.credentials import api_config, secret
from connectors.export_common import iso_time
from connectors.html_text import html_to_text
from connectors.http import (
    ApiSession,
    PageGuard,
    RetryPolicy,
    get_json,
    policy_for,
    safe_path,
    same_origin,
    tick,
)

SERVICE = "Mastodon"
_AUDIENCE: dict[str, Audience] = {"public": "public", "unlisted": "unlisted", "private": "followers",
                                  "direct": "custom"}
_HANDLE = re.compile(r"^@?([A-Za-z0-9_]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,}|[A-Za-z0-9.-]+(?::\d+)?)$")
MAX_MENTIONS = 5_000  # newest mention notifications read (others' replies and mentions); a note says when cut
_AUTH_HINT = ("Create a new token in Preferences → Development → New application (scope: read) and put it "
              "in the environment variable named by api.token_env.")


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    api = api_config(account)
    username, host = parse_handle(account)
    base = api.base_url or f"https://{host}"
    token = secret(account, "token", api.token_env)
    session = ApiSession(origin=base)  # the token goes to this server only
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    reader = _Reader(session, base, policy_for(api.max_wait), progress)

    if token:
        me = reader.json("/api/v1/accounts/verify_credentials")
    else:
        me = reader.json("/api/v1/accounts/lookup", {"acct": username}, not_found=(
            f"{account.where}: there is no account '{username}' on {base} (HTTP 404). Check the handle "
            f"(write it as @user@instance) and api.base_url."))
    if not isinstance(me, dict) or not me.get("id"):
        raise InputError(f"{SERVICE} at {base} sent an account without an id; is api.base_url a Mastodon server?")
    account_id = str(me["id"])
    handle = f"{me.get('username') or username}@{host}"

    notes: list[str] = []
    if not token:
        notes.append("Read in public-only mode (no token): the posting default, followers-only and direct "
                     "posts, and others' replies to and mentions of you, are not visible. Set api.token_env to "
                     "a token with 'read' scope for a full audit.")
    settings = _settings(me, bool(token))

    key = incremental.account_key(account, handle, base)
    since = incremental.remembered(key) if api.incremental else None
    posts = list(reader.statuses(account_id, since, api.max_posts, notes))
    if since is not None:
        notes.append(f"Incremental fetch: read only the {len(posts):,} posts newer than the last successful run; "
                     f"settings and connections were read in full.")

    connections: list[Connection] = []
    totals = {"follower": me.get("followers_count"), "following": me.get("following_count")}
    for relation in ("follower", "following"):
        path = "followers" if relation == "follower" else "following"
        read = reader.accounts(f"/api/v1/accounts/{account_id}/{path}", relation, api.max_connections, notes)
        connections += read
        total = totals[relation]
        if isinstance(total, int) and len(read) < total:
            what = "followers" if relation == "follower" else "accounts followed"
            why = (" (the account hides its follows and followers from others)" if me.get("hide_collections")
                   and not token else "")
            notes.append(f"Read {len(read):,} of {total:,} {what}{why}.")

    interactions = reader.mentions(account_id, notes) if token else []

    if api.incremental:
        newest = max((p.id for p in posts), key=_id_order, default=since)
        incremental.stage(key, newest)
    return AccountSnapshot(
        platform="mastodon", handle=handle, stance=account.stance, source="api",
        captured_at=datetime.now(UTC), account_id=account_id, profile=_profile(me),
        settings=settings, posts=posts, connections=connections, notes=notes, interactions=interactions,
        posts_complete=since is None and (api.max_posts is None or len(posts) < api.max_posts),
    )


def parse_handle(account: AccountConfig) -> tuple[str, str]:
    """(username, instance host) from ``@user@host``; the host may be omitted when api.base_url is set."""
    raw = (account.handle or "").strip()
    match = _HANDLE.match(raw)
    if match:
        return match.group(1), match.group(2).lower()
    base = api_config(account).base_url
    bare = raw.lstrip("@")
    if base and re.fullmatch(r"[A-Za-z0-9_]+", bare):
        return bare, urlsplit(base).netloc
    raise UserError(f"{account.where}.handle: a Mastodon account needs its full handle, like "
                    f"'@fern@social.example' (the part after the second @ is your instance).")


class _Reader:
    def __init__(self, session: requests.Session, base: str, policy: RetryPolicy, progress: Progress) -> None:
        self.session, self.base, self.policy, self.progress = session, base.rstrip("/"), policy, progress

    def json(self, path: str, params: dict[str, Any] | None = None, not_found: str | None = None) -> Any:
        return self.page(self.base + path, params, not_found)[0]

    def page(self, url: str, params: dict[str, Any] | None = None,
             not_found: str | None = None) -> tuple[Any, requests.Response]:
        return get_json(self.session, url, params=params, service=SERVICE, policy=self.policy,
                        auth_hint=_AUTH_HINT, messages={404: not_found} if not_found else None)

    def pages(self, path: str, params: dict[str, Any], what: str, notes: list[str],
              messages: dict[int, str] | None = None) -> Iterator[list[Any]]:
        """Each page's list, following ``Link: <…>; rel="next"`` until it ends or repeats."""
        guard = PageGuard(SERVICE, what)
        url: str | None = self.base + path
        query: dict[str, Any] | None = params
        while url:
            body, response = get_json(self.session, url, params=query, service=SERVICE, policy=self.policy,
                                      auth_hint=_AUTH_HINT, messages=messages)
            if not isinstance(body, list):
                raise InputError(f"{SERVICE} sent {what} that are not a list; is api.base_url a Mastodon server?")
            yield body
            next_url = response.links.get("next", {}).get("url")
            if next_url and not same_origin(next_url, self.base):
                notes.append(f"{SERVICE} pointed the next page of {what} at another server ({safe_path(next_url)}); "
                             f"it was not followed, so your token stays with {safe_path(self.base)} and the "
                             f"list may be incomplete.")
                break
            url, query = (next_url, None) if body and guard.proceed(next_url) else (None, None)
        if guard.stopped_note:
            notes.append(guard.stopped_note)

    def statuses(self, account_id: str, since: str | None, cap: int | None, notes: list[str]) -> Iterator[Post]:
        params: dict[str, Any] = {"limit": 40}
        if since:
            params["since_id"] = since
        count = 0
        for page in self.pages(f"/api/v1/accounts/{account_id}/statuses", params, "posts", notes):
            for status in page:
                if not isinstance(status, dict):
                    raise InputError(f"{SERVICE} sent a post that is not an object.")
                # Link "next" drops since_id, so stop ourselves at the remembered post.
                if since and _id_order(str(status.get("id"))) <= _id_order(since):
                    return
                yield _post(status, account_id)
                count += 1
                tick(self.progress, f"{count:,} Mastodon posts read")
                if cap is not None and count >= cap:
                    notes.append(f"Read the newest {cap:,} posts only (api.max_posts).")
                    return

    def mentions(self, own_id: str, notes: list[str]) -> list[Interaction]:
        """Others' replies to and mentions of the account: the token's mention notifications, newest first.

        Needs the ``read:notifications`` scope (``read`` includes it). A token without it (HTTP 403),
        or a server without the endpoint (404), costs only these interactions: a note says so and
        the audit goes on with everything else.
        """
        refusals = {
            403: "Mastodon refused to list your notifications (HTTP 403): the token lacks the "
                 "'read:notifications' scope, so replies to and mentions of you by others were not checked "
                 "against the caseload. A token with 'read' scope includes it.",
            404: "This Mastodon server does not offer the notifications list (HTTP 404), so replies to and "
                 "mentions of you by others were not checked against the caseload.",
        }
        out: list[Interaction] = []
        try:
            for page in self.pages("/api/v1/notifications", {"types[]": "mention", "limit": 80},
                                   "mentions of you", notes, messages=refusals):
                for item in page:
                    if not isinstance(item, dict):
                        raise InputError(f"{SERVICE} sent a notification that is not an object.")
                    if (found := _interaction(item, own_id)) is not None:  # None: not a mention
                        out.append(found)
                    if len(out) >= MAX_MENTIONS:
                        notes.append(f"Read the newest {MAX_MENTIONS:,} mentions of you only.")
                        return out
                tick(self.progress, f"{len(out):,} Mastodon mentions of you read")
        except InputError as exc:
            if str(exc) not in refusals.values():
                raise
            notes.append(str(exc))
        return out

    def accounts(self, path: str, relation: Relation, cap: int | None, notes: list[str]) -> list[Connection]:
        out: list[Connection] = []
        if cap == 0:
            return out
        what = "followers" if relation == "follower" else "followed accounts"
        for page in self.pages(path, {"limit": 80}, what, notes):
            for item in page:
                if isinstance(item, dict):
                    out.append(_connection(item, relation))
                if cap is not None and len(out) >= cap:
                    return out
            tick(self.progress, f"{len(out):,} Mastodon {what} read")
        return out


def _settings(me: dict[str, Any], full: bool) -> dict[str, bool | str | int]:
    source = me.get("source") if isinstance(me.get("source"), dict) else {}
    assert isinstance(source, dict)
    settings: dict[str, bool | str | int] = {
        "visibility.account_protected": _flag(me.get("locked")),
        "profile.indexable": _flag(me.get("indexable", source.get("indexable"))),
    }
    noindex = me.get("noindex")
    settings["discoverability.search_engines"] = (not noindex) if isinstance(noindex, bool) else UNKNOWN
    hidden = me.get("hide_collections", source.get("hide_collections"))
    settings["visibility.friend_list"] = ("only_me" if hidden else "public") if isinstance(hidden, bool) else UNKNOWN
    privacy = source.get("privacy") if full else None
    settings["visibility.posts_default"] = _AUDIENCE.get(str(privacy), UNKNOWN) if privacy else UNKNOWN
    return settings


def _flag(value: Any) -> bool | str:
    return value if isinstance(value, bool) else UNKNOWN


def _profile(me: dict[str, Any]) -> Profile:
    raw = [f for f in me.get("fields") or [] if isinstance(f, dict)]
    fields = tuple((_text(f.get("name")), _text(f.get("value"))) for f in raw)
    links = [link for f in raw for link in _html(f.get("value"))[1]]
    website = links[0] if links else ""
    return Profile(
        display_name=str(me.get("display_name") or ""),
        bio=_text(me.get("note")),
        website=website,
        avatar=_real_image(me.get("avatar")),
        header=_real_image(me.get("header")),
        fields=fields,
    )


def _real_image(url: Any) -> str | None:
    return None if not url or "/missing.png" in str(url) else str(url)


def _post(status: dict[str, Any], own_id: str) -> Post:
    shown = status.get("reblog") if isinstance(status.get("reblog"), dict) else status
    assert isinstance(shown, dict)
    text, links = _html(shown.get("content"))
    spoiler = str(shown.get("spoiler_text") or "")
    kind = "post"
    if shown is not status:
        kind = "repost"
    elif status.get("in_reply_to_id"):
        kind = "post" if str(status.get("in_reply_to_account_id")) == own_id else "reply"
    media = tuple(
        Media(ref=str(m.get("url") or m.get("remote_url") or ""), kind=_media_kind(m.get("type")),
              alt_text=str(m.get("description") or ""))
        for m in shown.get("media_attachments") or [] if isinstance(m, dict)
    )
    return Post(
        id=str(status.get("id")),
        text=f"{spoiler}\n{text}".strip() if spoiler else text,
        created_at=iso_time(status.get("created_at")),
        audience=_AUDIENCE.get(str(status.get("visibility")), "unknown"),
        kind=kind,  # type: ignore[arg-type]
        url=str(status.get("url") or shown.get("url") or status.get("uri") or "") or None,
        media=media,
        mentions=tuple(str(m.get("acct")) for m in shown.get("mentions") or [] if isinstance(m, dict)),
        hashtags=tuple(str(t.get("name")) for t in shown.get("tags") or [] if isinstance(t, dict)),
        links=tuple(links),
    )


def _media_kind(value: Any) -> str:
    return {"image": "photo", "gifv": "gif"}.get(str(value), str(value or "photo"))


# Profile field names people use for where they are ("Location", "Based in", "📍"…), folded to lower case.
_LOCATION_FIELDS = frozenset({"location", "loc", "based in", "based", "where", "lives in", "home", "hometown",
                              "town", "city", "region", "country", "area", "place", "from", "📍", "🌍", "🌎",
                              "🌏", "ort", "wohnort", "standort", "lieu", "ubicación", "ubicacion", "località"})


def _connection(item: dict[str, Any], relation: Relation) -> Connection:
    bio, location = _text(item.get("note")), []
    extra = []
    for f in item.get("fields") or []:  # "name: value" pairs (HTML in the value); where people put Location
        if not isinstance(f, dict):
            continue
        name, value = _text(f.get("name")).strip(), _text(f.get("value")).strip()
        if not value:
            continue
        if name.strip(" :").casefold() in _LOCATION_FIELDS:
            location.append(value)
        else:
            extra.append(f"{name}: {value}" if name else value)
    return Connection(
        relation=relation,
        id=str(item.get("id")) if item.get("id") else None,
        handle=str(item.get("acct") or item.get("username") or "") or None,
        display_name=str(item.get("display_name") or "") or None,
        bio="\n".join(x for x in (bio, *extra) if x),
        location=", ".join(location),
        url=str(item.get("url") or "") or None,
    )


def _interaction(item: dict[str, Any], own_id: str) -> Interaction | None:
    """A mention notification → who mentioned the account, in which post; a reply when it answers the account."""
    who, status = item.get("account"), item.get("status")
    if item.get("type") != "mention" or not isinstance(who, dict):
        return None
    status = status if isinstance(status, dict) else {}
    replying = str(status.get("in_reply_to_account_id") or "") == own_id
    return Interaction(
        kind="reply" if replying else "mention",
        account_id=str(who.get("id")) if who.get("id") else None,
        handle=str(who.get("acct") or who.get("username") or "") or None,
        display_name=str(who.get("display_name") or "") or None,
        post_id=str(status.get("id")) if status.get("id") else None,
        url=str(status.get("url") or status.get("uri") or "") or None,
        created_at=iso_time(status.get("created_at") or item.get("created_at")),
    )


def _id_order(value: str) -> tuple[int, str]:
    """Mastodon ids are decimal strings of growing numbers; compare them as numbers."""
    return (int(value), value) if value.isdigit() else (-1, value)


def _html(content: Any) -> tuple[str, list[str]]:
    return html_to_text(str(content or ""))


def _text(content: Any) -> str:
    return _html(content)[0]
