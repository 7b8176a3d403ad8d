"""linkage.summary: how easily the pseudonymous account can be tied to a named one, in plain words.

Each ``linkage_*`` check reports one kind of link; a user needs the verdict too: *can someone
who knows my named account find this one, and how?* This check gathers every signal for the
pair (reusing the signal checks' cached work), rates the pair, and says in one paragraph how
each link would be followed and what breaks it. Strong links are those an ordinary person (not
only an OSINT analyst) could follow in minutes: the same photo, a shared bio link, the same
post, a handle one guess away, one account following the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from auditor.checking import AccountPair, AuditContext, Issue, check, check_data
from auditor.checks import (
    linkage_avatar,
    linkage_crossposts,
    linkage_names,
    linkage_rhythm,
    linkage_shared_connections,
    linkage_shared_links,
    linkage_shared_tags,
)
from auditor.detectors.linkage import STRENGTH_RANK, Signal, pair_label
from auditor.findings import Evidence, Subject

CHECK_ID = "linkage.summary"
SIGNAL_SOURCES: tuple[Callable[[AccountPair, AuditContext], list[Signal]], ...] = (
    linkage_avatar.signals,
    linkage_names.signals,
    linkage_shared_links.signals,
    linkage_crossposts.signals,
    linkage_shared_connections.signals,
    linkage_shared_tags.signals,
    linkage_rhythm.signals,
)
_MODULES = {
    "linkage.avatar": linkage_avatar.__name__,
    "linkage.names": linkage_names.__name__,
    "linkage.shared_links": linkage_shared_links.__name__,
    "linkage.crossposts": linkage_crossposts.__name__,
    "linkage.shared_connections": linkage_shared_connections.__name__,
    "linkage.shared_tags": linkage_shared_tags.__name__,
    "linkage.rhythm": linkage_rhythm.__name__,
}


@check(CHECK_ID, category="linkage", severity="high", stances=("anonymous",), scope="pair")
def run(pair: AccountPair, ctx: AuditContext) -> Iterator[Issue]:
    fired = sorted((s for source in SIGNAL_SOURCES for s in source(pair, ctx)),
                   key=lambda s: -STRENGTH_RANK[s.strength])
    if not fired:
        return
    levels = check_data(__name__)["levels"]
    strong = sum(s.strength == "strong" for s in fired)
    moderate = sum(s.strength == "moderate" for s in fired)
    level = "very_high" if strong >= 2 else "high" if strong else "medium" if moderate else "low"
    verdict, severity = levels[level]["verdict"], levels[level]["severity"]
    ways = [f"{i}. {s.plain} ({s.strength})." for i, s in enumerate(fired, start=1)]
    counts = ", ".join(f"{n} {name}" for n, name in ((strong, "strong"), (moderate, "moderate"),
                                                     (len(fired) - strong - moderate, "weak")) if n)
    message = (f"{verdict} {len(fired)} link{'s' if len(fired) != 1 else ''} found ({counts}). Someone who "
               f"knows your {pair.named.key} account could find {pair.anonymous.key}: " + " ".join(ways))
    evidence = tuple(
        Evidence(f"{s.strength} link: {s.title}", f"What to do: {check_data(_MODULES[s.check])['fix']}")
        for s in fired
    )
    yield Issue(
        subject=Subject("account", f"summary@{pair.named.key}", pair_label(pair)),
        message=message,
        evidence=evidence,
        severity=severity,
        confidence=max(0.5, min(0.95, 0.4 + 0.2 * strong + 0.1 * moderate)),
        title=f"Linkability with {pair.named.key}: {levels[level]['name']}",
    )
