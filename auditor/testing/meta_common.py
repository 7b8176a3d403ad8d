"""Helpers the Meta (Facebook, Instagram) export writers share: mojibake encoding and zip output.

Meta writes each UTF-8 byte of a non-ASCII character as its own ``\\u00XX`` escape; the writers
reproduce that exactly, so the connectors' repair is tested against the real quirk.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

FIXED_TIME = (2026, 11, 1, 9, 0, 0)


def mojibake(value: Any) -> Any:
    """Every string and key encoded the way Meta does (UTF-8 bytes as Latin-1 characters)."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [mojibake(item) for item in value]
    if isinstance(value, dict):
        return {mojibake(key): mojibake(item) for key, item in value.items()}
    return value


def meta_json(value: Any) -> bytes:
    """JSON as Meta writes it: two-space indent, ASCII only, mojibake escapes."""
    return json.dumps(mojibake(value), indent=2, ensure_ascii=True).encode()


def stream_meta_array(items: Iterable[Any]) -> Iterator[bytes]:
    """A top-level JSON array, item by item (so benchmarks can write millions without holding them)."""
    yield b"[\n"
    first = True
    for item in items:
        yield (b"" if first else b",\n") + meta_json(item)
        first = False
    yield b"\n]"


def write_zip(path: Path, files: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> Path:
    """A deterministic zip; a file given as chunks is streamed into the archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(content, bytes):
                archive.writestr(info, content)
            else:
                with archive.open(info, "w", force_zip64=True) as member:
                    for chunk in content:
                        member.write(chunk)
    return path


def write_folder(path: Path, files: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> Path:
    for name, content in files:
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            for chunk in [content] if isinstance(content, bytes) else content:
                out.write(chunk)
    return path
