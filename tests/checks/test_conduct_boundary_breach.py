from __future__ import annotations

import pytest

from tests.conftest import make_post, make_snapshot, run_check

CHECK = "conduct.boundary_breach"


@pytest.mark.parametrize(
    "text",
    [
        "Got a friend request from a former client's mum. Accepted it, she's a laugh",
        "gave one of my families my personal mobile because the office line is useless",
        "accepted a £50 voucher from a family at christmas, policy says £10 max",
        "followed my client on insta from my finsta",
        "told my ex-client I'd be his AA sponsor",
    ],
)
def test_boundary_breaches_are_flagged(text: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert finding.category == "conduct" and finding.confidence >= 0.5 and finding.evidence[0].spans


@pytest.mark.parametrize(
    "text",
    [
        "Just finished a CEU on dual relationships in rural practice",
        "a friend request from my aunt, accepted obviously",
        "gave my sister my old phone",
    ],
)
def test_talk_about_boundaries_is_not_a_breach(text: str) -> None:
    assert run_check(CHECK, make_snapshot([text])) == []


def test_reposts_are_not_the_users_words() -> None:
    post = make_post("RT: gave one of my guys my personal cell", kind="repost")
    assert run_check(CHECK, make_snapshot([post])) == []
