"""Validate the parsed TOML of a config file into :class:`auditor.config_types.Config`.

Every problem becomes a :class:`ConfigError` that names the file and the key (``accounts[2].archive``)
and says how to fix it. Unknown keys are errors, because a misspelt key that is silently
ignored would leave the user believing something is checked when it is not. Relative paths
resolve against the config file's folder so a config works from any working directory.

Nothing here reads an archive: an account that omits ``platform`` gets it from the ``detect``
function the caller passes (:func:`auditor.loading.load_config` passes the connectors' detector).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from auditor import profiles
from auditor.config_types import (
    IDENTITY_KINDS,
    JURISDICTIONS,
    LOOPBACK_HOSTS,
    PLATFORM_ALIASES,
    REPORT_FORMATS,
    ROLES,
    TERM_LABELS,
    AccountConfig,
    ApiConfig,
    Config,
    HistoryConfig,
    IdentityFacts,
    NotifyConfig,
    ProfileConfig,
    ReportConfig,
    UserTerms,
)
from auditor.errors import ConfigError, UserError
from auditor.findings import SEVERITIES
from auditor.model import PLATFORMS, STANCES, Platform, Stance
from auditor.suppress import FINGERPRINT_RE, Suppression, parse_until

T = TypeVar("T")
# Tells an export's platform from its files; raises UserError when it cannot (connectors.detect).
PlatformDetector = Callable[[tuple[Path, ...]], str]
_TERM_CHARS = re.compile(r"\w")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Secrets people paste where the *name* of an environment variable belongs (issue 18 item 4).
_SECRET_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"EAA[A-Za-z0-9]{16,}"), "a Meta (Facebook/Instagram) access token, which starts with EAA"),
    (re.compile(r"(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_\w{16,})"), "a GitHub token"),
    (re.compile(r"AKIA[A-Z0-9]{16}"), "an AWS access key"),
    (re.compile(r"[0-9a-fA-F]{32,}"), "a long hexadecimal key"),
    (re.compile(r"[A-Za-z0-9_]{65,}"), "far longer than any variable name"),
)


def env_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be the name of an environment variable, or None if it can.

    The reason never quotes the value: when it is a token pasted by mistake, echoing it would put
    the secret on the terminal and into every report that lists errors.
    """
    if not ENV_NAME.fullmatch(value):
        return ("has characters no environment variable name can have, so it looks like a token or "
                "password pasted by mistake")
    for shape, what in _SECRET_SHAPES:
        if shape.fullmatch(value):
            return f"looks like a secret itself ({what})"
    if len(value) >= 20 and re.search(r"[a-z]", value) and re.search(r"[A-Z]", value) and re.search(r"\d", value):
        return "looks like a secret itself (a long mix of upper- and lower-case letters and digits, as tokens are)"
    return None


def env_name_error(problem: str) -> str:
    """The rest of the message for a bad ``*_env`` key (see :func:`env_name_problem`); the value is not shown."""
    return (f"must be the NAME of an environment variable (such as X_TOKEN), but the value {problem}. It is "
            f"not shown here. Put the secret in an environment variable or the OS keyring (see the README, "
            f"'Live APIs'), write that variable's name here, and if it was a real token, revoke it and make "
            f"a new one: it has been stored in a plain-text file.")


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

    def canonical(self, key: str, lookup: Callable[[str], str | None], choices: tuple[str, ...]) -> str:
        """A value that may be written several ways ("Scotland", "counsellor"), as its canonical key."""
        value = self.string(key)
        if value is None:
            return profiles.GENERIC
        found = lookup(value)
        if found is None:
            raise self.fail(key, f"is {value!r}; choose one of: {', '.join(choices)}.")
        return found

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


