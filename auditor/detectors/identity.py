"""Find the user's own identity facts (``[identity]`` in the config) and their natural variants.

People rarely write a fact exactly as the config lists it. From each fact we derive the forms
people actually use (see :mod:`auditor.detectors.variants`): the surname alone, initial plus
surname, a colleague's first name or "Dr. Rao", a nickname ("Barb" for Barbara), a school
without its "Elementary", a hashtag or handle form, a phone in any formatting, an e-mail
written "name at domain dot org", and small typos of longer names. Variants that are ordinary
words unless capitalised (a first name, a surname such as "Marsh") only match capitalised.

Everything compiles into two trie regexes (case-insensitive over the folded text, and
case-keeping for capitalised variants) plus one regex for phones and e-mails, built once per
audit. Labels name only the kind of fact (``IDENTITY_EMPLOYER``), never the fact, so evidence
never repeats the fact list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from auditor.config import IdentityFacts
from auditor.detectors.prefilter import PatternFilter
from auditor.detectors.terms import Match, literal_key, match_key, trie_regex
from auditor.detectors.text import NormText, View, fold, normalise
from auditor.detectors.variants import (
    Variant,
    ambiguous_names,
    fact_variants,
    names_data,
    phone_regex,
    typo_tokens,
)


@dataclass(frozen=True, slots=True)
class IdentityHit:
    start: int
    end: int
    label: str
    confidence: float
    how: str  # "exact", "variant", "first name", "typo", ...


_MONTH_CONTEXT = re.compile(r"\s*(?:\d|(?:is|was)\b[^.!?\n]*\bmonth\b)", re.IGNORECASE)
_FICTION_BEFORE = re.compile(r"(?:named|called|character|characters|played by|starring)\s+$", re.IGNORECASE)
_CAPITALISED_WORD = re.compile(r"(?<![\w'’])[A-Za-z][a-z]{4,}(?![\w])")
_FICTION_AFTER = re.compile(r"\W*(?:is|was)\s+(?:such\s+)?(?:a|an|the)\s+(?:[\w,]+\s+){0,3}"
                            r"(?:character|protagonist|villain|hero|heroine)\b", re.IGNORECASE)
_FROM_ELSEWHERE = re.compile(r"\s+from\s+(?:the\s+)?[\w]", re.IGNORECASE)
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t]+([A-Z][\w'’-]*)")
_PREVIOUS_WORD = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|[\"“(]\s*)$")
_SHOP = re.compile(r"(?:\b(?:at|from|to|into|outside|near|in)\s+)$", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"['’]s(?:\s+(?:bakery|cafe|café|shop|butchers?|chippy|chipper|pub|bar|deli|"
                             r"store|garage|salon|barbers?|takeaway|restaurant)\b|(?=[.,!?;:)]|\s*$|\s+(?:and|for|on|"
                             r"today|yesterday|this|last|again|earlier|later)\b))", re.IGNORECASE)
_PLACE_LIKE = frozenset({"name without its type", "variant", "council"})  # stems of places and organisations
# Capitalised words next to a name that do not make it someone else's ("Happy Birthday Zara", "Zara I love you").
_NOT_NAMES = frozenset({"i", "im", "ive", "ill", "id", "happy", "birthday", "dear", "hi", "hey", "hello", "thanks",
                        "thank", "congrats", "congratulations", "love", "go", "little", "big", "baby", "mum", "mam",
                        "mammy", "dad", "daddy", "mom", "nan", "nana", "gran", "granny", "grandad", "auntie", "aunty",
                        "uncle", "cousin", "my", "our", "with", "and", "bestie", "welcome", "sister", "brother",
                        "so", "but", "when", "then", "also", "today", "tonight", "yesterday", "tomorrow",
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "xx", "xxx",
                        "lol", "omg", "rip", "wee", "young", "old", "poor", "proud", "well", "yes", "no", "ok"})
_THREE_DIGITS = re.compile(r"\d\D*\d\D*\d")
_TYPO_CACHE = 50_000  # words remembered per audit; a post's vocabulary repeats across an account


class IdentityMatcher:
    """All identity facts and variants in a few regexes, one pass each per text."""

    def __init__(self, identity: IdentityFacts) -> None:
        variants: list[Variant] = []
        for kind, value in identity.items():
            variants += fact_variants(kind, value)
        self._by_key: dict[tuple[bool, str], Variant] = {}
        for variant in variants:
            if variant.pattern is not None:
                continue
            key = (variant.cased, match_key(literal_key(variant.text, variant.cased)))
            best = self._by_key.get(key)
            if best is None or variant.confidence > best.confidence:
                self._by_key[key] = variant
        folded = {literal_key(v.text) for v in variants if v.pattern is None and not v.cased}
        cased = {literal_key(v.text, cased=True) for v in variants if v.pattern is None and v.cased}
        self._folded = re.compile(trie_regex(folded)) if folded else None
        self._cased = re.compile(trie_regex(cased)) if cased else None
        # e-mail addresses first: an alternation takes the first branch that matches, and a name
        # written as a handle (first.last) must not hide the whole address it starts
        patterned = sorted((v for v in variants if v.pattern is not None), key=lambda v: v.how != "e-mail")
        self._patterns = patterned
        self._pattern_regex = (
            re.compile("|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(patterned)), re.IGNORECASE)
            if patterned else None
        )
        # phones and e-mails only where they could be: enough digits, or a piece of an address
        gate = {w for v in patterned if "@" in v.text or v.how == "e-mail domain"
                for w in re.split(r"[@.]", v.text.lower()) if len(w) >= 3}
        gate |= {f"{v.text[0]}{sep}{v.text[1]}".lower() for v in patterned if v.how == "acronym" for sep in ".-"}
        gate |= {fold(v.text.split()[0]) for v in patterned if v.how == "description"}
        gate |= {fold(v.text.split(".")[-1]) for v in patterned if v.how == "dotted handle"}
        self._gate_words = tuple(gate)
        self._ambiguous = ambiguous_names()
        data = names_data()
        self._titles = {fold(t).strip(".") for t in data["titles"]} | {"mr", "mrs", "ms", "miss", "mx", "dr"}
        own_text = " ".join(value for _, value in identity.items())
        countries = [c for c in data["countries"] if c.lower() not in own_text.lower()]
        self._abroad_regex = re.compile(r"(?:,\s*|\s+in\s+)(?:" + "|".join(re.escape(c) for c in countries)
                                        + r")\b") if countries else re.compile(r"(?!)")
        self._typos = typo_tokens(identity)
        self._typo_cache: dict[str, Variant | None] = {}  # capitalised word → the fact it is a typo of
        # one RE2 pass says which of the three regexes may match a post (see detectors.prefilter)
        self._filter = PatternFilter([
            self._folded.pattern if self._folded is not None else "(?!)",
            self._cased.pattern if self._cased is not None else "(?!)",
            f"(?i:{self._pattern_regex.pattern})" if self._pattern_regex is not None else "(?!)",
            near_miss_regex(self._typos.exact) if self._typos else "(?!)",
        ])

    def __bool__(self) -> bool:
        return any((self._folded, self._cased, self._pattern_regex, self._typos))

    def find(self, text: str | NormText) -> list[Match]:
        return [(h.start, h.end, h.label) for h in self.find_hits(text)]

    def find_hits(self, text: str | NormText) -> list[IdentityHit]:
        """Every fact or variant in the text, in original offsets; overlaps keep the surest."""
        norm = normalise(text)
        hits: list[IdentityHit] = []
        views = norm.views
        maybe = self._filter.candidates(norm.filter_text)
        if self._folded is not None and maybe & 1:
            for view in views:
                hits += self._scan(self._folded, view, cased=False, norm=norm)
        if self._cased is not None and maybe & 2:
            hits += self._scan(self._cased, norm.cased_view, cased=True, norm=norm)
        if self._pattern_regex is not None and maybe & 4 and self._pattern_gate(norm.folded):
            for m in self._pattern_regex.finditer(norm.folded):
                variant = self._patterns[int((m.lastgroup or "v0")[1:])]
                start, end = norm.span(m.start(), m.end())
                hits.append(IdentityHit(start, end, variant.label, variant.confidence, variant.how))
        if self._typos and maybe & 8:
            hits += self._typo_hits(norm)
        return _resolve(hits)

    def _pattern_gate(self, folded: str) -> bool:
        return _THREE_DIGITS.search(folded) is not None or any(w in folded for w in self._gate_words)

    def _scan(self, regex: re.Pattern[str], view: View, cased: bool, norm: NormText) -> list[IdentityHit]:
        out = []
        for m in regex.finditer(view.text):
            variant = self._by_key.get((cased, match_key(m.group())))
            if variant is None:
                continue
            start, end = view.to_original(m.start(), m.end())
            if variant.first_name and not self._plausible_name(norm.original, start, end):
                continue
            if (variant.first_name or variant.surname) and self._namesake(variant, norm.original, start, end):
                continue
            if (variant.place or variant.how in _PLACE_LIKE) and self._abroad(norm.original, end):
                continue
            out.append(IdentityHit(start, end, variant.label, variant.confidence, variant.how))
        return out

    def _namesake(self, variant: Variant, original: str, start: int, end: int) -> bool:
        """A first name or surname alone that belongs to someone else.

        "Ned Kelly", "Maisie Williams": a listed first name followed by a different capitalised
        surname. "Daniel Radcliffe", "St Gerard Majella": a name preceded by another capitalised
        name. "Baillie Gifford", "Lyall Bay": a surname followed by another capitalised word.
        "a corner-forward called Mulkerrin": someone else, named. "from Pryce's": a shop.
        """
        own = set(variant.person) | self._titles
        after = _NEXT_WORD.match(original, end)
        if after and fold(after.group(1)).strip(".'’") not in own | _NOT_NAMES:
            return True
        before = _PREVIOUS_WORD.search(original[:start])
        if before:
            word = fold(before.group(1)).strip(".'’")
            initial = _SENTENCE_START.search(original[:before.start()]) is not None
            if word not in own | _NOT_NAMES and (variant.surname or not initial or word in ("st", "saint")):
                return True
        if _FICTION_AFTER.match(original, end):
            return True  # "Okonkwo is such a brutal, tragic character"
        if variant.first_name and variant.label == "IDENTITY_FAMILY" and _FROM_ELSEWHERE.match(original, end):
            return True  # "Lachlan from the lab", "Finn from Adventure Time": your own family needs no "from"
        if variant.surname:
            if _FICTION_BEFORE.search(original, max(0, start - 20), start):
                return True
            if _SHOP.search(original, max(0, start - 12), start) and _POSSESSIVE_END.match(original, end):
                return True
        return False

    def _abroad(self, original: str, end: int) -> bool:
        """A place name followed by a country that is none of the user's facts ("Portland, Oregon")."""
        m = self._abroad_regex.match(original, end)
        return m is not None

    def _plausible_name(self, original: str, start: int, end: int) -> bool:
        """A first name is not a name after "named" (fiction), nor a month before a day number."""
        if _FICTION_BEFORE.search(original, max(0, start - 20), start):
            return False
        word = original[start:end]
        return not (word in self._ambiguous and _MONTH_CONTEXT.match(original, end))

    def _typo_hits(self, norm: NormText) -> list[IdentityHit]:
        out = []
        cache = self._typo_cache
        for m in _CAPITALISED_WORD.finditer(norm.cased):
            token = m.group().lower()
            if token in cache:
                target = cache[token]
            else:
                target = self._typo_of(token)
                if len(cache) >= _TYPO_CACHE:
                    cache.clear()
                cache[token] = target
            if target is not None and target.how == "place typo" and (
                    token[0] != target.text[0] or (m.group()[0].islower() and len(token) != len(target.text))):
                target = None  # a place misspelt keeps its first letter; in lower case, its length too
            if target is not None and (m.group()[0].isupper() or target.how == "place typo"):
                start, end = norm.span(m.start(), m.end())
                out.append(IdentityHit(start, end, target.label, 0.6, "typo"))
        return out

    def _typo_of(self, token: str) -> Variant | None:
        """The fact ``token`` is one edit away from (not the fact itself), by its deletion neighbourhood."""
        if token in self._typos.exact:
            return None
        for deleted in {token, *(token[:i] + token[i + 1:] for i in range(len(token)))}:
            target = self._typos.index.get(deleted)
            if target is not None and OSA.distance(token, target.text) <= 1:
                return target
        return None


