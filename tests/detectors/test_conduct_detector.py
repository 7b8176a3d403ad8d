"""Conduct rules: each kind, with positives and near misses."""

from __future__ import annotations

import pytest

from auditor.detectors.conduct import ConductDetector

DETECTOR = ConductDetector()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my colleague is a f***ing idiot", "disparaging"),
        ("Management couldn't plan a fire drill. Clowns. Total clowns.", "disparaging"),
        ("another frequent flyer in at 4am", "disparaging"),
        ("a few of these dads deserve to lose custody", "disparaging"),
        ("the illegals hogging all our appointments", "discriminatory"),
        ("the Somali families are always late to everything", "discriminatory"),
        ("people from the reservation never respect appointments", "discriminatory"),
        ("Friend request from my ex-patient's wife. Accepted, obviously.", "boundary"),
        ("texted one of my clients my personal number", "boundary"),
        ("kept a £40 voucher from a patient after discharge", "boundary"),
        ("A patient's daughter added me on Facebook", "boundary"),
        ("ran my 10am session still hungover", "substance"),
        ("a couple of pints at lunch before my 2pm clinic", "substance"),
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
        "bonfire night tip: if a mate's had too many, water and chips",
        "Our county CASA office is recruiting! Court appointed special advocates matter",
        "court today! ...tennis court",
        "Eastern European fusion night at the staff social",
        "social workers aren't baby snatchers, we're mostly exhausted people with laptops",
        "Kids these days don't know how to use a library catalogue",
    ],
)
def test_near_misses_are_clean(text: str) -> None:
    assert DETECTOR.assess(text) == []
