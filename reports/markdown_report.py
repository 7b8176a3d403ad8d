"""``report.md``: the audit as plain Markdown, for pasting into supervision notes or a ticket.

Same order as the HTML page (summary, three actions, then findings grouped by check, most
severe first and then most confident, with the standards once per check; settings only the user
can check form one checklist). User text is backslash-escaped, so a post that
contains Markdown or HTML is shown as written and never renders as a link, image or tag.
"""

from __future__ import annotations

import re

from auditor.findings import CATEGORIES, SEVERITIES, SEVERITY_RANK, Evidence, Finding
from auditor.result import AuditResult
from reports.digest import (
    CATEGORY_TITLES,
    CHECKLIST_INTRO,
    build_groups,
    change_line,
    checklist_item,
    ordered,
    safe_url,
    top_actions,
)

SHORT_WIDTH = 90  # characters of evidence on a short line
_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def md(text: str) -> str:
    """One line of text that may quote the user's content: folded, and the Markdown specials that
    could make a link, image, HTML tag, code span or table cell break escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def plain(text: str) -> str:
    """Our own text (rationale, remediation, standards): folded only, so addresses stay readable."""
    return " ".join(text.split())


def _evidence(e: Evidence) -> str:
    """The excerpt with its spans in bold; escaping is done piece by piece so spans stay aligned."""
    out, pos = [], 0
    for span in sorted(e.spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos:
            continue
        out += [md(e.excerpt[pos : span.start]), f"**{md(e.excerpt[span.start : span.end])}**"]
        pos = span.end
    out.append(md(e.excerpt[pos:]))
    return "".join(out).strip()


def render(result: AuditResult) -> str:
    active = result.active
    platforms = {a.key: a.platform for a in result.accounts}
    groups = build_groups(active, platforms, result.check_meta)
    counts = result.by_severity()
    lines = [
        "# Account privacy audit",
        "",
        f"Generated {result.generated_at:%Y-%m-%d %H:%M} UTC by auditor {result.tool_version} · role: "
        f"{result.profile.role.replace('_', ' ')} · jurisdiction: {result.profile.jurisdiction.upper()} · "
        f"{len(result.checks_run)} checks. This report quotes your own posts: keep it private.",
        "",
        "## Summary",
        "",
    ]
    unread = result.unread_accounts
    if (unread_line := result.unread_line()):  # issue 19: never an all-clear when an account was not read
        lines += [f"**{md(unread_line)}**", ""]
        lines += [f"- **{md(a.key)}:** {md(a.errors[0])}" for a in unread] + [""]
    read = len(result.accounts) - len(unread)
    if active:
        lines.append(f"**{len(active):,} findings:** " + ", ".join(f"{counts[s]:,} {s}" for s in SEVERITIES
                                                                   if counts.get(s)))
    elif not unread_line:
        lines.append("**No findings.**")
    elif read:
        lines.append(f"No findings in the {read} account{'s' * (read != 1)} that could be read.")
    lines.append("")
    if (change := change_line(result)):
        lines += [change, ""]
    categories = [c for c in CATEGORIES if c != "info"]
    lines += ["| account | stance | posts | connections | " + " | ".join(CATEGORY_TITLES[c] for c in categories) + " |",
              "|---" * (4 + len(categories)) + "|"]
    for a in result.accounts:
        cells = []
        for c in categories:
            mine = [f for f in active if f.account == a.key and f.category == c]
            worst = max((f.severity for f in mine), key=lambda s: SEVERITY_RANK[s], default=None)
            cells.append("not read" if a.unread else f"{worst} ({len(mine)})" if worst else "ok")
        lines.append(f"| {md(a.key)} | {a.stance} | {a.posts_scanned:,} | {a.connections_scanned:,} | "
                     + " | ".join(cells) + " |")
    lines.append("")
    for a in result.accounts:
        for error in a.errors[1:] if a.unread else a.errors:  # an unread account's first error leads the summary
            lines.append(f"- **{md(a.key)} — could not be fully read:** {md(error)}")
    if any(a.errors for a in result.accounts):
        lines.append("")

    actions = top_actions(groups)
    if actions:
        lines += ["### Do these first", ""]
        for i, act in enumerate(actions, start=1):
            items = f", {act.count} items" if act.count > 1 else ""
            lines.append(f"{i}. **[{act.severity}] {md(act.title)}** — {md(act.account)}{items}. {plain(act.fix)}")
        lines.append("")

    if groups:
        lines += [f"## Findings ({len(active):,}), most severe first", ""]
    for g in ordered(groups):  # issue 19: by severity, then confidence, whatever the category
        plural = "s" if len(g.findings) != 1 else ""
        heading = f"### [{g.worst}] {md(g.title)} — {CATEGORY_TITLES[g.category]}, {len(g.findings):,} "
        if g.is_checklist:
            lines += [heading + f"item{plural}", "", plain(CHECKLIST_INTRO), ""]
            for f in g.findings:
                lines.append(f"- [ ] **{md(f.subject.label)}** · {md(f.account)} — {md(checklist_item(f.message))} "
                             f"ID `{f.fingerprint}`")
            lines.append("")
            continue
        lines += [heading + f"finding{plural}", "", f"**Why it matters:** {plain(g.rationale)}", ""]
        refs = g.findings[0].standards
        if refs:
            lines += ["**Standards** (summarised in our own words):", ""]
            lines += [f"- {s.code} — {plain(s.text)} ({s.source})" for s in refs]
            lines.append("")
        lines += ["**How to fix it:**", ""]
        lines += [f"- {plain(text)}" for text in g.fixes.values()]
        lines.append("")
        parts = g.parts  # issue 17: one block per reason, the worst few in full, the rest one line each
        for part in parts:
            if len(parts) > 1 or part.rest:
                lines += [f"#### [{part.worst}] {md(part.headline)}", ""]
            for f in part.full:
                lines += _full_item(f)
            if part.rest:
                lines += ["", f"{len(part.rest):,} more, in short form (severity, date, link, start of the "
                              f"evidence, ID):", ""]
                lines += [_short_item(f) for f in part.rest]
            lines.append("")

    suppressed = [f for f in result.findings if f.suppressed]
    if suppressed:
        lines += [f"## Accepted risks ({len(suppressed)})", ""]
        lines += [f"- {md(f.title)} — {md(f.account)} · ID `{f.fingerprint}`" + _accepted_why(f) for f in suppressed]
        lines.append("")
    if result.resolved:
        lines += [f"## Resolved since the last audit ({len(result.resolved)})", ""]
        lines += [f"- {md(f.title)} — {md(f.account)} · ID `{f.fingerprint}`" for f in result.resolved]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _link(f: Finding, text: str) -> str:
    url = (safe_url(f.subject.url) or "").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{text}](<{url}>)" if url else ""


def _full_item(f: Finding) -> list[str]:
    flag = " (possible — please check)" if f.possible else ""
    when = f" of {f.subject.created_at:%Y-%m-%d}" if f.subject.created_at else ""
    link = _link(f, f"open the {'post' if f.subject.kind in ('post', 'media') else 'page'}")
    lines = [f"- **{f.severity}**{flag} · {f.subject.kind}{when} · {md(f.account)} · "
             f"{md(f.subject.label)}{' · ' + link if link else ''}  ", f"  {md(f.message)}  "]
    lines += [f"  > {md(e.field)}: {_evidence(e)}  " for e in f.evidence]
    lines.append(f"  ID `{f.fingerprint}`")
    return lines


def _short_item(f: Finding) -> str:
    """One line: severity, date (a link to the post where there is one), the start of the evidence, ID."""
    when = f"{f.subject.created_at:%Y-%m-%d}" if f.subject.created_at else ""
    link = _link(f, when or "open")
    text = f.evidence[0].excerpt if f.evidence else f.subject.label
    text = " ".join(text.split())
    text = text if len(text) <= SHORT_WIDTH else text[: SHORT_WIDTH - 1] + "…"
    flag = " (possible)" if f.possible else ""
    return f"- **{f.severity}**{flag} · {link or when} · {md(f.account)} · {md(text)} · ID `{f.fingerprint}`"


def _accepted_why(f: Finding) -> str:
    """The reason (and end date) the user gave when accepting the risk (auditor/suppress.py)."""
    if f.suppression is None:
        return ""
    until = f" (until {f.suppression.until.isoformat()})" if f.suppression.until else ""
    return f" — accepted: {md(f.suppression.reason)}{until}"
