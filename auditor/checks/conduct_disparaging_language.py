"""conduct.disparaging_language: contempt aimed at people served or worked with, or substance use at work.

Regulators act on posts that mock or insult service users, patients, families, colleagues or
employers, and on posts about drinking or drug use at work: both bring the profession into
disrepute whatever the account's stance. Swearing on its own is not flagged; it is flagged
when it sits in the same sentence as a person or body the user works with or for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, post_subject
from auditor.detectors.terms import Match, matcher
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot

_SENTENCE_END = re.compile(r"[.!?\n]+\s")


@check("conduct.disparaging_language", category="conduct", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    terms = matcher("contempt", "targets", "substance_at_work")
    for post in snapshot.posts:
        if post.kind == "repost":
            continue
        found = terms.find(post.text)
        if not found:
            continue
        substance = [m for m in found if m[2] == "SUBSTANCE_AT_WORK"]
        aimed = _contempt_aimed_at_target(post.text, found)
        if not substance and not aimed:
            continue
        spans = substance + aimed
        reasons = []
        if aimed:
            reasons.append("disparaging words about people you work with or for")
        if substance:
            reasons.append("alcohol or drug use connected with work")
        excerpt, shifted = excerpt_with_spans(post.text, spans)
        yield Issue(
            subject=post_subject(post),
            message="This post contains " + " and ".join(reasons) + ", which regulators treat as "
                    "bringing the profession into disrepute.",
            evidence=(Evidence("text", excerpt, shifted),),
            confidence=0.8 if aimed and substance else 0.7,
        )


def _contempt_aimed_at_target(text: str, found: list[Match]) -> list[Match]:
    """Contempt and target spans that fall in the same sentence."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    def sentence(pos: int) -> int:
        return next(i for i in range(len(bounds) - 1) if bounds[i] <= pos < bounds[i + 1])
    contempt = [m for m in found if m[2] == "CONTEMPT"]
    targets = [m for m in found if m[2] == "TARGET"]
    hits: list[Match] = []
    for c in contempt:
        near = [t for t in targets if sentence(t[0]) == sentence(c[0])]
        if near:
            hits += [c, *near]
    return sorted(set(hits))
