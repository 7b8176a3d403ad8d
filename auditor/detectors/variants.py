"""The natural variants of an identity fact: the forms people actually write.

"Meredith Anne Calloway" is also "Calloway", "M. Calloway", "Meredith Calloway" and
"mcalloway"; a colleague "Dr. Anjali Rao" is also "Dr Rao" and "Anjali"; "Barbara Hensley" is
"Barb"; "Linden Park Elementary" is "Linden Park"; "07700 900123" is "+44 7700 900123". Each
variant carries a confidence (an exact fact is surer than a first name) and whether it must be
capitalised to count. Name data (nicknames, titles, ambiguous first names) lives in
``auditor/data/names/``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from auditor.config import IdentityFacts
from auditor.detectors.text import fold

_SEPARATORS = r"[\s.\-()/]*"


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    label: str
    confidence: float
    how: str
    cased: bool = False  # only counts when written with capitals, as a name is
    first_name: bool = False  # subject to the fiction/month filters
    pattern: str | None = None  # a regex over folded text instead of a literal
    surname: bool = False  # a surname alone: a namesake when another first name comes before it
    person: tuple[str, ...] = ()  # folded name words of the fact's person (for the namesake filters)
    place: bool = False  # a place: a namesake when another country follows it


@dataclass
class TypoIndex:
    """Delete-one index of longer name tokens, for typos within one edit (SymSpell-style)."""

    exact: set[str] = field(default_factory=set)
    index: dict[str, Variant] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.index)


@cache
def _names_data() -> dict[str, Any]:
    root = resources.files("auditor") / "data" / "names"
    data: dict[str, Any] = {}
    for name in ("given_names.toml", "honorifics.toml"):
        data.update(tomllib.loads((root / name).read_text(encoding="utf-8")))
    return data


def names_data() -> dict[str, Any]:
    """The name data tables (given names, honorifics and the identity vocabulary)."""
    return _names_data()


@cache
def ambiguous_names() -> frozenset[str]:
    return frozenset(_names_data()["ambiguous"])


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """Both directions: a formal name's short forms, and a short form's formal names."""
    table: dict[str, set[str]] = {}
    for formal, shorts in _names_data()["nicknames"].items():
        table.setdefault(formal, set()).update(shorts)
        for short in shorts:
            table.setdefault(short, set()).add(formal)
    return {name: frozenset(names) for name, names in table.items()}


def _label(kind: str) -> str:
    name = kind.upper()
    return "IDENTITY_" + (name[:-1] if name.endswith("S") else name)


def _strip_person(value: str) -> tuple[str | None, list[str]]:
    """(title, name words) with credentials after a comma and title words removed."""
    data = _names_data()
    base = value.split(",")[0]
    words = base.split()
    title = None
    if words and words[0] in data["titles"]:
        title = words.pop(0)
    words = [w for w in words if w.strip(".") not in data["credentials"]]
    return title, words


def _person_variants(kind: str, value: str, own: bool) -> list[Variant]:
    label = _label(kind)
    title, words = _strip_person(value)
    out = [Variant(value, label, 0.95, "exact")]
    if not words:
        return out
    if " ".join(words) != value:
        out.append(Variant(" ".join(words), label, 0.95, "exact"))
    if len(words) == 1:
        # a single given name as listed (e.g. family = ["Zara"]): a name only when capitalised,
        # and subject to the fiction and month filters like any first name
        return [Variant(words[0], label, 0.8, "listed name", cased=True, first_name=True,
                        person=(fold(words[0]),))]
    first, last = words[0], words[-1]
    full = f"{first} {last}"
    out.append(Variant(full, label, 0.95, "first and last name"))
    initial = first.rstrip(".")[0]
    out += [Variant(f"{initial}. {last}", label, 0.85, "initial and surname"),
            Variant(f"{initial} {last}", label, 0.8, "initial and surname", cased=True)]
    person = tuple(fold(w).strip(".") for w in words) + tuple(_nicknames().get(fold(first), ()))
    if len(last) >= 3 and not last.endswith("."):
        out.append(Variant(last, label, 0.8 if own else 0.6, "surname", cased=True, surname=True, person=person))
        if len(first) > 1 and len(f"{initial}{last}") >= 7:
            out.append(Variant(f"{initial}{last}", label, 0.8, "handle form"))
        f, ln = re.escape(fold(first)), re.escape(fold(last))
        if len(first) > 1:  # seonaid.farquharson@…, seonaid_farquharson
            out.append(Variant(f"{first}.{last}", label, 0.85, "dotted handle",
                               pattern=rf"(?<![\w.]){f}[._]{ln}(?!\w)"))
    for t in [title] if title else []:
        out += [Variant(f"{t} {last}", label, 0.9, "title and surname", cased=True),
                Variant(f"{t.rstrip('.')} {last}", label, 0.9, "title and surname", cased=True)]
    if not own and len(first.rstrip(".")) >= 2:
        out.append(Variant(first, label, 0.6, "first name", cased=True, first_name=True, person=person))
    for nick in _nicknames().get(fold(first), ()):
        nick_cap = nick.capitalize()
        out.append(Variant(f"{nick_cap} {last}", label, 0.9, "nickname and surname"))
        if not own:
            out.append(Variant(nick_cap, label, 0.55, "nickname", cased=True, first_name=True, person=person))
    return out


def _school_variants(value: str) -> list[Variant]:
    label = _label("schools")
    out = [Variant(value, label, 0.95, "exact")]
    for suffix in _names_data()["school_types"]:
        if value.endswith(" " + suffix):
            stem = value[: -len(suffix) - 1].strip()
            if len(stem) >= 4:
                out.append(Variant(stem, label, 0.7, "school name without its type", cased=True))
    return out


def _workplace_variants(value: str) -> list[Variant]:
    """"Aspen Ward" is also "Aspen"; "Bramblewood Elementary" is also "Bramblewood" (capitalised)."""
    label = _label("workplaces")
    out = [Variant(value, label, 0.9, "exact")]
    words = value.split()
    if len(words) >= 2 and words[-1] in _names_data()["workplace_types"] + _names_data()["school_types"]:
        stem = " ".join(words[:-1])
        if len(stem) >= 4:
            out.append(Variant(stem, label, 0.7, "workplace name without its type", cased=True))
    return out


def phone_regex(value: str) -> list[tuple[str, float]]:
    """Regexes (over folded text) for a phone number in any formatting, with confidences."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return []
    def spaced(ds: str) -> str:
        return _SEPARATORS.join(ds)
    out: list[tuple[str, float]] = []
    for code in ("44", "353", "61", "64"):  # an international form of a trunk-0 number
        if value.strip().startswith(("+" + code, "00" + code)) and len(digits) >= len(code) + 8:
            digits = "0" + digits[len(code):].lstrip("0")
            break
    else:
        if digits.startswith("44") and len(digits) >= 11:
            digits = "0" + digits[2:]
    if digits.startswith("0") and len(digits) >= 9:  # national format with a trunk 0 (UK, IE, AU, NZ…)
        nsd = digits[1:]
        country = rf"\+{_SEPARATORS}\d{{1,3}}{_SEPARATORS}(?:\(0\))?{_SEPARATORS}|00\d{{1,3}}{_SEPARATORS}"
        out.append((rf"(?<![\d+])(?:0|{country}){spaced(nsd)}(?!\d)", 0.95))
    elif len(digits) in (10, 11) and (len(digits) == 10 or digits.startswith("1")):  # North American
        nsd = digits[-10:]
        out.append((rf"(?<![\d])(?:\+?1{_SEPARATORS})?{spaced(nsd)}(?!\d)", 0.95))
        out.append((rf"(?<![\d)\-.])(?<!\d ){spaced(nsd[3:])}(?!\d)", 0.6))
    else:
        out.append((rf"(?<!\d){spaced(digits)}(?!\d)", 0.95))
    return out


