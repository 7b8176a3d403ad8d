"""The learned post scorer: rules' signals plus the text itself, weighed by a linear model.

Hand-set rules recognise what their authors thought of; a model trained on many professions'
posts recognises what those posts have in common. Each post becomes three blocks of hashed
features, each scaled to unit length:

* word unigrams and bigrams of the folded text ("home visit", "f*cking"),
* character 3–5-grams inside words, which carry misspellings, slang and inflections,
* the rules' signals as tokens ("ctx:WORK_CONTEXT", "detail:AGE", "conduct:substance",
  "caseload:FULL"), so the model learns how far to trust each rule.

One logistic regression per label turns them into a probability. Hashing keeps the model a
plain array with no vocabulary to ship, the same features at training and at run time, and
no pickle to load. The weights live in ``data/models/post_scorer.npz`` beside a JSON file that
records how they were trained; ``python -m auditor.learn.train`` rebuilds both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from auditor.detectors.text import fold

LABELS = ("confidentiality", "conduct")
N_FEATURES = 2**18
WORD_PATTERN = r"[a-z0-9][a-z0-9*@#$'’]*"
WORD = re.compile(WORD_PATTERN)
MODEL_DIR = ("data", "models")
MODEL_NAME = "post_scorer"


def _words() -> HashingVectorizer:
    return HashingVectorizer(n_features=N_FEATURES, lowercase=False, token_pattern=WORD_PATTERN, ngram_range=(1, 2),
                             alternate_sign=False, norm="l2", dtype=np.float32)


CHAR_SIZES = (3, 4, 5)
_SEPARATOR = 0  # between posts in the batch: no n-gram spans it
_MULTIPLIER = np.uint64(0x9E3779B1)


def char_ngrams(texts: Sequence[str]) -> sparse.csr_matrix:
    """Hashed counts of every 3-, 4- and 5-character run of each (folded) text, rows scaled to unit length.

    Computed for the whole batch at once with numpy (the texts laid end to end as code points,
    a rolling hash per n-gram size), because a Python loop over each post's n-grams costs more
    than everything else in the detection pass together.
    """
    if not texts:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    joined = "\0".join(f" {t} " for t in texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc = np.repeat(np.arange(len(texts)), [len(t) + 3 for t in texts])[: len(codes)]
    rows, cols = [], []
    for size in CHAR_SIZES:
        if len(codes) < size:
            continue
        window = len(codes) - size + 1
        h = np.full(window, np.uint64(size), dtype=np.uint64)
        ok = np.ones(window, dtype=bool)
        for k in range(size):
            part = codes[k : k + window]
            h = (h * _MULTIPLIER + part) & np.uint64(0xFFFFFFFF)
            ok &= part != _SEPARATOR
        rows.append(doc[:window][ok])
        cols.append((h[ok] % np.uint64(N_FEATURES)).astype(np.int64))
    matrix = sparse.csr_matrix((np.ones(sum(len(r) for r in rows), dtype=np.float32),
                                (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), N_FEATURES))
    matrix.sum_duplicates()
    return normalize(matrix)


def _rules() -> HashingVectorizer:
    return HashingVectorizer(n_features=N_FEATURES, lowercase=False, token_pattern=r"\S+", alternate_sign=False,
                             norm="l2", dtype=np.float32)


@dataclass(frozen=True)
class Featurizer:
    """Texts and rule signals → one sparse matrix. Stateless: the same on every machine."""

    rule_weight: float = 1.0

    def transform(self, texts: Sequence[str], signals: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        folded = [fold(t) for t in texts]
        words = _vectorizers()[0].transform(folded)
        chars = char_ngrams(folded)
        rules = _vectorizers()[1].transform([" ".join(s) or "none" for s in signals]) * self.rule_weight
        return sparse.hstack([words, chars, rules], format="csr")


@cache
def _vectorizers() -> tuple[HashingVectorizer, HashingVectorizer]:
    return _words(), _rules()


def word_index(term: str) -> int:
    """Column of a word n-gram in the word block (as HashingVectorizer computes it)."""
    return abs(int(murmurhash3_32(term, seed=0))) % N_FEATURES


@dataclass(frozen=True)
class PostScorer:
    """A trained model: per-label weights over the featurizer's columns, and how it was made."""

    weights: np.ndarray  # (labels, features)
    bias: np.ndarray  # (labels,)
    labels: tuple[str, ...]
    featurizer: Featurizer
    meta: dict[str, Any]
    triggers: frozenset[str] = frozenset()

    def worth_scoring(self, text: str, signals: Sequence[str]) -> bool:
        """The cheap first stage: a rule fired, or the post has a word the model weighs towards a label.

        A post with neither cannot reach a label's threshold by much, so the second stage (the
        features and the model) is spent only on the posts that may matter.
        """
        return bool(signals) or not self.triggers or not self.triggers.isdisjoint(WORD.findall(fold(text)))

    def probabilities(self, texts: Sequence[str], signals: Sequence[Sequence[str]]) -> np.ndarray:
        """(posts, labels) probabilities."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        x = self.featurizer.transform(texts, signals)
        logits = np.asarray(x @ self.weights.T) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32)

    def deciding_words(self, text: str, label: str, k: int = 3) -> list[str]:
        """The words of the post that pushed most towards ``label`` (for the finding's explanation)."""
        row = self.weights[self.labels.index(label)]
        tokens = WORD.findall(fold(text))
        grams = {g for g in (*tokens, *(f"{a} {b}" for a, b in pairwise(tokens)))
                 if not all(w in ENGLISH_STOP_WORDS or len(w) < 3 for w in g.split())}
        scored = sorted(((float(row[word_index(g)]), g) for g in grams), reverse=True)
        chosen: list[str] = []
        for weight, gram in scored:
            if weight <= 0 or len(chosen) >= k:
                break
            if not any(gram in c or c in gram for c in chosen):
                chosen.append(gram)
        return chosen

    def save(self, folder: Any) -> None:
        np.savez_compressed(folder / f"{MODEL_NAME}.npz", weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32))
        meta = {**self.meta, "labels": list(self.labels), "rule_weight": self.featurizer.rule_weight,
                "triggers": sorted(self.triggers)}
        (folder / f"{MODEL_NAME}.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@cache
def shipped_scorer() -> PostScorer:
    """The model that ships in the package (loaded once; nothing is downloaded)."""
    folder = resources.files("auditor").joinpath(*MODEL_DIR)
    meta = json.loads((folder / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
    with (folder / f"{MODEL_NAME}.npz").open("rb") as handle, np.load(handle) as arrays:
        weights, bias = arrays["weights"], arrays["bias"]
    return PostScorer(weights, bias, tuple(meta["labels"]), Featurizer(meta["rule_weight"]), meta,
                      frozenset(meta.get("triggers", ())))
