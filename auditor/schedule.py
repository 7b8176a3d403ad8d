"""Run the audit on a schedule with the operating system's own scheduler.

Three targets, chosen automatically or with ``--kind``: a systemd *user* timer (Linux with
systemd; ``Persistent=true`` so a week missed while the laptop was off runs at next boot), a
crontab line (other Unix, macOS), or a Windows Task Scheduler task (``schtasks``). Each runs
``python -m auditor run --quiet --config <absolute path>`` with the interpreter that is running
now, so the scheduled run uses the same installation and virtual environment as this one.

Notification credentials are environment variables; a scheduler starts with an almost empty
environment, so the systemd unit and the cron line read an optional owner-only env file
(:data:`env_file`), and on Windows they are set once with ``setx``. Nothing here stores secrets.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from platformdirs import user_config_path

from auditor.errors import UserError

Every = Literal["daily", "weekly", "monthly"]
Kind = Literal["systemd", "cron", "windows"]
EVERY: tuple[str, ...] = get_args(Every)
KINDS: tuple[str, ...] = get_args(Kind)
UNIT = "account-privacy-auditor"
TASK_NAME = "Account Privacy Auditor"
CRON_MARK = f"# {UNIT}"
WEEKDAY = ("Mon", "MON", "1")  # systemd, schtasks, cron spellings of the weekly run's day
MONTH_DAY = 1  # the monthly run's day of the month
# The longest gap between two scheduled runs, in days: an export older than this was already
# audited by the previous run (see auditor.pipeline's stale-export notes).
PERIOD_DAYS: dict[str, int] = {"daily": 1, "weekly": 7, "monthly": 31}


@dataclass(frozen=True)
class Schedule:
    every: Every
    hour: int = 9
    minute: int = 0


def parse_at(value: str) -> tuple[int, int]:
    """``HH:MM`` (24-hour) → (hour, minute); ``ValueError`` with a readable message otherwise."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"--at must be a 24-hour time HH:MM, e.g. 09:00 or 18:30, not {value!r}.")
    return int(match[1]), int(match[2])


def env_file() -> Path:
    """Where the scheduled run reads ``NAME=value`` lines (e.g. SMTP credentials) from, if present."""
    return user_config_path("auditor") / "auditor.env"


def audit_command(config: Path, every: str | None = None) -> list[str]:
    """The scheduled command; ``--every`` tells the run its period (stale exports, failure mail)."""
    return [sys.executable, "-m", "auditor", "run", "--quiet", "--config", str(config),
            *(["--every", every] if every else [])]


def detect_kind() -> Kind:
    if sys.platform == "win32":
        return "windows"
    if sys.platform.startswith("linux") and Path("/run/systemd/system").is_dir() and shutil.which("systemctl"):
        return "systemd"
    return "cron"


# -- systemd --------------------------------------------------------------------------------------


