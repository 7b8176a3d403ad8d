"""``auditor team report``: members, overdue status, trends, themes, consent, and refusals with reasons."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from auditor.team import dashboard, keys
from reports import team_html
from tests.conftest import FIXED_NOW
from tests.team.conftest import TeamKeys, make_keys, share_args
from tests.team.test_bundle import make_bundle

Cli = Callable[..., tuple[int, str, str]]
NOW = FIXED_NOW + timedelta(days=1)


def test_members_trends_overdue_and_themes(team: TeamKeys, tmp_path: Path) -> None:
    make_bundle(team, tmp_path, file="fern-old.bundle", audit_days_ago=60)
    make_bundle(team, tmp_path, file="fern-new.bundle", audit_days_ago=0)
    make_bundle(team, tmp_path, file="robin.bundle", name="Robin Staff", email="robin@example.org",
                scope="summary", audit_days_ago=40, days=200)
    board = dashboard.build([tmp_path], team.key, team.roster, NOW, overdue_after=timedelta(days=30))
    assert not board.refused
    by_name = {m.name: m for m in board.members}
    fern, robin = by_name["Fern Example"], by_name["Robin Staff"]
    assert len(fern.bundles) == 2 and fern.change == 0 and not fern.overdue and fern.days_since_audit == 1
    assert robin.overdue and robin.days_since_audit == 41 and robin.latest.audit.findings is None
    assert board.members[0] is robin  # overdue members first
    assert board.overdue_count == 1
    settings = next(t for t in board.category_themes if t.category == "settings")
    assert settings.members == 2
    # recurring findings come only from members who consented to share findings
    assert all(t.members == 1 for t in board.finding_themes)
    longer = dashboard.build([tmp_path], team.key, team.roster, NOW, overdue_after=timedelta(days=90))
    assert longer.overdue_count == 0


def test_expired_consent_is_refused_and_the_rest_render(team: TeamKeys, tmp_path: Path) -> None:
    make_bundle(team, tmp_path, file="expired.bundle", name="Old Consent", email="old@example.org",
                days=30, audit_days_ago=40)
    make_bundle(team, tmp_path, file="fresh.bundle")
    board = dashboard.build([tmp_path], team.key, team.roster, NOW, overdue_after=timedelta(days=90))
    assert [m.name for m in board.members] == ["Fern Example"]
    [refused] = board.refused
    assert refused.kind == "expired" and refused.member == "Old Consent" and "expired on" in refused.reason
    html = team_html.render(board)
    assert "expired.bundle" in html and "Fern Example" in html
    # the refused member's consent and data are not shown as a member
    assert html.count("Old Consent") == 1


def test_every_kind_of_refusal_is_listed(team: TeamKeys, tmp_path: Path) -> None:
    other = make_keys(tmp_path / "other", seed=7)
    make_bundle(team, tmp_path, file="good.bundle")
    make_bundle(other, tmp_path, file="wrongkey.bundle", name="Wrong Key")
    tampered, _ = make_bundle(team, tmp_path, file="tampered.bundle", name="Tampered")
    lines = tampered.read_text().split("\n")
    lines[4] = lines[4][:-1] + ("A" if lines[4][-1] != "A" else "B")
    tampered.write_text("\n".join(lines))
    (tmp_path / "junk.bundle").write_text("junk")
    board = dashboard.build([tmp_path], team.key, team.roster, NOW, overdue_after=timedelta(days=90))
    kinds = {r.path.name: r.kind for r in board.refused}
    assert kinds == {"wrongkey.bundle": "wrong key", "tampered.bundle": "tampered", "junk.bundle": "malformed"}
    assert [m.name for m in board.members] == ["Fern Example"]


def test_withdrawal_is_honoured(cli: Cli, team: TeamKeys, report_file: Path, tmp_path: Path) -> None:
    assert cli(*share_args(team, report_file, "--yes", "--output", report_file.parent / "one.bundle"))[0] == 0
    assert cli(*share_args(team, report_file, "--yes", "--scope", "summary", "--output",
                           report_file.parent / "two.bundle"))[0] == 0
    make_bundle(team, tmp_path, file="robin.bundle", name="Robin Staff", email="robin@example.org")
    inbox = report_file.parent
    code, out, _ = cli("share", "--withdraw", inbox / "one.receipt.json", "--output", inbox / "w.withdrawal",
                       "--signing-key", team.fern_key)
    assert code == 0 and "withdraws 1 consent" in out
    withdrawal = inbox / "w.withdrawal"
    assert stat.S_IMODE(withdrawal.stat().st_mode) == 0o600
    assert "Fern" not in withdrawal.read_text()  # encrypted too
    now = NOW + timedelta(days=2)
    board = dashboard.build([inbox, tmp_path / "robin.bundle"], team.key, team.roster, now,
                            overdue_after=timedelta(days=90))
    refused = {r.path.name: r for r in board.refused}
    assert refused["one.bundle"].kind == "withdrawn" and "withdrew" in refused["one.bundle"].reason
    assert "two.bundle" not in refused  # only the withdrawn consent is refused
    fern = next(m for m in board.members if m.name == "Fern Example")
    assert [b.path.name for b in fern.bundles] == ["two.bundle"]
    assert {m.name for m in board.members} == {"Fern Example", "Robin Staff"}
    assert len(board.withdrawals) == 1
    # withdrawing the other one too removes the member from the dashboard
    cli("share", "--withdraw", inbox / "two.receipt.json", "--output", inbox / "w2.withdrawal", "--signing-key",
        team.fern_key)
    board = dashboard.build([inbox, tmp_path / "robin.bundle"], team.key, team.roster, now,
                            overdue_after=timedelta(days=90))
    assert [m.name for m in board.members] == ["Robin Staff"]


def test_withdrawal_needs_a_receipt(cli: Cli, tmp_path: Path, team: TeamKeys, report_file: Path) -> None:
    code, _, err = cli("share", "--withdraw", tmp_path / "missing.receipt.json")
    assert code == 2 and "receipt" in err
    cli(*share_args(team, report_file, "--yes", "--output", report_file.parent / "one.bundle"))
    code, _, err = cli("share", "--withdraw", report_file.parent / "one.bundle", "--signing-key", team.fern_key)
    assert code == 2 and "not a share receipt" in err


def test_team_report_cli(cli: Cli, team: TeamKeys, tmp_path: Path) -> None:
    make_bundle(team, tmp_path / "inbox", file="fern.bundle")
    (tmp_path / "inbox" / "junk.bundle").write_text("junk")
    out_file = tmp_path / "dash" / "team.html"
    code, out, _ = cli("team", "report", tmp_path / "inbox", "--key", team.private, "--output", out_file,
                       "--overdue-after", "4w")
    assert code == 0
    assert "1 member" in out and "1 file refused" in out and "junk.bundle" in out
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    html = out_file.read_text()
    assert "Fern Example" in html and "junk.bundle" in html and "28 days" in html
    code, _, err = cli("team", "report", tmp_path / "inbox", "--key", team.public)
    assert code == 2 and "private key" in err
    code, _, err = cli("team", "report", tmp_path / "nowhere", "--key", team.private)
    assert code == 2 and "nowhere" in err
    code, _, err = cli("team", "report", tmp_path / "inbox", "--key", team.private, "--overdue-after", "soon")
    assert code == 2 and "--overdue-after" in err


def test_dashboard_escapes_what_members_wrote(team: TeamKeys, tmp_path: Path) -> None:
    make_bundle(team, tmp_path, name="<script>alert(1)</script>", email="a@b.c")
    html = team_html.render(dashboard.build([tmp_path], team.key, team.roster, NOW, timedelta(days=90)))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_dashboard_uses_the_personal_report_stylesheet(team: TeamKeys, tmp_path: Path) -> None:
    make_bundle(team, tmp_path)
    html = team_html.render(dashboard.build([tmp_path], team.key, team.roster, NOW, timedelta(days=90)))
    css = str(team_html.personal_report_css())
    assert len(css) > 500 and css in html
    assert "http://" not in html and "https://" not in html  # self-contained: no external requests


def test_team_report_with_a_passphrase_protected_key(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TEAM_PASS", "a long passphrase")
    folder = tmp_path / "keys"
    assert cli("team", "keygen", "--output-dir", folder, "--passphrase-env", "TEAM_PASS")[0] == 0
    key = keys.load_private(folder / "team.key", "a long passphrase")
    team = TeamKeys(folder, folder / "team.key", folder / "team.pub", key)
    make_bundle(team, tmp_path / "inbox")
    out_file = tmp_path / "team.html"
    code, _, err = cli("team", "report", tmp_path / "inbox", "--key", team.private, "--output", out_file)
    assert code == 2 and "--passphrase-env" in err and not out_file.exists()
    code, _, _ = cli("team", "report", tmp_path / "inbox", "--key", team.private, "--output", out_file,
                     "--passphrase-env", "TEAM_PASS")
    assert code == 0 and "Fern Example" in out_file.read_text()
