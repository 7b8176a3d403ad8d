"""The terminal summary: one sentence, one table, three actions, the paths — and never post text."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from auditor.testing.report_data import HOSTILE_POST, demo_like_result
from reports.terminal import print_summary


def test_summary_is_readable_and_quotes_no_posts() -> None:
    console = Console(record=True, width=100, color_system=None)
    result = demo_like_result()
    print_summary(result, [Path("/tmp/out/report.html")], console)
    out = console.export_text()
    assert f"{len(result.active)} findings across 2 account(s)" in out
    assert "x:FrontlineFern" in out and "facebook:harriet.okafor" in out
    assert "Do these first" in out and " 1. critical" in out and " 3. " in out and " 4. " not in out
    assert "Wrote /tmp/out/report.html" in out and "Open report.html in your browser" in out
    assert "Eastfield" not in out and HOSTILE_POST[:20] not in out


def test_no_findings() -> None:
    console = Console(record=True, width=100, color_system=None)
    result = demo_like_result()
    result.findings = []
    print_summary(result, [], console)
    assert "No findings" in console.export_text()
