"""Write output files so that only their owner can read them.

Reports and history quote private posts. Files are created with mode 0600 from the start
(never created readable and tightened later) and their folder is made 0700.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.errors import UserError


def private_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as exc:
        raise UserError(f"Cannot create the output folder {path} ({exc.strerror}). Choose another "
                        f"with --output-dir.") from None
    return path


def write_private(path: Path, text: str) -> Path:
    """Atomically write ``text`` to ``path`` with owner-only permissions."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Cannot write {path} ({exc.strerror}). Check the folder's permissions or "
                        f"choose another with --output-dir.") from None
    return path
