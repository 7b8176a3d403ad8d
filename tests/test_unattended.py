"""Issues 18 and 20: an unattended audit never fails silently, never loses an alert, and its history
and mail reveal nothing that a follower list or a mail server could use."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import parse_config
from auditor.errors import ConfigError
from auditor.findings import fingerprint
from auditor.history import store as store_module
from auditor.history.store import HistoryStore, key_path
from auditor.loading import load_config
from auditor.notify import NotifyConfig, build_message
from auditor.pipeline import check, compare_with_history
from auditor.progress import SILENT
from tests import test_notify
from tests.test_history import CASE, EMPLOYER, finding, result_of, write_archive, write_config
from tests.test_notify import PASSWORD, USER, Server, free_port, notify_toml, serious

certificate, smtp_server = test_notify.certificate, test_notify.smtp_server  # the local SMTP server fixtures


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)


def body(message: object) -> str:
    return message.get_payload(decode=True).decode()  # type: ignore[attr-defined, no-any-return]


def run_args(config: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "--config", str(config), "--output-dir", str(out), "--quiet", "--format", "json", *extra]


# -- issue 20 item 1: silent failures --------------------------------------------------------------


def test_a_run_that_cannot_start_still_mails(tmp_path: Path, smtp_server: Server, mail_env: None) -> None:
    archive = write_archive(tmp_path / "pseudonym-x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, notify_toml(smtp_server))
    archive.unlink()  # the scheduled run's export was moved
    assert main(run_args(config, tmp_path / "o")) == 2
    assert len(smtp_server.inbox.messages) == 1
    message = smtp_server.inbox.messages[0]
    assert message["Subject"] == "Account privacy audit: the run did not finish"
    assert "did not finish" in body(message) and "pseudonym" not in body(message)  # no file names


def test_an_unread_account_mails_and_keeps_its_last_good_figures(
    tmp_path: Path, smtp_server: Server, mail_env: None
) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE, "102": EMPLOYER})
    config = write_config(tmp_path, archive, notify_toml(smtp_server) + '[history]\npath = "h.db"\n')
    assert main(run_args(config, tmp_path / "o")) == 0
    good = json.loads((tmp_path / "o" / "report.json").read_text())
    archive.write_bytes(b"PK\x03\x04 damaged")  # the export is damaged: the handle cannot be read from it
    assert main(run_args(config, tmp_path / "o")) == 2
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert [a["key"] for a in report["accounts"]] == [a["key"] for a in good["accounts"]]  # not x:accounts[1]
    assert len(smtp_server.inbox.messages) == 2
    text = body(smtp_server.inbox.messages[1])
    assert "could not be read" in text and "FrontlineFern" not in text
    loaded = load_config(config)
    result, _ = compare_with_history(check(loaded, SILENT), loaded, no_history=False)
    assert result.accounts[0].key == "x:FrontlineFern" and result.accounts[0].unread
    assert result.trend[-1][1] == result.trend[-2][1] != {}  # the chart keeps the last good figures: no dip


# -- issue 20 item 2: stale exports ----------------------------------------------------------------


def test_a_stale_export_is_said_with_the_platform_how_to(
    tmp_path: Path, smtp_server: Server, mail_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})  # its newest post is from 2025
    old = time.time() - 60 * 86400
    os.utime(archive, (old, old))
    config = write_config(tmp_path, archive, notify_toml(smtp_server))
    assert main(run_args(config, tmp_path / "o", "--every", "monthly")) == 0
    err = capsys.readouterr().err
    assert "may be stale" in err and "60 days old" in err and "docs/platforms/x.md" in err
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert any("may be stale" in note for note in report["accounts"][0]["notes"])
    text = body(smtp_server.inbox.messages[0])
    assert "may be stale" in text and "docs/platforms/README.md" in text  # pseudonymous: not the platform's page
    # Daily, a fresh file, and no --every: nothing said about staleness.
    os.utime(archive, None)
    assert main(run_args(config, tmp_path / "o2")) == 0
    assert "stale" not in capsys.readouterr().err


# -- issue 20 item 5: the mail ---------------------------------------------------------------------


def test_the_mail_groups_identical_lines_and_has_a_neutral_subject() -> None:
    config = NotifyConfig(smtp_host="smtp.example.org", sender="a@example.org", to=("b@example.org",))
    findings = [serious(f"{i:024x}") for i in range(25)]
    findings.append(replace(finding("linked", "x:SecretHandle"), category="linkage",
                            title="Pseudonymous account reveals who you are"))
    message = build_message(result_of(findings), config)
    assert message is not None
    text = message.get_content()
    assert text.count("Post may identify a person you support") == 1 and "— 25 findings" in text
    assert "more" not in text and "Pseudonymous" not in text and "(x)" not in text
    assert message["Subject"] == "Account privacy audit: 26 new findings (26 high)"


# -- issue 18 item 3: keyed fingerprints -----------------------------------------------------------


def test_history_fingerprints_cannot_be_recomputed_from_a_follower_list(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    followers = [f"follower{i}" for i in range(50)]
    matched = [finding(fingerprint("caseload.follower", "x:a", "connection", name), "x:a") for name in followers[:10]]
    with HistoryStore.open(path) as store:
        store.compare_and_record(result_of(matched), {"x:a"})
        store.add_suppression(matched[0].fingerprint, "known", None)
        assert {s.fingerprint for s in store.suppressions()} == {matched[0].fingerprint}  # the user's id, unsealed
    assert stat.S_IMODE(key_path(path).stat().st_mode) == 0o600
    dump = "\n".join(sqlite3.connect(path).iterdump())
    candidates = {fingerprint("caseload.follower", "x:a", "connection", name) for name in followers}
    assert not [fp for fp in candidates if fp in dump]  # 0 caseload matches recoverable without the key
    with HistoryStore.open(path) as store:  # with the key, the next run still compares
        assert store.compare_only(result_of(matched), {"x:a"}).findings[0].status == "persisting"
    key_path(path).unlink()
    with pytest.raises(Exception, match=r"key file .* is missing"):
        HistoryStore.open(path)


def test_an_old_history_is_rekeyed_in_place(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    conn = sqlite3.connect(path)
    for statement in store_module.MIGRATIONS[0]:
        conn.execute(str(statement))
    conn.execute("PRAGMA user_version = 1")
    plain = fingerprint("caseload.follower", "x:a", "connection", "follower1")
    conn.execute("INSERT INTO runs VALUES (1, '2026-01-01T00:00:00Z', '0.1', 1, 1, 0, 0, 0, 0, '{\"high\": 1}')")
    conn.execute("INSERT INTO run_accounts VALUES (1, 'x:a', 1, 1, 0)")
    conn.execute("INSERT INTO run_findings VALUES (1, ?, 'x:a', 'caseload.follower', 'confidentiality', 'high', "
                 "'connection', 'new', 0)", (plain,))
    conn.execute("INSERT INTO suppressions VALUES (?, 'known', NULL, '2026-01-01T00:00:00Z')", (plain,))
    conn.commit()
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.schema_version == len(store_module.MIGRATIONS)
        assert store.knows_fingerprint(plain) and [s.fingerprint for s in store.suppressions()] == [plain]
        again = store.compare_only(result_of([finding(plain, "x:a")]), {"x:a"})
        assert again.findings[0].status == "persisting"  # the migrated history still compares
    assert plain not in "\n".join(sqlite3.connect(path).iterdump())


# -- issue 18 item 4: a pasted token ----------------------------------------------------------------

TOKEN = "EAAGm0PX4ZCpsBAKZB3ZA1xZBq2ZCy7xQ9"


@pytest.mark.parametrize("value", [TOKEN, "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "sk-live.abc/def+ghi=",
                                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])
def test_a_secret_where_an_env_var_name_belongs_is_refused_and_never_shown(tmp_path: Path, value: str) -> None:
    text = (f'[[accounts]]\nplatform = "facebook"\nstance = "personal"\napi = {{ token_env = "{value}" }}\n')
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text), tmp_path / "auditor.toml")
    message = str(caught.value)
    assert "token_env" in message and "not shown" in message and value not in message
    notify = (f'[notify]\nsmtp_host = "s.example"\nfrom = "a@b"\nto = ["c@d"]\nusername_env = "U"\n'
              f'password_env = "{value}"\n')
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(notify), tmp_path / "auditor.toml")
    assert "password_env" in str(caught.value) and value not in str(caught.value)


def test_a_pasted_token_reaches_no_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "auditor.toml"
    config.write_text(f'[[accounts]]\nplatform = "facebook"\nstance = "personal"\n'
                      f'api = {{ token_env = "{TOKEN}" }}\n')
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o")]) == 2
    out = capsys.readouterr()
    assert "looks like a secret" in out.err and TOKEN not in out.err + out.out
    assert not (tmp_path / "o").exists()
    for ordinary in ("FB_TOKEN", "INSTAGRAM_LONG_LIVED_ACCESS_TOKEN", "x_token"):  # real names still pass
        parse_config(tomllib.loads(f'[[accounts]]\nplatform = "facebook"\nstance = "personal"\n'
                                   f'api = {{ token_env = "{ordinary}" }}\n'), config)


# -- issue 18 item 5: lost alerts -------------------------------------------------------------------


def test_an_alert_that_failed_to_send_is_resent_with_the_next_mail(
    tmp_path: Path, smtp_server: Server, mail_env: None
) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    working = notify_toml(smtp_server) + '[history]\npath = "h.db"\n'
    config = write_config(tmp_path, archive, working.replace(str(smtp_server.port), str(free_port())))
    assert main(run_args(config, tmp_path / "o")) == 2  # the mail server is down: nothing delivered
    with HistoryStore.open(tmp_path / "h.db") as store:
        owed = store.undelivered()
        assert owed and store.notification_outcome(store.runs()[0].id) == "failed"
    write_config(tmp_path, archive, working)  # the server is back; the findings are "persisting" now
    assert main(run_args(config, tmp_path / "o")) == 0
    assert len(smtp_server.inbox.messages) == 1
    text = body(smtp_server.inbox.messages[0])
    assert "could not be sent; here" in text and "Post may identify a person you support" in text
    with HistoryStore.open(tmp_path / "h.db") as store:
        assert store.undelivered() == set() and store.notification_outcome(store.runs()[0].id) == "sent"
    assert main(run_args(config, tmp_path / "o")) == 0  # delivered once: not again
    assert len(smtp_server.inbox.messages) == 1


def test_a_recorded_run_counts_an_unread_accounts_last_open_findings(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.db") as store:
        both = {"x:a": [], "x:b": []}
        store.compare_and_record(result_of([finding("a", "x:a"), finding("b", "x:b")], both), {"x:a", "x:b"})
        unread_a = result_of([finding("b", "x:b")], {"x:a": ["damaged"], "x:b": []})
        unread_a.accounts[0].posts_scanned = 0  # nothing at all read from x:a
        store.compare_and_record(unread_a, {"x:b"})
        latest, first = store.runs()
    assert latest.by_severity == first.by_severity == {"high": 2} and latest.findings == 2
