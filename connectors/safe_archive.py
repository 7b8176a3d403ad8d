"""Read export archives (zip, tar.gz, unpacked folder, or several of them) without trusting them.

Exports arrive from the internet and may be damaged or hostile. Nothing is ever extracted to
disk: members are read in place. We still refuse, with a clear message, archives that carry
path tricks (``../evil``, absolute paths, symlinks, device files), because no genuine export
has them and a user who unpacks such a file by hand would be harmed. A zip bomb is refused
before reading by its declared sizes and compression ratio, and reads are capped at the
declared size. A tar.gz has no per-member compressed size, so it is refused when the running
total of declared sizes outgrows the compressed file by more than the same ratio.

Some exports come in pieces: Facebook splits a large export over several zips (media in the
second), and Mastodon's follow list is a separate CSV download. :class:`Archive` therefore
accepts several paths and shows them as one tree; a folder that holds only the downloaded
zips is read the same way. A loose ``.json``/``.csv`` file is a one-member archive.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from auditor.errors import InputError

MAX_TOTAL_BYTES = 64 * 1024**3  # a 15-year account with videos can reach tens of GB
MAX_MEMBER_BYTES = 8 * 1024**3
MAX_RATIO = 200  # genuine JSON compresses ~10-30x; bombs compress 1000x+
RATIO_MIN_BYTES = 1024**2  # a member (or archive) smaller than this may compress well without being a threat
MAX_MEMBERS = 250_000  # the largest genuine exports hold tens of thousands of files
MAX_TAR_HEADER_BYTES = 64 * 1024  # a GNU long name or a pax header; genuine ones are a few hundred bytes
MAX_CENTRAL_DIRECTORY = 256 * 1024**2  # a zip's table of contents, read whole by zipfile
LOOSE_SUFFIXES = (".json", ".csv", ".js")  # a single data file given on its own (e.g. following_accounts.csv)
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class _Member:
    name: str  # posix path inside the archive, no leading "./"
    size: int
    source: int = 0  # index into Archive._sources


class _Source:
    """One physical piece of an export: a zip, a tar, a folder or a loose file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def members(self) -> Iterator[tuple[str, int]]:
        raise NotImplementedError

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        raise NotImplementedError
        yield  # pragma: no cover

    def label(self, name: str) -> str:
        return f"{self.path}: {name}"

    def close(self) -> None:
        return None


class _ZipSource(_Source):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            _check_zip_directory(path)
            self.zip = zipfile.ZipFile(path)
            self.infos = self.zip.infolist()
        except PermissionError:
            raise _unreadable(path) from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
                raise InputError(f"{path}: the zip file is damaged or truncated ({exc}). "
                                 f"Download the export again.") from None
            raise InputError(f"{path}: not a zip file or a folder. Give the export's .zip "
                             f"as downloaded, or the folder you unpacked it to.") from None

    def members(self) -> Iterator[tuple[str, int]]:
        self._names: dict[str, zipfile.ZipInfo] = {}
        if len(self.infos) > MAX_MEMBERS:
            raise InputError(f"{self.path}: has {len(self.infos):,} entries, far more than any export; refusing it.")
        total = 0
        compressed = max(self.path.stat().st_size, 1)
        for info in self.infos:
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
            if total > MAX_TOTAL_BYTES:
                raise InputError(f"{self.path}: would expand to more than {MAX_TOTAL_BYTES:,} bytes in all, "
                                 f"more than any export we support. Refusing it as a possible zip bomb.")
            if total > RATIO_MIN_BYTES and total / compressed > MAX_RATIO:
                raise InputError(f"{self.path}: would expand to at least {total:,} bytes from {compressed:,} "
                                 f"(ratio {total / compressed:,.0f}:1 over the whole archive), which looks like a "
                                 f"zip bomb. Refusing the archive.")
            self._names[name] = info
            yield name, info.file_size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        try:
            with self.zip.open(self._names[name]) as stream:
                yield stream
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise InputError(f"{self.path}: entry '{name}' is damaged ({exc}). "
                             f"Download the export again.") from None

    def close(self) -> None:
        self.zip.close()


