"""The team key pair: the lead keeps the private key, staff receive the public key.

Keys are X25519 (libsodium via PyNaCl). Files are small JSON documents so that a person can
see what they hold; the private key file is written owner-only and can be protected with a
passphrase (Argon2id derives a key that encrypts the secret with secretbox). The key id is a
short hash of the public key: staff can read it to the lead over the phone to be sure that
the public key they were sent is really the team's (a swapped key would send their results
to someone else).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.encoding import RawEncoder
from nacl.public import PrivateKey, PublicKey

from auditor.errors import InputError, UserError
from auditor.private_files import write_private

PUBLIC_TYPE = "auditor.team-public-key/1"
PRIVATE_TYPE = "auditor.team-private-key/1"
_MAX_KEY_FILE = 64 * 1024
_ARGON = nacl.pwhash.argon2id


def key_id(public: PublicKey) -> str:
    """A short, readable fingerprint of a public key, e.g. ``1a2b-3c4d-5e6f-7a8b``."""
    digest = nacl.hash.blake2b(bytes(public), digest_size=8, encoder=RawEncoder).hex()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class TeamPublicKey:
    key: PublicKey
    label: str

    @property
    def id(self) -> str:
        return key_id(self.key)


@dataclass(frozen=True, slots=True)
class TeamPrivateKey:
    key: PrivateKey
    label: str

    @property
    def public(self) -> TeamPublicKey:
        return TeamPublicKey(self.key.public_key, self.label)

    @property
    def id(self) -> str:
        return key_id(self.key.public_key)


def generate(label: str) -> TeamPrivateKey:
    return TeamPrivateKey(PrivateKey.generate(), label)


def public_key_text(key: TeamPublicKey, created_at: datetime | None = None) -> str:
    doc = {
        "type": PUBLIC_TYPE,
        "label": key.label,
        "key_id": key.id,
        "public_key": _b64(bytes(key.key)),
        "created_at": _now_text(created_at),
        "note": "Team public key for `auditor share --team-key`. It can only encrypt; sharing it is safe.",
    }
    return json.dumps(doc, indent=2) + "\n"


def private_key_text(key: TeamPrivateKey, passphrase: str | None = None, created_at: datetime | None = None,
                     opslimit: int = _ARGON.OPSLIMIT_INTERACTIVE, memlimit: int = _ARGON.MEMLIMIT_INTERACTIVE) -> str:
    """The private key file; with ``passphrase`` its secret is stored encrypted (Argon2id + secretbox)."""
    doc: dict[str, Any] = {
        "type": PRIVATE_TYPE,
        "label": key.label,
        "key_id": key.id,
        "public_key": _b64(bytes(key.key.public_key)),
        "created_at": _now_text(created_at),
        "note": "Team PRIVATE key: it opens every bundle sent to this team. Keep it owner-only; never share it.",
    }
    if passphrase:
        salt = nacl.utils.random(_ARGON.SALTBYTES)
        box = nacl.secret.SecretBox(_ARGON.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt,
                                               opslimit=opslimit, memlimit=memlimit))
        doc["protection"] = {"kdf": "argon2id", "salt": _b64(salt), "opslimit": opslimit, "memlimit": memlimit,
                             "cipher": "xsalsa20-poly1305"}
        doc["secret_key"] = _b64(bytes(box.encrypt(bytes(key.key))))
    else:
        doc["protection"] = None
        doc["secret_key"] = _b64(bytes(key.key))
    return json.dumps(doc, indent=2) + "\n"


def write_key_pair(key: TeamPrivateKey, folder: Path, passphrase: str | None, force: bool = False) -> tuple[Path, Path]:
    """Write ``team.key`` (owner-only) and ``team.pub`` into ``folder``; never overwrite a key silently."""
    private_path, public_path = folder / "team.key", folder / "team.pub"
    if private_path.exists() and not force:
        raise UserError(f"{private_path} already exists. Losing a team private key makes every bundle sent to it "
                        f"unreadable, so it is never overwritten: choose another --output-dir, or pass --force.")
    write_private(private_path, private_key_text(key, passphrase))
    write_private(public_path, public_key_text(key.public))
    return private_path, public_path


def load_public(path: Path) -> TeamPublicKey:
    doc = _read_json(path, "team public key")
    if doc.get("type") == PRIVATE_TYPE:
        raise InputError(f"{path} is the team PRIVATE key. Staff need the public key (team.pub); the private key "
                         f"must stay with the team lead.")
    if doc.get("type") != PUBLIC_TYPE:
        raise InputError(f"{path} is not an auditor team public key (no \"type\": \"{PUBLIC_TYPE}\"). Ask your team "
                         f"lead for the team.pub file that `auditor team keygen` wrote.")
    public = PublicKey(_bytes(doc, "public_key", path, PublicKey.SIZE))
    _check_id(doc, public, path)
    return TeamPublicKey(public, _label(doc))


def load_private(path: Path, passphrase: str | None = None) -> TeamPrivateKey:
    """Load the lead's private key; ask for ``passphrase`` via :func:`needs_passphrase` first."""
    doc = _read_json(path, "team private key")
    if doc.get("type") == PUBLIC_TYPE:
        raise InputError(f"{path} is the team public key; `auditor team report --key` needs the private key "
                         f"(team.key) that `auditor team keygen` wrote beside it.")
    if doc.get("type") != PRIVATE_TYPE:
        raise InputError(f"{path} is not an auditor team private key (no \"type\": \"{PRIVATE_TYPE}\").")
    protection = doc.get("protection")
    if protection is None:
        secret = _bytes(doc, "secret_key", path, PrivateKey.SIZE)
    else:
        if not isinstance(protection, dict) or protection.get("kdf") != "argon2id":
            raise InputError(f"{path}: \"protection\" is not a supported scheme (expected argon2id).")
        if not passphrase:
            raise UserError(f"{path} is protected by a passphrase: give it with --passphrase-env VARIABLE, or run "
                            f"the command in a terminal to be asked for it.")
        salt = _bytes(protection, "salt", path, _ARGON.SALTBYTES)
        ops, mem = protection.get("opslimit"), protection.get("memlimit")
        if not isinstance(ops, int) or not isinstance(mem, int) or ops < 1 or mem < 8192 or mem > 2**32:
            raise InputError(f"{path}: \"protection\" has invalid Argon2id limits.")
        box = nacl.secret.SecretBox(_ARGON.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt,
                                               opslimit=ops, memlimit=mem))
        try:
            secret = box.decrypt(_bytes(doc, "secret_key", path, None))
        except nacl.exceptions.CryptoError:
            raise UserError(f"{path}: wrong passphrase (or the key file was altered).") from None
        if len(secret) != PrivateKey.SIZE:
            raise InputError(f"{path}: the decrypted secret key has the wrong length.")
    private = PrivateKey(secret)
    if bytes(private.public_key) != _bytes(doc, "public_key", path, PublicKey.SIZE):
        raise InputError(f"{path}: the secret key does not match its public key (the file was altered).")
    _check_id(doc, private.public_key, path)
    return TeamPrivateKey(private, _label(doc))


def needs_passphrase(path: Path) -> bool:
    return _read_json(path, "team private key").get("protection") is not None


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        if path.stat().st_size > _MAX_KEY_FILE:
            raise InputError(f"{path} is too large to be a {what}.")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (the {what}).") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(f"{path} is not a {what} (not JSON text).") from None
    if not isinstance(doc, dict):
        raise InputError(f"{path} is not a {what} (not a JSON object).")
    return doc


def _bytes(doc: dict[str, Any], field: str, path: Path, size: int | None) -> bytes:
    value = doc.get(field)
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or (size is not None and len(raw) != size):
        raise InputError(f"{path}: \"{field}\" is missing or malformed (the file was altered or truncated).")
    return raw


def _check_id(doc: dict[str, Any], public: PublicKey, path: Path) -> None:
    if doc.get("key_id") != key_id(public):
        raise InputError(f"{path}: \"key_id\" does not match the key (the file was altered).")


def _label(doc: dict[str, Any]) -> str:
    label = doc.get("label")
    return label[:80] if isinstance(label, str) else ""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _now_text(value: datetime | None) -> str:
    return (value or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
