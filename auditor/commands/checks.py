"""``auditor checks``: list every check with its metadata and the standards it maps to."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from auditor.checking import discover_checks
from auditor.config import JURISDICTIONS, ROLES, ProfileConfig
from auditor.standards import standards_for


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("checks", help="list every check with its metadata")
    parser.add_argument("--role", choices=ROLES, default="generic", help="show standards for this role")
    parser.add_argument("--jurisdiction", choices=JURISDICTIONS, default="generic")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    profile = ProfileConfig(role=args.role, jurisdiction=args.jurisdiction)
    table = Table(title="Checks", show_lines=True)
    for column in ("id", "category", "severity", "applies to", "title", "standards"):
        table.add_column(column)
    for chk in discover_checks():
        meta = chk.meta
        applies = ", ".join(meta.stances) + (f" on {', '.join(meta.platforms)}" if meta.platforms else "")
        codes = ", ".join(ref.code for ref in standards_for(meta.id, profile))
        table.add_row(meta.id, meta.category, meta.severity, applies, meta.title, codes)
    Console().print(table)
    return 0
