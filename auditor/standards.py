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

from auditor.config import ProfileConfig
from auditor.findings import StandardRef

ANY = "any"


@dataclass(frozen=True)
class Clause:
    ref: StandardRef
    checks: tuple[str, ...]


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
            or profile.jurisdiction in self.jurisdictions
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
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        head = data["pack"]
        clauses = tuple(
            Clause(StandardRef(c["code"], c["text"].strip(), head["name"]), tuple(c["checks"]))
            for c in data.get("clause", [])
        )
        packs.append(
            StandardsPack(
                id=head["id"],
                name=head["name"],
                url=head.get("url", ""),
                roles=tuple(head["roles"]),
                jurisdictions=tuple(head["jurisdictions"]),
                clauses=clauses,
            )
        )
    return tuple(packs)


def standards_for(check_id: str, profile: ProfileConfig) -> tuple[StandardRef, ...]:
    """The clauses, across the packs that fit this profile, that the check maps to."""
    return _standards_for(check_id, profile.role, profile.jurisdiction)


@cache
def _standards_for(check_id: str, role: str, jurisdiction: str) -> tuple[StandardRef, ...]:
    profile = ProfileConfig(role=role, jurisdiction=jurisdiction)  # type: ignore[arg-type]
    return tuple(
        clause.ref
        for pack in load_packs()
        if pack.applies_to(profile)
        for clause in pack.clauses
        if any(fnmatchcase(check_id, pattern) for pattern in clause.checks)
    )
