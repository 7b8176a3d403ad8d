"""Standards packs: every check maps to each applicable code, packs are chosen by role and jurisdiction,
and ``auditor checks`` shows the mapping."""

from __future__ import annotations

import pytest

from auditor.checking import discover_checks
from auditor.cli import main
from auditor.config import ProfileConfig
from auditor.findings import CATEGORIES
from auditor.standards import load_packs, packs_for, standards_for

REGULATOR_PACKS = {"swe", "basw", "nasw", "nasw-technology", "nmc", "gmc", "bma", "hcpc"}


def _ids(role: str, jurisdiction: str) -> set[str]:
    return {p.id for p in packs_for(ProfileConfig(role=role, jurisdiction=jurisdiction))}  # type: ignore[arg-type]


def test_every_named_code_ships_with_a_source_address() -> None:
    packs = {p.id: p for p in load_packs()}
    assert set(packs) >= REGULATOR_PACKS
    for pack_id in REGULATOR_PACKS:
        assert packs[pack_id].url.startswith("https://"), pack_id
        for clause in packs[pack_id].clauses:
            assert 40 <= len(clause.ref.text) <= 260, clause.ref.code  # a summary, not a copy of the code


@pytest.mark.parametrize(("role", "jurisdiction", "expected"), [
    ("social_worker", "uk", {"general", "swe", "basw"}),
    ("social_worker", "us", {"general", "nasw", "nasw-technology"}),
    ("nurse", "uk", {"general", "nmc"}),
    ("doctor", "uk", {"general", "gmc", "bma"}),
    ("allied_health", "uk", {"general", "hcpc"}),
    ("teacher", "uk", {"general"}),
    ("generic", "generic", {p.id for p in load_packs()}),
])
def test_packs_are_selected_by_role_and_jurisdiction(role: str, jurisdiction: str, expected: set[str]) -> None:
    assert _ids(role, jurisdiction) == expected


@pytest.mark.parametrize("pack_id", sorted(REGULATOR_PACKS | {"general"}))
def test_every_check_and_category_maps_to_each_pack(pack_id: str) -> None:
    pack = next(p for p in load_packs() if p.id == pack_id)
    for chk in discover_checks():
        assert any(c.covers(chk.meta.id) for c in pack.clauses), f"{chk.meta.id} has no clause in {pack_id}"
    for category in set(CATEGORIES) - {"info"}:  # future checks of any category are covered by the globs
        assert any(c.covers(f"{category}.future_check") for c in pack.clauses), (pack_id, category)


def test_findings_carry_only_the_clauses_of_the_users_codes() -> None:
    uk = standards_for("confidentiality.case_details", ProfileConfig(role="nurse", jurisdiction="uk"))
    assert {r.code for r in uk} == {"NMC-SM-CONFIDENTIALITY", "ALL-COMBINATION"}
    assert all(r.source for r in uk)
    us = standards_for("connections.caseload_match", ProfileConfig(role="social_worker", jurisdiction="us"))
    assert {"NASW-1.06(e)", "NASW-1.06(h)", "NASW-TECH-S2"} <= {r.code for r in us}


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # so rich does not fold clause codes across lines


def test_auditor_checks_shows_the_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks", "--role", "doctor", "--jurisdiction", "uk"]) == 0
    out = capsys.readouterr().out
    assert "GMC-SM-CONFIDENTIALITY" in out and "BMA-SM-CONFIDENTIALITY" in out and "SWE-3.3" not in out
    assert main(["checks", "confidentiality.case_details", "--role", "social_worker", "--jurisdiction", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Why it matters" in out and "SWE-3.3" in out and "BASW" in out and "facebook" in out
    assert main(["checks", "--standards", "--role", "social_worker", "--jurisdiction", "us"]) == 0
    out = capsys.readouterr().out
    assert "NASW-1.07" in out and "confidentiality.case_details" in out and "Technology" in out


def test_auditor_checks_reads_the_profile_from_the_config(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "auditor.toml"
    config.write_text('[profile]\nrole = "nurse"\njurisdiction = "uk"\n')
    assert main(["checks", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "NMC-SM-CONFIDENTIALITY" in out and "GMC" not in out
    assert main(["checks", "no.such_check"]) == 2
    assert "no.such_check" in capsys.readouterr().err
