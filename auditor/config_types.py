"""The config's types: what ``auditor.toml`` says, validated (DESIGN.md §4, a contract).

Plain values only, with no feature logic: :mod:`auditor.config_parse` builds them from TOML and
:mod:`auditor.config` finds and reads the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from auditor import profiles
from auditor.findings import Suppression
from auditor.model import Platform, Stance

__all__ = [
    "CONFIG_FILE_NAME", "IDENTITY_KINDS", "JURISDICTIONS", "LOOPBACK_HOSTS", "PLATFORM_ALIASES", "REPORT_FORMATS",
    "ROLES", "TERM_LABELS", "AccountConfig", "ApiConfig", "Config", "HistoryConfig", "IdentityFacts", "NotifyConfig",
    "ProfileConfig", "ReportConfig", "UserTerms",
]

ROLES: tuple[str, ...] = profiles.roles()
JURISDICTIONS: tuple[str, ...] = profiles.jurisdictions()
REPORT_FORMATS = ("html", "json", "md")
PLATFORM_ALIASES = {"twitter": "x"}
IDENTITY_KINDS = (
    "real_names", "employers", "workplaces", "places", "colleagues",
    "family", "schools", "other", "descriptors", "emails", "phones",
)
CONFIG_FILE_NAME = "auditor.toml"
# [terms] keys: the user's own words, added to the term pack (auditor/data/terms/<key>.toml) of this label
TERM_LABELS = {
    "work_context": "WORK_CONTEXT", "work_hint": "WORK_HINT", "training_context": "TRAINING_CONTEXT",
    "places": "PLACE", "schools": "SCHOOL", "conditions": "CONDITION", "events": "EVENT",
    "contempt": "CONTEMPT", "targets": "TARGET", "derogatory": "DEROGATORY", "boundary": "BOUNDARY",
    "substances": "SUBSTANCE",
}

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")  # the only SMTP hosts that may skip STARTTLS


@dataclass(frozen=True)
class ProfileConfig:
    """Canonical keys from ``data/profiles.toml`` (``auditor.profiles``)."""

    role: str = "generic"
    jurisdiction: str = "generic"


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
class UserTerms:
    """The ``[terms]`` table: words the user adds to the term packs. Matched, never written out."""

    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # [terms] key → terms

    def by_label(self) -> dict[str, tuple[str, ...]]:
        """The terms keyed by detector label (``places`` → ``PLACE``), as the detectors take them."""
        return {TERM_LABELS[key]: values for key, values in self.terms.items() if values}

    def __bool__(self) -> bool:
        return any(self.terms.values())


@dataclass(frozen=True)
class ApiConfig:
    """How to reach a live API. Secrets are never in the file: only the names of env vars, or the
    OS keyring service that holds them (see connectors/credentials.py and README "Live APIs")."""

    token_env: str | None = None
    base_url: str | None = None
    # X OAuth 1.0a user context: the names of the four env vars holding the app and user keys.
    consumer_key_env: str | None = None
    consumer_secret_env: str | None = None
    access_token_env: str | None = None
    access_token_secret_env: str | None = None
    keyring_service: str | None = None   # OS keyring service holding "token", "consumer_key", …
    max_posts: int | None = None         # read at most this many posts (None: all the API gives)
    max_connections: int | None = None   # read at most this many followers, and as many followed
    incremental: bool = False            # fetch only posts newer than the last successful run
    max_wait: int = 120                  # longest rate-limit wait (seconds) before giving up
    graph_version: str | None = None     # Facebook Graph API version, e.g. "v24.0"


@dataclass(frozen=True)
class AccountConfig:
    platform: Platform
    stance: Stance
    where: str  # "accounts[1]", for messages
    archive: tuple[Path, ...] = ()
    api: ApiConfig | None = None
    handle: str | None = None
    platform_detected: bool = False  # 'platform' was omitted and read from the archive's contents


@dataclass(frozen=True)
class ReportConfig:
    output_dir: Path = Path("audit-report")
    formats: tuple[str, ...] = ("html", "json")


@dataclass(frozen=True)
class HistoryConfig:
    """The ``[history]`` table: where the audit history lives (auditor/history/store.py)."""

    enabled: bool = True
    path: Path | None = None  # None: $AUDITOR_DATA_DIR or the user data folder
    keep_runs: int = 200


@dataclass(frozen=True)
class NotifyConfig:
    """The ``[notify]`` table (see config.example.toml)."""

    smtp_host: str
    sender: str
    to: tuple[str, ...]
    smtp_port: int = 587
    starttls: bool = True
    username_env: str | None = None
    password_env: str | None = None
    min_severity: str = "high"
    ca_file: Path | None = None  # extra CA bundle, for a relay with a private certificate
    timeout: float = 30.0


@dataclass(frozen=True)
class Config:
    path: Path | None
    profile: ProfileConfig = field(default_factory=ProfileConfig)
    identity: IdentityFacts = field(default_factory=IdentityFacts)
    caseload_file: Path | None = None
    accounts: tuple[AccountConfig, ...] = ()
    report: ReportConfig = field(default_factory=ReportConfig)
    history: HistoryConfig = field(default_factory=HistoryConfig)
    notify: NotifyConfig | None = None
    suppress: tuple[Suppression, ...] = ()
    terms: UserTerms = field(default_factory=UserTerms)
