"""The README's demo figures match the demo (issue 19): regenerate with scripts/update_readme_demo.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_readme_demo", ROOT / "scripts" / "update_readme_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_figures_match_the_demo(tmp_path: Path) -> None:
    script = _script()
    current = script.figures(script.run_demo(tmp_path))
    assert current.startswith("The demo report: 3 accounts, ") and " findings (" in current
    assert script.readme_figures() == current, (
        "README.md's demo figures are stale: run `.venv/bin/python scripts/update_readme_demo.py`")


def test_figures_are_read_between_the_markers() -> None:
    script = _script()
    text = "a <!-- demo-figures -->The demo report: 1 accounts, 2 checks, 3 findings (3 low).<!-- /demo-figures --> b"
    assert script.readme_figures(text) == "The demo report: 1 accounts, 2 checks, 3 findings (3 low)."
    assert script.readme_figures("no markers") is None
