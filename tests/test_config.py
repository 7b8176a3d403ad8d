"""Config loading: the example works, and every kind of mistake names its key and exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.loading import load_config

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "export.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_and_resolves_paths_against_its_folder() -> None:
    config = load_config(ROOT / "config.example.toml")
    assert config.profile.role == "social_worker"
    assert config.identity.of("employers") == ("Wexford County Council", "WCC")
    (account,) = config.accounts
    assert account.platform == "x" and account.stance == "anonymous"
    assert account.archive == (ROOT / "auditor/demo/twitter-2026-11-01-demo.zip",)
    assert config.report.output_dir == ROOT / "audit-report"


def test_relative_paths_resolve_against_config_not_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[[accounts]]\nplatform = "twitter"\nstance = "personal"\narchive = "export.zip"\n')
    monkeypatch.chdir(ROOT)
    config = load_config(path)
    assert config.accounts[0].archive == (tmp_path / "export.zip",)
    assert config.accounts[0].platform == "x"  # alias


def test_archive_may_be_a_list_of_parts(tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(b"x")
    path = write(tmp_path, '[[accounts]]\nplatform = "facebook"\nstance = "personal"\n'
                           'archive = ["export.zip", "b.zip"]\n')
    assert len(load_config(path).accounts[0].archive) == 2


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('[profile]\nrole = "social_worker"\ncolour = "red"\n', "profile.colour"),
        ('[profile]\nrole = "astronaut"\n', "profile.role"),
        ('[profile]\nrole = 3\n', "profile.role"),
        ('[identity]\nreal_names = "Jo Bloggs"\n', "identity.real_names"),
        ('[identity]\nreal_names = ["Jo", 3]\n', "identity.real_names"),
        ('[[accounts]]\nplatform = "myspace"\nstance = "personal"\narchive = "export.zip"\n', "accounts[1].platform"),
        ('[[accounts]]\nplatform = "x"\nstance = "secret"\narchive = "export.zip"\n', "accounts[1].stance"),
        ('[[accounts]]\nplatform = "x"\narchive = "export.zip"\n', "accounts[1].stance"),
        ('[[accounts]]\nplatform = "x"\nstance = "personal"\narchive = "missing.zip"\n', "accounts[1].archive"),
        ('[[accounts]]\nplatform = "x"\nstance = "personal"\n', "accounts[1].archive"),
        ('[[accounts]]\nplatform = "x"\nstance = "personal"\narchive = "export.zip"\napi = {token_env = "T"}\n',
         "accounts[1].archive"),
        ('[[accounts]]\nplatform = "x"\nstance = "personal"\napi = {token = "secret"}\n', "accounts[1].api.token"),
        ('[caseload]\nfile = "nope.csv"\n', "caseload.file"),
        ('[report]\nformats = ["pdf"]\n', "report.formats"),
        ('accounts = "x"\n', "accounts"),
        ('unknown_top = 1\n', "unknown_top"),
    ],
)
def test_mistakes_name_the_key(tmp_path: Path, text: str, names: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text))
    assert f"'{names}'" in str(error.value)
    assert str(tmp_path / "auditor.toml") in str(error.value)


def test_missing_file_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"auditor init --output"):
        load_config(tmp_path / "nope.toml")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="line 2"):
        load_config(write(tmp_path, '[profile]\nrole = "social_worker\n'))


def test_empty_config_is_valid_but_has_no_accounts(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).accounts == ()


def test_non_utf8_config(tmp_path: Path) -> None:
    path = tmp_path / "auditor.toml"
    path.write_bytes(b'[identity]\nreal_names = ["Zo\xeb"]\n')
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)
