"""``auditor run``: audit every account in the config and write the reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.config import REPORT_FORMATS, Config, load_config
from auditor.engine import run_audit
from auditor.errors import UserError
from auditor.findings import SEVERITIES, severity_at_least
from auditor.history.periodic import apply_history, notify_if_needed, print_changes, record_history
from auditor.progress import Progress
from auditor.result import AuditResult
from connectors import incremental, load_snapshot
from reports import write_reports
from reports.terminal import print_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("run", help="audit the accounts in your config file")
    parser.add_argument("--config", type=Path, help="config file (default ./auditor.toml, then the user config folder)")
    add_output_options(parser)
    parser.add_argument("--no-history", action="store_true", help="do not record this run in the audit history")
    parser.set_defaults(func=command)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", type=_formats, help="comma-separated: html,json,md (default from config)")
    parser.add_argument("--output-dir", type=Path, help="where to write the reports (default ./audit-report)")
    parser.add_argument("--fail-on", choices=SEVERITIES, help="exit 1 if a finding is at or above this severity")
    parser.add_argument("--quiet", action="store_true", help="print only errors (for schedulers and CI)")


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    bad = [f for f in formats if f not in REPORT_FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {bad or value!r}; choose from {', '.join(REPORT_FORMATS)}")
    return formats


def command(args: argparse.Namespace) -> int:
    return audit_and_report(load_config(args.config), args)


def audit_and_report(config: Config, args: argparse.Namespace) -> int:
    """Shared by ``run`` and ``demo``: audit, write reports, print the summary, pick the exit code."""
    progress = Progress(quiet=args.quiet)
    if not config.accounts:
        raise UserError(f"{config.path}: no [[accounts]] are configured, so there is nothing to audit. "
                        f"Add at least one: run `auditor init --force` to write a new config, or see the README's "
                        f"Configuration section.")
    incremental.discard()  # positions staged by an unfinished earlier run never carry over
    result = run_audit(config, load_snapshot, progress=progress)
    periodic = apply_history(result, config, no_history=getattr(args, "no_history", False))
    output_dir = args.output_dir or config.report.output_dir
    written = write_reports(result, output_dir, args.format or config.report.formats)
    record_history(result, config, periodic)  # one transaction, after the reports exist
    if not getattr(args, "no_history", False):
        incremental.commit()  # live connectors' "newest post read": only after the reports exist
    if not args.quiet:
        print_changes(result, periodic)
        print_summary(result, written)
    code = exit_code(result, args.fail_on)
    return notify_if_needed(result, config, code, quiet=args.quiet)


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