def parse_config(data: dict[str, Any], path: Path, detect: PlatformDetector | None = None) -> Config:
    """The validated config; ``detect`` fills in the platform of an archive that omits it."""
    path = path.resolve()
    root = _Table(data, "", path, path.parent)

    profile = ProfileConfig()
    if (table := root.table("profile")) is not None:
        profile = ProfileConfig(
            role=table.canonical("role", profiles.canonical_role, ROLES),
            jurisdiction=table.canonical("jurisdiction", profiles.canonical_jurisdiction, JURISDICTIONS),
        )
        table.finish()

    identity = IdentityFacts()
    if (table := root.table("identity")) is not None:
        identity = IdentityFacts({kind: table.string_list(kind) for kind in IDENTITY_KINDS})
        table.finish()

    terms = _terms(table) if (table := root.table("terms")) is not None else UserTerms()

    caseload_file = None
    if (table := root.table("caseload")) is not None:
        caseload_file = table.path("file")
        table.finish()

    accounts = tuple(_account(table, detect) for table in root.tables("accounts"))

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

    history = _history(root.table("history"))
    notify = _notify(table) if (table := root.table("notify")) is not None else None
    suppress = tuple(_suppression(table) for table in root.tables("suppress"))

    root.finish()
    return Config(path, profile, identity, caseload_file, accounts, report,
                  history=history, notify=notify, suppress=suppress, terms=terms)


def _terms(table: _Table) -> UserTerms:
    terms = {}
    for key in TERM_LABELS:
        values = table.string_list(key)
        for i, value in enumerate(values, start=1):
            if len(_TERM_CHARS.findall(value)) < 2:  # the term itself is not repeated: it may be case knowledge
                raise table.fail(key, f"entry {i} is too short to match reliably; give a word or phrase of at "
                                      f"least two letters or digits.")
        terms[key] = values
    table.finish()
    return UserTerms(terms)


def _history(table: _Table | None) -> HistoryConfig:
    if table is None:
        return HistoryConfig()
    keep = table.get("keep_runs", int, "a whole number")
    if keep is not None and keep < 1:
        raise table.fail("keep_runs", f"is {keep}; it must be at least 1.")
    enabled = table.get("enabled", bool, "true or false")
    config = HistoryConfig(enabled=True if enabled is None else enabled,
                           path=table.path("path", must_exist=False), keep_runs=keep or HistoryConfig.keep_runs)
    table.finish()
    return config


def parse_notify(data: dict[str, Any], path: Path) -> NotifyConfig | None:
    """Only the ``[notify]`` table, for telling the user that the rest of the config failed (issue 20)."""
    path = path.resolve()
    table = _Table(data, "", path, path.parent).table("notify")
    return None if table is None else _notify(table)


def _env_name(table: _Table, key: str) -> str | None:
    """A ``*_env`` key: the name of an environment variable, never a secret (and never echoed)."""
    table.used.add(key)
    value = table.data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise table.fail(key, "must be a string: the name of an environment variable.")
    problem = env_name_problem(value)
    if problem is not None:
        raise table.fail(key, env_name_error(problem))
    return value


def _notify(table: _Table) -> NotifyConfig:
    host = table.string("smtp_host")
    if not host:
        raise table.fail("smtp_host", "is missing; set it to your mail provider's SMTP server, e.g. smtp.example.org.")
    sender = table.string("from")
    if not sender:
        raise table.fail("from", "is missing; set it to the address the e-mail is sent from.")
    to = table.string_list("to")
    if not to:
        raise table.fail("to", "is missing; give a list of addresses, e.g. to = [\"me@example.org\"].")
    port = table.get("smtp_port", int, "a whole number")
    if port is not None and not 0 < port < 65536:
        raise table.fail("smtp_port", f"is {port}; use the server's submission port, usually 587.")
    starttls = table.get("starttls", bool, "true or false")
    if starttls is False and host.lower() not in LOOPBACK_HOSTS:
        raise table.fail("starttls", "may be false only for a mail relay on this machine (localhost); "
                                     "anything else would send your mail unencrypted.")
    username_env, password_env = _env_name(table, "username_env"), _env_name(table, "password_env")
    if (username_env is None) != (password_env is None):
        raise table.fail("password_env" if password_env is None else "username_env",
                         "is missing; give both username_env and password_env (names of environment "
                         "variables), or neither for a server without login.")
    config = NotifyConfig(
        smtp_host=host, sender=sender, to=to, smtp_port=port or 587,
        starttls=True if starttls is None else starttls,
        username_env=username_env, password_env=password_env,
        min_severity=table.string("min_severity", SEVERITIES, "high") or "high",
        ca_file=table.path("ca_file"),
    )
    table.finish()
    return config


