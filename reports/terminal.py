"""The summary printed after an audit: where you stand, what to do first, and where the reports are.

A person reads this in a terminal, so it leads with one sentence, then one table (accounts by
severity), then the three most important actions, then the report paths. It never quotes
post text: evidence belongs in the private report files, not in scroll-back or logs.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.findings import SEVERITIES
from auditor.result import AuditResult
from reports.digest import build_groups, change_line, reason_groups, top_actions

GROUP_LINES = 5  # groups of findings listed after the actions
STYLES = {"critical": "bold white on red3", "high": "bold red", "medium": "dark_orange", "low": "blue", "info": "dim"}


def print_summary(result: AuditResult, written: list[Path], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    active = result.active
    counts = result.by_severity()
    read = len(result.accounts) - len(result.unread_accounts)
    if (unread_line := result.unread_line()):
        # Issue 19: an unreadable account leads, in the verdict's place; never an all-clear.
        console.print(f"\n[bold red]{escape(unread_line)}[/]")
    if active:
        parts = ", ".join(f"[{STYLES[s]}]{counts[s]:,} {s}[/]" for s in SEVERITIES if counts.get(s))
        where = f"the {read} account(s) that could be read" if unread_line else f"{read} account(s)"
        console.print(f"{'' if unread_line else chr(10)}[bold]{len(active):,} findings[/] across {where}: {parts}.")
    elif not unread_line:
        console.print("\n[bold green]No findings[/]: nothing in these accounts needs action now.")
    elif read:
        console.print(f"No findings in the {read} account(s) that could be read.")
    if (change := change_line(result)):
        console.print(escape(change))

    table = Table(title="Audit summary", title_justify="left")
    shown = [s for s in SEVERITIES if counts.get(s)] or ["critical", "high"]
    table.add_column("account", no_wrap=True)
    table.add_column("posts", justify="right")
    table.add_column("connections", justify="right")
    for severity in shown:
        table.add_column(severity, justify="right", style=STYLES[severity] if severity != "critical" else "bold red")
    for account in result.accounts:
        mine = [f for f in active if f.account == account.key]
        cells = [str(sum(1 for f in mine if f.severity == s) or "") for s in shown]
        name = account.key + (" (could not be read)" if account.unread else "")
        table.add_row(name, f"{account.posts_scanned:,}", f"{account.connections_scanned:,}", *cells)
    console.print(table)

    actions = top_actions(build_groups(active, {a.key: a.platform for a in result.accounts}, result.check_meta))
    if actions:
        console.print("[bold]Do these first[/]")
        for i, act in enumerate(actions, start=1):
            items = f", {act.count} items" if act.count > 1 else ""
            console.print(f" {i}. [{STYLES[act.severity]}]{act.severity}[/] {escape(act.title)} "
                          f"[dim]({escape(act.account)}{items})[/]\n    {escape(act.fix)}")
    big = [g for g in reason_groups(active) if g.count > 1][:GROUP_LINES]
    if big:  # issue 17: a flood reads as a few groups ("214 posts: age, work context"), never as post text
        console.print("[bold]Largest groups[/]")
        for g in big:
            console.print(f" [{STYLES[g.worst]}]{g.worst}[/] {escape(g.headline)} [dim]— {escape(g.title)}[/]")
    for account in result.accounts:
        for error in account.errors:
            console.print(f"[bold red]{escape(account.key)}:[/] {escape(error)}", soft_wrap=True)
    for path in written:
        console.print(f"Wrote {path}", markup=False)
    if any(p.suffix == ".html" for p in written):
        console.print("Open report.html in your browser for the details, why each finding matters, and how to fix it.")
