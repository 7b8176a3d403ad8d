"""Conduct: contempt, discrimination, boundary breaches, substances at work, live court cases.

One term matcher (every conduct pack plus the profile's role and jurisdiction tables) runs
once per post; the rules below read its matches:

* **disparaging**: an insult or swear word in the same sentence as a person or body the user
  works with or for (or as a fragment right after it: "…a two-car parade. Clowns."); or a word
  that is itself contempt for people served ("frequent flyers", "meth heads");
* **discriminatory**: slurs, and generalisations about a group ("the X families never…");
* **boundary**: dual relationships, gifts, personal numbers, following clients online;
* **substance**: alcohol or drugs in the same sentence as work time ("hungover" + "my 8am
  group"), unless it is plainly after work;
* **court**: a live trial or hearing together with an opinion on guilt, a party or the judge;
* **security**: a door, key-safe or drug-cupboard code, or a broken lock or camera.

Swearing on its own, self-directed insults and contempt for things rather than people are not
flagged.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from auditor.detectors.terms import Match, TermMatcher, TermPack, load_pack, load_sectioned, packs_for
from auditor.detectors.text import NormText, normalise

KINDS = ("disparaging", "discriminatory", "boundary", "substance", "court", "security")
_SENTENCE_END = re.compile(r"[.!?\n]+[\"'’”)]*\s")
_OFF_DUTY = re.compile(r"\b(?:after (?:work|my shift|shift|clinic)|off duty|day off|days off|weekend|on holiday|"
                       r"on vacation|annual leave|not at work|off work)\b", re.IGNORECASE)
# "mum was drunk again": the substance is someone else's, which is a case detail, not conduct
_THIRD_PARTY = re.compile(r"\b(?:he|she|they|mum|mom|dad|mother|father|parent|parents|client|patient|son|daughter|"
                          r"partner|boyfriend|girlfriend|husband|wife|his|her|their|someone|everyone)\b[^.!?]*$",
                          re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|me|my|we)\b", re.IGNORECASE)
_LABELS = ("CONTEMPT", "TARGET", "DEROGATORY", "DISCRIMINATORY", "BOUNDARY", "SUBSTANCE_AT_WORK", "SUBSTANCE",
           "WORK_TIME", "COURT", "OPINION", "SECURITY")


# label pairs whose presence anywhere in one post the scorer may weigh, though the rules want them closer
_TOGETHER = (("CONTEMPT", "TARGET"), ("SUBSTANCE", "WORK_TIME"), ("COURT", "OPINION"), ("CONTEMPT", "DEROGATORY"))


@dataclass(frozen=True)
class ConductHit:
    kind: str
    spans: tuple[Match, ...]
    confidence: float


@cache
def _discriminatory_pack() -> TermPack:
    """Compose GROUP + PEOPLE + GENERALISER from the lists in discriminatory.toml into one pattern."""
    text = (resources.files("auditor") / "data" / "terms" / "discriminatory.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(words, key=len, reverse=True))
    generalise = rf"(?: [\w']+){{0,3}}? (?:{alt(data['generalisers'])})\b"
    patterns = [
        rf"\b(?:the|these|those|all|most|some|many|so many) (?:{alt(data['groups'])})(?: (?:{alt(data['people'])}))?"
        + generalise,
        rf"\b(?:{alt(data['people'])})? ?(?:{alt(data['places'])})" + generalise,
        *data.get("patterns", []),
    ]
    return TermPack("discriminatory", "DISCRIMINATORY", tuple(data.get("terms", ())), tuple(patterns))


class ConductDetector:
    """Compiled once per audit from the profile (role, jurisdiction) and the user's own ``[terms]``."""

    def __init__(self, role: str = "generic", jurisdiction: str = "generic",
                 extra_terms: Mapping[str, Iterable[str]] | None = None) -> None:
        packs = [load_pack(name) for name in ("contempt", "targets", "derogatory", "boundary", "substance_at_work",
                                              "substances", "work_time", "security")]
        packs += [_discriminatory_pack(), *load_sectioned("live_court.toml")]
        packs += packs_for(_LABELS, role, jurisdiction)
        extra = {label: tuple(terms) for label, terms in (extra_terms or {}).items() if label in _LABELS}
        self._matcher = TermMatcher(packs, extra)

    def assess(self, text: str | NormText) -> list[ConductHit]:
        return self.examine(text)[0]

    def examine(self, text: str | NormText) -> tuple[list[ConductHit], tuple[str, ...]]:
        """The rules' hits, and every signal they saw (for the learned scorer)."""
        norm = normalise(text)
        found = self._matcher.find(norm)
        if not found:
            return [], ()
        hits = self._hits(norm, found)
        labels = dict.fromkeys(m[2] for m in found)
        together = [f"co:{a}+{b}" for a, b in _TOGETHER if a in labels and b in labels]
        signals = (*(f"term:{label}" for label in labels), *together, *(f"conduct:{hit.kind}" for hit in hits))
        return hits, signals

    def _hits(self, norm: NormText, found: list[Match]) -> list[ConductHit]:
        by: dict[str, list[Match]] = {}
        for m in found:
            by.setdefault(m[2], []).append(m)
        hits: list[ConductHit] = []
        sentence = _Sentences(norm.original)  # sentence bounds are found on first use only
        aimed = _aimed(by.get("CONTEMPT", []), by.get("TARGET", []), sentence)
        if aimed or by.get("DEROGATORY"):
            hits.append(ConductHit("disparaging", tuple(sorted({*aimed, *by.get("DEROGATORY", [])})),
                                   0.8 if aimed and by.get("DEROGATORY") else 0.7))
        if by.get("DISCRIMINATORY"):
            hits.append(ConductHit("discriminatory", tuple(by["DISCRIMINATORY"]), 0.75))
        if by.get("BOUNDARY"):
            hits.append(ConductHit("boundary", tuple(by["BOUNDARY"]), 0.75))
        substance = list(by.get("SUBSTANCE_AT_WORK", []))
        if by.get("SUBSTANCE") and by.get("WORK_TIME") and not _OFF_DUTY.search(norm.original):
            for s in by.get("SUBSTANCE", []):
                if _someone_else(norm.original, s[0]):
                    continue
                near = [w for w in by.get("WORK_TIME", []) if sentence(w[0]) == sentence(s[0])]
                if near:
                    substance += [s, *near]
        if substance:
            hits.append(ConductHit("substance", tuple(sorted(set(substance))), 0.75))
        if by.get("SECURITY"):
            hits.append(ConductHit("security", tuple(by["SECURITY"]), 0.75))
        if by.get("COURT") and by.get("OPINION"):
            hits.append(ConductHit("court", tuple(sorted({*by["COURT"], *by["OPINION"]})), 0.7))
        return hits


