"""Build what a member shares from their ``report.json``: an allow-list, never a redaction.

This is the only module that reads the personal report for sharing. It parses the JSON
report contract (DESIGN.md §5) defensively and copies out *only* the fields a scope permits:

- ``summary``: per account, its platform and stance (never the handle: a pseudonymous
  account's handle is exactly what must not reach an employer), whether it could be read,
  counts of active findings by category and severity, possible and resolved counts; plus
  the audit date and tool version.
- ``findings``: the above, plus for each active finding its category, severity, platform,
  status, whether it is only *possible*, its check id, and its title. The title is the
  registered check's own fixed title, looked up by check id, never the report's text, so a
  check that puts a name or a quote in a custom title cannot leak it.

Messages, evidence, subjects (post text, connection names), URLs, fingerprints, remediation,
standards, the caseload and any field this module does not know are never read into the
payload, so a future report field cannot leak by default.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from auditor.findings import CATEGORIES, POSSIBLE_BELOW, SEVERITIES
from auditor.model import PLATFORMS, STANCES
from auditor.team.consent import TIME_FORMAT, Scope, parse_time

REPORT_SCHEMA = "auditor.report/1"
STATUSES = ("new", "persisting")


class ReportError(ValueError):
    """The report is not a readable ``auditor.report/1`` document; the message says where."""


@dataclass(frozen=True, slots=True)
class SharedFinding:
    account: str
    platform: str
    category: str
    severity: str
    status: str
    possible: bool
    check: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "platform": self.platform, "category": self.category,
                "severity": self.severity, "status": self.status, "possible": self.possible,
                "check": self.check, "title": self.title}


@dataclass(frozen=True, slots=True)
class SharedAccount:
    label: str
    platform: str
    stance: str
    read_ok: bool
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    possible: int = 0
    resolved: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "platform": self.platform, "stance": self.stance, "read_ok": self.read_ok,
                "by_severity": dict(self.by_severity), "by_category": dict(self.by_category),
                "possible": self.possible, "resolved": self.resolved}


@dataclass(frozen=True, slots=True)
class SharedAudit:
    generated_at: datetime
    tool_version: str
    accounts: tuple[SharedAccount, ...]
    findings: tuple[SharedFinding, ...] | None  # None: the scope does not include findings

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"generated_at": self.generated_at.strftime(TIME_FORMAT),
                               "tool_version": self.tool_version,
                               "accounts": [a.to_dict() for a in self.accounts]}
        if self.findings is not None:
            doc["findings"] = [f.to_dict() for f in self.findings]
        return doc

    def by_severity(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for account in self.accounts:
            total.update(account.by_severity)
        return {s: total[s] for s in SEVERITIES if total[s]}

    def by_category(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for account in self.accounts:
            total.update(account.by_category)
        return {c: total[c] for c in CATEGORIES if total[c]}


@dataclass(frozen=True, slots=True)
class _Account:
    key: str
    platform: str
    stance: str
    read_ok: bool


@dataclass(frozen=True, slots=True)
class _Finding:
    account: str
    check: str
    category: str
    severity: str
    status: str
    possible: bool


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """The few report fields sharing may use, validated; everything else was never read."""

    generated_at: datetime
    tool_version: str
    accounts: tuple[_Account, ...]
    findings: tuple[_Finding, ...]
    resolved: Counter[str]

    @property
    def account_keys(self) -> tuple[str, ...]:
        return tuple(a.key for a in self.accounts)


def load_report(path: Path) -> ParsedReport:
    """Read ``path`` as a JSON report; raise :class:`ReportError` naming what is wrong."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file. Run `auditor run` first (it writes report.json when "
                          f"\"json\" is among the formats), or point --report at it.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path} is not valid JSON ({exc}). Run `auditor run` again to rewrite it.") from None
    except RecursionError:
        raise ReportError(f"{path} nests too deeply to be an auditor report. Run `auditor run` again to rewrite "
                          f"it.") from None
    except OSError as exc:
        raise ReportError(f"Cannot read {path} ({exc.strerror}).") from None
    if not isinstance(doc, dict) or doc.get("schema") != REPORT_SCHEMA:
        raise ReportError(f"{path} is not an auditor JSON report (expected \"schema\": \"{REPORT_SCHEMA}\").")
    where = str(path)
    try:
        generated_at = parse_time(doc.get("generated_at"), "generated_at")
    except ValueError as exc:
        raise ReportError(f"{where}: {exc}.") from None
    tool = doc.get("tool")
    version = tool.get("version") if isinstance(tool, dict) else None
    if not isinstance(version, str):
        raise ReportError(f"{where}: \"tool.version\" is missing.")
    accounts = tuple(_account(item, f"{where}: accounts[{i}]") for i, item in enumerate(_list(doc, "accounts", where)))
    keys = {a.key for a in accounts}
    if len(keys) != len(accounts):
        raise ReportError(f"{where}: two accounts have the same \"key\".")
    findings = tuple(_finding(item, f"{where}: findings[{i}]", keys)
                     for i, item in enumerate(_list(doc, "findings", where)))
    resolved: Counter[str] = Counter()
    for i, item in enumerate(_list(doc, "resolved", where, required=False)):
        if not isinstance(item, dict) or item.get("account") not in keys:
            raise ReportError(f"{where}: resolved[{i}] has no \"account\" that matches one of the report's accounts.")
        resolved[item["account"]] += 1
    return ParsedReport(generated_at, version[:40], accounts, tuple(f for f in findings if f is not None), resolved)


