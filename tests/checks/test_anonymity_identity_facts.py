from __future__ import annotations

import pytest

from auditor.config import IdentityFacts
from auditor.model import Profile
from tests.conftest import make_context, make_snapshot, run_check

CHECK = "anonymity.identity_facts"


@pytest.mark.parametrize(
    ("text", "label", "severity"),
    [
        ("Proud of everyone at Wexford County Council today", "IDENTITY_EMPLOYER", "high"),
        ("so proud of #WexfordCountyCouncil", "IDENTITY_EMPLOYER", "high"),
        ("#wcc team awayday", "IDENTITY_EMPLOYER", "high"),
        ("WEXFORD COUNTY COUNCIL strikes again", "IDENTITY_EMPLOYER", "high"),
        ("Okafor's not here — Hattie Okafor's day off", "IDENTITY_REAL_NAME", "critical"),
        ("Zara's first sports day", "IDENTITY_FAMILY", "high"),
        ("sports day at St Mary’s Primary", "IDENTITY_SCHOOL", "high"),
        ("call me on 07700900123", "IDENTITY_PHONE", "critical"),
        ("call me on 07700-900-123", "IDENTITY_PHONE", "critical"),
        ("email H.Okafor@example.org", "IDENTITY_EMAIL", "critical"),
        ("lovely walk round Eastfield", "IDENTITY_PLACE", "medium"),
    ],
)
def test_identity_facts_in_posts_are_found(text: str, label: str, severity: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert label in {span.label for span in finding.evidence[0].spans}
    assert finding.severity == severity and finding.subject.kind == "post"


@pytest.mark.parametrize(
    "text",
    [
        "Great team day, no names, no places",
        "Wexfordshire is lovely",  # a longer word that contains a fact is not the fact
        "the WCCA conference",
        "my number is 07700 900124",
        "Zarathustra is on my reading list",
    ],
)
def test_clean_posts_pass(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []


def test_profile_fields_and_former_handles_are_one_finding() -> None:
    profile = Profile(bio="Social worker in Ashby", display_name="Fern", previous_handles=("HattieOkafor",))
    (finding,) = run_check(CHECK, make_snapshot(profile=profile))
    assert finding.subject.kind == "profile"
    assert {e.field for e in finding.evidence} == {"bio", "former handle"}
    assert finding.severity == "critical"  # the real name in the former handle


def test_only_applies_to_anonymous_accounts() -> None:
    assert run_check(CHECK, make_snapshot(["Wexford County Council"], stance="professional")) == []


def test_no_identity_facts_means_nothing_to_find() -> None:
    assert run_check(CHECK, make_snapshot(["Wexford County Council"]), make_context(IdentityFacts())) == []


def test_evidence_never_lists_facts_that_are_not_in_the_post() -> None:
    (finding,) = run_check(CHECK, make_snapshot(["weekend in Eastfield"]))
    assert "Okafor" not in repr(finding) and "Wexford" not in repr(finding)
