"""The outcome of one audit: what was read, what was found. Reports render this and nothing else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from auditor.config import ProfileConfig
from auditor.findings import CATEGORIES, SEVERITIES, Finding
from auditor.history import changes


@dataclass
class AccountSummary:
    """One configured account: how much was read, and what could not be."""

    key: str
    platform: str
    handle: str
    stance: str
    source: str
    posts_scanned: int = 0
    connections_scanned: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    posts_complete: bool = True  # see AccountSnapshot.posts_complete


@dataclass
class AuditResult:
    generated_at: datetime
    tool_version: str
    profile: ProfileConfig
    accounts: list[AccountSummary]
    findings: list[Finding]
    checks_run: list[str]
    resolved: list[Finding] = field(default_factory=list)
    # Set by the periodic audit (auditor/history): statuses were compared with the history, and
    # when the run compared against took place (None on the first recorded run).
    compared: bool = False
    previous_run_at: datetime | None = None
    # Past runs, oldest first, for the HTML report's over-time chart: (when, open findings by severity).
    # Filled by whoever reads the history (e.g. from HistoryStore.runs()); empty means no chart.
    trend: list[tuple[datetime, dict[str, int]]] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        """Findings that count: not suppressed by the user."""
        return [f for f in self.findings if not f.suppressed]

    def by_severity(self) -> dict[str, int]:
        counts: Counter[str] = Counter(f.severity for f in self.active)
        return {name: counts[name] for name in SEVERITIES if counts[name]}

    def by_category(self) -> dict[str, int]:
        counts: Counter[str] = Counter(f.category for f in self.active)
        return {name: counts[name] for name in CATEGORIES if counts[name]}

    def by_status(self) -> dict[str, int]:
        """Counts of active findings by status, plus resolved and suppressed (accepted) ones."""
        counts: Counter[str] = Counter(f.status for f in self.active)
        return {"new": counts["new"], "persisting": counts["persisting"], "resolved": len(self.resolved),
                "suppressed": len(self.findings) - len(self.active)}

    def change_line(self) -> str | None:
        """The sentence reports lead with when the run was compared with the history."""
        if not self.compared:
            return None
        counts = self.by_status()
        return changes.change_line(counts["new"], counts["persisting"], counts["resolved"], counts["suppressed"],
                           self.previous_run_at)

    def for_account(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.account == key]

    @property
    def has_errors(self) -> bool:
        return any(account.errors for account in self.accounts)
