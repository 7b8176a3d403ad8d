"""Shared by the connections checks: match one snapshot's connections against the caseload once.

Both ``connections.caseload_match`` and ``connections.interactions`` need the same matches, so
they are computed once per account and kept in the audit context's cache (in memory only).
"""

from __future__ import annotations

from collections import Counter

from auditor.checking import AuditContext
from auditor.detectors.names import CaseloadMatcher, NameMatch
from auditor.findings import Evidence, excerpt_with_spans
from auditor.model import AccountSnapshot, Connection

COMMON_LOCATION_SHARE = 0.05  # a location this common among connections is the user's own area


def matcher(ctx: AuditContext) -> CaseloadMatcher:
    assert ctx.caseload is not None
    caseload = ctx.caseload
    return ctx.cached("caseload-matcher", lambda: CaseloadMatcher(caseload, ctx.identity.of("places")))


def matches(snapshot: AccountSnapshot, ctx: AuditContext) -> list[tuple[Connection, NameMatch]]:
    """(connection, best match) for every connection that resembles a caseload row."""
    def compute() -> list[tuple[Connection, NameMatch]]:
        m = matcher(ctx)
        local = common_locations(snapshot.connections)
        out = []
        for conn in snapshot.connections:
            if not (conn.display_name or conn.handle):
                continue
            found = m.match(conn.display_name, conn.handle, conn.bio, conn.location,
                            snapshot.captured_at.year, local)
            if found:
                out.append((conn, found[0]))
        return out

    return ctx.cached(f"caseload-matches:{snapshot.key}", compute)


def common_locations(connections: list[Connection]) -> list[str]:
    """Locations shared by many connections: friends cluster where the user lives, so these count as local.

    This keeps a same-name connection in the user's own town from looking "elsewhere" when the
    config has no ``[identity] places``.
    """
    counts = Counter(c.location.strip() for c in connections if c.location.strip())
    total = sum(counts.values())
    if total < 20:
        return []
    return [loc for loc, n in counts.most_common(3) if n / total >= COMMON_LOCATION_SHARE]


def status_severity(match: NameMatch, ctx_severities: dict[str, str]) -> str:
    return ctx_severities.get(match.row.status or "unknown", ctx_severities["unknown"])


def evidence(conn: Connection, match: NameMatch) -> tuple[Evidence, ...]:
    """The connection as the platform shows it, with the matched parts marked (never caseload text)."""
    return account_evidence({"display_name": conn.display_name or "", "handle": conn.handle or "",
                             "bio": conn.bio, "location": conn.location}, match)


def account_evidence(texts: dict[str, str], match: NameMatch) -> tuple[Evidence, ...]:
    """An account's own fields (display name, handle, bio, location) with the matched parts marked."""
    out = []
    for field, text in texts.items():
        spans = [(s, e, label) for f, s, e, label in match.spans if f == field]
        if text and spans:
            excerpt, shifted = excerpt_with_spans(text, spans)
            out.append(Evidence(field, excerpt, shifted))
    return tuple(out)


def describe(match: NameMatch) -> str:
    return ", ".join(dict.fromkeys(match.reasons))
