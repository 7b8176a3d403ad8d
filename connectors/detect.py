"""Tell which platform an export came from, by the names of the files inside it.

Users download several exports and the file names (``archive-2026….zip``, ``export.zip``) do
not always say which is which. Each platform's exports have file paths no other platform uses;
we score the archive's member names against those markers and pick the clear winner. Only
names are read, never content, so detection is cheap and safe before the real read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from auditor.errors import InputError, UserError
from connectors.safe_archive import Archive

# Regexes matched against each member path (with a leading "/" so "^" is not needed).
_MARKERS: dict[str, tuple[str, ...]] = {
    "x": (r"/data/manifest\.js$", r"/(data/)?tweets?(-part\d+)?\.js$", r"/(data/)?account\.js$"),
    "facebook": (
        r"/your_facebook_activity/", r"/your_activity_across_facebook/", r"/friends_and_followers/",
        r"/posts/your_posts(_\d+|__check_ins__photos_and_videos_\d+)\.(json|html)$",
        r"/connections/friends/", r"/friends/friends\.(json|html)$",
        r"/profile_information/profile_information\.(json|html)$",
    ),
    "instagram": (
        r"/your_instagram_activity/", r"/followers_and_following/", r"/content/posts_\d+\.(json|html)$",
        r"/personal_information/personal_information/personal_information\.(json|html)$",
        r"/personal_information/personal_information\.json$",
    ),
    "linkedin": (r"/Connections\.csv$", r"/Profile\.csv$", r"/Shares\.csv$", r"/Positions\.csv$"),
    "mastodon": (r"/outbox\.json$", r"/actor\.json$", r"/following_accounts\.csv$", r"/likes\.json$"),
}
_COMPILED = {platform: [re.compile(p) for p in patterns] for platform, patterns in _MARKERS.items()}


def detect_names(names: Sequence[str]) -> str | None:
    """The platform whose markers match the most distinct kinds of file, or None if unclear."""
    scores = {}
    for platform, patterns in _COMPILED.items():
        hits = sum(1 for pattern in patterns if any(pattern.search("/" + name) for name in names))
        if hits:
            scores[platform] = hits
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def detect_platform(paths: Sequence[Path]) -> str:
    """The platform of the export at ``paths``; :class:`InputError` when it cannot be told."""
    with Archive(paths) as archive:
        platform = detect_names(archive.names())
    if platform is None:
        shown = " + ".join(str(p) for p in paths)
        raise InputError(f"{shown}: could not tell which platform this export comes from (none of the "
                         f"files an X, Facebook, Instagram, LinkedIn or Mastodon export holds were found). "
                         f"Set 'platform' for this account, and check that this is the export as downloaded.")
    return platform


def detect_quietly(paths: Sequence[Path]) -> str | None:
    """Like :func:`detect_platform`, but ``None`` for any problem (the connector will report it)."""
    try:
        return detect_platform(paths)
    except UserError:
        return None
