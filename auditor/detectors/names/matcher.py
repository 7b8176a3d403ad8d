"""Match connections against a caseload: a blocking index, then scoring of the few candidates.

Comparing every connection with every caseload row (100,000 × 2,000) is far too slow in
Python, and nearly all pairs share nothing. The index maps each row's name forms (folded
words, nicknames, one-deletion variants for typos, metaphone keys for sound-alikes, and the
prefixes/suffixes of concatenated handles) to row numbers; only rows that share two name
parts with a connection, or one part plus a fitting initial, are scored in full.

Scoring (``scoring.py``; see ``matching.toml`` for the weights): a match needs a given name AND a
surname part (or a listed alias in full); a shared first name or surname alone is never a match.
The name score is then raised or lowered by corroboration (``corroboration.py``). Every reason is
phrased without caseload text so it can go in a report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import jellyfish

from auditor.caseload import Caseload, CaseloadRow
from auditor.detectors.names import commonness
from auditor.detectors.names import corroboration as cor
from auditor.detectors.names.nicknames import Nicknames, default_nicknames
from auditor.detectors.names.parse import Part, name_texts, parse_connection
from auditor.detectors.names.scoring import SHORT, Hit, _deletes, _name_score, _w
from auditor.detectors.names.variants import RowNames, row_names

_NO_ROWS: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())  # shared by every word that hits nothing


@dataclass(frozen=True)
class NameMatch:
    """A connection that resembles caseload row ``row``; ``reasons`` and spans never quote the caseload."""

    row: CaseloadRow
    confidence: float
    reasons: tuple[str, ...]
    spans: tuple[tuple[str, int, int, str], ...]  # (field, start, end, label) in the connection's text

    @property
    def possible(self) -> bool:
        return self.confidence < 0.5


class CaseloadMatcher:
    """Built once per audit from the caseload and the user's places; ``match`` per connection."""

    def __init__(self, caseload: Caseload, local_places: Iterable[str] = (),
                 nicknames: Nicknames | None = None) -> None:
        nicknames = nicknames or default_nicknames()
        self.rows = [row_names(row, nicknames) for row in caseload.rows]
        places = [*local_places, *(row.area for row in caseload.rows if row.area)]
        self.local = cor.place_phrases(tuple(places))
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._fuzzy: dict[str, set[int]] = defaultdict(set)
        self._memo: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        self._commonness: dict[tuple[int, str], bool] = {}
        self._nicknames = nicknames
        self._initials = [frozenset(names.initials) for names in self.rows]  # a property: union per call
        self._by_initial: dict[str, set[int]] = defaultdict(set)  # letter → rows with that initial
        for i, initials in enumerate(self._initials):
            for letter in initials:
                self._by_initial[letter].add(i)
        for i, names in enumerate(self.rows):
            for token in names.tokens():
                self._exact[token].add(i)
                if len(token) >= 4:
                    for key in (token, *_deletes(token)):
                        self._fuzzy[key].add(i)
                    self._fuzzy["#" + jellyfish.metaphone(token)].add(i)

    # -- blocking -------------------------------------------------------------------------
    def candidates(self, parts: Sequence[Part]) -> list[int]:
        """Rows sharing two name parts with the connection, or one part plus a fitting initial."""
        return self.candidate_rows({p.text for p in parts})

    def candidate_rows(self, texts: Collection[str]) -> list[int]:
        """``candidates`` from the parts' folded texts alone (see ``parse.name_texts``).

        The hot loop of a big connection list: most connections hit no row at all, so the
        common case is a few memoised dictionary look-ups and an early return.
        """
        memo = self._memo
        hits: list[tuple[str, frozenset[int], frozenset[int]]] = []
        for text in texts:
            if len(text) < 2:
                continue
            found = memo.get(text) or self._lookup(text)
            if found[0]:
                hits.append((text, *found))
        if not hits:
            return []
        seen: set[int] = set()
        twice: set[int] = set()  # rows two different parts hit
        sure: set[int] = set()
        for _, rows, double in hits:
            twice |= seen & rows
            seen |= rows
            sure |= double
        sure |= twice
        short = [s for s in texts if len(s) <= SHORT]
        if short:  # a row only one part hits counts if another short part is one of its initials
            by_initial = self._by_initial
            for text, rows, _ in hits:
                for letter in {s[0] for s in short if s != text}:
                    if with_initial := by_initial.get(letter):
                        sure |= rows & with_initial
        return sorted(sure)

    def _lookup(self, text: str) -> tuple[frozenset[int], frozenset[int]]:
        """Rows one connection word hits, and rows it hits twice (a concatenated handle: both ends).

        Memoised: first names and surnames repeat endlessly across a connection list.
        """
        cached = self._memo.get(text)
        if cached is not None:
            return cached
        exact, fuzzy = self._exact, self._fuzzy
        rows = set(exact.get(text, ()))
        if len(text) >= 4:  # most keys hit nothing: look up, and only then add
            for key in (text, *_deletes(text), "#" + jellyfish.metaphone(text)):
                if found := fuzzy.get(key):
                    rows |= found
        double: set[int] = set()
        if len(text) >= 5 and text not in exact:
            starts: set[int] = set()
            ends: set[int] = set()
            for cut in range(2, len(text) - 1):
                if found := exact.get(text[:cut]):
                    starts |= found
                if found := exact.get(text[cut:]):
                    ends |= found
            rows |= starts | ends
            double = starts & ends
            # a name plus an initial run together: kayleighb, dwhitfield
            if head := exact.get(text[:-1]):
                rows |= head
                double.update(i for i in head if text[-1] in self._initials[i])
            if tail := exact.get(text[1:]):
                rows |= tail
                double.update(i for i in tail if text[0] in self._initials[i])
        if len(text) >= 6 and text[-1] == text[-2]:  # a doubled last letter: shivvwalshh
            more, more_double = self._lookup(text[:-1])
            rows |= more
            double |= more_double
        result = (frozenset(rows), frozenset(double)) if rows else _NO_ROWS
        if len(self._memo) < 200_000:
            self._memo[text] = result
        return result

    def _common(self, names: RowNames, given: str) -> cor.Signal | None:
        """A "common name" signal (no span: it is about the row, not the connection's text) or None.

        The given name is the one the connection wrote; a nickname counts as common as the row's formal
        name it shortens ("Mike" as "Michael"), and a compound given name (María José) as itself.
        """
        key = (id(names), given)
        if key not in self._commonness:
            words = names.row.name.split()
            threshold = float(cor.settings()["commonness"]["common_per_100m"])
            surname = words[-1] if len(words) >= 2 else ""
            formal = given
            if names.given.get(given) == "nickname":
                formal = next((g for g in names.given_proper if given in self._nicknames.forms(g)), given)
            self._commonness[key] = bool(surname) and commonness.is_common(formal, surname, threshold)
        if not self._commonness[key]:
            return None
        return cor.Signal("a common name that many people share", _w("common_name"), "", 0, 0)

    # -- matching -------------------------------------------------------------------------
    def match(self, display_name: str | None, handle: str | None, bio: str = "", location: str = "",
              year: int | None = None, extra_local: Iterable[str] = ()) -> list[NameMatch]:
        """Every row this connection resembles at or above the report floor, best first."""
        rows = self.candidate_rows(name_texts(display_name, handle))
        if not rows:
            return []
        parsed = parse_connection(display_name, handle)
        scores = [(self.rows[i], s) for i in rows if (s := _name_score(self.rows[i], parsed.parts)) is not None]
        if not scores:
            return []
        profile = cor.Profile.of(bio or "", location or "", display_name or "", handle or "")
        local = self.local + cor.place_phrases(tuple(extra_local))
        handle_parts = [p for p in parsed.parts if p.field == "handle"]
        markers = cor.marker_signals(profile, handle_parts)
        place = cor.place_signal(profile, local)
        floor = float(cor.settings()["weights"]["report_floor"])
        strong = min(_w("full_name"), _w("alias_in_full")) + _w("typo")
        found = []
        for names, (score, reasons, hits) in scores:
            signals = _account_kind(markers, hits, names, local, place)
            if area := cor.area_signal(profile, names.areas):
                signals.append(area)
            elif place is not None:
                signals.append(place)
            given = next((h for h in hits if h.role == "given"), None)
            if score >= strong and given is not None and (common := self._common(names, given.token)) is not None:
                signals.append(common)
            if names.row.birth_year is not None and year is not None:
                signals += cor.age_signals(profile, names.row.birth_year, year)
                signals += cor.year_signals(parsed.numbers, names.row.birth_year, year)
            confidence = max(0.0, min(1.0, score + sum(s.weight for s in signals)))
            if score >= strong:  # a full name is always worth a look, however much else disagrees
                confidence = max(confidence, floor)
            if confidence < floor:
                continue
            spans = [(h.part.field, h.part.start, h.part.end, h.label) for h in hits]
            spans += [(s.field, s.start, s.end, s.reason) for s in signals if s.field]
            found.append(NameMatch(names.row, round(confidence, 2), tuple(reasons) + tuple(s.reason for s in signals),
                                   tuple(spans)))
        return sorted(found, key=lambda m: (-m.confidence, m.row.row))


def _account_kind(markers: Sequence[cor.Signal], hits: Sequence[Hit], names: RowNames,
                  local: Sequence[tuple[str, ...]], place: cor.Signal | None) -> list[cor.Signal]:
    """The account-kind markers that hold for this row: at most one of each kind, none inside the name.

    A marker that overlaps a matched name part is the name (a surname Baker, a given name Sky). A place
    code in the handle does not count when it abbreviates one of the user's places, when it could be
    the row's initials, or when the location already says the account is elsewhere.
    """
    out: list[cor.Signal] = []
    kinds: set[str] = set()
    for signal in markers:
        if signal.kind in kinds:
            continue
        if any(h.part.field == signal.field and h.part.start < signal.end and signal.start < h.part.end
               for h in hits):
            continue
        if signal.kind == "place":
            code = signal.word
            if place is not None and place.weight < 0:
                continue
            if any(word.startswith(code) if len(code) >= 3 else word == code
                   for phrase in local for word in phrase) or \
                    (len(code) <= 2 and all(ch in names.initials for ch in code)):
                continue
        kinds.add(signal.kind)
        out.append(signal)
    return out
