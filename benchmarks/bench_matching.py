"""Speed of caseload matching: blocking + rapidfuzz against the all-pairs approach.

    .venv/bin/python benchmarks/bench_matching.py [--connections 100000] [--rows 2000] [--repeat 3]

The issue's target: 100,000 connections against a 2,000-row caseload in under 5 seconds on
2 cores. Timed end to end through the real check (``connections.caseload_match``: building
the matcher, matching every connection, building the findings), best and worst of
``--repeat`` runs, each with a fresh audit context so nothing is reused between runs. The
machine is shared, so the load average is printed with the figures. The all-pairs baselines
score a sample of connections against every row (our full scorer, and rapidfuzz's C
``cdist`` with token_sort_ratio on all cores) and extrapolate, because running them in full
would take minutes to hours. Prints connections/s, planted-match recall and peak memory
(ru_maxrss: before matching, and after). The caseload is synthetic and stays in memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import UTC, datetime

from rapidfuzz import fuzz, process

from auditor.caseload import parse_caseload
from auditor.checking import AuditContext
from auditor.checks import connections_caseload_match
from auditor.config import IdentityFacts
from auditor.detectors.names import CaseloadMatcher
from auditor.detectors.names.fold import fold
from auditor.detectors.names.matcher import _name_score
from auditor.detectors.names.parse import parse_connection
from auditor.model import AccountSnapshot
from auditor.testing.caseload import caseload_csv, make_caseload, make_connections

YEAR = 2026


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--planted", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs (best and worst are shown)")
    parser.add_argument("--sample", type=int, default=300, help="connections for the all-pairs baselines")
    args = parser.parse_args()

    rows = make_caseload(args.rows)
    connections, truth = make_connections(rows, args.connections, args.planted)
    caseload = parse_caseload(caseload_csv(rows))
    snapshot = AccountSnapshot(platform="facebook", handle="bench", stance="personal", source="archive",
                               captured_at=datetime(YEAR, 6, 1, tzinfo=UTC), connections=connections)
    identity = IdentityFacts({"places": ("Northgate",)})
    rss_before = _rss_mb()
    print(f"{len(connections):,} connections × {len(rows):,} caseload rows; {_load()}")

    times = []
    issues: list[object] = []
    for _ in range(max(1, args.repeat)):
        ctx = AuditContext(identity=identity, caseload=caseload)
        start = time.perf_counter()
        issues = list(connections_caseload_match.run(snapshot, ctx))
        times.append(time.perf_counter() - start)
    first, best = times[0], min(times)
    print(f"end to end (check connections.caseload_match: build matcher + match + findings): first run "
          f"(cold caches) {first:.2f}s ({len(connections) / first:,.0f} connections/s), best {best:.2f}s, "
          f"worst {max(times):.2f}s over {len(times)} runs; {len(issues)} findings; {_load()}")

    start = time.perf_counter()
    matcher = CaseloadMatcher(caseload, ["Northgate"])
    built = time.perf_counter() - start
    start = time.perf_counter()
    found = {}
    for i, conn in enumerate(connections):
        matches = matcher.match(conn.display_name, conn.handle, conn.bio, conn.location, YEAR)
        if matches:
            found[i] = matches[0]
    elapsed = time.perf_counter() - start
    row_index = {row.row: k for k, row in enumerate(caseload.rows)}
    hits = sum(1 for i, r in truth.items() if i in found and not found[i].possible and row_index[found[i].row.row] == r)
    others = sum(1 for i, m in found.items() if i not in truth and not m.possible)
    print(f"matcher alone: index {built:.2f}s; match {elapsed:.2f}s ({len(connections) / elapsed:,.0f} "
          f"connections/s); planted found {hits}/{len(truth)}; other detections {others}; "
          f"possible {sum(1 for m in found.values() if m.possible)}")
    rss_after = _rss_mb()

    sample = connections[: args.sample]
    start = time.perf_counter()
    for conn in sample:
        parts = parse_connection(conn.display_name, conn.handle).parts
        for names in matcher.rows:
            _name_score(names, parts)
    per = (time.perf_counter() - start) / len(sample)
    print(f"all-pairs, same scorer: {per * 1000:.1f} ms per connection → {per * len(connections):,.0f}s "
          f"for all {len(connections):,} (extrapolated from {len(sample)})")

    choices = [fold(row.name) for row in caseload.rows]
    queries = [fold(c.display_name or "") for c in connections[: args.sample * 10]]
    start = time.perf_counter()
    process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, score_cutoff=85, workers=-1)
    per = (time.perf_counter() - start) / len(queries)
    print(f"all-pairs, rapidfuzz cdist token_sort_ratio (names only, no nicknames/handles/evidence): "
          f"{per * len(connections):.1f}s for all (extrapolated from {len(queries)})")
    print(f"peak memory (ru_maxrss): {rss_before:.0f} MB with the inputs built, {rss_after:.0f} MB after matching")
    return 0


if __name__ == "__main__":
    sys.exit(main())
