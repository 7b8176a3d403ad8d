"""The consent record a bundle carries: who agreed, to share what, why, when, and until when.

Consent is explicit (typed at a prompt, or ``--yes`` with the same text recorded), scoped
(``summary`` or ``findings``) and time-limited: every bundle has an expiry, at most a year
away, after which the dashboard refuses it. The record is built from the member's own answers
and never from the config's ``[identity]`` facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

Scope = Literal["summary", "findings"]
SCOPES: tuple[str, ...] = get_args(Scope)
MAX_DAYS = 366
DEFAULT_PURPOSE = "Team review of privacy and professional risk on my own social media accounts"
SCOPE_MEANING = {
    "summary": "per account (platform and stance only, no handles): counts of findings by category and "
               "severity, and the audit date",
    "findings": "per account (platform and stance only, no handles): counts of findings by category and "
                "severity, the audit date, and each finding's title, category, severity, platform and status "
                "(no post text, no names of connections, nothing from your caseload)",
}
_DURATION = re.compile(r"(\d{1,4})\s*([dw])")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_duration(value: str) -> timedelta | None:
    """``90d`` or ``12w`` → a period; None when ``value`` is not written that way."""
    match = _DURATION.fullmatch(value.strip().lower())
    return timedelta(days=int(match.group(1)) * (7 if match.group(2) == "w" else 1)) if match else None


def parse_expiry(value: str, now: datetime) -> datetime:
    """``90d``, ``12w`` or a date ``YYYY-MM-DD`` → the moment consent ends (at most a year away)."""
    text = value.strip().lower()
    if (period := parse_duration(text)) is not None:
        expires = now + period
    else:
        try:
            day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            raise ValueError(f"{value!r} is not a duration like 90d or 12w, nor a date like 2027-03-01") from None
        expires = day + timedelta(days=1) - timedelta(seconds=1)
    if expires <= now:
        raise ValueError(f"{value!r} is not in the future")
    if expires - now > timedelta(days=MAX_DAYS):
        raise ValueError(f"{value!r} is more than {MAX_DAYS} days away; consent must be renewed at least yearly")
    return expires.replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    consent_id: str
    member_name: str
    member_email: str
    scope: Scope
    purpose: str
    granted_at: datetime
    expires_at: datetime
    tool_version: str
    team_key_id: str
    team_label: str
    accounts: tuple[str, ...]
    confirmed_by: str
    text: str

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    @property
    def member_key(self) -> str:
        """How bundles from the same person are grouped: e-mail if given, else name (case-insensitive)."""
        return (self.member_email or self.member_name).casefold()

    def to_dict(self) -> dict[str, Any]:
        return {
            "consent_id": self.consent_id,
            "member": {"name": self.member_name, "email": self.member_email},
            "scope": self.scope,
            "purpose": self.purpose,
            "granted_at": self.granted_at.strftime(TIME_FORMAT),
            "expires_at": self.expires_at.strftime(TIME_FORMAT),
            "tool": {"name": "auditor", "version": self.tool_version},
            "team_key": {"id": self.team_key_id, "label": self.team_label},
            "accounts": list(self.accounts),
            "confirmed_by": self.confirmed_by,
            "text": self.text,
        }


def consent_text(name: str, email: str, scope: str, purpose: str, audit_date: datetime, expires_at: datetime,
                 key_id: str, key_label: str, accounts: tuple[str, ...]) -> str:
    """The exact words the member agrees to; recorded verbatim in the bundle."""
    who = f"{name} <{email}>" if email else name
    team = f"team key {key_id}" + (f" (\u201c{key_label}\u201d)" if key_label else "")
    return (
        f"I, {who}, agree to share the {scope} of my social media privacy audit of "
        f"{audit_date.strftime('%Y-%m-%d')} for these accounts: {', '.join(accounts) or 'none'}. "
        f"That is: {SCOPE_MEANING[scope]}. It is encrypted so that only the holder of {team} can read it, "
        f"for this purpose: {purpose}. This consent ends on {expires_at.strftime('%Y-%m-%d')}, after which "
        f"the team dashboard refuses it, and I can withdraw it earlier with `auditor share --withdraw`."
    )


def from_dict(doc: Any) -> ConsentRecord:
    """Read a consent record from a decrypted bundle; raise ``ValueError`` naming what is wrong."""
    if not isinstance(doc, dict):
        raise ValueError("the consent record is missing")
    member, tool, team = doc.get("member"), doc.get("tool"), doc.get("team_key")
    if not isinstance(member, dict) or not isinstance(tool, dict) or not isinstance(team, dict):
        raise ValueError("the consent record lacks member, tool or team key")
    scope = doc.get("scope")
    if scope not in SCOPES:
        raise ValueError(f"the consent scope {scope!r} is unknown")
    accounts = doc.get("accounts")
    if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
        raise ValueError("the consent record's accounts are malformed")
    record = ConsentRecord(
        consent_id=_text(doc, "consent_id", 64),
        member_name=_text(member, "name", 200),
        member_email=_text(member, "email", 200, required=False),
        scope=scope,
        purpose=_text(doc, "purpose", 500),
        granted_at=parse_time(doc.get("granted_at"), "granted_at"),
        expires_at=parse_time(doc.get("expires_at"), "expires_at"),
        tool_version=_text(tool, "version", 40),
        team_key_id=_text(team, "id", 40),
        team_label=_text(team, "label", 80, required=False),
        accounts=tuple(a[:80] for a in accounts[:50]),
        confirmed_by=_text(doc, "confirmed_by", 200),
        text=_text(doc, "text", 4000),
    )
    if record.expires_at <= record.granted_at:
        raise ValueError("the consent expires before it was granted")
    if record.expires_at - record.granted_at > timedelta(days=MAX_DAYS):
        raise ValueError(f"the consent runs for more than {MAX_DAYS} days; consent must be renewed at least yearly")
    return record


def parse_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{field} is missing")
    try:
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{field} is not a UTC time like 2026-11-25T10:00:00Z") from None


def _text(doc: dict[str, Any], field: str, limit: int, required: bool = True) -> str:
    value = doc.get(field, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{field} is missing or not text")
    return value[:limit]
