"""Benchmark (issue 17): one `auditor run` over an X archive plus a Facebook export, as a user runs it.

Two scenarios: ``realistic`` (3% of posts risky) and ``flood`` (60% risky). Both exports are written
in real layouts (split X archive, Facebook 2024 zip with friends). Each audit runs in a child process
that first times a bare ``json.loads`` of the archive's tweets, then the full ``auditor run``, so the
wall ratio and peak RSS are those a user sees. Prints wall vs bare parse, peak RSS, report sizes.

    .venv/bin/python benchmarks/bench_full_audit.py [--posts 50000] [--friends 10000] [--scenario both]
    .venv/bin/python benchmarks/bench_full_audit.py --posts 200000 --friends 50000   # the issue's account
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.testing.facebook_export import FacebookExport, fb_post
from auditor.testing.x_archive import XArchive, tweet

SAFE = ["Long day but a good one.", "Coffee first, then the referral pile.", "Run club tonight",
        "Reading a great book on attachment theory", "Rain. Again.", "Why is the printer always broken"]
RISKY = ["Home visit this morning, little J (6) in Eastfield again", "These parents are idiots honestly",
         "Court hearing tomorrow for the twins, placement move", "Proud of my team at Wexford County Council"]
START = datetime(2011, 1, 1, tzinfo=UTC)
CHILD = r"""
import json, resource, sys, time, zipfile
from auditor.cli import main
zip_path, config, out = sys.argv[1:4]
t = time.perf_counter()
with zipfile.ZipFile(zip_path) as z:
    for name in z.namelist():
        if "/tweets" in name and name.endswith(".js"):
            raw = z.read(name).decode("utf-8")
            json.loads(raw[raw.index("["):])
bare = time.perf_counter() - t
bare_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
code = main(["run", "--config", config, "--output-dir", out, "--format", "html,json,md", "--no-history", "--quiet"])
wall = time.perf_counter() - t
print(json.dumps({"bare": bare, "bare_rss": bare_rss, "wall": wall, "code": code,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def text(rng: random.Random, risky: float) -> str:
    return rng.choice(RISKY) if rng.random() < risky else " ".join(rng.choice(SAFE) for _ in range(rng.randint(1, 3)))


def build(folder: Path, posts: int, friends: int, risky: float) -> tuple[Path, Path]:
    rng = random.Random(2026)
    tweets = [tweet(str(1_000_000_000 + i), text(rng, risky), START + timedelta(minutes=75 * i)) for i in range(posts)]
    x = XArchive(username="BenchFern", tweets=tweets, followers=[str(5_000_000 + i) for i in range(friends)],
                 following=[str(6_000_000 + i) for i in range(friends // 4)], protected_actions=[])
    x_zip = x.write(folder / "twitter-2026-11-01-bench.zip", layout="split", part_size=50_000)
    fb_posts = (fb_post(text(rng, risky), START + timedelta(minutes=300 * i)) for i in range(posts // 4))
    fb = FacebookExport(full_name="Harriet Okafor", username="harriet.okafor", posts=fb_posts,
                        friends=[(f"Friend Person{i}", 1300000000 + i * 600) for i in range(friends)],
                        posts_per_file=20_000)
    fb_zip = fb.write(folder / "facebook-harrietokafor-2026-11-01-bench.zip")
    config = folder / "auditor.toml"
    config.write_text(f"""[profile]
role = "social_worker"
jurisdiction = "uk"

[identity]
employers = ["Wexford County Council"]
places = ["Eastfield"]

[[accounts]]
platform = "x"
stance = "anonymous"
archive = "{x_zip.name}"

[[accounts]]
platform = "facebook"
stance = "personal"
archive = "{fb_zip.name}"
""", encoding="utf-8")
    return x_zip, config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--friends", type=int, default=10_000)
    parser.add_argument("--scenario", choices=["realistic", "flood", "both"], default="both")
    args = parser.parse_args()
    scenarios = {"realistic": 0.03, "flood": 0.60}
    names = list(scenarios) if args.scenario == "both" else [args.scenario]
    print(f"{args.posts:,} X posts + {args.posts // 4:,} Facebook posts, {args.friends:,} friends and followers")
    print("| scenario | bare parse | wall | wall / bare | peak RSS (bare parse) | findings | report.json "
          "| report.html | report.md |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            x_zip, config = build(folder, args.posts, args.friends, scenarios[name])
            out = folder / "out"
            run = subprocess.run([sys.executable, "-c", CHILD, str(x_zip), str(config), str(out)],
                                 capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
            if run.returncode != 0:
                sys.exit(run.stderr[-2000:])
            m = json.loads(run.stdout.strip().splitlines()[-1])
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            sizes = [(out / n).stat().st_size / 1e6 for n in ("report.json", "report.html", "report.md")]
            print(f"| {name} ({scenarios[name]:.0%} risky) | {m['bare']:.2f} s | {m['wall']:.1f} s | "
                  f"{m['wall'] / m['bare']:.1f}× | {m['rss'] / 1024:.0f} MB ({m['bare_rss'] / 1024:.0f} MB) | "
                  f"{len(report['findings']):,} ({report['schema']}) | {sizes[0]:.1f} MB | {sizes[1]:.1f} MB | "
                  f"{sizes[2]:.1f} MB |")


if __name__ == "__main__":
    main()
