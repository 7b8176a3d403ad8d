"""Instagram "Download your information" (JSON) → AccountSnapshot.

Layouts handled (shared research §5), found by file name wherever they sit:
``followers_and_following/`` (2022) or ``connections/followers_and_following/`` (2023+) with
``followers_1..N.json`` (a top-level array) and ``following.json``
(``{"relationships_following": [...]}``); posts in ``content/posts_N.json`` or
``your_instagram_activity/content/posts_N.json``; the profile in ``personal_information.json``.

The username of a follower/followed account is read from ``string_list_data[].value``, else
``title`` (the late-2025 following shape), else the last path part of ``href`` (skipping the
``/_u/`` of late-2025 links). Profile labels ("Private Account", "Email", …) are display text;
unrecognised (perhaps localised) labels are reported in a note, never guessed. Posts have no
audience in the export; it follows the account's "Private Account" flag (followers or public).
Every string and key is repaired for Meta's mojibake.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import UNKNOWN, AccountSnapshot, Audience, Connection, Post, Profile, Relation
from auditor.progress import Progress
from connectors import export_common as ec
from connectors.images import perceptual_hash
from connectors.json_records import first_key, iter_records, load_small
from connectors.meta_text import fix_meta
from connectors.safe_archive import Archive

_FOLLOWERS = re.compile(r"(^|/)followers_and_following/followers(?:_(\d+))?\.json$")
_FOLLOWING = re.compile(r"(^|/)followers_and_following/following\.json$")
_POSTS = re.compile(r"(^|/)content/posts_(\d+)\.json$")
_PERSONAL = re.compile(r"(^|/)personal_information\.json$")
_FOLLOW_KEYS = ("relationships_followers", "relationships_following")
_VIDEO = (".mp4", ".mov", ".m4v", ".webm")
# Display label → where it goes. English labels as exported; others are reported in a note.
_PUBLIC_LABELS = {"Username": "username", "Name": "name", "Bio": "bio", "Website": "website"}
_PRIVATE_LABELS = {"Email": "email", "Phone Number": "phone", "Date of birth": "birthday", "Gender": "gender"}
_PRIVATE_ACCOUNT = "Private Account"
MAX_AVATAR_BYTES = 20 * 1024**2
_IGNORED_LABELS = {"Phone Confirmed", "Email Confirmed", "Date Joined", "Last Login"}


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    with Archive(account.archive) as archive:
        return read_archive(archive, account, progress)


def read_archive(archive: Archive, account: AccountConfig, progress: Progress) -> AccountSnapshot:
    names = archive.names()
    followers = sorted((n for n in names if _FOLLOWERS.search(n)), key=lambda n: _number(_FOLLOWERS, n))
    following = [n for n in names if _FOLLOWING.search(n)]
    posts_files = sorted((n for n in names if _POSTS.search(n)), key=lambda n: _number(_POSTS, n))
    personal = next((n for n in names if _PERSONAL.search(n)), None)
    if not (followers or following or posts_files or personal):
        html = next((n for n in names if n.endswith((".html",)) and "followers_and_following" in n), None)
        if html:
            raise InputError(f"{archive.path}: this is the HTML version of the Instagram export (found {html}). "
                             f"Request it again in JSON: Accounts Centre → Your information and permissions → "
                             f"Download your information → Format: JSON.")
        raise InputError(f"{archive.path}: no followers, following, posts or personal information files found. "
                         f"This does not look like an Instagram export; give the instagram-….zip as downloaded.")
    skipped = ec.Skipped()
    notes: list[str] = []

    profile, username, private_account = _profile(archive, personal, notes) if personal else (Profile(), "", None)
    handle = username or (account.handle or "").lstrip("@") or "instagram-user"
    settings: dict[str, bool | str | int] = {
        "visibility.account_protected": UNKNOWN if private_account is None else private_account,
        "visibility.posts_default": UNKNOWN if private_account is None else
        ("followers" if private_account else "public"),
    }
    audience: Audience = "unknown" if private_account is None else ("followers" if private_account else "public")

    posts: list[Post] = []
    ids = ec.UniqueIds()
    for name in posts_files:
        label = archive.label(name)
        for _key, raw in iter_records(archive, name, ("posts",)):
            post = _post(raw, handle, audience, ids)
            if post is None:
                skipped.add(label, "not a post with media")
                continue
            posts.append(post)
            if len(posts) % 5000 == 0:
                progress.update(f"{len(posts):,} posts read from {label}")

    connections: list[Connection] = []
    for relation, files in (("follower", followers), ("following", following)):
        for name in files:
            label = archive.label(name)
            read = 0
            for _key, raw in iter_records(archive, name, _FOLLOW_KEYS):
                read += 1
                connection = _connection(relation, raw)  # type: ignore[arg-type]
                if connection is None:
                    skipped.add(label, "no username")
                else:
                    connections.append(connection)
            key = first_key(archive, name) if not read else None
            if key is not None and key not in _FOLLOW_KEYS:
                skipped.add(label, f"the whole file: its list is under '{key}', which this version of the "
                                   f"auditor does not know; please report it")
    if private_account is None and personal:
        notes.append("The export's personal information does not say whether the account is private; check it "
                     "in Settings → Account privacy.")
    return AccountSnapshot(
        platform="instagram", handle=handle, stance=account.stance, source="archive",
        captured_at=datetime.now(UTC), profile=profile, settings=settings, posts=posts,
        connections=connections, notes=notes, errors=skipped.messages(),
    )


def _number(pattern: re.Pattern[str], name: str) -> tuple[str, int]:
    match = pattern.search(name)
    return (str(PurePosixPath(name).parent), int(match.group(2) or 0) if match else 0)


def _post(raw: Any, handle: str, audience: Audience, ids: ec.UniqueIds) -> Post | None:
    if not isinstance(raw, dict):
        return None
    raw = fix_meta(raw)
    items = [m for m in raw.get("media") or [] if isinstance(m, dict)]
    if not items:
        return None
    caption = ec.text(raw.get("title")) or next((ec.text(m.get("title")) for m in items if m.get("title")), "")
    created = ec.unix_time(raw.get("creation_timestamp") or items[0].get("creation_timestamp"))
    media = tuple(ec.meta_media(m, _VIDEO) for m in items)
    stem = PurePosixPath(media[0].ref).stem
    post_id = ids(stem if stem.isdigit() else ec.stable_id(raw.get("creation_timestamp"), caption, media[0].ref))
    return Post(
        id=post_id, text=caption, created_at=created, audience=audience, kind="post", media=media,
        mentions=ec.mentions(caption), hashtags=ec.hashtags(caption), links=ec.links(caption),
    )


def _connection(relation: Relation, raw: Any) -> Connection | None:
    if not isinstance(raw, dict):
        return None
    raw = fix_meta(raw)
    entries = [e for e in raw.get("string_list_data") or [] if isinstance(e, dict)]
    entry = entries[0] if entries else {}
    href = ec.text(entry.get("href"))
    username = ec.text(entry.get("value")) or ec.text(raw.get("title")) or _from_href(href)
    if not username:
        return None
    return Connection(relation=relation, handle=username, url=f"https://www.instagram.com/{username}",
                      since=ec.unix_time(entry.get("timestamp")))


def _from_href(href: str) -> str:
    parts = [p for p in PurePosixPath(href.split("://", 1)[-1]).parts[1:] if p != "_u"]
    return parts[-1] if parts else ""


def _profile(archive: Archive, name: str, notes: list[str]) -> tuple[Profile, str, bool | None]:
    data = fix_meta(load_small(archive, name))
    users = data.get("profile_user") if isinstance(data, dict) else None
    if not isinstance(users, list) or not users or not isinstance(users[0], dict):
        raise InputError(f"{archive.label(name)} has no 'profile_user' list. This file is not what the export "
                         f"should hold here: download the export again.")
    strings = ec.obj(users[0].get("string_map_data"))
    values = {label: ec.text(ec.obj(entry).get("value")) for label, entry in strings.items()}
    public = {_PUBLIC_LABELS[k]: v for k, v in values.items() if k in _PUBLIC_LABELS and v}
    private = {_PRIVATE_LABELS[k]: v for k, v in values.items() if k in _PRIVATE_LABELS and v}
    unknown = sorted(k for k in values if k not in _PUBLIC_LABELS | _PRIVATE_LABELS
                     and k != _PRIVATE_ACCOUNT and k not in _IGNORED_LABELS)
    if unknown:
        notes.append(f"{archive.label(name)}: labels not recognised (perhaps in another language), so not "
                     f"read: {', '.join(unknown)}.")
    flag = values.get(_PRIVATE_ACCOUNT, "").strip().lower()
    private_account = True if flag in ("true", "yes", "1") else False if flag in ("false", "no", "0") else None
    photo = ec.obj(ec.obj(users[0].get("media_map_data")).get("Profile Photo"))
    avatar = ec.text(photo.get("uri")) or None
    profile = Profile(display_name=public.get("name", ""), bio=public.get("bio", ""),
                      website=public.get("website", ""), avatar=avatar,
                      avatar_hash=_avatar_hash(archive, avatar, notes), private=private)
    return profile, public.get("username", ""), private_account


def _avatar_hash(archive: Archive, uri: str | None, notes: list[str]) -> str | None:
    """pHash of the profile photo when the export holds it, so linkage can compare it across accounts."""
    member = archive.find(uri) if uri else None
    if member is None or archive.size(member) > MAX_AVATAR_BYTES:
        return None
    digest = perceptual_hash(archive.read_bytes(member))
    if digest is None:
        notes.append(f"{archive.label(member)} is not a readable image, so this profile picture was not compared "
                     f"with your other accounts.")
    return digest
