"""Write output files so that only their owner can read them.

Reports and history quote private posts; team keys and the saved state are private too. Files
are created with mode 0600 from the start (never created readable and tightened later) and
their folder is made 0700.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from auditor.errors import UserError


def private_dir(path: Path) -> Path:
    """``path`` as a folder: created owner-only (0700) if missing; a folder that exists is left as it is.

    A folder the user already has (``--output-dir /tmp``, a shared history folder) keeps its mode:
    changing it could drop ``/tmp``'s sticky bit or lock out a group. The files written into it are
    owner-only (0600) from the start, whatever the folder's mode.
    """
    try:
        if path.is_dir():
            return path
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is narrowed by the umask; this folder is ours, so set it exactly
    except OSError as exc:
        raise UserError(f"Cannot create the output folder {path} ({exc.strerror}). Choose another "
                        f"with --output-dir.") from None
    return path


def replace_private(path: Path, text: str) -> None:
    """Atomically replace ``path`` with ``text``, owner-only from the start; ``OSError`` on failure."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def stream_private(path: Path, produce: Callable[[TextIO], None]) -> Path:
    """Write ``path`` as ``produce`` writes it (never the whole text in memory), owner-only from the
    start and atomically: readers see the old file or the complete new one, never a part."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", buffering=1 << 20) as handle:
            produce(handle)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {path} ({exc.strerror}). Check the folder's permissions or "
                        f"choose another with --output-dir.") from None
    return path


def write_private(path: Path, text: str) -> Path:
    """Atomically write ``text`` to ``path`` with owner-only permissions."""
    private_dir(path.parent)
    try:
        replace_private(path, text)
    except OSError as exc:
        raise UserError(f"Cannot write {path} ({exc.strerror}). Check the folder's permissions or "
                        f"choose another with --output-dir.") from None
    return path
