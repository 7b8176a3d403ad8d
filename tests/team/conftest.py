"""Fixtures for team sharing: a team key pair, a member's report.json full of things that must not leak."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from auditor.cli import main
from auditor.engine import audit_snapshots
from auditor.model import Connection, Post
from auditor.private_files import write_private
from auditor.team import keys, signing
from reports import json_report
from tests.conftest import FIXED_NOW, make_context, make_snapshot

# Post texts, connection names and caseload rows (name, aliases, area, birth year): none may reach a bundle.
POSTS = (
    "Home visit today in Eastfield with a 7 year old with autism, mum was drunk again #socialwork",
    "Court tomorrow for the Quennell twins, wish me luck",
    "Lovely walk along the Wexbury canal this morning",
)
CONNECTIONS = (("4401", "jordyquennell", "Jordan Quennell"), ("4402", "marisol_t", "Marisol Trevanion"))
CASELOAD = (("Jordan Quennell", "Jordy;JQ99", "Northgate Estate", "2011"),
            ("Marisol Trevanion", "Mari T", "Pellow Fields", "1987"))


def secrets_in_inputs() -> list[str]:
    """Every string that must never appear in a bundle's plaintext or in the dashboard."""
    out = list(POSTS)
    out += ["Eastfield", "autism", "Quennell twins", "Wexbury canal"]
    for _id, handle, name in CONNECTIONS:
        out += [handle, name]
    for name, aliases, area, _year in CASELOAD:
        out += [name, *aliases.split(";"), area]
    out += ["FrontlineFern", "Fern.Named", "https://x.com"]  # account handles and post URLs
    return out


class FakeTTY(io.StringIO):
    """Standard input that claims to be a terminal, to inject answers to prompts."""

    def isatty(self) -> bool:
        return True


@dataclass
class TeamKeys:
    folder: Path
    private: Path
    public: Path
    key: keys.TeamPrivateKey
    roster: signing.Roster = field(default_factory=signing.Roster)

    @property
    def roster_path(self) -> Path:
        return signing.default_roster_path(self.private)

    @property
    def fern_key(self) -> Path:
        """Fern Example's signing key file, enrolled with this team (``share_args`` uses it)."""
        return self.folder / "fern" / "member-signing.key"

    def member(self, name: str, email: str) -> SigningKey:
        """A member's signing key, enrolled in this team's roster (saved beside team.key) on first use."""
        seed = hashlib.sha256(f"{name}|{email}".encode()).digest()
        key = SigningKey(seed)
        if self.roster.by_fingerprint(signing.fingerprint(key.verify_key)) is None:
            self.roster.enroll(key.verify_key, name, email)
            signing.save_roster(self.roster, self.roster_path)
        return key


def make_keys(folder: Path, label: str = "Adult team review", seed: int = 1) -> TeamKeys:
    key = keys.TeamPrivateKey(PrivateKey(bytes([seed]) * 32), label)
    private, public = keys.write_key_pair(key, folder, passphrase=None)
    team = TeamKeys(folder, private, public, key)
    fern = team.member("Fern Example", "fern@example.org")
    write_private(team.fern_key, signing.member_private_text(fern))
    return team


@pytest.fixture
def team(tmp_path: Path) -> TeamKeys:
    return make_keys(tmp_path / "team-keys")


def full_report(generated_at: datetime = FIXED_NOW) -> dict[str, Any]:
    """A real engine report for two accounts, plus the kinds of findings other checks make.

    Added by hand: a connection finding that names a connection and a caseload row, a finding
    whose custom title and message carry caseload names, a suppressed finding, a resolved one,
    and unknown fields holding the whole caseload: all things the allow-list must drop.
    """
    posts = [Post(id=str(i), text=text, created_at=generated_at - timedelta(days=i),
                  url=f"https://x.com/FrontlineFern/status/{i}") for i, text in enumerate(POSTS, start=1)]
    anon = make_snapshot(posts, stance="anonymous", handle="FrontlineFern",
                         connections=[Connection(id=i, handle=h, display_name=n, relation="follower")
                                      for i, h, n in CONNECTIONS])
    named = make_snapshot(["Proud of our team at the conference"], stance="professional", handle="Fern.Named")
    result = audit_snapshots([anon, named], make_context(), now=generated_at)
    doc = json_report.to_dict(result)
    assert doc["findings"], "the engine found nothing: the leak test would prove nothing"
    template = doc["findings"][0]
    name, aliases, area, year = CASELOAD[0]
    doc["findings"].append({
        **template, "fingerprint": "c0ffee", "check": "connections.caseload_match", "category": "connections",
        "severity": "critical", "confidence": 0.95, "title": f"{name} follows you",
        "subject": {"kind": "connection", "id": "4401", "label": "Jordan Quennell"},
        "message": f"Connection Jordan Quennell (@jordyquennell) matches caseload row 1 ({aliases}, {area}, {year}).",
        "evidence": [{"field": "display_name", "excerpt": "Jordan Quennell", "spans": []}],
    })
    doc["findings"].append({**template, "fingerprint": "5eed", "check": "conduct.zz_unregistered_test_check",
                            "category": "conduct", "severity": "low", "confidence": 0.3,
                            "title": "Mari T in Pellow Fields", "message": "Marisol Trevanion"})
    doc["findings"].append({**template, "fingerprint": "dead", "suppressed": True, "severity": "high"})
    doc["resolved"] = [{**template, "fingerprint": "01d", "status": "resolved", "account": "x:FrontlineFern"}]
    doc["caseload"] = [{"name": n, "aliases": a, "area": ar, "birth_year": y} for n, a, ar, y in CASELOAD]
    doc["accounts"][0]["caseload_rows"] = [1, 2]
    doc["accounts"][0]["display_name"] = "Jordan Quennell"
    return doc


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    return write_report(tmp_path / "audit-report" / "report.json", full_report())


def write_report(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``auditor ARGS`` with ``stdin`` text (non-terminal unless ``tty=True``); return code, out, err."""

    def run(*args: str, stdin: str = "", tty: bool = False) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", FakeTTY(stdin) if tty else io.StringIO(stdin))
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def share_args(team: TeamKeys, report: Path, *extra: str, scope: str = "findings") -> list[str]:
    return ["share", "--team-key", str(team.public), "--scope", scope, "--report", str(report),
            "--name", "Fern Example", "--email", "fern@example.org", "--signing-key", str(team.fern_key), *extra]


NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
