"""The member's own receipt of a share: what they consented to, and what they need to withdraw it.

Written owner-only beside the bundle. It holds the consent record and the team public key,
never any audit data, so ``auditor share --withdraw RECEIPT`` can later make a withdrawal
file for exactly those consents without the member having to keep anything else.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PublicKey

from auditor.errors import InputError
from auditor.team.consent import ConsentRecord
from auditor.team.keys import TeamPublicKey, key_id

RECEIPT_TYPE = "auditor.team-share-receipt/1"


@dataclass(frozen=True, slots=True)
class Receipt:
    path: Path
    consent_id: str
    member_name: str
    member_email: str
    team: TeamPublicKey


def receipt_text(consent: ConsentRecord, bundle_name: str, team: TeamPublicKey) -> str:
    doc = {
        "type": RECEIPT_TYPE,
        "bundle": bundle_name,
        "consent": consent.to_dict(),
        "team_public_key": {"id": team.id, "label": team.label,
                            "public_key": base64.b64encode(bytes(team.key)).decode("ascii")},
        "note": "Keep this file: `auditor share --withdraw` uses it to withdraw this consent.",
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load_receipt(path: Path) -> Receipt:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such receipt. `auditor share` writes one beside each bundle "
                         f"(*.receipt.json).") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(f"{path} is not a share receipt (not readable JSON).") from None
    if not isinstance(doc, dict) or doc.get("type") != RECEIPT_TYPE:
        raise InputError(f"{path} is not a share receipt (expected \"type\": \"{RECEIPT_TYPE}\"; give the "
                         f"*.receipt.json file written beside the bundle, not the bundle itself).")
    consent, team = doc.get("consent"), doc.get("team_public_key")
    member = consent.get("member") if isinstance(consent, dict) else None
    try:
        raw = base64.b64decode(team["public_key"], validate=True) if isinstance(team, dict) else b""
    except (binascii.Error, ValueError, TypeError, KeyError):
        raw = b""
    if (not isinstance(consent, dict) or not isinstance(consent.get("consent_id"), str)
            or not isinstance(member, dict) or not isinstance(member.get("name"), str)
            or len(raw) != PublicKey.SIZE or not isinstance(team, dict)):
        raise InputError(f"{path}: the receipt is incomplete or altered (consent id, member or team key missing).")
    public = PublicKey(raw)
    if team.get("id") != key_id(public):
        raise InputError(f"{path}: the receipt's team key does not match its key id (altered).")
    email = member.get("email")
    label = team.get("label")
    return Receipt(path, consent["consent_id"], member["name"], email if isinstance(email, str) else "",
                   TeamPublicKey(public, label if isinstance(label, str) else ""))
