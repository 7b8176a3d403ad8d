"""How common a name is: a same-name stranger is likely for "Paul Robinson", unlikely for "Oliwia Woźniak".

A names-only match (a Facebook friend, an Instagram handle) carries no evidence beyond the name,
so its weight should follow how many people share it. The tables are data: the 1990 US Census
forename and surname shares (``name_frequency.csv``, public domain, rebuilt by
``scripts/build_name_frequency.py``) and names common in other countries
(``name_frequency_extra.csv``). A full name's expected holders per 100 million people is the
product of its given-name and surname shares; a name absent from both tables gets a small floor
share, so a name nobody lists counts as rare.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from auditor.detectors.names.fold import fold

FLOOR_PER_MILLION = 5.0  # a name absent from every table


@cache
def tables() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {"given": {}, "surname": {}}
    root = resources.files("auditor.data") / "names"
    for name in ("name_frequency.csv", "name_frequency_extra.csv"):
        text = (root / name).read_text(encoding="utf-8")
        rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
        for row in rows:
            table = out.get(row["kind"])
            if table is not None:
                key = row["name"]
                table[key] = max(table.get(key, 0.0), float(row["per_million"]))
    return out


def _key(word: str) -> str:
    return "".join(ch for ch in fold(word) if ch.isalpha())


def share(kind: str, word: str) -> float:
    """People per million holding ``word`` as a given name or surname (the floor when unlisted)."""
    table = tables()[kind]
    key = _key(word)
    if key in table:
        return table[key]
    if "-" in word:  # a double-barrelled surname is as rare as its rarer half, or rarer
        return min(share(kind, piece) for piece in word.split("-") if piece) * 0.1
    return FLOOR_PER_MILLION


def holders_per_100m(given: str, surname: str) -> float:
    """Expected holders of the full name per 100 million people, assuming independent parts."""
    return share("given", given) * share("surname", surname) / 10_000.0  # (g/1e6)·(s/1e6)·1e8


def is_common(given: str, surname: str, threshold: float) -> bool:
    return holders_per_100m(given, surname) >= threshold
