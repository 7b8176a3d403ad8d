"""What every linkage check shares: the signal type and the typed registry of signal checks.

A linkage *signal* is one observable link between a pseudonymous account and a named one
(the same avatar, a shared club link, a cross-posted text…). Each ``linkage_*`` check finds one
kind of signal and adds itself to :data:`LINKAGE_SIGNALS` with :func:`linkage_check`;
``linkage.summary`` gathers every registered kind into a plain-language verdict. Signals are
computed once per pair per audit (the registry caches them in the audit context), so the
summary reuses the work instead of redoing a 100,000-post comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from auditor.checking import AccountPair, AuditContext, Check, Issue, check, check_data, discover_checks
from auditor.findings import Evidence, Severity, Subject

Strength = Literal["strong", "moderate", "weak"]
STRENGTH_SEVERITY: dict[str, str] = {"strong": "high", "moderate": "medium", "weak": "low"}
STRENGTH_CONFIDENCE: dict[str, float] = {"strong": 0.9, "moderate": 0.7, "weak": 0.45}
STRENGTH_RANK: dict[str, int] = {"strong": 3, "moderate": 2, "weak": 1}

SignalFinder = Callable[[AccountPair], list["Signal"]]


@dataclass(frozen=True)
class Signal:
    """One link between the two accounts, ready to become a finding and a summary line.

    ``plain`` completes the sentence "Someone who knows your named account could find this one
    …", so the summary reads naturally whatever fired.
    """

    check: str
    strength: Strength
    subject_id: str
    title: str
    message: str
    plain: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def severity(self) -> str:
        return STRENGTH_SEVERITY[self.strength]

    def issue(self, pair: AccountPair) -> Issue:
        subject = Subject("account", f"{self.subject_id}@{pair.named.key}", f"{pair_label(pair)}: {self.title}")
        return Issue(subject=subject, message=self.message, evidence=self.evidence, severity=self.severity,
                     confidence=STRENGTH_CONFIDENCE[self.strength], title=self.title)


def pair_label(pair: AccountPair) -> str:
    return f"{pair.anonymous.key} ↔ {pair.named.key}"


@dataclass(frozen=True)
class LinkageSource:
    """One registered kind of link: its check, where its data is, and how to find it in a pair."""

    check_id: str
    module: str  # the check's module, whose .toml holds the ``fix`` the summary quotes
    order: int  # links of equal strength are listed in this order in the summary
    find: SignalFinder

    def fix(self) -> str:
        """What to do about this kind of link (the ``fix`` key of the check's .toml)."""
        return str(check_data(self.module)["fix"])


class LinkageSignals:
    """The linkage signal checks, each added by :func:`linkage_check` when its module is imported."""

    def __init__(self) -> None:
        self._sources: dict[str, LinkageSource] = {}

    def add(self, source: LinkageSource) -> None:
        if source.check_id in self._sources and self._sources[source.check_id].module != source.module:
            raise RuntimeError(f"linkage signal {source.check_id} is registered twice")
        self._sources[source.check_id] = source

    def sources(self) -> list[LinkageSource]:
        """Every kind of link, in summary order (importing the check modules first, so all are here)."""
        discover_checks()
        return sorted(self._sources.values(), key=lambda s: s.order)

    def signals(self, source: LinkageSource, pair: AccountPair, ctx: AuditContext) -> list[Signal]:
        """One kind's signals for this pair, computed once per audit."""
        key = f"linkage:{source.check_id}:{id(pair.anonymous)}:{id(pair.named)}"
        return ctx.cached(key, lambda: source.find(pair))

    def all(self, pair: AccountPair, ctx: AuditContext) -> list[tuple[LinkageSource, Signal]]:
        """Every signal of the pair with the kind it is, in summary order."""
        return [(source, signal) for source in self.sources() for signal in self.signals(source, pair, ctx)]


LINKAGE_SIGNALS = LinkageSignals()


def linkage_check(check_id: str, *, severity: Severity, order: int) -> Callable[[SignalFinder], Check]:
    """Declare a linkage signal check: ``find(pair)`` returns its signals, each becomes one finding.

    Registers it in :data:`LINKAGE_SIGNALS` (for ``linkage.summary``) and as a pair check for the
    pseudonymous account, with its text from the sibling .toml as for :func:`auditor.checking.check`.
    """

    def wrap(find: SignalFinder) -> Check:
        source = LinkageSource(check_id, find.__module__, order, find)
        LINKAGE_SIGNALS.add(source)

        def run(pair: AccountPair, ctx: AuditContext) -> Iterator[Issue]:
            for signal in LINKAGE_SIGNALS.signals(source, pair, ctx):
                yield signal.issue(pair)

        run.__module__, run.__doc__ = find.__module__, find.__doc__
        return check(check_id, category="linkage", severity=severity, stances=("anonymous",), scope="pair")(run)

    return wrap


__all__ = ["LINKAGE_SIGNALS", "STRENGTH_RANK", "LinkageSignals", "LinkageSource", "Signal", "linkage_check",
           "pair_label"]
