"""Synthetic caseloads and connection lists for the caseload-matching tests and benchmark.

Names are invented combinations: given names from the ``nicknames`` dataset's canonical
names, surnames built from syllables, so no row is a real person. ``planted`` connections are
written the way real accounts write names (nickname, no accents, surname first, handle with
the birth year); everything else is random filler that may share a first name or a surname
with a row, as real connection lists do.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from nicknames import NickNamer

from auditor.model import Connection

_SYLLABLES = ("ka", "ren", "mol", "bri", "tan", "vos", "lek", "dar", "mi", "son", "hal", "wen", "tor", "zel",
              "pra", "gun", "bel", "ost", "ric", "ney", "lau", "fen", "cor", "dal", "mur", "sie", "vak", "pol")
_AREAS = ("Northgate", "Eastfield", "Millbrook", "Ashby", "Riverside", "Holloway", "Kingsmead", "Lowfield")
_ELSEWHERE = ("Portmere", "Castleford Bay", "Dunhaven", "Westerby", "Glenmoor")


@dataclass(frozen=True)
class SyntheticRow:
    name: str
    aliases: tuple[str, ...]
    area: str
    birth_year: int
    status: str


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def given_names() -> list[str]:
    return sorted(name for name in NickNamer().nickname_lookup if len(name) >= 3)


def make_caseload(n: int, seed: int = 7) -> list[SyntheticRow]:
    rng = random.Random(seed)
    given = given_names()
    rows = []
    for _ in range(n):
        first, last = rng.choice(given).capitalize(), _surname(rng)
        middle = rng.choice(given).capitalize()
        aliases = (f"{first} {last}",) if rng.random() < 0.5 else ()
        rows.append(SyntheticRow(f"{first} {middle} {last}", aliases, rng.choice(_AREAS),
                                 rng.randint(1950, 2008), rng.choice(("current", "former", ""))))
    return rows


def caseload_csv(rows: list[SyntheticRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "aliases", "area", "birth_year", "status"])
    for row in rows:
        writer.writerow([row.name, "; ".join(row.aliases), row.area, row.birth_year, row.status])
    return out.getvalue()


def write_caseload(path: Path, rows: list[SyntheticRow]) -> Path:
    path.write_text(caseload_csv(rows), encoding="utf-8")
    return path


def make_connections(rows: list[SyntheticRow], n: int, planted: int, seed: int = 11,
                     ) -> tuple[list[Connection], dict[int, int]]:
    """``n`` connections; ``planted`` of them written from caseload rows. Returns (connections, index → row idx)."""
    rng = random.Random(seed)
    given = given_names()
    namer = NickNamer()
    truth: dict[int, int] = {}
    out = []
    targets = rng.sample(range(len(rows)), min(planted, len(rows)))
    plant_at = dict(zip(rng.sample(range(n), len(targets)), targets, strict=True))
    for i in range(n):
        if i in plant_at:
            row = rows[plant_at[i]]
            first, _middle, last = row.name.split()
            nicks = sorted(namer.nicknames_of(first))
            shown = rng.choice(nicks).capitalize() if nicks and rng.random() < 0.5 else first
            display = f"{last} {shown}" if rng.random() < 0.2 else f"{shown} {last}"
            handle = f"{shown.lower()}.{last.lower()}.{row.birth_year % 100:02d}"
            out.append(Connection("friend", id=f"p{i}", handle=handle, display_name=display,
                                  bio=f"{row.area} born and raised", location=""))
            truth[i] = plant_at[i]
            continue
        first, last = rng.choice(given).capitalize(), _surname(rng)
        handle = f"{first.lower()}_{last.lower()}{rng.randint(1, 99)}"
        location = rng.choice(_AREAS + _ELSEWHERE + ("",))
        out.append(Connection("follower", id=f"c{i}", handle=handle, display_name=f"{first} {last}",
                              bio=f"{rng.randint(18, 80)} | coffee | dogs", location=location))
    return out, truth
