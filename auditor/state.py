"""The user's small persistent state: answers to the settings checklist, with their dates.

Kept apart from the config file because it is written by the tool, not by the user, and apart
from the audit history because it is not about findings. It lives in the platformdirs user
data folder (``AUDITOR_STATE_DIR``, else ``AUDITOR_DATA_DIR``, overrides it, for tests and
portable installs) as one JSON file, created owner-only from the start: the answers describe
how exposed the user's accounts are, which is itself sensitive. It never holds post text,
identity facts or caseload data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from auditor.errors import UserError
from auditor.private_files import replace_private

STATE_ENV = "AUDITOR_STATE_DIR"
DATA_DIR_ENV = "AUDITOR_DATA_DIR"  # the folder the audit history uses; the state follows it when set
STATE_FILE = "state.json"
STATE_VERSION = 1


def state_dir() -> Path:
    """Where the state lives: ``$AUDITOR_STATE_DIR``, else ``$AUDITOR_DATA_DIR``, else the user data folder."""
    override = os.environ.get(STATE_ENV) or os.environ.get(DATA_DIR_ENV)
    return Path(override).expanduser() if override else user_data_path("auditor")


def state_path() -> Path:
    return state_dir() / STATE_FILE


@dataclass(frozen=True)
class Answer:
    """One checklist answer: the option the user chose and when they chose it."""

    value: str
    answered_at: datetime


@dataclass(frozen=True)
class ChecklistAnswers:
    """The checklist answers an audit reads: ``{account key: {item id: Answer}}``, and "now".

    ``as_of`` is the moment the audit started, so checks can tell stale answers without reading
    the clock themselves (checks stay pure and tests stay deterministic).
    """

    answers: Mapping[str, Mapping[str, Answer]] = field(default_factory=dict)
    as_of: datetime | None = None

    def for_account(self, key: str) -> Mapping[str, Answer]:
        return self.answers.get(key, {})


def load_checklist_answers(now: datetime | None = None) -> ChecklistAnswers:
    """The saved answers, read once per audit (``engine.build_context``)."""
    return ChecklistAnswers(checklist_answers(load_state()), now or datetime.now(UTC))


def load_state(path: Path | None = None) -> dict[str, Any]:
    """The whole state document; an absent file is an empty state, a broken one a clear error."""
    path = path or state_path()
    if not path.exists():
        return {"version": STATE_VERSION}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(
            f"Cannot read the auditor's saved state at {path} ({exc}). It holds only your settings-checklist "
            f"answers: delete the file and run `auditor checklist` again to recreate it."
        ) from None
    if not isinstance(data, dict):
        raise UserError(f"The auditor's saved state at {path} is not a JSON object. Delete it and run "
                        f"`auditor checklist` again.")
    return data


def save_state(data: dict[str, Any], path: Path | None = None) -> Path:
    """Write the state atomically with owner-only permissions (folder 0700, file 0600)."""
    path = path or state_path()
    data = {**data, "version": STATE_VERSION}
    try:
        if not path.parent.is_dir():  # a folder that exists (perhaps shared, perhaps /tmp) keeps its mode
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(path.parent, 0o700)
        replace_private(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise UserError(f"Cannot save the auditor's state to {path} ({exc.strerror}). Set {STATE_ENV} to a "
                        f"folder you can write to.") from None
    return path


def checklist_answers(data: dict[str, Any]) -> dict[str, dict[str, Answer]]:
    """``{account key: {item id: Answer}}`` from a state document; malformed entries are skipped."""
    out: dict[str, dict[str, Answer]] = {}
    raw = data.get("checklist", {})
    if not isinstance(raw, dict):
        return out
    for account, items in raw.items():
        if not isinstance(items, dict):
            continue
        for item_id, entry in items.items():
            answer = _answer(entry)
            if answer is not None:
                out.setdefault(str(account), {})[str(item_id)] = answer
    return out


def record_answer(data: dict[str, Any], account: str, item_id: str, value: str, when: datetime) -> None:
    """Store one answer (in place) with its date."""
    checklist = data.setdefault("checklist", {})
    checklist.setdefault(account, {})[item_id] = {
        "answer": value,
        "answered_at": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _answer(entry: Any) -> Answer | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("answer"), str):
        return None
    try:
        when = datetime.strptime(str(entry.get("answered_at")), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Answer(entry["answer"], when)
