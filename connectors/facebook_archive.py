"""Facebook "Download Your Information" (JSON) → AccountSnapshot.

Layouts handled (shared research §4.1), found by file name wherever they sit:

* ≤2020: ``posts/your_posts_1.json`` (oldest: ``{"status_updates": [...]}``), ``friends/*.json``
  with ``friends`` / ``deleted_friends`` / ``sent_requests`` / ``received_requests`` keys,
  ``profile_information/profile_information.json`` → ``{"profile": …}``.
* 2021–2023: the same posts file (or under ``your_activity_across_facebook/``),
  ``friends_and_followers/*.json`` with ``*_v2`` keys, ``{"profile_v2": …}``.
* 2024+: ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_N.json``,
  ``connections/friends/*.json`` and ``connections/followers/*.json`` (``*_v3`` keys),
  ``personal_information/profile_information/profile_information.json``.

Connection files are recognised by their top-level key, not their name, because the names
changed more often than the keys. Every string and key is repaired for Meta's mojibake
(connectors/meta_text.py). Posts carry no id and no audience in the export: ids are stable
hashes of the content, and the audience is ``unknown`` (a note says so). A multi-zip export
(media in a second zip) is read as one when given as a list of zips or their folder. The HTML
variant of the export is refused with instructions to request JSON.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import AccountSnapshot, Connection, Geo, Media, Post, Profile, Relation
from auditor.progress import Progress
from connectors import export_common as ec
from connectors.json_records import first_key, iter_records, load_small
from connectors.meta_text import fix_meta, fix_text
from connectors.safe_archive import Archive

_POSTS_FILE = re.compile(r"(^|/)posts/your_posts(?:_(\d+)|__check_ins__photos_and_videos_(\d+))?\.json$")
_CONNECTION_DIRS = ("friends", "friends_and_followers", "following_and_followers", "followers",
                    "connections/friends", "connections/followers")
_RELATIONS: dict[str, Relation] = {
    "friends": "friend", "friends_v2": "friend",
    "deleted_friends": "removed_friend", "deleted_friends_v2": "removed_friend",
    "sent_requests": "friend_request_sent", "sent_requests_v2": "friend_request_sent",
    "received_requests": "friend_request_received", "received_requests_v2": "friend_request_received",
    "followers": "follower", "followers_v2": "follower", "followers_v3": "follower",
    "following": "following", "following_v2": "following", "following_v3": "following",
}
_POST_KEYS = ("status_updates", "your_posts", "posts")
_VIDEO = (".mp4", ".mov", ".m4v", ".webm", ".avi")
HTML_HELP = ("Facebook lets you choose HTML or JSON when you request your information; the auditor needs "
             "JSON. Request it again: Settings & privacy → Settings → Accounts Centre → Your information and "
             "permissions → Download your information → Download or transfer information → choose your "
             "profile → All available information → Download to device → Format: JSON → Create files.")


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    with Archive(account.archive) as archive:
        return read_archive(archive, account, progress)


def read_archive(archive: Archive, account: AccountConfig, progress: Progress) -> AccountSnapshot:
    names = archive.names()
    post_files = sorted((n for n in names if _POSTS_FILE.search(n)), key=_part_order)
    connection_files = [n for n in names if n.endswith(".json")
                        and str(PurePosixPath(n).parent).endswith(_CONNECTION_DIRS)]
    profile_file = next((n for n in names if n.endswith("profile_information/profile_information.json")), None)
    if not (post_files or connection_files or profile_file):
        _refuse_html(archive, names)
        raise InputError(f"{_shown(archive)}: no posts, friends or profile files found. This does not look "
                         f"like a Facebook 'Download Your Information' export; give the facebook-….zip "
                         f"as downloaded (all parts, if there are several).")
    skipped = ec.Skipped()
    notes: list[str] = []

    profile, username = _profile(archive, profile_file) if profile_file else (Profile(), "")
    handle = username or (account.handle or "").lstrip("@") or profile.display_name or "facebook-user"

    present = set(names)
    roots = {""} | {n.split("/", 1)[0] + "/" for n in names if "/" in n}
    missing_media = 0
    posts: list[Post] = []
    ids = ec.UniqueIds()
    for name in post_files:
        label = archive.label(name)
        before = len(posts)
        for _key, raw in iter_records(archive, name, _POST_KEYS):
            post = _post(raw, label, ids, skipped)
            if post is None:
                continue
            missing_media += sum(1 for m in post.media if not _has_member(m.ref, present, roots))
            posts.append(post)
            if len(posts) % 5000 == 0:
                progress.update(f"{len(posts):,} posts read from {label}")
        if len(posts) == before:
            _unknown_shape(archive, name, _POST_KEYS, skipped)

    connections: list[Connection] = []
    for name in connection_files:
        label = archive.label(name)
        read = 0
        for key, raw in iter_records(archive, name, _RELATIONS):
            read += 1
            connection = _connection(_RELATIONS[key], raw)
            if connection is None:
                skipped.add(label, "not a person entry")
            else:
                connections.append(connection)
        if not read and any(word in PurePosixPath(name).name for word in ("friend", "follow")):
            _unknown_shape(archive, name, _RELATIONS, skipped)

    notes.append("Facebook exports do not record who could see each post, so post audiences are shown as "
                 "unknown; check your default audience in Settings → Privacy.")
    if missing_media:
        notes.append(f"{missing_media:,} photos or videos that posts refer to are not in the archive given. "
                     f"If Facebook split your export into several zips, give all of them (a list in "
                     f"'archive', or the folder that holds them) so their metadata can be checked.")
    if any(c.relation == "friend" for c in connections):
        notes.append("Facebook exports list friends by name only (no profile links), so matches against a "
                     "caseload are by name.")
    return AccountSnapshot(
        platform="facebook", handle=handle, stance=account.stance, source="archive",
        captured_at=datetime.now(UTC), profile=profile, posts=posts, connections=connections,
        notes=notes, errors=skipped.messages(),
    )


def _unknown_shape(archive: Archive, name: str, keys: Collection[str], skipped: ec.Skipped) -> None:
    """A data file that gave nothing because its list sits under a key we do not know: say so."""
    key = first_key(archive, name)
    if key is not None and key not in keys:
        skipped.add(archive.label(name), f"the whole file: its list is under '{key}', which this version of the "
                                         f"auditor does not know; please report it")


def _refuse_html(archive: Archive, names: list[str]) -> None:
    html = [n for n in names if n.endswith(".html") and (
        PurePosixPath(n).name in ("start_here.html", "index.html")
        or "your_facebook_activity/" in n or "/posts/your_posts" in f"/{n}"
        or "profile_information/" in n or "friends" in n)]
    if html:
        raise InputError(f"{_shown(archive)}: this is the HTML version of the Facebook export (found "
                         f"{html[0]}). {HTML_HELP}")


def _shown(archive: Archive) -> str:
    return " + ".join(str(p) for p in archive.paths)


def _part_order(name: str) -> tuple[str, int]:
    match = _POSTS_FILE.search(name)
    number = next((g for g in match.groups()[1:] if g), "0") if match else "0"
    return (str(PurePosixPath(name).parent), int(number))


def _has_member(ref: str, present: set[str], roots: set[str]) -> bool:
    """Whether a media URI (relative to the export's root) is in the archive, at its root or one folder down."""
    if not ref or "://" in ref:
        return True
    return any(root + ref in present for root in roots)


# ---- posts -------------------------------------------------------------------------------------

def _post(raw: Any, label: str, ids: ec.UniqueIds, skipped: ec.Skipped) -> Post | None:
    if not isinstance(raw, dict):
        skipped.add(label, "not a JSON object")
        return None
    raw = fix_meta(raw)
    created = ec.unix_time(raw.get("timestamp"))
    texts = [d["post"] for d in _dicts(raw.get("data")) if isinstance(d.get("post"), str)]
    media: list[Media] = []
    geo: Geo | None = None
    extra_links: list[str] = []
    for block in _dicts(raw.get("attachments")):
        for item in _dicts(block.get("data")):
            if isinstance(item.get("media"), dict):
                media.append(ec.meta_media(item["media"], _VIDEO))
                description = ec.text(item["media"].get("description"))
                if description and not any(description in t for t in texts):
                    texts.append(description)
            if isinstance(item.get("place"), dict):
                geo = geo or _place(item["place"])
            if isinstance(item.get("event"), dict) and isinstance(item["event"].get("place"), dict):
                geo = geo or _place(item["event"]["place"])
            if isinstance(item.get("external_context"), dict):
                extra_links.append(ec.text(item["external_context"].get("url")))
            if isinstance(item.get("text"), str) and item["text"] not in texts:
                texts.append(item["text"])
    body = "\n".join(t for t in texts if t)
    if created is None and not body and not media:
        skipped.add(label, "no time, text or media")
        return None
    tagged = tuple(ec.text(t.get("name")) if isinstance(t, dict) else ec.text(t) for t in raw.get("tags") or [])
    post_id = ids(ec.stable_id(raw.get("timestamp"), body, *(m.ref for m in media)))
    return Post(
        id=post_id, text=body, created_at=created, audience="unknown", kind="post", geo=geo,
        media=tuple(media), hashtags=ec.hashtags(body), links=ec.links(body, *extra_links),
        tagged=tuple(t for t in tagged if t),
    )


def _place(raw: dict[str, Any]) -> Geo | None:
    name = ec.text(raw.get("name"))
    address = ec.text(raw.get("address"))
    if address and address != name:
        name = f"{name}, {address}" if name else address
    coordinate = ec.obj(raw.get("coordinate"))
    return ec.geo(coordinate.get("latitude"), coordinate.get("longitude"), name or None)


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


# ---- connections and profile --------------------------------------------------------------------

def _connection(relation: Relation, raw: Any) -> Connection | None:
    if not isinstance(raw, dict):
        return None
    raw = fix_meta(raw)
    name = ec.text(raw.get("name")) or ec.text(raw.get("title"))
    entries = list(_dicts(raw.get("string_list_data")))
    if not name and entries:
        name = ec.text(entries[0].get("value"))
    if not name:
        return None
    since = ec.unix_time(raw.get("timestamp") or (entries[0].get("timestamp") if entries else None))
    return Connection(relation=relation, display_name=name, since=since)


def _profile(archive: Archive, name: str) -> tuple[Profile, str]:
    """The profile and the username, from ``{"profile_v2": …}`` (or the older ``{"profile": …}``)."""
    data = fix_meta(load_small(archive, name))
    raw = data.get("profile_v2") or data.get("profile") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise InputError(f"{archive.label(name)} has no 'profile_v2' (or 'profile') object. This file is not "
                         f"what the export should hold here: download the export again.")
    name_block = ec.obj(raw.get("name"))
    display = ec.text(name_block.get("full_name")) or ec.text(raw.get("name"))
    fields: list[tuple[str, str]] = []
    if hometown := _named(raw.get("hometown")):
        fields.append(("hometown", hometown))
    for job in _dicts(raw.get("work_experiences") or raw.get("work")):
        fields.append(("work", ", ".join(v for v in (ec.text(job.get("title")), ec.text(job.get("employer")),
                                                       ec.text(job.get("location"))) if v)))
    for school in _dicts(raw.get("education_experiences") or raw.get("education")):
        fields.append(("education", ec.text(school.get("name"))))
    relationship = ec.obj(raw.get("relationship"))
    if status := ec.text(relationship.get("status")):
        partner = ec.text(relationship.get("partner"))
        fields.append(("relationship", f"{status} with {partner}" if partner else status))
    private: dict[str, str] = {}
    emails = ec.obj(raw.get("emails"))
    all_emails = [ec.text(e) for key in ("emails", "previous_emails", "pending_emails", "ad_account_emails")
                  for e in emails.get(key) or [] if ec.text(e)]
    if all_emails:
        private["email"] = ", ".join(dict.fromkeys(all_emails))
    phones = [ec.text(p.get("phone_number")) for p in _dicts(raw.get("phone_numbers"))]
    if any(phones):
        private["phone"] = ", ".join(p for p in phones if p)
    family = [f"{ec.text(m.get('name'))} ({ec.text(m.get('relation'))})".replace(" ()", "")
              for m in _dicts(raw.get("family_members")) if ec.text(m.get("name"))]
    if family:
        private["family"] = "; ".join(family)
    birthday = ec.obj(raw.get("birthday"))
    if birthday.get("year"):
        private["birthday"] = "-".join(str(birthday.get(k) or "?") for k in ("year", "month", "day"))
    profile = Profile(
        display_name=display,
        location=_named(raw.get("current_city")),
        website=", ".join(fix_text(ec.text(w.get("address"))) for w in _dicts(raw.get("websites"))),
        fields=tuple((k, v) for k, v in fields if v),
        private=private,
    )
    return profile, ec.text(raw.get("username"))


def _named(value: Any) -> str:
    if isinstance(value, dict):
        return ec.text(value.get("name"))
    return ec.text(value)
