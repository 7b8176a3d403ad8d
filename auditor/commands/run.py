"""``auditor run``: audit every account in the config and write the reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.config import REPORT_FORMATS
from auditor.findings import SEVERITIES
from auditor.pipeline import run_and_tell
from auditor.schedule import EVERY


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("run", help="audit the accounts in your config file")
    parser.add_argument("--config", type=Path, help="config file (default ./auditor.toml, then the user config folder)")
    add_output_options(parser)
    parser.add_argument("--no-history", action="store_true", help="do not record this run in the audit history")
    parser.add_argument("--every", choices=EVERY, help="this is the scheduled run of that period (written by "
                                                        "`auditor schedule`): warn when an export is older")
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
    return run_and_tell(args.config, args)
