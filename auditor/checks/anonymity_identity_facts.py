"""anonymity.identity_facts: facts that identify the user, appearing on a pseudonymous account.

A single mention of the user's name, employer, workplace, town, school or family on an
anonymous account is enough for someone who knows them to unmask it. The check scans the
public profile (and where its links point), former handles, and every post's text, link
targets and photo metadata (alt text, EXIF fields such as Artist or Copyright) against the
``[identity]`` facts and their natural variants (see :mod:`auditor.detectors.variants`). A
profile link to a real-name network (LinkedIn, Facebook) is flagged too. Evidence quotes only
the user's own text; the fact list itself never reaches the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.detectors.identity import IdentityHit, IdentityMatcher
from auditor.findings import SEVERITY_RANK, Evidence, Subject, excerpt_with_spans
from auditor.model import AccountSnapshot, Post

_NAMED_NETWORK = re.compile(r"(?:linkedin\.com/in/|facebook\.com/(?!groups/|pages/|events/|sharer)|fb\.com/)[\w.\-%]+",
                            re.IGNORECASE)


@check("anonymity.identity_facts", category="anonymity", severity="high", stances=("anonymous",))
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    if not ctx.identity:
        return
    matcher = ctx.cached("identity-matcher", lambda: IdentityMatcher(ctx.identity))
    profile_fields = [*snapshot.profile.public_fields(), ("handle", snapshot.handle)]
    profile_fields += [("former handle", old) for old in snapshot.profile.previous_handles]
    evidence, hits = [], []
    for field, value in profile_fields:
        found = matcher.find_hits(value)
        if field in ("website",) or field.startswith("field:"):
            found += [IdentityHit(m.start(), m.end(), "IDENTITY_LINK", 0.7, "named network")
                      for m in _NAMED_NETWORK.finditer(value)]
        if found:
            evidence.append(_evidence(field, value, found))
            hits += found
    if evidence:
        yield Issue(
            subject=Subject("profile", "profile", f"{snapshot.key} profile"),
            message=f"Your profile shows {_describe(hits)}, which tie this account to you.",
            evidence=tuple(evidence),
            severity=_severity(hits),
            confidence=max(h.confidence for h in hits),
        )
    for post in snapshot.posts:
        evidence, hits = [], []
        for field, value in _post_fields(post):
            found = matcher.find_hits(value)
            if found:
                evidence.append(_evidence(field, value, found))
                hits += found
        if hits:
            yield Issue(
                subject=post_subject(post),
                message=f"This post mentions {_describe(hits)}, which could identify you.",
                evidence=tuple(evidence),
                severity=_severity(hits),
                confidence=max(h.confidence for h in hits),
            )


def _post_fields(post: Post) -> Iterator[tuple[str, str]]:
    """The post's text, its link targets and the metadata of its photos."""
    if post.text:
        yield "text", post.text
    for link in post.links:
        if link and link not in post.text:
            yield "link", link
    for media in post.media:
        if media.alt_text:
            yield "photo description", media.alt_text
        for key, value in media.exif.items():
            if value:
                yield f"photo metadata ({key})", value


def _evidence(field: str, text: str, hits: list[IdentityHit]) -> Evidence:
    excerpt, spans = excerpt_with_spans(text, [(h.start, h.end, h.label) for h in hits])
    return Evidence(field, excerpt, spans)


def _describe(hits: list[IdentityHit]) -> str:
    names: dict[str, str] = check_data(__name__)["describe"]
    kinds = list(dict.fromkeys(names.get(h.label, "an identifying fact") for h in hits))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def _severity(hits: list[IdentityHit]) -> str:
    levels: dict[str, str] = check_data(__name__)["severity_by_label"]
    return max((levels.get(h.label, "high") for h in hits), key=SEVERITY_RANK.__getitem__)
