"""connections.interactions: replies and mentions between you and accounts that match your caseload.

A reply or a mention is more visible than a follow: it shows the relationship to everyone who
reads the thread. Two directions:

* outbound: the user's own posts name the accounts they reply to and mention; one finding per post;
* inbound: others' replies to and mentions of the user (``AccountSnapshot.interactions``, where a
  source has them: the Mastodon API with a token); one finding per matched account, counting its
  replies and mentions, so a chatty account is one thing to look at, not fifty.

An account counts when it is a connection that matches a caseload row (its full profile was
weighed), or when its handle (and, inbound, its display name) alone matches one. Findings name the
caseload row number only; evidence is the account as the platform shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.checking import AuditContext, Issue, check, check_data, post_subject
from auditor.checks import _caseload
from auditor.detectors.names import CaseloadMatcher, NameMatch
from auditor.findings import SEVERITY_RANK, Evidence, Subject, excerpt_with_spans
from auditor.model import AccountSnapshot, Connection, Interaction, Post


def _key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


@check("connections.interactions", category="connections", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    if not ctx.caseload:
        return
    severities: dict[str, str] = check_data(__name__)["severity_by_status"]
    lookup = _Lookup(_caseload.matcher(ctx), snapshot.captured_at.year)
    for conn, match in _caseload.matches(snapshot, ctx):
        if conn.handle:
            lookup.connections[_key(conn.handle)] = (conn, match)

    for post in snapshot.posts:
        hits: list[tuple[str, str, NameMatch]] = []
        if post.reply_to and (m := lookup.handle(post.reply_to)):
            hits.append(("replies to", post.reply_to, m))
        for handle in dict.fromkeys(post.mentions):
            if handle != post.reply_to and (m := lookup.handle(handle)):
                hits.append(("mentions", handle, m))
        if hits:
            yield _outbound(post, hits, severities)

    yield from _inbound(snapshot.interactions, lookup, severities)


@dataclass
class _Lookup:
    """Match an account once: from the matched connections, else by its name and handle alone."""

    matcher: CaseloadMatcher
    year: int
    connections: dict[str, tuple[Connection, NameMatch]] = field(default_factory=dict)
    _seen: dict[tuple[str | None, str], NameMatch | None] = field(default_factory=dict)

    def handle(self, handle: str) -> NameMatch | None:
        return self.account(None, handle)[1]

    def account(self, display_name: str | None, handle: str) -> tuple[Connection | None, NameMatch | None]:
        if (known := self.connections.get(_key(handle))) is not None:
            return known
        key = (display_name, _key(handle))
        if key not in self._seen:
            found = self.matcher.match(display_name, handle, year=self.year)
            self._seen[key] = found[0] if found else None
        return None, self._seen[key]


def _outbound(post: Post, hits: list[tuple[str, str, NameMatch]], severities: dict[str, str]) -> Issue:
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


def _inbound(interactions: list[Interaction], lookup: _Lookup, severities: dict[str, str]) -> Iterator[Issue]:
    """One finding per matched account that replied to or mentioned the user, newest interaction first."""
    by_account: dict[str, list[Interaction]] = {}
    for item in interactions:
        if item.handle:
            by_account.setdefault(item.account_id or _key(item.handle), []).append(item)
    for items in by_account.values():
        items.sort(key=lambda i: (i.created_at is not None, i.created_at), reverse=True)
        latest = items[0]
        assert latest.handle is not None
        conn, match = lookup.account(latest.display_name, latest.handle)
        if match is None:
            continue
        replies = sum(1 for i in items if i.kind == "reply")
        what = " and ".join(p for p in (_times("replied to you", replies),
                                         _times("mentioned you", len(items) - replies)) if p)
        when = f", most recently on {latest.created_at:%Y-%m-%d}" if latest.created_at else ""
        status = f" ({match.row.status} service user)" if match.row.status else ""
        handle = latest.handle.lstrip("@")
        texts = ({"display_name": conn.display_name or "", "handle": conn.handle or "", "bio": conn.bio,
                  "location": conn.location} if conn is not None else
                 {"display_name": latest.display_name or "", "handle": latest.handle})
        yield Issue(
            subject=Subject("connection", latest.account_id or handle, latest.display_name or f"@{handle}",
                            latest.url, latest.created_at),
            message=f"@{handle}, whose account {'may match' if match.possible else 'matches'} caseload row "
                    f"{match.row.row}{status}, {what}{when}.",
            evidence=_caseload.account_evidence(texts, match),
            severity=_caseload.status_severity(match, severities),
            confidence=match.confidence,
        )


def _times(verb: str, n: int) -> str:
    return "" if n == 0 else verb if n == 1 else f"{verb} {n} times"
