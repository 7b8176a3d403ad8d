from __future__ import annotations

import pytest

from tests.conftest import make_snapshot, run_check

CHECK = "conduct.disparaging_language"


@pytest.mark.parametrize(
    "text",
    [
        "Honestly some of these parents are absolute idiots.",
        "My manager is so incompetent it hurts",
        "a large glass of wine with lunch, then straight back on shift",
        "bit hungover at work today lol",
    ],
)
def test_disparagement_or_substance_at_work_is_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.evidence[0].spans


@pytest.mark.parametrize(
    "text",
    [
        "I'm such an idiot, left my keys at home again",  # self-directed
        "The parents evening went really well.",
        "Wine with friends on Saturday night",  # not at work
        "Clients deserve better funding. The cuts are stupid.",  # contempt aimed at cuts, different sentence
    ],
)
def test_non_disparaging_posts_pass(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []
