"""What every report shows first, computed once: findings grouped by check, and the top actions.

Reports never analyse; this only arranges the engine's findings for reading (group, rank,
count), so the HTML page, ``report.md`` and the terminal summary agree on "do these first".
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from auditor.checking import CheckMeta
from auditor.findings import CATEGORIES, SEVERITY_RANK, Finding
from auditor.result import AuditResult

CATEGORY_TITLES = {
    "settings": "Privacy settings",
    "anonymity": "Anonymity",
    "confidentiality": "Confidentiality of people you support",
    "connections": "Connections with people you support",
    "conduct": "Professional conduct",
    "linkage": "Linkage between your accounts",
    "info": "Other observations",
}
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn",
                  "mastodon": "Mastodon", "bluesky": "Bluesky"}


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) address, else None (never a ``javascript:`` link)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass
class Group:
    """The findings of one check in one category: shared text once, items below."""

    check: str
    title: str
    category: str
    rationale: str
    findings: list[Finding] = field(default_factory=list)
    fixes: dict[str, str] = field(default_factory=dict)  # platform name → remediation text

    @property
    def anchor(self) -> str:
        return "g-" + self.check.replace(".", "-")

    @property
    def worst(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK[s])

    @property
    def accounts(self) -> list[str]:
        return sorted({f.account for f in self.findings})

    @property
    def confidence(self) -> float:
        """The highest confidence among the group's most severe findings."""
        worst = SEVERITY_RANK[self.worst]
        return max(f.confidence for f in self.findings if SEVERITY_RANK[f.severity] == worst)

    @property
    def parts(self) -> list[ReasonGroup]:
        """The group split by reason (issue 17), worst and largest first."""
        return reason_groups(self.findings)

    @property
    def is_checklist(self) -> bool:
        """Settings only the user can check: shown as one checklist, the shared text said once."""
        return self.check == CHECKLIST_CHECK


@dataclass(frozen=True)
class Action:
    """One of the "do these first" items: a check on one account, with how many things it covers."""

    severity: str
    title: str
    account: str
    count: int
    fix: str
    anchor: str
    link: str | None
    confidence: float = 1.0


CHECKLIST_CHECK = "settings.checklist"
CHECKLIST_INTRO = ("No export or API shows these settings, so the auditor cannot read them. Check each one where "
                   "it says, then record your answers with `auditor checklist`: answered items leave the report.")
# Sentences every checklist finding repeats; the checklist block says them once (CHECKLIST_INTRO).
_CHECKLIST_REPEATS = re.compile(r"\s*(No export or API shows this setting, so the auditor cannot read it\."
                                r"|Then record your answer with `auditor checklist`\.)")


def checklist_item(message: str) -> str:
    """A checklist finding's message without the sentences the checklist block says once."""
    return _CHECKLIST_REPEATS.sub("", message).strip()


def change_line(result: AuditResult) -> str | None:
    """The sentence reports lead with when the run was compared with the history."""
    if not result.compared or result.nothing_read:
        return None
    counts = result.by_status()
    return change_sentence(counts["new"], counts["persisting"], counts["resolved"], counts["suppressed"],
                           result.previous_run_at)


def change_sentence(new: int, persisting: int, resolved: int, accepted: int, previous: datetime | None) -> str:
    """The sentence a report leads with, e.g. "Since the last audit (2026-11-18): 2 new, 38 still open, …"."""
    accepted_text = f"; {accepted} accepted risk{'s' * (accepted != 1)} not counted" if accepted else ""
    if previous is None:
        return f"First audit in your history: all {new + persisting} findings are new{accepted_text}."
    return (f"Since the last audit ({previous:%Y-%m-%d}): {new} new, {persisting} still open, "
            f"{resolved} resolved{accepted_text}.")


def finding_order(f: Finding) -> tuple[int, float]:
    """Most severe first, then most confident (issue 19)."""
    return (-SEVERITY_RANK[f.severity], -f.confidence)


def ordered(groups: dict[str, list[Group]]) -> list[Group]:
    """Every group in reading order: worst severity first, then confidence, then the largest."""
    flat = [g for category_groups in groups.values() for g in category_groups]
    return sorted(flat, key=lambda g: (-SEVERITY_RANK[g.worst], -g.confidence, -len(g.findings), g.check))


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def build_groups(
    findings: Iterable[Finding], platforms: dict[str, str], meta: Mapping[str, CheckMeta]
) -> dict[str, list[Group]]:
    """Category → groups (one per check), worst first; items most severe, then most confident, first.

    ``meta`` is the metadata of the checks the audit ran (``AuditResult.check_meta``): each group's
    title and rationale. Reports list the groups across categories with :func:`ordered`."""
    groups: dict[tuple[str, str], Group] = {}
    for f in findings:
        key = (f.category, f.check)
        if key not in groups:
            m = meta.get(f.check)
            groups[key] = Group(f.check, m.title if m else f.title, f.category, m.rationale if m else "")
        group = groups[key]
        group.findings.append(f)
        platform = platforms.get(f.account, "")
        name = PLATFORM_NAMES.get(platform, platform or "All platforms")
        group.fixes.setdefault(name, f.remediation)
    out: dict[str, list[Group]] = defaultdict(list)
    for group in groups.values():
        group.findings.sort(key=finding_order)  # stable: equal findings keep the engine's order
        out[group.category].append(group)
    for items in out.values():
        items.sort(key=lambda g: (-SEVERITY_RANK[g.worst], -g.confidence, -len(g.findings), g.check))
    return {c: out[c] for c in CATEGORIES if c in out}


