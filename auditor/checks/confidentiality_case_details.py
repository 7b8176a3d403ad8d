"""confidentiality.case_details: a work context combined with details that identify a person.

Every regulator says that details combine: "visit this morning, little J (6), the flat in
Eastfield" names nobody, yet identifies a child to anyone local. The scoring rule lives in
:mod:`auditor.detectors.confidentiality`: a strong work context plus one kind of identifying
detail, or a weaker hint plus two; more kinds raise severity and confidence, and the message
says which details combined. Term packs follow the user's ``[profile]`` role and
jurisdiction; the user's own local places (``[identity] places``) count as local places.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.detectors.confidentiality import Assessment, ConfidentialityDetector
from auditor.detectors.terms import Match
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot


def detector(ctx: AuditContext) -> ConfidentialityDetector:
    """The audit's detector, compiled once and shared by every check that needs it."""
    return ctx.cached("confidentiality-detector", lambda: ConfidentialityDetector(
        ctx.profile.role, ctx.profile.jurisdiction, places=ctx.identity.of("places"), extra_terms=ctx.terms.by_label()))


@check("confidentiality.case_details", category="confidentiality", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    found = detector(ctx)
    describe: dict[str, str] = check_data(__name__)["describe"]
    for post in snapshot.posts:
        if post.kind == "repost" or not post.text:
            continue
        assessment = found.assess(post.text)
        if assessment is None:
            continue
        excerpt, spans = excerpt_with_spans(post.text, assessment.spans)
        yield Issue(
            subject=post_subject(post),
            message=explain(post.text, assessment, describe),
            evidence=(Evidence("text", excerpt, spans),),
            severity=assessment.severity,
            confidence=assessment.confidence,
        )


def explain(text: str, assessment: Assessment, describe: dict[str, str]) -> str:
    """Which details combined, quoting the user's own words for each kind."""
    parts = []
    for kind in assessment.kinds:
        quotes = list(dict.fromkeys(_quote(text, d) for d in assessment.details if d[2] == kind))[:2]
        parts.append(f"{describe.get(kind, kind.lower())} ({', '.join(quotes)})")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    context = "a work context" if assessment.strong else "a hint of a work context"
    return (f"Combines {context} ({_quote(text, assessment.context[0])}) with {listed}. "
            f"Together these could identify the person you are writing about.")


def _quote(text: str, match: Match) -> str:
    return "“" + " ".join(text[match[0] : match[1]].split()) + "”"
