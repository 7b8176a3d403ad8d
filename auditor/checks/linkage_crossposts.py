"""linkage.crossposts: the same or nearly the same post on both accounts.

Cross-posting (or writing the same joke twice) is the easiest link to follow: paste a line of
one account's post into a search engine and the other account comes up. Posts are compared with
word-bigram shingles, MinHash and LSH (auditor/detectors/neardup.py), so two accounts of
100,000 posts each compare in seconds; every reported pair is verified by exact similarity.
Reposts of other people's posts are skipped: many people repost the same thing.
"""

from __future__ import annotations

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.detectors.linkage import quote, tokens
from auditor.detectors.neardup import NearDupParams, find_near_duplicates
from auditor.findings import Evidence
from auditor.model import Post

CHECK_ID = "linkage.crossposts"


@linkage_check(CHECK_ID, severity="high", order=4)
def run(pair: AccountPair) -> list[Signal]:
    data = check_data(__name__)["limits"]
    params = NearDupParams(threshold=data["threshold"], min_tokens=data["min_tokens"])
    anon = _own_posts(pair.anonymous.posts)
    named = _own_posts(pair.named.posts)
    found = find_near_duplicates([tokens(p.text) for p in anon], [tokens(p.text) for p in named], params)
    if not found:
        return []
    found.sort(key=lambda d: (-d.similarity, d.left, d.right))
    anon_posts = {d.left for d in found}
    strong = len(anon_posts) >= data["strong_pairs"] or any(d.similarity >= data["strong_similarity"]
                                                             for d in found)
    shown = found[: data["max_evidence_pairs"]]
    evidence: list[Evidence] = []
    for dup in shown:
        a, n = anon[dup.left], named[dup.right]
        evidence += [Evidence(f"{pair.anonymous.key} post {a.id}", quote(a.text)),
                     Evidence(f"{pair.named.key} post {n.id} ({round(dup.similarity * 100)}% the same words)",
                              quote(n.text))]
    count = len(anon_posts)
    posts = "1 post" if count == 1 else f"{count:,} posts"
    more = f" The first {len(shown)} pairs are shown." if len(found) > len(shown) else ""
    return [Signal(
        check=CHECK_ID,
        strength="strong" if strong else "moderate",
        subject_id="crossposts",
        title="Same posts on both accounts",
        message=(f"{posts} on {pair.anonymous.key} also appear, word for word or nearly, on "
                 f"{pair.named.key}. Searching for a sentence from one finds the other.{more}"),
        plain=f"by searching for the text of {'a post' if count == 1 else f'{count:,} posts'} that appear on "
              f"both accounts",
        evidence=tuple(evidence),
    )]


def _own_posts(posts: list[Post]) -> list[Post]:
    return [p for p in posts if p.kind != "repost"]
