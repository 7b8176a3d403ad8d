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
from dataclasses import dataclass, field
from datetime import date, datetime
from fnmatch import fnmatchcase

from auditor.findings import Finding

FINGERPRINT_RE = re.compile(r"^[0-9a-f]{24}$")


@dataclass(frozen=True)
class Suppression:
    """One accepted-risk rule. Exactly one of ``fingerprint`` and ``check`` is set."""

    reason: str
    fingerprint: str | None = None
    check: str | None = None  # a check id, or a glob such as "conduct.*"
    account: str = "*"  # glob over account keys ("x:FrontlineFern", "x:*"); only with ``check``
    until: date | None = None  # last day the acceptance holds; None = no expiry
    source: str = "config"  # where the rule came from, for the report: "suppress[2]", "auditor suppress"

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint is not None:
            return finding.fingerprint == self.fingerprint
        assert self.check is not None
        # Handles are case-insensitive on every platform the tool reads, so the glob is too.
        return fnmatchcase(finding.check, self.check) and fnmatchcase(finding.account.lower(), self.account.lower())

    def expired(self, today: date) -> bool:
        return self.until is not None and today > self.until

    def describe(self) -> str:
        what = f"fingerprint {self.fingerprint}" if self.fingerprint else f"check {self.check} on {self.account}"
        return f"{what} ({self.source})"


@dataclass
class SuppressionOutcome:
    """What applying the rules did, so the run can tell the user about expiries."""

    suppressed: int = 0
    expired: list[Suppression] = field(default_factory=list)  # rules that matched a finding but ran out


def apply_suppressions(findings: Iterable[Finding], rules: Iterable[Suppression], today: date) -> SuppressionOutcome:
    """Mark every finding a live rule matches as suppressed (in place); report expired rules that matched.

    The first live matching rule wins, in the order given (config rules before command-line ones),
    so the reason shown is predictable. Nothing is removed from ``findings``.
    """
    rules = list(rules)
    live = [r for r in rules if not r.expired(today)]
    dead = [r for r in rules if r.expired(today)]
    outcome = SuppressionOutcome()
    expired = outcome.expired
    for finding in findings:
        rule = next((r for r in live if r.matches(finding)), None)
        if rule is not None:
            finding.suppressed, finding.suppression = True, rule
            outcome.suppressed += 1
            continue
        finding.suppressed, finding.suppression = False, None
        for old in dead:
            if old.matches(finding) and old not in expired:
                expired.append(old)
    return outcome


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
