"""Evidence beyond the name: does the rest of a connection's profile fit the caseload row?

A same-name stranger is the main source of false matches, so the name alone never decides.
What raises confidence: the row's area named in the location or bio, the birth year in the
handle, an age in the bio that fits. What lowers it: an age or life stage that does not fit,
a location that is none of the user's places, and signs the account is a business, a public
figure, a fan page or a professional with post-nominals. Vocabulary and weights are data
(``auditor/data/names/matching.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from auditor.detectors.names.fold import fold, strip_decoration
from auditor.detectors.names.parse import Part

_TOKEN = re.compile(r"[^\W_]+")
_SEGMENT = re.compile(r"[^|•·,;/\n]+")
_AGE_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s*(?:yo|y/o|y\.o\.|yrs? old|years? old)\b|\bage[d]?\s+(\d{1,2})\b",
                        re.IGNORECASE)
_CLASS_OF = re.compile(r"\bclass of\s+(?:'|’)?(\d{2}|\d{4})\b", re.IGNORECASE)


@cache
def settings() -> dict[str, Any]:
    text = (resources.files("auditor.data") / "names" / "matching.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def weight(name: str) -> float:
    return float(settings()["weights"][name])


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of corroborating (weight > 0) or contrary (weight < 0) evidence, with its place."""

    reason: str  # shown to the user; never contains caseload text
    weight: float
    field: str
    start: int
    end: int
    kind: str = ""  # account-kind markers: "display", "handle", "place" or "bio" (one of each per match)
    word: str = ""  # for a place marker, the folded place code


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        if folded := fold(m.group()):
            out.append(Token(folded, m.start(), m.end()))
    return out


@cache
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(phrase))


def find_phrase(haystack: Sequence[Token], phrase: Sequence[str]) -> tuple[int, int] | None:
    """Span of the first run of ``haystack`` tokens equal to ``phrase``, or None."""
    n = len(phrase)
    if not n or not any(t.text == phrase[0] for t in haystack):
        return None
    for i in range(len(haystack) - n + 1):
        if all(haystack[i + k].text == phrase[k] for k in range(n)):
            return haystack[i].start, haystack[i + n - 1].end
    return None


def area_phrases(area: str) -> list[tuple[str, ...]]:
    """An area as token phrases: "Hollis Township" → ("hollis", "township"), ("hollis",)."""
    words = phrase_tokens(area)
    generic = set(settings()["areas"]["generic"])
    core = tuple(w for w in words if w not in generic)
    return [p for p in dict.fromkeys([words, core]) if p]


