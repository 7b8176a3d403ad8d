"""Where the last successful audit stopped reading posts, per account, for incremental live fetches.

A scheduled audit with ``api = { incremental = true }`` asks the platform only for posts newer
than the remembered position; settings and connections are always read in full. A connector
*stages* its new position when it has read everything; ``auditor run`` *commits* the staged
positions only after the reports are written, so a run that fails anywhere (one account's
connector, the checks, the report writer) leaves every remembered position where it was.

The file (``api-positions.json`` in the auditor's state folder, owner-only) holds account keys
hashed with SHA-256 and platform post ids or timestamps: no handles, text or tokens.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from auditor.config import AccountConfig
from auditor.errors import UserError
from auditor.state import state_dir

POSITIONS_FILE = "api-positions.json"
_staged: dict[str, str] = {}


def positions_path() -> Path:
    return state_dir() / POSITIONS_FILE


def account_key(account: AccountConfig, handle: str, base_url: str) -> str:
    """A stable, opaque key for one account on one server."""
    raw = f"{account.platform}\n{handle.lower().lstrip('@')}\n{base_url.rstrip('/')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def remembered(key: str) -> str | None:
    """The position saved by the last successful run, or None (first run, or file removed)."""
    value = _read().get(key)
    return value if isinstance(value, str) and value else None


def stage(key: str, position: str | None) -> None:
    """Remember ``position`` for ``key`` once the whole run succeeds (see :func:`commit`)."""
    if position:
        _staged[key] = position


def discard() -> None:
    """Forget positions staged by an earlier, unfinished run in this process."""
    _staged.clear()


def commit() -> None:
    """Write the staged positions (called by ``auditor run`` after its reports are written)."""
    if not _staged:
        return
    data = _read()
    data.update(_staged)
    _staged.clear()
    path = positions_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Cannot save the incremental-fetch positions to {path} ({exc.strerror}). Set "
                        f"AUDITOR_STATE_DIR to a folder you can write to.") from None


def _read() -> dict[str, str]:
    path = positions_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(f"Cannot read the incremental-fetch positions at {path}. Delete the file: the next "
                        f"run will then read all posts again.") from None
    if not isinstance(data, dict):
        raise UserError(f"The incremental-fetch positions at {path} are not a JSON object. Delete the file: "
                        f"the next run will then read all posts again.")
    return {str(k): v for k, v in data.items() if isinstance(v, str)}
