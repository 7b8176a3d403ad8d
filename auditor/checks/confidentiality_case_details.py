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

from auditor.analysis import REPORT, VERIFY, PostAnalysis, post_analyses
from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.detectors.confidentiality import Assessment
from auditor.detectors.scorer import shipped_scorer
from auditor.detectors.terms import Match
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot

LABEL = "confidentiality"


@check("confidentiality.case_details", category="confidentiality", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    describe: dict[str, str] = check_data(__name__)["describe"]
    for analysis in post_analyses(snapshot, ctx):
        score = analysis.score(LABEL)
        rule = analysis.confidentiality
        if score < REPORT and not (rule is not None and score >= VERIFY):
            continue
        text = analysis.post.text
        spans = sorted({*(rule.spans if rule else ()), *((m.start, m.end, "NAME") for m in analysis.mentions)})
        excerpt, shifted = excerpt_with_spans(text, spans)
        yield Issue(
            subject=post_subject(analysis.post),
            message=explain(analysis, describe),
            evidence=(Evidence("text", excerpt, shifted),),
            severity=_severity(analysis),
            confidence=score,
        )


def _severity(analysis: PostAnalysis) -> str:
    if any(m.kind in ("FULL", "NICK", "FAMILY") for m in analysis.mentions):
        return "high"
    return analysis.confidentiality.severity if analysis.confidentiality else "medium"


def explain(analysis: PostAnalysis, describe: dict[str, str]) -> str:
    """Which details combined (quoting the user's own words), and what else weighed in."""
    text, rule = analysis.post.text, analysis.confidentiality
    parts = []
    if analysis.mentions:
        quotes = list(dict.fromkeys(_quote(text, (m.start, m.end, m.kind)) for m in analysis.mentions))[:2]
        parts.append(f"It names someone on your caseload ({', '.join(quotes)}).")
    if rule is not None:
        parts.append(_combination(text, rule, describe))
    words = shipped_scorer().deciding_words(text, LABEL)
    if words:
        parts.append("Words that weighed most: " + ", ".join(f"“{w}”" for w in words) + ".")
    if not parts:
        parts.append("It reads like a post about someone you work with.")
    verdict = ("Together these could identify the person you are writing about." if analysis.score(LABEL) >= REPORT
               else "This may be harmless: check whether a reader could tell who it is about.")
    return " ".join([*parts, verdict])


def _combination(text: str, assessment: Assessment, describe: dict[str, str]) -> str:
    parts = []
    for kind in assessment.kinds:
        quotes = list(dict.fromkeys(_quote(text, d) for d in assessment.details if d[2] == kind))[:2]
        parts.append(f"{describe.get(kind, kind.lower())} ({', '.join(quotes)})")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    context = "a work context" if assessment.strong else "a hint of a work context"
    return f"Combines {context} ({_quote(text, assessment.context[0])}) with {listed}."


def _quote(text: str, match: Match) -> str:
    return "“" + " ".join(text[match[0] : match[1]].split()) + "”"
