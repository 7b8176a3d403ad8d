"""The audit history: new/persisting/resolved across runs, privacy of what it stores, durability."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import parse_config
from auditor.errors import UserError
from auditor.findings import Finding, Subject
from auditor.history import store as store_module
from auditor.history.changes import PastFinding, compare
from auditor.history.store import HistoryStore, default_history_path
from auditor.pipeline import compare_with_history, record
from auditor.result import AccountSummary, AuditResult
from auditor.testing.x_archive import XArchive, at, tweet
from reports.digest import change_line
from tests.conftest import FIXED_NOW, make_context, make_snapshot

ROOT = Path(__file__).resolve().parents[1]
CASE = "Home visit in Eastfield today, little J (6) showed me his drawing"
EMPLOYER = "Working for WCC is exhausting"
CASE_2 = "Home visit at Ashby this morning, little K (7) was so proud of his new school shoes"
BENIGN = "Lovely sunny walk by the river"


def write_archive(path: Path, texts: dict[str, str]) -> Path:
    archive = XArchive(username="FrontlineFern", display_name="Fern",
                       tweets=[tweet(i, text, at("2025-03-04 08:15")) for i, text in texts.items()])
    return archive.write(path)


def write_config(folder: Path, archive: Path, extra: str = "") -> Path:
    path = folder / "auditor.toml"
    path.write_text(
        '[profile]\nrole = "social_worker"\njurisdiction = "uk"\n'
        '[identity]\nemployers = ["WCC"]\n'
        f'[[accounts]]\nplatform = "x"\nstance = "anonymous"\narchive = "{archive.name}"\n' + extra,
        encoding="utf-8",
    )
    return path


def run(config: Path, out: Path, *extra: str) -> dict[str, object]:
    code = main(["run", "--config", str(config), "--output-dir", str(out), "--format", "json,md", "--quiet", *extra])
    assert code == 0
    data: dict[str, object] = json.loads((out / "report.json").read_text())
    return data


def by_post(report: dict[str, object]) -> dict[str, str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {f"{f['check']}@{f['subject']['id']}": f["status"] for f in findings if f["subject"]["kind"] == "post"}


# -- two consecutive runs over changed fixtures ---------------------------------------------------


def test_two_runs_over_changed_archives_give_new_persisting_and_resolved(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE, "102": EMPLOYER, "103": BENIGN})
    config = write_config(tmp_path, archive)

    first = run(config, tmp_path / "r1")
    assert by_post(first) == {
        "confidentiality.case_details@101": "new",
        "anonymity.identity_facts@102": "new",
    }
    assert first["resolved"] == []
    assert first["summary"]["by_status"]["new"] == len(first["findings"])  # type: ignore[index]

    # A week later: post 102 was deleted, 104 is new, 101 is still there.
    write_archive(archive, {"101": CASE, "103": BENIGN, "104": CASE_2})
    second = run(config, tmp_path / "r2")
    assert by_post(second) == {
        "confidentiality.case_details@101": "persisting",
        "confidentiality.case_details@104": "new",
    }
    resolved = second["resolved"]
    assert isinstance(resolved, list) and len(resolved) == 1
    assert resolved[0]["check"] == "anonymity.identity_facts"
    assert resolved[0]["status"] == "resolved"
    assert resolved[0]["title"]  # the check's own title, from its metadata
    # Account-level findings (settings) were there both times.
    assert all(f["status"] == "persisting" for f in second["findings"]  # type: ignore[union-attr]
               if f["subject"]["kind"] != "post")
    assert second["summary"]["by_status"] == {  # type: ignore[index]
        "new": 1, "persisting": len(second["findings"]) - 1, "resolved": 1, "suppressed": 0,  # type: ignore[arg-type]
    }
    # The Markdown report leads with the change, too.
    md = (tmp_path / "r2" / "report.md").read_text()
    assert "Since the last audit (" in md and "1 new" in md and "1 resolved" in md
    assert "## Resolved since the last audit (1)" in md

    # Third run with nothing changed: nothing new, nothing resolved again.
    third = run(config, tmp_path / "r3")
    assert set(by_post(third).values()) == {"persisting"}
    assert third["resolved"] == []


def test_html_summary_leads_with_the_change(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive)
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 0
    html = (tmp_path / "o" / "report.html").read_text()
    assert "First audit in your history" in html
    write_archive(archive, {"101": CASE, "104": CASE_2})
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 0
    html = (tmp_path / "o" / "report.html").read_text()
    summary = html[html.index('id="summary"'):]
    assert summary.index("Since the last audit") < summary.index("finding")  # first thing in the summary
    # with two runs in the history the report draws the open findings over time, one point per run
    assert "Open findings over time" in html and html.count('<circle class="dot"') == 2


def test_no_history_neither_reads_nor_writes(tmp_path: Path, _private_data_dir: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive)
    report = run(config, tmp_path / "o", "--no-history")
    assert set(by_post(report).values()) == {"new"}
    assert report["summary"]["compared_with_history"] is False  # type: ignore[index]
    assert not (_private_data_dir / "history.sqlite3").exists()


def test_demo_does_not_touch_the_history(tmp_path: Path, _private_data_dir: Path) -> None:
    assert main(["demo", "--output-dir", str(tmp_path)]) == 0
    assert list(_private_data_dir.iterdir()) == []


def test_history_path_from_config_and_owner_only(tmp_path: Path, _private_data_dir: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, '[history]\npath = "state/audits.db"\n')
    run(config, tmp_path / "o")
    db = tmp_path / "state" / "audits.db"
    assert db.exists() and not (_private_data_dir / "history.sqlite3").exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_history_holds_no_text_names_or_subject_ids(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"1800000000000000101": CASE, "1800000000000000102": EMPLOYER})
    config = write_config(tmp_path, archive)
    run(config, tmp_path / "o")
    write_archive(archive, {"1800000000000000101": CASE})
    run(config, tmp_path / "o")
    with HistoryStore.open(default_history_path()) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = default_history_path().read_bytes()
    for secret in (b"Eastfield", b"Home visit", b"WCC", b"exhausting", b"Fern\x00", b"1800000000000000101", b"drawing"):
        assert secret not in raw, secret


# -- the rules, without a database ----------------------------------------------------------------


def finding(fp: str, account: str = "x:a", suppressed: bool = False) -> Finding:
    return Finding(fingerprint=fp, check="conduct.x", category="conduct", severity="high", confidence=0.9,
                   account=account, subject=Subject("post", fp, "label"), title="t", message="m",
                   suppressed=suppressed)


def past(fp: str, account: str = "x:a", suppressed: bool = False) -> PastFinding:
    return PastFinding(fp, account, "conduct.x", "conduct", "high", "post", suppressed)


def test_compare_rules() -> None:
    current = [finding("a"), finding("b"), finding("c"), finding("d", suppressed=True)]
    previous = {p.fingerprint: p for p in (past("a"), past("b", suppressed=True), past("d", suppressed=True),
                                           past("gone"), past("elsewhere", account="x:unread"))}
    comparison = compare(current, previous, complete_accounts={"x:a"})
    status = {f.fingerprint: f.status for f in comparison.findings}
    assert status == {"a": "persisting", "b": "new", "c": "new", "d": "persisting"}  # b: acceptance ended
    assert [p.fingerprint for p in comparison.resolved] == ["gone"]
    assert [p.fingerprint for p in comparison.carried] == ["elsewhere"]  # unread account proves nothing


def result_of(findings: list[Finding], accounts: dict[str, list[str]] | None = None,
              now: datetime = FIXED_NOW) -> AuditResult:
    accounts = accounts or {"x:a": []}
    return AuditResult(generated_at=now, tool_version="0.1.0", profile=make_context().profile,
                       accounts=[AccountSummary(k, "x", k[2:], "anonymous", "archive", 10, 0, list(errors))
                                 for k, errors in accounts.items()],
                       findings=findings, checks_run=[])


def test_unread_account_keeps_its_findings_open(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with HistoryStore.open(path) as store:
        store.compare_and_record(result_of([finding("a"), finding("b")]), {"x:a"})
        # The export could not be read this time: nothing is "resolved", a and b stay open.
        failed = result_of([], {"x:a": ["could not read tweets.js"]})
        comparison = store.compare_and_record(failed, set())
        assert comparison.resolved == [] and {p.fingerprint for p in comparison.carried} == {"a", "b"}
        # Next complete run without b: b resolved now, a persisting.
        again = [finding("a")]
        comparison = store.compare_and_record(result_of(again), {"x:a"})
        assert [p.fingerprint for p in comparison.resolved] == ["b"]
        assert comparison.findings[0].status == "persisting"


def test_accounts_are_compared_with_their_own_last_run(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with HistoryStore.open(path) as store:
        store.compare_and_record(result_of([finding("a", "x:a"), finding("b", "x:b")],
                                           {"x:a": [], "x:b": []}), {"x:a", "x:b"})
        # A second config audits only x:a: x:b's findings are not resolved by its absence.
        comparison = store.compare_and_record(result_of([finding("a", "x:a")]), {"x:a"})
        assert comparison.resolved == []
        # Later x:b alone: still compared with the run that last included it.
        only_b = [finding("b", "x:b")]
        comparison = store.compare_and_record(result_of(only_b, {"x:b": []}), {"x:b"})
        assert comparison.findings[0].status == "persisting"


def test_history_command_lists_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No audit history yet" in capsys.readouterr().out
    archive = write_archive(tmp_path / "x.zip", {"101": CASE, "102": EMPLOYER})
    config = write_config(tmp_path, archive)
    run(config, tmp_path / "o")
    write_archive(archive, {"101": CASE})
    run(config, tmp_path / "o")
    capsys.readouterr()
    assert main(["history", "--config", str(config), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in runs] == [2, 1]
    assert runs[0]["accounts"] == ["x:FrontlineFern"]
    assert runs[1]["new"] == runs[1]["findings"] and runs[1]["resolved"] == 0
    assert runs[0]["new"] == 0 and runs[0]["resolved"] == 1 and runs[0]["persisting"] == runs[0]["findings"]
    assert main(["history", "--config", str(config)]) == 0
    table = capsys.readouterr().out
    assert "x:FrontlineFern" in table or "x:Front" in table


def test_old_runs_are_pruned_but_each_accounts_baseline_is_kept(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.db") as store:
        store.compare_and_record(result_of([finding("b", "x:b")], {"x:b": []}), {"x:b"}, keep_runs=2)
        for day in range(4):
            store.compare_and_record(result_of([finding("a")], now=FIXED_NOW + timedelta(days=day)), {"x:a"},
                                     keep_runs=2)
        ids = [r.id for r in store.runs()]
        assert ids == [5, 4, 1]  # the newest two, and x:b's only run
        only_b = [finding("b", "x:b")]
        comparison = store.compare_and_record(result_of(only_b, {"x:b": []}), {"x:b"})
        assert comparison.findings[0].status == "persisting"


# -- schema and damaged files ---------------------------------------------------------------------


def test_schema_is_versioned_and_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.db"
    with HistoryStore.open(path) as store:
        shipped = len(store_module.MIGRATIONS)
        assert store.schema_version == shipped
        store.compare_and_record(result_of([finding("a")]), {"x:a"})
    upgrade = ("ALTER TABLE runs ADD COLUMN note TEXT",)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, upgrade])
    with HistoryStore.open(path) as store:
        assert store.schema_version == shipped + 1
        assert len(store.runs()) == 1  # data survives the upgrade
        assert "note" in [row[1] for row in store.conn.execute("PRAGMA table_info(runs)")]


def test_history_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(UserError, match="newer version of auditor"):
        HistoryStore.open(path)


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, '[history]\npath = "h.db"\n')
    (tmp_path / "h.db").write_bytes(b"this is not sqlite" * 100)
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "h.db is not a readable audit history" in err and "--no-history" in err


def test_history_config_errors_name_the_key(tmp_path: Path) -> None:
    for text, key in (('[history]\nkeep_runs = 0\n', "history.keep_runs"),
                      ('[history]\nkeep_run = 3\n', "history.keep_run"),
                      ('[history]\nenabled = "no"\n', "history.enabled")):
        with pytest.raises(UserError, match=key):
            import tomllib
            parse_config(tomllib.loads(text), tmp_path / "auditor.toml")


def test_history_disabled_in_config(tmp_path: Path, _private_data_dir: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, "[history]\nenabled = false\n")
    run(config, tmp_path / "o")
    assert list(_private_data_dir.iterdir()) == []


# -- concurrency and being killed -----------------------------------------------------------------


def test_two_concurrent_runs_in_threads_are_both_recorded(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def one(account: str) -> None:
        try:
            start.wait()
            for i in range(10):
                with HistoryStore.open(path) as store:
                    store.compare_and_record(result_of([finding(f"{account}{i}", account)], {account: []}),
                                             {account})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(a,)) for a in ("x:a", "x:b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with HistoryStore.open(path) as store:
        runs = store.runs()
        assert len(runs) == 20
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Each run resolved the previous run's finding of the same account: the runs were serialised.
        assert sum(r.resolved for r in runs) == 18


CHILD = """
import sys
from pathlib import Path
from auditor.cli import main
sys.exit(main(["run", "--config", sys.argv[1], "--output-dir", sys.argv[2], "--format", "json", "--quiet"]))
"""


def test_two_concurrent_auditor_processes_are_both_recorded(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE, "102": EMPLOYER})
    config = write_config(tmp_path, archive)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(config), str(tmp_path / f"o{i}")], env=env,
                              stderr=subprocess.PIPE, text=True) for i in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with HistoryStore.open(default_history_path()) as store:
        runs = store.runs()
        assert len(runs) == 3
        first = min(runs, key=lambda r: r.id)
        assert first.new == first.findings > 0
        assert [r.new for r in runs if r is not first] == [0, 0]  # the later runs were compared with it
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


KILLER = """
import os, signal, sys
from pathlib import Path
from auditor.history import store as s
from auditor.findings import Finding, Subject
from auditor.result import AccountSummary, AuditResult
from auditor.config import ProfileConfig
from datetime import datetime, UTC

