"""linkage.shared_tags: distinctive hashtags or phrases that both accounts use repeatedly.

Everyone in the field uses #socialwork; few people use #CanalsideHarriers or keep saying "sit
with the silence". A tag or phrase that is rare in general use but frequent on both accounts is
a fingerprint of the writer: searching for it lists both accounts. General-use tags and phrases
are listed in ``linkage_shared_tags.toml``; a phrase must also contain enough non-stopwords to
mean something. Only the user's own posts are read (reposts are someone else's words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.detectors.linkage import join_words, quote, tokens
from auditor.findings import Evidence
from auditor.model import AccountSnapshot, Post

CHECK_ID = "linkage.shared_tags"
_HASHTAG = re.compile(r"(?<![\w&])#(\w{2,})")


@linkage_check(CHECK_ID, severity="medium", order=6)
def run(pair: AccountPair) -> list[Signal]:
    data = check_data(__name__)
    limits = data["limits"]
    common_tags = {t.lower() for t in data["common"]["hashtags"]}
    anon_tags, anon_bio_tags = _hashtags(pair.anonymous)
    named_tags, named_bio_tags = _hashtags(pair.named)
    tags = []
    for tag in sorted((set(anon_tags) | anon_bio_tags) & (set(named_tags) | named_bio_tags) - common_tags):
        in_bio = tag in anon_bio_tags or tag in named_bio_tags
        if in_bio or min(anon_tags[tag], named_tags[tag]) >= limits["min_uses_each"]:
            tags.append(tag)
    phrases = _shared_phrases(pair, data)
    if not tags and not phrases:
        return []
    anon_posts, named_posts = _own(pair.anonymous), _own(pair.named)
    spelled = _spellings(pair)
    evidence: list[Evidence] = []
    for tag in tags[:5]:
        evidence += _examples(pair, anon_posts, named_posts, partial(_has_tag, tag), f"#{spelled.get(tag, tag)}")
    for phrase in phrases[:5]:
        evidence += _examples(pair, anon_posts, named_posts, partial(_has_phrase, phrase), f"“{phrase}”")
    shown = [f"#{spelled.get(t, t)}" for t in tags] + [f"“{p}”" for p in phrases]
    what = join_words(shown[:4]) + (f" and {len(shown) - 4} more" if len(shown) > 4 else "")
    strength = "moderate" if len(shown) >= limits["moderate_items"] else "weak"
    return [Signal(
        check=CHECK_ID,
        strength=strength,  # type: ignore[arg-type]
        subject_id="shared-tags",
        title="Both accounts use the same distinctive tags or phrases",
        message=(f"Both {pair.anonymous.key} and {pair.named.key} repeatedly use {what}, which few other "
                 f"people use. Searching for them lists both accounts side by side."),
        plain=f"by searching for {what}, which both accounts use",
        evidence=tuple(evidence),
    )]


def _spellings(pair: AccountPair) -> dict[str, str]:
    """How the user wrote each tag (``CanalsideRunners``), for messages; matching ignores case."""
    spelled: dict[str, str] = {}
    for snapshot in (pair.anonymous, pair.named):
        for post in _own(snapshot):
            for tag in (*post.hashtags, *_HASHTAG.findall(post.text)):
                spelled.setdefault(tag.lower(), tag)
    return spelled


def _own(snapshot: AccountSnapshot) -> list[Post]:
    return [p for p in snapshot.posts if p.kind != "repost"]


def _post_tags(post: Post) -> set[str]:
    return {t.lower() for t in post.hashtags} | {t.lower() for t in _HASHTAG.findall(post.text)}


def _hashtags(snapshot: AccountSnapshot) -> tuple[Counter[str], set[str]]:
    """(posts using each tag, tags in the bio)."""
    counts: Counter[str] = Counter()
    for post in _own(snapshot):
        counts.update(_post_tags(post))
    bio = {t.lower() for t in _HASHTAG.findall(snapshot.profile.bio)}
    return counts, bio


def _shared_phrases(pair: AccountPair, data: dict[str, Any]) -> list[str]:
    """Word n-grams in at least ``min_uses_each`` posts of each account, with enough content words."""
    limits = data["limits"]
    n, need = int(limits["phrase_words"]), int(limits["min_uses_each"])
    stop = set(data["common"]["stopwords"])
    common = {tuple(p.split()) for p in data["common"]["phrases"]}

    def grams(snapshot: AccountSnapshot) -> Counter[tuple[str, ...]]:
        counts: Counter[tuple[str, ...]] = Counter()
        for post in _own(snapshot):
            words = _words(post)
            counts.update({tuple(words[i : i + n]) for i in range(len(words) - n + 1)})
        return counts

    anon = grams(pair.anonymous)
    named = grams(pair.named)
    found = []
    for gram, count in anon.items():
        if count < need or named.get(gram, 0) < need or gram in common:
            continue
        content = [w for w in gram if w not in stop and not w.isdigit()]
        if len(content) >= int(limits["phrase_content_words"]):
            found.append(" ".join(gram))
    return _merge_overlapping(sorted(found))


def _merge_overlapping(phrases: list[str]) -> list[str]:
    """Keep one phrase per repeated sentence: drop n-grams that overlap an already kept one."""
    kept: list[str] = []
    for phrase in phrases:
        words = set(phrase.split())
        if not any(len(words & set(k.split())) >= len(words) - 1 for k in kept):
            kept.append(phrase)
    return kept


def _has_tag(tag: str, post: Post) -> bool:
    return tag in _post_tags(post)


def _has_phrase(phrase: str, post: Post) -> bool:
    return f" {phrase} " in f" {' '.join(_words(post))} "


def _words(post: Post) -> list[str]:
    """Words of a post without hashtags and mentions, which are matched separately."""
    return [w for w in tokens(post.text) if w[0] not in "#@"]


def _examples(
    pair: AccountPair, anon: list[Post], named: list[Post], has: Callable[[Post], bool], label: str
) -> list[Evidence]:
    """One post (or the bio) from each account that shows the tag or phrase."""
    out = []
    for snapshot, posts in ((pair.anonymous, anon), (pair.named, named)):
        post = next((p for p in posts if has(p)), None)
        if post is not None:
            out.append(Evidence(f"{snapshot.key} post {post.id} ({label})", quote(post.text)))
        elif label.startswith("#"):
            out.append(Evidence(f"{snapshot.key} profile bio ({label})", quote(snapshot.profile.bio)))
    return out
