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
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from auditor.config import (
    CONFIG_FILE_NAME,
    IDENTITY_KINDS,
    JURISDICTIONS,
    PLATFORM_ALIASES,
    REPORT_FORMATS,
    ROLES,
    load_config,
    parse_config,
)
from auditor.config_writer import AccountPlan, ConfigPlan, init_text, render_config, write_new_private
from auditor.errors import ConfigError, UserError
from auditor.howto import how_to_get, platform_name, with_article
from auditor.howto import page as howto_page
from auditor.model import PLATFORMS, STANCES

Ask = Callable[[str], str]
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
API_NEEDS_TOKEN = {"x": "an X user access token", "facebook": "a Facebook access token"}
API_NEEDS_HANDLE = {"mastodon": "@you@social.example", "bluesky": "you.bsky.social"}
ACCOUNT_FORMS = "PLATFORM:STANCE:PATH, PLATFORM:STANCE:api:ENV_VAR or PLATFORM:STANCE:api:ENV_VAR:HANDLE"


class AnswerError(Exception):
    """One answer that cannot work; interactive mode shows it and asks again, flags exit 2."""


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
        parse_config(tomllib.loads(text), output)
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
            raise UserError(f"--account {_shown(spec)!r}: {exc}") from None
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
        output_dir=_absolute(str(args.report_dir)) if args.report_dir else output.parent / "audit-report",
        role=args.role or "generic", jurisdiction=args.jurisdiction or "generic",
        identity={kind: tuple(values) for kind, values in identity.items()},
        accounts=tuple(accounts), caseload=caseload, formats=formats)


def _shown(spec: str) -> str:
    """The spec for a message; the part after ``api:`` is hidden (it may be a pasted token)."""
    head, sep, _ = spec.partition(":api:")
    return f"{head}:api:…" if sep else spec


def parse_account(spec: str) -> AccountPlan:
    """``PLATFORM:STANCE:PATH`` or ``PLATFORM:STANCE:api[:ENV_VAR[:HANDLE]]`` (a path named ``api``
    is written ``./api``). The path is the rest of the text, so it may hold ``:`` itself."""
    parts = spec.split(":", 2)
    if len(parts) < 3 or not parts[2]:
        raise AnswerError(f"write it as {ACCOUNT_FORMS}.")
    platform, stance, source = check_platform(parts[0]), check_stance(parts[1]), parts[2]
    if source.strip().lower() == "api" or source.lower().startswith("api:"):
        _, token_env, handle = [*source.split(":", 2), "", ""][:3]
        return check_api(platform, stance, token_env.strip() or None, handle.strip() or None)
    return AccountPlan(platform, stance, archive=check_archive(platform, source))


# ---- validation shared by both modes --------------------------------------------------------------

def check_platform(raw: str) -> str:
    platform = PLATFORM_ALIASES.get(raw.strip().lower(), raw.strip().lower())
    if platform not in PLATFORMS:
        raise AnswerError(f"{raw!r} is not a platform this auditor reads; choose one of: {', '.join(PLATFORMS)}.")
    return platform


def check_stance(raw: str) -> str:
    stance = raw.strip().lower()
    if stance not in STANCES:
        raise AnswerError(f"{raw!r} is not a stance; choose one of: {', '.join(STANCES)}.")
    return stance


def parse_kind(raw: str) -> str:
    """An identity kind; the singular (``employer``, ``email``) is accepted too."""
    kind = raw.strip().lower()
    for known in IDENTITY_KINDS:
        if kind in (known, known.removesuffix("s")):
            return known
    raise AnswerError(f"{raw!r} is not a kind of identity fact.")


def add_fact(identity: dict[str, list[str]], kind: str, value: str) -> None:
    """Add one fact (stripped, as the loader reads it); duplicates are dropped."""
    if not kind:
        raise AnswerError("the kind is missing.")
    value = value.strip()
    if not value:
        raise AnswerError("the value is empty.")
    values = identity.setdefault(kind, [])
    if value not in values:
        values.append(value)


