"""``auditor team``: the team lead's side of team review — ``keygen`` and ``report``.

``keygen`` makes the team key pair (the private key owner-only, optionally passphrase-protected);
``report`` opens the bundles staff shared and writes the team dashboard, listing every file it
refused (expired, withdrawn, tampered, wrongly keyed, malformed) with the reason.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.errors import UserError
from auditor.team import dashboard, keys
from auditor.team.consent import parse_duration
from reports import team_html
from reports.output import write_private


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("team", help="team lead: make the team key, build the team dashboard from shared bundles")
    team_sub = parser.add_subparsers(dest="team_command", metavar="ACTION")
    parser.set_defaults(func=lambda _args: _usage(parser))

    keygen = team_sub.add_parser("keygen", help="create the team key pair (team.key private, team.pub for staff)")
    keygen.add_argument("--output-dir", type=Path, default=Path("team-keys"),
                        help="where to write team.key and team.pub (default ./team-keys)")
    keygen.add_argument("--label", default="", help="a name for the key shown to staff, e.g. 'Adult team review'")
    keygen.add_argument("--passphrase", action="store_true", help="protect the private key with a passphrase (asked)")
    keygen.add_argument("--passphrase-env", metavar="VARIABLE", help="protect it with the passphrase in this variable")
    keygen.add_argument("--force", action="store_true",
                        help="overwrite an existing team.key (bundles sent to the old key become unreadable)")
    keygen.set_defaults(func=keygen_command)

    report = team_sub.add_parser("report", help="write the team dashboard from shared bundles and withdrawal files")
    report.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE",
                        help="*.bundle and *.withdrawal files, or folders holding them")
    report.add_argument("--key", type=Path, required=True, metavar="FILE", help="the team private key (team.key)")
    report.add_argument("--output", type=Path, default=Path("team-report/team.html"),
                        help="the dashboard file (default ./team-report/team.html)")
    report.add_argument("--overdue-after", default="90d", metavar="PERIOD",
                        help="a member with no audit within this period is overdue: 90d, 12w (default 90d)")
    report.add_argument("--passphrase-env", metavar="VARIABLE",
                        help="read the private key's passphrase from this environment variable")
    report.set_defaults(func=report_command)


def keygen_command(args: argparse.Namespace) -> int:
    passphrase = _env_passphrase(args.passphrase_env)
    if args.passphrase and passphrase is None:
        if not sys.stdin.isatty():
            raise UserError("--passphrase asks for the passphrase in a terminal; when running unattended use "
                            "--passphrase-env VARIABLE instead.")
        passphrase = getpass.getpass("Passphrase for the team private key: ")
        if passphrase != getpass.getpass("Same passphrase again: "):
            raise UserError("The two passphrases differ; no key was written.")
    if passphrase is not None and len(passphrase) < 8:
        raise UserError("The passphrase is shorter than 8 characters; choose a longer one. No key was written.")
    pair = keys.generate(args.label)
    private_path, public_path = keys.write_key_pair(pair, args.output_dir, passphrase, force=args.force)
    print(f"Team key {pair.id} created.")
    print(f"  {private_path}: the PRIVATE key (owner-only{', passphrase-protected' if passphrase else ''}). Keep it "
          f"and a backup safe: it opens every bundle; losing it makes them unreadable.")
    print(f"  {public_path}: the public key. Send it to your staff, and tell them the key id {pair.id} by another "
          f"channel so they can check it matches before sharing.")
    return 0


def report_command(args: argparse.Namespace) -> int:
    period = parse_duration(args.overdue_after)
    if period is None or period <= timedelta(0):
        raise UserError(f"--overdue-after {args.overdue_after!r} is not a period like 90d or 12w.")
    passphrase = _env_passphrase(args.passphrase_env)
    if passphrase is None and keys.needs_passphrase(args.key):
        if not sys.stdin.isatty():
            raise UserError(f"{args.key} is passphrase-protected: give --passphrase-env VARIABLE, or run in a "
                            f"terminal to be asked.")
        passphrase = getpass.getpass(f"Passphrase for {args.key}: ")
    key = keys.load_private(args.key, passphrase)
    missing = [p for p in args.bundles if not p.exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder.")
    board = dashboard.build(args.bundles, key, datetime.now(UTC).replace(microsecond=0), period)
    write_private(args.output, team_html.render(board))
    print(f"Wrote {args.output}: {len(board.members)} member{'s' if len(board.members) != 1 else ''}, "
          f"{board.overdue_count} overdue, {len(board.refused)} file{'s' if len(board.refused) != 1 else ''} refused.")
    for refused in board.refused:
        print(_printable(f"  refused {refused.path.name}: {refused.kind}: {refused.reason}."))
    return 0


def _printable(text: str) -> str:
    """Reasons can quote a bundle's contents: never pass control characters to the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _env_passphrase(variable: str | None) -> str | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise UserError(f"--passphrase-env {variable}: that environment variable is not set or is empty.")
    return value


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
