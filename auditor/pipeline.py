"""The order of an audit, in one place: read → check → suppress → compare with history → report → notify.

Each step takes values and returns new ones; nothing changes a result in place. ``auditor run``
and ``auditor demo`` call :func:`audit_and_report`; tests call the steps.

- **read and check** (:func:`check`): the connectors read every account and the engine runs the checks.
- **suppress** (:func:`suppress`): accepted risks, config ``[[suppress]]`` first, then ``auditor
  suppress`` ones, mark findings ``suppressed``.
- **compare** (:func:`compare_with_history`): statuses ``new``/``persisting`` and ``resolved``
  findings against the history, reading only. With ``--no-history`` (and in the demo) the
  history is neither read nor written: every finding is new and only the config's rules apply.
- **report** (:func:`report`): the report files, then (:func:`record`) the run is recorded in the
  history in one transaction, so a run that fails or is killed before leaves the history as it was.
- **notify** (:func:`notify`): the ``[notify]`` e-mail when something new and serious was found.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.config import Config, default_config_path
from auditor.engine import run_audit
from auditor.errors import UserError
from auditor.findings import Suppression, severity_at_least
from auditor.history.changes import Comparison, compare, resolved_finding
from auditor.history.store import HistoryStore, default_history_path, history_path
from auditor.loading import load_config
from auditor.notify import NotifyError, send_notification
from auditor.progress import Progress
from auditor.result import AuditResult
from auditor.suppress import apply_suppressions
from connectors import incremental, load_snapshot
from reports import write_reports
from reports.terminal import print_summary

TREND_RUNS = 12  # points on the report's over-time chart


@dataclass(frozen=True)
class PeriodicOutcome:
    """What the history steps did, for the messages after the reports."""

    uses_history: bool = False
    history_path: Path | None = None
    expired: tuple[Suppression, ...] = ()
    recorded: bool = False
    not_recorded: str | None = None  # why a run that uses the history was not recorded in it


# -- the steps ------------------------------------------------------------------------------------


def check(config: Config, progress: Progress) -> AuditResult:
    """Read every configured account and run the checks."""
    return run_audit(config, load_snapshot, progress=progress)


def suppress(result: AuditResult, rules: list[Suppression], today: date) -> tuple[AuditResult, tuple[Suppression, ...]]:
    """The result with the accepted risks marked, and the rules that ran out but still matched."""
    outcome = apply_suppressions(result.findings, rules, today)
    return replace(result, findings=outcome.findings), tuple(outcome.expired)


def compare_with_history(
    result: AuditResult, config: Config, no_history: bool, today: date | None = None
) -> tuple[AuditResult, PeriodicOutcome]:
    """Suppress, then set statuses and ``resolved`` from the history; writes nothing.

    Reading only, so that reports can be written before the run is recorded (:func:`record`).
    """
    today = today or datetime.now(UTC).date()
    rules = list(config.suppress)
    if no_history or not config.history.enabled:
        result, expired = suppress(result, rules, today)
        result = replace(result, findings=[replace(f, status="new") for f in result.findings])
        return result, PeriodicOutcome(expired=expired)
    path = history_path(config)
    if not path.exists():  # the first run: nothing to compare with, and nothing created until it is recorded
        result, expired = suppress(result, rules, today)
        comparison = compare(result.findings, {}, complete_accounts(result))
    else:
        with HistoryStore.open(path) as store:
            result, expired = suppress(result, rules + store.suppressions(), today)
            comparison = store.compare_only(result, complete_accounts(result), partial_posts(result))
            result = replace(result, trend=_trend(result, store))
    return _compared(result, comparison), PeriodicOutcome(uses_history=True, history_path=path, expired=expired)


def report(result: AuditResult, output_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write the report files; the paths written."""
    return write_reports(result, output_dir, formats)


