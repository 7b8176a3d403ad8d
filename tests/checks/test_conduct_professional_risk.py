"""conduct.professional_risk: the scorer's judgement where no specific conduct rule fired."""

from __future__ import annotations

import pytest

from tests.conftest import make_snapshot, run_check

CHECK = "conduct.professional_risk"


@pytest.mark.parametrize("text", [
    "Two pints with lunch then straight into a strategy meeting, nobody clocked it 🍺",
])
def test_risky_posts_without_a_rule_are_flagged_with_the_words_that_decided(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.confidence >= 0.5
    assert "Words that weighed most" in finding.message


@pytest.mark.parametrize("text", [
    "Parkrun PB this morning, café crème and a bacon roll as the reward",
    "so proud of our team this year, every one of them went above and beyond",
])
def test_everyday_posts_are_not(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []
