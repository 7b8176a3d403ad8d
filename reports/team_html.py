"""The team dashboard page: one self-contained HTML file in the personal report's look.

The stylesheet is not copied: the personal report's own ``report.css`` is inlined (or, from
an older template, ``report.html.j2``'s ``<style>`` block), so both pages keep one look as it
changes; a few dashboard-only rules are added in the template. Autoescape is on and nothing from a
bundle is marked safe: bundles come from other people and are treated as untrusted text.
"""

from __future__ import annotations

import re
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from auditor.findings import CATEGORIES, SEVERITIES
from auditor.team.dashboard import TeamDashboard
from reports.html_report import CATEGORY_TITLES

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_FALLBACK_CSS = "body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 62rem; padding: 1rem; }"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def personal_report_css() -> Markup:
    """The CSS of the personal report, so the dashboard looks the same without a second copy."""
    templates = resources.files("reports") / "templates"
    css_file = templates / "report.css"
    if css_file.is_file():
        css = css_file.read_text(encoding="utf-8")
    else:
        match = _STYLE.search((templates / "report.html.j2").read_text(encoding="utf-8"))
        css = match.group(1) if match and "{{" not in match.group(1) else _FALLBACK_CSS
    return Markup(css.replace("</", "<\\/"))  # our own package file, never user data


def render(board: TeamDashboard) -> str:
    env = _environment()
    return env.get_template("team.html.j2").render(
        board=board,
        base_css=personal_report_css(),
        severities=SEVERITIES,
        categories=CATEGORIES,
        category_titles=CATEGORY_TITLES,
        overdue_days=board.overdue_after.days,
    )
