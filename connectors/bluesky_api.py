"""Bluesky public AppView (XRPC, via ``requests``, no login) → AccountSnapshot.

Everything on Bluesky is public: posts, follows, likes and blocks are records anyone can read,
so the public AppView (``https://public.api.bsky.app``) shows an auditor exactly what a stranger
sees, and no token is needed. The few privacy switches that exist are visible there too: the
``!no-unauthenticated`` self-label (asks apps to hide the account from logged-out viewers, which
the AppView itself ignores) and the chat setting ``associated.chat.allowIncoming``. Lists are
paged with ``cursor`` until it is absent (research §8). ``api.base_url`` points elsewhere for
a self-hosted AppView or a local test server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import requests

from auditor.config import AccountConfig
from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN, AccountSnapshot, Connection, Media, Post, Profile, Relation
from auditor.progress import Progress
from connectors import incremental
from connectors.credentials import api_config
from connectors.export_common import iso_time
from connectors.http import ApiSession, PageGuard, RetryPolicy, get_json, policy_for, tick

SERVICE = "Bluesky"
PUBLIC_APPVIEW = "https://public.api.bsky.app"
NO_UNAUTHENTICATED = "!no-unauthenticated"
_REPOST = "app.bsky.feed.defs#reasonRepost"


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    api = api_config(account)
    actor = (account.handle or "").strip().lstrip("@")
    if not actor or " " in actor:
        raise UserError(f"{account.where}.handle: a Bluesky account needs its handle (like 'fern.bsky.social') "
                        f"or DID, so the public AppView can find it.")
    base = api.base_url or PUBLIC_APPVIEW
    reader = _Reader(ApiSession(), base, policy_for(api.max_wait), progress)
    missing = (f"{account.where}: Bluesky has no account '{actor}' (or it is deactivated). Check the handle; "
               f"write it without the leading @, like 'fern.bsky.social'.")
    profile = reader.xrpc("app.bsky.actor.getProfile", {"actor": actor}, missing=missing)
    if not isinstance(profile, dict) or not profile.get("did"):
        raise InputError(f"{SERVICE} at {base} sent a profile without a DID; is api.base_url a Bluesky AppView?")
    did, handle = str(profile["did"]), str(profile.get("handle") or actor)

    notes = ["Bluesky has no private accounts: posts, likes, follows and blocks are public records that "
             "anyone can read without logging in, including this audit."]
    settings = _settings(profile, notes)

    key = incremental.account_key(account, did, base)
    since = incremental.remembered(key) if api.incremental else None
    posts, newest = reader.feed(did, since, api.max_posts, notes)
    if since is not None:
        notes.append(f"Incremental fetch: read only the {len(posts):,} posts newer than the last successful run; "
                     f"settings and connections were read in full.")

    connections: list[Connection] = []
    for relation, method, field, count in (("follower", "app.bsky.graph.getFollowers", "followers",
                                            "followersCount"),
                                           ("following", "app.bsky.graph.getFollows", "follows", "followsCount")):
        read = reader.people(method, field, did, relation, api.max_connections, notes)  # type: ignore[arg-type]
        connections += read
        total = profile.get(count)
        if isinstance(total, int) and len(read) < total:
            what = "followers" if relation == "follower" else "accounts followed"
            notes.append(f"Read {len(read):,} of {total:,} {what}.")

    if api.incremental:
        incremental.stage(key, newest or since)
    return AccountSnapshot(
        platform="bluesky", handle=handle, stance=account.stance, source="api",
        captured_at=datetime.now(UTC), account_id=did, profile=_profile(profile),
        settings=settings, posts=posts, connections=connections, notes=notes,
        posts_complete=since is None and (api.max_posts is None or len(posts) < api.max_posts),
    )


class _Reader:
    def __init__(self, session: requests.Session, base: str, policy: RetryPolicy, progress: Progress) -> None:
        self.session, self.base, self.policy, self.progress = session, base.rstrip("/"), policy, progress

    def xrpc(self, method: str, params: dict[str, Any], missing: str | None = None) -> Any:
        messages = {400: missing, 404: missing} if missing else None
        body, _ = get_json(self.session, f"{self.base}/xrpc/{method}", params=params, service=SERVICE,
                           policy=self.policy, messages=messages)
        if not isinstance(body, dict):
            raise InputError(f"{SERVICE} sent a {method} answer that is not a JSON object.")
        return body

    def pages(self, method: str, params: dict[str, Any], field: str, what: str,
              notes: list[str]) -> Iterator[list[Any]]:
        guard = PageGuard(SERVICE, what)
        cursor: str | None = None
        while True:
            query = {**params, **({"cursor": cursor} if cursor else {})}
            body = self.xrpc(method, query)
            items = body.get(field)
            if not isinstance(items, list):
                raise InputError(f"{SERVICE} sent a {method} answer without a '{field}' list.")
            yield items
            cursor = body.get("cursor") if isinstance(body.get("cursor"), str) else None
            if not items or not guard.proceed(cursor):
                break
        if guard.stopped_note:
            notes.append(guard.stopped_note)

    def feed(self, did: str, since: str | None, cap: int | None, notes: list[str]) -> tuple[list[Post], str | None]:
        """Posts newest first, stopping at the remembered post; and the newest own post's record key."""
        posts: list[Post] = []
        newest: str | None = None
        params = {"actor": did, "limit": 100, "filter": "posts_with_replies", "includePins": "false"}
        for page in self.pages("app.bsky.feed.getAuthorFeed", params, "feed", "posts", notes):
            for item in page:
                post = item.get("post") if isinstance(item, dict) else None
                if not isinstance(post, dict) or not post.get("uri"):
                    raise InputError(f"{SERVICE} sent a feed item without a post.")
                own = _did_of(str(post["uri"])) == did and not _is_repost(item)
                rkey = str(post["uri"]).rsplit("/", 1)[-1] if own else None
                if rkey and since and rkey <= since:
                    return posts, newest
                if rkey and (newest is None or rkey > newest):
                    newest = rkey
                posts.append(_post(item, did))
                tick(self.progress, f"{len(posts):,} Bluesky posts read")
                if cap is not None and len(posts) >= cap:
                    notes.append(f"Read the newest {cap:,} posts only (api.max_posts).")
                    return posts, newest
        return posts, newest

    def people(self, method: str, field: str, did: str, relation: Relation, cap: int | None,
               notes: list[str]) -> list[Connection]:
        out: list[Connection] = []
        if cap == 0:
            return out
        what = "followers" if relation == "follower" else "followed accounts"
        for page in self.pages(method, {"actor": did, "limit": 100}, field, what, notes):
            for item in page:
                if isinstance(item, dict):
                    out.append(_connection(item, relation))
                if cap is not None and len(out) >= cap:
                    return out
            tick(self.progress, f"{len(out):,} Bluesky {what} read")
        return out


