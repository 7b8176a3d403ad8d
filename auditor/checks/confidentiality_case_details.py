"""confidentiality.case_details: a work context combined with details that identify a person.

Every regulator says that details combine: "visit this morning, little J (6), the flat in
Eastfield" names nobody, yet identifies a child to anyone local. A post is flagged when it has
a work context (a visit, a caseload, a referral, "my client") *and* at least one identifying
detail (an age, a name or initial, a local place, a school, a condition, the family's make-up,
a dated event). More kinds of detail raise severity and confidence. Posts about training or
research that name nobody stay clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.detectors.terms import Match, matcher, term_regex
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot

_IDENTIFIER_PACKS = ("ages", "names", "places", "schools", "conditions", "family", "events")
_SEVERITY_BY_COUNT = {1: "medium", 2: "high"}


class _KnownPlaces:
    """The user's own local places (from ``[identity] places``) as PLACE identifiers."""

    def __init__(self, places: tuple[str, ...]) -> None:
        alternatives = "|".join(term_regex(p) for p in sorted(places, key=len, reverse=True))
        self._regex = re.compile(alternatives, re.IGNORECASE) if places else None

    def find(self, text: str) -> list[Match]:
        if self._regex is None:
            return []
        return [(m.start(), m.end(), "PLACE") for m in self._regex.finditer(text)]


@check("confidentiality.case_details", category="confidentiality", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    context = matcher("work_context", "training_context")
    details = matcher(*_IDENTIFIER_PACKS)
    places = ctx.cached("confidentiality-places", lambda: _KnownPlaces(ctx.identity.of("places")))
    describe: dict[str, str] = check_data(__name__)["describe"]
    for post in snapshot.posts:
        if post.kind == "repost":
            continue
        found = context.find(post.text)
        work = [m for m in found if m[2] == "WORK_CONTEXT"]
        if not work:
            continue
        identifiers = details.find(post.text) + places.find(post.text)
        kinds = list(dict.fromkeys(label for _, _, label in identifiers))
        training = any(label == "TRAINING_CONTEXT" for _, _, label in found)
        if not kinds or (training and "NAME" not in kinds):
            continue
        severity = _SEVERITY_BY_COUNT.get(len(kinds), "critical")
        excerpt, spans = excerpt_with_spans(post.text, work + identifiers)
        listed = ", ".join(describe[k] for k in kinds)
        yield Issue(
            subject=post_subject(post),
            message=f"Combines a work context ({_quote(post.text, work[0])}) with {listed}. "
                    f"Together these could identify the person you are writing about.",
            evidence=(Evidence("text", excerpt, spans),),
            severity=severity,
            confidence=min(0.95, 0.45 + 0.15 * len(kinds)),
        )


def _quote(text: str, match: Match) -> str:
    return "“" + text[match[0] : match[1]] + "”"
