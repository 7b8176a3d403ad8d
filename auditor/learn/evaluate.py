"""Measure the post scorer honestly: leave one corpus out, and the frozen held-out personas.

A figure on a corpus the model was trained on measures memory, not judgement, so every
shared corpus is scored by a model trained without it, and the held-out personas by a model
trained on everything else. Precision, recall and F1 are per label, at the report's
threshold (0.5), with the misclassified posts listed so a reader can disagree with a label
or see a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from auditor.detectors.scorer import LABELS, Featurizer, PostScorer
from auditor.learn.corpus import LabelledPost
from auditor.learn.train import C, Prepared, fit

THRESHOLD = 0.5


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    hard_negative_fp: int = 0
    misses: list[tuple[str, float, LabelledPost]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(tp={self.tp} fp={self.fp} fn={self.fn}; hard negatives flagged {self.hard_negative_fp})")


def score(scorer: PostScorer, part: Prepared) -> dict[str, Score]:
    probs = np.asarray(1.0 / (1.0 + np.exp(-(np.asarray(part.x @ scorer.weights.T) + scorer.bias))))
    for i, (post, signals) in enumerate(zip(part.corpus.posts, part.signals, strict=True)):
        if not scorer.worth_scoring(post.text, signals):
            probs[i] = 0.0  # the first stage stops here, as it does in an audit
    out = {label: Score() for label in scorer.labels}
    for i, post in enumerate(part.corpus.posts):
        hard = not post.labels and post.why.lower().startswith("hard negative")
        for j, label in enumerate(scorer.labels):
            s, p = out[label], float(probs[i, j])
            truth, hit = label in post.labels, p >= THRESHOLD
            s.tp += truth and hit
            s.fp += hit and not truth
            s.fn += truth and not hit
            s.hard_negative_fp += hit and hard
            if truth != hit:
                s.misses.append(("FP" if hit else "FN", p, post))
    return out


def leave_one_out(parts: Sequence[Prepared], featurizer: Featurizer, c: float | None = None,
                  ) -> Iterator[tuple[str, dict[str, Score]]]:
    """Each corpus scored by a model trained on all the others."""
    for i, held in enumerate(parts):
        rest = [p for j, p in enumerate(parts) if j != i]
        scorer = fit(rest, featurizer, C if c is None else c)
        yield held.corpus.name, score(scorer, held)


def pooled(results: Sequence[dict[str, Score]]) -> dict[str, Score]:
    total = {label: Score() for label in LABELS}
    for result in results:
        for label, s in result.items():
            t = total[label]
            t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
            t.hard_negative_fp += s.hard_negative_fp
    return total
