"""End to end: ``auditor run`` against a loopback server answering like Mastodon and Bluesky (several pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.testing.api_server import LoopbackApi, Persona
from tests.connectors import api_support

isolated_state = api_support.isolated_state  # pytest fixture


def _config(tmp_path: Path, base: str, incremental: bool = False) -> Path:
    inc = "true" if incremental else "false"
    path = tmp_path / "auditor.toml"
    path.write_text(f"""
[profile]
role = "social_worker"
jurisdiction = "uk"

[[accounts]]
platform = "mastodon"
stance = "anonymous"
handle = "@fern@social.example"
api = {{ base_url = "{base}", token_env = "LOOPBACK_MASTODON_TOKEN", incremental = {inc} }}

[[accounts]]
platform = "bluesky"
stance = "personal"
handle = "fern.loopback.test"
api = {{ base_url = "{base}", incremental = {inc} }}

[[accounts]]
platform = "mastodon"
stance = "professional"
handle = "@nobody@social.example"
api = {{ base_url = "{base}" }}
""", encoding="utf-8")
    return path


def _report(out: Path) -> dict[str, object]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_run_reads_every_page_and_one_failing_account_does_not_hide_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = Persona()
    monkeypatch.setenv("LOOPBACK_MASTODON_TOKEN", persona.token)
    out = tmp_path / "out"
    with LoopbackApi(persona) as server:
        code = main(["run", "--config", str(_config(tmp_path, server.base_url)), "--output-dir", str(out),
                     "--quiet", "--no-history"])
    report = _report(out)
    accounts = {a["key"]: a for a in report["accounts"]}  # type: ignore[attr-defined, union-attr]
    masto, bsky = accounts["mastodon:fern@social.example"], accounts["bluesky:fern.loopback.test"]
    assert masto["posts_scanned"] == 7 and masto["connections_scanned"] == 8 and masto["source"] == "api"
    assert bsky["posts_scanned"] == 7 and bsky["connections_scanned"] == 8
    failed = accounts["mastodon:@nobody@social.example"]
    assert failed["errors"] and "no account 'nobody'" in failed["errors"][0]
    assert code == 2  # an account could not be read, and the report still covers the others
    assert {m for m, _ in server.requests} == {"GET"}  # read-only, end to end
    statuses = [p for _, p in server.requests if p.endswith("/statuses")]
    assert len(statuses) == 4  # 7 posts in pages of 2, followed through the Link header
    assert persona.token not in (out / "report.json").read_text(encoding="utf-8")
    assert persona.token not in capsys.readouterr().err
    assert any(f["account"] == "mastodon:fern@social.example" for f in report["findings"])  # type: ignore[attr-defined, union-attr]


def test_incremental_run_reads_only_new_posts_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    persona = Persona()
    monkeypatch.setenv("LOOPBACK_MASTODON_TOKEN", persona.token)
    out = tmp_path / "out"
    with LoopbackApi(persona) as server:
        config = _config(tmp_path, server.base_url, incremental=True)
        main(["run", "--config", str(config), "--output-dir", str(out), "--quiet"])
        persona.posts.append("A brand new post after the first audit")
        main(["run", "--config", str(config), "--output-dir", str(out), "--quiet"])
    accounts = {a["key"]: a for a in _report(out)["accounts"]}  # type: ignore[attr-defined, union-attr]
    assert accounts["mastodon:fern@social.example"]["posts_scanned"] == 1
    assert accounts["bluesky:fern.loopback.test"]["posts_scanned"] == 1
    assert accounts["bluesky:fern.loopback.test"]["connections_scanned"] == 8  # always read in full
    # the older posts were not re-read, so their findings must stay open, not be called resolved
    assert not [f for f in _report(out)["resolved"] if f["subject"]["kind"] == "post"]  # type: ignore[index]
