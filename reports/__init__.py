"""Renderers of an :class:`~auditor.result.AuditResult`: JSON (a contract), HTML and Markdown.

Reports never analyse: everything they show was decided by the engine and the checks.
Files are written owner-only (0600, folder 0700) because they quote the user's own posts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.private_files import stream_private, write_private
from auditor.progress import SILENT, Progress
from auditor.result import AuditResult
from reports import html_report, json_report, markdown_report

RENDERERS: dict[str, tuple[str, Callable[[AuditResult], str]]] = {
    "json": ("report.json", json_report.render),
    "html": ("report.html", html_report.render),
    "md": ("report.md", markdown_report.render),
}


def write_reports(result: AuditResult, output_dir: Path, formats: Iterable[str],
                  progress: Progress = SILENT) -> list[Path]:
    """Render each requested format into ``output_dir``; return the paths written."""
    formats = list(formats)
    written = []
    with progress.phase("Writing", len(formats)) as bar:
        for fmt in formats:
            name, render = RENDERERS[fmt]
            if fmt == "json":  # issue 17: streamed as it is produced, never one string in memory
                written.append(stream_private(output_dir / name, lambda out: json_report.write(result, out)))
            else:
                written.append(write_private(output_dir / name, render(result)))
            bar.advance()
    return written
