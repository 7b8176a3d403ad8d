from __future__ import annotations

from auditor.model import Connection
from tests.checks.linkage_fixtures import anon, follows, named, run_pair

CHECK = "linkage.shared_connections"


def test_named_account_following_the_pseudonymous_one_is_strong() -> None:
    a = anon()
    a.account_id = "111"
    n = named(connections=follows("111", "222"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "high" and finding.title == "The two accounts follow each other"
    assert "x:FrontlineFern is followed by x:HattieOkafor_SW" in finding.message


def test_follow_by_handle_across_platforms() -> None:
    a = anon(platform="mastodon", handle="fern@social.example")
    n = named(platform="bluesky", handle="hattie.bsky.social",
              connections=[Connection(relation="following", handle="fern@social.example")])
    assert [f.title for f in run_pair(CHECK, a, n)] == ["The two accounts follow each other"]


def test_large_overlap_of_followers_is_found() -> None:
    a = anon(connections=follows("1", "2", "3", "4", "5", relation="follower") + follows("10", "11"))
    n = named(connections=follows("2", "3", "4", "6", "7", "8", "9", relation="follower") + follows("10", "12"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "high" and "4 of the 7 people" in finding.message  # 4/7 >= 0.5: strong


def test_small_overlap_and_unrelated_lists_do_not_link() -> None:
    a = anon(connections=follows(*[str(i) for i in range(100)]))
    n = named(connections=follows(*[str(i) for i in range(95, 300)]))  # 5 shared of 100: 5%
    assert run_pair(CHECK, a, n) == []
    assert run_pair(CHECK, anon(connections=follows("1", "2")), named(connections=follows("3", "4"))) == []


def test_numeric_ids_are_not_compared_across_platforms() -> None:
    ids = [str(i) for i in range(20)]
    a = anon(platform="x", connections=follows(*ids))
    n = named(platform="mastodon", connections=follows(*ids))
    assert run_pair(CHECK, a, n) == []
