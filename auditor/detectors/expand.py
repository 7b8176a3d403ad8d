"""Expand a finite regex into the literal strings it matches, so it can join the term trie.

Pack authors write ``\\bone of my (?:kiddos?|kids|clients)\\b`` because it is readable; Python's
``re`` would try such a pattern at every word of every post. When a pattern is word-bounded at
both ends and matches a small finite set of strings (literals, alternations, optional parts,
small character classes), it is expanded here and its strings go into the one trie, which
``re`` walks with a first-character dispatch. Anything else (``\\d``, ``\\w+``, lookarounds)
stays a pattern.
"""

from __future__ import annotations

import importlib
import re
from itertools import product
from typing import Any

# The stdlib's own regex parser (private, but what re.compile itself uses in 3.11-3.13).
C: Any = importlib.import_module("re._constants")
P: Any = importlib.import_module("re._parser")

_LIMIT = 400


class _NotFiniteError(Exception):
    pass


def expand(pattern: str, limit: int = _LIMIT) -> list[str] | None:
    """The strings ``pattern`` matches, if it is ``\\b…\\b`` around a small finite language; else None."""
    try:
        items = list(P.parse(pattern))
    except re.error:
        return None
    if len(items) < 3 or items[0] != (C.AT, C.AT_BOUNDARY) or items[-1] != (C.AT, C.AT_BOUNDARY):
        return None
    try:
        strings = _seq(items[1:-1], limit)
    except _NotFiniteError:
        return None
    if not strings or any(not s or not (s[0].isalnum() and s[-1].isalnum()) for s in strings):
        return None  # \b at an edge means a word character there; keep the semantics exact
    return strings


def _seq(items: list[tuple[Any, Any]], limit: int) -> list[str]:
    parts = [_item(op, av, limit) for op, av in items]
    total = 1
    for part in parts:
        total *= len(part)
        if total > limit:
            raise _NotFiniteError
    return ["".join(p) for p in product(*parts)]


def _item(op: Any, av: Any, limit: int) -> list[str]:
    if op is C.LITERAL:
        return [chr(av)]
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _NotFiniteError
        return _seq(list(sub), limit)
    if op is C.BRANCH:
        out: list[str] = []
        for alternative in av[1]:
            out += _seq(list(alternative), limit)
            if len(out) > limit:
                raise _NotFiniteError
        return out
    if op is C.MAX_REPEAT or op is C.MIN_REPEAT:
        low, high, sub = av
        if (low, high) != (0, 1):
            raise _NotFiniteError
        return ["", *_seq(list(sub), limit)]
    if op is C.IN:
        chars = []
        for kind, value in av:
            if kind is C.LITERAL:
                chars.append(chr(value))
            elif kind is C.CATEGORY and value is C.CATEGORY_SPACE:
                chars.append(" ")
            else:
                raise _NotFiniteError
        return chars
    raise _NotFiniteError