def record(result: AuditResult, config: Config, outcome: PeriodicOutcome) -> tuple[AuditResult, PeriodicOutcome]:
    """Record the run in one transaction (after the reports are written).

    The comparison is redone under the write lock, so a run that finished in between is taken
    into account; without one in between it gives the same statuses the reports show.
    """
    if not outcome.uses_history or outcome.history_path is None:
        return result, outcome
    if result.nothing_read:  # issue 19: a run that read nothing is no audit, and never a clean baseline
        return result, replace(outcome, not_recorded="no account could be read")
    with HistoryStore.open(outcome.history_path) as store:
        comparison = store.compare_and_record(result, complete_accounts(result), partial_posts(result),
                                              keep_runs=config.history.keep_runs)
    return _compared(result, comparison), replace(outcome, recorded=True)


def notify(result: AuditResult, config: Config, code: int, quiet: bool) -> int:
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


# -- the whole run --------------------------------------------------------------------------------


def audit_and_report(config: Config, args: argparse.Namespace) -> int:
    """Shared by ``run`` and ``demo``: audit, write reports, print the summary, pick the exit code."""
    progress = Progress(quiet=args.quiet)
    if not config.accounts:
        raise UserError(f"{config.path}: no [[accounts]] are configured, so there is nothing to audit. "
                        f"Add at least one: run `auditor init --force` to write a new config, or see the README's "
                        f"Configuration section.")
    no_history = getattr(args, "no_history", False)
    incremental.discard()  # positions staged by an unfinished earlier run never carry over
    result = check(config, progress)
    result, outcome = compare_with_history(result, config, no_history=no_history)
    written = report(result, args.output_dir or config.report.output_dir, args.format or config.report.formats)
    result, outcome = record(result, config, outcome)  # one transaction, after the reports exist
    if not no_history:
        incremental.commit()  # live connectors' "newest post read": only after the reports exist
    if not args.quiet:
        print_changes(outcome)
        print_summary(result, written)
    return notify(result, config, exit_code(result, args.fail_on), quiet=args.quiet)


def exit_code(result: AuditResult, fail_on: str | None) -> int:
    """2 if an account could not be read, else 1 if a finding reaches ``fail_on``, else 0."""
    unread = result.unread_accounts
    for account in unread:
        print(f"auditor: {account.key}: {account.errors[0]}", file=sys.stderr)
    if unread:
        return 2
    if fail_on and any(severity_at_least(f.severity, fail_on) for f in result.active if not f.possible):
        return 1
    return 0


def print_changes(outcome: PeriodicOutcome) -> None:
    """Say which acceptances ran out, and why a run was not recorded (the summary leads with what changed)."""
    if outcome.not_recorded:
        print(f"This run was not recorded in the audit history ({outcome.not_recorded}), so the next audit "
              f"compares with the last one that read your accounts.", file=sys.stderr)
    for rule in outcome.expired:
        print(f"Accepted risk expired on {rule.until}: {rule.describe()}. Its finding is back as new; "
              f"renew or remove the suppression.", file=sys.stderr)


def history_path_for(config_arg: Path | None) -> Path:
    """The history file for a command given ``--config`` or not (no config file: the default place)."""
    if config_arg is None and not default_config_path().is_file():
        return default_history_path()
    return history_path(load_config(config_arg))


# -- helpers --------------------------------------------------------------------------------------


def complete_accounts(result: AuditResult) -> set[str]:
    """Accounts read in full with every check run: only their missing findings count as resolved."""
    return {a.key for a in result.accounts if not a.errors}


def partial_posts(result: AuditResult) -> set[str]:
    """Accounts whose posts were read only in part (incremental fetch, a cap)."""
    return {a.key for a in result.accounts if not a.posts_complete}


def _compared(result: AuditResult, comparison: Comparison) -> AuditResult:
    titles = result.titles()
    return replace(result, findings=comparison.findings, compared=True, previous_run_at=comparison.previous_run_at,
                   resolved=[resolved_finding(past, titles) for past in comparison.resolved])


def _trend(result: AuditResult, store: HistoryStore, keep: int = TREND_RUNS) -> list[tuple[datetime, dict[str, int]]]:
    """Severity counts of the recent runs that audited any of these accounts, oldest first, then this run."""
    accounts = {a.key for a in result.accounts}
    past = [run for run in store.runs(limit=keep * 4) if accounts & set(run.accounts)][: keep - 1]
    return [(run.started_at, run.by_severity) for run in reversed(past)] + [(result.generated_at, result.by_severity())]
