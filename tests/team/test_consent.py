"""Consent expiry parsing and wording."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from auditor.team.consent import consent_text, parse_expiry

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_durations_and_dates() -> None:
    assert parse_expiry("90d", NOW) == NOW + timedelta(days=90)
    assert parse_expiry("12w", NOW) == NOW + timedelta(weeks=12)
    assert parse_expiry("2027-03-01", NOW) == datetime(2027, 3, 1, 23, 59, 59, tzinfo=UTC)
    assert parse_expiry("366d", NOW) == NOW + timedelta(days=366)


@pytest.mark.parametrize("value", ["0d", "367d", "53w", "2026-11-24", "2028-01-01", "forever", "90", "-5d", ""])
def test_refused_expiries(value: str) -> None:
    with pytest.raises(ValueError):
        parse_expiry(value, NOW)


def test_consent_text_says_what_who_why_and_until_when() -> None:
    text = consent_text("Fern Example", "fern@example.org", "summary", "team review", NOW,
                        NOW + timedelta(days=90), "1a2b-3c4d-5e6f-7a8b", "Adult team", ("x (anonymous)",))
    for part in ("Fern Example <fern@example.org>", "summary", "x (anonymous)", "team review",
                 "1a2b-3c4d-5e6f-7a8b", "2027-02-23", "withdraw", "no handles"):
        assert part in text
