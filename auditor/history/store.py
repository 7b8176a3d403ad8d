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

Fingerprints are keyed (issue 18 item 3). A finding's fingerprint is a plain hash of the check,
the account and the subject (for a caseload match, a follower's public name), so anyone holding
the history and a public follower list could recompute it. The history therefore stores only
``HMAC(key, fingerprint)`` with a random key kept beside it in an owner-only file
(``<history>.key``), plus the fingerprint sealed under the same key so that reports and
``auditor suppress --list`` still show the fingerprint the user knows. Without the key file,
nothing in the history can be matched against a follower list. Histories from before the key
(schema 1) are rewritten in place the first time they are opened.

It also records how each run's notification went: findings that a failed e-mail never
delivered are kept as *undelivered* and resent with the next mail (issue 18 item 5).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
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
KEY_SUFFIX = ".key"  # the history's key file: history.sqlite3.key
BUSY_TIMEOUT_MS = 30_000
DEFAULT_KEEP_RUNS = 200
CLI_SOURCE = "auditor suppress"

Step = str | Callable[["HistoryStore"], None]

# Migration i takes the schema from version i to i + 1. Append only; never edit a shipped one.
# A step is an SQL statement, or a function given the store (its key is loaded by then).
MIGRATIONS: list[tuple[Step, ...]] = [
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
    (
        # Keyed fingerprints (see the module docstring), sealed originals, notification outcomes,
        # and which account each configured slot read last (issue 20: an unread account keeps its figures).
        "ALTER TABLE run_findings ADD COLUMN sealed TEXT",
        "ALTER TABLE suppressions ADD COLUMN sealed TEXT",
        "ALTER TABLE runs ADD COLUMN notified TEXT",
        """CREATE TABLE undelivered (
               fingerprint TEXT PRIMARY KEY,
               sealed TEXT NOT NULL,
               since TEXT NOT NULL)""",
        """CREATE TABLE slots (
               slot TEXT PRIMARY KEY,
               account TEXT NOT NULL)""",
        lambda store: store._rekey_plain_fingerprints(),
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

    def __init__(self, conn: sqlite3.Connection, path: Path, key: bytes = b"") -> None:
        self.conn, self.path, self.key = conn, path, key

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
            version = store.schema_version
            if version <= len(MIGRATIONS):  # a newer schema is refused by _migrate, whatever its key
                store.key = _history_key(path, keyed_already=version >= 2)
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
                    if isinstance(statement, str):
                        self.conn.execute(statement)
                    else:
                        statement(self)
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

    # -- keyed fingerprints ---------------------------------------------------------------------

    def stored_id(self, fingerprint: str) -> str:
        """What the history stores for ``fingerprint``: HMAC-SHA256 under the history's key, 24 hex digits."""
        return hmac.new(self.key, b"fingerprint\x00" + fingerprint.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def _seal(self, fingerprint: str) -> str:
        raw = fingerprint.encode("utf-8")
        return bytes(a ^ b for a, b in zip(raw, self._pad(self.stored_id(fingerprint), len(raw)), strict=True)).hex()

    def _unseal(self, stored: str, sealed: str | None) -> str:
        """The fingerprint behind a stored id (the stored id itself if it was never sealed)."""
        if not sealed:
            return stored
        try:
            raw = bytes.fromhex(sealed)
            text = bytes(a ^ b for a, b in zip(raw, self._pad(stored, len(raw)), strict=True)).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return stored
        return text if self.stored_id(text) == stored else stored

    def _pad(self, stored: str, length: int) -> bytes:
        blocks = b"".join(hmac.new(self.key, f"seal\x00{stored}\x00{i}".encode(), hashlib.sha256).digest()
                          for i in range(length // 32 + 1))
        return blocks[:length]

    def _keyed(self, fingerprint: str) -> tuple[str, str]:
        return self.stored_id(fingerprint), self._seal(fingerprint)

    def _rekey_plain_fingerprints(self) -> None:
        """Migration 2: replace the plain fingerprints of an older history by keyed ones, sealing the originals."""
        for table in ("run_findings", "suppressions"):
            plain = [row[0] for row in self.conn.execute(f"SELECT DISTINCT fingerprint FROM {table}")]
            self.conn.executemany(f"UPDATE {table} SET fingerprint = ?, sealed = ? WHERE fingerprint = ?",
                                  [(*self._keyed(fp), fp) for fp in plain])

    # -- runs -----------------------------------------------------------------------------------

    def compare_and_record(
        self,
        result: AuditResult,
        complete_accounts: set[str],
        partial_posts: AbstractSet[str] = frozenset(),
        keep_runs: int = DEFAULT_KEEP_RUNS,
        slots: Mapping[str, str] | None = None,
    ) -> Comparison:
        """This run's findings with their status against the previous open findings; records the run.

        Comparison and recording happen under one write lock, so a concurrent run is compared
        against this one rather than both against the same old state. An account that could not
        be read at all is left out of the recorded run (issue 19): its latest recorded run stays
        its baseline, so an unreadable export never becomes a clean audit of that account; the run's
        counts include that account's last open findings, so the over-time chart shows no false dip.
        ``slots`` (configured slot → account key read there) are remembered for :meth:`slot_accounts`.
        """
        with self._write():
            comparison = self.compare_only(result, complete_accounts, partial_posts)
            unread = {a.key for a in result.unread_accounts}
            recorded = Comparison(comparison.findings, [p for p in comparison.resolved if p.account not in unread],
                                  [p for p in comparison.carried if p.account not in unread])
            kept = [p for p in comparison.carried if p.account in unread and not p.suppressed]
            comparison.run_id = self._insert_run(result, _accounts(result) - unread, complete_accounts, recorded, kept)
            self.conn.executemany("INSERT INTO slots (slot, account) VALUES (?, ?) ON CONFLICT(slot) DO UPDATE "
                                  "SET account = excluded.account",
                                  [(self.stored_id("slot\x00" + slot), key) for slot, key in (slots or {}).items()])
            self._prune(keep_runs)
        return comparison

    def slot_accounts(self, slots: list[str]) -> dict[str, str]:
        """The account key each configured slot read last time, for the slots the history knows."""
        out = {}
        for slot in slots:
            row = self.conn.execute("SELECT account FROM slots WHERE slot = ?",
                                    (self.stored_id("slot\x00" + slot),)).fetchone()
            if row is not None:
                out[slot] = str(row[0])
        return out

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
                "SELECT fingerprint, sealed, account, check_id, category, severity, subject_kind, suppressed "
                "FROM run_findings WHERE account = ? AND status != 'resolved' AND run_id = "
                "(SELECT MAX(run_id) FROM run_accounts WHERE account = ?)",
                (account, account),
            ).fetchall()
            for stored, sealed, acct, check, category, severity, kind, suppressed in rows:
                fp = self._unseal(stored, sealed)
                out[fp] = PastFinding(fp, acct, check, category, severity, kind, bool(suppressed))
        return out

    def _insert_run(self, result: AuditResult, accounts: set[str], complete: set[str], comparison: Comparison,
                    kept: list[PastFinding] | None = None) -> int:
        kept = kept or []
        findings = comparison.findings  # result.findings with this comparison's statuses
        active = [f for f in findings if not f.suppressed]
        by_severity = result.by_severity()
        for past in kept:  # an unread account's last open findings: its last good figures, not a dip
            by_severity[past.severity] = by_severity.get(past.severity, 0) + 1
        cursor = self.conn.execute(
            "INSERT INTO runs (started_at, tool_version, findings, new, persisting, resolved, suppressed, carried, "
            "by_severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _iso(result.generated_at), result.tool_version, len(active) + len(kept),
                sum(1 for f in active if f.status == "new"), sum(1 for f in active if f.status == "persisting"),
                len(comparison.resolved), len(findings) - len(active), len(comparison.carried),
                json.dumps(by_severity),
            ),
        )
        run_id = int(cursor.lastrowid or 0)
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
            (run_id, *self._keyed(f.fingerprint), f.account, f.check, f.category, f.severity, f.subject.kind,
             f.status, f.suppressed)
            for f in findings
        ]
        rows += [self._past_row(run_id, p, "resolved") for p in comparison.resolved]
        rows += [self._past_row(run_id, p, "carried") for p in comparison.carried]
        self.conn.executemany(
            "INSERT INTO run_findings (run_id, fingerprint, sealed, account, check_id, category, severity, "
            "subject_kind, status, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return run_id

    def _past_row(self, run_id: int, past: PastFinding, status: str) -> tuple[Any, ...]:
        return (run_id, *self._keyed(past.fingerprint), past.account, past.check, past.category, past.severity,
                past.subject_kind, status, past.suppressed)

    # -- notifications --------------------------------------------------------------------------

    def undelivered(self) -> set[str]:
        """Fingerprints of findings a failed notification never delivered (resend them with the next mail)."""
        rows = self.conn.execute("SELECT fingerprint, sealed FROM undelivered")
        return {self._unseal(stored, sealed) for stored, sealed in rows}

    def record_notification(self, run_id: int | None, outcome: str, undelivered: AbstractSet[str]) -> None:
        """How this run's notification went (``sent``, ``nothing to send``, ``failed``) and what is still owed.

        ``undelivered`` replaces the list: after a mail went out, nothing is owed any more.
        """
        with self._write():
            if run_id is not None:
                self.conn.execute("UPDATE runs SET notified = ? WHERE id = ?", (outcome, run_id))
            self.conn.execute("DELETE FROM undelivered")
            self.conn.executemany("INSERT INTO undelivered (fingerprint, sealed, since) VALUES (?, ?, ?)",
                                  [(*self._keyed(fp), _now()) for fp in sorted(undelivered)])

    def notification_outcome(self, run_id: int) -> str | None:
        row = self.conn.execute("SELECT notified FROM runs WHERE id = ?", (run_id,)).fetchone()
        return None if row is None else row[0]

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
        row = self.conn.execute("SELECT 1 FROM run_findings WHERE fingerprint = ? LIMIT 1",
                                (self.stored_id(fingerprint),)).fetchone()
        return row is not None

    # -- accepted risks -------------------------------------------------------------------------

    def add_suppression(self, fingerprint: str, reason: str, until: date | None) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO suppressions (fingerprint, sealed, reason, until, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(fingerprint) DO UPDATE SET reason = excluded.reason, until = excluded.until, "
                "created_at = excluded.created_at",
                (*self._keyed(fingerprint), reason, until.isoformat() if until else None, _now()),
            )

    def remove_suppression(self, fingerprint: str) -> bool:
        with self._write():
            cursor = self.conn.execute("DELETE FROM suppressions WHERE fingerprint = ?",
                                       (self.stored_id(fingerprint),))
        return cursor.rowcount > 0

    def suppressions(self) -> list[Suppression]:
        rows = self.conn.execute(
            "SELECT fingerprint, sealed, reason, until FROM suppressions ORDER BY created_at, fingerprint")
        return [
            Suppression(reason=reason, fingerprint=self._unseal(stored, sealed),
                        until=date.fromisoformat(until) if until else None, source=CLI_SOURCE)
            for stored, sealed, reason, until in rows
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


def key_path(path: Path) -> Path:
    """The key file that goes with the history at ``path``."""
    return path.with_name(path.name + KEY_SUFFIX)


def _history_key(path: Path, keyed_already: bool) -> bytes:
    """The history's key: read it, or create it owner-only (atomically, so two runs agree on one key)."""
    where = key_path(path)
    try:
        text = where.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read {where}, the key of the audit history {path} ({exc}). Check its "
                        f"permissions, or run with --no-history.") from None
    if text:
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) != 32:
            raise UserError(f"{where}, the key of the audit history {path}, is damaged. Move both files aside "
                            f"(the next run starts a new history), or run with --no-history.")
        return key
    if keyed_already:
        raise UserError(f"The key file {where} that goes with the audit history {path} is missing, so the "
                        f"history cannot be compared with. Restore it from where you keep backups of the history, "
                        f"or move {path} aside (the next run starts a new history), or run with --no-history.")
    temporary = where.with_name(f"{where.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, where)  # fails if another run created it first: then use theirs
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
    return _history_key(path, keyed_already=True)


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
