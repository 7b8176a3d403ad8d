"""``auditor checklist``: ask once about the settings no API or export shows, and remember the answers.

For each configured account it asks only the items that are unanswered or older than the
checklist's staleness limit (``--all`` asks everything again), records each answer with its
date in the user's state (``auditor/state.py``), and the next report shows what is still open.
Scripts use ``--set ITEM=VALUE`` instead of the questions; ``--show`` prints the saved answers.
The account keys are read from each account's data (its handle), so the answers match the
report's accounts even when the config file gives no handle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.checklist import UNSURE, Checklist, ChecklistItem, assess, load_checklist
from auditor.config import AccountConfig
from auditor.errors import UserError
from auditor.loading import load_config
from auditor.progress import Progress
from auditor.state import checklist_answers, load_state, record_answer, save_state, state_path

Ask = Callable[[str], str]


@dataclass(frozen=True)
class Target:
    """One account to ask about: its report key, platform, stance and settings already known."""

    key: str
    platform: str
    stance: str
    known: frozenset[str] = frozenset()


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "checklist", help="answer questions about settings the auditor cannot read (asked once, again after 90 days)")
    parser.add_argument("--config", type=Path, help="config file (default ./auditor.toml, then the user config folder)")
    parser.add_argument("--account", help="only this account, by its report key (e.g. facebook:hattie.o)")
    parser.add_argument("--all", action="store_true", help="ask every question again, not only open ones")
    parser.add_argument("--show", action="store_true", help="print the saved answers and what is still open")
    parser.add_argument("--set", action="append", default=[], metavar="ITEM=VALUE",
                        help="record an answer without asking (repeatable; see --show for item ids and values)")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    targets = resolve_targets(config.accounts, Progress())
    if args.account:
        targets = [t for t in targets if t.key == args.account]
        if not targets:
            raise UserError(f"No configured account has the key {args.account!r}. Run `auditor checklist --show` "
                            f"to list the keys.")
    console = Console(highlight=False)
    if args.show:
        show(targets, console)
        return 0
    if args.set:
        apply_sets(targets, args.set, datetime.now(UTC))
        console.print(f"Saved to {state_path()}.", markup=False)
        return 0
    if not sys.stdin.isatty():
        raise UserError("`auditor checklist` asks questions, so it needs a terminal. In a script, record answers "
                        "with --set ITEM=VALUE (and --account KEY); `auditor checklist --show` lists the items.")
    asked = interview(targets, input, console, ask_all=args.all)
    console.print(f"\nRecorded {asked} answer(s) in {state_path()}. The next `auditor run` report shows "
                  f"what is still open.", markup=False)
    return 0


def resolve_targets(accounts: Sequence[AccountConfig], progress: Progress) -> list[Target]:
    """Read each account once to learn its key (handle) and which settings its data already shows."""
    from connectors import load_snapshot  # connectors import auditor; import late to keep layers clean

    targets = []
    for account in accounts:
        progress.step(f"Reading {account.platform} account ({account.where}) to find its handle…")
        try:
            snapshot = load_snapshot(account, progress)
        except UserError as exc:
            if not account.handle:
                progress.step(f"Skipping {account.where}: {exc} (or give it a 'handle' in the config).")
                continue
            key = f"{account.platform}:{account.handle.lstrip('@')}"
            targets.append(Target(key, account.platform, account.stance))
            continue
        known = frozenset(k for k in snapshot.settings if snapshot.setting(k) is not None)
        targets.append(Target(snapshot.key, snapshot.platform, snapshot.stance, known))
    return targets


def open_items(target: Target, checklist: Checklist, ask_all: bool, now: datetime,
               state: dict[str, object]) -> list[ChecklistItem]:
    """Items to ask for this account: applicable, not already read from the data, and open (or all)."""
    saved = checklist_answers(state).get(target.key, {})
    items = [i for i in checklist.for_account(target.platform, target.stance) if i.setting not in target.known]
    if ask_all:
        return items
    return [i for i in items
            if assess(i, saved.get(i.id), target.stance, now, checklist.stale_after).verdict in
            ("unanswered", "unsure", "stale")]


def interview(targets: Sequence[Target], ask: Ask, console: Console, ask_all: bool = False,
              now: datetime | None = None) -> int:
    """Ask the open questions; save after every answer so an interruption loses nothing."""
    checklist = load_checklist()
    state = load_state()
    now = now or datetime.now(UTC)
    asked = 0
    for target in targets:
        items = open_items(target, checklist, ask_all, now, state)
        if not items:
            console.print(f"[green]{escape(target.key)}[/]: nothing to ask — every setting is answered and recent.")
            continue
        console.print(f"\n[bold]{escape(target.key)}[/] ({target.stance}): {len(items)} question(s). "
                      f"Press Enter to skip one.")
        for item in items:
            value = _ask_one(item, ask, console)
            if value is None:
                continue
            record_answer(state, target.key, item.id, value, now)
            save_state(state)
            asked += 1
    return asked


def _ask_one(item: ChecklistItem, ask: Ask, console: Console) -> str | None:
    console.print(f"\n[bold]{escape(item.question)}[/]")
    console.print(f"  Where: {escape(item.where)}" + (f"\n  Link: {escape(item.link)}" if item.link else ""))
    choices = [*item.options]
    for number, option in enumerate(choices, start=1):
        console.print(f"  {number}. {escape(option.label)}")
    console.print(f"  {len(choices) + 1}. Not sure")
    while True:
        try:
            reply = ask("  Your answer (number, Enter to skip): ").strip()
        except EOFError:
            return None
        if not reply:
            return None
        if reply.isdigit() and 1 <= int(reply) <= len(choices) + 1:
            return choices[int(reply) - 1].value if int(reply) <= len(choices) else UNSURE
        console.print(f"  Please type a number from 1 to {len(choices) + 1}, or press Enter to skip.")


def apply_sets(targets: Sequence[Target], assignments: Sequence[str], now: datetime) -> None:
    """Record ``ITEM=VALUE`` answers; each item must match exactly one of the targets."""
    checklist = load_checklist()
    state = load_state()
    for assignment in assignments:
        item_id, sep, value = assignment.partition("=")
        item = checklist.item(item_id.strip())
        if not sep or item is None:
            known = ", ".join(i.id for i in checklist.items)
            raise UserError(f"--set {assignment!r}: write ITEM=VALUE with an item id from: {known}.")
        value = value.strip()
        allowed = [o.value for o in item.options] + [UNSURE]
        if value not in allowed:
            raise UserError(f"--set {assignment!r}: the value must be one of: {', '.join(allowed)}.")
        matching = [t for t in targets if item.applies_to(t.platform, t.stance)]
        if len(matching) != 1:
            where = "no configured account" if not matching else f"{len(matching)} accounts"
            raise UserError(f"--set {assignment!r} applies to {where} on {item.platform}; choose one with "
                            f"--account KEY.")
        record_answer(state, matching[0].key, item.id, value, now)
    save_state(state)


def show(targets: Sequence[Target], console: Console, now: datetime | None = None) -> None:
    """A table of every item per account: the saved answer, its date, and whether it needs attention."""
    checklist = load_checklist()
    saved_all = checklist_answers(load_state())
    now = now or datetime.now(UTC)
    table = Table(title="Settings checklist")
    for column in ("account", "item", "setting", "answer", "answered", "status", "values"):
        table.add_column(column)
    for target in targets:
        saved = saved_all.get(target.key, {})
        for item in checklist.for_account(target.platform, target.stance):
            if item.setting in target.known:
                table.add_row(target.key, item.id, item.title, "-", "-", "read from your data", "")
                continue
            answer = saved.get(item.id)
            verdict = assess(item, answer, target.stance, now, checklist.stale_after).verdict
            table.add_row(
                target.key, item.id, item.title,
                item.label_of(answer.value) if answer else "-",
                f"{answer.answered_at:%Y-%m-%d}" if answer else "-",
                {"ok": "ok", "unanswered": "not answered", "unsure": "not sure", "risky": "needs changing",
                 "stale": "check again"}[verdict],
                ", ".join([o.value for o in item.options] + [UNSURE]),
            )
    console.print(table)
