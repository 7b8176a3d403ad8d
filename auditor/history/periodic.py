"""The steps ``auditor run`` takes around writing the reports.

Before: apply the accepted risks (config ``[[suppress]]`` first, then ``auditor suppress``
ones) and compare with the history to mark findings ``new``/``persisting`` and list ``resolved``
ones. After the reports are written: record the run, in one transaction. With ``--no-history``
(and in the demo) the history is neither read nor written: every finding is new and only the
config's ``[[suppress]]`` rules apply.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.checking import discover_checks
from auditor.config import Config, default_config_path, load_config
from auditor.history.changes import Comparison, compare, resolved_finding
from auditor.history.store import HistoryStore, default_history_path
from auditor.notify import NotifyError, send_notification
from auditor.result import AuditResult
from auditor.suppress import Suppression, apply_suppressions

TREND_RUNS = 12  # points on the report's over-time chart


@dataclass
class PeriodicOutcome:
    uses_history: bool = False
    history_path: Path | None = None
    expired: list[Suppression] = field(default_factory=list)
    recorded: bool = False
    not_recorded: str | None = None  # why a run that uses the history was not recorded in it


def history_path(config: Config) -> Path:
    return config.history.path or default_history_path()


def complete_accounts(result: AuditResult) -> set[str]:
    """Accounts read in full with every check run: only their missing findings count as resolved."""
    return {a.key for a in result.accounts if not a.errors}


def partial_posts(result: AuditResult) -> set[str]:
    """Accounts whose posts were read only in part (incremental fetch, a cap)."""
    return {a.key for a in result.accounts if not a.posts_complete}


def apply_history(
    result: AuditResult, config: Config, no_history: bool, today: date | None = None
) -> PeriodicOutcome:
    """Apply accepted risks and set statuses and ``resolved`` from the history; writes nothing.

    Reading only, so that reports can be written before the run is recorded (:func:`record_history`):
    a run that fails or is killed before then leaves the history as it was.
    """
    today = today or datetime.now(UTC).date()
    rules = list(config.suppress)
    if no_history or not config.history.enabled:
        outcome = PeriodicOutcome(expired=apply_suppressions(result.findings, rules, today).expired)
        for finding in result.findings:
            finding.status = "new"
        return outcome
    path = history_path(config)
    if not path.exists():  # the first run: nothing to compare with, and nothing created until it is recorded
        expired = apply_suppressions(result.findings, rules, today).expired
        comparison = compare(result.findings, {}, complete_accounts(result))
    else:
        with HistoryStore.open(path) as store:
            rules += store.suppressions()
            expired = apply_suppressions(result.findings, rules, today).expired
            comparison = store.compare_only(result, complete_accounts(result), partial_posts(result))
            result.trend = _trend(result, store)
    _set_resolved(result, comparison)
    return PeriodicOutcome(uses_history=True, history_path=path, expired=expired)


def _trend(result: AuditResult, store: HistoryStore, keep: int = TREND_RUNS) -> list[tuple[datetime, dict[str, int]]]:
    """Severity counts of the recent runs that audited any of these accounts, oldest first, then this run."""
    accounts = {a.key for a in result.accounts}
    past = [run for run in store.runs(limit=keep * 4) if accounts & set(run.accounts)][: keep - 1]
    return [(run.started_at, run.by_severity) for run in reversed(past)] + [(result.generated_at, result.by_severity())]


def record_history(result: AuditResult, config: Config, outcome: PeriodicOutcome) -> None:
    """Record the run in one transaction (after the reports are written).

    The comparison is redone under the write lock, so a run that finished in between is taken
    into account; without one in between it gives the same statuses the reports show.
    """
    if not outcome.uses_history or outcome.history_path is None:
        return
    if result.nothing_read:  # issue 19: a run that read nothing is no audit, and never a clean baseline
        outcome.not_recorded = "no account could be read"
        return
    with HistoryStore.open(outcome.history_path) as store:
        comparison = store.compare_and_record(result, complete_accounts(result), partial_posts(result),
                                              keep_runs=config.history.keep_runs)
    _set_resolved(result, comparison)
    outcome.recorded = True


def _set_resolved(result: AuditResult, comparison: Comparison) -> None:
    titles = {chk.meta.id: chk.meta.title for chk in discover_checks()}
    result.resolved = [resolved_finding(past, titles) for past in comparison.resolved]
    result.compared = True
    result.previous_run_at = comparison.previous_run_at


def print_changes(result: AuditResult, outcome: PeriodicOutcome) -> None:
    """Say which acceptances ran out, and why a run was not recorded (the summary leads with what changed)."""
    if outcome.not_recorded:
        print(f"This run was not recorded in the audit history ({outcome.not_recorded}), so the next audit "
              f"compares with the last one that read your accounts.", file=sys.stderr)
    for rule in outcome.expired:
        print(f"Accepted risk expired on {rule.until}: {rule.describe()}. Its finding is back as new; "
              f"renew or remove the suppression.", file=sys.stderr)


def notify_if_needed(result: AuditResult, config: Config, code: int, quiet: bool) -> int:
    """Send the ``[notify]`` e-mail when due; a failure is reported and makes the exit code 2.

    Only a run compared with the history notifies: without it every finding is "new", and the
    e-mail would repeat the whole report on every run.
    """
    if config.notify is None or not result.compared:
        return code
    try:
        sent = send_notification(result, config.notify)
    except NotifyError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return 2
    if sent and not quiet:
        print(f"Sent a notification to {', '.join(config.notify.to)}.")
    return code


def history_path_for(config_arg: Path | None) -> Path:
    """The history file for a command given ``--config`` or not (no config file: the default place)."""
    if config_arg is None and not default_config_path().is_file():
        return default_history_path()
    return history_path(load_config(config_arg))
