from __future__ import annotations

import pytest

from tests.conftest import make_snapshot, run_check

CHECK = "conduct.live_court_comment"


@pytest.mark.parametrize(
    "text",
    [
        "watching the murder trial livestream and that man is GUILTY. lock him up",
        "jury still out after 3 days. if that monster walks free I'll scream",
        "that custody trial on the news: the judge is in the dad's pocket",
    ],
)
def test_opinions_on_live_cases_are_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.severity == "medium"


@pytest.mark.parametrize(
    "text",
    [
        "jury service this week, can't say anything about it",
        "court today! ...tennis court",
        "Our county CASA office is recruiting: court appointed special advocates wanted",
        "the trial of the new rota starts Monday",
    ],
)
def test_court_words_without_an_opinion_pass(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []
