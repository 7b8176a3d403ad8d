"""``auditor share``: share a scoped, encrypted summary of your last audit with your team lead.

Nothing is shared without explicit consent: the command first shows everything that would be
shared, then asks you to type ``yes`` (or takes ``--yes``, recording that the same text was
shown). It refuses to run unattended without ``--yes``. The bundle is encrypted to the team
public key, and a receipt is written beside it so that ``auditor share --withdraw RECEIPT``
can later withdraw the consent.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from nacl.signing import SigningKey

from auditor import __version__
from auditor.errors import InputError, UserError
from auditor.findings import SEVERITIES
from auditor.private_files import write_private
from auditor.team import bundle as bundles
from auditor.team import signing
from auditor.team.consent import DEFAULT_PURPOSE, SCOPES, ConsentRecord, consent_text, parse_expiry
from auditor.team.keys import load_public
from auditor.team.receipt import load_receipt, receipt_text
from auditor.team.scope import ReportError, SharedAudit, build_shared, load_report

CONFIRM_WORD = "yes"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "share", help="share a scoped, encrypted summary of your last audit with your team lead (asks consent)",
        description="Share a scoped, encrypted summary of your last audit with your team lead. Shows exactly "
                    "what will be shared and asks for your consent first. Or, with --withdraw, withdraw "
                    "consent you gave earlier.")
    parser.add_argument("--team-key", type=Path, metavar="FILE", help="the team public key (team.pub) from your lead")
    parser.add_argument("--scope", choices=SCOPES,
                        help="summary: counts per category and severity per account; findings: also each "
                             "finding's title, category, severity, platform and status")
    parser.add_argument("--expires", default="90d", metavar="WHEN",
                        help="when consent ends: 90d, 12w or a date YYYY-MM-DD, at most a year (default 90d)")
    parser.add_argument("--report", type=Path, default=Path("audit-report/report.json"),
                        help="the run's JSON report (default ./audit-report/report.json)")
    parser.add_argument("--account", action="append", default=[], metavar="KEY",
                        help="share only this account (its key in the report, e.g. x:FrontlineFern); repeatable")
    parser.add_argument("--name", help="your name for the consent record (asked if not given)")
    parser.add_argument("--email", default=None, help="your e-mail for the consent record (optional)")
    parser.add_argument("--purpose", default=DEFAULT_PURPOSE, help="why you are sharing (recorded in the consent)")
    parser.add_argument("--output", type=Path, help="bundle (or withdrawal) file to write (default: beside the report)")
    parser.add_argument("--yes", action="store_true", help="consent without the prompt; the consent text is recorded")
    parser.add_argument("--dry-run", action="store_true", help="show what would be shared; write nothing")
    parser.add_argument("--signing-key", type=Path, metavar="FILE",
                        help="your own signing key, which proves bundles are yours (default: in your auditor data "
                             "folder; created on first use: send the member.pub beside it to your team lead)")
    parser.add_argument("--signing-passphrase-env", metavar="VARIABLE",
                        help="the passphrase of your signing key, from this environment variable")
    parser.add_argument("--withdraw", nargs="+", type=Path, metavar="RECEIPT",
                        help="withdraw the consents of these *.receipt.json files: writes a withdrawal file")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    return withdraw(args) if args.withdraw else share(args)


def share(args: argparse.Namespace, now: datetime | None = None) -> int:
    if not args.team_key or not args.scope:
        raise UserError("auditor share needs --team-key FILE (the team.pub your lead sent you) and "
                        "--scope summary or --scope findings.")
    if not (args.yes or args.dry_run or _interactive()):
        raise UserError("auditor share needs your explicit consent: run it in a terminal to confirm, or add "
                        "--yes to consent to the text it shows (that text is recorded in the bundle). "
                        "--dry-run shows what would be shared.")
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    try:
        expires = parse_expiry(args.expires, now)
    except ValueError as exc:
        raise UserError(f"--expires: {exc}.") from None
    team = load_public(args.team_key)
    try:
        audit = build_shared(load_report(args.report), args.scope, tuple(args.account))
    except ReportError as exc:
        raise InputError(str(exc)) from None
    name, email = _who(args)
    labels = tuple(a.label for a in audit.accounts)
    text = consent_text(name, email, args.scope, args.purpose, audit.generated_at, expires, team.id, team.label,
                        labels)

    print(f"This is everything that will be shared with the holder of team key {team.id}"
          f"{f' ({team.label})' if team.label else ''}. Nothing else leaves your machine.\n")
    for line in preview_lines(audit, args.scope):
        print(line)
    print(f"\nConsent: {text}\n")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return 0
    if args.yes:
        confirmed_by = "--yes on the command line, after this consent text was shown"
    else:
        answer = _ask(f'Type "{CONFIRM_WORD}" to agree and write the encrypted bundle: ')
        if answer.strip().lower() != CONFIRM_WORD:
            print("Not confirmed: nothing was shared.")
            return 1
        confirmed_by = f'typed "{CONFIRM_WORD}" at the prompt'

    consent = ConsentRecord(
        consent_id=bundles.new_consent_id(), member_name=name, member_email=email, scope=args.scope,
        purpose=args.purpose, granted_at=now, expires_at=expires, tool_version=__version__, team_key_id=team.id,
        team_label=team.label, accounts=labels, confirmed_by=confirmed_by, text=text)
    out = args.output or args.report.parent / f"team-share-{now.strftime('%Y%m%d-%H%M%S')}.bundle"
    if out.suffix != ".bundle":
        out = out.with_name(out.name + ".bundle")
    signer = member_signing_key(args)
    write_private(out, bundles.seal_bundle(consent, audit, team, signer))
    receipt = write_private(out.with_suffix(".receipt.json"), receipt_text(consent, out.name, team))
    print(f"Wrote {out} (encrypted; only the team key {team.id} opens it). Send it to your team lead.")
    print(f"Keep {receipt}: `auditor share --withdraw {receipt}` withdraws this consent.")
    return 0


def withdraw(args: argparse.Namespace, now: datetime | None = None) -> int:
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    receipts = [load_receipt(path) for path in args.withdraw]
    keys = {r.team.id for r in receipts}
    if len(keys) > 1:
        raise UserError(f"These receipts are for different team keys ({', '.join(sorted(keys))}); withdraw from "
                        f"one team at a time.")
    first = receipts[0]
    name = args.name or first.member_name
    email = first.member_email if args.email is None else args.email
    path = args.signing_key or signing.default_key_path()
    if not path.exists():
        raise UserError(f"{path}: no signing key. A withdrawal must be signed with the key that signed the bundles; "
                        f"give it with --signing-key FILE.")
    signer = member_signing_key(args)
    text = bundles.seal_withdrawal(name, email, [r.consent_id for r in receipts], now, first.team, signer)
    out = args.output or first.path.parent / f"team-withdrawal-{now.strftime('%Y%m%d-%H%M%S')}.withdrawal"
    if out.suffix != ".withdrawal":
        out = out.with_name(out.name + ".withdrawal")
    write_private(out, text)
    print(f"Wrote {out}: it withdraws {len(receipts)} consent{'s' if len(receipts) != 1 else ''} "
          f"(encrypted to team key {first.team.id}). Send it to your team lead; the team dashboard then refuses "
          f"those bundles.")
    return 0


def member_signing_key(args: argparse.Namespace) -> SigningKey:
    """The member's signing key (created on first use, with its public half ``member.pub`` beside it)."""
    path = args.signing_key or signing.default_key_path()
    passphrase = None
    if getattr(args, "signing_passphrase_env", None):
        passphrase = os.environ.get(args.signing_passphrase_env) or None
        if passphrase is None:
            raise UserError(f"--signing-passphrase-env {args.signing_passphrase_env}: that environment variable is "
                            f"not set or is empty.")
    key, created = signing.load_or_create_member_key(path, passphrase)
    public = path.with_name("member.pub")
    if created or not public.exists():
        write_private(public, signing.member_public_text(key.verify_key))
    if created:
        print(f"Created your signing key {path} (fingerprint {signing.fingerprint(key.verify_key)}). Your team lead "
              f"accepts your bundles only once it is enrolled: send them {public} and read them that fingerprint "
              f"by phone or in person.")
    return key


