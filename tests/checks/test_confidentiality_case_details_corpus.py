"""The detection checks on the shared labelled dev corpus (../shared/dev-corpus), against the issue's bars.

Skips when ../shared is not beside the checkout. The same run is printed in full by
``python benchmarks/eval_posts.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import needs_shared

TARGETS = {"confidentiality": 0.85, "identity": 0.90, "conduct": 0.80}


def _harness() -> ModuleType:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_posts.py"
    spec = importlib.util.spec_from_file_location("eval_posts", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_posts"] = module
    spec.loader.exec_module(module)
    return module


def test_dev_corpus_meets_the_targets_and_hard_negatives_stay_clean() -> None:
    corpus = needs_shared("dev-corpus/posts.jsonl")
    harness = _harness()
    posts = harness.read_corpus([corpus])
    predicted = harness.predict(posts, harness.load_identity(corpus.with_name("persona.toml")), "social_worker", "us")
    assert [p["id"] for p in posts if p["why"].startswith("Hard negative") and predicted[p["id"]]] == []
    scores, misses = harness.evaluate(posts, predicted)
    for score in scores:
        assert score.f1 >= TARGETS[score.label], (score, misses)
