"""The team dashboard's data: who shared what, who is overdue, trends, and common risk themes.

Built only from bundles that opened, are within their consent period and were not withdrawn;
every other file becomes a :class:`~auditor.team.bundle.Refused` entry with its reason, so one
bad file never hides the others. What is shown for a member never goes beyond the scope that
member consented to (a ``summary`` bundle contributes counts only).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from auditor.findings import CATEGORIES, SEVERITIES, SEVERITY_RANK
from auditor.team.bundle import Bundle, Refused, Withdrawal, open_file
from auditor.team.keys import TeamPrivateKey
from auditor.team.signing import Roster

FILE_SUFFIXES = (".bundle", ".withdrawal")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    audit_date: datetime
    total: int
    by_severity: dict[str, int]


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    email: str
    bundles: tuple[Bundle, ...]  # accepted, oldest audit first
    overdue: bool
    days_since_audit: int

    @property
    def latest(self) -> Bundle:
        return self.bundles[-1]

    @property
    def trend(self) -> tuple[TrendPoint, ...]:
        return tuple(TrendPoint(b.audit.generated_at, sum(a.total for a in b.audit.accounts), b.audit.by_severity())
                     for b in self.bundles)

    @property
    def change(self) -> int | None:
        """Findings now minus findings at the previous shared audit (None with only one)."""
        trend = self.trend
        return trend[-1].total - trend[-2].total if len(trend) > 1 else None


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    category: str
    members: int
    findings: int
    worst: str  # "" where the scope gives no per-finding severity


@dataclass
class TeamDashboard:
    generated_at: datetime
    key_id: str
    key_label: str
    overdue_after: timedelta
    members: list[MemberView] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    category_themes: list[Theme] = field(default_factory=list)
    finding_themes: list[Theme] = field(default_factory=list)

    @property
    def by_severity(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for member in self.members:
            total.update(member.latest.audit.by_severity())
        return {s: total[s] for s in SEVERITIES if total[s]}

    @property
    def overdue_count(self) -> int:
        return sum(1 for m in self.members if m.overdue)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its ``*.bundle`` and ``*.withdrawal`` files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix in FILE_SUFFIXES and p.is_file())
        else:
            out.append(path)
    return out


def build(paths: Iterable[Path], key: TeamPrivateKey, roster: Roster, now: datetime,
          overdue_after: timedelta) -> TeamDashboard:
    """The dashboard from the files at ``paths``; only bundles signed by a key enrolled in ``roster`` count."""
    board = TeamDashboard(generated_at=now, key_id=key.id, key_label=key.label, overdue_after=overdue_after)
    bundles: list[Bundle] = []
    for path in expand(paths):
        opened = open_file(path, key, roster)
        if isinstance(opened, Refused):
            board.refused.append(opened)
        elif isinstance(opened, Withdrawal):
            board.withdrawals.append(opened)
        else:
            bundles.append(opened)
    # A withdrawal counts only for consents its own signer gave: no one withdraws another member's consent.
    withdrawn = {(w.signer, cid): w for w in board.withdrawals for cid in w.consent_ids}
    accepted: dict[str, Bundle] = {}
    for bundle in bundles:
        consent = bundle.consent
        who = consent.member_name
        if (bundle.signer, consent.consent_id) in withdrawn:
            when = withdrawn[(bundle.signer, consent.consent_id)].withdrawn_at.strftime("%Y-%m-%d")
            board.refused.append(Refused(bundle.path, "withdrawn", f"the member withdrew this consent on {when}", who))
        elif consent.expired(now):
            board.refused.append(Refused(bundle.path, "expired", f"its consent expired on "
                                                                 f"{consent.expires_at.strftime('%Y-%m-%d')}", who))
        else:
            accepted.setdefault(consent.consent_id, bundle)  # the same bundle given twice counts once
    board.members = _members(accepted.values(), now, overdue_after)
    board.category_themes, board.finding_themes = _themes(board.members)
    return board


def _members(bundles: Iterable[Bundle], now: datetime, overdue_after: timedelta) -> list[MemberView]:
    grouped: dict[str, list[Bundle]] = defaultdict(list)
    for bundle in bundles:
        grouped[bundle.consent.member_key].append(bundle)
    members = []
    for group in grouped.values():
        group.sort(key=lambda b: (b.audit.generated_at, b.consent.granted_at))
        latest = group[-1]
        age = now - latest.audit.generated_at
        members.append(MemberView(latest.consent.member_name, latest.consent.member_email, tuple(group),
                                  overdue=age > overdue_after, days_since_audit=max(0, age.days)))
    return sorted(members, key=lambda m: (not m.overdue, m.name.casefold()))


def _themes(members: list[MemberView]) -> tuple[list[Theme], list[Theme]]:
    """Risk themes across each member's latest bundle: categories for all, finding titles where consented."""
    cat_members: Counter[str] = Counter()
    cat_findings: Counter[str] = Counter()
    title_members: Counter[tuple[str, str]] = Counter()
    title_findings: Counter[tuple[str, str]] = Counter()
    title_worst: dict[tuple[str, str], str] = {}
    for member in members:
        audit = member.latest.audit
        for category, count in audit.by_category().items():
            cat_members[category] += 1
            cat_findings[category] += count
        seen: set[tuple[str, str]] = set()
        for finding in audit.findings or ():
            theme = (finding.title, finding.category)
            title_findings[theme] += 1
            if SEVERITY_RANK[finding.severity] > SEVERITY_RANK.get(title_worst.get(theme, "info"), 0):
                title_worst[theme] = finding.severity
            if theme not in seen:
                seen.add(theme)
                title_members[theme] += 1
    categories = sorted(
        (Theme(c, c, cat_members[c], cat_findings[c], "") for c in CATEGORIES if cat_members[c]),
        key=lambda t: (-t.members, -t.findings, CATEGORIES.index(t.category)))
    titles = sorted(
        (Theme(t, c, title_members[(t, c)], title_findings[(t, c)], title_worst.get((t, c), "info"))
         for (t, c) in title_members),
        key=lambda t: (-t.members, -t.findings, t.name))
    return categories, titles[:15]
