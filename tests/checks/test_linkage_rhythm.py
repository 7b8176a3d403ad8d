from __future__ import annotations

import random

from auditor.detectors.rhythm import correlation, week_profile
from tests.checks.linkage_fixtures import anon, named, post, run_pair, weekly

CHECK = "linkage.rhythm"
# A person with a distinctive week: Monday and Thursday 07:00 commute posts, Wednesday lunch, Sunday night.
HER_WEEK = [(0, 7), (3, 7), (2, 12), (6, 21), (1, 22)]


def posts(times: list, prefix: str) -> list:  # type: ignore[type-arg]
    return [post(f"{prefix}{i}", "text", when) for i, when in enumerate(times)]


def test_same_weekly_rhythm_is_found() -> None:
    a = anon(posts(weekly(HER_WEEK, 14), "a"))
    n = named(posts(weekly(HER_WEEK, 12), "n"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity in ("low", "medium") and "correlate at 1.00" in finding.message
    assert "Mon 07:00" in finding.evidence[0].excerpt


def test_different_rhythms_do_not_link() -> None:
    a = anon(posts(weekly(HER_WEEK, 14), "a"))
    n = named(posts(weekly([(0, 13), (2, 18), (4, 9), (5, 15), (6, 10)], 14), "n"))
    assert run_pair(CHECK, a, n) == []


def test_random_evening_posters_do_not_link() -> None:
    rng = random.Random(5)
    evenings = [(d, h) for d in range(7) for h in range(18, 23)]
    a = anon(posts(weekly(rng.sample(evenings, 8), 10), "a"))
    n = named(posts(weekly(rng.sample(evenings, 8), 10), "n"))
    assert run_pair(CHECK, a, n) == []


def test_too_few_posts_say_nothing() -> None:
    a = anon(posts(weekly(HER_WEEK, 3), "a"))
    n = named(posts(weekly(HER_WEEK, 3), "n"))
    assert run_pair(CHECK, a, n) == []


def test_profile_and_correlation_basics() -> None:
    profile, count = week_profile([None, *weekly([(0, 0)], 2)])
    assert count == 2 and abs(profile.sum() - 1) < 1e-9 and profile[0] == profile.max()
    flat, _ = week_profile([])
    assert correlation(flat, profile) == 0.0