def systemd_units(config: Path, schedule: Schedule) -> dict[str, str]:
    """``{file name: content}`` of the user service and timer."""
    exec_start = " ".join(_systemd_quote(arg) for arg in audit_command(config, schedule.every))
    calendar = f"*-*-* {schedule.hour:02d}:{schedule.minute:02d}:00"
    if schedule.every == "weekly":
        calendar = f"{WEEKDAY[0]} {calendar}"
    elif schedule.every == "monthly":
        calendar = f"*-*-{MONTH_DAY:02d} {schedule.hour:02d}:{schedule.minute:02d}:00"
    service = (
        "[Unit]\n"
        "Description=Account Privacy Auditor: scheduled audit of your own social media accounts\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"WorkingDirectory={_systemd_escape(str(config.parent))}\n"
        f"EnvironmentFile=-{_systemd_escape(str(env_file()))}\n"
        f"ExecStart={exec_start}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=Run the Account Privacy Auditor {schedule.every}\n\n"
        "[Timer]\n"
        f"OnCalendar={calendar}\n"
        "Persistent=true\n"
        "RandomizedDelaySec=5min\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def systemd_unit_dir() -> Path:
    return user_config_path("systemd", appauthor=False, roaming=True) / "user"


def install_systemd(config: Path, schedule: Schedule, unit_dir: Path | None = None) -> list[Path]:
    unit_dir = unit_dir or systemd_unit_dir()
    unit_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in systemd_units(config, schedule).items():
        path = unit_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    _run(["systemctl", "--user", "daemon-reload"])
    _run(["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"])
    return written


def _systemd_escape(text: str) -> str:
    return text.replace("%", "%%").replace("$", "$$")


def _systemd_quote(arg: str) -> str:
    arg = _systemd_escape(arg)
    if arg and not re.search(r"[\s\"'\\;]", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- cron -----------------------------------------------------------------------------------------


def crontab_line(config: Path, schedule: Schedule) -> str:
    """One crontab line, marked so ``--install`` can replace it next time instead of adding another."""
    day = WEEKDAY[2] if schedule.every == "weekly" else "*"
    month_day = str(MONTH_DAY) if schedule.every == "monthly" else "*"
    env = shlex.quote(str(env_file()))
    command = " ".join(shlex.quote(arg) for arg in audit_command(config, schedule.every))
    body = (f"set -a; [ -r {env} ] && . {env}; set +a; "
            f"cd {shlex.quote(str(config.parent))} && {command}")
    # cron turns an unescaped % into a newline.
    return f"{schedule.minute} {schedule.hour} {month_day} * {day} {body.replace('%', chr(92) + '%')} {CRON_MARK}"


def install_cron(config: Path, schedule: Schedule) -> str:
    """Replace our line in the user's crontab (keeping every other line); return the new crontab."""
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    # "crontab -l" exits 1 with "no crontab for USER" when there is none yet: start empty.
    lines = current.stdout.splitlines() if current.returncode == 0 else []
    kept = [line for line in lines if not line.rstrip().endswith(CRON_MARK)]
    new = "\n".join([*kept, crontab_line(config, schedule)]) + "\n"
    _run(["crontab", "-"], stdin=new)
    return new


# -- Windows --------------------------------------------------------------------------------------


def windows_command(config: Path, schedule: Schedule) -> list[str]:
    """The ``schtasks`` command line that creates (or replaces, /F) the task."""
    task = subprocess.list2cmdline(audit_command(config, schedule.every))
    args = ["schtasks", "/Create", "/F", "/TN", TASK_NAME, "/TR", task,
            "/SC", schedule.every.upper(), "/ST", f"{schedule.hour:02d}:{schedule.minute:02d}"]
    if schedule.every == "weekly":
        args += ["/D", WEEKDAY[1]]
    elif schedule.every == "monthly":
        args += ["/D", str(MONTH_DAY)]
    return args


def install_windows(config: Path, schedule: Schedule) -> None:
    _run(windows_command(config, schedule))


# -- shared ---------------------------------------------------------------------------------------


def describe(kind: Kind, config: Path, schedule: Schedule) -> str:
    """What ``auditor schedule`` prints without ``--install``: the files or command to set it up by hand."""
    if kind == "systemd":
        unit_dir = systemd_unit_dir()
        parts = [f"# Save these two files in {unit_dir}/ and run:\n"
                 f"#   systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer\n"
                 f"# (or rerun this command with --install to do all of it)."]
        for name, text in systemd_units(config, schedule).items():
            parts.append(f"# ---- {unit_dir / name}\n{text}")
        return "\n".join(parts)
    if kind == "cron":
        return ("# Add this line with `crontab -e` (or rerun with --install):\n"
                + crontab_line(config, schedule))
    return ("REM Run this in a Command Prompt (or rerun with --install):\n"
            + subprocess.list2cmdline(windows_command(config, schedule)))


def _run(argv: list[str], stdin: str | None = None) -> None:
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UserError(f"Cannot install the schedule: `{argv[0]}` was not found on this computer. Run "
                        f"`auditor schedule` without --install and set it up by hand, or choose another "
                        f"--kind.") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise UserError(f"Cannot install the schedule: `{' '.join(argv[:3])}` failed"
                        f"{': ' + detail[-1] if detail else ''}. Run `auditor schedule` without --install to "
                        f"see what to set up by hand.")