def _absolute(raw: str) -> Path:
    """A path as typed (``~`` expanded, surrounding quotes from a drag-and-drop removed), made absolute."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    return Path(os.path.abspath(os.path.expanduser(raw)))


def check_archive(platform: str, raw: str) -> Path:
    """The export at ``raw``: it must exist, have a reader, and not be another platform's export."""
    from connectors import connector_for  # connectors import auditor; import late to keep layers clean
    from connectors.detect import detect_quietly

    if connector_for(platform, "archive") is None:
        raise AnswerError(f"{platform} has no data export the auditor reads; use its live API instead (`api`).")
    if not raw.strip():
        raise AnswerError("the export's path is empty.")
    path = _absolute(raw)
    if not path.exists():
        raise AnswerError(f"{path} does not exist. Give the downloaded export (.zip) or the folder you unpacked it to. "
                          f"{how_to_get(platform)}")
    detected = detect_quietly((path,))
    if detected is not None and detected != platform:
        raise AnswerError(f"{path} looks like {with_article(detected)} export, not {platform_name(platform)}. "
                          f"Check the file, or the platform.")
    return path


def check_api(platform: str, stance: str, token_env: str | None, handle: str | None) -> AccountPlan:
    from connectors import connector_for

    if connector_for(platform, "api") is None:
        raise AnswerError(f"{platform} has no live API connector; give the path to its data export instead.")
    if token_env is not None and not ENV_NAME.fullmatch(token_env):
        # Never echo it: it may be a token pasted by mistake.
        raise AnswerError("the token must be given as the NAME of an environment variable (such as X_TOKEN), never "
                      "the token itself: tokens are not written to the config file.")
    if token_env is None and platform in API_NEEDS_TOKEN:
        raise AnswerError(f"{platform} needs {API_NEEDS_TOKEN[platform]}: name the environment variable that holds it "
                      f"({platform}:{stance}:api:ENV_VAR). The README, 'Live APIs', says how to get one.")
    if handle is None and platform in API_NEEDS_HANDLE:
        raise AnswerError(f"{platform} needs the account's handle, like {API_NEEDS_HANDLE[platform]} "
                      f"({platform}:{stance}:api:ENV_VAR:HANDLE; ENV_VAR may be empty).")
    if platform == "mastodon" and handle is not None and not re.fullmatch(r"@?[^@\s]+@[^@\s]+\.[^@\s]+", handle):
        raise AnswerError(f"{handle!r} is not a full Mastodon handle; write it like @you@social.example.")
    return AccountPlan(platform, stance, token_env=token_env, handle=handle)


def check_caseload(raw: str) -> Path:
    """The caseload CSV must exist and parse (its errors name a line, never a cell)."""
    from auditor.caseload import load_caseload

    path = _absolute(raw)
    try:
        load_caseload(path)
    except ConfigError as exc:
        raise AnswerError(str(exc)) from None
    return path


# ---- interactive --------------------------------------------------------------------------------

