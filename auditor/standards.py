"""Professional standards packs: which clause of which code each check touches.

Packs are data (``auditor/data/standards/*.toml``), one per code of practice, selected by the
config's ``[profile] role`` and ``jurisdiction``. Checks never name standards; packs name
checks (by id or glob such as ``confidentiality.*``), as prowler's compliance files do, so a
regulator's new guidance is a data change, not a code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from typing import Any

from auditor.config import JURISDICTIONS, ROLES, ProfileConfig
from auditor.findings import StandardRef
from auditor.profiles import jurisdiction_chain

ANY = "any"


@dataclass(frozen=True)
class Clause:
    ref: StandardRef
    checks: tuple[str, ...]

    def covers(self, check_id: str) -> bool:
        return any(fnmatchcase(check_id, pattern) for pattern in self.checks)

    def matching(self, check_ids: list[str]) -> list[str]:
        """The given check ids this clause maps to (its globs expanded)."""
        return [check_id for check_id in check_ids if self.covers(check_id)]


@dataclass(frozen=True)
class StandardsPack:
    id: str
    name: str
    url: str
    roles: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    clauses: tuple[Clause, ...]

    def applies_to(self, profile: ProfileConfig) -> bool:
        role_ok = ANY in self.roles or profile.role in self.roles or profile.role == "generic"
        place_ok = (
            ANY in self.jurisdictions
            or any(j in self.jurisdictions for j in jurisdiction_chain(profile.jurisdiction))
            or profile.jurisdiction == "generic"
        )
        return role_ok and place_ok


@cache
def load_packs() -> tuple[StandardsPack, ...]:
    """Every pack shipped in ``auditor/data/standards``."""
    packs = []
    folder = resources.files("auditor") / "data" / "standards"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        packs.append(_pack(entry.name, tomllib.loads(entry.read_text(encoding="utf-8"))))
    ids = [pack.id for pack in packs]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"standards packs: duplicate pack id in {ids}")
    return tuple(packs)


def _pack(name: str, data: dict[str, Any]) -> StandardsPack:
    """One pack file, validated: shipped data that is wrong should fail the first test that loads it."""
    try:
        head = data["pack"]
        clauses = tuple(
            Clause(StandardRef(c["code"], " ".join(c["text"].split()), head["name"]), tuple(c["checks"]))
            for c in data.get("clause", [])
        )
        pack = StandardsPack(
            id=head["id"],
            name=head["name"],
            url=head.get("url", ""),
            roles=tuple(head["roles"]),
            jurisdictions=tuple(head["jurisdictions"]),
            clauses=clauses,
        )
    except KeyError as exc:
        raise RuntimeError(f"standards pack {name} lacks {exc}") from None
    unknown = (set(pack.roles) - {ANY, *ROLES}) | (set(pack.jurisdictions) - {ANY, *JURISDICTIONS})
    codes = [c.ref.code for c in clauses]
    if unknown or not clauses or len(codes) != len(set(codes)):
        raise RuntimeError(f"standards pack {name}: unknown roles/jurisdictions {sorted(unknown)}, "
                           f"no clauses, or duplicate clause codes")
    return pack


def packs_for(profile: ProfileConfig) -> tuple[StandardsPack, ...]:
    """The packs that apply to this profile (a generic role or jurisdiction matches every pack)."""
    return tuple(pack for pack in load_packs() if pack.applies_to(profile))


def source_urls() -> dict[str, str]:
    """Pack name → the address of its source, so reports can link a clause to the original."""
    return {pack.name: pack.url for pack in load_packs() if pack.url}


def standards_for(check_id: str, profile: ProfileConfig) -> tuple[StandardRef, ...]:
    """The clauses, across the packs that fit this profile, that the check maps to."""
    return _standards_for(check_id, profile.role, profile.jurisdiction)


@cache
def _standards_for(check_id: str, role: str, jurisdiction: str) -> tuple[StandardRef, ...]:
    profile = ProfileConfig(role=role, jurisdiction=jurisdiction)
    return tuple(
        clause.ref
        for pack in load_packs()
        if pack.applies_to(profile)
        for clause in pack.clauses
        if clause.covers(check_id)
    )
