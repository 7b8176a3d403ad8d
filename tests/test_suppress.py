"""Accepted risks: config [[suppress]] and `auditor suppress`, with and without expiry."""

from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import parse_config
from auditor.errors import ConfigError
from auditor.findings import Finding, Subject
from auditor.suppress import Suppression, apply_suppressions
from tests.test_history import CASE, EMPLOYER, write_archive, write_config

TODAY = date(2026, 11, 25)


def finding(fp: str, check: str = "conduct.disparaging_language", account: str = "x:FrontlineFern") -> Finding:
    return Finding(fingerprint=fp, check=check, category="conduct", severity="high", confidence=0.9,
                   account=account, subject=Subject("post", "1", "l"), title="t", message="m")


def test_rules_by_fingerprint_and_by_check_with_account_glob() -> None:
    findings = [finding("a" * 24), finding("b" * 24, check="anonymity.identity_facts"),
                finding("c" * 24, check="anonymity.identity_facts", account="mastodon:@fern@social.example"),
                finding("d" * 24, check="settings.visibility")]
    rules = [Suppression(reason="my choice", fingerprint="a" * 24),
             Suppression(reason="named account", check="anonymity.*", account="x:frontline*")]
    outcome = apply_suppressions(findings, rules, TODAY)
    assert not any(f.suppressed for f in findings)  # the findings given are left as they were
    findings = outcome.findings
    assert [f.suppressed for f in findings] == [True, True, False, False]
    assert findings[0].suppression is rules[0] and findings[1].suppression is rules[1]
    assert outcome.suppressed == 2 and outcome.expired == []


def test_expiry_is_inclusive_and_then_the_rule_stops() -> None:
    rule = Suppression(reason="until the course ends", fingerprint="a" * 24, until=TODAY)
    on_the_day = [finding("a" * 24)]
    outcome = apply_suppressions(on_the_day, [rule], TODAY)
    assert outcome.expired == []
    assert outcome.findings[0].suppressed
    next_day = [finding("a" * 24)]
    outcome = apply_suppressions(next_day, [rule], TODAY + timedelta(days=1))
    assert not outcome.findings[0].suppressed and outcome.findings[0].suppression is None
    assert outcome.expired == [rule]


def parse(text: str, tmp_path: Path) -> tuple[Suppression, ...]:
    return parse_config(tomllib.loads(text), tmp_path / "auditor.toml").suppress


def test_config_entries_are_read(tmp_path: Path) -> None:
    rules = parse('[[suppress]]\nfingerprint = "ABCDEF0123456789abcdef01"\nreason = "ok"\nuntil = 2027-03-31\n'
                  '[[suppress]]\ncheck = "conduct.*"\naccount = "x:*"\nreason = "satire account"\n'
                  '[[suppress]]\ncheck = "settings.visibility"\nreason = "public on purpose"\nuntil = "2027-01-01"\n',
                  tmp_path)
    assert rules[0] == Suppression("ok", fingerprint="abcdef0123456789abcdef01", until=date(2027, 3, 31),
                                   source="suppress[1]")
    assert rules[1].check == "conduct.*" and rules[1].account == "x:*" and rules[1].until is None
    assert rules[2].account == "*" and rules[2].until == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[suppress]]\nfingerprint = "abcdef0123456789abcdef01"\n', "'suppress[1].reason' is missing"),
        ('[[suppress]]\nfingerprint = "abcdef0123456789abcdef01"\nreason = "  "\n', "'suppress[1].reason' is missing"),
        ('[[suppress]]\nreason = "x"\n', "'suppress[1].fingerprint' and 'check'"),
        ('[[suppress]]\nreason = "x"\ncheck = "a"\nfingerprint = "abcdef0123456789abcdef01"\n', "exactly one"),
        ('[[suppress]]\nreason = "x"\nfingerprint = "post-101"\n', "24-character fingerprint"),
        ('[[suppress]]\nreason = "x"\nfingerprint = "abcdef0123456789abcdef01"\naccount = "x:*"\n',
         "'suppress[1].account' only goes with 'check'"),
        ('[[suppress]]\nreason = "x"\ncheck = "a"\nuntil = "next spring"\n', "suppress[1].until must be a date"),
        ('[[suppress]]\nreason = "x"\ncheck = "a"\nuntil = 5\n', "suppress[1].until must be a date"),
        ('[[suppress]]\nreason = "x"\ncheck = "a"\nowner = "me"\n', "'suppress[1].owner' is not a known key"),
        ('suppress = "all"\n', "'suppress' must be an array of tables"),
    ],
)
def test_config_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(text, tmp_path)