@dataclass
class Interview:
    """The questions, in order. Every answer that cannot work is explained and asked again."""

    ask: Ask
    console: Console
    output: Path

    def run(self) -> ConfigPlan:
        text = init_text()
        self.say(f"[bold]Setting up {escape(str(self.output))}[/]. Nothing leaves this machine; press Ctrl-C "
                 f"to stop without writing anything.")
        profile = text["profile"]
        role = self.choose("Your profession", profile["role_why"], profile["roles"], "generic")
        jurisdiction = self.choose("Where you are registered", profile["jurisdiction_why"],
                                   profile["jurisdictions"], "generic")
        identity = self.identity(text["identity"])
        accounts = self.accounts(text["accounts"])
        caseload = self.caseload(text["caseload"]["why"])
        report_dir = self.line(f"\nFolder for the reports (Enter: {self.output.parent / 'audit-report'}): ")
        plan = ConfigPlan(output_dir=_absolute(report_dir) if report_dir else self.output.parent / "audit-report",
                          role=role, jurisdiction=jurisdiction,
                          identity={kind: tuple(values) for kind, values in identity.items()},
                          accounts=tuple(accounts), caseload=caseload)
        facts = sum(len(v) for v in plan.identity.values())
        self.say(f"\nReady to write {escape(str(self.output))}: {role}, {jurisdiction}, {facts} identity fact(s), "
                 f"{len(accounts)} account(s){', a caseload file' if caseload else ''}.")
        if not self.yes_no("Write it?", default=True):
            raise UserError("Nothing was written.")
        return plan

    def say(self, message: str) -> None:
        self.console.print(message)

    def prose(self, text: object, before: str = "") -> None:
        """A paragraph from the data file: its hard line breaks dropped so the terminal wraps it."""
        self.say(before + escape(" ".join(str(text).split())))

    def line(self, prompt: str) -> str:
        try:
            return self.ask(prompt).strip()
        except EOFError:
            raise UserError("The input ended before the setup finished; nothing was written.") from None

    def yes_no(self, question: str, default: bool) -> bool:
        while True:
            reply = self.line(f"{question} [{'Y/n' if default else 'y/N'}] ").lower()
            if not reply:
                return default
            if reply in ("y", "yes", "n", "no"):
                return reply.startswith("y")
            self.say("Please answer y or n.")

    def choose(self, title: str, why: str, options: dict[str, str], default: str) -> str:
        values = list(options)
        self.say(f"\n[bold]{escape(title)}[/]. {escape(why)}")
        for number, value in enumerate(values, start=1):
            self.say(f"  {number}. {escape(options[value])} ({value})")
        while True:
            reply = self.line(f"Number or name (Enter: {default}): ").lower()
            if not reply:
                return default
            if reply.isdigit() and 1 <= int(reply) <= len(values):
                return values[int(reply) - 1]
            if reply in values:
                return reply
            self.say(f"Please type a number from 1 to {len(values)}, or one of: {', '.join(values)}.")

    def identity(self, text: dict[str, object]) -> dict[str, list[str]]:
        self.prose(text["intro"], "\n")
        kinds = text["kinds"]
        assert isinstance(kinds, dict)
        facts: dict[str, list[str]] = {}
        for kind in IDENTITY_KINDS:
            self.say(f"\n[bold]{escape(kinds[kind]['label'].capitalize())}[/] ({kind}). {escape(kinds[kind]['why'])}")
            while value := self.line(f"  {kind} (Enter when done): "):
                add_fact(facts, kind, value)
        return facts

    def accounts(self, text: dict[str, object]) -> list[AccountPlan]:
        self.prose(text["intro"], "\n")
        stances = text["stances"]
        assert isinstance(stances, dict)
        accounts: list[AccountPlan] = []
        while self.yes_no(f"\nAdd {'an' if not accounts else 'another'} account?", default=not accounts):
            platform = self.retry(f"Platform ({', '.join(PLATFORMS)}): ", check_platform)
            self.say(f"[dim]{escape(how_to_get(platform))}[/]")
            stance = self.choose("Its stance", "The checks depend on it.", stances, "personal")
            source = self.line("Path to its export (.zip or folder), or `api` for the live connector: ")
            while True:
                try:
                    if source.lower() == "api":
                        accounts.append(self.api_account(platform, stance))
                    else:
                        accounts.append(AccountPlan(platform, stance, archive=check_archive(platform, source),
                                                    handle=self.line("Its handle (optional, Enter to skip): ") or None))
                    break
                except AnswerError as exc:
                    self.say(f"[yellow]{escape(str(exc))}[/]")
                    source = self.line("Path to its export, `api`, or Enter to skip this account: ")
                    if not source:
                        break
        return accounts

    def api_account(self, platform: str, stance: str) -> AccountPlan:
        from connectors import connector_for

        if connector_for(platform, "api") is None:
            raise AnswerError(f"{platform} has no live API connector; give the path to its data export instead.")
        token_env = None
        if platform != "bluesky":
            token_env = self.line("Name of the environment variable holding its access token (never the token "
                                  "itself; Enter for none): ") or None
        handle = self.line("Its handle (e.g. " + API_NEEDS_HANDLE.get(platform, "@YourHandle") + "): ") or None
        return check_api(platform, stance, token_env, handle)

    def retry(self, prompt: str, check: Callable[[str], str]) -> str:
        while True:
            try:
                return check(self.line(prompt))
            except AnswerError as exc:
                self.say(f"[yellow]{escape(str(exc))}[/]")

    def caseload(self, why: str) -> Path | None:
        self.prose(why, "\n[bold]Caseload file[/]. ")
        while raw := self.line("Path to your caseload CSV (Enter to skip): "):
            try:
                return check_caseload(raw)
            except AnswerError as exc:
                self.say(f"[yellow]{escape(str(exc))}[/]")
        return None
