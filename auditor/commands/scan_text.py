"""``auditor scan-text``: check a draft post before publishing it.

The draft goes through the same post checks and detectors as an audit, with your config's
identity facts, role and terms, as a post on an account of the stance you choose (by default the
most cautious stance your config has), so you see the problem before anyone else does. The
words that triggered each finding are highlighted. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from rich.console import Console
from rich.text import Text

from auditor.config import Config
from auditor.engine import audit_snapshots, build_context
from auditor.errors import UserError
from auditor.findings import SEVERITIES, Evidence, Finding, severity_at_least
from auditor.loading import load_config
from auditor.model import STANCES, AccountSnapshot, Post, Stance

DEFAULT_FAIL_ON = "low"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("scan-text", help="check a draft post before publishing (TEXT, or - for stdin)")
    parser.add_argument("text", metavar="TEXT|-", help="the draft, or - to read it from standard input")
    parser.add_argument("--config", type=Path, help="config with your [identity] facts and role (optional)")
    parser.add_argument("--stance", choices=STANCES, help="the stance of the account you will post from")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=DEFAULT_FAIL_ON,
                        help=f"exit 1 if a finding is at or above this severity (default {DEFAULT_FAIL_ON})")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise UserError("The draft is empty: give the text to check, or - to read it from standard input.")
    config = load_config(args.config) if args.config else Config(path=None)
    stances = {a.stance for a in config.accounts}
    stance = args.stance or next((s for s in STANCES if s in stances), "anonymous")
    findings = scan(text, cast(Stance, stance), config)
    console = Console(highlight=False)
    if not findings:
        article = "an" if stance[:1] in "aeiou" else "a"
        console.print(f"No problems found in this draft (checked as a post on {article} {stance} account).")
        return 0
    for finding in findings:
        console.print(describe(finding))
    failing = [f for f in findings if not f.possible and severity_at_least(f.severity, args.fail_on)]
    return 1 if failing else 0


def scan(text: str, stance: Stance, config: Config) -> list[Finding]:
    """The post findings the draft would get on an account of ``stance``."""
    snapshot = AccountSnapshot(platform="x", handle="draft", stance=stance, source="archive",
                               captured_at=datetime.now(UTC), posts=[Post(id="draft", text=text)])
    result = audit_snapshots([snapshot], build_context(config))
    return [f for f in result.findings if f.subject.kind == "post"]


def describe(finding: Finding) -> Text:
    """A finding for the terminal: severity, title, the draft with its spans highlighted, the fix."""
    out = Text()
    out.append(f"{finding.severity.upper()}", style="bold red" if finding.severity in ("critical", "high") else "bold")
    if finding.possible:
        out.append(" (possible — please verify)")
    out.append(f" {finding.title}\n  {finding.message}\n")
    for evidence in finding.evidence:
        out.append("  ")
        out.append_text(highlighted(evidence))
        out.append("\n")
    # The check's remediation speaks of a published post ("open the post from this report … Delete");
    # a draft was never posted, so say what to do before posting it instead (issue 19).
    out.append("  Before you post: take out or change the highlighted details, or keep this one to yourself.\n")
    return out


def highlighted(evidence: Evidence) -> Text:
    """The excerpt with each span in reverse video, labelled after it, never interpreted as markup."""
    text = Text(evidence.excerpt)
    for span in evidence.spans:
        text.stylize("reverse bold", span.start, span.end)
    labels = sorted({span.label for span in evidence.spans})
    if labels:
        text.append(f"  [{', '.join(labels)}]", style="dim")
    return text
