"""``auditor suppress``: accept a risk by fingerprint, with a reason and an optional end date.

The acceptance is stored in the audit history (not the config, which the tool never rewrites).
Suppressed findings stay in every report, counted and listed apart as accepted risks.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.errors import UserError
from auditor.history.store import HistoryStore
from auditor.pipeline import history_path_for
from auditor.suppress import FINGERPRINT_RE, parse_until


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("suppress", help="accept a finding's risk (by fingerprint), with a reason")
    parser.add_argument("fingerprint", nargs="?", help="the finding's fingerprint, as shown in the report")
    parser.add_argument("--reason", help="why you accept it (required; shown in the report)")
    parser.add_argument("--until", help="last day the acceptance holds, YYYY-MM-DD (default: no end)")
    parser.add_argument("--remove", action="store_true", help="withdraw the acceptance of FINGERPRINT")
    parser.add_argument("--list", action="store_true", help="list accepted risks made with this command")
    parser.add_argument("--config", type=Path, help="config file whose [history] path to use")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    path = history_path_for(args.config)
    if args.list:
        return _list(path)
    if not args.fingerprint:
        raise UserError("Give the FINGERPRINT of the finding to accept (shown under each finding in the report), "
                        "or --list to see accepted risks.")
    fingerprint = args.fingerprint.strip().lower()
    if not FINGERPRINT_RE.match(fingerprint):
        raise UserError(f"{args.fingerprint!r} is not a fingerprint: copy the 24-character code shown under the "
                        f"finding in the report (e.g. 3f1c9a0b7e2d4c5a6b8e9f01).")
    with HistoryStore.open(path) as store:
        if args.remove:
            removed = store.remove_suppression(fingerprint)
            print(f"Withdrew the acceptance of {fingerprint}." if removed
                  else f"{fingerprint} was not accepted with `auditor suppress` (check [[suppress]] in the config).")
            return 0
        reason = (args.reason or "").strip()
        if not reason:
            raise UserError("--reason is required: say why you accept this risk (it is shown in every report), "
                            "e.g. --reason \"public role; posting as my employer\".")
        until = _until(args.until)
        known = store.knows_fingerprint(fingerprint)
        store.add_suppression(fingerprint, reason, until)
    print(f"Accepted {fingerprint}" + (f" until {until}" if until else "") + f": {reason}")
    if not known:
        print("Note: no recorded audit has found this fingerprint yet; check you copied it from the latest report.")
    return 0


def _until(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        until = parse_until(value, "--until")
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if until < datetime.now(UTC).date():
        raise UserError(f"--until {until} has already passed; give a future date, or leave it out for no end date.")
    return until


def _list(path: Path) -> int:
    if not path.exists():
        print("No accepted risks yet (no audit history exists).")
        return 0
    with HistoryStore.open(path) as store:
        rules = store.suppressions()
    if not rules:
        print("No accepted risks made with `auditor suppress` (config [[suppress]] entries are in the config).")
    today = datetime.now(UTC).date()
    for rule in rules:
        state = " (expired)" if rule.expired(today) else ""
        until = f" until {rule.until}" if rule.until else ""
        print(f"{rule.fingerprint}{until}{state}: {rule.reason}")
    return 0
