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
- **notify** (:func:`notify`): the ``[notify]`` e-mail when something new and serious was found,
  an account could not be read or an export is stale; its outcome is recorded in the history, and
  findings a failed e-mail never delivered are sent with the next one. A run that fails outright
  still mails (:func:`run_and_tell`).

A scheduled run (``--every``) also says when an export is older than the schedule's period.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.config import AccountConfig, Config, default_config_path, read_notify_only
from auditor.engine import run_audit
from auditor.errors import ConfigError, UserError
from auditor.findings import Suppression, severity_at_least
from auditor.history.changes import Comparison, PastFinding, compare, resolved_finding
from auditor.history.store import HistoryStore, default_history_path, history_path
from auditor.howto import page, platform_name
from auditor.loading import load_config
from auditor.notify import (
    NotifyConfig,
    NotifyError,
    account_label,
    failure_message,
    notable,
    send_message,
    send_notification,
)
from auditor.progress import SILENT, Progress
from auditor.result import AccountSummary, AuditResult
from auditor.schedule import PERIOD_DAYS
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
    run_id: int | None = None  # the recorded run, for the notification's outcome


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
            result = _known_accounts(result, config, store)
            result, expired = suppress(result, rules + store.suppressions(), today)
            comparison = store.compare_only(result, complete_accounts(result), partial_posts(result))
            result = replace(result, trend=_trend(result, store, _last_good(result, comparison.carried)))
    return _compared(result, comparison), PeriodicOutcome(uses_history=True, history_path=path, expired=expired)


def report(result: AuditResult, output_dir: Path, formats: tuple[str, ...], progress: Progress = SILENT) -> list[Path]:
    """Write the report files; the paths written."""
    return write_reports(result, output_dir, formats, progress)


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
                                              keep_runs=config.history.keep_runs, slots=_read_slots(result, config))
    return _compared(result, comparison), replace(outcome, recorded=True, run_id=comparison.run_id)


def notify(result: AuditResult, config: Config, code: int, quiet: bool,
           outcome: PeriodicOutcome | None = None, notes: list[str] | None = None) -> int:
    """Send the ``[notify]`` e-mail when due; a failure is reported and makes the exit code 2.

    New findings are mailed only for a run compared with the history (without it every finding
    is "new", and the e-mail would repeat the whole report on every run); an unreadable account
    and ``notes`` (stale exports) are mailed always. With the history, the outcome is recorded and
    the findings of a mail that failed are owed: the next mail carries those still open.
    """
    if config.notify is None:
        return code
    outcome = outcome or PeriodicOutcome()
    keeps_score = outcome.recorded and outcome.history_path is not None
    pending: set[str] = set()
    if keeps_score and outcome.history_path is not None:
        with HistoryStore.open(outcome.history_path) as store:
            pending = store.undelivered()
    try:
        sent = send_notification(result, config.notify, pending=pending, notes=notes or (),
                                 findings_due=result.compared)
    except NotifyError as exc:
        # owed: what this mail was to carry, including earlier owed findings that are still open
        owed = {f.fingerprint for f in notable(result, config.notify.min_severity, pending)}
        _record_delivery(outcome, "failed", owed if result.compared else pending)
        print(f"auditor: {exc}" + (" The findings it was to report are kept, and sent with the next e-mail."
                                   if keeps_score else ""), file=sys.stderr)
        return 2
    _record_delivery(outcome, "sent" if sent else "nothing to send", set())
    if sent and not quiet:
        print(f"Sent a notification to {', '.join(config.notify.to)}.")
    return code


def _record_delivery(outcome: PeriodicOutcome, what: str, owed: set[str]) -> None:
    if outcome.recorded and outcome.history_path is not None:
        with HistoryStore.open(outcome.history_path) as store:
            store.record_notification(outcome.run_id, what, owed)


def stale_exports(result: AuditResult, config: Config, every: str | None,
                  now: datetime | None = None) -> tuple[AuditResult, list[str]]:
    """Exports older than the schedule's period (issue 20 item 2): the result with a note on each
    such account (for the report), and neutral lines for the e-mail.

    A schedule pointed at a fixed export file re-audits the same data forever: say so, and link
    the platform's how-to for requesting a fresh one.
    """
    if every not in PERIOD_DAYS:
        return result, []
    now = now or datetime.now(UTC)
    period = PERIOD_DAYS[every]
    mail: list[str] = []
    accounts = []
    for account, summary in _paired(result, config):
        reasons = _staleness(account, summary, now, period) if account is not None else []
        if not reasons:
            accounts.append(summary)
            continue
        why = " and ".join(reasons)
        note = (f"This export may be stale: {why}, longer ago than the {every} schedule's {period} day"
                f"{'s' * (period != 1)}, so this audit probably re-read data it had already checked. "
                f"Request a fresh export from {platform_name(summary.platform)} and point the config at it; "
                f"how: {page(summary.platform)}")
        accounts.append(replace(summary, notes=[*summary.notes, note]))
        how = page() if summary.stance == "anonymous" else page(summary.platform)
        mail.append(f"The export of {account_label(summary)} may be stale ({why}), so this audit probably re-read "
                    f"data it had already checked. Request a fresh export; how: {how}")
    return replace(result, accounts=accounts), mail


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
    result, mail_notes = stale_exports(result, config, getattr(args, "every", None))
    result, outcome = compare_with_history(result, config, no_history=no_history)
    written = report(result, args.output_dir or config.report.output_dir, args.format or config.report.formats,
                     progress)
    result, outcome = record(result, config, outcome)  # one transaction, after the reports exist
    if not no_history:
        incremental.commit()  # live connectors' "newest post read": only after the reports exist
    for account in result.accounts:  # stale exports: said even with --quiet, since nobody reads the report
        for note in account.notes:
            if note.startswith("This export may be stale"):
                print(f"auditor: {account.key}: {note}", file=sys.stderr)
    if not args.quiet:
        print_changes(outcome)
        print_summary(result, written)
    return notify(result, config, exit_code(result, args.fail_on), quiet=args.quiet, outcome=outcome,
                  notes=mail_notes)