def near_miss_regex(tokens: Iterable[str]) -> str:
    """A regex for every string within one edit (OSA) of a token: the typo pass's prefilter.

    Substituting, inserting, deleting or swapping one letter of ``okafor`` gives ``ok.for``,
    ``oka.for``, ``okfor``, ``oakfor``…; any word the typo pass could report matches one of them.
    """
    forms: set[str] = set()
    for token in tokens:
        for i in range(len(token) + 1):
            head, tail = re.escape(token[:i]), token[i:]
            forms.add(head + "." + re.escape(tail))  # insertion
            if tail:
                forms.add(head + "." + re.escape(tail[1:]))  # substitution (or none)
                forms.add(head + re.escape(tail[1:]))  # deletion
            if len(tail) >= 2:
                forms.add(head + re.escape(tail[1] + tail[0] + tail[2:]))  # transposition
    return "(?i:" + "|".join(sorted(forms)) + ")" if forms else "(?!)"


def _resolve(hits: list[IdentityHit]) -> list[IdentityHit]:
    """Drop hits inside a longer or surer overlapping hit; keep order by position."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), -h.confidence))
    out: list[IdentityHit] = []
    for hit in hits:
        if out and hit.start < out[-1].end and hit.end <= out[-1].end:
            continue
        out.append(hit)
    return out


def label_for(kind: str | None) -> str:
    """``real_names`` → ``IDENTITY_REAL_NAME``; ``places`` → ``IDENTITY_PLACE``."""
    name = (kind or "fact").upper()
    return "IDENTITY_" + (name[:-1] if name.endswith("S") else name)


__all__ = ["IdentityHit", "IdentityMatcher", "fold", "label_for", "phone_regex"]
