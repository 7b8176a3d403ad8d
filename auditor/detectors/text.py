"""Normalised views of a post for matching, with offsets that map back to the original text.

Matching needs text that is folded (``Renée`` = ``renee``, ``ＷＣＣ`` = ``wcc``, ``Đặng`` =
``dang``), while evidence must quote the user's own words at the right place. :class:`NormText`
keeps both: ``folded`` (compatibility-decomposed, diacritics stripped, case-folded, ``_`` read
as a space) and ``cased`` (the same but keeping case, for patterns such as "Mr" + a capitalised
word), plus a map from each folded position to the original one.

Most posts are ASCII, so the fast path is ``str.lower`` with no map at all; other text goes
through ``str.translate`` with a per-character fold table that fills itself lazily, and a map
is built only when a character folds to more or fewer than one character (``ß`` → ``ss``, a
combining accent → nothing). CamelCase hashtags and mentions (``#WexfordCountyCouncil``) get an
extra split view (``wexford county council``) so single-word terms inside them are found too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from typing import NamedTuple

Span = tuple[int, int]

# Letters that NFKD does not decompose but that people fold when typing without the key: the one
# table of them, also used by the name matcher (auditor/detectors/names/fold.py), so that "Łukasz"
# folds to "lukasz" everywhere.
LETTER_FOLDS = {
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ı": "i", "ħ": "h", "Ħ": "H",
}
_SPECIAL = {
    **LETTER_FOLDS,
    "‘": "'", "’": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "_": " ",
}


class _FoldTable(dict[int, str]):
    """``str.translate`` table that computes (and remembers) each character's fold on first sight."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()  # characters whose fold is not exactly one character

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _SPECIAL.get(char)
        if folded is None:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(_SPECIAL.get(c, c) for c in decomposed if not unicodedata.combining(c))
            if unicodedata.category(char) in ("Cf",) and char not in "\u200d":
                folded = ""  # soft hyphens, zero-width spaces: invisible, and they split words
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The folded form of a term or fact, exactly as :class:`NormText` folds posts."""
    return text.translate(_TABLE).lower() if not text.isascii() else text.replace("_", " ").lower()


def fold_cased(text: str) -> str:
    """Like :func:`fold` but keeping case, for names that must be capitalised to count."""
    return text.translate(_TABLE) if not text.isascii() else text.replace("_", " ")


_CAMEL_TAG = re.compile(r"[#@]\w*?[a-z][A-Z]\w*")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@(\w+(?:\.\w+)*)")
URL = re.compile(r"\bhttps?://[^\s<>\"']+|\bwww\.[^\s<>\"']+", re.IGNORECASE)
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d\U0001f3fb-\U0001f3ff]+"
)


def split_camel(word: str) -> list[str]:
    """``WexfordCountyCouncil`` → ``["Wexford", "County", "Council"]``; ``WCC2024`` → ``["WCC", "2024"]``."""
    return [part for part in _CAMEL_BOUNDARY.split(word) if part]


class View(NamedTuple):
    """A folded text to match against, and how to get back to original offsets.

    A named tuple rather than a frozen dataclass: several are made per post, and a tuple is
    the cheapest immutable record Python has.
    """

    text: str
    offsets: tuple[int, ...] | None  # original index of each view index (+ one past the end); None = identity
    base: int = 0  # original offset of view position 0 when offsets is None

    def to_original(self, start: int, end: int) -> Span:
        if self.offsets is None:
            return start + self.base, end + self.base
        return self.offsets[start], (self.offsets[end - 1] + 1) if end > start else self.offsets[start]


class NormText:
    """A post's text with its folded views. Build once per post; every detector shares it."""

    __slots__ = ("__dict__", "cased", "cased_view", "filter_text", "folded", "original", "view", "views")

    def __init__(self, original: str) -> None:
        self.original = original
        if original.isascii():
            self.cased = original.replace("_", " ") if "_" in original else original
            offsets = None
        else:
            self.cased = original.translate(_TABLE)
            offsets = None if _TABLE.irregular.isdisjoint(original) else _offsets(original)
        self.folded = self.cased.lower()
        self.view = View(self.folded, offsets)
        self.cased_view = View(self.cased, offsets)  # folding case keeps lengths, so the same offsets
        # every detector scans these, so they are made here rather than lazily (cached_property locks in 3.11)
        if "#" in original or "@" in original:
            self.views: tuple[View, ...] = (self.view, *self.extra_views)
            self.filter_text = "\x00".join([*(v.text for v in self.views), self.cased])
        else:
            self.views = (self.view,)
            self.filter_text = self.folded + "\x00" + self.cased  # what the RE2 prefilters scan, once

    def span(self, start: int, end: int) -> Span:
        """Original offsets of a span of ``folded``/``cased``."""
        return self.view.to_original(start, end)

    @cached_property
    def extra_views(self) -> tuple[View, ...]:
        """Split views of CamelCase hashtags and mentions, e.g. ``#MyCaseloadToday`` → ``my caseload today``."""
        if "#" not in self.original and "@" not in self.original:
            return ()
        views = []
        for match in _CAMEL_TAG.finditer(self.original):
            parts: list[str] = []
            offsets: list[int] = []
            pos = match.start() + 1
            for part in split_camel(match.group()[1:]):
                if parts:
                    parts.append(" ")
                    offsets.append(pos)
                parts.append(part)
                offsets.extend(range(pos, pos + len(part)))
                pos += len(part)
            offsets.append(pos)
            text = fold("".join(parts))
            if len(text) == len(offsets) - 1:
                views.append(View(text, tuple(offsets)))
        return tuple(views)

    @cached_property
    def hashtags(self) -> tuple[str, ...]:
        return tuple(m.group(1) for m in HASHTAG.finditer(self.original))

    @cached_property
    def mentions(self) -> tuple[str, ...]:
        return tuple(m.group(1) for m in MENTION.finditer(self.original))

    @cached_property
    def urls(self) -> tuple[str, ...]:
        return tuple(m.group() for m in URL.finditer(self.original))

    @cached_property
    def emoji(self) -> tuple[str, ...]:
        return tuple(m.group() for m in EMOJI.finditer(self.original))


def _offsets(original: str) -> tuple[int, ...]:
    out: list[int] = []
    for i, char in enumerate(original):
        out.extend([i] * len(_TABLE[ord(char)]))
    out.append(len(original))
    return tuple(out)


def normalise(text: str | NormText) -> NormText:
    return text if isinstance(text, NormText) else NormText(text)