def _email_variants(value: str) -> list[Variant]:
    label = _label("emails")
    local, _, domain = value.lower().partition("@")
    if not domain:
        return [Variant(value, label, 0.95, "exact")]
    at = r"\s*(?:@|\(at\)|\[at\]|\{at\}|\sat\s)\s*"
    dot = r"(?:\.|\s*(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s)\s*)"
    def dotted(part: str) -> str:
        return dot.join(re.escape(p) for p in part.split("."))
    pattern = rf"(?<![\w.]){dotted(local)}{at}{dotted(domain)}(?!\w)"
    out = [Variant(value, label, 0.95, "e-mail", pattern=pattern)]
    if domain not in _names_data()["webmail_domains"]:
        out.append(Variant(domain, "IDENTITY_EMAIL_DOMAIN", 0.7, "e-mail domain",
                           pattern=rf"(?<![\w.-]){dotted(domain)}(?![\w-])"))
    return out


def fact_variants(kind: str, value: str) -> list[Variant]:
    """Every variant of one ``[identity]`` fact."""
    value = value.strip()
    cleaned = value.lstrip("#@").strip()
    if kind == "phones":
        return [Variant(value, _label(kind), conf, "phone", pattern=rx) for rx, conf in phone_regex(value)]
    if kind == "emails":
        return _email_variants(value)
    if len(cleaned) < 2:
        return []
    if kind in ("real_names", "family", "colleagues"):
        return _person_variants(kind, cleaned, own=kind == "real_names")
    if kind == "descriptors":
        return descriptor_variants(cleaned)
    if kind == "schools":
        out = _school_variants(cleaned)
    elif kind == "workplaces":
        out = _workplace_variants(cleaned)
    else:
        cased = (kind == "other" and _title_case_words(cleaned)) or (  # "Nappy Rash" the team, not nappy rash
            cleaned.isalpha() and cleaned.isupper() and cleaned.lower() in _names_data()["everyday_abbreviations"])
        out = [Variant(cleaned, _label(kind), 0.9, "exact", cased=cased, place=kind == "places")]
        if "." in cleaned:
            out.append(Variant(cleaned.replace(".", ""), _label(kind), 0.9, "exact", cased=cased))
        numbers = [t for t in re.findall(r"[A-Za-z0-9]{5,}", cleaned) if sum(c.isdigit() for c in t) >= 3]
        out += [Variant(n, _label(kind), 0.85, "number", pattern=rf"(?<![a-z0-9]){n.lower()}(?![a-z0-9])")
                for n in numbers]
    out += _place_like_variants(kind, cleaned)
    return _dedupe(out)


