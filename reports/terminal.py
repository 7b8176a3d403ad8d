"""The short summary printed after an audit: counts per account and severity, and where the reports are."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.findings import SEVERITIES
from auditor.result import AuditResult


def print_summary(result: AuditResult, written: list[Path], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    table = Table(title="Audit summary")
    table.add_column("account")
    table.add_column("posts", justify="right")
    table.add_column("connections", justify="right")
    for severity in SEVERITIES:
        table.add_column(severity, justify="right")
    for account in result.accounts:
        mine = [f for f in result.active if f.account == account.key]
        counts = [str(sum(1 for f in mine if f.severity == s) or "") for s in SEVERITIES]
        name = account.key + (" (could not be read)" if account.errors and not account.posts_scanned else "")
        table.add_row(name, f"{account.posts_scanned:,}", f"{account.connections_scanned:,}", *counts)
    console.print(table)
    for account in result.accounts:
        for error in account.errors:
            console.print(f"[bold red]{escape(account.key)}:[/] {escape(error)}", soft_wrap=True)
    for path in written:
        console.print(f"Wrote {path}", markup=False)