def run_and_tell(config_arg: Path | None, args: argparse.Namespace) -> int:
    """``auditor run``: load the config and audit; a run that fails still sends the ``[notify]`` e-mail.

    A scheduled run has nobody watching its terminal (issue 20 item 1): when the config no longer
    loads (an export moved or deleted) or the run stops with an error, the user is mailed that the
    run did not finish, then the error is raised as usual (exit code 2, message on stderr).
    """
    try:
        config = load_config(config_arg)
    except ConfigError:
        _tell_failure(read_notify_only(config_arg), "the config file could not be used (for example, an export "
                                                    "file it names was moved or deleted)", config_arg)
        raise
    try:
        return audit_and_report(config, args)
    except KeyboardInterrupt:
        raise
    except UserError:
        _tell_failure(config.notify, "it stopped with an error", config.path)
        raise
    except Exception:
        _tell_failure(config.notify, "it stopped with an internal error", config.path)
        raise


def _tell_failure(settings: NotifyConfig | None, what: str, config_path: Path | None) -> None:
    if settings is None:
        return
    try:
        send_message(failure_message(settings, what, datetime.now(UTC), config_path), settings)
    except NotifyError as exc:
        print(f"auditor: {exc}", file=sys.stderr)


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


def _trend(result: AuditResult, store: HistoryStore, kept: Counter[str] | None = None,
           keep: int = TREND_RUNS) -> list[tuple[datetime, dict[str, int]]]:
    """Severity counts of the recent runs that audited any of these accounts, oldest first, then this run
    (with ``kept``: the last good figures of accounts that could not be read)."""
    accounts = {a.key for a in result.accounts}
    past = [run for run in store.runs(limit=keep * 4) if accounts & set(run.accounts)][: keep - 1]
    now = Counter(result.by_severity()) + (kept or Counter())
    return [(run.started_at, run.by_severity) for run in reversed(past)] + [(result.generated_at, dict(now))]


def _last_good(result: AuditResult, carried: list[PastFinding]) -> Counter[str]:
    """By severity, the open findings that unread accounts had last time: kept instead of a false dip."""
    unread = {a.key for a in result.unread_accounts}
    return Counter(p.severity for p in carried if p.account in unread and not p.suppressed)


def _slot(account: AccountConfig) -> str:
    """A configured account's place: platform, position and source (never stored in clear; the history keys it)."""
    source = [str(p) for p in account.archive] or [account.api.base_url or "" if account.api else ""]
    return "\x00".join([account.platform, account.where, *source])


def _paired(result: AuditResult, config: Config) -> list[tuple[AccountConfig | None, AccountSummary]]:
    """Each account summary with its config entry (the engine keeps config order)."""
    if len(result.accounts) != len(config.accounts):
        return [(None, summary) for summary in result.accounts]
    return list(zip(config.accounts, result.accounts, strict=True))


def _read_slots(result: AuditResult, config: Config) -> dict[str, str]:
    """Slot → account key for the accounts read this run whose key comes from the export (no handle in the config)."""
    return {_slot(account): summary.key for account, summary in _paired(result, config)
            if account is not None and account.handle is None and not summary.unread}


def _known_accounts(result: AuditResult, config: Config, store: HistoryStore) -> AuditResult:
    """An unread account whose handle comes from its export gets the key it had when last read (issue 20).

    Without this, a damaged export turns ``x:FrontlineFern`` into ``x:accounts[1]``: its findings
    vanish from the comparison and the chart dips. With it, they are carried, as for any unread account.
    """
    pairs = _paired(result, config)
    wanted = [_slot(a) for a, s in pairs if a is not None and a.handle is None and s.unread]
    if not wanted:
        return result
    known = store.slot_accounts(wanted)
    accounts = []
    for account, summary in pairs:
        key = known.get(_slot(account)) if account is not None and summary.unread else None
        if key and key != summary.key and key.startswith(f"{summary.platform}:"):
            summary = replace(summary, key=key, handle=key.split(":", 1)[1])
        accounts.append(summary)
    return replace(result, accounts=accounts)


def _staleness(account: AccountConfig, summary: AccountSummary, now: datetime, period: int) -> list[str]:
    if not account.archive or summary.unread:
        return []
    reasons = []
    try:
        newest_file = max(p.stat().st_mtime for p in account.archive)
    except OSError:
        newest_file = None
    if newest_file is not None:
        age = (now - datetime.fromtimestamp(newest_file, UTC)).days
        if age > period:
            reasons.append(f"the export file is {age} days old")
    if summary.newest_post_at is not None:
        newest = summary.newest_post_at if summary.newest_post_at.tzinfo else summary.newest_post_at.replace(tzinfo=UTC)
        if (now - newest).days > period:
            reasons.append(f"its newest post is from {newest:%Y-%m-%d}")
    return reasons
