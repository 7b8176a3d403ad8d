"""Build damaged and hostile archives from a good export's files, for every connector's tests."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path


def materialise(files: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> dict[str, bytes]:
    """An export writer's (path, content-or-chunks) pairs as a plain dict of bytes."""
    return {name: content if isinstance(content, bytes) else b"".join(content) for name, content in files}


def zip_of(path: Path, members: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def tar_of(path: Path, members: Mapping[str, bytes], links: Mapping[str, str] | None = None) -> Path:
    """A .tar.gz; ``links`` adds symbolic links (name → target)."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return path


def zip_bomb(path: Path, members: Mapping[str, bytes], bomb_name: str, megabytes: int = 64) -> Path:
    """A good export plus one member of zeros that compresses about 1000:1."""
    zip_of(path, members)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(bomb_name, "w") as member:
        chunk = b"\0" * (1 << 20)
        for _ in range(megabytes):
            member.write(chunk)
    return path


def tar_bomb(path: Path, members: Mapping[str, bytes], bomb_name: str, megabytes: int = 64) -> Path:
    """A .tar.gz whose one extra member of zeros makes the whole expand far beyond its size."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        info = tarfile.TarInfo(bomb_name)
        info.size = megabytes << 20
        archive.addfile(info, _Zeros(info.size))
    return path


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left)
        buffer[:n] = b"\0" * n
        self.left -= n
        return n