def build_shared(report: ParsedReport, scope: Scope, only: tuple[str, ...] = (),
                 titles: dict[str, str] | None = None) -> SharedAudit:
    """The payload for ``scope``, for the accounts ``only`` names (all when empty)."""
    unknown = [key for key in only if key not in report.account_keys]
    if unknown:
        raise ReportError(f"--account {unknown[0]!r} is not in the report; its accounts are: "
                          f"{', '.join(report.account_keys)}.")
    chosen = [a for a in report.accounts if not only or a.key in only]
    labels = _labels(chosen)
    titles = titles if titles is not None else check_titles()
    accounts = []
    for account in chosen:
        mine = [f for f in report.findings if f.account == account.key]
        severity = Counter(f.severity for f in mine)
        category = Counter(f.category for f in mine)
        accounts.append(SharedAccount(
            label=labels[account.key], platform=account.platform, stance=account.stance, read_ok=account.read_ok,
            by_severity={s: severity[s] for s in SEVERITIES if severity[s]},
            by_category={c: category[c] for c in CATEGORIES if category[c]},
            possible=sum(1 for f in mine if f.possible), resolved=report.resolved[account.key],
        ))
    findings = None
    if scope == "findings":
        by_key = {a.key: a for a in chosen}
        findings = tuple(
            SharedFinding(account=labels[f.account], platform=by_key[f.account].platform, category=f.category,
                          severity=f.severity, status=f.status, possible=f.possible, check=f.check,
                          title=titles.get(f.check) or f"{f.category.capitalize()} finding")
            for f in report.findings if f.account in by_key
        )
    return SharedAudit(report.generated_at, report.tool_version, tuple(accounts), findings)


def check_titles() -> dict[str, str]:
    """Each registered check's fixed title (from its .toml), keyed by check id."""
    from auditor.checking import discover_checks

    try:
        return {c.meta.id: c.meta.title for c in discover_checks()}
    except Exception:  # a broken check module must not block sharing; titles fall back to the category
        return {}


def shared_from_dict(doc: Any, scope: Scope) -> SharedAudit:
    """Read the audit part of a decrypted bundle; only what ``scope`` covers is kept."""
    if not isinstance(doc, dict) or not isinstance(doc.get("accounts"), list):
        raise ValueError("the audit summary is missing")
    version = doc.get("tool_version")
    accounts = []
    for item in doc["accounts"][:50]:
        if not isinstance(item, dict):
            raise ValueError("an account entry is malformed")
        accounts.append(SharedAccount(
            label=_str(item, "label", 80), platform=_choice(item, "platform", PLATFORMS),
            stance=_choice(item, "stance", STANCES), read_ok=item.get("read_ok") is True,
            by_severity=_counts(item.get("by_severity"), SEVERITIES), by_category=_counts(item.get("by_category"),
                                                                                          CATEGORIES),
            possible=_count(item.get("possible")), resolved=_count(item.get("resolved")),
        ))
    findings = None
    if scope == "findings":
        raw = doc.get("findings")
        if not isinstance(raw, list):
            raise ValueError("the findings list is missing")
        findings = tuple(
            SharedFinding(account=_str(f, "account", 80), platform=_choice(f, "platform", PLATFORMS),
                          category=_choice(f, "category", CATEGORIES), severity=_choice(f, "severity", SEVERITIES),
                          status=_choice(f, "status", STATUSES), possible=f.get("possible") is True,
                          check=_str(f, "check", 80), title=_str(f, "title", 200))
            for f in (x if isinstance(x, dict) else {} for x in raw[:10_000])
        )
    return SharedAudit(parse_time(doc.get("generated_at"), "generated_at"),
                       version[:40] if isinstance(version, str) else "?", tuple(accounts), findings)


