"""Identity facts and their natural variants, with a persona unlike the shared fixtures (a UK nurse)."""

from __future__ import annotations

import pytest

from auditor.config import IdentityFacts
from auditor.detectors.identity import IdentityMatcher

FACTS = IdentityFacts({
    "real_names": ("Siobhan Mbeki-Clarke", "Siobhan Clarke"),
    "employers": ("Harlow Vale NHS Foundation Trust", "HVFT"),
    "workplaces": ("Thornbury General", "Aspen Ward"),
    "places": ("Pelling",),
    "colleagues": ("Sister Joan Abara", "Dr. Priya Venkatesh"),
    "family": ("Callum Clarke", "Elizabeth Clarke", "June Clarke"),
    "schools": ("Pelling Primary School",),
    "other": ("NMC PIN 09X1234E",),
    "emails": ("siobhan.clarke@hvft.nhs.uk",),
    "phones": ("07700 900417",),
})
MATCHER = IdentityMatcher(FACTS)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Clarke's the name, nursing's the game", "IDENTITY_REAL_NAME"),  # surname, possessive
        ("signed S. Clarke", "IDENTITY_REAL_NAME"),  # initial + surname
        ("follow @siobhanclarke", "IDENTITY_REAL_NAME"),  # handle form
        ("proud of #HarlowValeNHSFoundationTrust", "IDENTITY_EMPLOYER"),  # hashtag of the employer
        ("#hvft awards night", "IDENTITY_EMPLOYER"),  # abbreviation hashtag
        ("back on Aspen tonight", "IDENTITY_WORKPLACE"),  # workplace without its type
        ("Sister Abara retires today", "IDENTITY_COLLEAGUE"),  # title + surname
        ("Dr Venkatesh was brilliant", "IDENTITY_COLLEAGUE"),  # title without the dot
        ("Priya saved the day", "IDENTITY_COLLEAGUE"),  # colleague's first name
        ("Callum made tea", "IDENTITY_FAMILY"),  # family first name
        ("Lizzie's first day at school", "IDENTITY_FAMILY"),  # nickname of Elizabeth
        ("June lost a tooth", "IDENTITY_FAMILY"),  # month-name child, not a date
        ("summer fair at Pelling Primary", "IDENTITY_SCHOOL"),
        ("ring +44 7700 900417", "IDENTITY_PHONE"),
        ("ring (07700) 900-417", "IDENTITY_PHONE"),
        ("siobhan dot clarke at hvft dot nhs dot uk", "IDENTITY_EMAIL"),
        ("mail me at SIOBHAN.CLARKE@HVFT.NHS.UK", "IDENTITY_EMAIL"),
        ("anyone else at hvft.nhs.uk?", "IDENTITY_EMAIL_DOMAIN"),
        ("PIN 09X1234E renewed", "IDENTITY_OTHER"),
        ("Venkatesch is on call", "IDENTITY_COLLEAGUE"),  # a typo of a longer name
        ("Mbeki-Clark again", "IDENTITY_REAL_NAME"),  # typo of the double-barrelled surname's half
    ],
)
def test_variants_are_found(text: str, label: str) -> None:
    assert label in {h.label for h in MATCHER.find_hits(text)}, MATCHER.find_hits(text)


@pytest.mark.parametrize(
    "text",
    [
        "June is Pride Month",  # the month, not the daughter
        "see you on June 6th",
        "a detective named Callum in my book",  # fiction
        "the priya-ority list",  # lower-case, not a name
        "clarkes are a kind of bird? no",  # lower-case surname-like word
        "my number is 07700 900418",
        "Pellingham is further north",  # a longer word containing a place
        "the HVFTA conference",
        "General practice is hard",
        "spelling test today",
    ],
)
def test_near_misses_are_not_found(text: str) -> None:
    assert MATCHER.find_hits(text) == []


def test_labels_never_include_the_fact() -> None:
    hits = MATCHER.find_hits("Siobhan Clarke at Thornbury General")
    assert {h.label for h in hits} == {"IDENTITY_REAL_NAME", "IDENTITY_WORKPLACE"}
    assert all(h.confidence >= 0.9 for h in hits)
