"""``auditor init``: write a commented config file, by asking (in a terminal) or from flags.

Interactive: it asks for the profession, where the user is registered, identity facts one kind
at a time (saying why each matters), each account and where its data is, an optional caseload
file and the report folder, re-asking whenever an answer cannot work (unknown platform, missing
export, an export of another platform). Non-interactive (any content flag, or ``--yes``): it
asks nothing and stops with exit code 2 on the first bad value. Either way the text is checked
with the project's own loader before it is written, written owner-only, never over an existing
file without ``--force``, and loaded back from disk afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from auditor.commands._init_answers import (
    ACCOUNT_FORMS,
    AnswerError,
    Ask,
    absolute_path,
    add_fact,
    check_caseload,
    parse_account,
    parse_kind,
    shown_spec,
)
from auditor.commands._init_interview import Interview
from auditor.config import (
    CONFIG_FILE_NAME,
    IDENTITY_KINDS,
    JURISDICTIONS,
    REPORT_FORMATS,
    ROLES,
    parse_config,
)
from auditor.config_writer import ConfigPlan, render_config, write_new_private
from auditor.errors import ConfigError, UserError
from auditor.howto import how_to_get
from auditor.howto import page as howto_page
from auditor.loading import load_config
from connectors.detect import detect_platform


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "init", help="set up a config file (asks questions, or takes flags in scripts)",
        description="Write a commented config file. In a terminal with no flags it asks the questions; any of "
                    "--role, --jurisdiction, --account, --identity, --caseload, --report-dir, --format or --yes "
                    "makes it non-interactive (it asks nothing and exits 2 on a bad value).")
    parser.add_argument("--output", type=Path, default=Path(CONFIG_FILE_NAME),
                        help=f"the config file to write (default ./{CONFIG_FILE_NAME})")
    parser.add_argument("--force", action="store_true", help="replace the file if it already exists")
    parser.add_argument("--yes", "--non-interactive", dest="yes", action="store_true",
                        help="ask nothing: write the config from the flags alone")
    parser.add_argument("--role", choices=ROLES, help="your profession (chooses the standards findings cite)")
    parser.add_argument("--jurisdiction", choices=JURISDICTIONS, help="where you are registered")
    parser.add_argument("--account", action="append", default=[], metavar="SPEC",
                        help=f"an account, repeatable: {ACCOUNT_FORMS} (ENV_VAR may be empty: "
                             f"bluesky:personal:api::you.bsky.social). Paths are relative to this folder.")
    parser.add_argument("--identity", action="append", default=[], metavar="KIND=VALUE",
                        help=f"an identity fact, repeatable; KIND is one of {', '.join(IDENTITY_KINDS)}")
    parser.add_argument("--caseload", type=Path, metavar="PATH", help="your caseload CSV (optional)")
    parser.add_argument("--report-dir", type=Path, metavar="PATH",
                        help="where reports go (default audit-report beside the config)")
    parser.add_argument("--format", metavar="LIST", help="reports to write: comma-separated html,json,md")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    return run_init(args)


def run_init(args: argparse.Namespace, ask: Ask | None = None, console: Console | None = None) -> int:
    """``ask`` replaces :func:`input` (tests script the answers); ``None`` needs a terminal."""
    console = console or Console(highlight=False)
    output = Path(os.path.abspath(os.path.expanduser(args.output)))
    if output.exists() and not args.force:
        raise UserError(f"{output} already exists; it was left unchanged. Add --force to replace it, or choose "
                        f"another file with --output.")
    if _non_interactive(args):
        plan = plan_from_flags(args, output, console)
    else:
        if ask is None:
            if not (sys.stdin and sys.stdin.isatty()):
                raise UserError("`auditor init` asks questions, so it needs a terminal. In a script, give the "
                                "answers as flags, e.g. `auditor init --role nurse --jurisdiction uk --account "
                                "x:anonymous:twitter.zip --identity real_names=\"Your Name\"` (add --yes to "
                                "write a config from defaults). `auditor init --help` lists them.")
            ask = input
        plan = Interview(ask, console, output).run()
    write_config(plan, output, replace=args.force)
    facts = sum(len(values) for values in plan.identity.values())
    console.print(f"Wrote {escape(str(output))} (owner-only): {len(plan.accounts)} account(s), {facts} identity "
                  f"fact(s). It loads cleanly.")
    config_arg = "" if output == Path.cwd() / CONFIG_FILE_NAME else f" --config {output}"
    if not plan.accounts:
        console.print("It has no accounts yet: add an [[accounts]] table before running an audit.")
    console.print(f"Next: `auditor run{escape(config_arg)}`, then `auditor checklist{escape(config_arg)}` for the "
                  f"settings no export shows.")
    for platform in dict.fromkeys(a.platform for a in plan.accounts):  # issue 19: where each export comes from
        console.print(escape(how_to_get(platform)))
    if not plan.accounts:
        console.print(escape(f"Where to get each platform's data: {howto_page()}"))
    return 0


def write_config(plan: ConfigPlan, output: Path, replace: bool = False) -> None:
    """Check the text with the loader, write it owner-only, and load it back from disk."""
    text = render_config(plan, output)
    try:
        parse_config(tomllib.loads(text), output, detect=detect_platform)
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise ConfigError(f"auditor init made a config that does not load, so nothing was written (please "
                          f"report this as a bug): {exc}") from None
    write_new_private(output, text, replace=replace)
    try:
        load_config(output)
    except ConfigError as exc:
        raise ConfigError(f"{output} was written but does not load back: {exc} Fix it by hand, or run "
                          f"`auditor init --force` again.") from None


# ---- non-interactive ----------------------------------------------------------------------------

def _non_interactive(args: argparse.Namespace) -> bool:
    return bool(args.yes or args.role or args.jurisdiction or args.account or args.identity or args.caseload
                or args.report_dir or args.format)


def plan_from_flags(args: argparse.Namespace, output: Path, console: Console) -> ConfigPlan:
    """The plan from the flags alone; the first value that cannot work is a :class:`UserError`."""
    identity: dict[str, list[str]] = {}
    for item in args.identity:
        kind, sep, value = item.partition("=")
        try:
            add_fact(identity, parse_kind(kind) if sep else "", value)
        except AnswerError as exc:
            # The value is not echoed: identity facts are kept out of every output.
            raise UserError(f"--identity: {exc} Write KIND=VALUE with KIND one of: "
                            f"{', '.join(IDENTITY_KINDS)}.") from None
    accounts = []
    for spec in args.account:
        try:
            accounts.append(parse_account(spec))
        except AnswerError as exc:
            raise UserError(f"--account {shown_spec(spec)!r}: {exc}") from None
    caseload = None
    if args.caseload is not None:
        try:
            caseload = check_caseload(str(args.caseload))
        except AnswerError as exc:
            raise UserError(f"--caseload: {exc}") from None
    formats: tuple[str, ...] = ("html", "json")
    if args.format is not None:
        formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
        if not formats or any(f not in REPORT_FORMATS for f in formats):
            raise UserError(f"--format {args.format!r}: give a comma-separated list of {', '.join(REPORT_FORMATS)}.")
    if not args.role:
        console.print("No --role given: findings will cite only the principles common to all professions.")
    return ConfigPlan(
        output_dir=absolute_path(str(args.report_dir)) if args.report_dir else output.parent / "audit-report",
        role=args.role or "generic", jurisdiction=args.jurisdiction or "generic",
        identity={kind: tuple(values) for kind, values in identity.items()},
        accounts=tuple(accounts), caseload=caseload, formats=formats)
