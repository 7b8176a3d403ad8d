"""``report.html``: one self-contained page (inline CSS and JS, no external requests).

Rendered by Jinja2 with autoescape on, so a post containing ``<script>`` is shown as text.
Evidence highlighting is built from escaped pieces with :func:`markupsafe.escape`; no user
text is ever marked safe.
"""

from __future__ import annotations

from collections import Counter

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from auditor.checking import discover_checks
from auditor.findings import CATEGORIES, SEVERITIES, Evidence, Finding
from auditor.result import AuditResult

CATEGORY_TITLES = {
    "settings": "Privacy settings",
    "anonymity": "Anonymity",
    "confidentiality": "Confidentiality of people you support",
    "connections": "Connections with people you support",
    "conduct": "Professional conduct",
    "linkage": "Linkage between your accounts",
    "info": "Other observations",
}


def highlight(evidence: Evidence) -> Markup:
    """The excerpt with each span wrapped in ``<mark>``; overlapping spans merge into the first."""
    text, out, pos = evidence.excerpt, [], 0
    for span in sorted(evidence.spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos:
            continue
        out.append(escape(text[pos : span.start]))
        out.append(Markup('<mark title="{}">{}</mark>').format(span.label, text[span.start : span.end]))
        pos = span.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    return env


def _top_actions(findings: list[Finding]) -> list[Finding]:
    """The three most severe confirmed findings (the list is already sorted by severity)."""
    return [f for f in findings if not f.suppressed and not f.possible][:3]


def render(result: AuditResult) -> str:
    active = result.active
    grid = Counter((f.account, f.category) for f in active)
    worst = {}
    for account in result.accounts:
        mine = [f.severity for f in active if f.account == account.key]
        worst[account.key] = min(mine, key=SEVERITIES.index) if mine else None
    rationale = {c.meta.id: c.meta.rationale for c in discover_checks()}
    template = _environment().get_template("report.html.j2")
    return template.render(
        result=result,
        findings=active,
        suppressed=[f for f in result.findings if f.suppressed],
        categories=[c for c in CATEGORIES if any(f.category == c for f in active)],
        all_categories=CATEGORIES,
        category_titles=CATEGORY_TITLES,
        severities=SEVERITIES,
        by_severity=result.by_severity(),
        grid=grid,
        worst=worst,
        top_actions=_top_actions(active),
        rationale=rationale,
    )
