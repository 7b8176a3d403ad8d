"""Regenerate the README's demo screenshot and headline figures from the demo itself (issue 19).

    .venv/bin/python scripts/update_readme_demo.py           # screenshot + figures in README.md
    .venv/bin/python scripts/update_readme_demo.py --check   # exit 1 if README.md's figures are stale

It runs ``auditor demo`` into a temporary folder, reads the headline figures (accounts, checks,
findings, and the count per severity) from the report, writes them into README.md between the
``demo-figures`` markers, and takes ``docs/images/report.png`` with Playwright driving the system
Chromium (Debian's ``chromium``; no browser download), every request but the report itself
aborted. ``tests/test_readme_demo.py`` runs ``--check``'s comparison, so the README cannot drift
from the demo unnoticed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SCREENSHOT = ROOT / "docs" / "images" / "report.png"
MARKERS = re.compile(r"(<!-- demo-figures -->)(.*?)(<!-- /demo-figures -->)", re.S)
SEVERITIES = ("critical", "high", "medium", "low", "info")


def run_demo(folder: Path) -> Path:
    """The demo's report.html, written quietly into ``folder``."""
    sys.path.insert(0, str(ROOT))
    from auditor.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["demo", "--output-dir", str(folder)])
    if code != 0:
        raise SystemExit(f"auditor demo exited {code}")
    return folder / "report.html"


def figures(report_html: Path) -> str:
    """The sentence the README carries, from the demo's report.json and report.html."""
    data = json.loads(report_html.with_name("report.json").read_text(encoding="utf-8"))
    checks = re.search(r"(\d+) checks", report_html.read_text(encoding="utf-8"))
    active = [f for f in data["findings"] if not f.get("suppressed")]
    counts = {s: sum(1 for f in active if f["severity"] == s) for s in SEVERITIES}
    parts = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s])
    return (f"The demo report: {len(data['accounts'])} accounts, {checks.group(1) if checks else '?'} checks, "
            f"{len(active)} findings ({parts}).")


def readme_figures(text: str | None = None) -> str | None:
    match = MARKERS.search(text if text is not None else README.read_text(encoding="utf-8"))
    return match.group(2).strip() if match else None


def screenshot(report_html: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = next((found for name in (os.environ.get("AUDITOR_CHROMIUM"), "chromium", "chromium-browser")
                     if name and (found := shutil.which(name))), None)
    if chromium is None:
        raise SystemExit("No chromium on PATH: install it (apt-get install chromium) or set AUDITOR_CHROMIUM.")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 1300})
        page.route("**/*", lambda r: r.continue_() if r.request.url == report_html.as_uri() else r.abort())
        page.goto(report_html.as_uri())
        page.screenshot(path=str(target))
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare README.md's figures with the demo's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = run_demo(Path(tmp))
        current = figures(report)
        if args.check:
            stale = readme_figures() != current
            print(f"README.md says: {readme_figures()}\nThe demo says:  {current}")
            return 1 if stale else 0
        text = README.read_text(encoding="utf-8")
        if not MARKERS.search(text):
            raise SystemExit("README.md has no <!-- demo-figures --> markers")
        README.write_text(MARKERS.sub(lambda m: f"{m.group(1)}{current}{m.group(3)}", text), encoding="utf-8")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        screenshot(report, SCREENSHOT)
    print(f"Updated {README.name} ({current}) and {SCREENSHOT.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
