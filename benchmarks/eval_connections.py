"""Precision and recall of caseload matching on ../shared/dev-corpus/connections.jsonl.

    .venv/bin/python benchmarks/eval_connections.py [--verbose] [--corpus DIR]

A match at confidence ≥ 0.5 counts as a detection; below that it is a *possible* match that the
report shows for the user to verify, and (DESIGN.md §5) it does not count towards precision.
False positives on the corpus's hand-written decoys (same-name strangers) are listed apart from
false positives on anything else, as the corpus README asks. Caseload names are printed here
because this is the corpus's own invented data, never a real caseload.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

from auditor.caseload import load_caseload
from auditor.detectors.names import CaseloadMatcher
from auditor.detectors.names.fold import fold

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"
YEAR = 2025  # the corpus's bios are written as of 2025


def _decoy(entry: dict[str, str], tokens: set[str]) -> bool:
    """The README's definition: no match, but shares a folded name token (≥ 2 chars) with the caseload."""
    import re
    text = fold(f"{entry['display_name']} {entry['handle']}")
    return entry["match"] is None and bool(set(re.findall(r"[a-z0-9]{2,}", text)) & tokens)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    caseload = load_caseload(args.corpus / "caseload.csv")
    persona = tomllib.loads((args.corpus / "persona.toml").read_text(encoding="utf-8"))
    matcher = CaseloadMatcher(caseload, local_places=persona["identity"]["places"])
    by_row = {row.row: row.name for row in caseload.rows}
    import re
    stop = {"jr", "sr", "mr", "ms", "mrs", "dr", "the", "of", "and", "official", "page", "fan", "fans", "club",
            "md", "rn", "phd", "lcsw", "bsky", "social", "in"}
    tokens = {t for s in caseload.strings() for t in re.findall(r"[a-z0-9]{2,}", fold(s)) if t not in stop}

    counts: Counter[str] = Counter()
    lines = []
    entries = [json.loads(line) for line in (args.corpus / "connections.jsonl").open(encoding="utf-8")]
    for entry in entries:
        matches = matcher.match(entry["display_name"], entry["handle"], entry["bio"], entry["location"], YEAR)
        best = matches[0] if matches else None
        truth = entry["match"]
        predicted = by_row[best.row.row] if best and not best.possible else None
        possible = by_row[best.row.row] if best and best.possible else None
        if truth:
            counts["positives"] += 1
            counts["tp" if predicted == truth else "fn"] += 1
            if predicted and predicted != truth:
                counts["fp_wrong_row"] += 1
        elif predicted:
            counts["fp_decoy" if _decoy(entry, tokens) else "fp_other"] += 1
        if possible and not truth:
            counts["possible_on_negatives"] += 1
        if possible and truth:
            counts["possible_on_positives"] += 1
        if args.verbose and (best or truth):
            mark = "OK " if (predicted == truth) else "ERR"
            lines.append(f"{mark} {entry['id']} {entry['display_name']!r:30} truth={truth} "
                         f"best={by_row[best.row.row] if best else None} conf={best.confidence if best else '-'} "
                         f"{'; '.join(best.reasons) if best else ''}")
    tp, fn = counts["tp"], counts["fn"]
    fp = counts["fp_decoy"] + counts["fp_other"] + counts["fp_wrong_row"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print("\n".join(lines))
    print(f"entries {len(entries)}, true matches {counts['positives']}")
    print(f"detections (confidence ≥ 0.5): tp {tp}, fn {fn}, fp {fp}")
    print(f"  false positives on decoys (same-name strangers): {counts['fp_decoy']}")
    print(f"  false positives on other entries: {counts['fp_other']}")
    print(f"  matched to the wrong caseload row: {counts['fp_wrong_row']}")
    print(f"possible matches (confidence < 0.5) shown for checking: {counts['possible_on_negatives']} on "
          f"non-matches, {counts['possible_on_positives']} on true matches")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
