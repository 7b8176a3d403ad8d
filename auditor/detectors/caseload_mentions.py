"""Caseload people named in a post: full names, aliases, nicknames, family surnames and first names.

A post that names someone the user works with is the plainest confidentiality breach, and it
often carries none of the words a keyword detector waits for ("so proud of Kayden today"). The
caseload is the one list that tells these names apart from anyone else's, so every post is
checked against it. Each kind of mention is a separate signal for the learned scorer, which
weighs it with the rest of the post (a full name in a match report is a namesake):

* ``FULL``: a full name or a multi-word alias, in any case ("kayden price");
* ``NICK``: a one-word alias (a nickname), capitalised in the text;
* ``FAMILY``: a surname used of a family ("the Price kids", "Price dad", "Mrs Price");
* ``FIRST``: a capitalised first name that is not followed by another surname and not preceded
  by a professional title ("Dr", "PC", "Cllr"), since "Judge Kayden" or "Kayden Jones" is
  someone else.

Nothing here is logged or returned but labels and spans: the finding quotes the post, never
the caseload row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.caseload import Caseload, CaseloadRow
from auditor.detectors.text import fold

KINDS = ("FULL", "NICK", "FAMILY", "FIRST")
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
_PARTICLES = frozenset({"o", "ni", "nic", "mac", "mc", "da", "das", "de", "del", "della", "di", "do", "dos", "du",
                        "al", "el", "abu", "umm", "bin", "bint", "van", "von", "der", "den", "la", "le", "st", "ua"})
_FAMILY_AFTER = frozenset({"kids", "children", "family", "families", "boys", "girls", "twins", "siblings", "dad",
                           "mum", "mam", "mom", "mother", "father", "household", "brothers", "sisters", "clan",
                           "baby", "grandparents", "nan", "gran"})
_FAMILY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "master"})
_PRO_TITLES = frozenset({"dr", "doctor", "prof", "professor", "judge", "justice", "magistrate", "ds", "dc", "di",
                         "pc", "sgt", "sergeant", "inspector", "officer", "cllr", "councillor", "rev", "reverend",
                         "fr", "father", "sister", "sir", "dame", "lord", "lady", "coach", "senator", "mp", "mla",
                         "td", "mayor", "minister", "president", "saint", "st", "dean"})


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Token:
    folded: str
    start: int
    end: int
    capital: bool


class CaseloadMentions:
    """Built once per audit from the caseload; ``find`` per post. Holds folded names only."""

    def __init__(self, caseload: Caseload | None, titled_are_others: bool = True) -> None:
        self._titled_are_others = titled_are_others
        self._phrases: dict[tuple[str, ...], str] = {}
        self._nicks: set[str] = set()
        self._firsts: set[str] = set()
        self._surnames: set[str] = set()
        for row in caseload.rows if caseload else ():
            names = [row.name, *row.aliases]
            for name in names:
                words = _name_words(name)
                if len(words) >= 2:
                    self._phrases[tuple(words)] = "FULL"
                elif len(words) == 1 and len(words[0]) >= 3:
                    self._nicks.add(words[0])
            words = _name_words(row.name)
            if len(words) >= 2:
                self._firsts.add(words[0])
                self._surnames.add(words[-1])
        self._longest = max((len(p) for p in self._phrases), default=0)
        # every word a mention can start with: a post holding none of them is skipped at once
        self._starts = {p[0] for p in self._phrases} | self._nicks | self._firsts | self._surnames
        self._starts |= {f"{s}s" for s in self._surnames}

    def __bool__(self) -> bool:
        return bool(self._phrases or self._nicks)

    def find(self, text: str) -> list[Mention]:
        if not self or self._starts.isdisjoint(_WORD.findall(fold(text))):
            return []
        tokens = [_Token(fold(m.group()), m.start(), m.end(), m.group()[:1].isupper()) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        covered: set[int] = set()
        for i in range(len(tokens)):
            for n in range(min(self._longest, len(tokens) - i), 1, -1):
                if tuple(t.folded for t in tokens[i:i + n]) in self._phrases:
                    found.append(Mention("FULL", tokens[i].start, tokens[i + n - 1].end))
                    covered.update(range(i, i + n))
                    break
        for i, tok in enumerate(tokens):
            if i in covered or not tok.capital:
                continue
            before = tokens[i - 1].folded if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before in _PRO_TITLES and self._titled_are_others:
                continue
            plural = before == "the" and tok.folded.endswith("s") and tok.folded[:-1] in self._surnames
            if plural or (tok.folded in self._surnames
                          and (before in _FAMILY_TITLES or (after is not None and after.folded in _FAMILY_AFTER))):
                found.append(Mention("FAMILY", tok.start, tok.end))
            elif tok.folded in self._nicks:
                found.append(Mention("NICK", tok.start, tok.end))
            elif tok.folded in self._firsts and not (after and after.capital and after.folded not in self._surnames):
                found.append(Mention("FIRST", tok.start, tok.end))
        return found


def _name_words(name: str) -> list[str]:
    words = [fold(m.group()) for m in _WORD.finditer(name)]
    while words and words[0] in _PRO_TITLES | _FAMILY_TITLES:
        words = words[1:]
    return [w for w in words if w not in _PARTICLES and len(w) >= 2]


def people(names: Iterable[str]) -> Caseload:
    """A list of names (the user's colleagues) in the caseload's shape, so the same matcher finds them."""
    return Caseload(tuple(CaseloadRow(i + 2, name) for i, name in enumerate(names)))


def kinds(mentions: Iterable[Mention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.kind for m in mentions))
