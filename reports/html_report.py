"""``report.html``: one self-contained page a professional can act on in a minute.

Summary first (status per account and category, counts by severity, the three most important
actions, a chart), then the findings grouped by check, most severe first (then most confident),
whatever their category; settings only the user can check are one checklist. Text that is the same for
every finding of a check (why it matters, the standards, how to fix it per platform) is printed
once per group, not once per finding, which keeps a 10,000-finding report under 5 MB. Within a
check, findings with the same reason form a block ("214 posts: age, place, work context", issue 17)
that shows its worst few items in full and folds the rest, as short lines, into a native
``<details>`` (no JavaScript needed); a flood of findings lists at most ``ROW_BUDGET`` short lines
in the page, and says how many more report.md and report.json list.

Safety: Jinja2 autoescape is on and no user text is ever marked safe; evidence highlighting is
built from escaped pieces; only ``http(s)`` post links become links (a ``javascript:`` URL in
a hostile export stays text). The Content-Security-Policy allows no network source at all and
only our own inline script and style, by hash, so even an escaping bug could not run a script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from auditor.findings import CATEGORIES, SEVERITIES, SEVERITY_RANK, Evidence, Finding, excerpt_with_spans
from auditor.result import AuditResult
from auditor.standards import source_urls
from reports import digest
from reports.digest import CATEGORY_TITLES as CATEGORY_TITLES
from reports.digest import CHECKLIST_INTRO, PLATFORM_NAMES, build_groups, checklist_item, ordered, safe_url, top_actions

# Issue 17: each check's findings are split by reason (digest.reason_groups); each reason shows its
# worst digest.FEW items in full and folds the rest into "Show N more" as one short line each.
ROW_BUDGET = 20_000         # short lines in the whole page; shared among the reasons that have a fold
ROW_MIN = 200               # short lines any reason may list, whatever the budget
EVIDENCE_PER_ITEM = 3       # quotes shown per finding; report.md and report.json have the rest
COMPACT_ABOVE = 1500        # more findings than this: evidence excerpts are cut to COMPACT_WIDTH
COMPACT_WIDTH = 160
SHORT_WIDTH = 90            # evidence shown in a short line
# Links in our own text (remediation, checklist messages) become clickable only for these hosts.
LINK_HOSTS = ("x.com", "twitter.com", "facebook.com", "instagram.com", "linkedin.com", "bsky.app",
              "joinmastodon.org")
_URL = re.compile(r"https?://[^\s<>\"')]+")


_CODE = re.compile(r"`([^`\n]+)`")


def linkify(text: str) -> Markup:
    """Escape ``text``, turn addresses on the platforms' own hosts into links, and `commands` into
    ``<code>`` (our texts quote commands in backticks; a page should never show the backticks)."""
    out, pos = [], 0
    for match in _CODE.finditer(text):
        out.append(_links(text[pos : match.start()]))
        out.append(Markup("<code>{}</code>").format(match.group(1)))
        pos = match.end()
    out.append(_links(text[pos:]))
    return Markup("").join(out)


def _links(text: str) -> Markup:
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:")
        host = (urlsplit(url).hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in LINK_HOSTS):
            continue
        out.append(escape(text[pos : match.start()]))
        out.append(Markup('<a href="{0}" rel="noopener noreferrer" target="_blank">{0}</a>').format(url))
        pos = match.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def highlight(evidence: Evidence, width: int | None = None) -> Markup:
    """The excerpt with each span wrapped in ``<mark>``; overlapping spans merge into the first."""
    text, spans = evidence.excerpt, evidence.spans
    if width is not None and len(text) > width:
        text, spans = excerpt_with_spans(text, [(s.start, s.end, s.label) for s in spans], width)
    out, pos = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos:
            continue
        out.append(escape(text[pos : span.start]))
        label = span.label.replace("_", " ").lower()
        out.append(Markup('<mark title="{}">{}</mark>').format(label, text[span.start : span.end]))
        pos = span.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: int
    segments: tuple[tuple[str, float, float, int], ...]  # severity, x, width, count


def category_bars(findings: list[Finding]) -> tuple[list[Bar], int]:
    """Geometry for the inline SVG bar chart: one bar per category, stacked by severity."""
    counts: Counter[tuple[str, str]] = Counter((f.category, f.severity) for f in findings)
    totals: Counter[str] = Counter(f.category for f in findings)
    peak = max(totals.values(), default=0)
    bars, scale, y = [], 290.0 / peak if peak else 0.0, 0
    for category in CATEGORIES:
        if not totals[category]:
            continue
        x, segments = 0.0, []
        for severity in SEVERITIES:
            n = counts[(category, severity)]
            if n:
                segments.append((severity, round(x, 1), round(max(n * scale, 2.0), 1), n))
                x += n * scale
        bars.append(Bar(CATEGORY_TITLES[category], totals[category], y, tuple(segments)))
        y += 30
    return bars, y


def trend_points(trend: list[tuple[datetime, dict[str, int]]]) -> list[tuple[float, float, str, int]]:
    """(x, y, date, total) per past run for the over-time line; empty when fewer than two runs."""
    if len(trend) < 2:
        return []
    totals = [sum(counts.values()) for _, counts in trend]
    peak = max(totals) or 1
    step = 480 / (len(trend) - 1)
    return [(round(i * step, 1), round(100 - 90 * total / peak, 1), f"{when:%Y-%m-%d}", total)
            for i, ((when, _), total) in enumerate(zip(trend, totals, strict=True))]


def status_grid(result: AuditResult, findings: list[Finding]) -> dict[tuple[str, str], tuple[str | None, int]]:
    """(account, category) → (worst severity or None, count)."""
    grid: dict[tuple[str, str], tuple[str | None, int]] = {}
    for f in findings:
        worst, count = grid.get((f.account, f.category), (None, 0))
        if worst is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]:
            worst = f.severity
        grid[(f.account, f.category)] = (worst, count + 1)
    return grid


@cache
def _asset(name: str) -> tuple[Markup, str]:
    """An inline asset (our own CSS or JS) and its CSP hash."""
    text = (resources.files("reports") / "templates" / name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    env.filters["linkify"] = linkify
    env.filters["code"] = linkify
    env.filters["safe_url"] = safe_url
    return env


def render(result: AuditResult) -> str:
    active = result.active
    platforms = {a.key: a.platform for a in result.accounts}
    groups = build_groups(active, platforms, result.check_meta)
    parts_of = {g.anchor: g.parts for g in ordered(groups) if not g.is_checklist}
    folded = sum(1 for parts in parts_of.values() for p in parts if p.rest)
    by_severity = result.by_severity()
    worst_overall = next((s for s in SEVERITIES if by_severity.get(s)), None)
    bars, chart_height = category_bars(active)
    style, style_hash = _asset("report.css")
    script, script_hash = _asset("report.js")
    template = _environment().get_template("report.html.j2")
    return template.render(
        result=result,
        findings=active,
        groups=groups,
        ordered_groups=ordered(groups),
        checklist_intro=CHECKLIST_INTRO,
        checklist_item=checklist_item,
        suppressed=[f for f in result.findings if f.suppressed],
        categories=[c for c in CATEGORIES if c != "info"],
        category_titles=CATEGORY_TITLES,
        severities=SEVERITIES,
        by_severity=by_severity,
        worst_overall=worst_overall,
        grid=status_grid(result, active),
        actions=top_actions(groups),
        bars=bars,
        chart_height=chart_height,
        trend=trend_points(result.trend),
        account_index={a.key: i for i, a in enumerate(result.accounts)},
        platform_names=PLATFORM_NAMES,
        sources=source_urls(),
        parts_of=parts_of,
        row_cap=max(ROW_MIN, ROW_BUDGET // max(1, folded)),
        evidence_cap=EVIDENCE_PER_ITEM,
        short_width=SHORT_WIDTH,
        excerpt_width=COMPACT_WIDTH if len(active) > COMPACT_ABOVE else None,
        change_line=digest.change_line(result),
        unread_line=result.unread_line(),
        unread=result.unread_accounts,
        style=style,
        script=script,
        csp=f"default-src 'none'; style-src {style_hash}; script-src {script_hash}; img-src data:; "
            f"base-uri 'none'; form-action 'none'",
    )