def _settings(profile: dict[str, Any], notes: list[str]) -> dict[str, bool | str | int]:
    labels = {str(label.get("val")) for label in profile.get("labels") or [] if isinstance(label, dict)}
    hidden = NO_UNAUTHENTICATED in labels
    if hidden:
        notes.append("The account asks apps to hide it from logged-out visitors ('!no-unauthenticated'), but "
                     "that is a request only: the public API still serves every post to anyone.")
    associated = profile.get("associated") if isinstance(profile.get("associated"), dict) else {}
    chat = associated.get("chat") if isinstance(associated, dict) else None
    allow = chat.get("allowIncoming") if isinstance(chat, dict) else None
    if not allow:
        notes.append("Bluesky did not say who may message this account; check Settings → Privacy and "
                     "security → Allow new messages from, in the app.")
    return {
        "visibility.account_protected": False,
        "visibility.posts_default": "public",
        "visibility.friend_list": "public",
        "discoverability.search_engines": not hidden,
        "messages.allowed_from": str(allow) if allow else UNKNOWN,
    }


def _profile(profile: dict[str, Any]) -> Profile:
    pronouns = str(profile.get("pronouns") or "")
    return Profile(
        display_name=str(profile.get("displayName") or ""),
        bio=str(profile.get("description") or ""),
        website=str(profile.get("website") or ""),
        avatar=str(profile.get("avatar") or "") or None,
        header=str(profile.get("banner") or "") or None,
        fields=(("pronouns", pronouns),) if pronouns else (),
    )