def _someone_else(text: str, pos: int) -> bool:
    """True when the few words before a substance word are about another person, not the author."""
    window = text[max(0, pos - 30):pos]
    third = _THIRD_PARTY.search(window)
    return third is not None and not _FIRST_PERSON.search(window[third.start():])


class _Sentences:
    """Sentence index of character positions ("… parade. Clowns." has three sentences)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def bounds(self) -> list[int]:
        return [0] + [m.end() for m in _SENTENCE_END.finditer(self.text)]

    def __call__(self, pos: int) -> int:
        return bisect_right(self.bounds, pos) - 1

    def words(self, i: int) -> int:
        end = self.bounds[i + 1] if i + 1 < len(self.bounds) else len(self.text)
        return len(self.text[self.bounds[i]:end].split())


def _aimed(contempt: list[Match], targets: list[Match], sentence: _Sentences) -> list[Match]:
    """Contempt and target spans in the same sentence, or an insult fragment right after the target's."""
    if not contempt or not targets:
        return []
    hits: list[Match] = []
    for c in contempt:
        i = sentence(c[0])
        near = [t for t in targets if sentence(t[0]) == i]
        if not near and i > 0 and sentence.words(i) <= 3:
            # a fragment insult ("Clowns.") refers back through earlier fragments to the last full sentence
            j = i - 1
            while j > 0 and sentence.words(j) <= 3:
                j -= 1
            near = [t for t in targets if j <= sentence(t[0]) < i]
        if near:
            hits += [c, *near]
    return sorted(set(hits))
