"""Every check is complete: metadata, remediation, standards, and a test module of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checking import Check, discover_checks
from auditor.config import ProfileConfig
from auditor.findings import CATEGORIES
from auditor.standards import load_packs, standards_for

TESTS = Path(__file__).resolve().parent
CHECKS = discover_checks()


def test_there_is_a_check_in_each_core_category() -> None:
    assert {"settings", "anonymity", "confidentiality", "conduct"} <= {c.meta.category for c in CHECKS}


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.meta.id)
def test_metadata_is_complete(chk: Check) -> None:
    meta = chk.meta
    assert meta.category in CATEGORIES and meta.id.startswith(meta.category + ".")
    assert meta.title and len(meta.rationale) > 80 and meta.remediation["default"]
    assert chk.func.__module__.endswith(meta.id.replace(".", "_", 1))


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.meta.id)
def test_each_check_has_its_own_test_module(chk: Check) -> None:
    name = f"test_{chk.meta.id.replace('.', '_', 1)}"
    found = list(TESTS.rglob(f"{name}*.py"))
    assert found, f"add tests/checks/{name}.py with a passing and a failing case"


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.meta.id)
def test_each_check_maps_to_a_standard_for_a_uk_social_worker(chk: Check) -> None:
    profile = ProfileConfig(role="social_worker", jurisdiction="uk")
    assert any(ref.code.startswith("SWE") for ref in standards_for(chk.meta.id, profile)), chk.meta.id


def test_standards_packs_only_name_existing_checks_or_globs() -> None:
    ids = {c.meta.id for c in CHECKS}
    categories = {c.split(".")[0] for c in ids} | set(CATEGORIES)
    for pack in load_packs():
        for clause in pack.clauses:
            for pattern in clause.checks:
                assert pattern in ids or (pattern.endswith(".*") and pattern[:-2] in categories), (pack.id, pattern)
