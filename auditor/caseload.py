"""Read the caseload CSV the user supplies: the people whose accounts must not be connections.

Columns: ``name`` (required), ``aliases`` (``;``-separated), ``area``, ``birth_year`` and
``status`` (``current`` or ``former``). The file is read into memory only: nothing here is
copied, cached, logged or written anywhere, and error messages give line and column but
never quote a cell, because a cell is a service user's data. Findings refer to a row by its
``row`` number, which is the line number in the file (the header is row 1), so it is the
row a spreadsheet shows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from auditor.errors import ConfigError

Status = Literal["current", "former"]
COLUMNS = ("name", "aliases", "area", "birth_year", "status")
STATUSES = ("current", "former")
MAX_BYTES = 20 * 1024 * 1024  # a caseload is small; a huge file is the wrong file


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One person on the caseload. ``repr`` hides the content so it cannot reach a log by accident."""

    row: int
    name: str = field(repr=False)
    aliases: tuple[str, ...] = field(default=(), repr=False)
    area: str = field(default="", repr=False)
    birth_year: int | None = field(default=None, repr=False)
    status: Status | None = None


@dataclass(frozen=True)
class Caseload:
    rows: tuple[CaseloadRow, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __repr__(self) -> str:  # never the names
        return f"Caseload({len(self.rows)} rows)"

    def row(self, number: int) -> CaseloadRow:
        return next(r for r in self.rows if r.row == number)

    def strings(self) -> list[str]:
        """Every value the file holds, for tests that prove none of them leaks into an output."""
        out: list[str] = []
        for r in self.rows:
            out += [r.name, *r.aliases, r.area]
            if r.birth_year is not None:
                out.append(str(r.birth_year))
        return [s for s in out if s]


def load_caseload(path: Path, today: date | None = None) -> Caseload:
    """Read and validate ``path``; raise :class:`ConfigError` naming the line for any problem."""
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise ConfigError(f"Caseload file {path} is not a regular file (a pipe, device or socket); [caseload] "
                              f"file must name a CSV file saved on disk.")
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(f"Caseload file {path} is over {MAX_BYTES // 2**20} MB, which is far more than a "
                              f"caseload; check that [caseload] file points to the right CSV.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"Caseload file {path} does not exist. Fix [caseload] file in the config.") from None
    except IsADirectoryError:
        raise ConfigError(f"Caseload file {path} is a folder; [caseload] file must name a CSV file.") from None
    except OSError as exc:
        raise ConfigError(f"Caseload file {path} cannot be read ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"Caseload file {path}, line {line}: not UTF-8 text. Save it as 'CSV UTF-8' "
                          f"(Excel: File → Save As → CSV UTF-8) and try again.") from None
    return parse_caseload(text, str(path), today)


def parse_caseload(text: str, where: str = "caseload", today: date | None = None) -> Caseload:
    """Parse caseload CSV text (BOM already removed or not); ``where`` names it in errors."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ConfigError(f"Caseload file {where} is empty. Give it a header line "
                          f"'name,aliases,area,birth_year,status' and one line per person, or remove the "
                          f"[caseload] table from the config.")
    first_line = text.lstrip().split("\n", 1)[0]
    if "," not in first_line and ";" in first_line:
        raise ConfigError(f"Caseload file {where}, line 1: the columns are separated by semicolons (;), as some "
                          f"spreadsheet programs save CSV in countries that write decimals with a comma. Save it "
                          f"with commas instead (Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'), or "
                          f"replace each ';' between columns with ','. Aliases inside a column keep their ';'.")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = _header(next(reader), where)
        rows = []
        start = reader.line_num + 1  # a quoted field may span lines: a row is numbered by its first
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(_row(record, header, start, where, (today or date.today()).year))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ConfigError(f"Caseload file {where}, line {reader.line_num}: not valid CSV ({exc}). "
                          f"Check the quotes on that line.") from None
    return Caseload(tuple(rows))


def _header(cells: list[str], where: str) -> list[str]:
    header = [cell.strip().lower().replace(" ", "_") for cell in cells]
    for i, column in enumerate(header, start=1):
        if column not in COLUMNS:
            raise ConfigError(f"Caseload file {where}, line 1: column {i} has an unknown heading. "
                              f"Use only: {', '.join(COLUMNS)} (only 'name' is required).")
        if header.index(column) != i - 1:
            raise ConfigError(f"Caseload file {where}, line 1: column '{column}' appears twice.")
    if "name" not in header:
        raise ConfigError(f"Caseload file {where}, line 1: there is no 'name' column. The first line must be "
                          f"a header such as 'name,aliases,area,birth_year,status'.")
    return header


def _row(record: list[str], header: list[str], line: int, where: str, this_year: int) -> CaseloadRow:
    def fail(problem: str) -> ConfigError:
        return ConfigError(f"Caseload file {where}, line {line}: {problem}")

    if len(record) > len(header):
        raise fail(f"has {len(record)} fields but the header has {len(header)}. A name containing a comma "
                   f"must be in double quotes.")
    cells = {column: (record[i].strip() if i < len(record) else "") for i, column in enumerate(header)}
    if not cells["name"]:
        raise fail("the name is empty; every row needs a name.")
    aliases = tuple(a.strip() for a in cells.get("aliases", "").split(";") if a.strip())
    birth_year = None
    if year := cells.get("birth_year", ""):
        if not (year.isdigit() and len(year) == 4 and 1900 <= int(year) <= this_year):
            raise fail(f"birth_year must be a four-digit year between 1900 and {this_year}, or empty.")
        birth_year = int(year)
    status = cells.get("status", "").lower() or None
    if status is not None and status not in STATUSES:
        raise fail("status must be 'current', 'former' or empty.")
    return CaseloadRow(row=line, name=cells["name"], aliases=aliases, area=cells.get("area", ""),
                       birth_year=birth_year, status=status)  # type: ignore[arg-type]
