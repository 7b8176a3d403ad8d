"""Professions and jurisdictions: the canonical keys, the ways users write them, and which apply.

Users write "Scotland", "counsellor" or "GP"; term packs, standards and the learned scorer are keyed
by canonical names. The table lives in ``data/profiles.toml`` so that adding a profession or a
country is a reviewed data change, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

GENERIC = "generic"


@cache
def _table() -> dict[str, Any]:
    text = (resources.files("auditor") / "data" / "profiles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _key(value: str) -> str:
    return re.sub(r"[\s\-_'’]+", " ", value.strip().casefold()).strip()


@cache
def _aliases(kind: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, entry in _table()[kind].items():
        for alias in (name, name.replace("_", " "), *entry.get("aliases", ())):
            found[_key(alias)] = name
    return found


def roles() -> tuple[str, ...]:
    return tuple(_table()["roles"])


def jurisdictions() -> tuple[str, ...]:
    return tuple(_table()["jurisdictions"])


def canonical_role(value: str) -> str | None:
    """The canonical role for what a user wrote ("Counsellor" → "therapist"), or None if unknown."""
    return _aliases("roles").get(_key(value))


def canonical_jurisdiction(value: str) -> str | None:
    """The canonical jurisdiction for what a user wrote ("Scotland" → "scotland"), or None if unknown."""
    return _aliases("jurisdictions").get(_key(value))


def jurisdiction_chain(jurisdiction: str) -> tuple[str, ...]:
    """The jurisdiction and the ones it belongs to: "scotland" → ("scotland", "uk")."""
    chain = [jurisdiction]
    while (parent := _table()["jurisdictions"].get(chain[-1], {}).get("parent")) and parent not in chain:
        chain.append(parent)
    return tuple(chain)
