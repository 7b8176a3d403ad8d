"""``report.json`` in the DESIGN.md §5 schema (``auditor.report/1``), a contract for scripts."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from auditor.findings import Finding
from auditor.result import AuditResult

SCHEMA = "auditor.report/1"


def to_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "auditor", "version": result.tool_version},
        "generated_at": _time(result.generated_at),
        "profile": {"role": result.profile.role, "jurisdiction": result.profile.jurisdiction},
        "accounts": [
            {
                "key": a.key, "platform": a.platform, "handle": a.handle, "stance": a.stance,
                "source": a.source, "posts_scanned": a.posts_scanned,
                "connections_scanned": a.connections_scanned, "errors": list(a.errors), "notes": list(a.notes),
            }
            for a in result.accounts
        ],
        "findings": [finding_dict(f) for f in result.findings],
        "resolved": [finding_dict(f) for f in result.resolved],
        "summary": {"by_severity": result.by_severity(), "by_category": result.by_category(),
                    "by_status": result.by_status(), "compared_with_history": result.compared,
                    # issue 19 (compatible additions): never read "no findings" as an all-clear
                    "complete": not result.unread_accounts,
                    "unread_accounts": [a.key for a in result.unread_accounts],
                    "verdict": verdict(result)},
    }


def verdict(result: AuditResult) -> str:
    """``not_read`` (no account read), ``incomplete`` (some not read), ``findings`` or ``clear``."""
    if result.nothing_read:
        return "not_read"
    if result.unread_accounts:
        return "incomplete"
    return "findings" if result.active else "clear"


def finding_dict(f: Finding) -> dict[str, Any]:
    subject: dict[str, Any] = {"kind": f.subject.kind, "id": f.subject.id, "label": f.subject.label}
    if f.subject.url:
        subject["url"] = f.subject.url
    if f.subject.created_at:
        subject["created_at"] = _time(f.subject.created_at)
    return {
        "fingerprint": f.fingerprint,
        "check": f.check,
        "category": f.category,
        "severity": f.severity,
        "confidence": f.confidence,
        "account": f.account,
        "subject": subject,
        "title": f.title,
        "message": f.message,
        "evidence": [
            {"field": e.field, "excerpt": e.excerpt,
             "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in e.spans]}
            for e in f.evidence
        ],
        "remediation": f.remediation,
        "standards": [{"code": s.code, "text": s.text, "source": s.source} for s in f.standards],
        "status": f.status,
        "suppressed": f.suppressed,
        **({"suppression": {"reason": f.suppression.reason, "source": f.suppression.source,
                            "until": f.suppression.until.isoformat() if f.suppression.until else None}}
           if f.suppression else {}),
    }


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(result: AuditResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
