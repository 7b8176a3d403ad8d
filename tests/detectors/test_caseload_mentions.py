"""Caseload people named in posts: the forms people use, and the namesakes that are someone else."""

from __future__ import annotations

import pytest

from auditor.caseload import parse_caseload
from auditor.detectors.caseload_mentions import CaseloadMentions, kinds

CASELOAD = parse_caseload(
    "name,aliases,area,birth_year\n"
    "Kayden Price,Kayd,Northgate,2014\n"
    "Oluwaseun Adeyemi,Seun; Seun Adeyemi,Riverside,1990\n"
    "Maisie-Rose Fairbairn,,Northgate,2019\n"
    "Grace Hollins,,Eastfield,2010\n"
)
FIND = CaseloadMentions(CASELOAD)


@pytest.mark.parametrize(("text", "kind"), [
    ("so proud of kayden price today, he read a whole page", "FULL"),
    ("Seun Adeyemi finally got his papers", "FULL"),
    ("Kayd was on top form at contact", "NICK"),
    ("the Price kids were in the office again", "FAMILY"),
    ("Fairbairn dad turned up late", "FAMILY"),
    ("Mrs Hollins rang the duty line", "FAMILY"),
    ("the Prices have moved again", "FAMILY"),
    ("Kayden smashed his reading test", "FIRST"),
])
def test_the_forms_a_caseload_name_takes_in_a_post(text: str, kind: str) -> None:
    found = FIND.find(text)
    assert kind in kinds(found)
    start, end = found[0].start, found[0].end
    assert text[start:end].strip()


@pytest.mark.parametrize("text", [
    "Kayden Jones scored twice on Saturday",       # another surname after the first name: someone else
    "Dr Price was brilliant in clinic",             # a professional title
    "by the grace of god the printer works",        # a name used as an ordinary word
    "price of petrol is a scandal",                 # surname as an ordinary word
    "nothing here about anyone",
])
def test_namesakes_and_ordinary_words_are_not_mentions(text: str) -> None:
    assert not {"FULL", "FIRST", "FAMILY", "NICK"} & set(kinds(FIND.find(text)))


def test_no_caseload_finds_nothing_and_repr_hides_names() -> None:
    assert CaseloadMentions(None).find("Kayden Price") == []
    assert "Kayden" not in repr(FIND.find("Kayden Price"))
