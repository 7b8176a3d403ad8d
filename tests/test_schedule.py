"""`auditor schedule`: systemd user timer, crontab line and Task Scheduler command, printed or installed."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.schedule import (
    CRON_MARK,
    Schedule,
    crontab_line,
    parse_at,
    systemd_units,
    windows_command,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"


def fake_tool(bin_dir: Path, name: str, script: str) -> None:
    """A stand-in for systemctl/crontab on PATH that logs its arguments (never the real scheduler)."""
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return bin_dir


def test_systemd_units_run_the_quiet_audit_weekly() -> None:
    units = systemd_units(Path("/home/fern/audit/auditor.toml"), Schedule("weekly", 18, 30))
    service, timer = units["account-privacy-auditor.service"], units["account-privacy-auditor.timer"]
    assert f"ExecStart={sys.executable} -m auditor run --quiet --config /home/fern/audit/auditor.toml" in service
    assert "WorkingDirectory=/home/fern/audit\n" in service
    assert "EnvironmentFile=-" in service and "Type=oneshot" in service
    assert "OnCalendar=Mon *-*-* 18:30:00" in timer and "Persistent=true" in timer
    daily = systemd_units(Path("/c/auditor.toml"), Schedule("daily"))["account-privacy-auditor.timer"]
    assert "OnCalendar=*-*-* 09:00:00" in daily


def test_monthly_schedule_on_every_scheduler() -> None:
    """Issue 20 item 3: --every monthly, on the 1st of the month, telling the run its period."""
    config = Path("/home/fern/audit/auditor.toml")
    units = systemd_units(config, Schedule("monthly", 8, 15))
    assert "OnCalendar=*-*-01 08:15:00" in units["account-privacy-auditor.timer"]
    assert "--every monthly" in units["account-privacy-auditor.service"]
    line = crontab_line(config, Schedule("monthly", 8, 15))
    assert line.startswith("15 8 1 * * ") and "--every monthly" in line
    assert windows_command(config, Schedule("monthly"))[7:] == ["/SC", "MONTHLY", "/ST", "09:00", "/D", "1"]
    assert main(["schedule", "--every", "monthly", "--kind", "cron", "--config", str(EXAMPLE)]) == 0


def test_systemd_quotes_awkward_paths() -> None:
    service = systemd_units(Path("/home/fern/My Audits/100% me.toml"), Schedule("daily"))[
        "account-privacy-auditor.service"]
    assert '--config "/home/fern/My Audits/100%% me.toml"' in service


def test_crontab_line_is_runnable_shell(tmp_path: Path) -> None:
    config = tmp_path / "my audits" / "auditor.toml"
    line = crontab_line(config, Schedule("weekly", 7, 5))
    assert line.startswith("5 7 * * 1 ") and line.endswith(CRON_MARK)
    assert crontab_line(config, Schedule("daily")).startswith("0 9 * * * ")
    command = line.split(" ", 5)[5].removesuffix(CRON_MARK)
    # The command part must parse as shell and end with the audit invocation for this config.
    words = shlex.split(command.replace("\\%", "%"))
    assert words[-9:] == [sys.executable, "-m", "auditor", "run", "--quiet", "--config", str(config),
                          "--every", "weekly"]


def test_crontab_line_actually_runs(tmp_path: Path, fake_bin: Path) -> None:
    """Run the cron command with sh, with a fake python that records its arguments."""
    log = tmp_path / "log"
    fake = fake_bin / "python"
    fake.write_text(f'#!/bin/sh\necho "$PWD $*" > {log}\necho "$TEST_SECRET_VAR" >> {log}\n')
    fake.chmod(0o755)
    env_file = tmp_path / "xdg" / "auditor" / "auditor.env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text("TEST_SECRET_VAR=from-env-file\n")
    config = tmp_path / "cfg dir" / "auditor.toml"
    config.parent.mkdir()
    line = crontab_line(config, Schedule("daily")).replace(shlex.quote(sys.executable), str(fake))
    command = line.split(" ", 5)[5]
    subprocess.run(["sh", "-c", command], check=True, env={**os.environ})
    ran = log.read_text().splitlines()
    assert ran[0] == f"{config.parent} -m auditor run --quiet --config {config} --every daily"
    assert ran[1] == "from-env-file"


def test_windows_command() -> None:
    args = windows_command(Path(r"C:\Users\Fern\auditor.toml"), Schedule("weekly", 9, 0))
    assert args[:6] == ["schtasks", "/Create", "/F", "/TN", "Account Privacy Auditor", "/TR"]
    assert args[6].endswith(r"-m auditor run --quiet --config C:\Users\Fern\auditor.toml --every weekly")
    assert args[7:] == ["/SC", "WEEKLY", "/ST", "09:00", "/D", "MON"]
    assert windows_command(Path("c.toml"), Schedule("daily"))[7:] == ["/SC", "DAILY", "/ST", "09:00"]


def test_print_mode_prints_and_installs_nothing(capsys: pytest.CaptureFixture[str], fake_bin: Path) -> None:
    assert main(["schedule", "--every", "weekly", "--kind", "systemd", "--config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "[Timer]" in out and f"--config {EXAMPLE}" in out
    assert not (fake_bin.parent / "xdg" / "systemd").exists()
    assert main(["schedule", "--every", "daily", "--kind", "cron", "--config", str(EXAMPLE)]) == 0
    assert CRON_MARK in capsys.readouterr().out
    assert main(["schedule", "--every", "daily", "--kind", "windows", "--config", str(EXAMPLE)]) == 0
    assert "schtasks /Create" in capsys.readouterr().out


def test_install_systemd_writes_units_and_enables_the_timer(tmp_path: Path, fake_bin: Path) -> None:
    calls = tmp_path / "calls"
    fake_tool(fake_bin, "systemctl", f'echo "$*" >> {calls}\n')
    assert main(["schedule", "--every", "weekly", "--kind", "systemd", "--install", "--config", str(EXAMPLE)]) == 0
    unit_dir = tmp_path / "xdg" / "systemd" / "user"
    assert "OnCalendar=Mon" in (unit_dir / "account-privacy-auditor.timer").read_text()
    assert str(EXAMPLE) in (unit_dir / "account-privacy-auditor.service").read_text()
    assert calls.read_text().splitlines() == ["--user daemon-reload",
                                              "--user enable --now account-privacy-auditor.timer"]


def test_install_cron_keeps_other_lines_and_replaces_its_own(tmp_path: Path, fake_bin: Path) -> None:
    table = tmp_path / "crontab"
    table.write_text("MAILTO=fern@example.org\n30 2 * * * backup.sh\n")
    fake_tool(fake_bin, "crontab", f'if [ "$1" = "-l" ]; then cat {table}; else cat > {table}; fi\n')
    for every in ("weekly", "daily"):
        assert main(["schedule", "--every", every, "--kind", "cron", "--install", "--config", str(EXAMPLE)]) == 0
    lines = table.read_text().splitlines()
    assert lines[:2] == ["MAILTO=fern@example.org", "30 2 * * * backup.sh"]
    assert len(lines) == 3 and lines[2].startswith("0 9 * * * ")  # the daily line replaced the weekly one


def test_install_cron_with_no_crontab_yet(tmp_path: Path, fake_bin: Path) -> None:
    table = tmp_path / "crontab"
    fake_tool(fake_bin, "crontab",
              f'if [ "$1" = "-l" ]; then echo "no crontab for fern" >&2; exit 1; else cat > {table}; fi\n')
    assert main(["schedule", "--every", "daily", "--kind", "cron", "--install", "--config", str(EXAMPLE)]) == 0
    assert table.read_text().count(CRON_MARK) == 1


def test_install_failure_is_a_clear_error(tmp_path: Path, fake_bin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake_tool(fake_bin, "systemctl", 'echo "Failed to connect to bus: No medium found" >&2\nexit 1\n')
    assert main(["schedule", "--every", "daily", "--kind", "systemd", "--install", "--config", str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "Failed to connect to bus" in err and "without --install" in err


def test_bad_time_and_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--every", "daily", "--at", "25:00", "--config", str(EXAMPLE)]) == 2
    assert "24-hour time" in capsys.readouterr().err
    assert main(["schedule", "--every", "daily", "--config", str(tmp_path / "none.toml")]) == 2
    assert "No config file" in capsys.readouterr().err
    assert parse_at("7:05") == (7, 5)
    with pytest.raises(ValueError, match="HH:MM"):
        parse_at("noon")
