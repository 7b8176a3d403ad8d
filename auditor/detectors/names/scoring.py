"""Scoring one caseload row against a connection's name parts: which parts hit which names, and how well.

Used by :class:`auditor.detectors.names.matcher.CaseloadMatcher` on the few candidate rows its
index finds. A match needs a given name AND a surname part (or a listed alias in full); a shared
first name or surname alone is never a match. The weights are in ``matching.toml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import product

import jellyfish
from rapidfuzz.distance import Levenshtein

from auditor.detectors.names import corroboration as cor
from auditor.detectors.names.parse import Part
from auditor.detectors.names.variants import RowNames

SHORT = 4  # parts this long or shorter may be initials or abbreviations


@dataclass(frozen=True, slots=True)
class Hit:
    """One connection part matched to one row word in one role."""

    part: Part
    role: str  # given | surname | middle | initial | abbreviation
    token: str
    label: str
    penalty: float = 0.0


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


def _typo(a: str, b: str) -> bool:
    """A likely typo: same first letter and one edit (two for long words), or same metaphone and close."""
    if a[0] != b[0] or min(len(a), len(b)) < 4:
        return False
    limit = 2 if min(len(a), len(b)) >= 8 else 1
    if Levenshtein.distance(a, b, score_cutoff=limit) <= limit:
        return True
    return jellyfish.metaphone(a) == jellyfish.metaphone(b) and Levenshtein.normalized_similarity(a, b) >= 0.7


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _hits(names: RowNames, parts: Sequence[Part]) -> list[Hit]:
    hits: list[Hit] = []
    for part in parts:
        text = part.text
        if len(text) == 1:
            if text in names.surname_initials:
                hits.append(Hit(part, "initial_surname", text, "surname initial"))
            if text in names.given_initials:
                hits.append(Hit(part, "initial_given", text, "first initial"))
            if text in names.middle_initials:
                hits.append(Hit(part, "initial_middle", text, "middle initial"))
            continue
        whole = _whole_hits(names, part)
        hits += whole
        exact = any(h.penalty == 0 for h in whole)
        if not exact and part.field == "handle" and len(text) >= 5:
            hits += _segment(names, part)
        if not whole and 2 <= len(text) <= SHORT:
            for surname in names.surname_or_middle:  # sorted: the same answer in every run
                if len(surname) > len(text) and surname[0] == text[0] and _subsequence(text, surname):
                    hits.append(Hit(part, "abbreviation", surname, "surname abbreviation"))
                    break
    return hits


def _whole_hits(names: RowNames, part: Part) -> list[Hit]:
    """Row words this part is, exactly or by a typo; one half of a double-barrelled surname is weaker."""
    out = _whole_hits_plain(names, part)
    if part.piece:
        out = [replace(h, penalty=h.penalty + _w("double_barrelled"),
                          label=f"{h.label}, one half of a double-barrelled name")
               if h.role in ("surname", "middle") else h for h in out]
    return out


def _whole_hits_plain(names: RowNames, part: Part) -> list[Hit]:
    text, out = part.text, []
    kind = names.given.get(text)
    if kind is not None:
        out.append(Hit(part, "given", text, "first name (nickname)" if kind == "nickname" else "first name"))
    if text in names.surname:
        out.append(Hit(part, "surname", text, "surname"))
    if text in names.middle:
        out.append(Hit(part, "middle", text, "middle name"))
    if out or len(text) < 4:
        return out
    for token in names.given_proper:
        if _typo(text, token):
            out.append(Hit(part, "given", token, "first name (misspelt)", _w("typo")))
            break
    for role, pool in (("surname", names.surname_order), ("middle", names.middle_order)):
        for token in pool:  # sorted: sets iterate in hash order, which differs between runs
            if _typo(text, token):
                out.append(Hit(part, role, token, f"{'surname' if role == 'surname' else 'middle name'} (misspelt)",
                               _w("typo")))
                break
    return out


def _segment(names: RowNames, part: Part) -> list[Hit]:
    """Name words inside a concatenated handle chunk (``tranvanminh``, ``dwhitfield``, ``nailsbymaivang``)."""
    text = part.text
    # Longest first, ties alphabetically: set order would make overlapping words (eric/rick in
    # "derick") win by hash seed, so results would differ between runs.
    words = [t for t in names.segment_words if t in text]
    taken = [False] * len(text)
    out: list[Hit] = []
    for word in words:
        start = text.find(word)
        while start >= 0 and any(taken[start:start + len(word)]):
            start = text.find(word, start + 1)
        if start < 0:
            continue
        for k in range(start, start + len(word)):
            taken[k] = True
        sub = Part(word, part.field, part.start + start, part.start + start + len(word))
        out += _whole_hits(names, sub)
    if out:
        for pos in (0, len(text) - 1):
            neighbour = pos + 1 if pos == 0 else pos - 1
            if not taken[pos] and taken[neighbour]:
                initial = Part(text[pos], part.field, part.start + pos, part.start + pos + 1)
                out += _hits(names, [initial])
    return out


def _w(name: str) -> float:
    return cor.weight(name)


def _overlap(a: Part, b: Part) -> bool:
    return a.field == b.field and a.start < b.end and b.start < a.end


def _name_score(names: RowNames, parts: Sequence[Part]) -> tuple[float, list[str], list[Hit]] | None:
    """Best name-evidence class for this row, with its reasons and the hits that made it."""
    hits = _both_halves(_hits(names, parts))
    by_role: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_role[hit.role].append(hit)
    best: tuple[float, list[str], list[Hit]] | None = None

    def consider(score: float, reasons: list[str], used: list[Hit]) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, reasons, used)

    pairs = (
        ("surname", "full_name"),
        ("middle", "given_middle"),
        ("initial_surname", "given_initial"),
        ("abbreviation", "given_abbreviation"),
    )
    for role, weight_name in pairs:
        for given, other in product(by_role["given"], by_role[role]):
            if _overlap(given.part, other.part) or given.token == other.token:
                continue
            score = _w(weight_name) + given.penalty + other.penalty
            reasons = [given.label, other.label if role != "middle" else "middle name as surname"]
            if other.part.field == given.part.field == "display_name" and other.part.start < given.part.start:
                score += _w("swapped_order")
                reasons.append("surname written first")
            used = [given, other]
            score += _extras(by_role, used, reasons)
            consider(score, reasons, used)
    for initial, surname in product(by_role["initial_given"], by_role["surname"]):
        if not _overlap(initial.part, surname.part):
            consider(_w("initial_surname") + surname.penalty, ["first initial", surname.label], [initial, surname])
    alias = _alias_in_full(names, parts)
    if alias is not None:
        reasons = ["a listed alias in full"]
        used = [Hit(p, "alias", p.text, "alias word") for p in alias]
        score = _w("alias_in_full")
        if any(p.piece for p in alias):
            score += _w("double_barrelled")
            reasons.append("one half of a double-barrelled name")
        consider(score + _extras(by_role, used, reasons), reasons, used)
    return best


def _both_halves(hits: list[Hit]) -> list[Hit]:
    """Both halves of a double-barrelled name matching row words is that name, not a namesake."""
    halves = [h for h in hits if h.part.piece and h.role in ("surname", "middle")]
    if len(halves) < 2:
        return hits
    whole = {id(h) for h in halves for o in halves
             if o.part != h.part and (o.part.start == h.part.end + 1 or h.part.start == o.part.end + 1)}
    plain = _w("double_barrelled")
    return [replace(h, penalty=h.penalty - plain, label=h.label.replace(", one half of a double-barrelled name", ""))
            if id(h) in whole else h for h in hits]


def _extras(by_role: dict[str, list[Hit]], used: list[Hit], reasons: list[str]) -> float:
    """Bonus for further matched parts (middle names, middle initials), at most two."""
    tokens = {h.token for h in used}
    count = 0
    for hit in by_role["middle"] + by_role["initial_middle"] + by_role["surname"]:
        if count == 2:
            break
        if hit.token in tokens or any(_overlap(hit.part, h.part) for h in used):
            continue
        used.append(hit)
        tokens.add(hit.token)
        count += 1
        reasons.append(f"also {hit.label}")
    return count * _w("extra_matched_part")


def _alias_in_full(names: RowNames, parts: Sequence[Part]) -> list[Part] | None:
    """Parts matching every word of a listed multi-word alias (initials exactly), in one field."""
    for field in ("display_name", "handle"):
        pool = [p for p in parts if p.field == field]
        for alias in names.aliases_full:
            used: list[Part] = []
            for forms in alias:
                match = next((p for p in pool if p.text in forms and all(not _overlap(p, u) for u in used)), None)
                if match is None:
                    break
                used.append(match)
            else:
                return used
    return None
