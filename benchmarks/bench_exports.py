"""Benchmark: stream-parse a large generated Facebook, Instagram, LinkedIn or Mastodon export.

Usage: python benchmarks/bench_exports.py [--platform facebook] [--posts 200000] [--connections 50000]

The export is generated in the platform's real layout (streamed to disk, never held in memory),
then read by the connector in a *separate process*, so the peak RSS printed is that of parsing
alone: the interpreter, the normalised posts and connections, and whatever the parser keeps.
A parser that loaded whole files would show peak RSS growing with the archive's size.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.testing.facebook_export import FacebookExport, fb_media, fb_place, fb_post
from auditor.testing.instagram_export import InstagramExport, ig_post
from auditor.testing.linkedin_export import LinkedInExport, connection, share
from auditor.testing.mastodon_export import MastodonExport

PHRASES = [
    "Long day but a good one.", "Coffee first, then the referral pile.", "Home visit this morning, little J (6)",
    "Training on trauma-informed practice today.", "Why is the printer always broken", "Run club tonight 🏃",
    "Søren's café – best flat white in Århus", "Reading a great book on attachment theory", "Eastfield traffic again",
    "Proud of my team at WCC", "Rain. Again.", "Court hearing tomorrow, wish me luck",
]
START = datetime(2011, 1, 1, tzinfo=UTC)


def _texts(n: int) -> Iterator[tuple[int, str, datetime, random.Random]]:
    rng = random.Random(2026)
    for i in range(n):
        yield i, " ".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 4))), START + timedelta(minutes=75 * i), rng


def _people(n: int, prefix: str) -> list[tuple[str, int]]:
    return [(f"{prefix} Person{i}", 1300000000 + i * 600) for i in range(n)]


def build(platform: str, path: Path, posts: int, connections: int) -> Path:
    if platform == "facebook":
        def fb_posts() -> Iterator[dict[str, Any]]:
            for i, text, when, rng in _texts(posts):
                extra: dict[str, Any] = {}
                if rng.random() < 0.1:
                    extra["media"] = [fb_media(f"your_facebook_activity/posts/media/Mobileuploads_1/{i}_n.jpg",
                                               upload_ip="192.0.2.1", lat_lon=(51.5 + rng.random(), -0.1))]
                if rng.random() < 0.03:
                    extra["place"] = fb_place("Brighton Beach", (50.81, -0.14), "Brighton")
                yield fb_post(text, when, tags=["Ann Example"] if rng.random() < 0.05 else (), **extra)
        export = FacebookExport(full_name="Bench Ürser", username="bench.user", posts=fb_posts(),
                                friends=_people(connections, "Friend"), followers=_people(connections // 10, "Fan"),
                                removed_friends=_people(connections // 50, "Gone"), posts_per_file=20_000)
        return export.write(path.with_suffix(".zip"))
    if platform == "instagram":
        ig_posts = (ig_post(text, when, [f"media/posts/{when:%Y%m}/{17_000_000_000_000_000 + i}.jpg"],
                            lat_lon=(52.2, 0.12) if rng.random() < 0.1 else None)
                    for i, text, when, rng in _texts(posts))
        return InstagramExport(username="bench.user", name="Bench", private_account=False, posts=ig_posts,
                               followers=[(f"user{i}", t) for i, (_, t) in enumerate(_people(connections, "F"))],
                               following=[(f"ff{i}", 1) for i in range(connections // 5)],
                               followers_per_file=10_000).write(path.with_suffix(".zip"))
    if platform == "linkedin":
        shares = [share(f"{when:%Y-%m-%d %H:%M:%S}", text, "PUBLIC" if i % 3 else "MEMBER_NETWORK",
                        str(7 * 10**18 + i)) for i, text, when, _ in _texts(posts)]
        people = [connection(f"First{i}", f"Last{i}", f"first-last-{i}", "Acme", "Engineer")
                  for i in range(connections)]
        return LinkedInExport(profile={"First Name": "Bench", "Last Name": "User"}, connections=people,
                              shares=shares).write(path.with_suffix(".zip"))
    export = MastodonExport(username="bench", following=[f"user{i}@social.example" for i in range(connections)])
    export.statuses = (export.toot(100_000 + i, f"<p>{text}</p>", when, rng.choice(["public", "unlisted", "private"]))
                       for i, text, when, rng in _texts(posts))
    archive = export.write(path.with_suffix(".zip"))
    (path.parent / "following_accounts.csv").write_bytes(export.following_csv())
    return archive


def _peak_kib() -> int:
    """This process's peak RSS. VmHWM, because ru_maxrss survives exec and would include the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read(platform: str, archive: Path) -> None:
    """Child process: read the export and print throughput and this process's peak RSS."""
    import importlib

    from auditor.config import AccountConfig
    from auditor.progress import SILENT

    paths = (archive,)
    if platform == "mastodon":
        paths += (archive.parent / "following_accounts.csv",)
    load = importlib.import_module(f"connectors.{platform}_archive").load
    base = _peak_kib()
    t0 = time.perf_counter()
    snap = load(AccountConfig(platform=platform, stance="personal", where="bench", archive=paths), SILENT)
    took = time.perf_counter() - t0
    peak = _peak_kib()
    n, c = len(snap.posts), len(snap.connections)
    print(f"read:  {n:,} posts + {c:,} connections in {took:.2f}s = {n / took:,.0f} posts/s "
          f"({(n + c) / took:,.0f} items/s)")
    print(f"peak RSS {peak / 1024:.0f} MiB (after imports, before reading: {base / 1024:.0f} MiB); "
          f"errors: {len(snap.errors)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--platform", choices=["facebook", "instagram", "linkedin", "mastodon"], default="facebook")
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--connections", type=int, default=50_000)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args()
    if args.read:
        read(args.platform, args.read)
        return
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        archive = build(args.platform, Path(folder) / f"{args.platform}-bench", args.posts, args.connections)
        print(f"generated {args.platform}: {args.posts:,} posts, {args.connections:,}+ connections "
              f"({archive.stat().st_size / 1e6:.1f} MB zip) in {time.perf_counter() - t0:.1f}s")
        subprocess.run([sys.executable, __file__, "--platform", args.platform, "--read", str(archive)], check=True)


if __name__ == "__main__":
    main()