class _TarSource(_Source):
    """A tar (usually .tar.gz, as older Mastodon servers produce), read in place."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self.tar = tarfile.open(path, "r:*", tarinfo=_BoundedTarInfo)  # noqa: SIM115 - closed in close()
        except PermissionError:
            raise _unreadable(path) from None
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{path}: the tar archive is damaged or truncated ({exc}). "
                             f"Download the export again.") from None
        self._infos: dict[str, tarfile.TarInfo] = {}

    def members(self) -> Iterator[tuple[str, int]]:
        compressed = max(self.path.stat().st_size, 1)
        total = count = 0
        try:
            for info in self.tar:
                count += 1
                if count > MAX_MEMBERS:
                    raise InputError(f"{self.path}: has more than {MAX_MEMBERS:,} entries, far more than any "
                                     f"export; refusing it.")
                name = _safe_name(self.path, info.name)
                if info.issym() or info.islnk():
                    raise InputError(f"{self.path}: entry '{info.name}' is a link, which no genuine export "
                                     f"contains. Refusing the archive; download it again from the platform.")
                if info.isdir():
                    continue
                if not info.isfile():
                    raise InputError(f"{self.path}: entry '{info.name}' is a device or special file, which no "
                                     f"genuine export contains. Refusing the archive.")
                total += info.size
                ratio = total / compressed
                if info.size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (
                        total > RATIO_MIN_BYTES and ratio > MAX_RATIO):
                    raise InputError(f"{self.path}: would expand to at least {total:,} bytes from "
                                     f"{compressed:,} compressed (ratio {ratio:,.0f}:1), which looks like a "
                                     f"decompression bomb. Refusing the archive.")
                self._infos[name] = info
                yield name, info.size
        except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
            raise InputError(f"{self.path}: the tar archive is damaged or truncated ({exc}). "
                             f"Download the export again.") from None

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        try:
            stream = self.tar.extractfile(self._infos[name])
            if stream is None:
                raise InputError(f"{self.path}: entry '{name}' is not a regular file.")
            with stream:
                yield stream
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise InputError(f"{self.path}: entry '{name}' is damaged ({exc}). "
                             f"Download the export again.") from None

    def close(self) -> None:
        self.tar.close()


class _FolderSource(_Source):
    def members(self) -> Iterator[tuple[str, int]]:
        for path in sorted(self.path.rglob("*")):
            if path.is_symlink():
                continue  # never follow links out of the export folder
            if path.is_file():
                yield path.relative_to(self.path).as_posix(), path.stat().st_size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        path = self.path / name
        try:
            stream = path.open("rb")
        except PermissionError:
            raise _unreadable(path) from None
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror}).") from None
        with stream:
            yield stream

    def label(self, name: str) -> str:
        return str(self.path / name)


class _FileSource(_Source):
    """A loose data file: a one-member archive named after the file."""

    def members(self) -> Iterator[tuple[str, int]]:
        yield self.path.name, self.path.stat().st_size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        try:
            stream = self.path.open("rb")
        except PermissionError:
            raise _unreadable(self.path) from None
        with stream:
            yield stream

    def label(self, name: str) -> str:
        return str(self.path)


class Archive:
    """A read-only view of an export: one or more zips, tars, folders or loose files, as one tree.

    When two pieces hold the same member path, the first piece given wins; within one zip the
    last entry of a duplicated name wins, as when unzipping it.
    """

    def __init__(self, path: Path | Sequence[Path]) -> None:
        self.paths: tuple[Path, ...] = (path,) if isinstance(path, Path) else tuple(path)
        if not self.paths:
            raise InputError("No archive path given. Set 'archive' in your config.")
        self.path = self.paths[0]
        self._sources: list[_Source] = []
        self._members: dict[str, _Member] = {}
        try:
            for piece in self.paths:
                for source in _sources_for(piece):
                    self._sources.append(source)
                    index = len(self._sources) - 1
                    for name, size in source.members():
                        kept = self._members.get(name)
                        if kept is None or kept.source == index:  # within one zip the last entry wins,
                            self._members[name] = _Member(name, size, index)  # as unzip and zipfile do
        except BaseException:
            self.close()
            raise
        if not self._members:
            self.close()
            shown = " + ".join(str(p) for p in self.paths)
            raise InputError(f"{shown}: the archive is empty. Download the export again; "
                             f"the file may not have finished downloading.")

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

    def label(self, name: str) -> str:
        """How to name a member in a message: the physical file it is in, and its path there."""
        member = self._members.get(name)
        if member is None:
            return f"{self.path}: {name}"
        return self._sources[member.source].label(name)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary stream of one member."""
        member = self._members.get(name)
        if member is None:
            raise InputError(f"{self.path}: has no entry '{name}'.")
        with self._sources[member.source].open(name) as stream:
            yield stream

    def read_bytes(self, name: str, limit: int | None = None) -> bytes:
        """The whole member; with ``limit``, refuse members larger than that (for small files only)."""
        if limit is not None and self.size(name) > limit:
            raise InputError(f"{self.label(name)} is {self.size(name):,} bytes, far larger than this file "
                             f"ever is in a genuine export ({limit:,}); refusing to read it.")
        with self.open(name) as stream:
            return stream.read()

    def close(self) -> None:
        for source in self._sources:
            source.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sources_for(path: Path) -> list[_Source]:
    """The readable pieces behind one configured path."""
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise _unreadable(path)
        pieces = _archives_in(path)
        if pieces:
            return [source for piece in pieces for source in _sources_for(piece)]
        return [_FolderSource(path)]
    if not path.exists():
        raise InputError(f"{path}: no such file or folder. Check the 'archive' path in your config.")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a device, pipe or socket). Give the export's .zip as "
                         f"downloaded, or the folder you unpacked it to.")
    if not os.access(path, os.R_OK):
        raise _unreadable(path)
    lower = path.name.lower()
    if zipfile.is_zipfile(path) or lower.endswith(".zip"):
        return [_ZipSource(path)]
    if lower.endswith(TAR_SUFFIXES) or _is_tar(path):
        return [_TarSource(path)]
    if lower.endswith(LOOSE_SUFFIXES):
        return [_FileSource(path)]
    raise InputError(f"{path}: not a zip file or a folder. Give the export's .zip "
                     f"as downloaded, or the folder you unpacked it to.")


