from __future__ import annotations

import pytest

from tests.conftest import make_post, make_snapshot, run_check

CHECK = "conduct.boundary_breach"


@pytest.mark.parametrize(
    "text",
    [
        "Friend request from a former patient's sister last night. Accepted, she seems nice",
        "gave one of my families my personal mobile because the office line is useless",
        "accepted a £50 voucher from a family at christmas, policy says £10 max",
        "checked my patient's instagram from a spare account",
        "told a service user I'll be her NA sponsor after discharge",
    ],
)
def test_boundary_breaches_are_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.confidence >= 0.5 and finding.evidence[0].spans


@pytest.mark.parametrize(
    "text",
    [
        "Booked a CEU about gifts and dual roles in small-town work",
        "a friend request from my aunt, accepted obviously",
        "gave my sister my old phone",
    ],
)
def test_talk_about_boundaries_is_not_a_breach(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []


def test_reposts_are_not_the_users_words() -> None:
    post = make_post("RT: texted one of my lads my personal mobile", kind="repost")
    assert run_check(CHECK, make_snapshot([post])) == []
