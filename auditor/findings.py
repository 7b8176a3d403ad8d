"""Findings as the JSON report contract (DESIGN.md §5) describes them.

Severity and confidence are independent: severity says how bad it would be, confidence how
sure we are that it is real. Fingerprints hash the check, account and subject only, never
times or positions, so a finding keeps its identity from one run to the next.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from fnmatch import fnmatchcase
from typing import Literal, get_args

Severity = Literal["critical", "high", "medium", "low", "info"]
Category = Literal["settings", "anonymity", "confidentiality", "connections", "conduct", "linkage", "info"]
SubjectKind = Literal["account", "profile", "setting", "post", "media", "connection"]
Status = Literal["new", "persisting", "resolved"]

SEVERITIES: tuple[str, ...] = get_args(Severity)
CATEGORIES: tuple[str, ...] = get_args(Category)
SEVERITY_RANK: dict[str, int] = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}
POSSIBLE_BELOW = 0.5  # confidence under this is a *possible* issue the user should verify


def severity_at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range, relative to the excerpt it belongs to."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote of the user's own content with the parts that triggered the finding."""

    field: str
    excerpt: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Subject:
    kind: SubjectKind
    id: str
    label: str
    url: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StandardRef:
    """A clause of a professional code, summarised in our own words."""

    code: str
    text: str
    source: str = ""


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


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found. Immutable: accepting a risk or comparing with the history returns a new one."""

    fingerprint: str
    check: str
    category: Category
    severity: Severity
    confidence: float
    account: str
    subject: Subject
    title: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    remediation: str = ""
    standards: tuple[StandardRef, ...] = ()
    status: Status = "new"
    suppressed: bool = False
    # Why the user accepted this risk (set with ``suppressed``; see auditor/suppress.py).
    suppression: Suppression | None = None

    @property
    def possible(self) -> bool:
        """True when the finding is a lead to verify rather than a detection."""
        return self.confidence < POSSIBLE_BELOW


def fingerprint(check_id: str, account_key: str, subject_kind: str, subject_id: str) -> str:
    """Stable id of (check, account, subject): the same issue gets the same id on every run."""
    raw = "\x1f".join((check_id, account_key, subject_kind, subject_id)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:24]


def excerpt_with_spans(
    text: str, spans: list[tuple[int, int, str]], width: int = 280
) -> tuple[str, tuple[Span, ...]]:
    """Cut ``text`` to at most ``width`` characters around its spans, shifting spans to match.

    Long posts would otherwise bloat the report; the window keeps the first match in view
    and marks cuts with an ellipsis so the user knows text was left out.
    """
    ordered = sorted(spans)
    if len(text) <= width or not ordered:
        start = 0
    else:
        first, last = ordered[0][0], max(end for _, end, _ in ordered)
        start = max(0, min(first - 40, last - width + 40))
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    shifted = tuple(
        Span(max(s, start) + shift, min(e, end) + shift, label) for s, e, label in ordered if s < end and e > start
    )
    return prefix + text[start:end] + suffix, shifted
