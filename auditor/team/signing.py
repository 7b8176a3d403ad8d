"""Who made a bundle: each member signs with their own Ed25519 key, enrolled with the lead by fingerprint.

A sealed box proves only that a bundle was made for the team key, and anyone holding the public
``team.pub`` can make one. So every bundle and withdrawal is also signed with the member's own
signing key (Ed25519 via PyNaCl), and the lead accepts it only if that key is *enrolled*: the
member sends their public key file (``member.pub``), reads its fingerprint to the lead over
another channel (phone, in person), and the lead runs ``auditor team enroll``, which refuses a
key whose fingerprint differs. The roster (``members.json``, beside ``team.key``) ties each
fingerprint to the name and e-mail the lead knows; a bundle whose consent names someone else
than its signer's enrolled identity is refused.

The member's signing key is written owner-only and can be protected with a passphrase through
the same Argon2id + secretbox path as the team key (:mod:`auditor.team.keys`).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.encoding import RawEncoder
from nacl.signing import SigningKey, VerifyKey

from auditor.errors import InputError, UserError
from auditor.private_files import write_private
from auditor.state import state_dir

MEMBER_PUBLIC_TYPE = "auditor.member-public-key/1"
MEMBER_PRIVATE_TYPE = "auditor.member-signing-key/1"
ROSTER_TYPE = "auditor.team-roster/1"
SIGNATURE_CONTEXT = b"auditor.team-signature/1\n"  # signatures over bundles cannot be replayed as anything else
_MAX_FILE = 1024 * 1024
_ARGON = nacl.pwhash.argon2id


def fingerprint(key: VerifyKey) -> str:
    """A 128-bit fingerprint a person can read aloud, e.g. ``1a2b-3c4d-…`` (8 groups of 4)."""
    digest = nacl.hash.blake2b(bytes(key), digest_size=16, encoder=RawEncoder).hex()
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def normalise_fingerprint(text: str) -> str:
    raw = "".join(ch for ch in text.lower() if ch in "0123456789abcdef")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def default_key_path() -> Path:
    return state_dir() / "member-signing.key"


def sign(key: SigningKey, message: bytes) -> bytes:
    return bytes(key.sign(SIGNATURE_CONTEXT + message).signature)


def verify(key: VerifyKey, message: bytes, signature: bytes) -> bool:
    try:
        key.verify(SIGNATURE_CONTEXT + message, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError, TypeError):
        return False
    return True


# --- the member's key -------------------------------------------------------------------------


def member_private_text(key: SigningKey, passphrase: str | None = None, opslimit: int = _ARGON.OPSLIMIT_INTERACTIVE,
                        memlimit: int = _ARGON.MEMLIMIT_INTERACTIVE) -> str:
    doc: dict[str, Any] = {
        "type": MEMBER_PRIVATE_TYPE,
        "fingerprint": fingerprint(key.verify_key),
        "public_key": _b64(bytes(key.verify_key)),
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "note": "Your PRIVATE signing key: it proves bundles are yours. Keep it owner-only; never send it.",
    }
    if passphrase:
        salt = nacl.utils.random(_ARGON.SALTBYTES)
        box = nacl.secret.SecretBox(_ARGON.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt,
                                               opslimit=opslimit, memlimit=memlimit))
        doc["protection"] = {"kdf": "argon2id", "salt": _b64(salt), "opslimit": opslimit, "memlimit": memlimit,
                             "cipher": "xsalsa20-poly1305"}
        doc["secret_key"] = _b64(bytes(box.encrypt(bytes(key))))
    else:
        doc["protection"] = None
        doc["secret_key"] = _b64(bytes(key))
    return json.dumps(doc, indent=2) + "\n"


def member_public_text(key: VerifyKey) -> str:
    doc = {"type": MEMBER_PUBLIC_TYPE, "fingerprint": fingerprint(key), "public_key": _b64(bytes(key)),
           "note": "A team member's public signing key. Send it to your team lead and read them the fingerprint "
                   "by phone or in person; it can only check signatures, so sharing it is safe."}
    return json.dumps(doc, indent=2) + "\n"


def load_or_create_member_key(path: Path, passphrase: str | None = None) -> tuple[SigningKey, bool]:
    """The member's signing key at ``path``; created (owner-only) if missing. True when just created."""
    if path.exists():
        return load_member_key(path, passphrase), False
    key = SigningKey.generate()
    write_private(path, member_private_text(key, passphrase))
    return key, True


def member_key_needs_passphrase(path: Path) -> bool:
    return path.exists() and _read(path, "member signing key").get("protection") is not None


