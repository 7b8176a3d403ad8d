"""Namesakes and variants: a labelled set of invented people across countries, and one test per rule.

``tests/data/namesakes.jsonl`` holds connection cases (a caseload row, the user's places, and a
connection as a platform shows it, labelled same person or not) and identity cases (``[identity]``
facts and a post, labelled with the fact kind it reveals or none). The set test reports precision
and recall and holds them to a floor; the focused tests pin each rule.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from auditor.caseload import parse_caseload
from auditor.config import IdentityFacts
from auditor.detectors.identity import IdentityMatcher
from auditor.detectors.names import CaseloadMatcher
from auditor.detectors.names.commonness import holders_per_100m, share

DATA = Path(__file__).resolve().parents[1] / "data" / "namesakes.jsonl"
YEAR = 2026


def cases(kind: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["kind"] == kind]


@cache
def _matcher(row_json: str, places: tuple[str, ...]) -> CaseloadMatcher:
    row = json.loads(row_json)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["name", "aliases", "area", "birth_year"])
    writer.writerow([row["name"], row["aliases"], row["area"], row["birth_year"]])
    return CaseloadMatcher(parse_caseload(buf.getvalue(), "set", date(YEAR, 1, 1)), places)


def connection_flagged(case: dict[str, Any]) -> bool:
    matcher = _matcher(json.dumps(case["row"], sort_keys=True), tuple(case["places"]))
    found = matcher.match(case["display_name"], case["handle"], case["bio"], case["location"], YEAR)
    return bool(found) and not found[0].possible


@cache
def _identity(facts_json: str) -> IdentityMatcher:
    facts = json.loads(facts_json)
    return IdentityMatcher(IdentityFacts({k: tuple(v) for k, v in facts.items()}))


def identity_labels(case: dict[str, Any]) -> set[str]:
    matcher = _identity(json.dumps(case["facts"], sort_keys=True))
    return {h.label for h in matcher.find_hits(case["text"]) if h.confidence >= 0.5}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def test_labelled_set_is_large_and_spans_countries() -> None:
    everything = cases("connection") + cases("identity")
    assert len(everything) >= 300
    assert len({c["country"] for c in everything}) >= 10
    assert {c["match"] for c in cases("connection")} == {True, False}


def test_connections_precision_and_recall_on_the_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    tp = fp = fn = 0
    misses: list[str] = []
    for case in cases("connection"):
        flagged = connection_flagged(case)
        tp += flagged and case["match"]
        fp += flagged and not case["match"]
        fn += case["match"] and not flagged
        if flagged != case["match"]:
            misses.append(case["rule"])
    precision, recall = _prf(tp, fp, fn)
    with capsys.disabled():
        print(f"\nnamesake set, connections: P={precision:.3f} R={recall:.3f} (tp={tp} fp={fp} fn={fn}) "
              f"misses by rule: {sorted(set(misses))}")
    assert precision >= 0.85 and recall >= 0.80, (precision, recall, misses)


def test_identity_precision_and_recall_on_the_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    tp = fp = fn = 0
    misses: list[str] = []
    for case in cases("identity"):
        labels = identity_labels(case)
        expect = case["expect"]
        hit = expect in labels if expect else False
        tp += hit
        fn += bool(expect) and not hit
        fp += len(labels - {expect})
        if (expect and not hit) or (labels - {expect}):
            misses.append(case["rule"])
    precision, recall = _prf(tp, fp, fn)
    with capsys.disabled():
        print(f"\nnamesake set, identity: P={precision:.3f} R={recall:.3f} (tp={tp} fp={fp} fn={fn}) "
              f"misses by rule: {sorted(set(misses))}")
    assert precision >= 0.85 and recall >= 0.80, (precision, recall, misses)


# -- connections: one test per rule ---------------------------------------------------------

ROW = {"name": "Imogen Threlfall", "aliases": "", "area": "Eastbridge", "birth_year": 1992}


def flagged(display: str | None, handle: str | None = None, bio: str = "", location: str = "",
            row: dict[str, Any] | None = None) -> bool:
    return connection_flagged({"row": row or ROW, "places": ["Harrowmere"], "display_name": display,
                               "handle": handle, "bio": bio, "location": location})


def test_a_rare_name_alone_is_likely() -> None:
    assert flagged("Imogen Threlfall")


@pytest.mark.parametrize("display", ["Imogen Threlfall Plastering", "Imogen Threlfall Haulage",
                                     "Imogen Threlfall Motors", "Imogen Threlfall Solicitors",
                                     "Imogen Threlfall Photography", "Imogen Threlfall Trad",
                                     "Imogen Threlfall's Barbers", "Imogen Threlfall & the Pines"])
def test_a_name_with_a_business_word_is_a_business(display: str) -> None:
    assert not flagged(display)


@pytest.mark.parametrize("display", ["Dr Imogen Threlfall", "DS Imogen Threlfall", "PC Imogen Threlfall",
                                     "Cllr Imogen Threlfall", "Rev Imogen Threlfall", "Imogen Threlfall SW",
                                     "Imogen Threlfall RN", "Imogen Threlfall, PhD"])
def test_a_titled_professional_is_not_the_person(display: str) -> None:
    assert not flagged(display)


@pytest.mark.parametrize("display", ["Imogen Threlfall Fan Club", "Imogen Threlfall Daily",
                                     "Imogen Threlfall Updates", "Imogen Threlfall Tribute"])
def test_fan_and_tribute_pages_are_pages(display: str) -> None:
    assert not flagged(display)


@pytest.mark.parametrize("handle", ["imogen.threlfall.physio", "imogen.threlfall.design", "imogen.threlfall.runs",
                                    "imogen.threlfall.tv", "imogen.threlfall.melb", "imogen.threlfall.dxb",
                                    "imogen_threlfall_nyc", "imogen.threlfall.ro"])
def test_handle_suffix_of_a_trade_hobby_or_place_is_evidence(handle: str) -> None:
    assert flagged(None, "imogen.threlfall")
    assert not flagged(None, handle)


def test_a_place_suffix_that_abbreviates_a_local_place_is_not_elsewhere() -> None:
    row = {**ROW, "area": "Melbourne"}
    assert flagged(None, "imogen.threlfall.melb", row=row)


def test_a_double_barrelled_surname_is_not_one_half() -> None:
    assert not flagged("Imogen Threlfall-Hale")
    assert not flagged("Imogen Hale-Threlfall")
    row = {**ROW, "name": "Imogen Threlfall Hale"}
    assert flagged("Imogen Threlfall-Hale", row=row)  # both halves are the row's own name words


def test_a_trade_word_that_is_the_surname_is_the_name() -> None:
    row = {**ROW, "name": "Imogen Barber"}
    assert flagged("Imogen Barber", row=row)


def test_common_names_alone_are_verify_and_rare_ones_likely() -> None:
    assert holders_per_100m("Paul", "Robinson") >= 100 > holders_per_100m("Oliwia", "Woźniak")
    assert holders_per_100m("Wei", "Zhang") >= 100
    common = {**ROW, "name": "Paul Robinson"}
    assert not flagged("Paul Robinson", row=common)
    assert flagged("Paul Robinson", location="Eastbridge", row=common)  # corroborated: likely again
    assert flagged("Oliwia Woźniak", row={**ROW, "name": "Oliwia Woźniak"})


def test_frequency_tables_ship_with_their_source() -> None:
    from importlib import resources
    text = (resources.files("auditor.data") / "names" / "name_frequency.csv").read_text(encoding="utf-8")
    assert "1990 Census" in text and "public domain" in text
    assert share("surname", "Smith") > share("surname", "Threlfall")


# -- identity: one test per rule ------------------------------------------------------------

FACTS = IdentityFacts({
    "places": ("Kilbrannagh", "Kings Cross"),
    "employers": ("Westmore Metropolitan Borough Council", "BCC", "WMBC"),
    "workplaces": ("St Brigid's Community Nursing Unit", "Mount Eyrie Hospital"),
    "colleagues": ("Dave Pryce",),
    "family": ("Zara Quinlan",),
    "descriptors": ("the old mill office by the quay",),
})
IDENTITY = IdentityMatcher(FACTS)


def labels(text: str) -> set[str]:
    return {h.label for h in IDENTITY.find_hits(text) if h.confidence >= 0.5}


@pytest.mark.parametrize(("text", "label"), [
    ("the B.C.C. memo", "IDENTITY_EMPLOYER"),
    ("the W.M.B.C memo", "IDENTITY_EMPLOYER"),
    ("the W-M-B-C memo", "IDENTITY_EMPLOYER"),
    ("night shift at Saint Brigid's", "IDENTITY_WORKPLACE"),
    ("night shift at St Brigid's", "IDENTITY_WORKPLACE"),
    ("retrieval from Mt Eyrie", "IDENTITY_WORKPLACE"),
    ("meet me at Kings X", "IDENTITY_PLACE"),
    ("back in kilbrannagh", "IDENTITY_PLACE"),
    ("Kilbranagh Tidy Towns won", "IDENTITY_PLACE"),
    ("another Westmore council meeting", "IDENTITY_EMPLOYER"),
    ("in the old mill office today", "IDENTITY_DESCRIPTOR"),
    ("Zara lost a tooth", "IDENTITY_FAMILY"),
    ("Pryce said no", "IDENTITY_COLLEAGUE"),
])
def test_identity_variants_are_found(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize("text", [
    "Zara Larsson on the radio",            # a family first name before another surname
    "holiday in Kilbrannagh, Oregon",       # a place followed by another country
    "a loaf from Pryce's.",                 # a colleague's surname as a shop
    "Peter Pryce wrote a good book",        # a surname after another first name
    "please bcc the manager",               # an everyday abbreviation in lower case
    "a character called Pryce",             # someone else, named
    "spelling test today",                  # lower case near-miss of a place, another first letter
])
def test_identity_namesakes_are_not_flagged(text: str) -> None:
    assert labels(text) == set()


def test_a_handle_with_a_doubled_last_letter_still_matches() -> None:
    assert flagged(None, "imogenthrelfalll")
    assert flagged(None, "imogen.threlfalll")
