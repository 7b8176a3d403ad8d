"""Auto-detection of an export's platform, and refusal of a declared/detected mismatch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from auditor.config import AccountConfig
from auditor.errors import ConfigError, InputError
from auditor.loading import load_config
from auditor.progress import SILENT, Progress
from auditor.testing.facebook_export import FacebookExport, fb_post, html_variant
from auditor.testing.hostile import materialise, zip_of
from auditor.testing.instagram_export import InstagramExport
from auditor.testing.linkedin_export import LinkedInExport, connection
from auditor.testing.mastodon_export import MastodonExport
from auditor.testing.x_archive import XArchive
from connectors import load_snapshot
from connectors.detect import detect_names


def exports(tmp_path: Path) -> dict[str, Path]:
    return {
        "x": XArchive(username="FrontlineFern").write(tmp_path / "twitter.zip"),
        "facebook": FacebookExport(full_name="Fern Example", posts=[fb_post("hi", 1700000000)],
                                   friends=[("Ann", 1)]).write(tmp_path / "fb.zip"),
        "instagram": InstagramExport(username="fern.runs", followers=[("ann", 1)]).write(tmp_path / "ig.zip"),
        "linkedin": LinkedInExport(connections=[connection("Ann", "Example")]).write(tmp_path / "li.zip"),
        "mastodon": MastodonExport(username="fern").write(tmp_path / "masto.tar.gz", "tar.gz"),
    }


@pytest.mark.parametrize("layout", ["2018", "2020", "2022", "2024"])
def test_every_facebook_layout_is_detected(layout: str) -> None:
    export = FacebookExport(full_name="A B", posts=[fb_post("x", 1)], friends=[("C", 1)])
    assert detect_names(list(materialise(export.files(layout)))) == "facebook"  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", ["2022", "2023", "2025"])
def test_every_instagram_layout_is_detected(layout: str) -> None:
    assert detect_names(list(materialise(InstagramExport(username="a").files(layout)))) == "instagram"  # type: ignore[arg-type]


def test_facebook_html_variant_is_detected_as_facebook() -> None:
    assert detect_names(["start_here.html", "your_facebook_activity/posts/x.html"]) == "facebook"


def test_unknown_and_ambiguous_give_none() -> None:
    assert detect_names(["readme.txt"]) is None
    assert detect_names(["outbox.json", "Connections.csv"]) is None  # one marker each: a tie


def test_platform_omitted_is_detected_and_said(tmp_path: Path) -> None:
    paths = exports(tmp_path)
    lines = "\n".join(f'[[accounts]]\nstance = "personal"\narchive = "{p.name}"\n' for p in paths.values())
    config_file = tmp_path / "auditor.toml"
    config_file.write_text(lines)
    config = load_config(config_file)
    assert [a.platform for a in config.accounts] == list(paths)
    assert all(a.platform_detected for a in config.accounts)

    out = io.StringIO()
    progress = Progress(console=Console(file=out, width=200))
    snap = load_snapshot(config.accounts[1], progress)
    assert snap.platform == "facebook"
    assert "detected a facebook export in" in out.getvalue() and "fb.zip" in out.getvalue()
    assert any("detected as facebook" in note for note in snap.notes)


def test_undetectable_archive_without_platform_names_the_key(tmp_path: Path) -> None:
    zip_of(tmp_path / "mystery.zip", {"readme.txt": b"hello"})
    config_file = tmp_path / "auditor.toml"
    config_file.write_text('[[accounts]]\nstance = "personal"\narchive = "mystery.zip"\n')
    with pytest.raises(ConfigError, match=r"'accounts\[1\].platform' is missing and could not be detected") as error:
        load_config(config_file)
    assert "mystery.zip" in str(error.value) and "Set 'platform'" in str(error.value)


def test_api_account_still_needs_a_platform(tmp_path: Path) -> None:
    config_file = tmp_path / "auditor.toml"
    config_file.write_text('[[accounts]]\nstance = "personal"\napi = {token_env = "T"}\n')
    with pytest.raises(ConfigError, match=r"'accounts\[1\].platform' is missing"):
        load_config(config_file)


@pytest.mark.parametrize(("declared", "actual"), [("linkedin", "facebook"), ("x", "mastodon"),
                                                  ("instagram", "linkedin"), ("facebook", "instagram")])
def test_declared_and_detected_mismatch_names_both(tmp_path: Path, declared: str, actual: str) -> None:
    path = exports(tmp_path)[actual]
    account = AccountConfig(platform=declared, stance="personal", where="accounts[2]",  # type: ignore[arg-type]
                            archive=(path,))
    with pytest.raises(InputError, match=f"platform is '{declared}' but .* looks like a {actual} export") as error:
        load_snapshot(account, SILENT)
    assert "accounts[2]" in str(error.value) and path.name in str(error.value)


def test_matching_platform_reads_normally(tmp_path: Path) -> None:
    for platform, path in exports(tmp_path).items():
        account = AccountConfig(platform=platform, stance="personal", where="a", archive=(path,))  # type: ignore[arg-type]
        assert load_snapshot(account, SILENT).platform == platform


def test_html_variant_declared_facebook_is_refused_by_the_connector(tmp_path: Path) -> None:
    account = AccountConfig(platform="facebook", stance="personal", where="a",
                            archive=(html_variant(tmp_path / "fb-html.zip"),))
    with pytest.raises(InputError, match="HTML version"):
        load_snapshot(account, SILENT)
