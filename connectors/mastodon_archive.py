"""Mastodon account archive (zip, or tar.gz from older servers) → AccountSnapshot.

Files read (shared research §7.1): ``outbox.json`` (streamed: Create activities become posts,
Announce activities reposts), ``actor.json`` (profile, profile fields and their links, and the
settings ``manuallyApprovesFollowers`` → ``visibility.account_protected``, ``indexable`` →
``profile.indexable``, ``discoverable`` → ``discoverability.profile_directory``), the avatar
(hashed for linkage) and, when given alongside the archive, the separate
``following_accounts.csv`` export (the archive itself lists no followers or follows).

Audience comes from the addressing, as Mastodon decides visibility: the public collection in
``to`` → public; in ``cc`` only → unlisted; the account's followers collection → followers;
only individual actors → direct, which the model calls ``custom`` (a hand-picked audience), as
the Mastodon API connector does. Post ids are the numeric status ids, as the API gives them,
and the handle is ``user@server``, so archive and API audits of one account line up.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import UNKNOWN, AccountSnapshot, Audience, Connection, Media, Post, Profile
from auditor.progress import Progress
from connectors import export_common as ec
from connectors.csv_records import iter_csv
from connectors.html_text import html_to_text
from connectors.images import perceptual_hash
from connectors.json_records import iter_records, load_small
from connectors.safe_archive import Archive

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
_STATUS_ID = re.compile(r"/statuses/([^/]+)(?:/activity)?/?$")
_ACCT = re.compile(r"^@?([^@\s]+)@([^@\s]+)$")
MAX_AVATAR_BYTES = 20 * 1024**2


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    with Archive(account.archive) as archive:
        return read_archive(archive, account, progress)


def read_archive(archive: Archive, account: AccountConfig, progress: Progress) -> AccountSnapshot:
    outbox = archive.find("outbox.json")
    actor_file = archive.find("actor.json")
    following_file = archive.find("following_accounts.csv")
    if outbox is None and actor_file is None and following_file is None:
        raise InputError(f"{archive.path}: no outbox.json or actor.json found. This does not look like a Mastodon "
                         f"archive; give the archive-….zip (or .tar.gz) as downloaded from Preferences → Import "
                         f"and export → Request your archive.")
    skipped = ec.Skipped()
    notes: list[str] = []

    actor: dict[str, Any] = {}
    if actor_file is not None:
        actor = load_small(archive, actor_file)
        if not isinstance(actor, dict) or not actor.get("id"):
            raise InputError(f"{archive.label(actor_file)} is not an ActivityPub actor (no 'id'). This file is not "
                             f"what a Mastodon archive holds here: download the archive again.")
    actor_id = ec.text(actor.get("id"))
    host = urlparse(actor_id).hostname or ""
    username = ec.text(actor.get("preferredUsername"))
    handle = f"{username}@{host}" if username and host else (account.handle or "").lstrip("@") or "mastodon-user"
    profile = _profile(archive, actor, actor_file, notes)
    settings: dict[str, bool | str | int] = {
        "visibility.account_protected": _flag(actor.get("manuallyApprovesFollowers")),
        "profile.indexable": _flag(actor.get("indexable")),
        "discoverability.profile_directory": _flag(actor.get("discoverable")),
    }

    posts: list[Post] = []
    if outbox is not None:
        label = archive.label(outbox)
        for _key, item in iter_records(archive, outbox, ("orderedItems",)):
            post = _post(item, actor_id)
            if post is None:
                kind = item.get("type") if isinstance(item, dict) else None
                skipped.add(label, f"activities of type {kind}" if kind else "not an activity object")
                continue
            posts.append(post)
            if len(posts) % 5000 == 0:
                progress.update(f"{len(posts):,} posts read from {label}")

    connections: list[Connection] = []
    if following_file is not None:
        label = archive.label(following_file)
        for row in iter_csv(archive, following_file, "Account address", skipped):
            match = _ACCT.match(row.get("Account address", ""))
            if match is None:
                skipped.add(label, "not a user@server address")
                continue
            user, server = match.groups()
            connections.append(Connection(relation="following", handle=f"{user}@{server}",
                                          url=f"https://{server}/@{user}"))
    else:
        notes.append("Mastodon archives do not list followers or followed accounts. Export 'Follows' as CSV "
                     "(Preferences → Import and export → Data export → following_accounts.csv) and add it to "
                     "'archive' to check them.")
    return AccountSnapshot(
        platform="mastodon", handle=handle, stance=account.stance, source="archive",
        captured_at=datetime.now(UTC), account_id=actor_id or None, profile=profile, settings=settings,
        posts=posts, connections=connections, notes=notes, errors=skipped.messages(),
    )


def _flag(value: Any) -> bool | str:
    return value if isinstance(value, bool) else UNKNOWN


def audience(activity: dict[str, Any], actor_id: str) -> Audience:
    """Mastodon's visibility, read back from an activity's addressing."""
    to, cc = _addresses(activity.get("to")), _addresses(activity.get("cc"))
    if to & PUBLIC:
        return "public"
    if cc & PUBLIC:
        return "unlisted"
    if any(a.endswith("/followers") for a in to | cc):
        return "followers"
    return "custom" if to | cc else "unknown"


def _addresses(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _post(item: Any, actor_id: str) -> Post | None:
    if not isinstance(item, dict):
        return None
    kind = item.get("type")
    published = ec.iso_time(item.get("published"))
    if kind == "Announce":
        target = item.get("object")
        target_url = target if isinstance(target, str) else ec.text(ec.obj(target).get("id"))
        return Post(id=_status_id(ec.text(item.get("id"))), text="", created_at=published,
                    audience=audience(item, actor_id), kind="repost", url=target_url or None,
                    links=(target_url,) if target_url else ())
    note = item.get("object")
    if kind != "Create" or not isinstance(note, dict):
        return None
    text, links = html_to_text(ec.text(note.get("content")))
    summary = ec.text(note.get("summary"))
    if summary:
        text = f"{summary}\n\n{text}" if text else summary
    tags = [t for t in note.get("tag") or [] if isinstance(t, dict)]
    reply_to = ec.text(note.get("inReplyTo"))
    media = tuple(
        Media(ref=ec.text(a.get("url")), kind=_media_kind(ec.text(a.get("mediaType"))), alt_text=ec.text(a.get("name")))
        for a in note.get("attachment") or [] if isinstance(a, dict) and a.get("url")
    )
    return Post(
        id=_status_id(ec.text(note.get("id")) or ec.text(item.get("id"))),
        text=text,
        created_at=ec.iso_time(note.get("published")) or published,
        audience=audience(item if "to" in item or "cc" in item else note, actor_id),
        kind="reply" if reply_to and not reply_to.startswith(actor_id + "/") else "post",
        url=ec.text(note.get("url")) or ec.text(note.get("id")) or None,
        media=media,
        mentions=tuple(ec.text(t.get("name")).lstrip("@") for t in tags if t.get("type") == "Mention"),
        hashtags=tuple(ec.text(t.get("name")).lstrip("#") for t in tags if t.get("type") == "Hashtag"),
        links=tuple(links),
        reply_to=reply_to or None,
    )


def _status_id(uri: str) -> str:
    match = _STATUS_ID.search(uri)
    return match.group(1) if match else uri


def _media_kind(media_type: str) -> str:
    major = media_type.split("/", 1)[0]
    return {"image": "photo", "video": "video", "audio": "audio"}.get(major, major or "photo")


def _profile(archive: Archive, actor: dict[str, Any], actor_file: str | None, notes: list[str]) -> Profile:
    if not actor:
        return Profile()
    fields: list[tuple[str, str]] = []
    links: list[str] = []
    for entry in actor.get("attachment") or []:
        if not isinstance(entry, dict) or entry.get("type") != "PropertyValue":
            continue
        value, found = html_to_text(ec.text(entry.get("value")))
        links += found
        fields.append((ec.text(entry.get("name")), found[0] if len(found) == 1 else value))
    avatar = ec.text(ec.obj(actor.get("icon")).get("url")) or None
    header = ec.text(ec.obj(actor.get("image")).get("url")) or None
    avatar_hash = None
    if avatar and actor_file is not None:
        member = str(PurePosixPath(actor_file).parent / avatar).removeprefix("./")
        if member in archive.names() and archive.size(member) <= MAX_AVATAR_BYTES:
            avatar_hash = perceptual_hash(archive.read_bytes(member))
            if avatar_hash is None:
                notes.append(f"{archive.label(member)} is not a readable image, so this profile picture was not "
                             f"compared with your other accounts.")
    return Profile(
        display_name=ec.text(actor.get("name")),
        bio=html_to_text(ec.text(actor.get("summary")))[0],
        website=links[0] if links else "",
        avatar=avatar,
        header=header,
        avatar_hash=avatar_hash,
        fields=tuple(fields),
    )
