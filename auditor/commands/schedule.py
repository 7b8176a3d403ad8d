"""``auditor schedule``: print (or install) a daily, weekly or monthly scheduled audit for this user."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import cast

from auditor.config import default_config_path
from auditor.errors import UserError
from auditor.loading import load_config
from auditor.schedule import (
    EVERY,
    KINDS,
    Every,
    Kind,
    Schedule,
    describe,
    detect_kind,
    env_file,
    install_cron,
    install_systemd,
    install_windows,
    parse_at,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("schedule", help="print or install a daily/weekly/monthly scheduled audit")
    parser.add_argument("--every", choices=EVERY, required=True, help="how often to audit")
    parser.add_argument("--at", default="09:00", help="time of day, HH:MM (default 09:00; weekly runs on "
                                                                "Monday, monthly on the 1st)")
    parser.add_argument("--kind", choices=KINDS, help="scheduler (default: systemd on Linux with systemd, "
                                                      "Task Scheduler on Windows, cron elsewhere)")
    parser.add_argument("--install", action="store_true", help="install it for the current user")
    parser.add_argument("--config", type=Path, help="config file the scheduled run uses (default ./auditor.toml, "
                                                    "then the user config folder)")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    config = load_config(args.config).path or default_config_path()  # validates it now, not at 9am Monday
    try:
        hour, minute = parse_at(args.at)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    schedule = Schedule(every=cast(Every, args.every), hour=hour, minute=minute)
    kind: Kind = args.kind or detect_kind()
    if not args.install:
        print(describe(kind, config, schedule))
        return 0
    if kind == "systemd":
        written = install_systemd(config, schedule)
        print(f"Installed and started the systemd user timer ({', '.join(str(p) for p in written)}).")
        print("To run it while you are logged out too: loginctl enable-linger $USER")
    elif kind == "cron":
        install_cron(config, schedule)
        print("Added the audit to your crontab (`crontab -l` shows it).")
    else:
        install_windows(config, schedule)
        print("Created the Task Scheduler task \"Account Privacy Auditor\".")
    print(f"The audit runs {schedule.every} at {hour:02d}:{minute:02d} with {config}. Credentials for [notify] "
          f"go in {env_file()} (NAME=value lines, owner-only) or, on Windows, `setx NAME value`.")
    return 0
