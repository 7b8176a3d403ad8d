"""Split a connection's display name and handle into folded name parts with their positions.

Handles carry names in many shapes: ``chuy_ocampo88``, ``lukasz.wozniak``, ``in/minh-tran-b41a07``,
``nomi-tsosie.bsky.social``, ``@ewa_k@toot.example``. We cut them on dots, underscores,
hyphens and digit runs (the digits are kept apart: they may be a birth year), and drop the
platform's own decorations (LinkedIn's id suffix, a Bluesky or Mastodon domain). Every part
keeps its span in the original text so evidence can highlight exactly what matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from auditor.detectors.names.fold import fold

_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_HANDLE_PIECE = re.compile(r"[^\W\d_]+|\d+")
_LINKEDIN_ID = re.compile(r"-(?=[a-z0-9]*\d)[a-z0-9]{3,}$", re.IGNORECASE)
_JOINERS = re.compile("[-'’]")
_HANDLE_SUFFIXES = (".bsky.social", ".bsky.team")


class Part(NamedTuple):
    """One folded word of a display name or handle, and where it sits in the original text.

    A named tuple rather than a frozen dataclass: a big connection list makes millions of these,
    and tuple construction is several times faster.
    """

    text: str
    field: str  # "display_name" | "handle"
    start: int
    end: int
    joined: bool = False  # made by joining hyphenated or apostrophised pieces (O'Leary → oleary)
    piece: bool = False  # one half of a hyphenated (double-barrelled) word: Watson-Hale → watson, hale

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 1


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The name parts of one connection (display name first, then handle) and handle numbers."""

    parts: tuple[Part, ...]
    numbers: tuple[Part, ...]


# Particles that join a surname without making it double-barrelled (Al-Hallak, O'Neil, Mc-, bin-).
_PARTICLES = frozenset({"al", "el", "ul", "ud", "abu", "bin", "ben", "ibn", "bint", "o", "mc", "mac", "de", "da",
                        "di", "du", "la", "le", "van", "von", "st", "ste", "ni", "nic", "mhic"})


def parse_display_name(name: str) -> tuple[list[Part], list[Part]]:
    """Words of a display name (plus joined forms of hyphenated words) and any digit runs.

    A possessive "'s" (Ruby's Cafe) is not a word: it would read as an initial S. The halves of a
    double-barrelled word (Watson-Hale) are marked ``piece``, so the matcher can tell that surname
    from the surname Watson; a particle (Al-, O', Mc-) does not make a word double-barrelled.
    """
    parts: list[Part] = []
    previous: Part | None = None
    for match in _WORD.finditer(name):
        text = fold(match.group())
        if not text:
            continue
        part = Part(text, "display_name", match.start(), match.end())
        gap = name[previous.end:match.start()] if previous is not None else ""
        if previous is not None and gap in ("'", "’") and text == "s":
            continue  # possessive
        if previous is not None and gap in ("-", "'", "’"):
            parts.append(Part(previous.text + text, "display_name", previous.start, match.end(), joined=True))
            if gap == "-" and previous.text not in _PARTICLES and text not in _PARTICLES \
                    and len(previous.text) >= 2 and len(text) >= 2:
                k = parts.index(previous)
                parts[k] = previous = previous._replace(piece=True)
                part = part._replace(piece=True)
        parts.append(part)
        previous = part
    numbers = [Part(m.group(), "display_name", m.start(), m.end()) for m in _DIGITS.finditer(name)]
    return parts, numbers


def handle_body(handle: str) -> tuple[int, str]:
    """The part of a handle that carries the name, and its offset in the original handle."""
    start, end = 0, len(handle)
    lowered = handle.lower()
    if lowered.startswith("@"):
        start = 1
    if lowered.startswith("in/", start):
        start += 3
    at = handle.find("@", start)
    if at > 0:  # Mastodon: user@instance
        end = at
    for suffix in _HANDLE_SUFFIXES:
        if lowered[start:end].endswith(suffix):
            end -= len(suffix)
    body = handle[start:end].rstrip("/")
    if lowered.startswith("in/") or lowered.startswith("@in/"):
        body = _LINKEDIN_ID.sub("", body)
    return start, body


def parse_handle(handle: str) -> tuple[list[Part], list[Part]]:
    """Letter chunks of a handle (cut on punctuation and digits) and its digit runs."""
    offset, body = handle_body(handle)
    parts: list[Part] = []
    numbers: list[Part] = []
    for match in _HANDLE_PIECE.finditer(body):
        start, end = offset + match.start(), offset + match.end()
        if match.group().isdigit():
            numbers.append(Part(match.group(), "handle", start, end))
        elif text := fold(match.group()):
            parts.append(Part(text, "handle", start, end))
    return parts, numbers


def name_texts(display_name: str | None, handle: str | None) -> set[str]:
    """Just the folded texts of ``parse_connection``'s parts, without positions: the blocking key set.

    Blocking needs only the words, and in a big list about 19 of 20 connections get no candidate
    row at all, so they never need the full parse. Equal to ``{p.text for p in
    parse_connection(display_name, handle).parts}`` (a test holds it to that); only a display name
    with hyphens or apostrophes, which makes joined parts, takes the full parse.
    """
    texts: set[str] = set()
    if display_name:
        if _JOINERS.search(display_name):
            texts.update(p.text for p in parse_display_name(display_name)[0])
        else:
            texts.update(_folded_words(display_name))
    if handle:  # a handle without @ / . has no prefix, instance or suffix to cut: it is all body
        body = handle if "@" not in handle and "/" not in handle and "." not in handle else handle_body(handle)[1]
        texts.update(_folded_words(body))
    texts.discard("")
    return texts


def _folded_words(text: str) -> list[str]:
    """``fold`` of each letter run; for ASCII text that is just lower case (no accents, no decoration)."""
    if text.isascii():
        return _WORD.findall(text.lower())
    return list(map(fold, _WORD.findall(text)))


def parse_connection(display_name: str | None, handle: str | None) -> ParsedName:
    parts: list[Part] = []
    numbers: list[Part] = []
    if display_name:
        p, n = parse_display_name(display_name)
        parts += p
        numbers += n
    if handle:
        p, n = parse_handle(handle)
        parts += p
        numbers += n
    return ParsedName(tuple(parts), tuple(numbers))
