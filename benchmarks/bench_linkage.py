"""Benchmark: near-duplicate search (linkage.crossposts) on 100,000 posts per account.

Builds two synthetic accounts of ``--posts`` posts each (tweet-length texts from a Zipf-like
vocabulary, so common words really are common), plants ``--planted`` lightly edited copies,
and runs the same path the check uses: tokenise, MinHash/LSH, exact verification. Prints the
time, throughput, peak traced memory (tracemalloc, which sees numpy's buffers) and the
process's peak RSS, plus how many planted pairs were found (recall) and how many found pairs
were not planted.

    .venv/bin/python benchmarks/bench_linkage.py [--posts 100000] [--planted 500]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc

from auditor.detectors.linkage import tokens
from auditor.detectors.neardup import find_near_duplicates


def synthetic_posts(rng: random.Random, count: int, vocabulary: list[str], weights: list[float]) -> list[str]:
    lengths = [rng.randint(6, 45) for _ in range(count)]
    words = rng.choices(vocabulary, weights, k=sum(lengths))
    out, at = [], 0
    for length in lengths:
        out.append(" ".join(words[at : at + length]))
        at += length
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts per account")
    parser.add_argument("--planted", type=int, default=500, help="near-duplicate pairs to plant")
    args = parser.parse_args()

    rng = random.Random(1)
    vocabulary = [f"word{i}" for i in range(30_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    left = synthetic_posts(rng, args.posts, vocabulary, weights)
    right = synthetic_posts(rng, args.posts, vocabulary, weights)
    planted = {}
    for i, j in zip(rng.sample(range(args.posts), args.planted), rng.sample(range(args.posts), args.planted),
                    strict=True):
        words = left[i].split()
        if len(words) < 10:
            continue
        words[rng.randrange(len(words))] = "edited"  # one word changed
        right[j] = " ".join(words)
        planted[i] = j

    # timed without tracemalloc (it slows every Python allocation), then measured again with it
    started = time.perf_counter()
    left_tokens = [tokens(t) for t in left]
    right_tokens = [tokens(t) for t in right]
    tokenised = time.perf_counter()
    found = find_near_duplicates(left_tokens, right_tokens)
    elapsed = time.perf_counter() - started
    del left_tokens, right_tokens

    tracemalloc.start()
    find_near_duplicates([tokens(t) for t in left], [tokens(t) for t in right])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    pairs = {(d.left, d.right) for d in found}
    hits = sum((i, j) in pairs for i, j in planted.items())
    extra = len(pairs - set(planted.items()))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    total = 2 * args.posts
    print(f"near-duplicate search: {args.posts:,} x {args.posts:,} posts")
    print(f"  tokenise      {tokenised - started:6.2f} s")
    print(f"  minhash+lsh   {elapsed - (tokenised - started):6.2f} s")
    print(f"  total         {elapsed:6.2f} s  ({total / elapsed:,.0f} posts/s)")
    print(f"  peak memory   {peak / 1024**2:,.0f} MiB traced (tracemalloc), {rss:,.0f} MiB peak RSS")
    print(f"  recall        {hits}/{len(planted)} planted pairs found; {extra} other pairs "
          f"(genuinely similar random texts, each verified by exact Jaccard)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
