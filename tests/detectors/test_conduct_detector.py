"""Conduct rules: each kind, with positives and near misses."""

from __future__ import annotations

import pytest

from auditor.detectors.conduct import ConductDetector

DETECTOR = ConductDetector()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my coworker is a f***ing idiot", "disparaging"),
        ("Management couldn't organise a piss-up in a brewery. Clowns. Actual clowns.", "disparaging"),
        ("another frequent flyer in at 4am", "disparaging"),
        ("some of these parents deserve to lose their kids", "disparaging"),
        ("the illegals clogging up our waitlist", "discriminatory"),
        ("the Somali families never show up on time", "discriminatory"),
        ("folks from the rez just don't value their time", "discriminatory"),
        ("Got a friend request from a former client's mom. Accepted it.", "boundary"),
        ("gave one of my guys my personal cell", "boundary"),
        ("accepted a $200 gift card from a family at christmas", "boundary"),
        ("A patient's daughter added me on Facebook", "boundary"),
        ("ran my 8am group hungover as hell", "substance"),
        ("two mimosas at brunch before my 1pm telehealth block", "substance"),
        ("Drank a bottle of wine before my night shift", "substance"),
        ("that man is GUILTY, watching the murder trial livestream", "court"),
        ("custody trial on the news: the judge is corrupt", "court"),
    ],
)
def test_conduct_is_found(text: str, kind: str) -> None:
    assert kind in {h.kind for h in DETECTOR.assess(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I'm such an idiot, left my keys at home again",
        "Clients deserve better funding. The cuts are stupid.",
        "Wine with friends on Saturday night",
        "Home visit today, mum was drunk again",  # someone else's drinking is a case detail, not conduct
        "a glass of wine after my shift, well earned",
        "super bowl party tip: if someone's had too much, water and wings",
        "Our local CASA program needs volunteers! Court appointed special advocates change lives",
        "court today! ...tennis court",
        "Eastern European fusion night at the staff social",
        "we are not all baby snatchers, we are mostly tired women with lanyards",
        "Kids these days don't know how to use a library catalogue",
    ],
)
def test_near_misses_are_clean(text: str) -> None:
    assert DETECTOR.assess(text) == []