def _suppression(table: _Table) -> Suppression:
    reason = table.string("reason")
    if not reason or not reason.strip():
        raise table.fail("reason", "is missing; say why this risk is accepted (it is shown in the report).")
    fingerprint, check = table.string("fingerprint"), table.string("check")
    account = table.string("account")
    if (fingerprint is None) == (check is None):
        raise table.fail("fingerprint", "and 'check': give exactly one — a finding's fingerprint (from the "
                                        "report), or a check id with an optional account glob.")
    if fingerprint is not None:
        fingerprint = fingerprint.strip().lower()
        if not FINGERPRINT_RE.match(fingerprint):
            raise table.fail("fingerprint", f"is {fingerprint!r}; copy the 24-character "
                                            f"fingerprint shown under the finding in the report.")
        if account is not None:
            raise table.fail("account", "only goes with 'check'; a fingerprint already names one finding.")
    until = None
    if (raw := table.get("until", object, "a date")) is not None:
        try:
            until = parse_until(raw if isinstance(raw, (str, date)) else str(raw), table._key("until"))
        except ValueError as exc:
            raise ConfigError(f"{table.file}: {exc}") from None
    rule = Suppression(reason=reason.strip(), fingerprint=fingerprint, check=check, account=account or "*",
                       until=until, source=table.where)
    table.finish()
    return rule


def _account(table: _Table, detect: PlatformDetector | None) -> AccountConfig:
    platform = table.string("platform")
    if platform is not None:
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
        api = _api(api_table)
        api_table.finish()

    if bool(archive) == (api is not None):
        raise table.fail("archive", "and 'api': give exactly one of them — 'archive' for a data export "
                                    "(zip or folder), or 'api' for the live connector.")
    detected = platform is None
    if platform is None:
        if not archive or detect is None:
            raise table.fail("platform", f"is missing; set it to one of: {', '.join(PLATFORMS)}.")
        platform = _detect_platform(table, archive, detect)
    account = AccountConfig(
        platform=cast(Platform, platform),
        stance=cast(Stance, stance),
        where=table.where,
        archive=archive,
        api=api,
        handle=table.string("handle"),
        platform_detected=detected,
    )
    table.finish()
    return account


def _detect_platform(table: _Table, archive: tuple[Path, ...], detect: PlatformDetector) -> str:
    """The platform of an archive whose account omits 'platform' (read from member names only)."""
    try:
        return detect(archive)
    except UserError as exc:
        raise table.fail("platform", f"is missing and could not be detected from the archive: {exc}") from None


def _api(table: _Table) -> ApiConfig:
    """The ``api = {...}`` table of one account: names of secrets, never secrets."""
    def count(key: str) -> int | None:
        value = table.get(key, int, "a whole number")
        if value is not None and value < 0:
            raise table.fail(key, f"is {value}; it must be 0 or more.")
        return value

    def env_name(key: str) -> str | None:
        return _env_name(table, key)

    base_url = table.string("base_url")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise table.fail("base_url", f"is {base_url!r}; give a full address such as "
                                     f"'https://social.example' or 'http://127.0.0.1:8080'.")
    graph_version = table.string("graph_version")
    if graph_version is not None and not re.fullmatch(r"v?\d{1,2}\.\d{1,2}", graph_version):
        raise table.fail("graph_version", f"is {graph_version!r}; write it like 'v24.0'.")
    max_wait = count("max_wait")
    return ApiConfig(
        token_env=env_name("token_env"),
        base_url=base_url.rstrip("/") if base_url else None,
        consumer_key_env=env_name("consumer_key_env"),
        consumer_secret_env=env_name("consumer_secret_env"),
        access_token_env=env_name("access_token_env"),
        access_token_secret_env=env_name("access_token_secret_env"),
        keyring_service=table.string("keyring_service"),
        max_posts=count("max_posts"),
        max_connections=count("max_connections"),
        incremental=bool(table.get("incremental", bool, "true or false")),
        max_wait=120 if max_wait is None else max_wait,
        graph_version=graph_version,
    )
