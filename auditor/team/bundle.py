"""Seal and open share bundles and withdrawal files.

A bundle is the JSON payload (consent record + scoped audit summary) encrypted with a libsodium
*sealed box* to the team public key: X25519 key agreement with an ephemeral key and
XSalsa20-Poly1305, so it is confidential and any change to the ciphertext fails authentication.
Only the team private key opens it. The envelope (:mod:`auditor.team.armor`) names the key id in
the clear so a wrongly keyed bundle can be told apart from a tampered one; the key id is repeated
inside the ciphertext and the two must agree.

Opening never raises for a bad file: it returns a :class:`Refused` with a plain reason, so the
dashboard lists it and still renders the rest. Sealed boxes do not prove *who* made a bundle
(anyone holding the public key can make one); the consent record names the member as they gave it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import nacl.exceptions
from nacl.public import SealedBox

from auditor.team.armor import ArmorError, armor, dearmor
from auditor.team.consent import TIME_FORMAT, ConsentRecord, from_dict, parse_time
from auditor.team.keys import TeamPrivateKey, TeamPublicKey
from auditor.team.scope import SharedAudit, shared_from_dict

BUNDLE_KIND = "TEAM BUNDLE"
WITHDRAWAL_KIND = "TEAM WITHDRAWAL"
BUNDLE_SCHEMA = "auditor.team-share/1"
WITHDRAWAL_SCHEMA = "auditor.team-withdrawal/1"
VERSION = "1"
MAX_FILE = 8 * 1024 * 1024
RefusalKind = Literal["unreadable", "malformed", "wrong key", "tampered", "expired", "withdrawn"]


@dataclass(frozen=True, slots=True)
class Bundle:
    path: Path
    consent: ConsentRecord
    audit: SharedAudit


@dataclass(frozen=True, slots=True)
class Withdrawal:
    path: Path
    member_name: str
    member_email: str
    consent_ids: frozenset[str]
    withdrawn_at: datetime


@dataclass(frozen=True, slots=True)
class Refused:
    path: Path
    kind: RefusalKind
    reason: str
    member: str = ""  # the consent's member, when the bundle could be read (expired, withdrawn)


def new_consent_id() -> str:
    return secrets.token_hex(16)


def seal_bundle(consent: ConsentRecord, audit: SharedAudit, team: TeamPublicKey) -> str:
    payload = {"schema": BUNDLE_SCHEMA, "team_key": team.id, "consent": consent.to_dict(), "audit": audit.to_dict()}
    return _seal(BUNDLE_KIND, payload, team)


def bundle_plaintext(consent: ConsentRecord, audit: SharedAudit, team: TeamPublicKey) -> str:
    """Exactly the text :func:`seal_bundle` encrypts (for the preview the member confirms)."""
    payload = {"schema": BUNDLE_SCHEMA, "team_key": team.id, "consent": consent.to_dict(), "audit": audit.to_dict()}
    return _dump(payload)


def seal_withdrawal(name: str, email: str, consent_ids: list[str], when: datetime, team: TeamPublicKey) -> str:
    payload = {"schema": WITHDRAWAL_SCHEMA, "team_key": team.id, "member": {"name": name, "email": email},
               "consent_ids": sorted(set(consent_ids)), "withdrawn_at": when.strftime(TIME_FORMAT)}
    return _seal(WITHDRAWAL_KIND, payload, team)


def open_file(path: Path, key: TeamPrivateKey) -> Bundle | Withdrawal | Refused:
    """Read, decrypt and validate one file; any problem becomes a :class:`Refused` with a reason."""
    try:
        if path.stat().st_size > MAX_FILE:
            return Refused(path, "malformed", f"it is larger than {MAX_FILE // 2**20} MB, so it is not a bundle")
        data = path.read_bytes()
    except OSError as exc:
        return Refused(path, "unreadable", f"it could not be read ({exc.strerror})")
    return open_bytes(data, path, key)


def open_bytes(data: bytes, path: Path, key: TeamPrivateKey) -> Bundle | Withdrawal | Refused:
    """:func:`open_file` for contents already read; ``path`` only names it."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return Refused(path, "malformed", "it is not an auditor bundle (it contains non-ASCII bytes)")
    try:
        armored = dearmor(text, (BUNDLE_KIND, WITHDRAWAL_KIND))
    except ArmorError as exc:
        return Refused(path, "malformed", f"it is not a readable auditor bundle: {exc}")
    if armored.headers.get("Version") != VERSION:
        return Refused(path, "malformed", f"unsupported bundle version {armored.headers.get('Version')!r} "
                                          f"(this auditor reads version {VERSION}; update auditor, or it was altered)")
    header_key = armored.headers.get("Key", "")
    try:
        plain = SealedBox(key.key).decrypt(armored.body)
    except nacl.exceptions.CryptoError:
        if header_key != key.id:
            return Refused(path, "wrong key", f"it was encrypted to a different team key ({header_key}), not to "
                                              f"this one ({key.id}); ask the member to share again with your "
                                              f"current team.pub")
        return Refused(path, "tampered", "it failed authentication: it was altered or corrupted after it was "
                                         "made; ask the member to share again")
    try:
        payload = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Refused(path, "malformed", "it decrypted but its contents are not valid JSON")
    if not isinstance(payload, dict) or payload.get("team_key") != key.id or header_key != key.id:
        return Refused(path, "tampered", "its visible key id does not match the key id sealed inside it")
    schema = payload.get("schema")
    expected = BUNDLE_SCHEMA if armored.kind == BUNDLE_KIND else WITHDRAWAL_SCHEMA
    if schema != expected:
        return Refused(path, "tampered" if schema in (BUNDLE_SCHEMA, WITHDRAWAL_SCHEMA) else "malformed",
                       f"its contents ({str(schema)[:40]!r}) do not match its envelope ({expected})")
    try:
        return _bundle(path, payload, key) if armored.kind == BUNDLE_KIND else _withdrawal(path, payload)
    except ValueError as exc:
        return Refused(path, "malformed", f"its contents are malformed: {exc}")


def _bundle(path: Path, payload: dict[str, Any], key: TeamPrivateKey) -> Bundle:
    consent = from_dict(payload.get("consent"))
    if consent.team_key_id != key.id:
        raise ValueError("the consent names a different team key")
    return Bundle(path, consent, shared_from_dict(payload.get("audit"), consent.scope))


def _withdrawal(path: Path, payload: dict[str, Any]) -> Withdrawal:
    member, ids = payload.get("member"), payload.get("consent_ids")
    if not isinstance(member, dict) or not isinstance(member.get("name"), str):
        raise ValueError("the member is missing")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ValueError("the list of withdrawn consents is missing")
    email = member.get("email")
    return Withdrawal(path, member["name"][:200], email[:200] if isinstance(email, str) else "",
                      frozenset(i[:64] for i in ids), parse_time(payload.get("withdrawn_at"), "withdrawn_at"))


def _seal(kind: str, payload: dict[str, Any], team: TeamPublicKey) -> str:
    cipher = SealedBox(team.key).encrypt(_dump(payload).encode("utf-8"))
    return armor(kind, {"Version": VERSION, "Key": team.id}, bytes(cipher))


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
