"""Train the post scorer that ships in the package: ``python -m auditor.learn.train``.

Reads every training persona in ``corpus/`` (not the held-out ones named in
``corpus/split.toml``) and, where they exist, the shared development corpora, computes each
post's rule signals with that persona's own role, jurisdiction, places and caseload, and fits
one logistic regression per label. The result is deterministic: the same corpora give the
same weights, written to ``auditor/data/models/post_scorer.{npz,json}``.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from auditor.analysis import PostAnalyser
from auditor.detectors.scorer import LABELS, MODEL_DIR, WORD, Featurizer, PostScorer, word_index
from auditor.detectors.text import fold
from auditor.learn.corpus import OWN_CORPUS, SHARED, Corpus, held_out_names, own_corpora, shared_corpora

C = 8.0
RULE_WEIGHT = 1.0
CLASS_WEIGHT = "balanced"
TRIGGER_SHARE = 0.8


@dataclass(frozen=True)
class Prepared:
    """A corpus as the model sees it: features and a label matrix (posts × labels)."""

    corpus: Corpus
    x: sparse.csr_matrix
    y: np.ndarray
    signals: tuple[tuple[str, ...], ...]


def prepare(corpus: Corpus, featurizer: Featurizer) -> Prepared:
    analyser = PostAnalyser(corpus.profile, corpus.identity, caseload=corpus.caseload)
    signals = [analyser.signals(p.text)[3] for p in corpus.posts]
    x = featurizer.transform([p.text for p in corpus.posts], signals)
    y = np.array([[label in p.labels for label in LABELS] for p in corpus.posts], dtype=np.int8)
    return Prepared(corpus, x, y, tuple(signals))


def fit(parts: Sequence[Prepared], featurizer: Featurizer, c: float = C, meta: dict[str, object] | None = None,
        ) -> PostScorer:
    x = sparse.vstack([p.x for p in parts], format="csr")
    y = np.vstack([p.y for p in parts])
    weights, bias = [], []
    for i, _ in enumerate(LABELS):
        model = LogisticRegression(C=c, solver="liblinear", class_weight=CLASS_WEIGHT, max_iter=1000)
        model.fit(x, y[:, i])
        weights.append(model.coef_[0].astype(np.float32))
        bias.append(float(model.intercept_[0]))
    stacked = np.vstack(weights)
    return PostScorer(stacked, np.array(bias, dtype=np.float32), LABELS, featurizer, meta or {},
                      triggers(parts, stacked))


def triggers(parts: Sequence[Prepared], weights: np.ndarray, share: float = TRIGGER_SHARE) -> frozenset[str]:
    """Training words whose weight pushes towards a label: the first stage's cheap test.

    The share is the fraction of each label's positive word weights kept (largest first); the
    rest are words too weak to lift a post with no rule signal over the threshold.
    """
    vocabulary = {w for p in parts for post in p.corpus.posts for w in WORD.findall(fold(post.text))}
    chosen: set[str] = set()
    for row in weights:
        scored = sorted(((float(row[word_index(w)]), w) for w in vocabulary), reverse=True)
        positive = [(v, w) for v, w in scored if v > 0]
        total, running = sum(v for v, _ in positive), 0.0
        for value, word in positive:
            if running >= share * total:
                break
            chosen.add(word)
            running += value
    return frozenset(chosen)


def training_corpora(own: Path = OWN_CORPUS, shared: Path = SHARED) -> list[Corpus]:
    held = held_out_names()
    return [c for c in own_corpora(own) if c.name not in held] + shared_corpora(shared)


def fingerprint(corpora: Sequence[Corpus]) -> str:
    digest = hashlib.sha256()
    for corpus in corpora:
        for post in corpus.posts:
            digest.update(f"{corpus.name}\0{post.id}\0{post.text}\0{sorted(post.labels)}\n".encode())
    return digest.hexdigest()[:16]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.learn.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=OWN_CORPUS, help="the project's own persona folders")
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder holding the shared dev-corpus* folders")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1].joinpath(*MODEL_DIR))
    args = parser.parse_args(argv)
    corpora = training_corpora(args.corpus, args.shared)
    if not corpora:
        parser.error("no training corpora found (corpus/ and --shared)")
    featurizer = Featurizer(RULE_WEIGHT)
    parts = [prepare(c, featurizer) for c in corpora]
    meta = {
        "trained_on": sorted(c.name for c in corpora),
        "posts": sum(len(c.posts) for c in corpora),
        "corpus_fingerprint": fingerprint(corpora),
        "C": C, "class_weight": CLASS_WEIGHT,
        "retrain": "python -m auditor.learn.train",
    }
    scorer = fit(parts, featurizer, C, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    scorer.save(args.out)
    print(f"trained on {meta['posts']} posts from {len(corpora)} corpora → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
