"""LinkedIn data export (CSV files) → AccountSnapshot.

Files read (shared research §6), at the zip's root or under one folder: ``Connections.csv``
(a ``Notes:`` preamble before the header in most exports, the ``URL`` column in some),
``Profile.csv``, ``Shares.csv``, ``Positions.csv``, ``Email Addresses.csv``, ``PhoneNumbers.csv``.
CSVs are streamed through the ``csv`` module (BOM stripped, quoted multi-line fields kept);
the header is found by its first column name, so preambles of any length are skipped.

Audience mapping for ``Shares.csv`` ``Visibility``: ``PUBLIC`` → public; ``LOGGED_IN`` (every
signed-in LinkedIn member) → public, since anyone can sign up; ``CONNECTIONS``,
``CONNECTIONS_ONLY`` and ``MEMBER_NETWORK`` (your network) → friends, the model's name for a
mutual-connection audience; ``CONTAINER`` (a group) → custom; anything else → unknown, with a
note naming the value. LinkedIn connections are mutual, so every row is relation ``connection``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import unquote

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import AccountSnapshot, Audience, Connection, Media, Post, Profile
from auditor.progress import Progress
from connectors import export_common as ec
from connectors.csv_records import iter_csv
from connectors.safe_archive import Archive

_VISIBILITY: dict[str, Audience] = {
    "PUBLIC": "public", "LOGGED_IN": "public", "CONNECTIONS": "friends", "CONNECTIONS_ONLY": "friends",
    "MEMBER_NETWORK": "friends", "CONTAINER": "custom",
}
_SLUG = re.compile(r"linkedin\.com/in/([^/?#\s]+)")
_SHARE_ID = re.compile(r"urn:li:(?:share|activity|ugcPost):(\d+)")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d %b %Y", "%m/%d/%y, %I:%M %p")


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    with Archive(account.archive) as archive:
        return read_archive(archive, account, progress)


def read_archive(archive: Archive, account: AccountConfig, progress: Progress) -> AccountSnapshot:
    found = {name: archive.find(name) for name in ("Connections.csv", "Profile.csv", "Shares.csv", "Positions.csv",
                                                   "Email Addresses.csv", "PhoneNumbers.csv")}
    if not any(found[n] for n in ("Connections.csv", "Profile.csv", "Shares.csv")):
        raise InputError(f"{archive.path}: no Connections.csv, Profile.csv or Shares.csv found. This does not look "
                         f"like a LinkedIn data export; give the …LinkedInDataExport_….zip as downloaded.")
    skipped = ec.Skipped()
    notes: list[str] = []

    profile_row: dict[str, str] = {}
    if (name := found["Profile.csv"]) is not None:
        profile_row = next(iter(list(iter_csv(archive, name, "First Name", skipped))), {})
    positions: list[dict[str, str]] = []
    if (name := found["Positions.csv"]) is not None:
        positions = list(iter_csv(archive, name, "Company Name", skipped))
    private: dict[str, str] = {}
    if (name := found["Email Addresses.csv"]) is not None:
        emails = [r.get("Email Address", "") for r in iter_csv(archive, name, "Email Address", skipped)]
        if any(emails):
            private["email"] = ", ".join(e for e in emails if e)
    if (name := found["PhoneNumbers.csv"]) is not None:
        phones = [r.get("Number", "") for r in iter_csv(archive, name, "Extension", skipped)]
        if any(phones):
            private["phone"] = ", ".join(p for p in phones if p)
    profile, slug = _profile(profile_row, positions, private)
    handle = slug or (account.handle or "").lstrip("@") or profile.display_name or "linkedin-user"

    connections: list[Connection] = []
    if (name := found["Connections.csv"]) is not None:
        for row in iter_csv(archive, name, "First Name", skipped):
            connections.append(_connection(row))
    unnamed = sum(1 for c in connections if not c.display_name)
    if unnamed:
        notes.append(f"{unnamed:,} connections have no name in the export (LinkedIn leaves out members who "
                     f"restrict it), so they cannot be matched against a caseload.")

    posts: list[Post] = []
    odd: Counter[str] = Counter()
    ids = ec.UniqueIds()
    if (name := found["Shares.csv"]) is not None:
        for row in iter_csv(archive, name, "Date", skipped):
            post = _share(row, ids, odd)
            posts.append(post)
            if len(posts) % 5000 == 0:
                progress.update(f"{len(posts):,} posts read from {archive.label(name)}")
    if odd:
        notes.append("Shares with a Visibility value the auditor does not know are shown with audience unknown: "
                     + ", ".join(f"{value or '(empty)'} ({count})" for value, count in sorted(odd.items())) + ".")
    return AccountSnapshot(
        platform="linkedin", handle=handle, stance=account.stance, source="archive",
        captured_at=datetime.now(UTC), profile=profile, posts=posts, connections=connections,
        notes=notes, errors=skipped.messages(),
    )


def _connection(row: dict[str, str]) -> Connection:
    name = f"{row.get('First Name', '')} {row.get('Last Name', '')}".strip()
    url = row.get("URL", "")
    slug = _SLUG.search(url)
    company, position = row.get("Company", ""), row.get("Position", "")
    bio = f"{position} at {company}" if position and company else position or company
    return Connection(relation="connection", handle=unquote(slug.group(1)) if slug else None,
                      display_name=name or None, bio=bio, url=url or None,
                      since=_date(row.get("Connected On", "")))


def _share(row: dict[str, str], ids: ec.UniqueIds, odd: Counter[str]) -> Post:
    body = row.get("ShareCommentary", "")
    link = row.get("ShareLink", "")
    match = _SHARE_ID.search(unquote(link))
    visibility = row.get("Visibility", "").strip().upper()
    audience = _VISIBILITY.get(visibility, "unknown")
    if audience == "unknown":
        odd[visibility] += 1
    media = (Media(ref=row["MediaUrl"]),) if row.get("MediaUrl") else ()
    return Post(
        id=ids(match.group(1) if match else ec.stable_id(row.get("Date"), body)), text=body,
        created_at=_date(row.get("Date", "")), audience=audience, kind="post" if body else "repost",
        url=link or None, media=media, hashtags=ec.hashtags(body),
        links=ec.links(body, row.get("SharedUrl", "")),
    )


def _profile(row: dict[str, str], positions: list[dict[str, str]], private: dict[str, str]) -> tuple[Profile, str]:
    fields = [(key.lower(), row.get(column, "")) for key, column in
              (("headline", "Headline"), ("industry", "Industry"), ("twitter", "Twitter Handles"))]
    for job in positions:
        fields.append(("work", ", ".join(v for v in (job.get("Title", ""), job.get("Company Name", ""),
                                                     job.get("Location", "")) if v)))
    for column in ("Maiden Name", "Address", "Birth Date", "Zip Code", "Instant Messengers"):
        if row.get(column):
            private[column.lower().replace(" ", "_")] = row[column]
    websites = ec.links(row.get("Websites", ""))
    profile_url = row.get("Profile URL", "") or row.get("Public Profile URL", "")
    slug = _SLUG.search(profile_url)
    profile = Profile(
        display_name=f"{row.get('First Name', '')} {row.get('Last Name', '')}".strip(),
        bio=row.get("Summary", "") or row.get("Headline", ""),
        location=row.get("Geo Location", ""),
        website=websites[0] if websites else row.get("Websites", "").strip("[]"),
        fields=tuple((k, v) for k, v in fields if v),
        private=private,
    )
    return profile, unquote(slug.group(1)) if slug else ""


def _date(value: str) -> datetime | None:
    return ec.formatted_time(value.strip(), _DATE_FORMATS)
