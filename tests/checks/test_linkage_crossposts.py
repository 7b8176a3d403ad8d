from __future__ import annotations

import random

from auditor.detectors.linkage import tokens
from auditor.detectors.neardup import NearDupParams, find_near_duplicates
from tests.checks.linkage_fixtures import anon, named, post, run_pair

CHECK = "linkage.crossposts"
BURNOUT = "Reminder that burnout is a system problem, not a personal failing."


def test_identical_post_on_both_accounts_is_strong() -> None:
    a = anon([post("1", BURNOUT), post("2", "Coffee then a long drive to a review")])
    n = named([post("9", "Totally different words about gardens"), post("8", BURNOUT)])
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "high" and finding.message.startswith("1 post on x:FrontlineFern")
    assert [e.field for e in finding.evidence] == ["x:FrontlineFern post 1",
                                                   "x:HattieOkafor_SW post 8 (100% the same words)"]


def test_lightly_edited_post_is_moderate() -> None:
    (finding,) = run_pair(CHECK, anon([post("1", BURNOUT)]), named([post("2", BURNOUT + " Look after each other.")]))
    assert finding.severity == "medium"


def test_different_posts_short_posts_and_reposts_do_not_link() -> None:
    repost = "RT @BASW_UK: new guidance on social media is out today"
    a = anon([post("1", "Thank you all!"), post("2", repost, kind="repost"),
              post("3", "Beach day with the kids, no phones at all")])
    n = named([post("4", "Thank you all!"), post("5", repost, kind="repost"),
               post("6", "Team day at the office planning rotas")])
    assert run_pair(CHECK, a, n) == []


def test_minhash_finds_planted_near_duplicates_among_thousands_without_false_pairs() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(5000)]
    left = [[rng.choice(words) for _ in range(rng.randint(8, 30))] for _ in range(3000)]
    right = [[rng.choice(words) for _ in range(rng.randint(8, 30))] for _ in range(3000)]
    planted: dict[int, int] = {}
    for _ in range(60):
        i, j = rng.randrange(3000), rng.randrange(3000)
        if i in planted or j in planted.values():
            continue
        copy = list(left[i])
        copy[rng.randrange(len(copy))] = "edited"  # one word changed: Jaccard of bigrams stays >= 0.7 for 8+ words
        right[j] = copy
        planted[i] = j
    found = {(d.left, d.right) for d in find_near_duplicates(left, right)}
    assert set(planted.items()) <= found
    assert found == set(planted.items())  # random texts never pass the exact-Jaccard verification


def test_threshold_is_respected() -> None:
    a = [tokens("one two three four five six seven eight nine ten")]
    b = [tokens("one two three four five six seven eight nine ten")]
    c = [tokens("one two three four five eleven twelve thirteen fourteen fifteen")]
    assert [d.similarity for d in find_near_duplicates(a, b)] == [1.0]
    assert find_near_duplicates(a, c) == []  # 4 of 14 bigrams shared
    # LSH with 4 rows per band rarely proposes pairs this far apart; 1 row per band always does
    loose = NearDupParams(threshold=0.25, bands=64, rows=1)
    assert find_near_duplicates(a, c, loose)[0].similarity == round(4 / 14, 3)
    assert find_near_duplicates([], b) == [] and find_near_duplicates(a, [["too", "short"]]) == []