def _is_repost(item: dict[str, Any]) -> bool:
    reason = item.get("reason")
    return isinstance(reason, dict) and reason.get("$type") == _REPOST


def _did_of(uri: str) -> str:
    """``at://did:plc:abc/app.bsky.feed.post/3k…`` → ``did:plc:abc``."""
    return uri.removeprefix("at://").split("/", 1)[0]


def _post(item: dict[str, Any], own_did: str) -> Post:
    post = item["post"]
    record = post.get("record") if isinstance(post.get("record"), dict) else {}
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    text = str(record.get("text") or "")
    kind = "post"
    if _is_repost(item) or str(author.get("did")) != own_did:
        kind = "repost"
    elif isinstance(record.get("reply"), dict):
        parent = str((record["reply"].get("parent") or {}).get("uri") or "")
        kind = "post" if _did_of(parent) == own_did else "reply"
    mentions, links, tags = _facets(text, record.get("facets"))
    uri = str(post["uri"])
    return Post(
        id=uri,
        text=text,
        created_at=iso_time(record.get("createdAt")) or iso_time(post.get("indexedAt")),
        audience="public",
        kind=kind,  # type: ignore[arg-type]
        url=f"https://bsky.app/profile/{author.get('handle') or _did_of(uri)}/post/{uri.rsplit('/', 1)[-1]}",
        media=_media(post.get("embed")),
        mentions=mentions,
        hashtags=tags,
        links=links,
    )


def _facets(text: str, facets: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Mentions (as written, from the byte range), links and tags from rich-text facets."""
    raw = text.encode("utf-8")
    mentions: list[str] = []
    links: list[str] = []
    tags: list[str] = []
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict):
            continue
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            kind = str(feature.get("$type", "")) if isinstance(feature, dict) else ""
            if kind.endswith("#mention"):
                start, end = index.get("byteStart"), index.get("byteEnd")
                written = raw[start:end].decode("utf-8", "ignore") if isinstance(start, int) and \
                    isinstance(end, int) else ""
                mentions.append(written.lstrip("@") or str(feature.get("did")))
            elif kind.endswith("#link") and feature.get("uri"):
                links.append(str(feature["uri"]))
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(str(feature["tag"]))
    return tuple(mentions), tuple(links), tuple(tags)


def _media(embed: Any) -> tuple[Media, ...]:
    if not isinstance(embed, dict):
        return ()
    kind = str(embed.get("$type", ""))
    if kind.startswith("app.bsky.embed.recordWithMedia"):
        return _media(embed.get("media"))
    if kind.startswith("app.bsky.embed.images"):
        return tuple(Media(ref=str(image.get("fullsize") or image.get("thumb") or ""), kind="photo",
                           alt_text=str(image.get("alt") or ""))
                     for image in embed.get("images") or [] if isinstance(image, dict))
    if kind.startswith("app.bsky.embed.video"):
        return (Media(ref=str(embed.get("playlist") or ""), kind="video", alt_text=str(embed.get("alt") or "")),)
    return ()


def _connection(item: dict[str, Any], relation: Relation) -> Connection:
    handle = str(item.get("handle") or "") or None
    return Connection(
        relation=relation,
        id=str(item.get("did") or "") or None,
        handle=handle,
        display_name=str(item.get("displayName") or "") or None,
        bio=str(item.get("description") or ""),
        location=_pinned_place(str(item.get("description") or "")),
        url=f"https://bsky.app/profile/{handle}" if handle else None,
    )


_PIN = re.compile(r"(?:📍|🏠|🌍|🌎|🌏|\b(?:based in|located in|lives in)\b:?)\s*([^|•·\n]+)", re.IGNORECASE)


def _pinned_place(description: str) -> str:
    """Bluesky has no location field: people write it in the description ("📍 Leeds", "Based in Cork")."""
    match = _PIN.search(description)
    return match.group(1).strip(" .,;") if match else ""
