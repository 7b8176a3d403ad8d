"""Read export archives (zip or unpacked folder) without trusting them.

Exports arrive from the internet and may be damaged or hostile. Nothing is ever extracted to
disk: members are read in place. We still refuse, with a clear message, archives that carry
path tricks (``../evil``, absolute paths, symlinks), because no genuine export has them and a
user who unpacks such a file by hand would be harmed. A zip bomb is refused before reading by
its declared sizes and compression ratio, and reads are capped at the declared size.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from auditor.errors import InputError

MAX_TOTAL_BYTES = 64 * 1024**3  # a 15-year account with videos can reach tens of GB
MAX_MEMBER_BYTES = 8 * 1024**3
MAX_RATIO = 200  # genuine JSON compresses ~10-30x; bombs compress 1000x+
RATIO_MIN_BYTES = 16 * 1024**2  # small files may compress well without being a threat
MAX_MEMBERS = 1_000_000


@dataclass(frozen=True)
class _Member:
    name: str  # posix path inside the archive, no leading "./"
    size: int


class Archive:
    """A read-only view of an export: a zip file or a folder, with the same interface."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, _Member] = {}
        if path.is_dir():
            self._scan_folder()
        elif path.is_file():
            self._open_zip()
        else:
            raise InputError(f"{path}: no such file or folder. Check the 'archive' path in your config.")
        if not self._members:
            raise InputError(f"{path}: the archive is empty. Download the export again; "
                             f"the file may not have finished downloading.")

    def _open_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            if zipfile.is_zipfile(self.path) or self.path.suffix.lower() == ".zip":
                raise InputError(f"{self.path}: the zip file is damaged or truncated ({exc}). "
                                 f"Download the export again.") from None
            raise InputError(f"{self.path}: not a zip file or a folder. Give the export's .zip "
                             f"as downloaded, or the folder you unpacked it to.") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{self.path}: has {len(infos):,} entries, far more than any export; refusing it.")
        total = 0
        for info in infos:
            name = _safe_name(self.path, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"{self.path}: entry '{info.filename}' is a symbolic link, which no genuine "
                                 f"export contains. Refusing the archive; download it again from the platform.")
            if info.is_dir():
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or (info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO):
                raise InputError(f"{self.path}: entry '{info.filename}' would expand to {info.file_size:,} "
                                 f"bytes (compression ratio {ratio:,.0f}:1), which looks like a zip bomb. "
                                 f"Refusing the archive.")
            total += info.file_size
            self._members[name] = _Member(name, info.file_size)
        if total > MAX_TOTAL_BYTES:
            raise InputError(f"{self.path}: would expand to {total:,} bytes in all, more than any export "
                             f"we support ({MAX_TOTAL_BYTES:,}). Refusing it as a possible zip bomb.")

    def _scan_folder(self) -> None:
        for path in sorted(self.path.rglob("*")):
            if path.is_symlink():
                continue  # never follow links out of the export folder
            if path.is_file():
                name = path.relative_to(self.path).as_posix()
                self._members[name] = _Member(name, path.stat().st_size)

    def names(self) -> list[str]:
        return list(self._members)

    def find(self, *candidates: str) -> str | None:
        """The first candidate path that exists, matched at the root or under one top folder."""
        for candidate in candidates:
            if candidate in self._members:
                return candidate
        for candidate in candidates:
            for name in self._members:
                if name.endswith("/" + candidate) and name.count("/") == candidate.count("/") + 1:
                    return name
        return None

    def glob(self, pattern: str) -> list[str]:
        """Members whose path matches ``pattern`` (fnmatch style, ``*`` spans folders)."""
        return sorted(name for name in self._members if PurePosixPath(name).match(pattern))

    def size(self, name: str) -> int:
        return self._members[name].size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary stream of one member."""
        if name not in self._members:
            raise InputError(f"{self.path}: has no entry '{name}'.")
        if self._zip is not None:
            try:
                with self._zip.open(name) as stream:
                    yield stream
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise InputError(f"{self.path}: entry '{name}' is damaged ({exc}). "
                                 f"Download the export again.") from None
        else:
            with (self.path / name).open("rb") as stream:
                yield stream

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _safe_name(archive: Path, raw: str) -> str:
    """Normalise a member name, refusing anything that could escape an extraction folder."""
    name = raw.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and ":" in parts[0]) or ".." in parts:
        raise InputError(f"{archive}: entry '{raw}' points outside the archive (a 'zip-slip' path). "
                         f"No genuine export contains such paths; refusing the archive. "
                         f"Download the export again from the platform.")
    return "/".join(part for part in parts if part not in (".", ""))
