"""Professions and jurisdictions: the ways users write them, and which packs and standards apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import ProfileConfig
from auditor.detectors.terms import packs_for
from auditor.errors import ConfigError
from auditor.loading import load_config
from auditor.profiles import canonical_jurisdiction, canonical_role, jurisdiction_chain
from auditor.standards import packs_for as standards_for_profile


@pytest.mark.parametrize(("written", "role"), [
    ("Counsellor", "therapist"), ("GP", "doctor"), ("midwife", "nurse"), ("youth-justice", "probation_officer"),
    ("social_worker", "social_worker"),
])
def test_roles_as_people_write_them(written: str, role: str) -> None:
    assert canonical_role(written) == role


@pytest.mark.parametrize(("written", "code"), [("Scotland", "scotland"), ("Northern Ireland", "northern_ireland"),
                                               ("Aotearoa", "nz"), ("Ireland", "ie"), ("USA", "us"), ("ca", "ca")])
def test_jurisdictions_as_people_write_them(written: str, code: str) -> None:
    assert canonical_jurisdiction(written) == code


def test_uk_nations_also_get_the_uk_packs_and_standards() -> None:
    assert jurisdiction_chain("scotland") == ("scotland", "uk")
    names = {p.name.split("#")[0] for p in packs_for(("WORK_CONTEXT",), "nurse", "scotland")}
    assert {"jurisdictions/scotland.toml", "jurisdictions/uk.toml", "roles/nursing.toml"} <= names
    assert "nmc" in {p.id for p in standards_for_profile(ProfileConfig("nurse", "wales"))}


def test_config_accepts_aliases_and_refuses_unknown_values(tmp_path: Path) -> None:
    path = tmp_path / "auditor.toml"
    path.write_text('[profile]\nrole = "Counsellor"\njurisdiction = "New Zealand"\n', encoding="utf-8")
    assert load_config(path).profile == ProfileConfig("therapist", "nz")
    path.write_text('[profile]\njurisdiction = "Atlantis"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="choose one of: uk, england"):
        load_config(path)
