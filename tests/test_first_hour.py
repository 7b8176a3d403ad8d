"""Issue 19, the first hour of a new user: no false all-clear, a way in from nothing, where to get the data.

An account that could not be read must lead every output in the verdict's place and never be
stored as a clean baseline; ``auditor run`` with no config says where it looked and about
``auditor init``; every platform has a how-to page, linked from ``init`` and the README.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from auditor.cli import main
from auditor.history.store import default_history_path
from auditor.howto import SUMMARY, how_to_get
from auditor.model import PLATFORMS
from auditor.result import AccountSummary, AuditResult
from auditor.testing.report_data import demo_like_result
from reports import html_report, json_report, markdown_report
from reports.terminal import print_summary

ROOT = Path(__file__).resolve().parents[1]
ALL_CLEAR = "nothing in these accounts needs action now"
ZIP_ERROR = "exports/x.zip: the zip file is damaged or truncated. Download the export again."


def unread_only() -> AuditResult:
    result = demo_like_result()
    result.findings = []
    result.accounts = [AccountSummary("x:accounts[1]", "x", "", "anonymous", "archive", errors=[ZIP_ERROR])]
    return result


def one_unread_of_three() -> AuditResult:
    result = demo_like_result()
    result.accounts.append(AccountSummary("instagram:gone", "instagram", "gone", "personal", "archive",
                                          errors=[ZIP_ERROR]))
    return result


def terminal(result: AuditResult) -> str:
    console = Console(record=True, width=120, color_system=None)
    print_summary(result, [], console)
    return console.export_text()


# ---- 1. an unreadable account never yields an all-clear, in any output ------------------------

def test_html_leads_with_the_unread_account_and_gives_no_all_clear() -> None:
    html = html_report.render(unread_only())
    assert ALL_CLEAR not in html and "No findings" not in html
    summary = html[html.index('id="summary"'):]
    first_box = re.search(r'<div class="verdict ([a-z ]+)"[^>]*>(.*?)</div>\s*</div>', summary, re.S)
    assert first_box is not None and first_box.group(1) == "unread"
    assert "could not be read" in first_box.group(2) and "damaged or truncated" in first_box.group(2)
    assert '<ul class="counts"' not in html  # no row of zeros that reads like a clean result


def test_html_puts_the_unread_account_before_the_findings_verdict() -> None:
    html = html_report.render(one_unread_of_three())
    assert html.index('id="unread"') < html.index('class="big"', html.index('id="unread"') + 30) \
        < html.index('id="actions-h"')
    assert "1 of 3 accounts could not be read (instagram:gone)" in html


def test_html_no_findings_in_what_was_read_is_not_an_all_clear() -> None:
    result = one_unread_of_three()
    result.findings = []
    html = html_report.render(result)
    assert ALL_CLEAR not in html
    assert "No findings in the 2 accounts that could be read." in html and "This is not an all-clear" in html


def test_markdown_leads_with_the_unread_account() -> None:
    text = markdown_report.render(unread_only())
    summary = text[text.index("## Summary"):]
    first = next(line for line in summary.splitlines()[1:] if line.strip())
    assert first.startswith("**Not checked: the account could not be read")
    assert "No findings" not in text
    assert text.count("damaged or truncated") == 1  # named once, not repeated below the table
    mixed = markdown_report.render(one_unread_of_three())
    assert mixed.index("could not be read (instagram:gone)") < mixed.index(" findings:**")


def test_terminal_leads_with_the_unread_account() -> None:
    out = terminal(unread_only())
    assert "No findings" not in out and ALL_CLEAR not in out
    assert out.strip().startswith("Not checked: the account could not be read")
    mixed = terminal(one_unread_of_three())
    assert mixed.strip().startswith("Incomplete: 1 of 3 accounts could not be read (instagram:gone).")
    assert "findings across the 2 account(s) that could be read" in mixed
    nothing_in_read = one_unread_of_three()
    nothing_in_read.findings = []
    assert "No findings in the 2 account(s) that could be read." in terminal(nothing_in_read)


def test_json_says_the_audit_is_incomplete() -> None:
    data = json.loads(json_report.render(unread_only()))
    assert data["summary"]["complete"] is False and data["summary"]["verdict"] == "not_read"
    assert data["summary"]["unread_accounts"] == ["x:accounts[1]"]
    mixed = json.loads(json_report.render(one_unread_of_three()))["summary"]
    assert mixed["verdict"] == "incomplete" and mixed["unread_accounts"] == ["instagram:gone"]
    clean = demo_like_result()
    clean.findings = []
    clean_summary = json.loads(json_report.render(clean))["summary"]
    assert clean_summary["complete"] is True and clean_summary["verdict"] == "clear"
    assert clean_summary["unread_accounts"] == []


def write_corrupt_config(folder: Path) -> Path:
    (folder / "x.zip").write_bytes(b"not a zip at all")
    config = folder / "auditor.toml"
    config.write_text('[[accounts]]\nplatform = "x"\nstance = "anonymous"\narchive = "x.zip"\n')
    return config


def test_run_with_only_a_corrupt_export_is_not_stored_as_a_clean_audit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_corrupt_config(tmp_path)
    code = main(["run", "--config", str(config), "--output-dir", str(tmp_path / "out"), "--format", "html,json,md"])
    assert code == 2
    captured = capsys.readouterr()
    assert ALL_CLEAR not in captured.out and "Not checked" in captured.out
    assert "not recorded in the audit history" in captured.err
    assert not default_history_path().exists()  # nothing recorded, so no clean baseline
    for name in ("report.html", "report.md", "report.json"):
        assert ALL_CLEAR not in (tmp_path / "out" / name).read_text()
    assert main(["history"]) == 0
    assert "No audit history yet" in capsys.readouterr().out


def test_an_unread_account_keeps_its_last_real_audit_as_baseline(tmp_path: Path) -> None:
    demo_zip = ROOT / "auditor" / "demo" / "twitter-2026-11-01-named.zip"
    (tmp_path / "good.zip").write_bytes((ROOT / "auditor" / "demo" / "twitter-2026-11-01-demo.zip").read_bytes())
    (tmp_path / "bad.zip").write_bytes(demo_zip.read_bytes())
    config = tmp_path / "auditor.toml"
    config.write_text('[[accounts]]\nplatform = "x"\nstance = "anonymous"\narchive = "good.zip"\n'
                      '[[accounts]]\nplatform = "x"\nstance = "personal"\narchive = "bad.zip"\n')
    args = ["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--format", "json", "--quiet"]
    assert main(args) == 0
    (tmp_path / "bad.zip").write_bytes(b"damaged now")
    assert main(args) == 2
    with sqlite3.connect(default_history_path()) as db:
        runs = db.execute("SELECT run_id, account FROM run_accounts ORDER BY run_id, account").fetchall()
    first, second = sorted({r for r, _ in runs})
    assert len([a for r, a in runs if r == first]) == 2
    assert len([a for r, a in runs if r == second]) == 1  # the unreadable account is not recorded as clean
    (tmp_path / "bad.zip").write_bytes(demo_zip.read_bytes())
    assert main(args) == 0
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert report["findings"] and [f["check"] for f in report["findings"] if f["status"] != "persisting"] == []
    assert report["resolved"] == []


# ---- 2. getting in ------------------------------------------------------------------------------

def test_run_without_a_config_names_both_places_and_auditor_init(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert main(["run"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert str(tmp_path / "auditor.toml") in err and str(tmp_path / "cfg" / "auditor" / "auditor.toml") in err
    assert "auditor init" in err and "config.example.toml" not in err


def test_run_finds_auditor_toml_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_corrupt_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert main(["run", "--quiet"]) == 2  # it read ./auditor.toml: the account's error, not "no config"
    err = capsys.readouterr().err
    assert "damaged or truncated" in err and "No config file" not in err


def test_readme_offers_pipx_first() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Quick start")
    assert readme.index("pipx install", start) < readme.index("python3 -m venv", start)


# ---- 3. where to get my data ----------------------------------------------------------------------

@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_platform_has_a_how_to_page_linked_from_the_readme(platform: str) -> None:
    page = ROOT / "docs" / "platforms" / f"{platform}.md"
    text = page.read_text()
    for part in ("**Where:**", "**What to tick:**", "**How long:**", "**Which file:**", "cannot show"):
        assert part in text, f"{page.name} lacks {part}"
    assert f'platform = "{platform}"' in text  # the config lines to point at it
    assert f"docs/platforms/{platform}.md" in (ROOT / "README.md").read_text()
    assert f"({platform}.md)" in (ROOT / "docs" / "platforms" / "README.md").read_text()
    assert str(page) in how_to_get(platform) and SUMMARY[platform] in how_to_get(platform)


def test_x_page_says_followers_come_by_id_only() -> None:
    assert "numeric id only" in (ROOT / "docs" / "platforms" / "x.md").read_text()


def test_init_links_each_accounts_how_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--role", "nurse", "--account", "bluesky:personal:api::fern.bsky.social",
                 "--account", "mastodon:professional:api:MASTODON_TOKEN:@fern@social.example"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "docs/platforms/bluesky.md" in out and "docs/platforms/mastodon.md" in out
    assert "docs/platforms/x.md" not in out


def test_init_asks_with_the_platforms_how_to_and_explains_a_missing_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--account", "linkedin:professional:nowhere.zip"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "does not exist" in err and "Get a copy of your data" in err and "docs/platforms/linkedin.md" in err


# ---- 4. order: most severe first, one checklist -------------------------------------------------

SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]


def test_html_findings_run_from_most_to_least_severe() -> None:
    result = demo_like_result()
    html = html_report.render(result)
    listed = re.findall(r'<li class="f[^"]*" id="f-[0-9a-f]+" data-s="([a-z]+)"', html[html.index('id="findings"'):])
    assert len(listed) == len(result.active)
    worst = min(SEVERITY_ORDER.index(f.severity) for f in result.active)
    assert SEVERITY_ORDER.index(listed[0]) == worst  # the first finding is the most severe
    groups = re.findall(r'<section class="group ([a-z]+)', html)
    ranks = [SEVERITY_ORDER.index(g) for g in groups]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1


def test_equal_severity_is_ordered_by_confidence() -> None:
    result = demo_like_result()
    highs = [f for f in result.active if f.severity == result.active[0].severity]
    assert result.active == result.findings  # nothing accepted: the indices below are the same
    result.findings = [replace(f, confidence=0.5 + (i % 5) / 10) for i, f in enumerate(result.findings)]
    html = html_report.render(result)
    ids = re.findall(r'id="f-([0-9a-f]+)"', html)
    by_id = {f.fingerprint: f for f in result.active}
    for group in re.findall(r'<ol class="items">(.*?)</ol>', html, re.S):
        items = [by_id[i] for i in re.findall(r'id="f-([0-9a-f]+)"', group)]
        keys = [(SEVERITY_ORDER.index(f.severity), -f.confidence) for f in items]
        assert keys == sorted(keys)
    assert highs and ids


def test_checklist_paragraphs_are_folded_into_one_block() -> None:
    result = demo_like_result()
    checklist = [f for f in result.active if f.check == "settings.checklist"]
    assert len(checklist) >= 3
    repeated = "No export or API shows this setting, so the auditor cannot read it."
    assert all(repeated in f.message for f in checklist)  # what the check says for each item…
    html = html_report.render(result)
    text = markdown_report.render(result)
    assert repeated not in html and repeated not in text  # …is said once, for the whole checklist
    assert html.count("No export or API shows these settings") == 1
    assert text.count("No export or API shows these settings") == 1
    assert html.count('class="f ck"') == len(checklist) and text.count("- [ ] **") == len(checklist)


def test_markdown_findings_run_from_most_to_least_severe() -> None:
    text = markdown_report.render(demo_like_result())
    heads = re.findall(r"^### \[([a-z]+)\]", text[text.index("## Findings"):], re.M)
    ranks = [SEVERITY_ORDER.index(h) for h in heads]
    assert ranks == sorted(ranks) and len(ranks) > 2


def test_terminal_actions_run_from_most_to_least_severe() -> None:
    out = terminal(demo_like_result())
    listed = re.findall(r"^ \d\. ([a-z]+) ", out, re.M)
    assert len(listed) == 3 and [SEVERITY_ORDER.index(s) for s in listed] == sorted(
        SEVERITY_ORDER.index(s) for s in listed)


# ---- 6. words -----------------------------------------------------------------------------------

def test_html_shows_commands_as_code_not_backticks() -> None:
    html = html_report.render(demo_like_result())
    body = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    assert "`" not in body
    assert "<code>auditor checklist</code>" in body


def test_scan_text_speaks_of_a_draft_and_uses_the_right_article(capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan-text", "Home visit today in Eastfield: little J (6) is doing better with his ADHD meds"])
    out = " ".join(capsys.readouterr().out.split())
    assert "from this report" not in out and "Delete" not in out
    assert "Before you post" in out
    assert main(["scan-text", "Lovely sunny walk by the river"]) == 0
    assert "on an anonymous account" in capsys.readouterr().out


def test_checks_fits_80_columns_and_without_a_role_shows_only_common_principles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80 and "…" not in out
    assert "NMC-" not in out and "GMC-" not in out and "ALL-" in out and "--role" in out
    assert main(["checks", "--role", "nurse", "--jurisdiction", "uk"]) == 0
    assert "NMC-" in capsys.readouterr().out
