"""The normalised views: folding for matching, offsets back to the original text."""

from __future__ import annotations

import pytest

from auditor.detectors.text import NormText, fold, split_camel


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Renée Addo", "renee addo"),
        ("Mrs. Đặng", "mrs. dang"),
        ("Łukasz Żurawski", "lukasz zurawski"),
        ("ＷＣＣ team", "wcc team"),  # full-width letters (NFKC)
        ("Straße", "strasse"),
        ("cafe\u0301 visit", "cafe visit"),  # a combining accent (NFD input)
        ("St Mary’s", "st mary's"),
        ("wexford_county_council", "wexford county council"),
        ("ﬁle", "file"),  # ligature
    ],
)
def test_folding(original: str, folded: str) -> None:
    assert NormText(original).folded == folded
    assert fold(original) == folded


@pytest.mark.parametrize(
    ("original", "needle", "expected"),
    [
        ("Straße visit to Renée", "renee", "Renée"),
        ("cafe\u0301 with Renée", "renee", "Renée"),
        ("ﬁne day, Dr Łukasz", "lukasz", "Łukasz"),
        ("💛 emoji then Mrs. Đặng 💛", "dang", "Đặng"),
    ],
)
def test_offsets_map_back_to_the_original(original: str, needle: str, expected: str) -> None:
    norm = NormText(original)
    start = norm.folded.index(needle)
    s, e = norm.span(start, start + len(needle))
    assert original[s:e] == expected


def test_ascii_fast_path_has_no_offset_map() -> None:
    norm = NormText("Plain ASCII post")
    assert norm.view.offsets is None and norm.span(6, 11) == (6, 11)


@pytest.mark.parametrize(
    ("word", "parts"),
    [("WexfordCountyCouncil", ["Wexford", "County", "Council"]), ("WCC2024", ["WCC", "2024"]),
     ("MyCaseloadToday", ["My", "Caseload", "Today"]), ("NHSTrust", ["NHS", "Trust"]), ("lower", ["lower"])],
)
def test_split_camel(word: str, parts: list[str]) -> None:
    assert split_camel(word) == parts


def test_camel_hashtag_gets_a_split_view_with_original_offsets() -> None:
    text = "so proud #MyCaseloadToday"
    (view,) = NormText(text).extra_views
    assert view.text == "my caseload today"
    start = view.text.index("caseload")
    s, e = view.to_original(start, start + len("caseload"))
    assert text[s:e] == "Caseload"


def test_hashtags_mentions_urls_emoji() -> None:
    norm = NormText("Hi @frontline_fern see https://example.org/x #SocialWork 🎉🎉 and #nhs")
    assert norm.hashtags == ("SocialWork", "nhs")
    assert norm.mentions == ("frontline_fern",)
    assert norm.urls == ("https://example.org/x",)
    assert norm.emoji == ("🎉🎉",)
