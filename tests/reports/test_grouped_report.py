"""Issue 17: grouped findings. No finding is lost: the grouped report counts and lists every finding."""

from __future__ import annotations

import json
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.testing.report_data import demo_like_result, large_result
from reports import html_report, json_report, markdown_report, write_reports
from reports.digest import FEW, reason_groups, reason_of

REQUIRED = {"fingerprint", "check", "category", "severity", "confidence", "account", "subject", "title",
            "message", "evidence", "remediation", "standards", "status", "suppressed"}


def _flood(n: int = 3000):  # type: ignore[no-untyped-def]
    result = large_result(n)
    # one suppressed finding: listed in findings, never counted in a group
    result.findings[7] = replace(result.findings[7], suppressed=True)
    return result


def test_grouped_json_counts_and_lists_every_finding_like_an_ungrouped_run() -> None:
    result = _flood()
    flat = json_report.to_dict(result, grouped=False)
    grouped = json_report.to_dict(result, grouped=True)
    assert flat["schema"] == "auditor.report/1" and grouped["schema"] == "auditor.report/2"
    assert "groups" not in flat
    # the same findings, in the same order, with every /1 field
    assert [f["fingerprint"] for f in grouped["findings"]] == [f["fingerprint"] for f in flat["findings"]]
    assert all(set(f) >= REQUIRED for f in grouped["findings"])
    for key in ("by_severity", "by_category", "by_status", "verdict", "complete"):
        assert grouped["summary"][key] == flat["summary"][key]
    active = [f["fingerprint"] for f in flat["findings"] if not f["suppressed"]]
    listed = [fp for g in grouped["groups"] for fp in g["fingerprints"]]
    assert sorted(listed) == sorted(active) and len(set(listed)) == len(listed)  # each in exactly one group
    assert sum(g["count"] for g in grouped["groups"]) == len(active) == sum(flat["summary"]["by_severity"].values())
    assert grouped["summary"]["groups"] == len(grouped["groups"])
    by_fp = {f["fingerprint"]: f for f in grouped["findings"]}
    for g in grouped["groups"]:
        assert g["count"] == len(g["fingerprints"]) and g["id"].startswith("g-")
        assert {"id", "check", "reason", "severity", "count", "fingerprints"} <= set(g)
        for i, fp in enumerate(g["fingerprints"]):
            f = by_fp[fp]
            assert f["group"] == g["id"] and f["check"] == g["check"]
            if i < FEW:
                assert "compact" not in f and f["remediation"]
            else:  # compact: one short excerpt; remediation and standards once, on the group
                assert f["compact"] is True and len(f["evidence"]) <= 1 and f["remediation"] == ""
                assert all(len(e["excerpt"]) <= json_report.COMPACT_WIDTH + 2 for e in f["evidence"])
        assert g["remediation"] and g["standards"]
    assert "group" not in by_fp[result.findings[7].fingerprint]
    assert len(json_report.render(result, grouped=True)) < len(json_report.render(result, grouped=False))


def test_group_ids_are_stable_and_small_reports_stay_version_one() -> None:
    small = demo_like_result()
    assert json_report.to_dict(small)["schema"] == "auditor.report/1"  # what `auditor share` reads
    big = large_result(json_report.GROUP_ABOVE + 1)
    assert json_report.to_dict(big)["schema"] == "auditor.report/2"
    first = [g.id for g in reason_groups(big.active)]
    assert first == [g.id for g in reason_groups(large_result(json_report.GROUP_ABOVE + 50).active)]


def test_reason_is_the_evidence_labels() -> None:
    groups = reason_groups(large_result(200).active)
    assert all(g.reason == reason_of(g.findings[0]) for g in groups)
    headline = groups[0].headline
    assert re.match(r"[\d,]+ posts: place, work context$", headline), headline


def test_markdown_and_html_list_every_finding() -> None:
    result = _flood()
    active = {f.fingerprint for f in result.active}
    md = markdown_report.render(result)
    assert active <= set(re.findall(r"ID `([0-9a-f]{24})`", md))
    html = html_report.render(result)
    assert active <= set(re.findall(r'<span class="fp">(?:ID )?([0-9a-f]{24})</span>', html)) | set(
        re.findall(r'<p class="fp">ID ([0-9a-f]{24})</p>', html))
    assert html.count("<details class=\"more\">") == sum(1 for g in reason_groups(result.active) if g.rest)


def test_html_caps_short_lines_and_says_how_many_more(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "ROW_BUDGET", 100)
    monkeypatch.setattr(html_report, "ROW_MIN", 50)
    result = large_result(2000)
    html = html_report.render(result)
    groups = [g for g in reason_groups(result.active) if g.rest]
    cap = max(50, 100 // len(groups))
    assert html.count('<li class="f c"') == sum(min(cap, len(g.rest)) for g in groups)
    cut = sum(int(n.replace(",", "")) for n in re.findall(r'<p class="muted cut">([\d,]+) more', html))
    listed = html.count('<li class="f')
    assert listed + cut == len(result.active)  # counted, even where not listed


def test_report_json_is_streamed_owner_only_and_parses(tmp_path: Path) -> None:
    result = _flood(1500)
    path = write_reports(result, tmp_path, ["json"])[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == json_report.render(result)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "auditor.report/2" and len(doc["findings"]) == 1500
    assert not list(tmp_path.glob(".*.tmp"))