def report(config: Path, out: Path, *extra: str) -> dict[str, object]:
    main(["run", "--config", str(config), "--output-dir", str(out), "--format", "json,md", "--quiet", *extra])
    data: dict[str, object] = json.loads((out / "report.json").read_text())
    return data


def employer_finding(data: dict[str, object]) -> dict[str, object]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return next(f for f in findings if f["check"] == "anonymity.identity_facts")


def test_cli_suppress_counts_and_lists_separately_then_expiry_brings_it_back_as_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = write_archive(tmp_path / "x.zip", {"101": CASE, "102": EMPLOYER})
    config = write_config(tmp_path, archive)
    first = report(config, tmp_path / "o")
    target = employer_finding(first)
    fp = str(target["fingerprint"])
    assert target["suppressed"] is False

    until = (date.today() + timedelta(days=30)).isoformat()
    assert main(["suppress", fp, "--reason", "I named my employer on purpose", "--until", until]) == 0
    assert f"Accepted {fp} until {until}" in capsys.readouterr().out

    second = report(config, tmp_path / "o")
    accepted = employer_finding(second)
    assert accepted["suppressed"] is True  # still in the report: never silently dropped
    assert accepted["suppression"] == {"reason": "I named my employer on purpose", "source": "auditor suppress",
                                       "until": until}
    assert second["summary"]["by_status"]["suppressed"] == 1  # type: ignore[index]
    assert "anonymity" not in second["summary"]["by_category"]  # type: ignore[index]  # not counted as open
    md = (tmp_path / "o" / "report.md").read_text()
    assert "## Accepted risks (1)" in md and "I named my employer on purpose" in md
    # --fail-on ignores accepted risks.
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "f"), "--quiet",
                 "--fail-on", "high", "--format", "json"]) == 1  # the case-details post is still critical

    # Time passes beyond the expiry date: the finding is back, as new.
    import auditor.pipeline as pipeline

    later = date.fromisoformat(until) + timedelta(days=1)
    real = pipeline.compare_with_history
    monkeypatch.setattr("auditor.pipeline.compare_with_history",
                        lambda result, cfg, no_history: real(result, cfg, no_history, today=later))
    capsys.readouterr()
    main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--format", "json"])
    third = json.loads((tmp_path / "o" / "report.json").read_text())
    back = employer_finding(third)
    assert back["suppressed"] is False and back["status"] == "new"
    assert all(f["status"] == "persisting" for f in third["findings"] if f is not back)
    assert f"Accepted risk expired on {until}" in capsys.readouterr().err


def test_cli_suppress_without_expiry_list_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = write_archive(tmp_path / "x.zip", {"102": EMPLOYER})
    config = write_config(tmp_path, archive)
    fp = str(employer_finding(report(config, tmp_path / "o"))["fingerprint"])
    assert main(["suppress", fp.upper(), "--reason", "accepted", "--config", str(config)]) == 0
    capsys.readouterr()
    for _ in range(2):  # no expiry: holds run after run
        data = report(config, tmp_path / "o")
        assert employer_finding(data)["suppressed"] is True
        assert employer_finding(data)["suppression"]["until"] is None  # type: ignore[index]
    assert main(["suppress", "--list"]) == 0
    assert f"{fp}: accepted" in capsys.readouterr().out
    assert main(["suppress", fp, "--remove"]) == 0
    assert "Withdrew" in capsys.readouterr().out
    data = report(config, tmp_path / "o")
    assert employer_finding(data)["suppressed"] is False and employer_finding(data)["status"] == "new"


def test_config_suppression_applies_even_without_history(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.zip", {"102": EMPLOYER})
    extra = '[[suppress]]\ncheck = "anonymity.identity_facts"\naccount = "x:*"\nreason = "known"\n'
    config = write_config(tmp_path, archive, extra)
    data = report(config, tmp_path / "o", "--no-history")
    assert employer_finding(data)["suppressed"] is True
    assert employer_finding(data)["suppression"]["source"] == "suppress[1]"  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["suppress", "abcdef0123456789abcdef01"], "--reason is required"),
        (["suppress", "not-a-fingerprint", "--reason", "x"], "is not a fingerprint"),
        (["suppress", "abcdef0123456789abcdef01", "--reason", "x", "--until", "2020-01-01"], "already passed"),
        (["suppress", "abcdef0123456789abcdef01", "--reason", "x", "--until", "soon"], "YYYY-MM-DD"),
        (["suppress"], "Give the FINGERPRINT"),
    ],
)
def test_cli_suppress_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_unknown_fingerprint_is_stored_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suppress", "abcdef0123456789abcdef01", "--reason", "later"]) == 0
    assert "no recorded audit has found this fingerprint" in capsys.readouterr().out
