"""Find and read the TOML config file (DESIGN.md §4, a contract).

The types live in :mod:`auditor.config_types` and the validation in :mod:`auditor.config_parse`;
both are re-exported here. :func:`read_config` never reads an archive: platform detection for an
account that omits ``platform`` is passed in (:func:`auditor.loading.load_config` does that).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from platformdirs import user_config_path

from auditor.config_parse import PlatformDetector as PlatformDetector
from auditor.config_parse import parse_config as parse_config
from auditor.config_parse import parse_notify
from auditor.config_types import *  # noqa: F403  (the types, re-exported: ``from auditor.config import Config``)
from auditor.config_types import CONFIG_FILE_NAME, Config, NotifyConfig
from auditor.errors import ConfigError


def config_search_paths() -> list[Path]:
    """Where a config is looked for without ``--config``, in order: ``./auditor.toml``, then the user's."""
    return [Path.cwd() / CONFIG_FILE_NAME, user_config_path("auditor") / CONFIG_FILE_NAME]


def default_config_path() -> Path:
    """``./auditor.toml`` if present, else the user config folder's ``auditor.toml``."""
    local, user = config_search_paths()
    return local if local.exists() else user


def read_config(path: Path | None = None, detect: PlatformDetector | None = None) -> Config:
    """Read and validate the config file; raise :class:`ConfigError` on any problem.

    ``detect`` tells the platform of an archive whose account omits ``platform``; without it such
    an account is an error. :func:`auditor.loading.load_config` passes the connectors' detector.
    """
    if path is None and not any(p.is_file() for p in config_search_paths()):
        local, user = config_search_paths()
        raise ConfigError(
            f"No config file found. Looked for {local} (this folder) and then {user} (your user config "
            f"folder). Run `auditor init` to answer a few questions and write ./auditor.toml, or pass "
            f"--config PATH. To see what a report looks like first, run `auditor demo`."
        )
    path = path or default_config_path()
    if not path.is_file():
        raise ConfigError(
            f"No config file at {path}. Check the path, or run `auditor init --output {path}` to create one "
            f"there; `auditor demo` shows a report without any config."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text. Save it as UTF-8 and try again.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}. Fix the line it names.") from None
    return parse_config(data, path, detect)


def read_notify_only(path: Path | None = None) -> NotifyConfig | None:
    """The ``[notify]`` settings of a config that may be broken elsewhere, or None.

    A scheduled run whose config no longer loads (an export moved, a typo) must still tell the
    user, so this reads nothing but ``[notify]`` and never raises.
    """
    try:
        path = path or default_config_path()
        return parse_notify(tomllib.loads(path.read_text(encoding="utf-8")), path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError):
        return None
