"""``auditor team keygen`` and the key files: owner-only, optional passphrase, clear errors."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.errors import InputError, UserError
from auditor.team import keys

Cli = Callable[..., tuple[int, str, str]]


def test_keygen_writes_an_owner_only_private_key(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    code, out, _ = cli("team", "keygen", "--output-dir", folder, "--label", "Adult team")
    assert code == 0
    private, public = folder / "team.key", folder / "team.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    pair, pub = keys.load_private(private), keys.load_public(public)
    assert pair.id == pub.id and pair.id in out and pub.label == "Adult team"
    assert json.loads(private.read_text())["protection"] is None
    assert "secret_key" not in public.read_text()


def test_keygen_never_overwrites_silently(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    cli("team", "keygen", "--output-dir", folder)
    before = (folder / "team.key").read_text()
    code, _, err = cli("team", "keygen", "--output-dir", folder)
    assert code == 2 and "--force" in err and (folder / "team.key").read_text() == before
    code, _, _ = cli("team", "keygen", "--output-dir", folder, "--force")
    assert code == 0 and (folder / "team.key").read_text() != before


def test_passphrase_protected_key(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAM_PASS", "correct horse battery")
    folder = tmp_path / "keys"
    code, out, _ = cli("team", "keygen", "--output-dir", folder, "--passphrase-env", "TEAM_PASS")
    assert code == 0 and "passphrase-protected" in out
    private = folder / "team.key"
    doc = json.loads(private.read_text())
    assert doc["protection"]["kdf"] == "argon2id"
    assert keys.needs_passphrase(private)
    with pytest.raises(UserError, match="passphrase"):
        keys.load_private(private)
    with pytest.raises(UserError, match="wrong passphrase"):
        keys.load_private(private, "incorrect horse")
    loaded = keys.load_private(private, "correct horse battery")
    assert loaded.id == keys.load_public(folder / "team.pub").id


def test_short_or_missing_passphrase(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHORT", "abc")
    code, _, err = cli("team", "keygen", "--output-dir", tmp_path / "k", "--passphrase-env", "SHORT")
    assert code == 2 and "shorter than 8" in err and not (tmp_path / "k" / "team.key").exists()
    code, _, err = cli("team", "keygen", "--output-dir", tmp_path / "k", "--passphrase-env", "UNSET_VARIABLE_X")
    assert code == 2 and "UNSET_VARIABLE_X" in err
    code, _, err = cli("team", "keygen", "--output-dir", tmp_path / "k", "--passphrase")
    assert code == 2 and "--passphrase-env" in err  # not a terminal: cannot ask


def test_altered_and_foreign_key_files(tmp_path: Path) -> None:
    pair = keys.generate("t")
    private, public = keys.write_key_pair(pair, tmp_path, None)
    doc = json.loads(public.read_text())
    doc["key_id"] = "0000-0000-0000-0000"
    public.write_text(json.dumps(doc))
    with pytest.raises(InputError, match="key_id"):
        keys.load_public(public)
    with pytest.raises(InputError, match="public key"):
        keys.load_private(tmp_path / "team.pub")
    (tmp_path / "x.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="not a team"):
        keys.load_public(tmp_path / "x.json")
    (tmp_path / "y.txt").write_text("garbage")
    with pytest.raises(InputError, match="not JSON"):
        keys.load_private(tmp_path / "y.txt")
    with pytest.raises(InputError, match="no such file"):
        keys.load_public(tmp_path / "missing.pub")
    doc = json.loads(private.read_text())
    doc["public_key"] = json.loads(keys.public_key_text(keys.generate("other").public))["public_key"]
    private.write_text(json.dumps(doc))
    with pytest.raises(InputError, match="does not match"):
        keys.load_private(private)
