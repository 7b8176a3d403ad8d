"""Posting rhythm: when in the week an account posts, and how alike two accounts' rhythms are.

One person running two accounts posts in the same free moments: the commute, the lunch break,
late evenings, never during Tuesday clinics. The hour-of-week profile (168 bins, UTC, so both
accounts share a clock) captures that. Profiles are lightly smoothed (people do not post at
exactly the same minute) and compared with Pearson correlation. Rhythm is a weak signal on its
own, since many people post in the evening, so checks treat it as supporting evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

HOURS_PER_WEEK = 168
Profile = npt.NDArray[np.float64]


def week_profile(times: Iterable[datetime | None]) -> tuple[Profile, int]:
    """(share of posts per hour of the week, smoothed over neighbouring hours; number of posts)."""
    counts = np.zeros(HOURS_PER_WEEK, dtype=np.float64)
    total = 0
    for when in times:
        if when is None:
            continue
        utc = when.astimezone(UTC) if when.tzinfo else when
        counts[utc.weekday() * 24 + utc.hour] += 1
        total += 1
    if total == 0:
        return counts, 0
    smoothed = 0.5 * counts + 0.25 * np.roll(counts, 1) + 0.25 * np.roll(counts, -1)
    return smoothed / smoothed.sum(), total


def correlation(a: Profile, b: Profile) -> float:
    """Pearson correlation of two profiles; 0.0 when either is flat (no information)."""
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def peak_hours(profile: Profile, top: int = 3) -> list[str]:
    """The busiest hours of the week, in words ("Mon 07:00"), for the evidence line."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    order = np.argsort(-profile, kind="stable")[:top]
    return [f"{days[int(i) // 24]} {int(i) % 24:02d}:00" for i in order if profile[int(i)] > 0]
