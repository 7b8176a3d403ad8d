"""``auditor history``: past runs of the periodic audit and their counts, newest first."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from auditor.findings import SEVERITIES
from auditor.history.store import HistoryStore
from auditor.pipeline import history_path_for


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("history", help="list past audits and what each found")
    parser.add_argument("--config", type=Path, help="config file whose [history] path to use")
    parser.add_argument("--limit", type=int, default=20, help="show at most this many runs (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    path = history_path_for(args.config)
    if not path.exists():
        print(f"No audit history yet at {path}. Each `auditor run` (without --no-history) adds one.")
        return 0
    with HistoryStore.open(path) as store:
        runs = store.runs(limit=max(1, args.limit))
    if args.json:
        print(json.dumps([
            {"id": r.id, "started_at": r.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "tool_version": r.tool_version,
             "accounts": list(r.accounts), "findings": r.findings, "new": r.new, "persisting": r.persisting,
             "resolved": r.resolved, "suppressed": r.suppressed, "by_severity": r.by_severity}
            for r in runs
        ], indent=2))
        return 0
    # Two plain lines per run rather than a wide table: readable in any terminal width and in mail from cron.
    print(f"Audit history in {path} (newest first):")
    for r in runs:
        severities = ", ".join(f"{r.by_severity[s]} {s}" for s in SEVERITIES if r.by_severity.get(s))
        print(f"#{r.id}  {r.started_at:%Y-%m-%d %H:%M} UTC  {', '.join(r.accounts)}  (auditor {r.tool_version})")
        print(f"    {r.findings} open ({r.new} new, {r.persisting} still open) · {r.resolved} resolved · "
              f"{r.suppressed} accepted" + (f" · {severities}" if severities else ""))
    return 0
