"""``auditor scan-text``: check a draft post before publishing it.

The draft is run through the same post checks as an audit, as a post on an account with the
stance you choose (by default the most cautious one your config has), so you see the problem
before anyone else does. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from rich.console import Console
from rich.markup import escape

from auditor.checking import AuditContext
from auditor.config import Config, load_config
from auditor.engine import audit_snapshots
from auditor.errors import UserError
from auditor.model import STANCES, AccountSnapshot, Post, Stance


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("scan-text", help="check a draft post before publishing (TEXT, or - for stdin)")
    parser.add_argument("text", metavar="TEXT|-", help="the draft, or - to read it from standard input")
    parser.add_argument("--config", type=Path, help="config with your [identity] facts (optional)")
    parser.add_argument("--stance", choices=STANCES, help="the stance of the account you will post from")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise UserError("The draft is empty: give the text to check, or - to read it from standard input.")
    config = load_config(args.config) if args.config else Config(path=None)
    stances = {a.stance for a in config.accounts}
    stance = args.stance or next((s for s in STANCES if s in stances), "anonymous")
    snapshot = AccountSnapshot(platform="x", handle="draft", stance=cast(Stance, stance), source="archive",
                               captured_at=datetime.now(UTC), posts=[Post(id="draft", text=text)])
    ctx = AuditContext(profile=config.profile, identity=config.identity)
    findings = [f for f in audit_snapshots([snapshot], ctx).findings if f.subject.kind == "post"]
    console = Console(highlight=False)
    if not findings:
        console.print(f"No problems found in this draft (checked as a post on a {stance} account).")
        return 0
    for f in findings:
        console.print(f"[bold]{f.severity.upper()}[/] {escape(f.title)}")
        console.print(f"  {escape(f.message)}")
        console.print(f"  How to fix: {escape(f.remediation)}", soft_wrap=True)
    return 1
