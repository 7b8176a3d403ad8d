"""Rebuild ``auditor/data/names/name_frequency.csv`` from the US Census 1990 name lists.

The lists (``dist.male.first``, ``dist.female.first``, ``dist.all.last``: name, percent of the
population, cumulative percent, rank) are public domain, published by the US Census Bureau
("Frequently Occurring Surnames and First Names from the 1990 Census"). The PyPI package
``names`` 0.3.0 (MIT licence, https://github.com/treyhunner/names) ships them unchanged; this
script reads them from that package or from a directory given on the command line. It is a
build-time tool only: the auditor reads the compact CSV it writes and never imports ``names``.

    python scripts/build_name_frequency.py [DIR_WITH_DIST_FILES]

Output rows: ``kind,name,per_million`` where kind is ``given`` or ``surname``, the name is folded
(lower case, no accents) and per_million is the share of the population holding it, in people per
million (given names: the mean of the male and female shares, as the lists are per sex). Surnames
under 20 per million and given names under 10 per million are left out: absent means rare.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "auditor" / "data" / "names" / "name_frequency.csv"
SURNAME_FLOOR = 20  # per million
GIVEN_FLOOR = 10

HEADER = """\
# Name frequency: people per million holding a given name or surname.
# Source: US Census Bureau, 1990 Census name lists (dist.male.first, dist.female.first,
# dist.all.last), public domain; as shipped in the PyPI package `names` 0.3.0 (MIT licence).
# Rebuilt by scripts/build_name_frequency.py; do not edit by hand. Given names: mean of the
# male and female shares. Surnames under 20 and given names under 10 per million are omitted.
# US-centred: auditor/data/names/name_frequency_extra.csv adds names common elsewhere.
kind,name,per_million
"""


def _read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            out[fields[0].lower()] = float(fields[1]) * 10_000  # percent → per million
    return out


def source_dir(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    import names  # type: ignore[import-not-found]  # build-time only

    return Path(names.__file__).parent


def build(src: Path) -> str:
    given: dict[str, float] = defaultdict(float)
    for sex in ("male", "female"):
        for name, share in _read(src / f"dist.{sex}.first").items():
            given[name] += share / 2
    surnames = _read(src / "dist.all.last")
    rows = [f"given,{n},{round(v)}" for n, v in sorted(given.items()) if v >= GIVEN_FLOOR]
    rows += [f"surname,{n},{round(v)}" for n, v in sorted(surnames.items()) if v >= SURNAME_FLOOR]
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(source_dir(sys.argv)), encoding="utf-8")
    print(f"wrote {OUT}")
