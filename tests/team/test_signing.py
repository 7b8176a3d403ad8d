"""Member signing keys (issue #18 item 7): enrolment by fingerprint, signed withdrawals, keygen's passphrase offer."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from auditor.team import dashboard, keys, signing
from tests.conftest import FIXED_NOW
from tests.team.test_bundle import make_bundle

from .conftest import TeamKeys, share_args

Cli = Callable[..., tuple[int, str, str]]
NOW = FIXED_NOW + timedelta(days=1)


def test_member_key_enrol_share_and_report_end_to_end(cli: Cli, team: TeamKeys, report_file: Path,
                                                      tmp_path: Path) -> None:
    key_file = tmp_path / "robin" / "signing.key"
    code, out, _ = cli("team", "member-key", "--signing-key", key_file)
    assert code == 0 and "Fingerprint:" in out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    fp = out.split("Fingerprint: ")[1].split()[0]
    public = key_file.with_name("member.pub")
    assert "secret_key" not in public.read_text()
    roster = tmp_path / "lead" / "members.json"
    # a swapped file (its fingerprint is not the one read over the phone) is never enrolled
    code, _, err = cli("team", "enroll", public, "--fingerprint", "0000-" + fp[5:], "--name", "Robin Staff",
                       "--roster", roster)
    assert code != 0 and "not the one given" in err and not roster.exists()
    # the private key is not what a lead enrols
    code, _, err = cli("team", "enroll", key_file, "--fingerprint", fp, "--name", "Robin Staff", "--roster", roster)
    assert code == 2 and "PRIVATE" in err
    code, out, _ = cli("team", "enroll", public, "--fingerprint", fp.upper().replace("-", " "), "--name",
                       "Robin Staff", "--email", "robin@example.org", "--roster", roster)
    assert code == 0 and "Enrolled Robin Staff" in out
    bundle = report_file.parent / "robin.bundle"
    args = [a if a != "Fern Example" else "Robin Staff" for a in share_args(team, report_file, "--yes", "--output",
                                                                             bundle)]
    args = [a if a != "fern@example.org" else "robin@example.org" for a in args]
    args[args.index("--signing-key") + 1] = str(key_file)
    assert cli(*args)[0] == 0
    board = dashboard.build([bundle], team.key, signing.load_roster(roster), NOW, timedelta(days=90))
    assert [m.name for m in board.members] == ["Robin Staff"] and not board.refused
    # with the team's own roster (Robin not enrolled there) the same bundle is refused as unverified
    board = dashboard.build([bundle], team.key, team.roster, NOW, timedelta(days=90))
    assert not board.members and board.refused[0].kind == "unverified"
    code, out, _ = cli("team", "report", bundle, "--key", team.private, "--output", tmp_path / "t.html")
    assert code == 0 and "unverified" in out


def test_a_member_cannot_withdraw_another_members_consent(team: TeamKeys, tmp_path: Path) -> None:
    from auditor.team import bundle as bundles

    _path, consent = make_bundle(team, tmp_path, file="fern.bundle")
    robin = team.member("Robin Staff", "robin@example.org")
    text = bundles.seal_withdrawal("Robin Staff", "robin@example.org", [consent.consent_id], NOW, team.key.public,
                                   robin)
    (tmp_path / "w.withdrawal").write_text(text)
    board = dashboard.build([tmp_path], team.key, team.roster, NOW, timedelta(days=90))
    assert [m.name for m in board.members] == ["Fern Example"] and len(board.withdrawals) == 1
    # and a withdrawal in Fern's name signed by Robin is refused outright
    text = bundles.seal_withdrawal("Fern Example", "fern@example.org", [consent.consent_id], NOW, team.key.public,
                                   robin)
    (tmp_path / "w.withdrawal").write_text(text)
    board = dashboard.build([tmp_path], team.key, team.roster, NOW, timedelta(days=90))
    assert [m.name for m in board.members] == ["Fern Example"]
    assert [r.kind for r in board.refused] == ["unverified"]


def test_member_key_with_a_passphrase(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMBER_PASS", "a long member passphrase")
    key_file = tmp_path / "m" / "signing.key"
    assert cli("team", "member-key", "--signing-key", key_file, "--passphrase-env", "MEMBER_PASS")[0] == 0
    doc = json.loads(key_file.read_text())
    assert doc["protection"]["kdf"] == "argon2id"
    with pytest.raises(Exception, match="passphrase"):
        signing.load_member_key(key_file)
    assert signing.load_member_key(key_file, "a long member passphrase")


def test_keygen_offers_a_passphrase_in_a_terminal(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["a long passphrase", "a long passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    folder = tmp_path / "keys"
    code, out, _ = cli("team", "keygen", "--output-dir", folder, tty=True)
    assert code == 0 and "passphrase-protected" in out and "Protect it with a passphrase" in out
    assert keys.needs_passphrase(folder / "team.key")
    # Enter leaves it unprotected; --no-passphrase does not ask
    answers = iter([""])
    assert cli("team", "keygen", "--output-dir", tmp_path / "k2", tty=True)[0] == 0
    assert not keys.needs_passphrase(tmp_path / "k2" / "team.key")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked"))
    assert cli("team", "keygen", "--output-dir", tmp_path / "k3", "--no-passphrase", tty=True)[0] == 0


def test_deeply_nested_key_and_receipt_files_are_clear_errors(cli: Cli, tmp_path: Path, report_file: Path) -> None:
    """Issue #18 item 1 for the team files: a hostile team.pub or receipt gives exit 2, not a RecursionError."""
    deep = "[" * 100_000 + "]" * 100_000
    for name, args in (("team.pub", ["share", "--team-key", "{}", "--scope", "summary", "--report", str(report_file),
                                     "--name", "X", "--yes"]),
                       ("x.receipt.json", ["share", "--withdraw", "{}"])):
        path = tmp_path / name
        path.write_text(deep)
        code, _, err = cli(*[a.replace("{}", str(path)) for a in args])
        assert code == 2 and "Traceback" not in err and str(path) in err, err