def _labels(accounts: list[_Account]) -> dict[str, str]:
    """``x (anonymous)``, numbered when a member has two accounts of the same platform and stance."""
    seen: Counter[str] = Counter(f"{a.platform} ({a.stance})" for a in accounts)
    used: Counter[str] = Counter()
    labels = {}
    for account in accounts:
        base = f"{account.platform} ({account.stance})"
        used[base] += 1
        labels[account.key] = f"{base} {used[base]}" if seen[base] > 1 else base
    return labels


def _list(doc: dict[str, Any], key: str, where: str, required: bool = True) -> list[Any]:
    value = doc.get(key, None if required else [])
    if not isinstance(value, list):
        raise ReportError(f"{where}: \"{key}\" is missing or not a list.")
    return value


def _account(item: Any, where: str) -> _Account:
    if not isinstance(item, dict) or not isinstance(item.get("key"), str):
        raise ReportError(f"{where} has no \"key\".")
    platform, stance, errors = item.get("platform"), item.get("stance"), item.get("errors", [])
    if platform not in PLATFORMS:
        raise ReportError(f"{where}: \"platform\" {platform!r} is not one of {', '.join(PLATFORMS)}.")
    if stance not in STANCES:
        raise ReportError(f"{where}: \"stance\" {stance!r} is not one of {', '.join(STANCES)}.")
    if not isinstance(errors, list):
        raise ReportError(f"{where}: \"errors\" is not a list.")
    return _Account(item["key"], platform, stance, read_ok=not errors)


def _finding(item: Any, where: str, keys: set[str]) -> _Finding | None:
    """A validated finding, or None when it is suppressed (an accepted risk is not shared)."""
    if not isinstance(item, dict):
        raise ReportError(f"{where} is not an object.")
    if item.get("account") not in keys:
        raise ReportError(f"{where}: \"account\" does not match one of the report's accounts.")
    for key, allowed in (("category", CATEGORIES), ("severity", SEVERITIES)):
        if item.get(key) not in allowed:
            raise ReportError(f"{where}: \"{key}\" {item.get(key)!r} is not one of {', '.join(allowed)}.")
    check, status, confidence = item.get("check"), item.get("status", "new"), item.get("confidence", 1.0)
    if not isinstance(check, str) or not check:
        raise ReportError(f"{where}: \"check\" is missing.")
    if status not in STATUSES:
        raise ReportError(f"{where}: \"status\" {status!r} is not one of {', '.join(STATUSES)}.")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise ReportError(f"{where}: \"confidence\" is not a number.")
    if item.get("suppressed") is True:
        return None
    return _Finding(item["account"], check[:80], item["category"], item["severity"], status,
                    possible=confidence < POSSIBLE_BELOW)


def _str(doc: dict[str, Any], key: str, limit: int) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing or not text")
    return value[:limit]


def _choice(doc: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = doc.get(key)
    if value not in allowed:
        raise ValueError(f"{key} {str(value)[:20]!r} is not one of {', '.join(allowed)}")
    return str(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**7:
        raise ValueError("a count is not a whole number")
    return value


def _counts(value: Any, allowed: tuple[str, ...]) -> dict[str, int]:
    if not isinstance(value, dict) or any(k not in allowed for k in value):
        raise ValueError("counts are malformed")
    return {k: _count(value[k]) for k in allowed if k in value}
