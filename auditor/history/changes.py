"""What changed since the last audit: ``new``, ``persisting`` and ``resolved`` findings.

Pure logic over the previous open findings (from the history) and this run's findings, so the
rules are testable without a database:

- a finding is ``persisting`` if it was open last time and not suppressed then, or is suppressed
  now; otherwise ``new`` — so a finding whose acceptance expired comes back as new;
- a finding open last time and absent now is ``resolved``, but only for an account that was read
  completely this time. An account that could not be read, or where a check crashed, proves
  nothing: its missing findings are *carried* (kept open) rather than reported as fixed; so are
  post findings of an account whose posts were fetched incrementally or capped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime

from auditor.findings import CATEGORIES, SEVERITIES, Category, Finding, Severity, Subject, SubjectKind

SUBJECT_KINDS = ("account", "profile", "setting", "post", "media", "connection")


@dataclass(frozen=True)
class PastFinding:
    """A finding as the history keeps it: identifiers and counts, never text or names."""

    fingerprint: str
    account: str
    check: str
    category: str
    severity: str
    subject_kind: str
    suppressed: bool = False

    @classmethod
    def of(cls, finding: Finding) -> PastFinding:
        return cls(finding.fingerprint, finding.account, finding.check, finding.category, finding.severity,
                   finding.subject.kind, finding.suppressed)


@dataclass
class Comparison:
    findings: list[Finding] = field(default_factory=list)  # this run's findings, each with its status
    resolved: list[PastFinding] = field(default_factory=list)
    carried: list[PastFinding] = field(default_factory=list)  # open before, unseen now, account not fully read
    previous_run_at: datetime | None = None  # when the run compared against took place (None: first run)
    run_id: int | None = None  # the run recorded with this comparison (None: not recorded)


def compare(
    findings: Iterable[Finding],
    previous: Mapping[str, PastFinding],
    complete_accounts: set[str],
    partial_posts: AbstractSet[str] = frozenset(),
    all_complete: bool = True,
) -> Comparison:
    """The findings with their ``status`` against ``previous`` (fingerprint → last open state), and what is gone.

    ``partial_posts`` are accounts whose posts were read only in part (incremental fetch, a cap):
    their older posts' findings are carried, since not reading a post is not fixing it.
    ``all_complete`` is False when any account of the run was not read in full: ``linkage``
    findings compare two accounts, so none of them can be called resolved then.
    """
    seen: set[str] = set()
    out = Comparison()
    for finding in findings:
        seen.add(finding.fingerprint)
        before = previous.get(finding.fingerprint)
        back_from_acceptance = before is not None and before.suppressed and not finding.suppressed
        out.findings.append(replace(finding, status="persisting" if before is not None and not back_from_acceptance
                                    else "new"))
    for fp, past in sorted(previous.items(), key=lambda item: (item[1].account, item[1].check, item[0])):
        if fp in seen:
            continue
        unseen_post = past.account in partial_posts and past.subject_kind in ("post", "media")
        unseen_pair = past.category == "linkage" and not all_complete
        resolved = past.account in complete_accounts and not unseen_post and not unseen_pair
        (out.resolved if resolved else out.carried).append(past)
    return out


def resolved_finding(past: PastFinding, titles: Mapping[str, str]) -> Finding:
    """A resolved finding for the report, rebuilt from what the history holds (no text to quote)."""
    return Finding(
        fingerprint=past.fingerprint,
        check=past.check,
        category=_as_category(past.category),
        severity=_as_severity(past.severity),
        confidence=1.0,
        account=past.account,
        subject=Subject(kind=_as_kind(past.subject_kind), id="", label=""),
        title=titles.get(past.check, past.check),
        message="Not found in this audit: fixed, deleted, or no longer applies.",
        status="resolved",
        suppressed=past.suppressed,
    )


def _as_category(value: str) -> Category:
    return value if value in CATEGORIES else "info"  # type: ignore[return-value]


def _as_severity(value: str) -> Severity:
    return value if value in SEVERITIES else "info"  # type: ignore[return-value]


def _as_kind(value: str) -> SubjectKind:
    return value if value in SUBJECT_KINDS else "account"  # type: ignore[return-value]
