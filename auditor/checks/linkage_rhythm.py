"""linkage.rhythm: both accounts post at the same hours of the week, unusually closely.

Stylometry researchers and OSINT analysts use activity times to tie accounts together: one
person's two accounts are active in the same free moments. Each account's posts give an
hour-of-week profile (auditor/detectors/rhythm.py); the check fires only with enough posts on
both sides and a correlation well above what unrelated people in one time zone reach. Because
"everyone posts in the evening", a daily pattern alone is not enough unless the match is very
close: the profile must also match better at the true weekday than shifted by whole days.
"""

from __future__ import annotations

import numpy as np

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.detectors.linkage import join_words
from auditor.detectors.rhythm import correlation, peak_hours, week_profile
from auditor.findings import Evidence

CHECK_ID = "linkage.rhythm"


@linkage_check(CHECK_ID, severity="low", order=7)
def run(pair: AccountPair) -> list[Signal]:
    limits = check_data(__name__)["limits"]
    anon, anon_n = week_profile(p.created_at for p in pair.anonymous.posts)
    named, named_n = week_profile(p.created_at for p in pair.named.posts)
    if min(anon_n, named_n) < limits["min_posts"]:
        return []
    same = correlation(anon, named)
    shifted = max(correlation(anon, np.roll(named, 24 * days)) for days in range(1, 7))
    weekly = same - shifted >= limits["weekday_margin"]
    if same < limits["very_close"] and not (same >= limits["close"] and weekly):
        return []
    strength = "moderate" if same >= limits["very_close"] and weekly else "weak"
    return [Signal(
        check=CHECK_ID,
        strength=strength,  # type: ignore[arg-type]
        subject_id="rhythm",
        title="Both accounts post at the same times of the week",
        message=(f"The hours of the week at which {pair.anonymous.key} ({anon_n:,} posts) and {pair.named.key} "
                 f"({named_n:,} posts) post correlate at {same:.2f} (1 would be identical). Alone this is a weak "
                 f"hint, but it supports any other link between the accounts."),
        plain=f"by noticing that both accounts are active at the same times (busiest: "
              f"{join_words(peak_hours(anon))} UTC)",
        evidence=(Evidence(f"{pair.anonymous.key} busiest hours (UTC)", join_words(peak_hours(anon, 5))),
                  Evidence(f"{pair.named.key} busiest hours (UTC)", join_words(peak_hours(named, 5)))),
    )]
