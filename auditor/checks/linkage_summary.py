"""linkage.summary: how easily the pseudonymous account can be tied to a named one, in plain words.

Each ``linkage_*`` check reports one kind of link; a user needs the verdict too: *can someone
who knows my named account find this one, and how?* This check gathers every signal for the
pair from the ``LinkageSignals`` registry that each signal check adds itself to (reusing their
cached work), rates the pair, and says in one paragraph how each link would be followed and
what breaks it. Strong links are those an ordinary person (not
only an OSINT analyst) could follow in minutes: the same photo, a shared bio link, the same
post, a handle one guess away, one account following the other.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AccountPair, AuditContext, Issue, check, check_data
from auditor.checks._linkage import LINKAGE_SIGNALS, STRENGTH_RANK, pair_label
from auditor.findings import Evidence, Subject

CHECK_ID = "linkage.summary"


@check(CHECK_ID, category="linkage", severity="high", stances=("anonymous",), scope="pair")
def run(pair: AccountPair, ctx: AuditContext) -> Iterator[Issue]:
    found = sorted(LINKAGE_SIGNALS.all(pair, ctx), key=lambda item: -STRENGTH_RANK[item[1].strength])
    if not found:
        return
    fired = [signal for _, signal in found]
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
    evidence = tuple(Evidence(f"{s.strength} link: {s.title}", f"What to do: {source.fix()}") for source, s in found)
    yield Issue(
        subject=Subject("account", f"summary@{pair.named.key}", pair_label(pair)),
        message=message,
        evidence=evidence,
        severity=severity,
        confidence=max(0.5, min(0.95, 0.4 + 0.2 * strong + 0.1 * moderate)),
        title=f"Linkability with {pair.named.key}: {levels[level]['name']}",
    )
