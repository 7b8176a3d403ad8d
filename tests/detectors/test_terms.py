"""Term packs: one trie regex per matcher, packs per role and jurisdiction, pattern expansion."""

from __future__ import annotations

import re

import pytest

from auditor.detectors.expand import expand
from auditor.detectors.terms import TermMatcher, TermPack, load_sectioned, matcher, packs_for


def _labels(found: list[tuple[int, int, str]]) -> set[str]:
    return {label for _, _, label in found}


def test_terms_match_folded_spaced_hyphenated_and_hashtag_forms() -> None:
    m = TermMatcher([TermPack("t", "WORK", ("home visit", "Down's syndrome", "self-harm"), ())])
    for text in ("HOME VISIT", "home-visit", "#HomeVisit today", "home_visit", "Downs syndrome", "self harm",
                 "Down’s Syndrome"):
        assert _labels(m.find(text)) == {"WORK"}, text
    for text in ("homevisitor", "my home visits"[3:-1] + "x"):
        assert m.find(text) == [], text


def test_offsets_are_in_the_original_text() -> None:
    text = "Renée's home visit"
    ((start, end, label),) = TermMatcher([TermPack("t", "WORK", ("home visit",), ())]).find(text)
    assert text[start:end] == "home visit" and label == "WORK"


def test_a_pattern_starting_at_a_term_is_not_lost() -> None:
    packs = [TermPack("a", "TARGET", ("client",), ()),
             TermPack("b", "BOUNDARY", (), (r"\bclient(?:'s)? \w+ added me\b",))]
    assert _labels(TermMatcher(packs).find("a client's mum added me")) == {"TARGET", "BOUNDARY"}


def test_cased_patterns_need_capitals() -> None:
    m = TermMatcher([TermPack("n", "NAME", (), ("(?-i:\\b(?:Mr|Mrs)\\.? [A-Z][a-z]+)",))])
    assert _labels(m.find("saw Mrs. Đặng today")) == {"NAME"}
    assert m.find("mrs. dang") == []


def test_one_compiled_pass_not_a_loop_over_terms() -> None:
    m = matcher("conditions", "ages", "events")
    compiled = [v for v in vars(m).values() if isinstance(v, re.Pattern)]
    assert 1 <= len(compiled) <= 3  # trie, folded patterns, cased patterns: independent of the number of terms


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"\bone of my (?:kiddos?|clients)\b", ["one of my kiddo", "one of my kiddos", "one of my clients"]),
        (r"\b(?:a|the) (?:mom|mum) i (?:work|worked) with\b", None),  # 8 strings, checked by count below
        (r"\bmy \w+ client\b", None),
        (r"\d+ days\b", None),
    ],
)
def test_expand(pattern: str, strings: list[str] | None) -> None:
    result = expand(pattern)
    if "\\w" in pattern or not pattern.startswith("\\b"):
        assert result is None
    elif strings is None:
        assert result is not None and len(result) == 8
    else:
        assert sorted(result or []) == sorted(strings)


def test_role_and_jurisdiction_packs_are_selected_by_profile() -> None:
    nurse_uk = {p.name for p in packs_for(["WORK_CONTEXT"], "nurse", "uk")}
    assert "roles/nursing.toml#WORK_CONTEXT" in nurse_uk and "jurisdictions/uk.toml#WORK_CONTEXT" in nurse_uk
    assert not any("teaching" in n or "us.toml" in n for n in nurse_uk)
    generic = {p.name for p in packs_for(["WORK_CONTEXT"])}
    assert {"roles/teaching.toml#WORK_CONTEXT", "jurisdictions/us.toml#WORK_CONTEXT"} <= generic


def test_every_pack_file_compiles() -> None:
    from importlib import resources

    root = resources.files("auditor") / "data" / "terms"
    for sub in ("roles", "jurisdictions"):
        for entry in (root / sub).iterdir():
            packs = load_sectioned(f"{sub}/{entry.name}")
            assert packs, entry.name
            TermMatcher(list(packs))
