"""Seal and open share bundles and withdrawal files.

A bundle is the JSON payload (consent record + scoped audit summary) encrypted with a libsodium
*sealed box* to the team public key: X25519 key agreement with an ephemeral key and
XSalsa20-Poly1305, so it is confidential and any change to the ciphertext fails authentication.
Only the team private key opens it. The envelope (:mod:`auditor.team.armor`) names the key id in
the clear so a wrongly keyed bundle can be told apart from a tampered one; the key id is repeated
inside the ciphertext and the two must agree.

Opening never raises for a bad file: it returns a :class:`Refused` with a plain reason, so the
dashboard lists it and still renders the rest.

A sealed box alone does not prove *who* made a bundle (anyone holding the public key can make
one), so inside the box the payload is signed with the member's own Ed25519 key
(:mod:`auditor.team.signing`). A bundle is accepted only when that signature verifies, the key is
enrolled in the lead's roster, and the consent names the person the key was enrolled for.
Version 1 bundles (unsigned) are refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import nacl.exceptions
from nacl.public import SealedBox
from nacl.signing import SigningKey

from auditor.team.armor import ArmorError, armor, dearmor
from auditor.team.consent import TIME_FORMAT, ConsentRecord, from_dict, parse_time
from auditor.team.keys import TeamPrivateKey, TeamPublicKey
from auditor.team.scope import SharedAudit, shared_from_dict
from auditor.team.signing import Roster, b64decode_key, fingerprint, sign, verify

BUNDLE_KIND = "TEAM BUNDLE"
WITHDRAWAL_KIND = "TEAM WITHDRAWAL"
BUNDLE_SCHEMA = "auditor.team-share/1"
WITHDRAWAL_SCHEMA = "auditor.team-withdrawal/1"
VERSION = "2"  # 2: signed by the member's enrolled key; 1 (unsigned) is refused
MAX_FILE = 8 * 1024 * 1024
RefusalKind = Literal["unreadable", "malformed", "wrong key", "tampered", "unverified", "expired", "withdrawn"]


@dataclass(frozen=True, slots=True)
class Bundle:
    path: Path
    consent: ConsentRecord
    audit: SharedAudit
    signer: str = ""  # fingerprint of the enrolled key that signed it


@dataclass(frozen=True, slots=True)
class Withdrawal:
    path: Path
    member_name: str
    member_email: str
    consent_ids: frozenset[str]
    withdrawn_at: datetime
    signer: str = ""


@dataclass(frozen=True, slots=True)
class Refused:
    path: Path
    kind: RefusalKind
    reason: str
    member: str = ""  # the consent's member, when the bundle could be read (expired, withdrawn)


def new_consent_id() -> str:
    return secrets.token_hex(16)


def seal_bundle(consent: ConsentRecord, audit: SharedAudit, team: TeamPublicKey, signer: SigningKey) -> str:
    payload = {"schema": BUNDLE_SCHEMA, "team_key": team.id, "consent": consent.to_dict(), "audit": audit.to_dict()}
    return _seal(BUNDLE_KIND, payload, team, signer)


def bundle_plaintext(consent: ConsentRecord, audit: SharedAudit, team: TeamPublicKey) -> str:
    """Exactly the text :func:`seal_bundle` encrypts (for the preview the member confirms)."""
    payload = {"schema": BUNDLE_SCHEMA, "team_key": team.id, "consent": consent.to_dict(), "audit": audit.to_dict()}
    return _dump(payload)


def seal_withdrawal(name: str, email: str, consent_ids: list[str], when: datetime, team: TeamPublicKey,
                    signer: SigningKey) -> str:
    payload = {"schema": WITHDRAWAL_SCHEMA, "team_key": team.id, "member": {"name": name, "email": email},
               "consent_ids": sorted(set(consent_ids)), "withdrawn_at": when.strftime(TIME_FORMAT)}
    return _seal(WITHDRAWAL_KIND, payload, team, signer)


def open_file(path: Path, key: TeamPrivateKey, roster: Roster) -> Bundle | Withdrawal | Refused:
    """Read, decrypt and validate one file; any problem becomes a :class:`Refused` with a reason."""
    try:
        if path.stat().st_size > MAX_FILE:
            return Refused(path, "malformed", f"it is larger than {MAX_FILE // 2**20} MB, so it is not a bundle")
        data = path.read_bytes()
    except OSError as exc:
        return Refused(path, "unreadable", f"it could not be read ({exc.strerror})")
    return open_bytes(data, path, key, roster)


def open_bytes(data: bytes, path: Path, key: TeamPrivateKey, roster: Roster) -> Bundle | Withdrawal | Refused:
    """:func:`open_file` for contents already read; ``path`` only names it."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return Refused(path, "malformed", "it is not an auditor bundle (it contains non-ASCII bytes)")
    try:
        armored = dearmor(text, (BUNDLE_KIND, WITHDRAWAL_KIND))
    except ArmorError as exc:
        return Refused(path, "malformed", f"it is not a readable auditor bundle: {exc}")
    if armored.headers.get("Version") == "1":
        return Refused(path, "unverified", "it is an unsigned bundle from an older auditor, so nothing proves who "
                                           "made it; ask the member to update auditor and share again")
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
        outer = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return Refused(path, "malformed", "it decrypted but its contents are not valid JSON")
    signed, signer_key = (outer.get("signed"), b64decode_key(outer.get("signer_key"))) if isinstance(outer, dict) \
        else (None, None)
    signature = b64decode_signature(outer.get("signature")) if isinstance(outer, dict) else None
    if not isinstance(signed, str) or signer_key is None or signature is None:
        return Refused(path, "unverified", "it carries no member signature, so nothing proves who made it")
    if not verify(signer_key, signed.encode("utf-8"), signature):
        return Refused(path, "tampered", "its member signature does not verify: it was altered or forged")
    enrolled = roster.by_fingerprint(fingerprint(signer_key))
    if enrolled is None:
        return Refused(path, "unverified", f"it is signed by a key that is not enrolled ({fingerprint(signer_key)}); "
                                           f"if it is a member's, check the fingerprint with them and run "
                                           f"`auditor team enroll`")
    try:
        payload = json.loads(signed)
    except (json.JSONDecodeError, RecursionError):
        return Refused(path, "malformed", "it decrypted but its contents are not valid JSON")
    if not isinstance(payload, dict) or payload.get("team_key") != key.id or header_key != key.id:
        return Refused(path, "tampered", "its visible key id does not match the key id sealed inside it")
    schema = payload.get("schema")
    expected = BUNDLE_SCHEMA if armored.kind == BUNDLE_KIND else WITHDRAWAL_SCHEMA
    if schema != expected:
        return Refused(path, "tampered" if schema in (BUNDLE_SCHEMA, WITHDRAWAL_SCHEMA) else "malformed",
                       f"its contents ({str(schema)[:40]!r}) do not match its envelope ({expected})")
    try:
        opened = _bundle(path, payload, key) if armored.kind == BUNDLE_KIND else _withdrawal(path, payload)
    except ValueError as exc:
        return Refused(path, "malformed", f"its contents are malformed: {exc}")
    claimed = opened.consent.member_key if isinstance(opened, Bundle) else \
        (opened.member_email or opened.member_name).casefold()
    if claimed != enrolled.member_key:
        return Refused(path, "unverified", f"it is signed by the key enrolled for {enrolled.name}, but names someone "
                                           f"else as the member")
    return replace(opened, signer=enrolled.fingerprint)


def b64decode_signature(value: Any) -> bytes | None:
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 64 else None


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


def _seal(kind: str, payload: dict[str, Any], team: TeamPublicKey, signer: SigningKey) -> str:
    text = _dump(payload)
    outer = {"signed": text, "signer_key": base64.b64encode(bytes(signer.verify_key)).decode("ascii"),
             "signature": base64.b64encode(sign(signer, text.encode("utf-8"))).decode("ascii")}
    cipher = SealedBox(team.key).encrypt(json.dumps(outer).encode("utf-8"))
    return armor(kind, {"Version": VERSION, "Key": team.id}, bytes(cipher))


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
