"""``auditor share``: explicit consent, owner-only outputs, defensive report reading."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from nacl.public import SealedBox

from auditor.team.armor import dearmor
from auditor.team.bundle import BUNDLE_KIND, open_file
from tests.team.conftest import TeamKeys, full_report, share_args, write_report

Cli = Callable[..., tuple[int, str, str]]


def _written(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


def _plaintext(bundle: Path, team: TeamKeys) -> dict:  # type: ignore[type-arg]
    body = dearmor(bundle.read_text(encoding="ascii"), (BUNDLE_KIND,)).body
    return json.loads(json.loads(SealedBox(team.key.key).decrypt(body))["signed"])  # type: ignore[no-any-return]


def test_yes_writes_an_owner_only_encrypted_bundle_and_receipt(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, out, _ = cli(*share_args(team, report_file, "--yes"))
    assert code == 0
    [bundle] = _written(report_file.parent, "*.bundle")
    [receipt] = _written(report_file.parent, "*.receipt.json")
    for path in (bundle, receipt):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = bundle.read_text(encoding="ascii")
    assert text.startswith("-----BEGIN AUDITOR TEAM BUNDLE-----\nVersion: 2\nKey: " + team.key.id)
    assert "Fern Example" not in text and "findings" not in text  # nothing readable without the key
    payload = _plaintext(bundle, team)
    consent = payload["consent"]
    assert consent["member"] == {"name": "Fern Example", "email": "fern@example.org"}
    assert consent["scope"] == "findings" and consent["purpose"]
    assert consent["granted_at"] < consent["expires_at"]
    assert consent["tool"]["version"] and consent["team_key"]["id"] == team.key.id
    assert consent["confirmed_by"].startswith("--yes")
    assert consent["text"] in out  # the recorded consent text is the one that was shown
    assert "This is everything that will be shared" in out
    opened = open_file(bundle, team.key, team.roster)
    assert not hasattr(opened, "kind"), opened


def test_refuses_without_a_terminal_and_without_yes(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, _, err = cli(*share_args(team, report_file), stdin="yes\n")
    assert code == 2
    assert "explicit consent" in err and "--yes" in err
    assert not _written(report_file.parent, "*.bundle")


def test_typed_yes_at_the_prompt_is_recorded(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, out, _ = cli(*share_args(team, report_file, scope="summary"), stdin="YES\n", tty=True)
    assert code == 0, out
    [bundle] = _written(report_file.parent, "*.bundle")
    consent = _plaintext(bundle, team)["consent"]
    assert consent["confirmed_by"] == 'typed "yes" at the prompt'
    assert consent["scope"] == "summary"


@pytest.mark.parametrize("answer", ["no\n", "\n", "y\n", ""])
def test_anything_but_yes_shares_nothing(cli: Cli, team: TeamKeys, report_file: Path, answer: str) -> None:
    code, out, _ = cli(*share_args(team, report_file), stdin=answer, tty=True)
    assert code == 1 and "nothing was shared" in out
    assert not _written(report_file.parent, "*.bundle")


def test_name_is_asked_when_not_given(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    args = ["share", "--team-key", team.public, "--scope", "summary", "--report", report_file]
    code, _, _ = cli(*args, stdin="Robin Staff\nrobin@example.org\nyes\n", tty=True)
    assert code == 0
    [bundle] = _written(report_file.parent, "*.bundle")
    assert _plaintext(bundle, team)["consent"]["member"] == {"name": "Robin Staff", "email": "robin@example.org"}


def test_name_is_required_when_unattended(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    args = ["share", "--team-key", team.public, "--scope", "summary", "--report", report_file, "--yes"]
    code, _, err = cli(*args)
    assert code == 2 and "--name" in err


def test_dry_run_shows_and_writes_nothing(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, out, _ = cli(*share_args(team, report_file, "--dry-run"))
    assert code == 0 and "Dry run" in out and "I, Fern Example <fern@example.org>, agree" in out
    assert not list(report_file.parent.glob("*.bundle")) and not list(report_file.parent.glob("*.receipt.json"))


@pytest.mark.parametrize("expires", ["0d", "400d", "60w", "soon", "2001-01-01"])
def test_bad_expiry_is_a_clear_error(cli: Cli, team: TeamKeys, report_file: Path, expires: str) -> None:
    code, _, err = cli(*share_args(team, report_file, "--yes", "--expires", expires))
    assert code == 2 and "--expires" in err


def test_expiry_as_a_date_and_as_weeks(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, _, _ = cli(*share_args(team, report_file, "--yes", "--expires", "2w", "--output",
                                 report_file.parent / "a.bundle"))
    assert code == 0
    consent = _plaintext(report_file.parent / "a.bundle", team)["consent"]
    granted, expires = consent["granted_at"], consent["expires_at"]
    assert granted[:10] < expires[:10]


def test_account_filter_shares_only_the_chosen_account(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    code, _, _ = cli(*share_args(team, report_file, "--yes", "--account", "x:Fern.Named"))
    assert code == 0
    [bundle] = _written(report_file.parent, "*.bundle")
    audit = _plaintext(bundle, team)["audit"]
    assert [a["label"] for a in audit["accounts"]] == ["x (professional)"]
    assert all(f["account"] == "x (professional)" for f in audit["findings"])
    code, _, err = cli(*share_args(team, report_file, "--yes", "--account", "x:Nobody"))
    assert code == 2 and "x:Nobody" in err and "x:FrontlineFern" in err


def test_counts_leave_out_suppressed_findings(cli: Cli, team: TeamKeys, report_file: Path) -> None:
    doc = json.loads(report_file.read_text())
    active = [f for f in doc["findings"] if f["account"] == "x:FrontlineFern" and not f.get("suppressed")]
    cli(*share_args(team, report_file, "--yes"))
    [bundle] = _written(report_file.parent, "*.bundle")
    audit = _plaintext(bundle, team)["audit"]
    anon = next(a for a in audit["accounts"] if a["stance"] == "anonymous")
    assert sum(anon["by_severity"].values()) == len(active)
    assert anon["resolved"] == 1
    assert anon["possible"] == sum(1 for f in active if f["confidence"] < 0.5)


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: "not json", "not valid JSON"),
    (lambda d: {**d, "schema": "other/1"}, "not an auditor JSON report"),
    (lambda d: {**d, "findings": [{**d["findings"][0], "severity": "apocalyptic"}]}, "findings[0]"),
    (lambda d: {**d, "findings": [{**d["findings"][0], "account": "x:ghost"}]}, "findings[0]"),
    (lambda d: {**d, "accounts": [{**d["accounts"][0], "platform": "myspace"}]}, "accounts[0]"),
    (lambda d: {**d, "generated_at": "yesterday"}, "generated_at"),
    (lambda d: {k: v for k, v in d.items() if k != "findings"}, "\"findings\""),
    (lambda d: [], "not an auditor JSON report"),
])
def test_malformed_reports_are_clear_errors(cli: Cli, team: TeamKeys, tmp_path: Path, mutate, expected) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r" / "report.json"
    mutated = mutate(full_report())
    if isinstance(mutated, str):
        path.parent.mkdir()
        path.write_text(mutated)
    else:
        write_report(path, mutated)  # type: ignore[arg-type]
    code, _, err = cli(*share_args(team, path, "--yes"))
    assert code == 2, err
    assert str(path) in err and expected in err
    assert not list(path.parent.glob("*.bundle"))


def test_missing_report_and_wrong_key_file(cli: Cli, team: TeamKeys, tmp_path: Path, report_file: Path) -> None:
    code, _, err = cli(*share_args(team, tmp_path / "nope.json", "--yes"))
    assert code == 2 and "auditor run" in err
    args = ["share", "--team-key", team.private, "--scope", "summary", "--report", report_file, "--name", "X", "--yes"]
    code, _, err = cli(*args)
    assert code == 2 and "PRIVATE" in err
    code, _, err = cli("share", "--scope", "summary", "--report", report_file, "--yes")
    assert code == 2 and "--team-key" in err
