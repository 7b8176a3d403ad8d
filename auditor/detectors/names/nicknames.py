"""Nickname equivalence (William ↔ Bill, Billy, Will) from a maintained dataset.

The ``nicknames`` package ships a hand-curated CSV of English names and their nicknames
(offline; nothing is downloaded). It is English-centred, so ``auditor/data/names/
nicknames_extra.csv`` adds common Spanish, Polish, Somali, Russian, Ukrainian, Italian, German,
Irish and other diminutives (general knowledge, none taken from a test caseload) in
the same ``name1,relationship,name2`` format. Keys are folded (see ``fold``), so Jesús
and Jesus share one entry.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from nicknames import NickNamer

from auditor.detectors.names.fold import fold


class Nicknames:
    """``forms(name)``: the name itself, its nicknames, and the names it is a nickname of."""

    def __init__(self, extra: list[tuple[str, str]] | None = None) -> None:
        namer = NickNamer()
        self._nicks: dict[str, set[str]] = {}
        self._canon: dict[str, set[str]] = {}
        for name, nicks in namer.nickname_lookup.items():
            for nick in nicks:
                self._add(name, nick)
        for name, nick in extra if extra is not None else _extra_pairs():
            self._add(name, nick)

    def _add(self, name: str, nick: str) -> None:
        name, nick = fold(name).replace(" ", ""), fold(nick).replace(" ", "")
        if name and nick and name != nick:
            self._nicks.setdefault(name, set()).add(nick)
            self._canon.setdefault(nick, set()).add(name)

    def forms(self, name: str) -> frozenset[str]:
        """One hop only: two hops would link Bill to Robert (via Will's other canonicals)."""
        return frozenset({name} | self._nicks.get(name, set()) | self._canon.get(name, set()))

    def are_equivalent(self, a: str, b: str) -> bool:
        return a == b or b in self._nicks.get(a, ()) or a in self._nicks.get(b, ())


def _extra_pairs() -> list[tuple[str, str]]:
    text = (resources.files("auditor.data") / "names" / "nicknames_extra.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return [(row["name1"], row["name2"]) for row in rows if row["relationship"] == "has_nickname"]


@cache
def default_nicknames() -> Nicknames:
    return Nicknames()