def _title_case_words(value: str) -> bool:
    """Two or more words, each capitalised and none all-capitals or with digits: a proper name of ordinary words."""
    words = value.split()
    if words and words[0] == "The":
        words = words[1:]  # "The Stooshie" is "the Stooshie" in a sentence
    return len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _dedupe(variants: list[Variant]) -> list[Variant]:
    seen: set[tuple[str, bool, str | None]] = set()
    out = []
    for v in variants:
        key = (v.text, v.cased, v.pattern)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


# Words people swap for each other in names of places and organisations, both ways.
_SWAPS = (("Saint", "St"), ("Saint", "St."), ("Mount", "Mt"), ("Mount", "Mt."), ("Street", "St"),
          ("Road", "Rd"), ("Avenue", "Ave"), ("Cross", "X"), ("and", "&"), ("Fort", "Ft"))


def _swapped(value: str) -> list[str]:
    """"St Ciarán's" → "Saint Ciarán's"; "Kings Cross" → "Kings X"; "Mount Eyrie" → "Mt Eyrie"."""
    words = value.split()
    out: list[str] = []
    for long, short in _SWAPS:
        for a, b in ((long, short), (short, long)):
            if a in words:
                out.append(" ".join(b if w == a else w for w in words))
    return out


def _stems(value: str) -> list[str]:
    """Shorter forms: trailing generic or lower-case words dropped ("St Ciarán's Community Nursing Unit"
    → "St Ciarán's"; "Kirkholme General Hospital transfer of care hub" → "Kirkholme General Hospital",
    "Kirkholme"; "the Bothy pupil support base" → "the Bothy")."""
    generic = set(_names_data()["generic_words"]) | set(_names_data()["workplace_types"]) | \
        set(_names_data()["school_types"])
    words = value.split()
    out: list[str] = []
    while len(words) >= 2 and (words[-1] in generic or words[-1].islower() or words[-1].strip("'’s") in generic
                               or not any(c.isalpha() for c in words[-1])):
        words = words[:-1]
        stem = " ".join(words)
        core = [w for w in words if w.lower() not in ("the", "st", "saint", "mt", "of")]
        if core and len(stem) >= 4 and not (len(core) == 1 and core[0] in generic):
            out.append(stem)
    return out


def _acronym_patterns(value: str) -> list[str]:
    """"BCC" written "B.C.C." or "B-C-C" (a regex over folded text)."""
    if not (value.isalpha() and value.isupper() and 2 <= len(value) <= 6):
        return []
    letters = [re.escape(c) for c in value.lower()]
    return [r"(?<![\w.])" + r"\.\s?".join(letters) + r"\.?(?![\w])", r"(?<![\w-])" + "-".join(letters) + r"(?![\w-])"]


