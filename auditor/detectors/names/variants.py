"""The name forms of one caseload row: given names, surnames, middle names, initials, aliases.

A row's name and its aliases are all read the same way: first word a given name, last word a
surname, the rest middle names; a one-word alias is a given-name nickname. Roles are unions
over all variants, so a surname-first name ("Nguyễn Thị Thu Hà") with a Western-order alias
("Ha Nguyen") lets either order match. Given names are widened with the nickname dataset.
Hyphenated and apostrophised surnames also match by each part (Al-Khatib → Khatib).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from auditor.caseload import CaseloadRow
from auditor.detectors.names.corroboration import area_phrases
from auditor.detectors.names.fold import fold
from auditor.detectors.names.nicknames import Nicknames


def word_forms(word: str) -> list[str]:
    """Folded forms of one written word: "Al-Khatib" → ["alkhatib", "khatib"]; "O'Neil" → ["oneil", "neil"]."""
    folded = fold(word)
    joined = "".join(ch for ch in folded if ch.isalnum())
    pieces = ["".join(ch for ch in piece if ch.isalnum()) for piece in _split_any(folded, "-'’")]
    return list(dict.fromkeys([joined, *(p for p in pieces if len(p) >= 3)])) if joined else []


def _split_any(text: str, separators: str) -> list[str]:
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return text.split(separators[0])


def variant_words(variant: str) -> list[list[str]]:
    """Words of a name variant, each as its forms; "J.E. Pratt" → [["j"], ["e"], ["pratt"]]."""
    words: list[list[str]] = []
    for chunk in variant.split():
        for piece in chunk.split("."):
            if forms := word_forms(piece):
                words.append(forms)
    return words


@dataclass
class RowNames:
    row: CaseloadRow
    given: dict[str, str] = field(default_factory=dict)  # form → "given" | "nickname"
    surname: set[str] = field(default_factory=set)
    middle: set[str] = field(default_factory=set)
    given_initials: set[str] = field(default_factory=set)
    surname_initials: set[str] = field(default_factory=set)
    middle_initials: set[str] = field(default_factory=set)
    aliases_full: list[list[list[str]]] = field(default_factory=list)  # listed multi-word aliases
    areas: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def initials(self) -> set[str]:
        return self.given_initials | self.surname_initials | self.middle_initials

    def tokens(self) -> set[str]:
        return set(self.given) | self.surname | self.middle

    # Fixed orders for the scorer, computed once per row (``row_names`` has finished filling the
    # sets by the time the matcher reads these). Sorted, because set order follows the hash seed,
    # and a scorer that breaks ties by it would answer differently in each run or worker process.
    @cached_property
    def given_proper(self) -> tuple[str, ...]:
        """Given names as written (not nicknames), in the order the row lists them: typo targets."""
        return tuple(form for form, kind in self.given.items() if kind == "given")

    @cached_property
    def surname_order(self) -> tuple[str, ...]:
        return tuple(sorted(self.surname))

    @cached_property
    def middle_order(self) -> tuple[str, ...]:
        return tuple(sorted(self.middle))

    @cached_property
    def surname_or_middle(self) -> tuple[str, ...]:
        return tuple(sorted(self.surname | self.middle))

    @cached_property
    def segment_words(self) -> tuple[str, ...]:
        """Words that can be found inside a concatenated handle: three letters or more, longest first."""
        return tuple(sorted((t for t in self.tokens() if len(t) >= 3), key=lambda t: (-len(t), t)))


def row_names(row: CaseloadRow, nicknames: Nicknames) -> RowNames:
    names = RowNames(row)
    for i, variant in enumerate((row.name, *row.aliases)):
        words = variant_words(variant)
        if not words:
            continue
        if len(words) == 1:
            for form in words[0]:
                if len(form) > 1:
                    names.given.setdefault(form, "nickname")
            continue
        if i > 0:
            names.aliases_full.append(words)
        first, last, middles = words[0], words[-1], words[1:-1]
        for form in first:
            if len(form) == 1:
                names.given_initials.add(form)
            else:
                names.given.setdefault(form, "given")
        for form in last:
            if len(form) == 1:
                names.surname_initials.add(form)
            else:
                names.surname.add(form)
        for word in middles:
            for form in word:
                (names.middle_initials if len(form) == 1 else names.middle).add(form)
        if len(words) >= 3 and len(first[0]) > 1 and len(words[1][0]) > 1:
            names.given.setdefault(first[0] + words[1][0], "given")  # María José → mariajose
    for form, kind in list(names.given.items()):
        for nick in nicknames.forms(form):
            names.given.setdefault(nick, "nickname")
        if kind == "given":
            names.given_initials.add(form[0])
    names.surname_initials |= {s[0] for s in names.surname}
    names.middle -= names.surname | set(names.given)
    names.middle_initials |= {m[0] for m in names.middle}
    if row.area:
        names.areas = area_phrases(row.area)
    return names
