"""A one-pass prefilter that says which of many regex patterns cannot possibly match a post.

Python's ``re`` tries every alternative of a combined pattern at every position of every post,
so a pack's patterns (``\\bmy (?:\\w+ ){0,2}(?:client|patient|…)s?\\b``) cost far more than its
literal terms. RE2 (google-re2) matches a whole *set* of patterns in one linear pass and says
which of them match, but has no lookarounds. So each pattern is translated into RE2 syntax as
a *superset*: lookarounds, anchors and word boundaries are dropped and character classes are
widened to Unicode, so the translation matches wherever the original could. RE2 names the
candidates for a post; only those run in Python's ``re``, with their exact semantics.

A pattern that cannot be translated (a back-reference) is a candidate for every post, and a
post too long for a safe linear pass skips the filter: the filter may only ever say "maybe".
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import re2

# The stdlib's own regex parser (private, but what re.compile itself uses in 3.11-3.13).
C: Any = importlib.import_module("re._constants")
P: Any = importlib.import_module("re._parser")

MAX_TEXT = 20_000  # characters; longer texts (not posts) skip the filter rather than risk RE2's DFA memory cap
_MAX_MEM = 64 << 20
_RE2_REPEAT_LIMIT = 1000
# Python's \w is str.isalnum() or "_"; \s is str.isspace(). Their Unicode supersets in RE2 syntax:
_WORD = r"\p{L}\p{N}\p{M}_"
_DIGIT = r"\p{N}"
_SPACE = r"\s\p{Z}\x{1c}-\x{1f}\x{85}"


class UntranslatableError(Exception):
    """The pattern uses something RE2 has no superset for (a back-reference)."""


@lru_cache(maxsize=512)
def to_re2(pattern: str) -> str:
    """An RE2 pattern that matches wherever the Python ``pattern`` matches (and maybe elsewhere)."""
    return _seq(P.parse(pattern))


def _seq(items: Any) -> str:
    items = _absorb(list(items))
    out = []
    for i, (op, av) in enumerate(items):
        side = _word_edge_test(op, av)
        if side is None:
            out.append(_item(op, av))
        else:
            out.append(r"\b" if _keeps_boundary(side, items[:i], items[i + 1:]) else "")
    return "".join(out)


# A word-boundary test is the most selective thing about a term ("od" in "good" is not the word "od"),
# but RE2's \b knows only ASCII letters. It is kept where it cannot reject what Python accepts: next to
# a character of the pattern that is always an ASCII letter, digit or "_". Python's test then says
# "the other side is not a (Unicode) word character", so it is not an ASCII one either, and RE2 agrees.
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _word_edge_test(op: Any, av: Any) -> str | None:
    r"""``both`` for ``\b``, ``before``/``after`` for ``(?<!\w)``/``(?!\w)``; None for anything else."""
    if op is C.AT and av is C.AT_BOUNDARY:
        return "both"
    if op is C.ASSERT_NOT and list(av[1]) == [(C.IN, [(C.CATEGORY, C.CATEGORY_WORD)])]:
        return "before" if av[0] < 0 else "after"
    return None


def _keeps_boundary(side: str, before: list[tuple[Any, Any]], after: list[tuple[Any, Any]]) -> bool:
    if side in ("both", "before") and _ascii_word_edge(after, first=True):
        return True
    return side in ("both", "after") and _ascii_word_edge(before, first=False)


def _ascii_word_edge(items: list[tuple[Any, Any]], first: bool) -> bool:
    chars, nullable = _edge_seq(items, first)
    return chars is not None and bool(chars) and not nullable and all(
        c.isascii() and (c.isalnum() or c == "_") for c in chars)


def _edge_seq(items: Any, first: bool) -> tuple[set[str] | None, bool]:
    """The characters a sequence can start (or end) with, and whether it can be empty; None = any."""
    chars: set[str] = set()
    for op, av in (list(items) if first else list(items)[::-1]):
        if op in _ZERO_WIDTH:
            continue
        more, nullable = _edge(op, av, first)
        if more is None:
            return None, False
        chars |= more
        if not nullable:
            return chars, False
    return chars, True


def _edge(op: Any, av: Any, first: bool) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < 128:
                chars |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:
                return None, False
        return chars, False
    if op is C.SUBPATTERN:
        return _edge_seq(av[-1], first)
    if op is C.BRANCH:
        union: set[str] = set()
        any_empty = False
        for alternative in av[1]:
            more, nullable = _edge_seq(alternative, first)
            if more is None:
                return None, False
            union |= more
            any_empty = any_empty or nullable
        return union, any_empty
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, _high, sub = av
        more, nullable = _edge_seq(sub, first)
        return more, nullable or low == 0
    return None, False


def _absorb(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    r"""Move zero-width tests next to an alternation into each alternative: ``\b(?:ab|#c)`` → ``(?:\bab|\b#c)``.

    The same language; but now each alternative's own first (or last) character decides
    whether its boundary test can be kept.
    """
    out: list[tuple[Any, Any]] = []
    i = 0
    while i < len(items):
        op, av = items[i]
        i += 1
        if op is C.BRANCH:
            pre: list[tuple[Any, Any]] = []
            while out and out[-1][0] in _ZERO_WIDTH:
                pre.insert(0, out.pop())
            post: list[tuple[Any, Any]] = []
            while i < len(items) and items[i][0] in _ZERO_WIDTH:
                post.append(items[i])
                i += 1
            if pre or post:
                av = (av[0], [pre + list(alternative) + post for alternative in av[1]])
        out.append((op, av))
    return out


def _char(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else f"\\x{{{code:x}}}"


def _item(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return _char(av)
    if op is C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is C.ANY:
        return "(?s:.)"
    if op in _ZERO_WIDTH:
        return ""  # other zero-width tests only narrow the matches: dropping them gives a superset
    if op is C.IN:
        return _class(av)
    if op is C.BRANCH:
        return "(?:" + "|".join(_seq(alternative) for alternative in av[1]) + ")"
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        flags = ("i" if add_flags & 2 else "") + ("-i" if del_flags & 2 else "")  # 2 = re.IGNORECASE
        return f"(?{flags}:" + _seq(sub) + ")"
    if op is getattr(C, "ATOMIC_GROUP", None):
        return "(?:" + _seq(av) + ")"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        low, high, sub = av
        low = min(low, _RE2_REPEAT_LIMIT)
        upper = "" if high >= C.MAXREPEAT or high > _RE2_REPEAT_LIMIT else str(high)
        return "(?:" + _seq(sub) + f"){{{low},{upper}}}"
    raise UntranslatableError(str(op))


def _class(av: Any) -> str:
    negate = bool(av) and av[0][0] is C.NEGATE
    parts = []
    for kind, value in av[1:] if negate else av:
        if kind is C.LITERAL:
            parts.append(_char(value))
        elif kind is C.RANGE:
            parts.append(f"{_char(value[0])}-{_char(value[1])}")
        elif kind is C.CATEGORY and not negate and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:
            return "(?s:.)"  # a negated or "not-" category: any character is a superset
    return ("[^" if negate else "[") + "".join(parts) + "]"


_CATEGORIES = {C.CATEGORY_DIGIT: _DIGIT, C.CATEGORY_WORD: _WORD, C.CATEGORY_SPACE: _SPACE}


class PatternFilter:
    """Which of a list of patterns may match a text, in one RE2 pass.

    The set's first entry is the empty pattern, which matches every text: a result without
    it means RE2 gave up (its automaton ran out of memory), and then every pattern is a
    candidate. The same goes for a set RE2 cannot compile and for text it cannot take (lone
    surrogates from a broken export): the filter degrades to "run everything", never to
    "run nothing".
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        options = re2.Options()
        options.max_mem = _MAX_MEM
        options.log_errors = False
        self._set = re2.Set.SearchSet(options)
        self._set.Add("")  # the sentinel, entry 0
        self._everything = (1 << len(patterns)) - 1
        self._always = 0
        self._bit_of_entry: list[int] = [0]
        for i, pattern in enumerate(patterns):
            try:
                self._set.Add(to_re2(pattern))
            except (UntranslatableError, re2.error):
                self._always |= 1 << i
                continue
            self._bit_of_entry.append(1 << i)
        try:
            self._set.Compile()
            self._usable = len(self._bit_of_entry) > 1
        except re2.error:
            self._usable = False  # never Match an uncompiled set: the binding does not check
        if not self._usable:
            self._always = self._everything

    def candidates(self, text: str) -> int:
        """A bit mask: bit i is set when pattern i may match somewhere in ``text``."""
        if not self._usable or len(text) > MAX_TEXT:
            return self._always if not self._usable else self._everything
        try:
            entries = self._set.Match(text)
        except UnicodeEncodeError:
            return self._everything
        if not entries or 0 not in entries:
            return self._everything  # no sentinel: RE2 did not finish the pass
        mask = self._always
        bit_of_entry = self._bit_of_entry
        for entry in entries:
            mask |= bit_of_entry[entry]
        return mask
