"""Run every applicable check on every account and assemble the :class:`AuditResult`.

Failure is contained: an account whose data cannot be read, or a check that raises, is recorded
in that account's ``errors`` and the rest of the audit still completes, so one bad export never
hides the findings from the others. Error texts never quote user data: a crash inside a check
is reported by check id and exception type only (``--debug`` shows the traceback on stderr).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import cast

from auditor import __version__
from auditor.caseload import load_caseload
from auditor.checking import AccountPair, AuditContext, Check, Issue, discover_checks
from auditor.config import AccountConfig, Config
from auditor.errors import UserError
from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, Severity, fingerprint
from auditor.model import AccountSnapshot
from auditor.progress import SILENT, Progress
from auditor.result import AccountSummary, AuditResult
from auditor.standards import standards_for
from auditor.state import load_checklist_answers

log = logging.getLogger(__name__)
Loader = Callable[[AccountConfig, Progress], AccountSnapshot]


def run_audit(
    config: Config,
    loader: Loader,
    checks: Iterable[Check] | None = None,
    progress: Progress = SILENT,
    now: datetime | None = None,
) -> AuditResult:
    """Load each configured account with ``loader``, run the checks, and return the result."""
    ctx = build_context(config)  # first, so a bad caseload file fails before slow account reads
    snapshots: list[AccountSnapshot] = []
    summaries: list[AccountSummary] = []
    with progress.phase("Reading", len(config.accounts)) as bar:
        for account in config.accounts:
            progress.step(f"Reading {account.platform} account ({account.where}, {account.stance})…")
            try:
                snapshot = loader(account, progress)
            except UserError as exc:
                summaries.append(_unread_summary(account, str(exc)))
                continue
            except Exception as exc:
                log.debug("connector crashed", exc_info=True)
                summaries.append(_unread_summary(
                    account, f"Internal error while reading this account ({type(exc).__name__}); "
                             f"please report it, and rerun with --debug for details."))
                continue
            finally:
                bar.advance()
            snapshots.append(snapshot)
            summaries.append(_summary(snapshot))
    return audit_snapshots(snapshots, ctx, summaries, checks, progress, now)


def build_context(config: Config) -> AuditContext:
    """Everything checks may read besides the snapshot, loaded once per audit."""
    caseload = load_caseload(config.caseload_file) if config.caseload_file is not None else None
    return AuditContext(profile=config.profile, identity=config.identity, checklist=load_checklist_answers(),
                        caseload=caseload, terms=config.terms)


def audit_snapshots(
    snapshots: list[AccountSnapshot],
    ctx: AuditContext,
    summaries: list[AccountSummary] | None = None,
    checks: Iterable[Check] | None = None,
    progress: Progress = SILENT,
    now: datetime | None = None,
) -> AuditResult:
    """Run checks over already-loaded snapshots (also the entry point for tests)."""
    checks = tuple(checks if checks is not None else discover_checks())
    summaries = summaries if summaries is not None else [_summary(s) for s in snapshots]
    by_key = {summary.key: summary for summary in summaries}
    findings: dict[str, Finding] = {}

    pairs = _pairs(snapshots)
    # One bar step per check run, weighted by the posts it reads, so the ETA follows the real work.
    runs = [(chk, s) for s in snapshots for chk in checks if chk.meta.scope == "account" and chk.applies_to(s)]
    pair_checks = [chk for chk in checks if chk.meta.scope == "pair"]
    weight = {s.key: 1 + len(s.posts) + len(s.connections) for s in snapshots}
    total = sum(weight[s.key] for _, s in runs) + sum(weight[p.anonymous.key] for p in pairs) * len(pair_checks)
    with progress.phase("Checking", total) as bar:
        for snapshot in snapshots:
            progress.step(f"Checking {snapshot.key}: {len(snapshot.posts):,} posts, "
                          f"{len(snapshot.connections):,} connections")
            for chk in checks:
                if chk.meta.scope == "account" and chk.applies_to(snapshot):
                    _run_one(chk, snapshot, snapshot, ctx, by_key[snapshot.key], findings)
                    bar.advance(weight[snapshot.key])

        for pair in pairs:
            for chk in pair_checks:
                _run_one(chk, pair, pair.anonymous, ctx, by_key[pair.anonymous.key], findings)
                bar.advance(weight[pair.anonymous.key])

    ordered = sorted(
        findings.values(),
        key=lambda f: (-SEVERITY_RANK[f.severity], f.account, f.check, f.subject.kind, f.subject.id),
    )
    return AuditResult(
        generated_at=(now or datetime.now(UTC)).replace(microsecond=0),
        tool_version=__version__,
        profile=ctx.profile,
        accounts=summaries,
        findings=ordered,
        checks_run=[chk.meta.id for chk in checks],
        check_meta={chk.meta.id: chk.meta for chk in checks},
    )


def _run_one(
    chk: Check,
    subject: AccountSnapshot | AccountPair,
    owner: AccountSnapshot,
    ctx: AuditContext,
    summary: AccountSummary,
    findings: dict[str, Finding],
) -> None:
    try:
        issues = list(chk(subject, ctx))
    except Exception as exc:
        log.debug("check %s crashed", chk.meta.id, exc_info=True)
        summary.errors.append(
            f"Check {chk.meta.id} failed ({type(exc).__name__}); its findings are missing from this "
            f"report. Please report it, and rerun with --debug for details."
        )
        return
    for issue in issues:
        finding = build_finding(chk, issue, owner, ctx)
        kept = findings.get(finding.fingerprint)
        if kept is None or SEVERITY_RANK[finding.severity] > SEVERITY_RANK[kept.severity]:
            findings[finding.fingerprint] = finding


def build_finding(chk: Check, issue: Issue, snapshot: AccountSnapshot, ctx: AuditContext) -> Finding:
    """Complete a check's :class:`Issue` with metadata, fingerprint, standards and remediation."""
    meta = chk.meta
    account = issue.account or snapshot.key
    severity = issue.severity or meta.severity
    if severity not in SEVERITIES:
        raise ValueError(f"check {meta.id} reported unknown severity {severity!r}")
    return Finding(
        fingerprint=fingerprint(meta.id, account, issue.subject.kind, issue.subject.id),
        check=meta.id,
        category=meta.category,
        severity=cast(Severity, severity),
        confidence=round(min(1.0, max(0.0, issue.confidence)), 2),
        account=account,
        subject=issue.subject,
        title=issue.title or meta.title,
        message=issue.message,
        evidence=issue.evidence,
        remediation=meta.remediation_for(snapshot.platform),
        standards=standards_for(meta.id, ctx.profile),
    )


def _pairs(snapshots: list[AccountSnapshot]) -> list[AccountPair]:
    anonymous = [s for s in snapshots if s.stance == "anonymous"]
    named = [s for s in snapshots if s.stance != "anonymous"]
    return [AccountPair(a, n) for a in anonymous for n in named]


def _summary(snapshot: AccountSnapshot) -> AccountSummary:
    return AccountSummary(
        key=snapshot.key,
        platform=snapshot.platform,
        handle=snapshot.handle,
        stance=snapshot.stance,
        source=snapshot.source,
        posts_scanned=len(snapshot.posts),
        connections_scanned=len(snapshot.connections),
        notes=list(snapshot.notes),
        errors=list(snapshot.errors),
        posts_complete=snapshot.posts_complete,
        newest_post_at=max((p.created_at for p in snapshot.posts if p.created_at is not None), default=None),
    )


def _unread_summary(account: AccountConfig, error: str) -> AccountSummary:
    handle = account.handle or account.where
    return AccountSummary(
        key=f"{account.platform}:{handle}",
        platform=account.platform,
        handle=handle,
        stance=account.stance,
        source="archive" if account.archive else "api",
        errors=[error],
    )