def _council_variants(value: str) -> list[str]:
    """"Hebbleton Metropolitan Borough Council" → "Hebbleton Council", "Hebbleton Borough Council"."""
    words = value.split()
    if "Council" not in words[1:]:
        return []
    words = words[:words.index("Council", 1) + 1]  # "Strathmoor Council Education Services" → "Strathmoor Council"
    drop = set(_names_data()["council_words"])
    core = [w for w in words[:-1] if w not in drop]
    if not core:
        return []
    return [" ".join(core) + " Council", " ".join(core) + " council"]


def _place_like_variants(kind: str, value: str) -> list[Variant]:
    """Variants of a place, employer, workplace, school or group: swapped words, stems, acronyms, councils."""
    if kind in ("real_names", "family", "colleagues", "emails", "phones") or value.startswith("#"):
        return []
    label = _label(kind)
    out: list[Variant] = []
    for text in _swapped(value):
        out.append(Variant(text, label, 0.85, "variant", place=kind == "places"))
    for text in _stems(value):
        for form in (text, *_swapped(text)):
            out.append(Variant(form, label, 0.7, "name without its type", cased=True))
    for text in _council_variants(value):
        out.append(Variant(text, label, 0.85, "council"))
    for rx in _acronym_patterns(value):
        out.append(Variant(value, label, 0.85, "acronym", pattern=rx))
    if value.isalpha() and value.isupper() and value.lower() in _names_data()["everyday_abbreviations"]:
        out = [v for v in out if v.pattern is not None]  # the plain form is added cased by the caller
    if value.lower().startswith("the ") and len(value.split()) >= 3:
        out += descriptor_variants(value, label)
    return out


_STOP = frozenset({"the", "a", "an", "on", "of", "by", "in", "at", "and", "to", "for", "with", "near", "next",
                   "from", "our", "my", "its", "only"})


def descriptor_variants(value: str, label: str = "IDENTITY_DESCRIPTOR") -> list[Variant]:
    """A phrase describing a workplace, matched loosely: any three of its content words in a row.

    "the old cannery office on Front Street" is found in "in the old cannery office today"; little words
    (the, on, of…) may come and go between them and "&" stands for "and".
    """
    words = [w for w in re.findall(r"[a-z0-9]+", fold(value.replace("&", " and "))) if w]
    content = [w for w in words if w not in _STOP]
    if not content:
        return []
    gap = r"(?:\W+(?:" + "|".join(sorted(_STOP)) + r"|and))*\W+"
    size = min(3, len(content))
    windows = {tuple(content[i:i + size]) for i in range(len(content) - size + 1)}
    out = [Variant(value, label, 0.85, "exact")]
    for window in sorted(windows):
        pattern = r"(?<!\w)" + gap.join(re.escape(w) for w in window) + r"(?!\w)"
        out.append(Variant(" ".join(window), label, 0.75, "description", pattern=pattern))
    return out


def typo_tokens(identity: IdentityFacts) -> TypoIndex:
    """Longer name tokens (6+ letters) of people facts, indexed by every one-letter deletion."""
    index = TypoIndex()
    generic = {w.lower() for w in _names_data()["generic_words"] + _names_data()["workplace_types"]
               + _names_data()["school_types"]}
    for kind in ("places", "workplaces", "employers", "schools", "other"):
        for value in identity.of(kind):
            for word in re.findall(r"[^\W\d_]+", value):
                token = fold(word)
                if len(token) < 7 or token in generic or not word[:1].isupper():
                    continue
                index.exact.add(token)
                place = Variant(token, _label(kind), 0.6, "place typo")
                index.index.setdefault(token, place)
                for i in range(len(token)):
                    index.index.setdefault(token[:i] + token[i + 1:], place)
    for kind in ("real_names", "family", "colleagues"):
        for value in identity.of(kind):
            _, words = _strip_person(value.lstrip("#@"))
            for word in (part for w in words for part in w.split("-")):
                token = fold(word).strip(".")
                if len(token) < 6 or not token.isalpha():
                    continue
                index.exact.add(token)
                target = Variant(token, _label(kind), 0.6, "typo")
                index.index.setdefault(token, target)
                for i in range(len(token)):
                    index.index.setdefault(token[:i] + token[i + 1:], target)
    return index