def top_actions(groups: dict[str, list[Group]], limit: int = 3) -> list[Action]:
    """The most important things to do: per (check, account), worst severity first, then most items.

    Grouping by check and account means "delete these 4 posts" is one action, so the three
    actions cover three different problems rather than three posts of the same kind.
    """
    candidates = []
    for category_groups in groups.values():
        for group in category_groups:
            by_account: dict[str, list[Finding]] = defaultdict(list)
            for f in group.findings:
                if not f.possible:
                    by_account[f.account].append(f)
            for account, items in by_account.items():
                worst = min(items, key=finding_order)
                link = safe_url(worst.subject.url) if len(items) == 1 else None
                candidates.append(Action(worst.severity, group.title, account, len(items),
                                         _first_sentence(worst.remediation), group.anchor, link, worst.confidence))
    candidates.sort(key=lambda a: (-SEVERITY_RANK[a.severity], -a.confidence, -a.count, a.title, a.account))
    return candidates[:limit]


# -- issue 17: groups of one check and one reason ---------------------------------------------------

FEW = 5  # the worst items of a reason group shown in full; the rest are compact rows


def reason_of(f: Finding) -> str:
    """Why a finding was raised, as a stable key: the labels of its evidence's spans (sorted, distinct),
    else the fields its evidence quotes, else "" (one reason per check)."""
    labels = sorted({s.label for e in f.evidence for s in e.spans})
    if labels:
        return "+".join(labels)
    fields = sorted({e.field for e in f.evidence})
    return "field:" + "+".join(fields) if fields else ""


def reason_words(reason: str) -> str:
    """A reason key in words: ``AGE+WORK_CONTEXT`` → "age, work context"."""
    if not reason:
        return ""
    body = reason.removeprefix("field:")
    words = [part.replace("_", " ").lower().removeprefix("identity ") for part in body.split("+")]
    return ("quotes " if reason.startswith("field:") else "") + ", ".join(w for w in words if w)


_KIND_NOUNS = {"post": ("post", "posts"), "media": ("photo", "photos"), "connection": ("connection", "connections"),
               "setting": ("setting", "settings"), "profile": ("profile", "profiles"),
               "account": ("account", "accounts")}


@dataclass
class ReasonGroup:
    """Findings of one check with one reason, e.g. 214 posts combining an age with a work context.

    ``findings`` are ordered worst first (severity, then confidence); the first :data:`FEW` are shown
    in full and the rest as compact rows (link, date, one-line excerpt)."""

    check: str
    reason: str
    title: str
    category: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable across runs: the check and the reason, never a count or a position."""
        raw = f"{self.check}\x1f{self.reason}".encode()
        return "g-" + hashlib.sha256(raw).hexdigest()[:12]

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def worst(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK[s])

    @property
    def full(self) -> list[Finding]:
        return self.findings[:FEW]

    @property
    def rest(self) -> list[Finding]:
        return self.findings[FEW:]

    @property
    def headline(self) -> str:
        """"214 posts: age, place, work context"."""
        kinds = {f.subject.kind for f in self.findings}
        singular, plural = _KIND_NOUNS.get(kinds.pop(), ("item", "items")) if len(kinds) == 1 else ("item", "items")
        noun = singular if self.count == 1 else plural
        words = reason_words(self.reason)
        return f"{self.count:,} {noun}" + (f": {words}" if words else "")


def reason_groups(findings: Iterable[Finding]) -> list[ReasonGroup]:
    """The findings split by (check, reason); worst group first, then the largest. Every finding is in
    exactly one group, in the engine's order within its severity and confidence."""
    groups: dict[tuple[str, str], ReasonGroup] = {}
    for f in findings:
        key = (f.check, reason_of(f))
        group = groups.get(key)
        if group is None:
            group = groups[key] = ReasonGroup(f.check, key[1], f.title, f.category)
        group.findings.append(f)
    out = list(groups.values())
    for group in out:
        group.findings.sort(key=finding_order)
    out.sort(key=lambda g: (-SEVERITY_RANK[g.worst], -g.count, g.check, g.reason))
    return out
