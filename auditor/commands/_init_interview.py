"""``auditor init``'s questions, in a terminal: one :class:`Interview` asks them and builds the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from auditor.commands._init_answers import (
    API_NEEDS_HANDLE,
    AnswerError,
    Ask,
    absolute_path,
    add_fact,
    check_api,
    check_archive,
    check_caseload,
    check_platform,
)
from auditor.config import IDENTITY_KINDS
from auditor.config_writer import AccountPlan, ConfigPlan, init_text
from auditor.errors import UserError
from auditor.howto import how_to_get
from auditor.model import PLATFORMS


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
        plan = ConfigPlan(output_dir=absolute_path(report_dir) if report_dir else self.output.parent / "audit-report",
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
