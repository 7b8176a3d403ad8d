"""Find the user's own identity facts (``[identity]`` in the config) in text.

A fact is matched case-insensitively with flexible spacing, so "Wexford County Council" also
finds ``#WexfordCountyCouncil`` and ``wexford_county_council``; possessives ("Okafor's") match
because the apostrophe ends the word. Phone numbers match on their digits whatever the
separators. The compiled pattern is built once per audit from the config; labels name only the
kind of fact (``IDENTITY_EMPLOYER``), never the fact, so evidence never repeats the fact list.
"""

from __future__ import annotations

import re

from auditor.config import IdentityFacts
from auditor.detectors.terms import Match, term_regex

_PHONE_SEPARATORS = r"[\s.\-()]*"


def _fact_regex(kind: str, value: str) -> str | None:
    if kind == "phones":
        digits = re.sub(r"\D", "", value)
        if len(digits) < 6:
            return None
        return r"(?<!\d)" + _PHONE_SEPARATORS.join(digits) + r"(?!\d)"
    if kind == "emails":
        return r"(?<![\w.])" + re.escape(value) + r"(?![\w])"
    cleaned = value.lstrip("#@").strip()
    return term_regex(cleaned) if len(cleaned) >= 2 else None


class IdentityMatcher:
    """All identity facts in one regex, with a group per kind of fact."""

    def __init__(self, identity: IdentityFacts) -> None:
        by_kind: dict[str, list[str]] = {}
        for kind, value in identity.items():
            regex = _fact_regex(kind, value)
            if regex is not None:
                by_kind.setdefault(kind, []).append(regex)
        # longer facts first, so "Wexford County Council" wins over "Wexford"
        groups = [
            f"(?P<{kind}>{'|'.join(sorted(regexes, key=len, reverse=True))})"
            for kind, regexes in by_kind.items()
        ]
        self._regex = re.compile("|".join(groups), re.IGNORECASE) if groups else None

    def find(self, text: str) -> list[Match]:
        if self._regex is None or not text:
            return []
        return [
            (m.start(), m.end(), label_for(m.lastgroup))
            for m in self._regex.finditer(text)
            if m.lastgroup is not None
        ]


def label_for(kind: str | None) -> str:
    """``real_names`` → ``IDENTITY_REAL_NAME``; ``places`` → ``IDENTITY_PLACE``."""
    name = (kind or "fact").upper()
    return "IDENTITY_" + (name[:-1] if name.endswith("S") else name)
