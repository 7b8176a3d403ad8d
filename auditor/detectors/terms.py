"""Term packs: lists of words and patterns, compiled once into a single regular expression.

A pack is a TOML file in ``auditor/data/terms/`` with a ``label`` and ``terms`` (literal phrases)
and/or ``patterns`` (regular expressions). Several packs compile into one alternation with a
named group per label, so scanning a post is one regex pass however many terms there are:
never a Python loop over terms per post.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

Match = tuple[int, int, str]  # start, end, label
_APOSTROPHES = "['’‘`]"
_APOSTROPHE = re.compile(_APOSTROPHES)


def term_regex(term: str) -> str:
    """A literal phrase as a regex: case and spacing tolerant, any apostrophe, word-bounded."""
    words = [_APOSTROPHE.sub(_APOSTROPHES, re.escape(word)) for word in term.split()]
    return r"(?<!\w)" + r"[\s_\-]*".join(words) + r"(?!\w)"


@dataclass(frozen=True)
class TermPack:
    name: str
    label: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]

    def regex(self) -> str:
        parts = [term_regex(t) for t in sorted(self.terms, key=len, reverse=True)]
        parts += list(self.patterns)
        return "|".join(f"(?:{p})" for p in parts)


@cache
def load_pack(name: str) -> TermPack:
    """Read ``auditor/data/terms/<name>.toml``."""
    resource = resources.files("auditor") / "data" / "terms" / f"{name}.toml"
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return TermPack(name, data["label"], tuple(data.get("terms", ())), tuple(data.get("patterns", ())))


class TermMatcher:
    """Finds every pack's terms in a text in one pass; non-overlapping, leftmost-longest first."""

    def __init__(self, packs: list[TermPack]) -> None:
        self._labels: dict[str, str] = {}
        groups = []
        for i, pack in enumerate(packs):
            group = f"g{i}"
            self._labels[group] = pack.label
            groups.append(f"(?P<{group}>{pack.regex()})")
        self._regex = re.compile("|".join(groups), re.IGNORECASE)

    def find(self, text: str) -> list[Match]:
        found = []
        for match in self._regex.finditer(text):
            group = match.lastgroup
            if group is not None and match.end() > match.start():
                found.append((match.start(), match.end(), self._labels[group]))
        return found


@cache
def matcher(*names: str) -> TermMatcher:
    """A compiled matcher for the named packs, built once per process."""
    return TermMatcher([load_pack(name) for name in names])
