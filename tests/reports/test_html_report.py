"""report.html without a browser: structure, grouping, safety of links, the CSP, and the size budget."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime

from auditor.findings import Subject
from auditor.result import AccountSummary
from auditor.testing.report_data import demo_like_result, large_result
from reports import html_report
from reports.digest import build_groups, top_actions


def _render(result=None) -> str:  # type: ignore[no-untyped-def]
    return html_report.render(result or demo_like_result())


def test_summary_comes_before_the_findings_and_lists_three_distinct_actions() -> None:
    html = _render()
    assert html.index('id="summary"') < html.index('id="actions-h"') < html.index('id="status-h"') \
        < html.index('id="findings"')
    actions = re.search(r'<ol class="actions">(.*?)</ol>', html, re.S)
    assert actions is not None
    titles = re.findall(r"<strong>(.*?)</strong>", actions.group(1))
    assert len(titles) == 3 and len(set(titles)) == 3
    assert "Post may identify a person you support" in titles[0]  # critical first


def test_status_grid_shows_every_category_for_every_account() -> None:
    result = demo_like_result()
    result.accounts.append(AccountSummary("instagram:gone", "instagram", "gone", "personal", "archive",
                                          errors=["Could not read the export."]))
    html = _render(result)
    table = html[html.index('id="status-h"'):html.index("</table>")]
    assert table.count("<tr><th") == 1 + 3  # the header row and one row per account
    assert "✓ no findings" in table  # connections and linkage are clean
    assert table.count("not read") == 6  # the unreadable account, one cell per category


def test_groups_print_shared_text_once_and_fixes_per_platform() -> None:
    result = demo_like_result()
    html = _render(result)
    rationale = next(f for f in result.findings if f.check == "settings.checklist")
    groups = build_groups(result.findings, {a.key: a.platform for a in result.accounts}, result.check_meta)
    checklist = next(g for g in groups["settings"] if g.check == "settings.checklist")
    assert set(checklist.fixes) == {"X", "Facebook"}  # two accounts, two platforms' steps
    assert html.count("<dt>Facebook</dt>") >= 1 and html.count("<dt>X</dt>") >= 1
    assert html.count("Some of the settings that decide who can find your account") == 1
    assert rationale.standards and "SWE-G-PRIVACY" in html
    assert 'href="https://www.socialworkengland.org.uk/' in html  # the source is named and linked


def test_evidence_spans_are_highlighted_and_post_links_open_the_post() -> None:
    html = _render()
    assert re.search(r'<mark title="[a-z ]+">Eastfield</mark>', html)
    assert 'href="https://x.com/FrontlineFern/status/1790000000000000002" target="_blank">Open the post' in html


def test_only_http_links_and_only_platform_hosts_are_linkified() -> None:
    html = _render()
    evil = re.search(r'<li class="f[^"]*"[^>]*>(?:(?!</li>).)*Evil link test(?:(?!</li>).)*</li>', html, re.S)
    assert evil is not None and "<a " not in evil.group(0)  # the post with a javascript: URL gets no link
    assert not re.search(r'href="javascript:', html)
    linked = html_report.linkify("See https://x.com/settings/tagging. Or https://evil.example/x and <b>")
    assert str(linked) == ('See <a href="https://x.com/settings/tagging" rel="noopener noreferrer" '
                           'target="_blank">https://x.com/settings/tagging</a>. '
                           'Or https://evil.example/x and &lt;b&gt;')
    assert html_report.safe_url("javascript:alert(1)") is None
    assert html_report.safe_url("https://x.com/a/status/1") == "https://x.com/a/status/1"


def test_csp_allows_only_our_inline_script_and_style_by_hash() -> None:
    html = _render()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    for tag in ("script", "style"):
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
        assert len(bodies) == 1
        digest = base64.b64encode(hashlib.sha256(bodies[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert " style=" not in html  # inline style attributes would be refused by the CSP
    assert not re.search(r"<(?:img|script|link|iframe)[^>]*\s(?:src|href)=", html)


def test_possible_findings_are_marked_and_not_top_actions() -> None:
    result = demo_like_result()
    result.findings = [replace(f, confidence=0.3) if f.check == "confidentiality.case_details" else f
                       for f in result.findings]
    html = _render(result)
    assert "possible — please check" in html
    groups = build_groups(result.active, {a.key: a.platform for a in result.accounts}, result.check_meta)
    assert all(a.title != "Post may identify a person you support" for a in top_actions(groups))


def test_trend_chart_appears_only_with_history() -> None:
    assert "Open findings over time" not in _render()
    result = demo_like_result()
    result.trend = [(datetime(2026, 9, 1, tzinfo=UTC), {"high": 5}), (datetime(2026, 10, 1, tzinfo=UTC), {"high": 3}),
                    (datetime(2026, 11, 1, tzinfo=UTC), {"high": 2, "low": 1})]
    html = _render(result)
    assert "Open findings over time" in html and "<polyline" in html and "2026-09-01: 5" in html


def test_no_findings_is_said_plainly() -> None:
    result = demo_like_result()
    result.findings = []
    html = _render(result)
    assert "No findings: nothing in these accounts needs action now." in html
    assert 'id="filters"' not in html


def test_ten_thousand_findings_stay_under_five_megabytes_with_every_finding_listed() -> None:
    result = large_result(10_000)
    html = _render(result)
    assert len(html.encode("utf-8")) < 5_000_000
    assert html.count('<li class="f') == 10_000
    assert "In short form:" in html and "Show <span class=\"rest\">" in html


def test_a_subject_without_url_or_date_renders() -> None:
    result = demo_like_result()
    result.findings[0] = replace(result.findings[0], subject=Subject("profile", "p", "profile"))
    assert "profile · x:FrontlineFern · profile" in _render(result)
