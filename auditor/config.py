"""Load and validate the TOML config file (DESIGN.md §4, a contract).

Every problem becomes a :class:`ConfigError` that names the file and the key (``accounts[2].archive``)
and says how to fix it. Unknown keys are errors, because a misspelt key that is silently
ignored would leave the user believing something is checked when it is not. Relative paths
resolve against the config file's folder so a config works from any working directory.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, cast, get_args

from platformdirs import user_config_path

from auditor.errors import ConfigError
from auditor.model import PLATFORMS, STANCES, Platform, Stance

Role = Literal["social_worker", "nurse", "doctor", "teacher", "allied_health", "generic"]
Jurisdiction = Literal["uk", "us", "generic"]
ROLES: tuple[str, ...] = get_args(Role)
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
REPORT_FORMATS = ("html", "json", "md")
PLATFORM_ALIASES = {"twitter": "x"}
IDENTITY_KINDS = (
    "real_names", "employers", "workplaces", "places", "colleagues",
    "family", "schools", "other", "emails", "phones",
)
CONFIG_FILE_NAME = "auditor.toml"

T = TypeVar("T")


@dataclass(frozen=True)
class ProfileConfig:
    role: Role = "generic"
    jurisdiction: Jurisdiction = "generic"


@dataclass(frozen=True)
class IdentityFacts:
    """Facts that would identify the user. Used for matching only; never written to any output."""

    facts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[str, ...]:
        return self.facts.get(kind, ())

    def items(self) -> Iterator[tuple[str, str]]:
        """(kind, value) for every fact, e.g. ("employers", "WCC")."""
        for kind in IDENTITY_KINDS:
            for value in self.facts.get(kind, ()):
                yield kind, value

    def __bool__(self) -> bool:
        return any(self.facts.values())


@dataclass(frozen=True)
class ApiConfig:
    """How to reach a live API. Secrets are never in the file: only the names of env vars."""

    token_env: str | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class AccountConfig:
    platform: Platform
    stance: Stance
    where: str  # "accounts[1]", for messages
    archive: tuple[Path, ...] = ()
    api: ApiConfig | None = None
    handle: str | None = None


@dataclass(frozen=True)
class ReportConfig:
    output_dir: Path = Path("audit-report")
    formats: tuple[str, ...] = ("html", "json")


@dataclass(frozen=True)
class Config:
    path: Path | None
    profile: ProfileConfig = field(default_factory=ProfileConfig)
    identity: IdentityFacts = field(default_factory=IdentityFacts)
    caseload_file: Path | None = None
    accounts: tuple[AccountConfig, ...] = ()
    report: ReportConfig = field(default_factory=ReportConfig)


class _Table:
    """One TOML table being validated: remembers which keys were read so leftovers are errors."""

    def __init__(self, data: dict[str, Any], where: str, file: Path, base: Path) -> None:
        self.data, self.where, self.file, self.base = data, where, file, base
        self.used: set[str] = set()

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.file}: key '{self._key(key)}' {problem}")

    def get(self, key: str, kind: type[T], kind_name: str) -> T | None:
        self.used.add(key)
        if key not in self.data:
            return None
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"must be {kind_name}, not {type(value).__name__} ({value!r}).")
        return value

    def string(self, key: str, choices: tuple[str, ...] | None = None, default: str | None = None) -> str | None:
        value = self.get(key, str, "a string")
        if value is None:
            return default
        if choices is not None and value not in choices:
            raise self.fail(key, f"is {value!r}; choose one of: {', '.join(choices)}.")
        return value

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list, "a list of strings")
        if value is None:
            return ()
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"must contain only non-empty strings; found {item!r}.")
        return tuple(item.strip() for item in value)

    def path(self, key: str, must_exist: bool = True) -> Path | None:
        value = self.string(key)
        if value is None:
            return None
        return self.resolve(key, value, must_exist)

    def resolve(self, key: str, value: str, must_exist: bool) -> Path:
        path = Path(os.path.expanduser(value))
        if not path.is_absolute():
            path = self.base / path
        if must_exist and not path.exists():
            raise self.fail(key, f"points to {path}, which does not exist. Fix the path (relative paths "
                                 f"are read from the config file's folder, {self.base}).")
        return path

    def table(self, key: str) -> _Table | None:
        value = self.get(key, dict, "a table")
        return None if value is None else _Table(value, self._key(key), self.file, self.base)

    def tables(self, key: str) -> list[_Table]:
        value = self.get(key, list, "an array of tables ([[" + key + "]])")
        if value is None:
            return []
        out = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise self.fail(key, f"entry {i} must be a table ([[{key}]]).")
            out.append(_Table(item, self._key(f"{key}[{i}]"), self.file, self.base))
        return out

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used)) or "(none)"
            raise self.fail(unknown[0], f"is not a known key. Known keys here: {known}.")


def default_config_path() -> Path:
    """``./auditor.toml`` if present, else the user config folder's ``auditor.toml``."""
    local = Path.cwd() / CONFIG_FILE_NAME
    if local.exists():
        return local
    return user_config_path("auditor") / CONFIG_FILE_NAME


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file; raise :class:`ConfigError` on any problem."""
    path = path or default_config_path()
    if not path.is_file():
        raise ConfigError(
            f"No config file at {path}. Copy config.example.toml to auditor.toml and edit it, "
            f"pass --config PATH, or try `auditor demo` first."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text. Save it as UTF-8 and try again.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}. Fix the line it names.") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    path = path.resolve()
    root = _Table(data, "", path, path.parent)

    profile = ProfileConfig()
    if (table := root.table("profile")) is not None:
        profile = ProfileConfig(
            role=cast(Role, table.string("role", ROLES, "generic")),
            jurisdiction=cast(Jurisdiction, table.string("jurisdiction", JURISDICTIONS, "generic")),
        )
        table.finish()

    identity = IdentityFacts()
    if (table := root.table("identity")) is not None:
        identity = IdentityFacts({kind: table.string_list(kind) for kind in IDENTITY_KINDS})
        table.finish()

    caseload_file = None
    if (table := root.table("caseload")) is not None:
        caseload_file = table.path("file")
        table.finish()

    accounts = tuple(_account(table) for table in root.tables("accounts"))

    report = ReportConfig()
    if (table := root.table("report")) is not None:
        formats = table.string_list("formats") or report.formats
        for fmt in formats:
            if fmt not in REPORT_FORMATS:
                raise table.fail("formats", f"has {fmt!r}; choose from: {', '.join(REPORT_FORMATS)}.")
        report = ReportConfig(
            output_dir=table.path("output_dir", must_exist=False) or path.parent / report.output_dir,
            formats=formats,
        )
        table.finish()
    else:
        report = ReportConfig(output_dir=path.parent / report.output_dir)

    root.finish()
    return Config(path, profile, identity, caseload_file, accounts, report)


def _account(table: _Table) -> AccountConfig:
    platform = table.string("platform")
    if platform is None:
        raise table.fail("platform", f"is missing; set it to one of: {', '.join(PLATFORMS)}.")
    platform = PLATFORM_ALIASES.get(platform, platform)
    if platform not in PLATFORMS:
        raise table.fail("platform", f"is {platform!r}; choose one of: {', '.join(PLATFORMS)}.")
    stance = table.string("stance", STANCES)
    if stance is None:
        raise table.fail("stance", f"is missing; set it to one of: {', '.join(STANCES)}.")

    archive: tuple[Path, ...] = ()
    if "archive" in table.data and isinstance(table.data["archive"], list):
        archive = tuple(table.resolve("archive", item, True) for item in table.string_list("archive"))
    elif (single := table.path("archive")) is not None:
        archive = (single,)

    api = None
    if (api_table := table.table("api")) is not None:
        api = ApiConfig(token_env=api_table.string("token_env"), base_url=api_table.string("base_url"))
        api_table.finish()

    if bool(archive) == (api is not None):
        raise table.fail("archive", "and 'api': give exactly one of them — 'archive' for a data export "
                                    "(zip or folder), or 'api' for the live connector.")
    account = AccountConfig(
        platform=cast(Platform, platform),
        stance=cast(Stance, stance),
        where=table.where,
        archive=archive,
        api=api,
        handle=table.string("handle"),
    )
    table.finish()
    return account