def preview_lines(audit: SharedAudit, scope: str) -> list[str]:
    """Every value the bundle's audit part holds, in words (the consent record follows it)."""
    lines = [f"Audit of {audit.generated_at.strftime('%Y-%m-%d %H:%M')} UTC (auditor {audit.tool_version}), "
             f"scope: {scope}."]
    if not audit.accounts:
        lines.append("  (no accounts)")
    for account in audit.accounts:
        counts = ", ".join(f"{account.by_severity[s]} {s}" for s in SEVERITIES if account.by_severity.get(s))
        categories = ", ".join(f"{n} {c}" for c, n in account.by_category.items())
        lines.append(f"  {account.label}: {'read fully' if account.read_ok else 'could not be fully read'}; "
                     f"findings by severity: {counts or 'none'}; by category: {categories or 'none'}; "
                     f"{account.possible} possible, {account.resolved} resolved since the last audit.")
    if audit.findings is not None:
        lines.append(f"  Findings ({len(audit.findings)}):")
        lines += [f"    - [{f.severity}] {f.title} ({f.category}, {f.platform}, {f.account}, {f.status}"
                  f"{', possible' if f.possible else ''})" for f in audit.findings]
    return lines


def _who(args: argparse.Namespace) -> tuple[str, str]:
    """The member's name and e-mail for the consent record: from the options, else asked."""
    name, email = (args.name or "").strip(), args.email
    if not name:
        if not _interactive():
            raise UserError("auditor share needs your name for the consent record: give --name \"Your Name\" "
                            "(and optionally --email).")
        name = _ask("Your name, as your team lead knows you (recorded in the consent): ").strip()
        if not name:
            raise UserError("A name is needed for the consent record; nothing was shared.")
        if email is None:
            email = _ask("Your work e-mail (optional; press Enter to skip): ").strip()
    return name[:200], (email or "").strip()[:200]


def _ask(prompt: str) -> str:
    """One answer from standard input; end of input counts as no answer (so never as consent)."""
    try:
        return input(prompt)
    except EOFError:
        print()
        return ""


def _interactive() -> bool:
    """True when a person can answer prompts (tests replace ``sys.stdin`` to inject answers)."""
    return bool(sys.stdin and sys.stdin.isatty())
