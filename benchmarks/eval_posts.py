"""Evaluate the detectors on a labelled post corpus: precision, recall and F1 per label.

Usage:
    python benchmarks/eval_posts.py [CORPUS.jsonl] [--persona persona.toml] [--role R] [--jurisdiction J]
    python benchmarks/eval_posts.py --held-out      # our own cases in tests/detectors/heldout_*.jsonl

The corpus has one JSON object per line: ``{"id", "text", "labels": [...], "why"}`` with labels
from ``confidentiality``, ``identity`` and ``conduct`` (the format of ../shared/dev-corpus).
All posts go through every check as posts of one anonymous account, with the persona's
``[identity]`` table as the identity facts. A post counts as detected for a label when a
finding of that label's category (identity → anonymity) with confidence ≥ 0.5 is about it.
Misclassified posts are listed with the corpus's own ``why``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.checking import AuditContext, Check  # noqa: E402
from auditor.config import IDENTITY_KINDS, IdentityFacts, ProfileConfig  # noqa: E402
from auditor.engine import audit_snapshots  # noqa: E402
from auditor.model import AccountSnapshot, Post  # noqa: E402

LABELS = {"confidentiality": "confidentiality", "identity": "anonymity", "conduct": "conduct"}
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus" / "posts.jsonl"
HELD_OUT = sorted((ROOT / "tests" / "detectors").glob("heldout_*.jsonl"))


@dataclass
class Scores:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_identity(persona: Path) -> IdentityFacts:
    data = tomllib.loads(persona.read_text(encoding="utf-8")).get("identity", {})
    return IdentityFacts({kind: tuple(data.get(kind, ())) for kind in IDENTITY_KINDS})


def detection_checks() -> list[Check]:
    """The checks of the three labelled categories only, so a half-written check elsewhere cannot stop the run."""
    import auditor.checks as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.split("_")[0] in ("anonymity", "confidentiality", "conduct"):
            module = importlib.import_module(f"auditor.checks.{info.name}")
            found += [v for v in vars(module).values() if isinstance(v, Check) and v.module == module.__name__]
    return found


def predict(
    posts: list[dict[str, object]], identity: IdentityFacts, role: str, jurisdiction: str
) -> dict[str, set[str]]:
    """Post id → labels predicted by the checks."""
    snapshot = AccountSnapshot(
        platform="x", handle="eval", stance="anonymous", source="archive", captured_at=datetime.now(UTC),
        posts=[Post(id=str(p["id"]), text=str(p["text"])) for p in posts],
    )
    ctx = AuditContext(profile=ProfileConfig(role=role, jurisdiction=jurisdiction), identity=identity)  # type: ignore[arg-type]
    result = audit_snapshots([snapshot], ctx, checks=detection_checks())
    predicted: dict[str, set[str]] = {str(p["id"]): set() for p in posts}
    by_category = {category: label for label, category in LABELS.items()}
    for finding in result.findings:
        if finding.subject.kind == "post" and finding.confidence >= 0.5 and finding.category in by_category:
            predicted[finding.subject.id].add(by_category[finding.category])
    return predicted


def evaluate(posts: list[dict[str, object]], predicted: dict[str, set[str]]) -> tuple[list[Scores], list[str]]:
    scores, misses = [], []
    for label in LABELS:
        tp = fp = fn = 0
        for post in posts:
            truth = label in post["labels"]  # type: ignore[operator]
            guess = label in predicted[str(post["id"])]
            tp += truth and guess
            fp += guess and not truth
            fn += truth and not guess
            if truth != guess:
                kind = "MISSED" if truth else "FALSE+"
                misses.append(f"{kind:7} {label:15} {post['id']}: {post['text']}\n        why: {post.get('why', '')}")
        scores.append(Scores(label, tp, fp, fn))
    return scores, misses


def read_corpus(paths: Iterable[Path]) -> list[dict[str, object]]:
    posts = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            posts += [json.loads(line) for line in handle if line.strip()]
    return posts


def report(name: str, posts: list[dict[str, object]], identity: IdentityFacts, role: str, jurisdiction: str,
           quiet: bool) -> list[Scores]:
    predicted = predict(posts, identity, role, jurisdiction)
    scores, misses = evaluate(posts, predicted)
    print(f"\n== {name}: {len(posts)} posts (role={role}, jurisdiction={jurisdiction})")
    print(f"{'label':16} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for s in scores:
        print(f"{s.label:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:3} {s.fp:3} {s.fn:3}")
    hard = [p for p in posts if str(p.get("why", "")).startswith("Hard negative")]
    if hard:
        flagged = [p["id"] for p in hard if predicted[str(p["id"])]]
        print(f"hard negatives: {len(hard)}, flagged: {len(flagged)} {flagged if flagged else ''}")
    if not quiet and misses:
        print("\nmisclassified:")
        print("\n".join(misses))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEV_CORPUS)
    parser.add_argument("--persona", type=Path,
                        help="TOML with an [identity] table (default: persona.toml beside the corpus)")
    parser.add_argument("--role", default="social_worker")
    parser.add_argument("--jurisdiction", default="us")
    parser.add_argument("--held-out", action="store_true", help="evaluate our own held-out cases instead")
    parser.add_argument("--quiet", action="store_true", help="scores only, no list of misclassified posts")
    args = parser.parse_args()
    if args.held_out:
        for path in HELD_OUT:
            meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
            identity = IdentityFacts({k: tuple(v) for k, v in meta["identity"].items()})
            posts = read_corpus([path])
            report(path.name, posts, identity, meta["role"], meta["jurisdiction"], args.quiet)
        return
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} not found: give the path of a posts.jsonl corpus")
    persona = args.persona or args.corpus.with_name("persona.toml")
    identity = load_identity(persona) if persona.exists() else IdentityFacts()
    posts = read_corpus([args.corpus])
    report(args.corpus.name, posts, identity, args.role, args.jurisdiction, args.quiet)


if __name__ == "__main__":
    main()
