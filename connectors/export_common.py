"""Small helpers the export connectors share: values, times, ids, text entities, skip accounting.

Exports are untrusted and inconsistent: the same field is a number in one year and a string in
the next, and any record can be malformed. These helpers never raise on a bad value; they
return ``None``/``""`` so the connector decides, and :class:`Skipped` counts what was dropped so
the report can say so (``AccountSnapshot.errors``) instead of losing it silently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from auditor.model import Geo, Media

HASHTAG = re.compile(r"(?<![\w&])#(\w{1,100})")
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{1,60})")
URL = re.compile(r"https?://[^\s<>\"')\]]+")
_MAX_YEAR_SECONDS = 253402300799  # 9999-12-31


def text(value: Any) -> str:
    """A value as text ('' for None, containers and bools; numbers as written)."""
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value)


def obj(value: Any) -> dict[str, Any]:
    """A value if it is a JSON object, else an empty one (exports put ``null`` or lists where objects go)."""
    return value if isinstance(value, dict) else {}


def unix_time(value: Any) -> datetime | None:
    """Unix seconds (int, float or digit string) → aware UTC datetime; 0 and nonsense → None."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if not 0 < seconds < _MAX_YEAR_SECONDS:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 time (``2024-06-01T09:00:00Z``, ``…+02:00``) → aware UTC datetime; nonsense → None.

    The one parser for the ISO times of every API and export (Mastodon, Bluesky, X API).
    """
    try:
        return datetime.fromisoformat(text(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def formatted_time(value: str, formats: Iterable[str]) -> datetime | None:
    """``value`` read with the first of ``formats`` that fits, as UTC (a time without a zone is UTC)."""
    for fmt in formats:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return None


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if result == result else None  # NaN


def geo(lat: Any, lon: Any, place: str | None = None) -> Geo | None:
    """A Geo from possibly-missing coordinates; (0, 0) is Meta's "no location", not the Gulf of Guinea."""
    la, lo = number(lat), number(lon)
    if la is None or lo is None or (la == 0 and lo == 0) or not (-90 <= la <= 90 and -180 <= lo <= 180):
        la = lo = None
    if la is None and not place:
        return None
    return Geo(lat=la, lon=lo, place=place or None)


def meta_media(raw: dict[str, Any], video_suffixes: tuple[str, ...]) -> Media:
    """A photo or video of a Meta export (Facebook, Instagram), with its EXIF and GPS when kept."""
    uri = text(raw.get("uri"))
    exif: dict[str, str] = {}
    gps: Geo | None = None
    metadata = obj(raw.get("media_metadata"))
    for kind in ("photo_metadata", "video_metadata"):
        entries = obj(metadata.get(kind)).get("exif_data")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            for key, value in entry.items():
                if key not in ("latitude", "longitude") and text(value):
                    exif.setdefault(key, text(value))
            gps = gps or geo(entry.get("latitude"), entry.get("longitude"))
    kind = "video" if uri.lower().endswith(video_suffixes) or "video_metadata" in metadata else "photo"
    return Media(ref=uri, kind=kind, gps=gps if gps and gps.has_coordinates else None, exif=exif)


def stable_id(*parts: object) -> str:
    """A short id that is the same on every run for the same content (exports without post ids)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode(), usedforsecurity=False).hexdigest()
    return digest[:16]


def hashtags(body: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(HASHTAG.findall(body)))


def mentions(body: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.rstrip(".") for m in MENTION.findall(body)))


def links(body: str, *extra: str) -> tuple[str, ...]:
    found = [u.rstrip(".,;:!?") for u in URL.findall(body)]
    return tuple(dict.fromkeys(u for u in (*extra, *found) if u))


class Skipped:
    """Counts records dropped per (file, reason), for ``AccountSnapshot.errors``."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()

    def add(self, label: str, reason: str) -> None:
        self._counts[(label, reason)] += 1

    def messages(self) -> list[str]:
        return [f"{label}: skipped {count:,} {'entry' if count == 1 else 'entries'} ({reason})."
                for (label, reason), count in sorted(self._counts.items())]


class UniqueIds:
    """Makes synthetic ids unique: a second post with the same content gets ``-2``, and so on."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, candidate: str) -> str:
        self._seen[candidate] += 1
        count = self._seen[candidate]
        return candidate if count == 1 else f"{candidate}-{count}"
