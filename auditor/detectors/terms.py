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

Patterns are the expensive part, so one RE2 pass over the post first says which of them (and
whether the trie) could match it at all (:mod:`auditor.detectors.prefilter`); only those run,
with the same results as one combined alternation of every pattern.
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
from auditor.detectors.prefilter import PatternFilter
from auditor.detectors.text import NormText, View, fold, fold_cased, normalise
from auditor.profiles import jurisdiction_chain

Match = tuple[int, int, str]  # start, end, label (offsets in the original text)
_APOSTROPHES = "['’‘`]"
_APOSTROPHE = re.compile(_APOSTROPHES)
_SEP = "\x00"  # a word gap inside a trie key
_KEY_DROP = re.compile(r"[\s\-'\x00]+")
_SPELLING_CACHE = 20_000  # matched spellings of terms ("Home-visit", "home  visit") → label


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


_TERMS = resources.files("auditor") / "data" / "terms"
_ROLE_FILES = {e.name.removesuffix(".toml") for e in (_TERMS / "roles").iterdir() if e.name.endswith(".toml")}
_JURISDICTION_FILES = {e.name.removesuffix(".toml") for e in (_TERMS / "jurisdictions").iterdir()
                       if e.name.endswith(".toml")}
ROLE_PACKS = {
    "social_worker": "social_work", "nurse": "nursing", "doctor": "medicine", "teacher": "teaching",
    "allied_health": "medicine", "therapist": "therapy", "probation_officer": "probation",
}


