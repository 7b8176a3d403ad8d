"""Benchmark the text detectors: posts/s for the whole detection pass, and a naive baseline.

Usage: python benchmarks/bench_text.py [--posts 100000] [--naive-posts 5000]

Generates posts from a phrase bank (work, family, hashtags, emoji, names with diacritics,
phone numbers), then times, on one core:

* the full detection pass: every post through the per-post analysis the checks share (rules,
  caseload mentions, the two-stage learned scorer) and the identity matcher, with an
  ``[identity]`` table and a 2,000-row caseload like a real user's;
* the same posts' term matching done naively, one compiled regex per term, looping over terms
  per post, over a sample (``--naive-posts``) because it is slow.

Prints posts/s per core for each (CPU time of this process, so other load on a shared machine
does not count; wall-clock figures and the load average are printed beside it), the time to
compile the matchers (once per audit, not per post), the peak memory traced during the pass (tracemalloc, on a second
run, because tracing slows Python several times) and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.analysis import PostAnalyser
from auditor.caseload import parse_caseload
from auditor.config import IdentityFacts, ProfileConfig
from auditor.detectors.identity import IdentityMatcher
from auditor.detectors.terms import load_pack, packs_for, term_regex
from auditor.detectors.text import NormText
from auditor.model import Post

PHRASES = [
    "Long day but a good one.", "Coffee first, then the referral pile.", "Home visit this morning, little J (6)",
    "Training on trauma-informed practice today.", "Why is the printer always broken", "Run club tonight 🏃",
    "These parents are idiots honestly", "Reading a great book on attachment theory", "Eastfield traffic again",
    "Proud of my team at #WexfordCountyCouncil", "Rain. Again.", "Court hearing tomorrow, wish me luck",
    "my 9yo asked why I talk to sad people all day", "Session w/ Renée went well 💛", "call 07700 900123 for info",
    "Mrs. Đặng thanked me today", "lunch with Dave was fun", "the new ADHD guidance is out", "🎉🎉 Friday!!",
    "hungover at work lol", "Harriet Okafor's talk at the conference", "kid on my caseload (15, Hollis Twp) got in",
]
IDENTITY = IdentityFacts({
    "real_names": ("Harriet Okafor", "Hattie Okafor"), "employers": ("Wexford County Council", "WCC"),
    "workplaces": ("Ashby Civic Centre",), "places": ("Ashby", "Eastfield"),
    "colleagues": ("Dave Pryce", "Dr. Amir Sethi"), "family": ("Zara Okafor", "Tunde Okafor"),
    "schools": ("St Mary's Primary School",), "other": ("Assessment Team 2",),
    "emails": ("h.okafor@example.org",), "phones": ("07700 900123",),
})


def generate(n: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 4))) for _ in range(n)]


Detectors = tuple[PostAnalyser, IdentityMatcher]
FIRST = ("Amara", "Kayden", "Oliwia", "Tariq", "Mei", "Callum", "Niamh", "Dmytro", "Aroha", "Jaxon")
LAST = ("Price", "Wozniak", "Okoro", "Hughes", "Nguyen", "Byrne", "Patel", "Tipene", "Kowalski", "Reid")


def build_detectors() -> Detectors:
    """What an audit compiles once (checks keep them in the audit context's cache)."""
    rows = [f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}{i // 100 or ''},,Area {i % 37},{1950 + i % 70}"
            for i in range(2000)]
    caseload = parse_caseload("name,aliases,area,birth_year\n" + "\n".join(rows) + "\n")
    analyser = PostAnalyser(ProfileConfig("social_worker", "uk"), IDENTITY, caseload=caseload)
    analyser.scorer  # noqa: B018 - load the model once, as an audit does
    return analyser, IdentityMatcher(IDENTITY)


def full_pass(posts: list[str], detectors: Detectors) -> int:
    analyser, identity = detectors
    items = [Post(id=str(i), text=text) for i, text in enumerate(posts)]
    flagged = sum(a.score("confidentiality") >= 0.5 or a.score("conduct") >= 0.5 for a in analyser.analyse(items))
    return flagged + sum(bool(identity.find(NormText(text))) for text in posts)


def naive_pass(posts: list[str]) -> int:
    """The baseline the issue warns against: a Python loop over every term's own regex, per post."""
    names = ("work_context", "work_hint", "ages", "conditions", "family", "events", "ethnicity", "occupation",
             "contempt", "targets", "derogatory", "substances", "work_time", "training_context")
    packs = [load_pack(n) for n in names] + packs_for(("WORK_CONTEXT", "WORK_HINT", "CONDITION"), "social_worker", "uk")
    regexes = [re.compile(term_regex(t), re.IGNORECASE) for p in packs for t in p.terms]
    regexes += [re.compile(p, re.IGNORECASE) for pack in packs for p in pack.patterns if not p.startswith("(?-i:")]
    hits = 0
    for text in posts:
        for rx in regexes:
            hits += rx.search(text) is not None
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--naive-posts", type=int, default=5_000)
    args = parser.parse_args()
    posts = generate(args.posts)
    chars = sum(map(len, posts))
    print(f"{len(posts):,} generated posts, {chars / len(posts):.0f} characters on average")

    load = os.getloadavg()
    print(f"load average before : {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
          "(figures below are this one process on one core)")
    cpu, wall = time.process_time(), time.perf_counter()
    detectors = build_detectors()
    print(f"setup (once per audit): {(time.perf_counter() - wall) * 1000:.0f} ms to compile the matchers")
    full_pass(posts[:200], detectors)  # warm RE2's lazily built automata and the lane cache
    cpu, wall = time.process_time(), time.perf_counter()
    flagged = full_pass(posts, detectors)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"full detection pass : {len(posts) / cpu:10,.0f} posts/s per core (CPU time {cpu:.2f} s; "
          f"wall clock {len(posts) / wall:,.0f} posts/s, {wall:.2f} s; {flagged:,} detector hits)")
    load = os.getloadavg()
    print(f"load average after  : {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    tracemalloc.start()  # memory on a second, smaller run: tracing slows Python down several times
    full_pass(posts[:10_000], detectors)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory              : peak traced {peak / 2**20:.1f} MiB during the pass (10,000 posts); "
          f"peak RSS of the process {rss:.0f} MiB (includes the {len(posts):,} generated posts)")

    sample = posts[: args.naive_posts]
    cpu = time.process_time()
    naive_pass(sample)
    cpu = time.process_time() - cpu
    print(f"naive per-term loop : {len(sample) / cpu:10,.0f} posts/s per core  (terms only, {len(sample):,} posts)")


if __name__ == "__main__":
    main()
