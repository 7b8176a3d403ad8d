"""X (Twitter) "Download an archive of your data" → AccountSnapshot.

Layouts handled (see shared research §1): 2019 (files at the root or under ``data/``,
``tweet.js``, flat objects, ``tweet_media/``), 2020+ (``data/tweets.js``, each item wrapped in
``{"tweet": ...}``, ``tweets_media/``) and split archives (``tweets-part1.js`` …), found through
``data/manifest.js`` when the archive has one. Every number in the archive is a string.
Text is HTML-escaped in the archive (``&amp;``), so it is unescaped here; reports escape again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import UNKNOWN, AccountSnapshot, Audience, Connection, Geo, Media, Post, Profile, Relation
from auditor.progress import Progress
from connectors.export_common import formatted_time
from connectors.images import perceptual_hash
from connectors.jsonstream import iter_js_array, load_js_object
from connectors.safe_archive import Archive

# manifest dataType → file stem used when there is no manifest
_TYPES = {
    "tweets": ("tweets", "tweet"),
    "account": ("account",),
    "profile": ("profile",),
    "follower": ("follower",),
    "following": ("following",),
    "protectedHistory": ("protected-history",),
    "screenNameChange": ("screen-name-change",),
}
MAX_PROFILE_IMAGE_BYTES = 20 * 1024**2  # X caps avatars at 2 MB and headers at 5 MB
_CREATED_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z")


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    if len(account.archive) != 1:
        raise InputError(f"{account.where}.archive: an X archive is a single .zip or folder; "
                         f"give one path, not {len(account.archive)}.")
    with Archive(account.archive[0]) as archive:
        return read_archive(archive, account, progress)


def read_archive(archive: Archive, account: AccountConfig, progress: Progress) -> AccountSnapshot:
    files = _discover(archive)
    if not files.get("tweets") and not files.get("account"):
        raise InputError(f"{archive.path}: no tweets.js or account.js found. This does not look like an "
                         f"X archive; give the twitter-….zip exactly as downloaded.")
    label = str(archive.path)

    acct = _first(_items(archive, files.get("account", []), "account"))
    profile_raw = _first(_items(archive, files.get("profile", []), "profile"))
    account_id = _str(acct.get("accountId"))
    handle = _str(acct.get("username")) or (account.handle or "").lstrip("@") or "unknown"

    protected = _protected_state(archive, files)
    audience: Audience = "unknown" if protected is None else ("followers" if protected else "public")
    settings: dict[str, bool | str | int] = {
        "visibility.account_protected": UNKNOWN if protected is None else protected,
        "visibility.posts_default": audience if protected is not None else UNKNOWN,
    }

    description = profile_raw.get("description") or {}
    notes: list[str] = []
    previous = tuple(
        _str(change.get("screenNameChange", {}).get("changedFrom"))
        for change in _items(archive, files.get("screenNameChange", []), "screenNameChange")
    )
    profile = Profile(
        display_name=_str(acct.get("accountDisplayName")),
        bio=html.unescape(_str(description.get("bio"))),
        location=html.unescape(_str(description.get("location"))),
        website=_str(description.get("website")),
        avatar=_str(profile_raw.get("avatarMediaUrl")) or None,
        header=_str(profile_raw.get("headerMediaUrl")) or None,
        avatar_hash=_profile_image_hash(archive, _str(profile_raw.get("avatarMediaUrl")), notes),
        header_hash=_profile_image_hash(archive, _str(profile_raw.get("headerMediaUrl")), notes),
        previous_handles=tuple(p for p in previous if p),
        private={k: v for k, v in (("email", _str(acct.get("email"))),
                                   ("phone", _str(acct.get("phoneNumber")))) if v},
    )

    media_names = {PurePosixPath(n).name: n for n in archive.names() if "_media/" in n}
    posts: list[Post] = []
    for item in _items(archive, files.get("tweets", []), "tweet"):
        posts.append(_post(item, handle, account_id, audience, media_names))
        if len(posts) % 5000 == 0:
            progress.update(f"{len(posts):,} posts read from {label}")

    connections: list[Connection] = []
    for relation in ("follower", "following"):
        rel: Relation = "follower" if relation == "follower" else "following"
        for item in _items(archive, files.get(relation, []), relation):
            connections.append(Connection(relation=rel, id=_str(item.get("accountId")) or None,
                                          url=_str(item.get("userLink")) or None))

    if any(c.relation in ("follower", "following") for c in connections):
        notes.append("X archives list followers and followed accounts by numeric id only; their names "
                     "are not in the archive, so they cannot be matched against a caseload from it.")
    return AccountSnapshot(
        platform="x", handle=handle, stance=account.stance, source="archive",
        captured_at=datetime.now(UTC), account_id=account_id or None, profile=profile,
        settings=settings, posts=posts, connections=connections, notes=notes,
    )


def _discover(archive: Archive) -> dict[str, list[str]]:
    """Map each data type to its files, from the manifest when present, else by file name."""
    manifest = archive.find("data/manifest.js")
    if manifest is not None:
        with archive.open(manifest) as stream:
            config = load_js_object(stream, f"{archive.path}: {manifest}")
        base = manifest[: -len("data/manifest.js")]
        found: dict[str, list[str]] = {}
        for data_type in _TYPES:
            entries = (config.get("dataTypes", {}).get(data_type) or {}).get("files") or []
            names = []
            for entry in entries:
                name = base + _str(entry.get("fileName")).lstrip("./")
                if name not in archive.names():
                    raise InputError(f"{archive.path}: the manifest lists {name}, which is missing. The "
                                     f"archive is incomplete: download it again.")
                names.append(name)
            found[data_type] = names
        return found
    found = {}
    for data_type, stems in _TYPES.items():
        names = []
        for stem in stems:
            for pattern in (f"{stem}.js", f"{stem}-part*.js"):
                names += [n for n in archive.names() if PurePosixPath(n).match(pattern)
                          and n.count("/") <= 2 and "/assets/" not in f"/{n}"]
        found[data_type] = sorted(set(names), key=_part_order)
    return found


def _part_order(name: str) -> tuple[int, str]:
    match = re.search(r"-part(\d+)\.js$", name)
    return (int(match.group(1)) if match else 0, name)


def _items(archive: Archive, names: list[str], wrapper: str) -> Iterator[dict[str, Any]]:
    """Items of each file, unwrapped from ``{wrapper: {...}}`` when wrapped (2020+)."""
    for name in names:
        label = f"{archive.path}: {name}"
        with archive.open(name) as stream:
            for item in iter_js_array(stream, label):
                if not isinstance(item, dict):
                    raise InputError(f"{label}: expected a list of objects, found {type(item).__name__}.")
                inner = item.get(wrapper)
                yield inner if isinstance(inner, dict) and len(item) == 1 else item


def _profile_image_hash(archive: Archive, url: str, notes: list[str]) -> str | None:
    """pHash of the avatar/header file in ``profile_media/`` (named ``<account id>-<last URL part>``)."""
    stem = PurePosixPath(url).stem if url else ""
    if not stem:
        return None
    for name in archive.names():
        path = PurePosixPath(name)
        if path.parent.name == "profile_media" and path.stem.split("-", 1)[-1] == stem:
            digest = None
            if archive.size(name) <= MAX_PROFILE_IMAGE_BYTES:
                digest = perceptual_hash(archive.read_bytes(name))
            if digest is None:
                notes.append(f"{name} is not a readable image (or is too large), so this profile picture "
                             f"was not compared with your other accounts.")
            return digest
    return None


def _first(items: Iterator[dict[str, Any]]) -> dict[str, Any]:
    return next(items, {})


def _protected_state(archive: Archive, files: dict[str, list[str]]) -> bool | None:
    """Current protection from protected-history.js; no file → unknown, empty file → never protected."""
    names = files.get("protectedHistory")
    if not names:
        return None
    events = list(_items(archive, names, "protectedHistory"))
    if not events:
        return False
    latest = max(events, key=lambda e: _str(next((v for k, v in e.items() if k.endswith("At")), "")))
    return _str(latest.get("action")).lower() == "protect"


def _post(
    tweet: dict[str, Any], handle: str, account_id: str, audience: Audience, media_names: dict[str, str]
) -> Post:
    post_id = _str(tweet.get("id_str") or tweet.get("id"))
    text = html.unescape(_str(tweet.get("full_text") or tweet.get("text")))
    entities = tweet.get("entities") or {}
    reply_user = _str(tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_user_id"))
    kind = "post"
    if text.startswith("RT @"):
        kind = "repost"
    elif tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"):
        kind = "reply" if reply_user != account_id else "post"
    media = []
    for item in (tweet.get("extended_entities") or entities).get("media") or []:
        url = _str(item.get("media_url_https") or item.get("media_url"))
        local = media_names.get(f"{post_id}-{PurePosixPath(url).name}") if url else None
        media.append(Media(ref=local or url, kind=_str(item.get("type")) or "photo",
                           alt_text=_str(item.get("ext_alt_text"))))
    return Post(
        id=post_id,
        text=text,
        created_at=_created(tweet.get("created_at")),
        audience=audience,
        kind=kind,  # type: ignore[arg-type]
        url=f"https://x.com/{handle}/status/{post_id}",
        geo=_geo(tweet),
        media=tuple(media),
        mentions=tuple(_str(m.get("screen_name")) for m in entities.get("user_mentions") or []),
        hashtags=tuple(_str(h.get("text")) for h in entities.get("hashtags") or []),
        links=tuple(_str(u.get("expanded_url") or u.get("url")) for u in entities.get("urls") or []),
        reply_to=_str(tweet.get("in_reply_to_screen_name")) or None,
    )


def _geo(tweet: dict[str, Any]) -> Geo | None:
    place = tweet.get("place") or {}
    place_name = _str(place.get("full_name") or place.get("name")) or None
    coords = (tweet.get("coordinates") or {}).get("coordinates")
    if isinstance(coords, list) and len(coords) == 2:
        return Geo(lat=_float(coords[1]), lon=_float(coords[0]), place=place_name)
    coords = (tweet.get("geo") or {}).get("coordinates")
    if isinstance(coords, list) and len(coords) == 2:
        return Geo(lat=_float(coords[0]), lon=_float(coords[1]), place=place_name)
    return Geo(place=place_name) if place_name else None


_MONTHS = {month: number for number, month in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


def _created(value: Any) -> datetime | None:
    """Parse the archive's ``Sat Jun 01 09:00:00 +0000 2024`` fast (strptime dominates a 100k read)."""
    text = _str(value)
    parts = text.split()
    if len(parts) == 6 and parts[4] == "+0000" and parts[1] in _MONTHS:
        try:
            hour, minute, second = (int(x) for x in parts[3].split(":"))
            return datetime(int(parts[5]), _MONTHS[parts[1]], int(parts[2]), hour, minute, second, tzinfo=UTC)
        except ValueError:
            pass
    return formatted_time(text.replace("Z", "+0000"), _CREATED_FORMATS)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
