"""``report.md``: the findings as plain Markdown, for notes, tickets or a text-only reader."""

from __future__ import annotations

from auditor.result import AuditResult


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(result: AuditResult) -> str:
    lines = [
        "# Account privacy audit",
        "",
        f"Generated {result.generated_at:%Y-%m-%d %H:%M} UTC by auditor {result.tool_version}.",
        "",
        "| account | stance | posts | connections | findings | errors |",
        "|---|---|---|---|---|---|",
    ]
    for a in result.accounts:
        count = sum(1 for f in result.active if f.account == a.key)
        lines.append(f"| {_cell(a.key)} | {a.stance} | {a.posts_scanned} | {a.connections_scanned} | "
                     f"{count} | {_cell('; '.join(a.errors)) or '-'} |")
    lines.append("")
    for f in result.active:
        flag = " (possible — please verify)" if f.possible else ""
        lines += [f"## [{f.severity}] {f.title}{flag}", "",
                  f"*{f.category} · {f.account} · {f.subject.kind} {f.subject.label}*", "", f.message, ""]
        if f.subject.url:
            lines += [f"Link: <{f.subject.url}>", ""]
        for e in f.evidence:
            lines += [f"> {_cell(e.excerpt)}", ""]
        lines += [f"**How to fix:** {f.remediation}", ""]
        if f.standards:
            lines += ["**Standards:** " + "; ".join(f"{s.code}: {s.text}" for s in f.standards), ""]
    return "\n".join(lines) + "\n"
