"""The command line: demo, run, checks, scan-text and the exit-code contract."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO_ZIP = ROOT / "auditor/demo/twitter-2026-11-01-demo.zip"


def test_demo_writes_reports_with_findings_in_every_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--output-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "report.html") in out
    data = json.loads((tmp_path / "report.json").read_text())
    assert set(data["summary"]["by_category"]) == {"settings", "anonymity", "confidentiality", "conduct", "linkage",
                                                   "connections"}


def test_run_with_the_example_config(tmp_path: Path) -> None:
    assert main(["run", "--config", str(ROOT / "config.example.toml"), "--output-dir", str(tmp_path),
                 "--format", "json,md", "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.md"]


def config(tmp_path: Path, archive: Path) -> Path:
    path = tmp_path / "auditor.toml"
    path.write_text(f'[identity]\nemployers = ["WCC"]\n[[accounts]]\nplatform = "x"\nstance = "anonymous"\n'
                    f'archive = "{archive}"\n')
    return path


def test_fail_on_sets_exit_code_1(tmp_path: Path) -> None:
    args = ["run", "--config", str(config(tmp_path, DEMO_ZIP)), "--output-dir", str(tmp_path / "o"), "--quiet"]
    assert main([*args, "--fail-on", "high"]) == 1
    assert main(args) == 0  # default: never fail on findings


def broken_archive(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(DEMO_ZIP) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr(name, content)
    return path


@pytest.mark.parametrize(
    ("member", "content", "message"),
    [
        ("data/tweets.js", b'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"', "truncated"),
        ("data/tweets.js", b"<html><body>Your archive</body></html>", "contains HTML"),
        ("../evil", b"x", "zip-slip"),
    ],
)
def test_malformed_archive_exits_2_with_a_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], member: str, content: bytes, message: str
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate member name we add on purpose
        archive = broken_archive(tmp_path, member, content)
    code = main(["run", "--config", str(config(tmp_path, archive)), "--output-dir", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err and "broken.zip" in err


def test_empty_zip_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    assert main(["run", "--config", str(config(tmp_path, empty)), "--output-dir", str(tmp_path / "o")]) == 2
    assert "archive is empty" in capsys.readouterr().err


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "auditor.toml"
    path.write_text('[profile]\nrole = "wizard"\n')
    assert main(["run", "--config", str(path)]) == 2
    assert "'profile.role'" in capsys.readouterr().err


def test_missing_default_config_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert main(["run"]) == 2
    assert "auditor demo" in capsys.readouterr().err


def test_one_bad_account_still_reports_the_good_one(tmp_path: Path) -> None:
    copy = shutil.copy(DEMO_ZIP, tmp_path / "good.zip")
    (tmp_path / "bad.zip").write_bytes(b"not a zip at all")
    path = tmp_path / "auditor.toml"
    path.write_text(f'[[accounts]]\nplatform = "x"\nstance = "anonymous"\narchive = "{copy}"\n'
                    f'[[accounts]]\nplatform = "x"\nstance = "personal"\narchive = "bad.zip"\n')
    assert main(["run", "--config", str(path), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 2
    data = json.loads((tmp_path / "o/report.json").read_text())
    assert data["accounts"][0]["posts_scanned"] == 20 and data["findings"]  # the demo's 20 tweets
    assert "not a zip" in data["accounts"][1]["errors"][0]


def test_checks_lists_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks", "--role", "nurse", "--jurisdiction", "uk"]) == 0
    out = capsys.readouterr().out
    assert "settings.visibility" in out and "NMC" in out


def test_scan_text_flags_a_risky_draft_and_highlights_the_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-text", "Home visit today, little J (6) in Eastfield"]) == 1
    out = capsys.readouterr().out
    assert "identify" in out and "little J" in out and "AGE" in out
    assert main(["scan-text", "Lovely walk this morning"]) == 0


def test_scan_text_fail_on_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    draft = "Home visit this morning, the 6yo was so proud of his new bike"  # one identifying detail: medium
    assert main(["scan-text", draft, "--fail-on", "critical"]) == 0
    assert "MEDIUM" in capsys.readouterr().out  # still shown, just not failing
    assert main(["scan-text", draft, "--fail-on", "medium"]) == 1


def test_scan_text_reads_stdin_and_refuses_empty(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("these parents are idiots [bold]honestly[/bold]"))
    assert main(["scan-text", "-"]) == 1
    assert "[bold]honestly[/bold]" in capsys.readouterr().out  # user text is never read as markup
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    assert main(["scan-text", "-"]) == 2


def test_scan_text_uses_identity_from_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-text", "--config", str(ROOT / "config.example.toml"), "Proud of my WCC team"]) == 1
    assert "employer" in capsys.readouterr().out


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "auditor", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("auditor 0.1.0")
