from __future__ import annotations

from auditor.model import Profile
from tests.checks.linkage_fixtures import anon, named, run_pair

CHECK = "linkage.names"


def test_handle_variant_of_named_handle_is_found() -> None:
    (finding,) = run_pair(CHECK, anon(handle="hattie_ok"), named(handle="HattieOkafor"))
    assert finding.severity == "high" and "@hattie_ok" in finding.message and "@HattieOkafor" in finding.message


def test_former_handle_equal_to_named_handle_is_strong() -> None:
    a = anon(handle="FrontlineFern", profile=Profile(previous_handles=("HattieOkafor",)))
    (finding,) = run_pair(CHECK, a, named(handle="HattieOkafor_SW"))
    assert finding.title == "Pseudonymous account once used your named handle" and finding.severity == "high"
    assert [e.excerpt for e in finding.evidence] == ["@HattieOkafor", "@HattieOkafor_SW"]


def test_display_name_close_to_handle_is_moderate() -> None:
    a = anon(handle="jsmith_writes")
    n = named(handle="WardSisterJ", profile=Profile(display_name="Jane Smith RN"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "medium"


def test_unrelated_names_do_not_link() -> None:
    a = anon(handle="FrontlineFern", profile=Profile(display_name="Fern 🌿 frontline SW"))
    n = named(handle="HattieOkafor_SW", profile=Profile(display_name="Harriet Okafor"))
    assert run_pair(CHECK, a, n) == []


def test_generic_profession_words_and_bare_first_names_do_not_link() -> None:
    assert run_pair(CHECK, anon(handle="socialworkerjo"), named(handle="socialworkersam")) == []
    assert run_pair(CHECK, anon(handle="midwife_mary"), named(handle="MaryMidwifeUK")) == []
