"""Headless Chromium for the report's browser tests (Debian's ``chromium`` driven by Playwright).

Playwright's own browser downloads are never used: the tests launch the system Chromium by
path. Locally, a machine without Chromium or Playwright skips these tests with the reason; in
CI (``CI=true``) ``.ci/run`` installs Chromium, so its absence fails instead of hiding the tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(f"{reason}; install it (apt-get install chromium) to run the report's browser tests")


def chromium_path() -> str | None:
    for name in (os.environ.get("AUDITOR_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        _missing("no chromium executable on PATH")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
