"""Benchmark: read and audit a generated X archive of a 15-year account.

Usage: python benchmarks/bench_x_archive.py [--posts 100000] [--followers 20000]
Prints read and audit throughput (posts/s) and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.checking import AuditContext
from auditor.config import AccountConfig, IdentityFacts, ProfileConfig
from auditor.engine import audit_snapshots
from auditor.progress import SILENT
from auditor.testing.x_archive import XArchive, tweet
from connectors.x_archive import load

PHRASES = [
    "Long day but a good one.", "Coffee first, then the referral pile.", "Home visit this morning, little J (6)",
    "Training on trauma-informed practice today.", "Why is the printer always broken", "Run club tonight 🏃",
    "These parents are idiots honestly", "Reading a great book on attachment theory", "Eastfield traffic again",
    "Proud of my team at WCC", "Rain. Again.", "Court hearing tomorrow, wish me luck",
]


def build(path: Path, posts: int, followers: int) -> None:
    rng = random.Random(2026)
    start = datetime(2011, 1, 1, tzinfo=UTC)
    tweets = []
    for i in range(posts):
        text = " ".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 4)))
        geo = (rng.uniform(-2, 0), rng.uniform(51, 53)) if rng.random() < 0.02 else None
        tweets.append(tweet(str(1_000_000_000 + i), text, start + timedelta(minutes=75 * i), lon_lat=geo))
    archive = XArchive(username="BenchUser", tweets=tweets, followers=[str(5_000_000 + i) for i in range(followers)],
                       following=[str(6_000_000 + i) for i in range(followers // 4)], protected_actions=[])
    archive.write(path, layout="split", part_size=50_000)  # real archives split at about 50 MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--followers", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "twitter-bench.zip"
        t0 = time.perf_counter()
        build(path, args.posts, args.followers)
        print(f"generated {args.posts:,} posts, {args.followers:,} followers "
              f"({path.stat().st_size / 1e6:.1f} MB zip) in {time.perf_counter() - t0:.1f}s")
        base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        account = AccountConfig(platform="x", stance="anonymous", where="bench", archive=(path,))
        t1 = time.perf_counter()
        snapshot = load(account, SILENT)
        t2 = time.perf_counter()
        ctx = AuditContext(profile=ProfileConfig(role="social_worker", jurisdiction="uk"),
                           identity=IdentityFacts({"employers": ("Wexford County Council", "WCC"),
                                                   "places": ("Ashby", "Eastfield")}))
        result = audit_snapshots([snapshot], ctx)
        t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n = len(snapshot.posts)
    print(f"read:  {n:,} posts in {t2 - t1:.2f}s = {n / (t2 - t1):,.0f} posts/s")
    print(f"audit: {len(result.findings):,} findings in {t3 - t2:.2f}s = {n / (t3 - t2):,.0f} posts/s")
    print(f"total: {n / (t3 - t1):,.0f} posts/s; peak RSS {peak / 1024:.0f} MiB "
          f"(before reading: {base_rss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
