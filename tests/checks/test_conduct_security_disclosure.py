from __future__ import annotations

import pytest

from tests.conftest import make_snapshot, run_check

CHECK = "conduct.security_disclosure"


@pytest.mark.parametrize("text", [
    "the alarm code at the office is 4471 if anyone on the late shift forgets it again",
    "key safe at the bungalow is 2580, pop in if you're passing and check on him",
    "cctv at the unit has been down for a fortnight and nobody cares",
    "the lock on the cd cupboard is still bust and estates haven't been near it in days",
])
def test_codes_and_broken_protections_are_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.evidence[0].spans


@pytest.mark.parametrize("text", [
    "fitted a key safe for my own mum today, proud of my diy",
    "dress code at the awards night was black tie and I owned it",
    "4471 steps today, must do better tomorrow",
])
def test_innocent_codes_and_keys_are_not(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []
