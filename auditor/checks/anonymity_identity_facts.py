"""anonymity.identity_facts: facts that identify the user, appearing on a pseudonymous account.

A single mention of the user's name, employer, workplace, town, school or family on an
anonymous account is enough for someone who knows them to unmask it. The check scans the
public profile, former handles and every post against the ``[identity]`` facts. Evidence
quotes only the user's own text; the fact list itself never reaches the report.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.detectors.identity import IdentityMatcher
from auditor.detectors.terms import Match
from auditor.findings import SEVERITY_RANK, Evidence, Subject, excerpt_with_spans
from auditor.model import AccountSnapshot


@check("anonymity.identity_facts", category="anonymity", severity="high", stances=("anonymous",))
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    if not ctx.identity:
        return
    matcher = ctx.cached("identity-matcher", lambda: IdentityMatcher(ctx.identity))
    profile_fields = [*snapshot.profile.public_fields(), ("handle", snapshot.handle)]
    profile_fields += [("former handle", old) for old in snapshot.profile.previous_handles]
    evidence, labels = [], []
    for field, value in profile_fields:
        matches = matcher.find(value)
        if matches:
            evidence.append(_evidence(field, value, matches))
            labels += [label for _, _, label in matches]
    if evidence:
        yield Issue(
            subject=Subject("profile", "profile", f"{snapshot.key} profile"),
            message=f"Your profile shows {_describe(labels)}, which tie this account to you.",
            evidence=tuple(evidence),
            severity=_severity(labels),
        )
    for post in snapshot.posts:
        matches = matcher.find(post.text)
        if matches:
            labels = [label for _, _, label in matches]
            yield Issue(
                subject=post_subject(post),
                message=f"This post mentions {_describe(labels)}, which could identify you.",
                evidence=(_evidence("text", post.text, matches),),
                severity=_severity(labels),
            )


def _evidence(field: str, text: str, matches: list[Match]) -> Evidence:
    excerpt, spans = excerpt_with_spans(text, matches)
    return Evidence(field, excerpt, spans)


def _describe(labels: list[str]) -> str:
    names: dict[str, str] = check_data(__name__)["describe"]
    kinds = list(dict.fromkeys(names.get(label, "an identifying fact") for label in labels))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def _severity(labels: list[str]) -> str:
    levels: dict[str, str] = check_data(__name__)["severity_by_label"]
    return max((levels.get(label, "high") for label in labels), key=SEVERITY_RANK.__getitem__)
