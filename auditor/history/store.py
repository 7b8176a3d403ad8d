"""The audit history: one SQLite file, owner-only, safe for two runs at once.

It holds what the periodic audit needs to say what changed, and nothing more: per run the time,
tool version, accounts and counts; per finding its fingerprint, account key, check id, category,
severity, subject *kind* and status. Never post text, subject ids or labels, names, identity
facts or caseload data — a stolen history file reveals how many problems there were, not what
they were. It also keeps the accepted risks made with ``auditor suppress``.

Durability and concurrency: WAL mode plus a busy timeout, and everything a run writes (its
findings and resolved list) goes in one ``BEGIN IMMEDIATE`` transaction, so two runs at once
serialise instead of failing or interleaving, and a run killed at any moment leaves the history
exactly as it was before it. The schema is versioned with ``PRAGMA user_version`` and upgraded
by the ordered :data:`MIGRATIONS`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from auditor.config_types import Config
from auditor.errors import UserError
from auditor.history.changes import Comparison, PastFinding, compare
from auditor.private_files import private_dir
from auditor.result import AuditResult
from auditor.suppress import Suppression

DATA_DIR_ENV = "AUDITOR_DATA_DIR"
HISTORY_FILE = "history.sqlite3"
BUSY_TIMEOUT_MS = 30_000
DEFAULT_KEEP_RUNS = 200
CLI_SOURCE = "auditor suppress"

# Migration i takes the schema from version i to i + 1. Append only; never edit a shipped one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE runs (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               started_at TEXT NOT NULL,
               tool_version TEXT NOT NULL,
               findings INTEGER NOT NULL,
               new INTEGER NOT NULL,
               persisting INTEGER NOT NULL,
               resolved INTEGER NOT NULL,
               suppressed INTEGER NOT NULL,
               carried INTEGER NOT NULL,
               by_severity TEXT NOT NULL)""",
        """CREATE TABLE run_accounts (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               account TEXT NOT NULL,
               complete INTEGER NOT NULL,
               posts INTEGER NOT NULL,
               connections INTEGER NOT NULL,
               PRIMARY KEY (run_id, account))""",
        "CREATE INDEX run_accounts_by_account ON run_accounts(account, run_id)",
        """CREATE TABLE run_findings (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               fingerprint TEXT NOT NULL,
               account TEXT NOT NULL,
               check_id TEXT NOT NULL,
               category TEXT NOT NULL,
               severity TEXT NOT NULL,
               subject_kind TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('new', 'persisting', 'resolved', 'carried')),
               suppressed INTEGER NOT NULL,
               PRIMARY KEY (run_id, fingerprint))""",
        "CREATE INDEX run_findings_by_account ON run_findings(account, run_id)",
        """CREATE TABLE suppressions (
               fingerprint TEXT PRIMARY KEY,
               reason TEXT NOT NULL,
               until TEXT,
               created_at TEXT NOT NULL)""",
    ),
]


def history_path(config: Config) -> Path:
    """The history file a config uses: ``[history] path``, else the default place."""
    return config.history.path or default_history_path()


