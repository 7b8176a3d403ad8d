"""connections.interactions: your replies to and mentions of accounts that match your caseload.

A reply or a mention is more visible than a follow: it shows the relationship to everyone who
reads the thread. Sources give us the user's own posts with the accounts they reply to and
mention; an account counts when it is a connection that matches a caseload row, or when its
handle alone matches one. (Replies and mentions *by* others are not in any current source's
normalised data; when a connector adds them, they belong here.)
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.checks import _caseload
from auditor.detectors.names import NameMatch
from auditor.findings import SEVERITY_RANK, Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot, Post


def _key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


@check("connections.interactions", category="connections", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    if not ctx.caseload:
        return
    severities: dict[str, str] = check_data(__name__)["severity_by_status"]
    known: dict[str, NameMatch | None] = {}
    for conn, match in _caseload.matches(snapshot, ctx):
        if conn.handle:
            known[_key(conn.handle)] = match
    matcher = _caseload.matcher(ctx)
    year = snapshot.captured_at.year

    def lookup(handle: str) -> NameMatch | None:
        key = _key(handle)
        if key not in known:
            found = matcher.match(None, handle, year=year)
            known[key] = found[0] if found else None
        return known[key]

    for post in snapshot.posts:
        hits: list[tuple[str, str, NameMatch]] = []
        if post.reply_to and (m := lookup(post.reply_to)):
            hits.append(("replies to", post.reply_to, m))
        for handle in dict.fromkeys(post.mentions):
            if handle != post.reply_to and (m := lookup(handle)):
                hits.append(("mentions", handle, m))
        if hits:
            yield _issue(post, hits, severities)


def _issue(post: Post, hits: list[tuple[str, str, NameMatch]], severities: dict[str, str]) -> Issue:
    parts = [f"{verb} @{handle.lstrip('@')}, whose account {'may match' if m.possible else 'matches'} "
             f"caseload row {m.row.row}" for verb, handle, m in hits]
    best = max((m for _, _, m in hits), key=lambda m: m.confidence)
    severity = max((_caseload.status_severity(m, severities) for _, _, m in hits), key=SEVERITY_RANK.__getitem__)
    spans = []
    for _, handle, _ in hits:
        bare = handle.lstrip("@")
        at = post.text.casefold().find("@" + bare.casefold())
        if at >= 0:
            spans.append((at, at + len(bare) + 1, "caseload match"))
    evidence: tuple[Evidence, ...] = ()
    if spans:
        excerpt, shifted = excerpt_with_spans(post.text, spans)
        evidence = (Evidence("text", excerpt, shifted),)
    return Issue(
        subject=post_subject(post),
        message="This post " + "; and ".join(parts) + ".",
        evidence=evidence,
        severity=severity,
        confidence=best.confidence,
    )
