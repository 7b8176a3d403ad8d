"""The outcome of one audit: what was read, what was found. Reports render this and nothing else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from auditor.config import ProfileConfig
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


@dataclass
class AuditResult:
    generated_at: datetime
    tool_version: str
    profile: ProfileConfig
    accounts: list[AccountSummary]
    findings: list[Finding]
    checks_run: list[str]
    resolved: list[Finding] = field(default_factory=list)

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

    def for_account(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.account == key]

    @property
    def has_errors(self) -> bool:
        return any(account.errors for account in self.accounts)