def die(self):
    os.kill(os.getpid(), signal.SIGKILL)

s.HistoryStore._before_commit = die
f = Finding("new1", "conduct.x", "conduct", "high", 0.9, "x:a", Subject("post", "1", "l"), "t", "m")
result = AuditResult(datetime.now(UTC), "0.1.0", ProfileConfig(), [AccountSummary("x:a", "x", "a", "anonymous",
                     "api")], [f], [])
with s.HistoryStore.open(Path(sys.argv[1])) as store:
    store.compare_and_record(result, {"x:a"})
"""


def test_a_run_killed_inside_the_history_transaction_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with HistoryStore.open(path) as store:
        store.compare_and_record(result_of([finding("old")]), {"x:a"})
    before = _dump(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", KILLER, str(path)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == -9, proc.stderr  # killed inside the transaction, just before COMMIT
    assert _dump(path) == before
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # And the next run works normally, comparing with the last *completed* run.
        again = [finding("old")]
        comparison = store.compare_and_record(result_of(again), {"x:a"})
        assert comparison.findings[0].status == "persisting"


RUN_AND_DIE = """
import os, signal, sys
import auditor.pipeline as r
from connectors import incremental
from auditor.history import store

real_audit = r.run_audit
def audit_and_stage(*args, **kwargs):
    result = real_audit(*args, **kwargs)
    incremental.stage("acct", "999")  # as a live connector does after reading newer posts
    return result
