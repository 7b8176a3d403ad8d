"""Shared by the conduct checks: which posts the conduct scorer or rules flag, and the issue for one.

Each conduct check names one kind of problem; they all read the same per-post analysis
(:mod:`auditor.analysis`), so the detectors and the scorer run once per post.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.analysis import REPORT, VERIFY, PostAnalysis, post_analyses
from auditor.checking import AuditContext, Issue, post_subject
from auditor.detectors.conduct import ConductHit
from auditor.detectors.scorer import shipped_scorer
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot

LABEL = "conduct"
def conduct_posts(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[PostAnalysis]:
    """Own posts the conduct scorer finds risky, or that a conduct rule flags and the scorer does not rule out."""
    for analysis in post_analyses(snapshot, ctx):
        score = analysis.score(LABEL)
        if score >= REPORT or (analysis.conduct and score >= VERIFY):
            yield analysis


def conduct_issue(analysis: PostAnalysis, hits: list[ConductHit], message: str) -> Issue:
    spans = sorted({span for hit in hits for span in hit.spans})
    excerpt, shifted = excerpt_with_spans(analysis.post.text, spans)
    words = shipped_scorer().deciding_words(analysis.post.text, LABEL)
    if words:
        message += " Words that weighed most: " + ", ".join(f"“{w}”" for w in words) + "."
    if analysis.score(LABEL) < REPORT:
        message += " The wider wording makes this less certain: check how it reads to a stranger."
    return Issue(subject=post_subject(analysis.post), message=message, evidence=(Evidence("text", excerpt, shifted),),
                 confidence=analysis.score(LABEL))
