"""Our own labelled cases (a UK nurse, a US teacher): written apart from the shared dev corpus.

The evaluation harness (benchmarks/eval_posts.py) runs them through the real checks; this test
keeps the bars: every hard negative clean, and F1 at or above the issue's targets.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from auditor.config import IdentityFacts

HERE = Path(__file__).parent
TARGETS = {"confidentiality": 0.85, "identity": 0.90, "conduct": 0.80}


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_posts", HERE.parents[1] / "benchmarks" / "eval_posts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_posts"] = module  # dataclasses need their module registered
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("corpus", sorted(HERE.glob("heldout_*.jsonl")), ids=lambda p: p.stem)
def test_heldout_corpus(corpus: Path) -> None:
    harness = _harness()
    meta = json.loads(corpus.with_suffix(".meta.json").read_text(encoding="utf-8"))
    identity = IdentityFacts({k: tuple(v) for k, v in meta["identity"].items()})
    posts = harness.read_corpus([corpus])
    predicted = harness.predict(posts, identity, meta["role"], meta["jurisdiction"])
    hard = [p["id"] for p in posts if p["why"].startswith("Hard negative") and predicted[p["id"]]]
    assert hard == []
    scores, misses = harness.evaluate(posts, predicted)
    for score in scores:
        assert score.f1 >= TARGETS[score.label], (score, misses)