r.run_audit = audit_and_stage

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if sys.argv[3] == "reports":
    r.write_reports = die
elif sys.argv[3] == "history":
    store.HistoryStore._before_commit = die
from auditor.cli import main
sys.exit(main(["run", "--config", sys.argv[1], "--output-dir", sys.argv[2], "--quiet", "--format", "json"]))
"""


@pytest.mark.parametrize("where", ["reports", "history"])
def test_a_killed_run_leaves_history_and_incremental_fetch_state_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from connectors import incremental

    monkeypatch.setenv("AUDITOR_STATE_DIR", str(tmp_path / "state"))
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive)
    run(config, tmp_path / "o")
    incremental.stage("acct", "500")
    incremental.commit()
    positions = incremental.positions_path().read_bytes()
    history = _dump(default_history_path())

    write_archive(archive, {"101": CASE, "102": EMPLOYER})  # something new to record
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", RUN_AND_DIE, str(config), str(tmp_path / "o2"), where], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == -9, proc.stderr
    assert _dump(default_history_path()) == history
    assert incremental.positions_path().read_bytes() == positions
    assert incremental.remembered("acct") == "500"

    # Unkilled, the same run records both.
    proc = subprocess.run([sys.executable, "-c", RUN_AND_DIE, str(config), str(tmp_path / "o2"), "nowhere"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert incremental.remembered("acct") == "999"
    with HistoryStore.open(default_history_path()) as store:
        assert store.runs()[0].new == 1


def test_a_run_killed_while_auditing_records_nothing(tmp_path: Path) -> None:
    """Killed before the history step (e.g. while reading a big export): the history is untouched."""
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive)
    run(config, tmp_path / "o")
    before = _dump(default_history_path())
    script = ("import os, signal, sys\nimport auditor.pipeline as r\n"
              "def boom(*a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
              "r.run_audit = boom\n" + CHILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", script, str(config), str(tmp_path / "o2")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == -9, proc.stderr
    assert _dump(default_history_path()) == before


def test_incremental_accounts_keep_older_post_findings_open(tmp_path: Path) -> None:
    """Posts not fetched this time (incremental/capped) are not "resolved"; account-level ones still can be."""
    setting = Finding(fingerprint="s", check="settings.visibility", category="settings", severity="high",
                      confidence=1.0, account="x:a", subject=Subject("setting", "k", "k"), title="t", message="m")
    with HistoryStore.open(tmp_path / "h.db") as store:
        store.compare_and_record(result_of([finding("old-post"), setting]), {"x:a"})
        partial = result_of([finding("new-post")])
        partial.accounts[0].posts_complete = False
        comparison = store.compare_and_record(partial, {"x:a"}, partial_posts={"x:a"})
        assert [p.fingerprint for p in comparison.resolved] == ["s"]  # the setting was fixed
        assert [p.fingerprint for p in comparison.carried] == ["old-post"]  # merely not re-read
        full = [finding("old-post"), finding("new-post")]
        comparison = store.compare_and_record(result_of(full), {"x:a"})
        assert [f.status for f in comparison.findings] == ["persisting", "persisting"] and comparison.resolved == []


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        rows: list[tuple[object, ...]] = []
        for table in ("runs", "run_accounts", "run_findings", "suppressions"):
            rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows


def test_apply_history_marks_result_compared(tmp_path: Path) -> None:
    snapshot = make_snapshot([CASE])
    from auditor.engine import audit_snapshots

    result = audit_snapshots([snapshot], make_context(), now=FIXED_NOW)
    config = parse_config({"history": {"path": str(tmp_path / "h.db")}}, tmp_path / "auditor.toml")
    result, outcome = compare_with_history(result, config, no_history=False,
                                           today=datetime(2026, 11, 25, tzinfo=UTC).date())
    assert result.compared and result.previous_run_at is None and not outcome.recorded
    assert not (tmp_path / "h.db").exists()  # reading only: nothing is created before the run is recorded
    assert change_line(result) is not None and change_line(result).startswith("First audit")  # type: ignore[union-attr]
    result, outcome = record(result, config, outcome)
    assert outcome.recorded and (tmp_path / "h.db").exists()


def test_the_example_configs_periodic_keys_are_valid(tmp_path: Path) -> None:
    """The commented [history], [[suppress]] and [notify] examples parse when uncommented."""
    import re
    import tomllib

    text = (ROOT / "config.example.toml").read_text()
    section = text[text.index("Periodic audits"):]
    lines = [line[2:] for line in section.splitlines() if re.match(r"# ([a-z_]+ *=|\[)", line)]
    data = tomllib.loads("\n".join(line for line in lines if not line.startswith("ca_file")))
    config = parse_config(data, tmp_path / "auditor.toml")
    assert config.history.keep_runs == 200 and config.notify is not None and len(config.suppress) == 2
