"""The RE2 prefilter may only ever say "maybe": whatever Python's ``re`` finds, the filter lets through.

These tests check that promise where it could break (translating Python patterns into RE2,
Unicode digits and spaces, lookarounds, a broken set, text RE2 cannot take) and that a
filtered matcher finds exactly what the unfiltered one finds over the labelled posts.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from auditor.detectors import identifiers
from auditor.detectors.conduct import ConductDetector
from auditor.detectors.confidentiality import ConfidentialityDetector
from auditor.detectors.identity import IdentityMatcher, near_miss_regex
from auditor.detectors.prefilter import MAX_TEXT, PatternFilter, to_re2
from auditor.detectors.terms import TermMatcher
from auditor.detectors.text import NormText
from tests.conftest import IDENTITY

HERE = Path(__file__).parent
TEXTS = [
    "Visit this morning, little J (6) showed me his drawing of the flat in Eastfield",
    "my patient's NHS number 943 476 5919 was on the whiteboard",
    "Girl on my caseload (14, Ferris Twp) got a scholarship!! #ProudSocialWorker @WexfordCC",
    "These parents are idiots honestly. Clowns.",
    "hungover at work lol, my 8am group will be fun",
    "Ｓｅｓｓｉｏｎ ｗ／ Renée at the Café — she is ٣ years clean",  # full-width, accents, Arabic-Indic digit
    "Meeting\u00a0with\u2003a mum of\u2009four on the Hollins\u00a0estate",  # Unicode spaces
    "", "a", "12/03", "MR. SMITH (7)", "year 10s were awful",
]


def corpus_texts() -> list[str]:
    texts = list(TEXTS)
    for path in sorted(HERE.glob("heldout_*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def all_matchers() -> list[TermMatcher]:
    out = []
    for role, jurisdiction in (("social_worker", "uk"), ("teacher", "us"), ("generic", "generic")):
        conf = ConfidentialityDetector(role, jurisdiction, places=("Eastfield",))
        out += [conf._context, conf._details, ConductDetector(role, jurisdiction)._matcher]
    return out


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\b\d{1,2} ?yo\b", "she is ٣yo"),  # \d also matches other scripts' digits
        (r"mum\s+of", "mum\u2003of"),  # \s also matches Unicode spaces
        (r"\bcafé\b", "café"),
        (r"(?<!\w)caf\w", "café"),
        (r"(?-i:\bMr\.? [A-Z]\w+)", "Mr Oñate"),
        (r"[^a-z]{3}x", "ÉÉÉx"),
        (r"\bon (?!(?:Monday)\b)[A-Z][a-z]+", "on Tuesday"),
        (r"x{2,1200}", "x" * 1100),  # RE2 caps repeats at 1000: the translation widens, never narrows
        (r"(?i:okafor)", "OKAFOR"),
        (r"a.b", "a\u00e9b"),
        # word boundaries: RE2's \b is ASCII-only, so it is kept only beside a certain ASCII word character
        (r"(?<!\w)od(?!\w)", "an od."),
        (r"\bab(?:c)?\b", "abc"),
        (r"(?<!\w)(?:#tag|x)\b", "é #tag"),
        (r"\b(?:é|x)y\b", "éy"),
        (r"\bcafé\b", "un café!"),
        (r"\bx\b", "·x·"),
    ],
)
def test_translation_matches_wherever_python_does(pattern: str, text: str) -> None:
    assert re.search(pattern, text)
    assert PatternFilter([pattern]).candidates(text) == 1, to_re2(pattern)


def test_word_boundaries_keep_the_filter_selective() -> None:
    flt = PatternFilter([r"(?<!\w)od(?!\w)", r"\bmy (?:client|patient)s?\b"])
    assert flt.candidates("a good day, my clientele") == 0  # "od" inside "good" is not the word "od"
    assert flt.candidates("an od, my clients") == 0b11


def test_translation_of_every_pack_pattern_matches_wherever_python_does() -> None:
    texts = corpus_texts()
    checked = 0
    for m in all_matchers():
        patterns = ([m._trie.pattern] if m._trie is not None else [])
        patterns += [("(?-i:" + body + ")") if cased else (r"\b" + body if word_start else body)
                     for cased, word_start, _, body in m._patterns]
        flt = PatternFilter(patterns)
        for text in texts:
            norm = NormText(text)
            mask = flt.candidates(norm.filter_text)
            for i, pattern in enumerate(patterns):
                if any(re.search(pattern, t) for t in (*(v.text for v in norm.views), norm.cased)):
                    checked += 1
                    assert mask >> i & 1, (pattern[:80], text)
    assert checked > 100  # the corpus exercises the packs, so the assertion above ran many times


def combined_find(m: TermMatcher, text: str) -> list[tuple[int, int, str]]:
    """The reference: every pattern of a lane in ONE alternation (as the packs define the order), no filter."""
    norm = NormText(text)
    found = []
    if m._trie is not None:
        for view in norm.views:
            found += m._scan_trie(view)
    for cased in (False, True):
        by_start: dict[bool, dict[str, list[str]]] = {}
        for pattern_cased, word_start, label, body in m._patterns:
            if pattern_cased == cased:
                by_start.setdefault(word_start, {}).setdefault(label, []).append(body)
        labels: dict[str, str] = {}
        parts = []
        for word_start, by_label in sorted(by_start.items()):
            groups = []
            for label, bodies in by_label.items():
                labels[f"g{len(labels)}"] = label
                groups.append(f"(?P<g{len(labels) - 1}>" + "|".join(f"(?:{b})" for b in bodies) + ")")
            parts += [r"\b(?:" + "|".join(groups) + ")"] if word_start else groups
        if not parts:
            continue
        regex = re.compile("|".join(parts))
        for view in (norm.cased_view,) if cased else norm.views:
            for match in regex.finditer(view.text):
                if match.end() > match.start():
                    found.append((*view.to_original(*match.span()), labels[match.lastgroup or ""]))
    return sorted(set(found))


def test_filtered_matchers_find_exactly_what_one_combined_regex_finds() -> None:
    texts = corpus_texts()
    total = 0
    for m in all_matchers():
        for text in texts:
            found = m.find(NormText(text))
            assert found == combined_find(m, text), text
            total += len(found)
    assert total > 100


def test_no_pack_pattern_can_match_the_empty_string() -> None:
    parse = importlib.import_module("re._parser").parse
    for m in all_matchers():
        for _, _, label, body in m._patterns:
            assert parse(body).getwidth()[0] > 0, (label, body)


def test_a_pattern_re2_cannot_take_always_runs() -> None:
    flt = PatternFilter([r"(a)\1", r"zzz"])  # a back-reference has no RE2 form
    assert flt.candidates("nothing here") == 0b01
    assert flt.candidates("aa zzz") == 0b11


def test_text_re2_cannot_encode_or_too_long_text_runs_everything() -> None:
    flt = PatternFilter([r"zzz", r"yyy"])
    assert flt.candidates("broken export \ud83d") == 0b11  # a lone surrogate cannot be UTF-8
    assert flt.candidates("q" * (MAX_TEXT + 1)) == 0b11
    assert flt.candidates("q" * 100) == 0


def test_a_result_without_the_sentinel_means_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    flt = PatternFilter([r"zzz", r"yyy"])
    monkeypatch.setattr(flt, "_set", type("Failed", (), {"Match": staticmethod(lambda _text: None)})())
    assert flt.candidates("anything") == 0b11  # RE2 gave up (out of memory): no shortcut


@pytest.mark.parametrize("typo", ["okafr", "okafor", "okafoor", "okfaor", "okafer", "xokafor"])
def test_near_miss_regex_covers_every_one_edit_variant(typo: str) -> None:
    assert re.search(near_miss_regex(["okafor"]), typo.capitalize())


def test_identity_and_identifier_prefilters_keep_every_hit() -> None:
    matcher = IdentityMatcher(IDENTITY)
    posts = ["Harriet Okafr at the Ashby Civic Centre", "call 07700 900123", "h dot okafor at example dot org",
             "#WexfordCountyCouncil rocks", "nothing to see"]
    assert [len(matcher.find(p)) > 0 for p in posts] == [True, True, True, True, False]
    assert identifiers.find("NHS 943 476 5919") and not identifiers.find("NHS 943 476 5918")
