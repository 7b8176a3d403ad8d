"""The outcome of one audit: what was read, what was found. Reports render this and nothing else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from auditor.checking import CheckMeta
from auditor.config_types import ProfileConfig
from auditor.findings import CATEGORIES, SEVERITIES, Finding


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
    newest_post_at: datetime | None = None  # the newest post read (stale-export warnings on a schedule)

    @property
    def unread(self) -> bool:
        """Nothing at all could be read: no finding about this account means nothing (issue 19)."""
        return bool(self.errors) and not self.posts_scanned and not self.connections_scanned


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
    # The metadata (title, rationale, …) of the checks this audit ran, by id: reports and the
    # history's resolved findings take titles from here rather than from the check registry.
    check_meta: dict[str, CheckMeta] = field(default_factory=dict)

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

    @property
    def unread_accounts(self) -> list[AccountSummary]:
        """Accounts that could not be read at all: a report with any of these is never an all-clear."""
        return [a for a in self.accounts if a.unread]

    @property
    def nothing_read(self) -> bool:
        """No account could be read: there is nothing to compare with the history or call clean."""
        return bool(self.accounts) and all(a.unread for a in self.accounts)

    def unread_line(self) -> str | None:
        """The sentence that takes the verdict's place when an account could not be read."""
        unread = self.unread_accounts
        if not unread:
            return None
        total = len(self.accounts)
        if len(unread) == total:
            which = "the account" if total == 1 else f"any of the {total} accounts"
            return (f"Not checked: {which} could not be read, so this audit says nothing about "
                    f"{'it' if total == 1 else 'them'}. Fix the problem below and run the audit again.")
        names = ", ".join(a.key for a in unread)
        return (f"Incomplete: {len(unread)} of {total} accounts could not be read ({names}). "
                f"Nothing is known about {'it' if len(unread) == 1 else 'them'}; fix the problem below "
                f"and run the audit again.")

    def titles(self) -> dict[str, str]:
        """Check id → title, for the checks this audit ran."""
        return {check_id: meta.title for check_id, meta in self.check_meta.items()}

    def for_account(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.account == key]

    @property
    def has_errors(self) -> bool:
        return any(account.errors for account in self.accounts)
