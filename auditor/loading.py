"""Load the config the way every command does: read it, and detect the platform of exports.

:func:`auditor.config.read_config` never reads an archive; an account that omits ``platform`` has
it told from the export's file names by :func:`connectors.detect.detect_platform`, at load time.
"""

from __future__ import annotations

from pathlib import Path

from auditor.config import Config, read_config
from connectors.detect import detect_platform


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file, detecting omitted platforms; :class:`ConfigError` on any problem."""
    return read_config(path, detect=detect_platform)
