from __future__ import annotations

import pytest

from tests.conftest import make_snapshot, run_check

CHECK = "conduct.discriminatory_language"


@pytest.mark.parametrize(
    "text",
    [
        "the illegals hogging all our appointments",
        "these Romanian families always turn up with ten people",
        "the homeless guys downtown don't actually want help",
        "The ESL families never come to conferences anyway",
    ],
)
def test_discriminatory_language_is_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Somali Independence Day celebrations at the community centre were wonderful",
        "we need more interpreters for our Polish families",
        "Eastern European fusion night at the staff social",
        "homelessness rose 12% this year; fund housing first",
    ],
)
def test_mentioning_a_group_is_not_discrimination(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []
