"""``report.json`` in the DESIGN.md §5 schema, a contract for scripts.

``auditor.report/1`` lists every finding in full. A large report (more active findings than
:data:`GROUP_ABOVE`) is ``auditor.report/2``, a compatible extension (issue 17): it adds ``groups``
(findings of one check with one reason, e.g. 214 posts combining an age with a work context), every
active finding names its ``group``, and beyond the worst :data:`~reports.digest.FEW` of a group a
finding is ``compact``: its evidence cut to one short excerpt, and its ``remediation`` and
``standards`` given once by the group instead of repeated. Every other field of every finding is
still there, so readers of ``/1`` keep working and no finding is ever left out.

The file is written as it is produced (:func:`write`), one finding a line, never built as one object.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from auditor.findings import Evidence, Finding, excerpt_with_spans
from auditor.result import AuditResult
from reports.digest import ReasonGroup, reason_groups

SCHEMA = "auditor.report/1"
SCHEMA_GROUPED = "auditor.report/2"
# More active findings than this and the report is grouped (/2). team/scope.py (``auditor share``)
# reads /1 only for now, so small reports, the common case, stay /1.
GROUP_ABOVE = 1000
COMPACT_WIDTH = 120  # a compact finding's one excerpt, in characters


def grouped_by_default(result: AuditResult) -> bool:
    return len(result.active) > GROUP_ABOVE


def to_dict(result: AuditResult, grouped: bool | None = None) -> dict[str, Any]:
    """The whole report as one object (tests and small tools; the file itself is streamed)."""
    doc: dict[str, Any] = json.loads(render(result, grouped))
    return doc


def render(result: AuditResult, grouped: bool | None = None) -> str:
    out = io.StringIO()
    write(result, out, grouped)
    return out.getvalue()


def write(result: AuditResult, out: TextIO, grouped: bool | None = None) -> None:
    """Stream the report to ``out``: the header, then one finding a line, then groups, resolved, summary."""
    grouped = grouped_by_default(result) if grouped is None else grouped
    groups = reason_groups(result.active) if grouped else []
    group_of: dict[str, str] = {}
    compact: set[str] = set()
    for group in groups:
        for f in group.findings:
            group_of[f.fingerprint] = group.id
        compact.update(f.fingerprint for f in group.rest)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write("{\n")
    out.write(f'  "schema": {dump(SCHEMA_GROUPED if grouped else SCHEMA)},\n')
    out.write(f'  "tool": {dump({"name": "auditor", "version": result.tool_version})},\n')
    out.write(f'  "generated_at": {dump(_time(result.generated_at))},\n')
    out.write(f'  "profile": {dump({"role": result.profile.role, "jurisdiction": result.profile.jurisdiction})},\n')
    _array(out, "accounts", (dump(_account(a)) for a in result.accounts))
    out.write(",\n")
    _array(out, "findings", (dump(finding_dict(f, group_of.get(f.fingerprint), f.fingerprint in compact))
                             for f in result.findings))
    out.write(",\n")
    if grouped:
        _array(out, "groups", (dump(group_dict(g)) for g in groups))
        out.write(",\n")
    _array(out, "resolved", (dump(finding_dict(f)) for f in result.resolved))
    out.write(",\n")
    summary = {"by_severity": result.by_severity(), "by_category": result.by_category(),
               "by_status": result.by_status(), "compared_with_history": result.compared,
               # issue 19 (compatible additions): never read "no findings" as an all-clear
               "complete": not result.unread_accounts,
               "unread_accounts": [a.key for a in result.unread_accounts],
               "verdict": verdict(result)}
    if grouped:
        summary["groups"] = len(groups)
    out.write(f'  "summary": {dump(summary)}\n')
    out.write("}\n")


def _array(out: TextIO, key: str, items: Iterable[str]) -> None:
    out.write(f'  "{key}": [')
    first = True
    for item in items:
        out.write("\n    " if first else ",\n    ")
        out.write(item)
        first = False
    out.write("]" if first else "\n  ]")


def _account(a: Any) -> dict[str, Any]:
    return {"key": a.key, "platform": a.platform, "handle": a.handle, "stance": a.stance,
            "source": a.source, "posts_scanned": a.posts_scanned,
            "connections_scanned": a.connections_scanned, "errors": list(a.errors), "notes": list(a.notes)}


def verdict(result: AuditResult) -> str:
    """``not_read`` (no account read), ``incomplete`` (some not read), ``findings`` or ``clear``."""
    if result.nothing_read:
        return "not_read"
    if result.unread_accounts:
        return "incomplete"
    return "findings" if result.active else "clear"


def group_dict(g: ReasonGroup) -> dict[str, Any]:
    """One group (schema /2): the DESIGN.md §5 fields, plus what its compact findings leave out."""
    remediation: dict[str, str] = {}
    for f in g.findings:
        remediation.setdefault(f.account, f.remediation)
    return {
        "id": g.id, "check": g.check, "reason": g.reason, "severity": g.worst, "count": g.count,
        "category": g.category, "title": g.title, "headline": g.headline,
        "accounts": sorted(remediation), "full": len(g.full),
        "remediation": remediation,
        "standards": [{"code": s.code, "text": s.text, "source": s.source} for s in g.findings[0].standards],
        "fingerprints": [f.fingerprint for f in g.findings],
    }


def finding_dict(f: Finding, group: str | None = None, compact: bool = False) -> dict[str, Any]:
    subject: dict[str, Any] = {"kind": f.subject.kind, "id": f.subject.id, "label": f.subject.label}
    if f.subject.url:
        subject["url"] = f.subject.url
    if f.subject.created_at:
        subject["created_at"] = _time(f.subject.created_at)
    evidence = f.evidence[:1] if compact else f.evidence
    out: dict[str, Any] = {
        "fingerprint": f.fingerprint,
        "check": f.check,
        "category": f.category,
        "severity": f.severity,
        "confidence": f.confidence,
        "account": f.account,
        "subject": subject,
        "title": f.title,
        "message": f.message,
        "evidence": [_evidence(e, COMPACT_WIDTH if compact else None) for e in evidence],
        "remediation": "" if compact else f.remediation,
        "standards": [] if compact else [{"code": s.code, "text": s.text, "source": s.source} for s in f.standards],
        "status": f.status,
        "suppressed": f.suppressed,
    }
    if f.suppression:
        out["suppression"] = {"reason": f.suppression.reason, "source": f.suppression.source,
                              "until": f.suppression.until.isoformat() if f.suppression.until else None}
    if group is not None:
        out["group"] = group
    if compact:
        out["compact"] = True
    return out


def _evidence(e: Evidence, width: int | None) -> dict[str, Any]:
    excerpt, spans = e.excerpt, e.spans
    if width is not None and len(excerpt) > width:
        excerpt, spans = excerpt_with_spans(excerpt, [(s.start, s.end, s.label) for s in spans], width)
    return {"field": e.field, "excerpt": excerpt,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans]}


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