def load_member_key(path: Path, passphrase: str | None = None) -> SigningKey:
    doc = _read(path, "member signing key")
    if doc.get("type") != MEMBER_PRIVATE_TYPE:
        raise InputError(f"{path} is not an auditor member signing key (no \"type\": \"{MEMBER_PRIVATE_TYPE}\").")
    protection = doc.get("protection")
    if protection is None:
        secret = _field(doc, "secret_key", path, 32)
    else:
        if not isinstance(protection, dict) or protection.get("kdf") != "argon2id":
            raise InputError(f"{path}: \"protection\" is not a supported scheme (expected argon2id).")
        if not passphrase:
            raise UserError(f"{path} is protected by a passphrase: give it with --signing-passphrase-env VARIABLE.")
        ops, mem = protection.get("opslimit"), protection.get("memlimit")
        if not isinstance(ops, int) or not isinstance(mem, int) or ops < 1 or mem < 8192 or mem > 2**32:
            raise InputError(f"{path}: \"protection\" has invalid Argon2id limits.")
        box = nacl.secret.SecretBox(_ARGON.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"),
                                               _field(protection, "salt", path, _ARGON.SALTBYTES),
                                               opslimit=ops, memlimit=mem))
        try:
            secret = box.decrypt(_field(doc, "secret_key", path, None))
        except nacl.exceptions.CryptoError:
            raise UserError(f"{path}: wrong passphrase (or the key file was altered).") from None
    try:
        key = SigningKey(secret)
    except (nacl.exceptions.ValueError, ValueError, TypeError):
        raise InputError(f"{path}: the secret key is malformed.") from None
    if bytes(key.verify_key) != _field(doc, "public_key", path, 32):
        raise InputError(f"{path}: the secret key does not match its public key (the file was altered).")
    return key


def load_member_public(path: Path) -> VerifyKey:
    doc = _read(path, "member public key")
    if doc.get("type") == MEMBER_PRIVATE_TYPE:
        raise InputError(f"{path} is the member's PRIVATE signing key. Enrol the public one (member.pub), and ask "
                         f"the member to keep the private key to themselves.")
    if doc.get("type") != MEMBER_PUBLIC_TYPE:
        raise InputError(f"{path} is not an auditor member public key (no \"type\": \"{MEMBER_PUBLIC_TYPE}\").")
    key = VerifyKey(_field(doc, "public_key", path, 32))
    if doc.get("fingerprint") != fingerprint(key):
        raise InputError(f"{path}: \"fingerprint\" does not match the key (the file was altered).")
    return key


# --- the lead's roster ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Enrolled:
    name: str
    email: str
    fingerprint: str
    key: VerifyKey
    enrolled_at: str

    @property
    def member_key(self) -> str:
        """Grouped as consent records are: e-mail if given, else name (case-insensitive)."""
        return (self.email or self.name).casefold()


@dataclass
class Roster:
    members: list[Enrolled] = field(default_factory=list)

    def by_fingerprint(self, value: str) -> Enrolled | None:
        return next((m for m in self.members if m.fingerprint == value), None)

    def enroll(self, key: VerifyKey, name: str, email: str, when: datetime | None = None) -> Enrolled:
        """Add (or replace, for the same person) an enrolled key."""
        entry = Enrolled(name[:200], email[:200], fingerprint(key), key,
                         (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.members = [m for m in self.members if m.fingerprint != entry.fingerprint]
        self.members.append(entry)
        return entry

    def to_text(self) -> str:
        doc = {"type": ROSTER_TYPE, "note": "Team members' enrolled signing keys (auditor team enroll).",
               "members": [{"name": m.name, "email": m.email, "fingerprint": m.fingerprint,
                            "public_key": _b64(bytes(m.key)), "enrolled_at": m.enrolled_at} for m in self.members]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def default_roster_path(team_key: Path) -> Path:
    return team_key.parent / "members.json"


def load_roster(path: Path, missing_ok: bool = False) -> Roster:
    if missing_ok and not path.exists():
        return Roster()
    doc = _read(path, "team roster")
    if doc.get("type") != ROSTER_TYPE or not isinstance(doc.get("members"), list):
        raise InputError(f"{path} is not an auditor team roster (no \"type\": \"{ROSTER_TYPE}\").")
    roster = Roster()
    for index, item in enumerate(doc["members"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(f"{path}: member {index} is malformed.")
        key = VerifyKey(_field(item, "public_key", path, 32))
        if item.get("fingerprint") != fingerprint(key):
            raise InputError(f"{path}: member {index}'s fingerprint does not match its key (the file was altered).")
        email = item.get("email")
        roster.members.append(Enrolled(item["name"][:200], email[:200] if isinstance(email, str) else "",
                                       fingerprint(key), key, str(item.get("enrolled_at", ""))[:40]))
    return roster


def save_roster(roster: Roster, path: Path) -> Path:
    return write_private(path, roster.to_text())


# --- helpers ----------------------------------------------------------------------------------


def _read(path: Path, what: str) -> dict[str, Any]:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_FILE:
            raise InputError(f"{path} is not a {what} (missing, not a regular file, or too large).")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror or os.strerror(exc.errno or 0)}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(f"{path} is not a {what} (not JSON text).") from None
    if not isinstance(doc, dict):
        raise InputError(f"{path} is not a {what} (not a JSON object).")
    return doc


def _field(doc: dict[str, Any], name: str, path: Path, size: int | None) -> bytes:
    value = doc.get(name)
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or (size is not None and len(raw) != size):
        raise InputError(f"{path}: \"{name}\" is missing or malformed (the file was altered or truncated).")
    return raw


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64decode_key(value: Any) -> VerifyKey | None:
    """A verify key from base64 text, or None."""
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        return None
    return VerifyKey(raw) if len(raw) == 32 else None
