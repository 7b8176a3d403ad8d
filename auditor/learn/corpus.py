"""Labelled corpora: a persona folder (persona.toml, posts.jsonl, caseload.csv), read for training and evaluation.

The project's own corpus lives in ``corpus/`` at the top of the repository, one folder per
persona, and ``corpus/split.toml`` freezes which personas are held out. The shared development
corpora (``../shared/dev-corpus*``) have the same layout and are read where they exist; the
project keeps no copy of them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from auditor.caseload import Caseload, load_caseload
from auditor.config import IDENTITY_KINDS, IdentityFacts, ProfileConfig
from auditor.errors import ConfigError
from auditor.profiles import GENERIC, canonical_jurisdiction, canonical_role

REPO = Path(__file__).resolve().parents[2]
OWN_CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
LABELS = ("confidentiality", "identity", "conduct")


@dataclass(frozen=True)
class LabelledPost:
    id: str
    text: str
    labels: frozenset[str]
    why: str


@dataclass(frozen=True)
class Corpus:
    name: str
    profile: ProfileConfig
    identity: IdentityFacts
    caseload: Caseload | None
    posts: tuple[LabelledPost, ...]

    @property
    def hard_negatives(self) -> int:
        return sum(1 for p in self.posts if not p.labels and p.why.lower().startswith("hard negative"))


def load_corpus(folder: Path, name: str | None = None) -> Corpus:
    persona = tomllib.loads((folder / "persona.toml").read_text(encoding="utf-8"))
    prof = persona.get("profile", {})
    profile = ProfileConfig(role=canonical_role(prof.get("role", GENERIC)) or GENERIC,
                            jurisdiction=canonical_jurisdiction(prof.get("jurisdiction", GENERIC)) or GENERIC)
    ident = persona.get("identity", {})
    identity = IdentityFacts({k: tuple(ident.get(k, ())) for k in IDENTITY_KINDS})
    caseload = None
    if (folder / "caseload.csv").exists():
        try:
            caseload = load_caseload(folder / "caseload.csv")
        except ConfigError as exc:
            raise ConfigError(f"{folder.name}: {exc}") from None
    posts = []
    for line in (folder / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            posts.append(LabelledPost(str(raw["id"]), raw["text"], frozenset(raw.get("labels", ())),
                                      raw.get("why", "")))
    return Corpus(name or folder.name, profile, identity, caseload, tuple(posts))


def held_out_names() -> frozenset[str]:
    """The personas frozen as held out in ``corpus/split.toml`` (never trained or tuned on)."""
    split = OWN_CORPUS / "split.toml"
    if not split.exists():
        return frozenset()
    return frozenset(tomllib.loads(split.read_text(encoding="utf-8")).get("held_out", ()))


def own_corpora(root: Path = OWN_CORPUS) -> list[Corpus]:
    if not root.is_dir():
        return []
    return [load_corpus(d) for d in sorted(root.iterdir())
            if all((d / f).exists() for f in ("persona.toml", "posts.jsonl", "README.md"))]


def shared_corpora(root: Path = SHARED) -> list[Corpus]:
    if not root.is_dir():
        return []
    return [load_corpus(d) for d in sorted(root.glob("dev-corpus*")) if (d / "posts.jsonl").exists()]
