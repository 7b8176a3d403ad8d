"""``auditor checks``: list every check with its metadata and the standards clauses it maps to.

The standards shown are those of the packs that fit the profile: ``--role``/``--jurisdiction``
when given, else the config file's ``[profile]`` when one is found, else every pack. ``auditor
checks ID`` shows one check in full (why it matters, how to fix it per platform, each clause's
summary and source); ``--standards`` lists the packs and their clauses with the checks they cover.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.checking import Check, discover_checks
from auditor.config import JURISDICTIONS, ROLES, ProfileConfig, default_config_path
from auditor.errors import UserError
from auditor.findings import StandardRef
from auditor.loading import load_config
from auditor.standards import ANY, StandardsPack, standards_for
from auditor.standards import packs_for as _all_packs_for


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("checks", help="list every check with its metadata and the standards it maps to")
    parser.add_argument("check", nargs="?", help="show one check in full (e.g. confidentiality.case_details)")
    parser.add_argument("--role", choices=ROLES, help="show standards for this role (default: from the config)")
    parser.add_argument("--jurisdiction", choices=JURISDICTIONS, help="default: from the config")
    parser.add_argument("--config", type=Path, help="read role and jurisdiction from this config file")
    parser.add_argument("--standards", action="store_true", help="list the standards packs and their clauses")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    profile = _profile(args)
    console = Console(highlight=False)
    checks = discover_checks()
    if args.check:
        chk = next((c for c in checks if c.meta.id == args.check), None)
        if chk is None:
            raise UserError(f"There is no check {args.check!r}. Run `auditor checks` to list them.")
        show_check(chk, profile, console)
    elif args.standards:
        show_standards(checks, profile, console)
    else:
        show_table(checks, profile, console)
    return 0


def _profile(args: argparse.Namespace) -> ProfileConfig:
    """Explicit options win; then the config file (if one is given or found); then generic."""
    base = ProfileConfig()
    path = args.config or default_config_path()
    if args.config or path.is_file():
        base = load_config(path).profile
    return ProfileConfig(role=args.role or base.role, jurisdiction=args.jurisdiction or base.jurisdiction)


WIDE_TABLE = 120  # narrower terminals get one block per check instead of a table that cuts every cell


def packs_for(profile: ProfileConfig) -> tuple[StandardsPack, ...]:
    """The packs to show: with no role set, only the principles common to every profession (not every
    profession's clauses, which would bury the few that apply under the many that do not)."""
    packs = _all_packs_for(profile)
    if profile.role == "generic":
        packs = tuple(p for p in packs if ANY in p.roles) or packs
    return packs


def _refs(check_id: str, profile: ProfileConfig) -> tuple[StandardRef, ...]:
    shown = {p.name for p in packs_for(profile)}
    return tuple(ref for ref in standards_for(check_id, profile) if ref.source in shown)


def _heading(profile: ProfileConfig) -> str:
    names = "; ".join(p.name for p in packs_for(profile))
    hint = (" No role is set, so only the principles common to every profession are shown: add --role (or set "
            "[profile] role in your config) to see your profession's clauses." if profile.role == "generic" else "")
    return (f"Standards for role {profile.role.replace('_', ' ')}, jurisdiction {profile.jurisdiction}: "
            f"{names}. Summaries are ours; read the source for the exact wording.{hint}")


def show_table(checks: tuple[Check, ...], profile: ProfileConfig, console: Console) -> None:
    if console.width < WIDE_TABLE:
        for chk in checks:
            meta = chk.meta
            applies = ", ".join(meta.stances) + (f" on {', '.join(meta.platforms)}" if meta.platforms else "")
            codes = ", ".join(ref.code for ref in _refs(meta.id, profile)) or "-"
            console.print(f"[bold]{escape(meta.id)}[/]  {meta.severity} · {meta.category}\n  {escape(meta.title)}\n"
                          f"  [dim]applies to:[/] {escape(applies)}\n  [dim]standards:[/] {escape(codes)}")
    else:
        table = Table(title="Checks", show_lines=True)
        for column in ("id", "category", "severity", "applies to", "title", "standards"):
            table.add_column(column, no_wrap=column in ("id", "severity"))
        for chk in checks:
            meta = chk.meta
            applies = ", ".join(meta.stances) + (f" on {', '.join(meta.platforms)}" if meta.platforms else "")
            codes = ", ".join(ref.code for ref in _refs(meta.id, profile))
            table.add_row(meta.id, meta.category, meta.severity, applies, meta.title, codes)
        console.print(table)
    console.print(escape(_heading(profile)))
    console.print("`auditor checks ID` shows one check in full; `--standards` lists every clause.")


def show_check(chk: Check, profile: ProfileConfig, console: Console) -> None:
    meta = chk.meta
    console.print(f"[bold]{escape(meta.id)}[/] — {escape(meta.title)}")
    console.print(f"category {meta.category} · severity {meta.severity} · stances {', '.join(meta.stances)}")
    console.print(f"\n[bold]Why it matters[/]\n{escape(meta.rationale)}")
    console.print("\n[bold]How to fix it[/]")
    for platform, text in meta.remediation.items():
        console.print(f"  [bold]{escape(platform)}[/]: {escape(text)}")
    console.print("\n[bold]Standards[/]")
    for ref in _refs(meta.id, profile):
        console.print(f"  [bold]{escape(ref.code)}[/] {escape(ref.text)} [dim]({escape(ref.source)})[/]")
    console.print(escape(_heading(profile)))


def show_standards(checks: tuple[Check, ...], profile: ProfileConfig, console: Console) -> None:
    ids = [c.meta.id for c in checks]
    for pack in packs_for(profile):
        table = Table(title=f"{pack.name}", caption=pack.url or None, show_lines=True)
        table.add_column("clause", no_wrap=True)
        table.add_column("summary (our words)")
        table.add_column("checks")
        for clause in pack.clauses:
            table.add_row(clause.ref.code, clause.ref.text, ", ".join(clause.matching(ids)) or "-")
        console.print(table)