def _archives_in(folder: Path) -> list[Path]:
    """The zips/tars of a folder that holds nothing but the downloaded pieces of one export."""
    entries = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")]
    if entries and all(p.is_file() and not p.is_symlink() and p.name.lower().endswith((".zip", *TAR_SUFFIXES))
                       for p in entries):
        return entries
    return []


def _is_tar(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except (OSError, EOFError, zlib.error):
        return False


def _unreadable(path: Path) -> InputError:
    return InputError(f"{path}: cannot be read (permission denied). Check the file's permissions, "
                      f"e.g. `chmod u+r \"{path}\"`, or copy the export somewhere you own.")


def _safe_name(archive: Path, raw: str) -> str:
    """Normalise a member name, refusing anything that could escape an extraction folder."""
    name = raw.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and ":" in parts[0]) or ".." in parts:
        raise InputError(f"{archive}: entry '{raw}' points outside the archive (a 'zip-slip' path). "
                         f"No genuine export contains such paths; refusing the archive. "
                         f"Download the export again from the platform.")
    return "/".join(part for part in parts if part not in (".", ""))


class _BoundedTarInfo(tarfile.TarInfo):
    """A tar header that refuses an oversized GNU long name or pax header *before* tarfile reads it whole."""

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in _EXTENDED_TYPES and self.size > MAX_TAR_HEADER_BYTES:
            raise InputError(f"{getattr(tarfile_, 'name', None) or 'the tar archive'}: a member's long-name or "
                             f"pax header claims {self.size:,} bytes, where genuine ones are a few hundred. "
                             f"Refusing the archive as crafted or damaged.")
        return super()._proc_member(tarfile_)  # type: ignore[misc,no-any-return]


_EXTENDED_TYPES = (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK, tarfile.XHDTYPE, tarfile.XGLTYPE,
                   tarfile.SOLARIS_XHDTYPE)


def _check_zip_directory(path: Path) -> None:
    """Refuse a zip whose table of contents claims too many entries or bytes, before zipfile reads it."""
    try:
        with path.open("rb") as handle:
            end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
    except OSError:
        return  # zipfile's own error says it better
    if not end:
        return
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if entries > MAX_MEMBERS or size > MAX_CENTRAL_DIRECTORY:
        raise InputError(f"{path}: claims {entries:,} entries in a {size:,}-byte table of contents, far more than "
                         f"any export (at most {MAX_MEMBERS:,}); refusing it.")