@cache
def place_phrases(places: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Local places as phrases, plus initials of multi-word places ("Kestrel Falls" → "kf")."""
    out: dict[tuple[str, ...], None] = {}
    for place in places:
        for phrase in area_phrases(place):
            out[phrase] = None
        words = phrase_tokens(place)
        if len(words) >= 2:
            out[("".join(w[0] for w in words),)] = None
    return list(out)


@dataclass(frozen=True)
class Profile:
    """The non-name parts of a connection, tokenised once per connection."""

    bio: str
    location: str
    display_name: str
    handle: str
    bio_tokens: tuple[Token, ...]
    location_tokens: tuple[Token, ...]
    display_tokens: tuple[Token, ...]

    @classmethod
    def of(cls, bio: str, location: str, display_name: str, handle: str) -> Profile:
        return cls(bio, location, display_name, handle, tuple(tokens(bio)), tuple(tokens(location)),
                   tuple(tokens(display_name)))


def area_signal(profile: Profile, phrases: list[tuple[str, ...]]) -> Signal | None:
    for field, toks in (("location", profile.location_tokens), ("bio", profile.bio_tokens)):
        for phrase in phrases:
            if span := find_phrase(toks, phrase):
                return Signal(f"area named in {field}", weight("area"), field, *span)
    return None


def place_signal(profile: Profile, local: list[tuple[str, ...]]) -> Signal | None:
    """+ when the location or bio names one of the user's places; − when the location names elsewhere."""
    for field, toks in (("location", profile.location_tokens), ("bio", profile.bio_tokens)):
        for phrase in local:
            if span := find_phrase(toks, phrase):
                return Signal(f"local place in {field}", weight("local_place"), field, *span)
    if not local or not profile.location_tokens:
        return None
    text = " ".join(t.text for t in profile.location_tokens)
    if text in settings()["locations"]["vague"]:
        return None
    first, last = profile.location_tokens[0], profile.location_tokens[-1]
    return Signal("location is elsewhere", weight("elsewhere"), "location", first.start, last.end)


def ages(bio: str) -> list[tuple[int, int, int, int]]:
    """(min age, max age, start, end) for each age statement in a bio: "| 22 |", "40s", "60+", "17 yo"."""
    found = []
    for seg in _SEGMENT.finditer(bio):
        clean = strip_decoration(seg.group()).strip()
        offset = seg.start() + seg.group().find(clean[:1]) if clean else seg.start()
        if m := re.fullmatch(r"(\d{1,2})", clean):
            age = int(m.group(1))
            if 10 <= age <= 99:
                found.append((age, age, offset, offset + len(clean)))
        elif m := re.fullmatch(r"(\d)0s", clean):
            age = int(m.group(1)) * 10
            found.append((age, age + 9, offset, offset + len(clean)))
        elif m := re.fullmatch(r"(\d{2})\s*\+", clean):
            found.append((int(m.group(1)), 120, offset, offset + len(clean)))
    for m in _AGE_WORDS.finditer(bio):
        age = int(m.group(1) or m.group(2))
        found.append((age, age, m.start(), m.end()))
    for m in _CLASS_OF.finditer(bio):
        year = int(m.group(1))
        year = year if year >= 100 else 2000 + year if year < 50 else 1900 + year
        found.append((-year, 0, m.start(), m.end()))  # graduation year, resolved in age_signals
    return found


def age_signals(profile: Profile, birth_year: int, year: int) -> list[Signal]:
    tol = int(settings()["age"]["tolerance"])
    age = year - birth_year
    out = []
    for low, high, start, end in ages(profile.bio):
        if low < 0:  # class of YYYY: school (~18) or college (~22) graduation
            grad = -low
            if grad - 24 <= birth_year <= grad - 16:
                continue  # too loose to corroborate; only a clear misfit counts
            fits = False
        else:
            fits = low - tol <= age <= high + tol
        if fits:
            out.append(Signal("age in bio fits", weight("age_fits"), "bio", start, end))
        else:
            out.append(Signal("age in bio does not fit", weight("age_contradicts"), "bio", start, end))
    stages: dict[str, list[int]] = settings()["life_stages"]
    for phrase, (low, high) in stages.items():
        if span := find_phrase(profile.bio_tokens, phrase_tokens(phrase)):
            if low <= age <= high:
                out.append(Signal("life stage fits", weight("life_stage_fits"), "bio", *span))
            else:
                out.append(Signal("life stage does not fit", weight("age_contradicts"), "bio", *span))
    return out


def year_signals(numbers: Iterable[Part], birth_year: int, year: int) -> list[Signal]:
    out = []
    for number in numbers:
        digits = number.text
        if len(digits) == 4 and year - 100 <= int(digits) <= year - 8:
            if abs(int(digits) - birth_year) <= 1:
                reason, w = f"birth year in {_field(number.field)}", weight("birth_year_4")
            else:
                reason, w = f"a different year in {_field(number.field)}", weight("age_contradicts")
            out.append(Signal(reason, w, number.field, number.start, number.end))
        elif len(digits) == 2 and number.field == "handle" and int(digits) == birth_year % 100:
            out.append(Signal("birth year in handle", weight("birth_year_2"), number.field, number.start,
                              number.end))
    return out


_TOGETHER = re.compile(r"(?:&|\+|\band\b)\s+(?:the|his|her|their|co|sons?|daughters?|friends|family|partners?)\b"
                       r"|\b(?:tribute|fan\s*club|fan\s*page)\b", re.IGNORECASE)
_POSSESSIVE_BUSINESS = re.compile(r"[^\W\d_]['’]s\s+[^\W\d_]{3,}")


def marker_signals(profile: Profile, handle_parts: Iterable[Part]) -> list[Signal]:
    """Every sign that the account is a business, a page, a public figure or a titled professional.

    Candidates, not verdicts: the matcher drops those that overlap the matched name (a surname
    Baker is not a bakery) and keeps at most one per kind.
    """
    markers = settings()["markers"]
    out = []
    display = profile.display_tokens
    if len(display) >= 3 and display[0].text in set(markers["titles"]):
        out.append(Signal("display name has a professional title", weight("public_marker"), "display_name",
                          display[0].start, display[0].end, "display"))
    for word in markers["credentials"]:
        span = find_phrase(display[1:], phrase_tokens(word))  # never the first word: that is a name
        written = profile.display_name[span[0]:span[1]] if span else ""
        if span and (written != written.lower() or profile.display_name[:span[0]].rstrip().endswith(",")):
            out.append(Signal("display name has post-nominals or a practitioner suffix", weight("public_marker"),
                              "display_name", *span, "display"))
    for word in markers["display_words"]:
        if span := find_phrase(display, phrase_tokens(word)):
            out.append(Signal("display name reads as a business, page or public figure", weight("public_marker"),
                              "display_name", *span, "display"))
    for rx in (_TOGETHER, _POSSESSIVE_BUSINESS):
        if m := rx.search(profile.display_name):
            out.append(Signal("display name reads as a business, page or group", weight("public_marker"),
                              "display_name", m.start(), m.end(), "display"))
    handle_words = set(markers["handle_words"]) | {w for w in markers["display_words"] if " " not in w}
    places = set(markers["handle_places"])
    parts = list(handle_parts)
    for k, part in enumerate(parts):
        if k == 0:
            continue  # a handle's first word is its owner's name, not a suffix
        if part.text in handle_words:
            out.append(Signal("handle adds a trade, hobby or page word to the name", weight("handle_suffix"),
                              "handle", part.start, part.end, "handle"))
        elif part.text in places:
            out.append(Signal("handle adds a place to the name", weight("handle_suffix"), "handle", part.start,
                              part.end, "place", part.text))
    for phrase in markers["bio_phrases"]:
        if span := find_phrase(profile.bio_tokens, phrase_tokens(phrase)):
            out.append(Signal("bio reads as a business, public figure or professional", weight("public_marker"),
                              "bio", *span, "bio"))
            break
    return out


def _field(field: str) -> str:
    return "display name" if field == "display_name" else field