def default_history_path() -> Path:
    """``$AUDITOR_DATA_DIR/history.sqlite3`` if set (tests, portable installs), else the user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override).expanduser() if override else user_data_path("auditor")
    return folder / HISTORY_FILE


@dataclass(frozen=True)
class RunRecord:
    """One past run as ``auditor history`` shows it."""

    id: int
    started_at: datetime
    tool_version: str
    accounts: tuple[str, ...]
    findings: int
    new: int
    persisting: int
    resolved: int
    suppressed: int
    by_severity: dict[str, int]


class HistoryStore:
    """An open history database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> HistoryStore:
        """Open (creating owner-only if absent) and upgrade the history at ``path``."""
        path = path or default_history_path()
        _create_private(path)
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise UserError(f"Cannot open the audit history {path} ({exc}). Check the folder's permissions, "
                            f"or set [history] path in the config to another file.") from None
        store = cls(conn, path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _use_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(
                f"{path} is not a readable audit history ({exc}). If it is damaged, move it aside; the next "
                f"run starts a new history there. Or run with --no-history."
            ) from None
        _tighten(path)
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version == len(MIGRATIONS):
            return
        with self._write():
            version = self.schema_version  # re-read under the lock: another run may have upgraded it
            if version > len(MIGRATIONS):
                raise UserError(
                    f"The audit history {self.path} was written by a newer version of auditor (schema "
                    f"{version}; this version knows {len(MIGRATIONS)}). Upgrade auditor, or run with --no-history."
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction taken up front, so concurrent runs queue on the busy timeout."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._before_commit()
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _before_commit(self) -> None:
        """Called inside every write transaction just before COMMIT (tests kill the process here)."""

    # -- runs -----------------------------------------------------------------------------------

    def compare_and_record(
        self,
        result: AuditResult,
        complete_accounts: set[str],
        partial_posts: AbstractSet[str] = frozenset(),
        keep_runs: int = DEFAULT_KEEP_RUNS,
    ) -> Comparison:
        """This run's findings with their status against the previous open findings; records the run.

        Comparison and recording happen under one write lock, so a concurrent run is compared
        against this one rather than both against the same old state. An account that could not
        be read at all is left out of the recorded run (issue 19): its latest recorded run stays
        its baseline, so an unreadable export never becomes a clean audit of that account.
        """
        with self._write():
            comparison = self.compare_only(result, complete_accounts, partial_posts)
            unread = {a.key for a in result.unread_accounts}
            recorded = Comparison(comparison.findings, [p for p in comparison.resolved if p.account not in unread],
                                  [p for p in comparison.carried if p.account not in unread])
            self._insert_run(result, _accounts(result) - unread, complete_accounts, recorded)
            self._prune(keep_runs)
        return comparison

    def compare_only(
        self, result: AuditResult, complete_accounts: set[str], partial_posts: AbstractSet[str] = frozenset()
    ) -> Comparison:
        """The findings with their statuses against the history, recording nothing."""
        accounts = _accounts(result)
        all_complete = all(a.key in complete_accounts for a in result.accounts)
        comparison = compare(result.findings, self._open_findings(accounts), complete_accounts, partial_posts,
                             all_complete)
        comparison.previous_run_at = self._previous_run_at(accounts)
        return comparison

    def _previous_run_at(self, accounts: set[str]) -> datetime | None:
        marks = ",".join("?" * len(accounts))
        row = self.conn.execute(
            f"SELECT started_at FROM runs WHERE id = (SELECT MAX(run_id) FROM run_accounts WHERE account IN ({marks}))",
            sorted(accounts),
        ).fetchone()
        return None if row is None else _parse_time(row[0])

    def _open_findings(self, accounts: set[str]) -> dict[str, PastFinding]:
        """Per account, the findings still open after the latest run that included it."""
        out: dict[str, PastFinding] = {}
        for account in sorted(accounts):
            rows = self.conn.execute(
                "SELECT fingerprint, account, check_id, category, severity, subject_kind, suppressed "
                "FROM run_findings WHERE account = ? AND status != 'resolved' AND run_id = "
                "(SELECT MAX(run_id) FROM run_accounts WHERE account = ?)",
                (account, account),
            ).fetchall()
            for fp, acct, check, category, severity, kind, suppressed in rows:
                out[fp] = PastFinding(fp, acct, check, category, severity, kind, bool(suppressed))
        return out

    def _insert_run(self, result: AuditResult, accounts: set[str], complete: set[str], comparison: Comparison) -> None:
        findings = comparison.findings  # result.findings with this comparison's statuses
        active = [f for f in findings if not f.suppressed]
        cursor = self.conn.execute(
            "INSERT INTO runs (started_at, tool_version, findings, new, persisting, resolved, suppressed, carried, "
            "by_severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _iso(result.generated_at), result.tool_version, len(active),
                sum(1 for f in active if f.status == "new"), sum(1 for f in active if f.status == "persisting"),
                len(comparison.resolved), len(findings) - len(active), len(comparison.carried),
                json.dumps(result.by_severity()),
            ),
        )
        run_id = cursor.lastrowid
        summaries = {a.key: a for a in result.accounts}
        self.conn.executemany(
            "INSERT INTO run_accounts (run_id, account, complete, posts, connections) VALUES (?, ?, ?, ?, ?)",
            [
                (run_id, key, key in complete,
                 summaries[key].posts_scanned if key in summaries else 0,
                 summaries[key].connections_scanned if key in summaries else 0)
                for key in sorted(accounts)
            ],
        )
        rows = [
            (run_id, f.fingerprint, f.account, f.check, f.category, f.severity, f.subject.kind, f.status, f.suppressed)
            for f in findings
        ]
        rows += [_past_row(run_id, p, "resolved") for p in comparison.resolved]
        rows += [_past_row(run_id, p, "carried") for p in comparison.carried]
        self.conn.executemany(
            "INSERT INTO run_findings (run_id, fingerprint, account, check_id, category, severity, subject_kind, "
            "status, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _prune(self, keep_runs: int) -> None:
        """Drop runs beyond the newest ``keep_runs``, never the latest run of any account (the baseline)."""
        self.conn.execute(
            "DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?) "
            "AND id NOT IN (SELECT MAX(run_id) FROM run_accounts GROUP BY account)",
            (max(1, keep_runs),),
        )

    def runs(self, limit: int | None = None) -> list[RunRecord]:
        """Past runs, newest first."""
        rows = self.conn.execute(
            "SELECT id, started_at, tool_version, findings, new, persisting, resolved, suppressed, by_severity "
            "FROM runs ORDER BY id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        out = []
        for run_id, started, version, findings, new, persisting, resolved, suppressed, by_sev in rows:
            accounts = tuple(r[0] for r in self.conn.execute(
                "SELECT account FROM run_accounts WHERE run_id = ? ORDER BY account", (run_id,)))
            out.append(RunRecord(run_id, _parse_time(started), version, accounts, findings, new, persisting,
                                 resolved, suppressed, json.loads(by_sev)))
        return out

    def knows_fingerprint(self, fingerprint: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM run_findings WHERE fingerprint = ? LIMIT 1", (fingerprint,)).fetchone()
        return row is not None

    # -- accepted risks -------------------------------------------------------------------------

    def add_suppression(self, fingerprint: str, reason: str, until: date | None) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO suppressions (fingerprint, reason, until, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(fingerprint) DO UPDATE SET reason = excluded.reason, until = excluded.until, "
                "created_at = excluded.created_at",
                (fingerprint, reason, until.isoformat() if until else None, _now()),
            )

    def remove_suppression(self, fingerprint: str) -> bool:
        with self._write():
            cursor = self.conn.execute("DELETE FROM suppressions WHERE fingerprint = ?", (fingerprint,))
        return cursor.rowcount > 0

    def suppressions(self) -> list[Suppression]:
        rows = self.conn.execute("SELECT fingerprint, reason, until FROM suppressions ORDER BY created_at, fingerprint")
        return [
            Suppression(reason=reason, fingerprint=fp, until=date.fromisoformat(until) if until else None,
                        source=CLI_SOURCE)
            for fp, reason, until in rows
        ]


def _accounts(result: AuditResult) -> set[str]:
    return {a.key for a in result.accounts} | {f.account for f in result.findings}


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (a persistent setting, so in practice only when the file is new).

    SQLite does not call the busy handler when two connections race to change the journal mode
    (waiting could deadlock), so that one step retries by hand until the busy timeout.
    """
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _past_row(run_id: int | None, past: PastFinding, status: str) -> tuple[Any, ...]:
    return (run_id, past.fingerprint, past.account, past.check, past.category, past.severity,
            past.subject_kind, status, past.suppressed)


def _create_private(path: Path) -> None:
    """Create the database file owner-only before SQLite opens it (never created readable, then fixed)."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
    except OSError as exc:
        raise UserError(f"Cannot create the audit history {path} ({exc.strerror}). Set [history] path in the "
                        f"config to a file you can write, or run with --no-history.") from None


def _tighten(path: Path) -> None:
    """The WAL and shared-memory files inherit the database's mode; make sure of it."""
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.chmod(side, 0o600)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now() -> str:
    return _iso(datetime.now(UTC))


def _parse_time(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
