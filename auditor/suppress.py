"""Accepted risks: findings the user has looked at and decided to live with, for a reason.

A suppression never deletes a finding. It marks it ``suppressed`` so the report counts and lists
it apart ("Accepted risks") and ``--fail-on`` and notifications ignore it; the reason travels with
it so a later reader (or the user, a year on) sees why. An optional ``until`` date makes the
acceptance temporary: from the day after it, the rule no longer applies and the finding comes
back as ``new`` (see :mod:`auditor.history.changes`), which is the point of an expiry.

Rules come from two places: ``[[suppress]]`` tables in the config (by fingerprint, or by check
id with an account glob) and ``auditor suppress FINGERPRINT`` (stored in the history database).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from auditor.findings import Finding, Suppression

__all__ = ["FINGERPRINT_RE", "Suppression", "SuppressionOutcome", "apply_suppressions", "parse_until"]

FINGERPRINT_RE = re.compile(r"^[0-9a-f]{24}$")


@dataclass(frozen=True)
class SuppressionOutcome:
    """What applying the rules gave: the findings with the rules applied, and the expiries to tell."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    expired: list[Suppression] = field(default_factory=list)  # rules that matched a finding but ran out


def apply_suppressions(findings: Iterable[Finding], rules: Iterable[Suppression], today: date) -> SuppressionOutcome:
    """The findings with every one a live rule matches marked suppressed; expired rules that matched.

    The first live matching rule wins, in the order given (config rules before command-line ones),
    so the reason shown is predictable. Nothing is removed, and the findings given are not changed.
    """
    rules = list(rules)
    live = [r for r in rules if not r.expired(today)]
    dead = [r for r in rules if r.expired(today)]
    out: list[Finding] = []
    expired: list[Suppression] = []
    for finding in findings:
        rule = next((r for r in live if r.matches(finding)), None)
        out.append(replace(finding, suppressed=rule is not None, suppression=rule))
        if rule is not None:
            continue
        for old in dead:
            if old.matches(finding) and old not in expired:
                expired.append(old)
    return SuppressionOutcome(out, sum(1 for f in out if f.suppressed), expired)


def parse_until(value: str | date, what: str) -> date:
    """A ``YYYY-MM-DD`` date (or a TOML date); ``ValueError`` with a readable message otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what} must be a date written YYYY-MM-DD (for example 2027-03-31), not {value!r}.") from None
