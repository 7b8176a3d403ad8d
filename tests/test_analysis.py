"""The per-post analysis: each detector once, the scorer in two stages, and the report's two tiers."""

from __future__ import annotations

import math

import numpy as np

from auditor.analysis import PostAnalyser
from auditor.config import ProfileConfig
from auditor.detectors.scorer import N_FEATURES, Featurizer, PostScorer
from auditor.model import Post
from tests.conftest import make_context, make_snapshot, run_check

PROFILE = ProfileConfig("social_worker", "uk")
CASE = "Home visit this morning, the 6yo was so proud of his new bike"


def _fixed(probability: float, triggers: frozenset[str] = frozenset()) -> PostScorer:
    """A scorer that says the same probability for every post, so the tier logic can be tested alone."""
    logit = math.log(probability / (1 - probability))
    return PostScorer(np.zeros((2, 3 * N_FEATURES), dtype=np.float32), np.array([logit, logit], dtype=np.float32),
                      ("confidentiality", "conduct"), Featurizer(), {}, triggers)


def _findings(probability: float) -> list[str]:
    ctx = make_context()
    ctx.cached("post-analyser", lambda: PostAnalyser(PROFILE, scorer=_fixed(probability)))
    return [f"{f.confidence:.2f} {f.message}" for f in run_check("confidentiality.case_details",
                                                                   make_snapshot([CASE]), ctx)]


def test_a_rule_hit_the_scorer_doubts_is_listed_to_verify_and_dropped_when_it_is_sure() -> None:
    (counted,) = _findings(0.8)
    assert counted.startswith("0.80") and "could identify" in counted
    (verify,) = _findings(0.4)
    assert verify.startswith("0.40") and "check whether a reader could tell" in verify
    assert _findings(0.1) == []


def test_the_first_stage_skips_posts_with_no_signal_and_no_trigger_word() -> None:
    analyser = PostAnalyser(PROFILE, scorer=_fixed(0.9, triggers=frozenset({"hungover"})))
    quiet, trigger, rule = analyser.analyse([Post("1", "lovely walk by the canal"), Post("2", "so hungover"),
                                             Post("3", CASE)])
    assert quiet.scores == {"confidentiality": 0.0, "conduct": 0.0} and not quiet.signals
    assert trigger.score("conduct") == 0.9 and rule.score("confidentiality") == 0.9
    assert "ctx:WORK_CONTEXT" in rule.signals and rule.confidentiality is not None


def test_reposts_and_empty_posts_are_not_analysed() -> None:
    analyser = PostAnalyser(PROFILE, scorer=_fixed(0.9))
    assert analyser.analyse([Post("1", CASE, kind="repost"), Post("2", "")]) == []
