"""Term packs: lists of words and patterns, compiled once into a single regular expression.

A pack is a TOML file under ``auditor/data/terms/``. A *label pack* (``ages.toml``) has a
``label`` and ``terms`` (literal phrases) and/or ``patterns`` (regular expressions). A *role* or
*jurisdiction* pack (``roles/nurse.toml``, ``jurisdictions/uk.toml``) has one table per label
(``[WORK_CONTEXT] terms = [...]``), so the words a nurse or a US teacher uses live together
and :func:`packs_for` picks them by ``[profile]``.

All literal terms of all packs go into ONE prefix trie, written as one regex alternation, so
scanning a post is one regex pass however many terms there are (never a Python loop over
terms per post); the matched text is looked up in a dict to find its label. Terms match the
folded view of the post (case, diacritics and ``_``/``-``/space differences ignored), patterns
are lower-case regexes over the same view; a pattern that starts with ``(?-i:`` needs case
("Mr" + a capitalised word) and runs over the case-keeping view instead. Offsets always come
back in the original text (see :mod:`auditor.detectors.text`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from auditor.detectors.expand import expand
from auditor.detectors.text import NormText, View, fold, fold_cased, normalise

Match = tuple[int, int, str]  # start, end, label (offsets in the original text)
_APOSTROPHES = "['’‘`]"
_APOSTROPHE = re.compile(_APOSTROPHES)
_SEP = "\x00"  # a word gap inside a trie key
_KEY_DROP = re.compile(r"[\s\-'\x00]+")


def term_regex(term: str) -> str:
    """A literal phrase as a regex: case and spacing tolerant, any apostrophe, word-bounded.

    Used for one-off phrases (identity facts); packs use the trie in :class:`TermMatcher`.
    """
    words = [_APOSTROPHE.sub(_APOSTROPHES, re.escape(word)) for word in term.split()]
    return r"(?<!\w)" + r"[\s_\-]*".join(words) + r"(?!\w)"


@dataclass(frozen=True)
class TermPack:
    name: str
    label: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]

    def regex(self) -> str:
        """The pack alone as one regex (for tools and the naive benchmark; matching uses the trie)."""
        parts = [term_regex(t) for t in sorted(self.terms, key=len, reverse=True)]
        parts += list(self.patterns)
        return "|".join(f"(?:{p})" for p in parts)


def _read(path: str) -> dict[str, Any]:
    resource = resources.files("auditor") / "data" / "terms"
    for part in path.split("/"):
        resource = resource / part
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    return data


@cache
def load_pack(name: str) -> TermPack:
    """Read the label pack ``auditor/data/terms/<name>.toml``."""
    data = _read(f"{name}.toml")
    return TermPack(name, data["label"], tuple(data.get("terms", ())), tuple(data.get("patterns", ())))


@cache
def load_sectioned(path: str) -> tuple[TermPack, ...]:
    """Read a role or jurisdiction pack: one table per label."""
    data = _read(path)
    return tuple(
        TermPack(f"{path}#{label}", label, tuple(table.get("terms", ())), tuple(table.get("patterns", ())))
        for label, table in data.items()
        if isinstance(table, dict)
    )


ROLE_PACKS = {
    "social_worker": "social_work", "nurse": "nursing", "doctor": "medicine", "teacher": "teaching",
    "allied_health": "medicine",
}


def packs_for(labels: Iterable[str], role: str = "generic", jurisdiction: str = "generic",
              base: Iterable[str] = ()) -> list[TermPack]:
    """The label packs in ``base`` plus the role and jurisdiction packs' tables for ``labels``.

    A ``generic`` role or jurisdiction takes every role's or jurisdiction's terms: without
    knowing the profession, missing a term is worse than one more term to match.
    """
    wanted = set(labels)
    roles = set(ROLE_PACKS.values()) if role == "generic" else {ROLE_PACKS.get(role, "")}
    jurisdictions = {"uk", "us"} if jurisdiction == "generic" else {jurisdiction}
    files = ["roles/generic.toml"] + [f"roles/{r}.toml" for r in sorted(roles) if r]
    files += [f"jurisdictions/{j}.toml" for j in sorted(jurisdictions)]
    packs = [load_pack(name) for name in base]
    for file in files:
        packs += [p for p in load_sectioned(file) if p.label in wanted]
    return packs


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex for many literal keys, factored by common prefixes (so alternatives share work)."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = []
        for char in sorted(c for c in node if c):
            atom = r"[\s\-]*" if char == _SEP else ("'?" if char == "'" else re.escape(char))
            branches.append(atom + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def literal_key(term: str, cased: bool = False) -> str:
    """A term as a trie key: folded (or case-kept), words joined by the gap marker."""
    text = fold_cased(term) if cased else fold(term)
    return _SEP.join(text.replace("-", " ").split())


def match_key(text: str) -> str:
    """The lookup key of a matched span or a term: separators and apostrophes dropped."""
    return _KEY_DROP.sub("", text)


def trie_regex(keys: Iterable[str]) -> str:
    """Word-bounded trie alternation over :func:`literal_key` keys."""
    return r"(?<!\w)" + _trie_regex(keys) + r"(?!\w)"


_key = literal_key


class TermMatcher:
    """Finds every pack's terms in a text in one pass; non-overlapping, leftmost-longest first."""

    def __init__(self, packs: list[TermPack], extra_terms: Mapping[str, Iterable[str]] | None = None) -> None:
        terms: list[tuple[str, str]] = [(t, p.label) for p in packs for t in p.terms]
        terms += [(t, label) for label, ts in (extra_terms or {}).items() for t in ts]
        patterns: list[tuple[str, str]] = []
        for pack in packs:
            for pattern in pack.patterns:
                strings = None if pattern.startswith("(?-i:") else expand(pattern)
                if strings is None:
                    patterns.append((pattern, pack.label))
                else:
                    terms += [(string, pack.label) for string in strings]
        self._label_of: dict[str, str] = {}
        for term, label in terms:
            self._label_of.setdefault(match_key(fold(term)), label)
        keys = {literal_key(t) for t, _ in terms} - {""}
        self._group_label: dict[str, str] = {}
        lanes: dict[tuple[bool, bool], dict[str, list[str]]] = {}  # (cased, word start) → label → bodies
        for pattern, label in patterns:
            cased = pattern.startswith("(?-i:")
            body = pattern[5:-1] if cased else pattern
            word_start = body.startswith(r"\b") and not body.startswith(r"\b(?=")
            lanes.setdefault((cased, word_start), {}).setdefault(label, []).append(body[2:] if word_start else body)
        # the trie gets its own pass, so a pattern that starts at a term ("client's mum added me") still matches
        self._trie = re.compile(f"(?P<t>{trie_regex(keys)})") if keys else None
        parts: dict[bool, list[str]] = {False: [], True: []}
        for (cased, word_start), by_label in sorted(lanes.items()):
            groups = []
            for label, bodies in by_label.items():
                group = f"g{len(self._group_label)}"
                self._group_label[group] = label
                groups.append(f"(?P<{group}>" + "|".join(f"(?:{b})" for b in bodies) + ")")
            parts[cased] += [r"\b(?:" + "|".join(groups) + ")"] if word_start else groups
        self._folded = re.compile("|".join(parts[False])) if parts[False] else None
        self._cased = re.compile("|".join(parts[True])) if parts[True] else None

    def find(self, text: str | NormText) -> list[Match]:
        """Matches in original-text offsets, sorted by position."""
        norm = normalise(text)
        found: list[Match] = []
        for regex in (self._trie, self._folded):
            if regex is not None:
                found += self._scan(regex, norm.view)
                for view in norm.extra_views:
                    found += self._scan(regex, view)
        if self._cased is not None:
            found += self._scan(self._cased, View(norm.cased, norm.view.offsets))
        if len(found) > 1:
            found = sorted(set(found))
        return found

    def _scan(self, regex: re.Pattern[str], view: View) -> list[Match]:
        out = []
        for match in regex.finditer(view.text):
            group = match.lastgroup
            if group is None or match.end() == match.start():
                continue
            if group == "t":
                label = self._label_of.get(match_key(match.group()))
                if label is None:
                    continue
            else:
                label = self._group_label[group]
            start, end = view.to_original(match.start(), match.end())
            out.append((start, end, label))
        return out


@cache
def matcher(*names: str) -> TermMatcher:
    """A compiled matcher for the named label packs, built once per process."""
    return TermMatcher([load_pack(name) for name in names])


@cache
def profile_matcher(labels: tuple[str, ...], role: str, jurisdiction: str, base: tuple[str, ...]) -> TermMatcher:
    """A compiled matcher for label packs plus the profile's role and jurisdiction packs."""
    return TermMatcher(packs_for(labels, role, jurisdiction, base))
