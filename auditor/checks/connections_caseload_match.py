"""connections.caseload_match: followers, friends and connections who may be people you support.

Regulators forbid personal online connections with current and former service users. Every
connection with a name or handle is matched against the user's caseload file (see
``auditor/detectors/names``). A finding names the caseload *row number* only; its evidence is
the connection as the platform shows it. Former service users get a lower severity than
current ones, but are still reported. Weak matches (same name, contrary details) have
confidence below 0.5 and are shown as *possible*.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, check_data
from auditor.checks import _caseload
from auditor.findings import Subject
from auditor.model import AccountSnapshot


@check("connections.caseload_match", category="connections", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    if not ctx.caseload:
        return
    data = check_data(__name__)
    severities: dict[str, str] = data["severity_by_status"]
    relations: dict[str, str] = data["relation"]
    for conn, match in _caseload.matches(snapshot, ctx):
        who = relations.get(conn.relation, "This account")
        status = f" ({match.row.status} service user)" if match.row.status else ""
        lead = "may match" if match.possible else "matches"
        severity = severities["removed_friend"] if conn.relation == "removed_friend" else \
            _caseload.status_severity(match, severities)
        yield Issue(
            subject=Subject("connection", conn.id or conn.handle or conn.label, conn.label, conn.url),
            message=f"{who} {lead} caseload row {match.row.row}{status}: {_caseload.describe(match)}.",
            evidence=_caseload.evidence(conn, match),
            severity=severity,
            confidence=match.confidence,
            title=data["possible_title"] if match.possible else None,
        )
