"""Report size and speed at scale: render 10,000 findings (or --findings N) to HTML and Markdown.

Prints bytes, render time and peak memory, and with --browser the time headless Chromium takes
to load the page and apply a filter. The issue's budget: under 5 MB, opening quickly.

    .venv/bin/python benchmarks/bench_report.py [--findings 10000] [--browser]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from auditor.testing.report_data import large_result
from reports import html_report, markdown_report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help="also time loading in headless Chromium")
    args = parser.parse_args()
    result = large_result(args.findings)
    tracemalloc.start()
    started = time.perf_counter()
    html = html_report.render(result)
    html_s = time.perf_counter() - started
    md = markdown_report.render(result)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(html.encode("utf-8"))
    print(f"{args.findings:,} findings: report.html {size / 1e6:.2f} MB (budget 5 MB) rendered in {html_s:.2f} s; "
          f"report.md {len(md.encode('utf-8')) / 1e6:.2f} MB; peak memory {peak / 1e6:.0f} MB; "
          f"{args.findings / html_s:,.0f} findings/s")
    if args.browser:
        _browser(html)


def _browser(html: str) -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        page.select_option("select[data-filter=s]", "critical")
        filtered = time.perf_counter() - started
        browser.close()
    shutil.rmtree(folder)
    print(f"headless Chromium: loaded in {loaded:.2f} s, severity filter applied in {filtered:.2f} s")


if __name__ == "__main__":
    main()
