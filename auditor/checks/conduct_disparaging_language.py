"""conduct.disparaging_language: contempt aimed at people served or worked with, or substance use at work.

Regulators act on posts that mock or insult service users, patients, families, colleagues or
employers, and on posts about drinking or drug use at work: both bring the profession into
disrepute whatever the account's stance. Swearing on its own is not flagged; it is flagged
when it sits in the same sentence as a person or body the user works with or for. Words that
are themselves contempt for people served ("frequent flyers") are flagged wherever they are.
The rules live in :mod:`auditor.detectors.conduct`; discrimination, boundary breaches and live
court cases have their own checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, post_subject
from auditor.detectors.conduct import ConductDetector, ConductHit
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot, Post

_REASONS = {
    "disparaging": "disparaging words about people you work with or for",
    "substance": "alcohol or drug use connected with work",
}


def conduct_hits(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[tuple[Post, list[ConductHit]]]:
    """Every own post with its conduct hits, computed once per snapshot and shared by the conduct checks."""
    detector = ctx.cached("conduct-detector", lambda: ConductDetector(ctx.profile.role, ctx.profile.jurisdiction,
                                                                      ctx.terms.by_label()))
    results: dict[str, list[ConductHit]] = ctx.cached(f"conduct-hits:{snapshot.key}:{id(snapshot)}", lambda: {
        post.id: hits for post in snapshot.posts
        if post.kind != "repost" and post.text and (hits := detector.assess(post.text))
    })
    for post in snapshot.posts:
        if post.id in results:
            yield post, results[post.id]


def conduct_issue(post: Post, hits: list[ConductHit], message: str) -> Issue:
    spans = sorted({span for hit in hits for span in hit.spans})
    excerpt, shifted = excerpt_with_spans(post.text, spans)
    return Issue(subject=post_subject(post), message=message, evidence=(Evidence("text", excerpt, shifted),),
                 confidence=max(hit.confidence for hit in hits) + (0.1 if len(hits) > 1 else 0.0))


@check("conduct.disparaging_language", category="conduct", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for post, all_hits in conduct_hits(snapshot, ctx):
        hits = [h for h in all_hits if h.kind in _REASONS]
        if hits:
            reasons = " and ".join(_REASONS[h.kind] for h in hits)
            yield conduct_issue(post, hits, f"This post contains {reasons}, which regulators treat as "
                                            f"bringing the profession into disrepute.")
