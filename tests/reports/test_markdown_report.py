"""report.md: for supervision notes — same order as the HTML, user text escaped, no HTML rendered."""

from __future__ import annotations

import re

from auditor.testing.report_data import demo_like_result
from reports import markdown_report
from reports.markdown_report import md


def test_layout_summary_actions_then_grouped_findings_with_standards() -> None:
    text = markdown_report.render(demo_like_result())
    assert text.startswith("# Account privacy audit\n")
    order = ["## Summary", "### Do these first", "## Findings (",
             "**Why it matters:**", "**Standards**", "**How to fix it:**"]
    positions = [0]
    for marker in order:
        positions.append(text.index(marker, positions[-1]))  # each after the one before
    assert "SWE-3.3" in text and "(Social Work England professional standards (2020) and guidance)" in text
    assert "[open the post](<https://x.com/FrontlineFern/status/1790000000000000002>)" in text
    assert "**Eastfield**" in text  # matched spans in bold
    assert text.count("1. **[critical]") == 1 and "3. **[" in text and "4. **[" not in text


def test_user_text_cannot_inject_markdown_or_html() -> None:
    text = markdown_report.render(demo_like_result())
    assert not re.findall(r"(?<!\\)<(?!https://)", text)  # every "<" from a post is backslash-escaped
    assert "\\<script\\>document.title" in text
    assert "javascript:" not in text.split("Evil link test")[1].split("\n")[0]  # no link for a javascript: URL
    assert md("[x](https://evil.example) `code` | pipe") == "\\[x\\](https://evil.example) \\`code\\` \\| pipe"


def test_our_own_text_keeps_its_addresses_readable() -> None:
    text = markdown_report.render(demo_like_result())
    assert "(https://x.com/settings/audience_and_tagging)" in text
