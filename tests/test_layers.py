"""The layer map in docs/DEVELOPING.md stays true: no import circles, and no layer imports upward.

The import graph of ``auditor/``, ``connectors/`` and ``reports/`` is read with :mod:`ast`, every
import counted: inside functions and under ``TYPE_CHECKING`` too, since a late import only hides
a circle. Each module belongs to the layer whose pattern names it most precisely (``pkg.*``
covers the package and everything below it); a module may import its own layer or lower ones.
"""

from __future__ import annotations

import ast
import re
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("auditor", "connectors", "reports")
DOC = ROOT / "docs" / "DEVELOPING.md"


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (a name imported from a package counts as its module)."""
    known = modules()

    def owner(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(t for alias in node.names if (t := owner(alias.name)))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(parent + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    target = full if full in known else owner(base)
                    if target:
                        targets.add(target)
        targets.discard(name)
        graph[name] = targets
    return graph


def layer_map() -> list[tuple[int, str, list[str]]]:
    """(number, name, module patterns) of each row of the table between the ``layers`` markers."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- layers:start -->", 1)[1].split("<!-- layers:end -->", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], re.findall(r"`([^`]+)`", cells[2])))
    return rows


def layer_of(module: str, rows: list[tuple[int, str, list[str]]]) -> tuple[int, str] | None:
    best: tuple[int, int, str] | None = None  # (precision, number, name)
    for number, name, patterns in rows:
        for pattern in patterns:
            if pattern.endswith(".*") and module == pattern[:-2]:
                hit = len(pattern) - 1
            elif fnmatchcase(module, pattern):
                hit = len(pattern) - pattern.count("*")
            else:
                continue
            if best is None or hit > best[0]:
                best = (hit, number, name)
    return None if best is None else (best[1], best[2])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_is_read() -> None:
    graph = import_graph()
    assert "auditor.pipeline" in graph and "auditor.engine" in graph["auditor.pipeline"]
    assert "auditor.config" in graph["connectors"]


def test_no_import_circles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_layer() -> None:
    rows = layer_map()
    assert len(rows) >= 8, "the layer table in docs/DEVELOPING.md was not found"
    assert [number for number, _, _ in rows] == sorted(number for number, _, _ in rows)
    unmapped = [m for m in import_graph() if layer_of(m, rows) is None]
    assert unmapped == [], f"add these modules to the layer map in docs/DEVELOPING.md: {unmapped}"


def test_no_layer_imports_upward() -> None:
    rows = layer_map()
    upward = []
    for module, targets in sorted(import_graph().items()):
        here = layer_of(module, rows)
        for target in sorted(targets):
            there = layer_of(target, rows)
            if here is not None and there is not None and there[0] > here[0]:
                upward.append(f"{module} ({here[1]}) imports {target} ({there[1]})")
    assert upward == []