def packs_for(labels: Iterable[str], role: str = "generic", jurisdiction: str = "generic",
              base: Iterable[str] = ()) -> list[TermPack]:
    """The label packs in ``base`` plus the role and jurisdiction packs' tables for ``labels``.

    A ``generic`` role or jurisdiction takes every role's or jurisdiction's terms: without
    knowing the profession, missing a term is worse than one more term to match.
    """
    wanted = set(labels)
    roles = set(ROLE_PACKS.values()) if role == "generic" else {ROLE_PACKS.get(role, "")}
    jurisdictions = set(_JURISDICTION_FILES) if jurisdiction == "generic" else set(jurisdiction_chain(jurisdiction))
    files = ["roles/generic.toml"] + [f"roles/{r}.toml" for r in sorted(roles) if r in _ROLE_FILES]
    files += [f"jurisdictions/{j}.toml" for j in sorted(jurisdictions) if j in _JURISDICTION_FILES]
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
        # the trie gets its own pass, so a pattern that starts at a term ("client's mum added me") still matches
        self._trie = re.compile(f"(?P<t>{trie_regex(keys)})") if keys else None
        # each pattern: (cased, word start, label, body), compiled on its own; see _scan_patterns for the order
        self._patterns: list[tuple[bool, bool, str, str]] = []
        for pattern, label in patterns:
            cased = pattern.startswith("(?-i:")
            body = pattern[5:-1] if cased else pattern
            word_start = body.startswith(r"\b") and not body.startswith(r"\b(?=")
            self._patterns.append((cased, word_start, label, body[2:] if word_start else body))
        self._compiled = [re.compile(rf"\b(?:{body})" if word_start else body)
                          for _, word_start, _, body in self._patterns]
        self._labels = [label for _, _, label, _ in self._patterns]
        self._rank = _pack_order(self._patterns)
        entries = ([self._trie.pattern] if self._trie is not None else []) + [p for p, _ in patterns]
        self._filter = PatternFilter(entries)
        self._first = 1 if self._trie is not None else 0  # filter entry of pattern 0
        self._spelling: dict[str, str | None] = {}

    def find(self, text: str | NormText) -> list[Match]:
        """Matches in original-text offsets, sorted by position.

        One RE2 pass over the post (see :mod:`auditor.detectors.prefilter`) says which patterns
        may match it; only those run, and the trie only when a term may be present.
        """
        norm = normalise(text)
        views = norm.views
        mask = self._filter.candidates(norm.filter_text)
        if not mask:
            return []
        found: list[Match] = []
        if self._trie is not None and mask & 1:
            for view in views:
                found += self._scan_trie(view)
        mask >>= self._first
        if mask:
            folded: list[int] = []
            cased: list[int] = []
            while mask:
                low = mask & -mask
                i = low.bit_length() - 1
                (cased if self._patterns[i][0] else folded).append(i)
                mask ^= low
            if folded:
                folded.sort(key=self._rank.__getitem__)
                for view in views:
                    found += self._scan_patterns(folded, view)
            if cased:
                cased.sort(key=self._rank.__getitem__)
                found += self._scan_patterns(cased, norm.cased_view)
        if len(found) > 1:
            found = sorted(set(found))
        return found

    def _scan_patterns(self, candidates: list[int], view: View) -> list[Match]:
        """The matches of one combined alternation of ``candidates`` (in pack order), without building it.

        A combined regex tries its alternatives in order at each position, takes the first that
        matches there and goes on after it. Each pattern's next match (``search`` from the
        current position) is where it would first win a position; the earliest, the first in
        pack order on a tie, is the combination's next match. The patterns the prefilter left
        out cannot match anywhere in the post, so they could never have won a position: the
        result is exactly that of the full combination, with no regex compiled per post.
        """
        text = view.text
        if len(candidates) == 1:
            k = candidates[0]
            return self._scan(self._compiled[k], view, self._labels[k])
        compiled = self._compiled
        pending: list[re.Match[str] | None] = [None] * len(candidates)
        active = list(range(len(candidates)))
        pos = 0
        out: list[Match] = []
        while active:
            best: re.Match[str] | None = None
            winner = -1
            still = []
            for j in active:
                m = pending[j]
                if m is None or m.start() < pos:
                    m = pending[j] = compiled[candidates[j]].search(text, pos)
                    if m is None:
                        continue  # no match from here on: this pattern is done
                still.append(j)
                if best is None or m.start() < best.start():
                    best, winner = m, j
            active = still
            if best is None:
                break
            start, end = best.span()
            if end == start:  # pack patterns never match empty (tests/detectors/test_prefilter.py); be safe
                pos = start + 1
                continue
            out.append((*view.to_original(start, end), self._labels[candidates[winner]]))
            pos = end
        return out

    def _scan(self, regex: re.Pattern[str], view: View, label: str) -> list[Match]:
        out: list[Match] = []
        offsets, base = view.offsets, view.base
        for match in regex.finditer(view.text):
            start, end = match.span()
            if start == end:
                continue
            if offsets is None:
                out.append((start + base, end + base, label))
            else:
                out.append((*view.to_original(start, end), label))
        return out

    def _scan_trie(self, view: View) -> list[Match]:
        """Trie matches, labelled by looking the matched text up (cached by its exact spelling)."""
        assert self._trie is not None
        out: list[Match] = []
        offsets, base = view.offsets, view.base
        seen = self._spelling
        for match in self._trie.finditer(view.text):
            start, end = match.span()
            text = match.group()
            if text in seen:
                label = seen[text]
            else:
                label = self._label_of.get(match_key(text))
                if len(seen) >= _SPELLING_CACHE:
                    seen.clear()
                seen[text] = label
            if label is None or start == end:
                continue
            if offsets is None:
                out.append((start + base, end + base, label))
            else:
                out.append((*view.to_original(start, end), label))
        return out


def _pack_order(patterns: list[tuple[bool, bool, str, str]]) -> list[int]:
    """Each pattern's place in its lane's combined alternation, as the pack files define it.

    Within the folded (or cased) lane: patterns that do not start at a word boundary first,
    then those that do; within each, labels in order of first appearance, and each label's
    patterns in file order. This is the order in which a combined regex would try them.
    """
    labels: dict[tuple[bool, bool], dict[str, int]] = {}
    keys = []
    for i, (cased, word_start, label, _) in enumerate(patterns):
        rank = labels.setdefault((cased, word_start), {}).setdefault(label, len(labels[(cased, word_start)]))
        keys.append((word_start, rank, i))
    rank_of = [0] * len(patterns)
    for place, i in enumerate(sorted(range(len(patterns)), key=keys.__getitem__)):
        rank_of[i] = place
    return rank_of


@cache
def matcher(*names: str) -> TermMatcher:
    """A compiled matcher for the named label packs, built once per process."""
    return TermMatcher([load_pack(name) for name in names])


@cache
def profile_matcher(labels: tuple[str, ...], role: str, jurisdiction: str, base: tuple[str, ...]) -> TermMatcher:
    """A compiled matcher for label packs plus the profile's role and jurisdiction packs."""
    return TermMatcher(packs_for(labels, role, jurisdiction, base))
