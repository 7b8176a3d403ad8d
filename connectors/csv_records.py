"""Stream the rows of an export's CSV files (LinkedIn, Mastodon) with errors that name the file and line.

CSV exports put notes before the header (LinkedIn's ``Notes:`` preamble), start with a BOM,
and quote multi-line fields; the ``csv`` module handles the quoting, and the header is found by
its first column's name. ``strict`` parsing turns a file cut inside a quoted field into an
error instead of a silently merged row; rows with the wrong number of fields are skipped and
counted for the account's errors.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from auditor.errors import InputError
from connectors.export_common import Skipped
from connectors.safe_archive import Archive

_MAX_FIELD = 1024 * 1024  # a share or summary is a few KB; the csv default (128 KB) is too small for some
MAX_LINE = 4 * 1024 * 1024  # bytes between two line breaks; checked before the text layer buffers a line


class _LineLimited(io.RawIOBase):
    """A raw stream that refuses a line longer than ``MAX_LINE`` bytes as it passes, so none is buffered whole."""

    def __init__(self, raw: IO[bytes], label: str, limit: int = MAX_LINE) -> None:
        self._raw, self._label, self._limit = raw, label, limit
        self._run = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), 1 << 16))
        n = len(data)
        buffer[:n] = data
        last = max(data.rfind(b"\n"), data.rfind(b"\r"))
        self._run = n - last - 1 if last >= 0 else self._run + n
        if self._run > self._limit:
            raise InputError(f"{self._label} has a line longer than {self._limit // 2**20} MB. No genuine export "
                             f"does; the file is damaged or was crafted to exhaust memory. Download the export "
                             f"again.")
        return n


def iter_csv(archive: Archive, name: str, first_column: str, skipped: Skipped) -> Iterator[dict[str, str]]:
    """Rows of a LinkedIn CSV as dicts, after the header (found by its first column's name)."""
    label = archive.label(name)
    with archive.open(name) as raw:
        text = io.TextIOWrapper(io.BufferedReader(_LineLimited(raw, label)), encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        header: list[str] | None = None
        seen_any = False
        try:
            csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD))
            for row in reader:
                seen_any = seen_any or any(cell.strip() for cell in row)
                if header is None:
                    if row and row[0].strip().lstrip("\ufeff") == first_column:
                        header = [cell.strip() for cell in row]
                    continue
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    skipped.add(label, f"rows with {len(row)} fields where the header has {len(header)}")
                    continue
                yield dict(zip(header, (cell.strip() for cell in row), strict=True))
        except UnicodeDecodeError:
            raise InputError(f"{label} is not UTF-8 text: the export is damaged. Download it again.") from None
        except csv.Error as exc:
            raise InputError(f"{label} is malformed CSV at line {reader.line_num} ({exc}). The file may be cut "
                             f"short: download the export again.") from None
    if not seen_any:
        raise InputError(f"{label} is empty. The export is incomplete: download it again.")
    if header is None:
        raise InputError(f"{label} has no header row starting with '{first_column}'. This is not the LinkedIn "
                         f"file of that name: download the export again.")
