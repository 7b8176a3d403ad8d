"""``auditor team``: the team lead's side of team review — ``keygen`` and ``report``.

``keygen`` makes the team key pair (the private key owner-only; in a terminal it offers a
passphrase); ``enroll`` adds a member's signing key to the roster after checking its
fingerprint; ``member-key`` shows (or creates) a member's own signing key; ``report`` opens the
bundles staff shared and writes the team dashboard, listing every file it refused (expired,
withdrawn, tampered, unverified, wrongly keyed, malformed) with the reason.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.errors import UserError
from auditor.private_files import write_private
from auditor.team import dashboard, keys, signing
from auditor.team.consent import parse_duration
from reports import team_html


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
    keygen.add_argument("--no-passphrase", action="store_true", help="do not ask for a passphrase in a terminal")
    keygen.add_argument("--force", action="store_true",
                        help="overwrite an existing team.key (bundles sent to the old key become unreadable)")
    keygen.set_defaults(func=keygen_command)

    enroll = team_sub.add_parser("enroll", help="enrol a member's signing key (member.pub) after checking its "
                                                "fingerprint with them")
    enroll.add_argument("member_key", type=Path, metavar="MEMBER_PUB", help="the member.pub the member sent you")
    enroll.add_argument("--fingerprint", required=True,
                        help="the fingerprint the member read to you by phone or in person (never from the same "
                             "message as the file)")
    enroll.add_argument("--name", required=True, help="the member's name, as their consent records give it")
    enroll.add_argument("--email", default="", help="the member's e-mail, as their consent records give it")
    enroll.add_argument("--roster", type=Path, default=Path("team-keys/members.json"),
                        help="the roster file (default ./team-keys/members.json, beside team.key)")
    enroll.set_defaults(func=enroll_command)

    member = team_sub.add_parser("member-key", help="team member: show (or create) your signing key and write "
                                                    "member.pub to send to your lead")
    member.add_argument("--signing-key", type=Path, metavar="FILE", help="your signing key (default: in your "
                                                                          "auditor data folder)")
    member.add_argument("--output", type=Path, metavar="FILE", help="where to write member.pub (default: beside it)")
    member.add_argument("--passphrase-env", metavar="VARIABLE",
                        help="protect a new key with (or open an existing one with) the passphrase in this variable")
    member.set_defaults(func=member_key_command)

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
    report.add_argument("--roster", type=Path, metavar="FILE",
                        help="the enrolled members (default: members.json beside the --key file)")
    report.set_defaults(func=report_command)


def keygen_command(args: argparse.Namespace) -> int:
    passphrase = _env_passphrase(args.passphrase_env)
    if args.passphrase and passphrase is None:
        if not sys.stdin.isatty():
            raise UserError("--passphrase asks for the passphrase in a terminal; when running unattended use "
                            "--passphrase-env VARIABLE instead.")
        passphrase = _new_passphrase("Passphrase for the team private key: ")
    elif passphrase is None and not args.no_passphrase and sys.stdin.isatty():
        print("The team private key opens every bundle. Protect it with a passphrase (asked whenever you build the "
              "dashboard), or press Enter to leave it unprotected.")
        passphrase = _new_passphrase("Passphrase (Enter for none): ") or None
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
    roster_path = args.roster or signing.default_roster_path(args.key)
    roster = signing.load_roster(roster_path, missing_ok=args.roster is None)
    if not roster.members:
        print(f"No member is enrolled in {roster_path}: every bundle will be refused as unverified. Enrol each "
              f"member's key first with `auditor team enroll`.")
    board = dashboard.build(args.bundles, key, roster, datetime.now(UTC).replace(microsecond=0), period)
    write_private(args.output, team_html.render(board))
    print(f"Wrote {args.output}: {len(board.members)} member{'s' if len(board.members) != 1 else ''}, "
          f"{board.overdue_count} overdue, {len(board.refused)} file{'s' if len(board.refused) != 1 else ''} refused.")
    for refused in board.refused:
        print(_printable(f"  refused {refused.path.name}: {refused.kind}: {refused.reason}."))
    return 0


def enroll_command(args: argparse.Namespace) -> int:
    public = signing.load_member_public(args.member_key)
    actual = signing.fingerprint(public)
    if signing.normalise_fingerprint(args.fingerprint) != actual:
        raise UserError(f"{args.member_key}: its fingerprint is {actual}, not the one given. Do not enrol it: the "
                        f"file may have been swapped on the way. Ask the member to read their fingerprint again "
                        f"(`auditor team member-key` shows it).")
    name = args.name.strip()
    if not name:
        raise UserError("--name must not be empty: it must match the name the member gives in their consent.")
    roster = signing.load_roster(args.roster, missing_ok=True)
    entry = roster.enroll(public, name, args.email.strip())
    signing.save_roster(roster, args.roster)
    print(_printable(f"Enrolled {entry.name}{f' <{entry.email}>' if entry.email else ''} with key {entry.fingerprint} "
                     f"in {args.roster}. Their signed bundles will now be accepted."))
    return 0


def member_key_command(args: argparse.Namespace) -> int:
    path = args.signing_key or signing.default_key_path()
    passphrase = _env_passphrase(args.passphrase_env)
    key, created = signing.load_or_create_member_key(path, passphrase)
    public = args.output or path.with_name("member.pub")
    write_private(public, signing.member_public_text(key.verify_key))
    print(f"{'Created' if created else 'Your'} signing key {path}{' (passphrase-protected)' if passphrase else ''}.")
    print(f"  Fingerprint: {signing.fingerprint(key.verify_key)}")
    print(f"  Send {public} to your team lead, and read them the fingerprint by phone or in person: they enrol it "
          f"with `auditor team enroll`, and only then are your bundles accepted.")
    return 0


def _new_passphrase(prompt: str) -> str:
    passphrase = getpass.getpass(prompt)
    if passphrase and passphrase != getpass.getpass("Same passphrase again: "):
        raise UserError("The two passphrases differ; no key was written.")
    return passphrase


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
