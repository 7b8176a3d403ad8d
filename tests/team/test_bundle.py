"""Opening bundles: tampering (every flipped byte), wrong keys and malformed files are refused with a reason."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from auditor.team import bundle as bundles
from auditor.team import signing
from auditor.team.bundle import Bundle, Refused, open_bytes, open_file
from auditor.team.consent import ConsentRecord
from auditor.team.scope import build_shared, load_report
from tests.conftest import FIXED_NOW
from tests.team.conftest import TeamKeys, full_report, make_keys, write_report


def make_bundle(team: TeamKeys, folder: Path, scope: str = "findings", name: str = "Fern Example",
                email: str = "fern@example.org", days: int = 90, audit_days_ago: int = 0,
                file: str = "share.bundle") -> tuple[Path, ConsentRecord]:
    """A real bundle, made as ``auditor share`` makes it, from a full report."""
    generated = FIXED_NOW - timedelta(days=audit_days_ago)
    report = write_report(folder / f"{file}.report.json", full_report(generated))
    audit = build_shared(load_report(report), scope)  # type: ignore[arg-type]
    consent = ConsentRecord(
        consent_id=bundles.new_consent_id(), member_name=name, member_email=email, scope=scope,  # type: ignore[arg-type]
        purpose="team review", granted_at=generated, expires_at=generated + timedelta(days=days),
        tool_version="0.1.0", team_key_id=team.key.id, team_label=team.key.label,
        accounts=tuple(a.label for a in audit.accounts), confirmed_by="--yes", text="I agree.")
    path = folder / file
    path.write_text(bundles.seal_bundle(consent, audit, team.key.public, team.member(name, email)), encoding="ascii")
    return path, consent


def test_round_trip(team: TeamKeys, tmp_path: Path) -> None:
    path, consent = make_bundle(team, tmp_path)
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Bundle)
    assert opened.consent == consent
    assert opened.audit.findings is not None and len(opened.audit.findings) == 11


def test_every_flipped_byte_is_refused(team: TeamKeys, tmp_path: Path) -> None:
    path, _ = make_bundle(team, tmp_path)
    original = path.read_bytes()
    kinds: set[str] = set()
    for index in range(len(original)):
        for mask in (0x01, 0x20) if index % 5 == 0 else (0x01,):
            altered = bytearray(original)
            altered[index] ^= mask
            opened = open_bytes(bytes(altered), path, team.key, team.roster)
            assert isinstance(opened, Refused), f"byte {index} ^ {mask:#x} was accepted"
            assert opened.kind in ("tampered", "malformed"), (index, opened)
            kinds.add(opened.kind)
    assert kinds == {"tampered", "malformed"}


def test_a_flipped_ciphertext_byte_fails_authentication(team: TeamKeys, tmp_path: Path) -> None:
    path, _ = make_bundle(team, tmp_path)
    lines = path.read_text().split("\n")
    body = lines[3]  # first line of base64
    lines[3] = body[:10] + ("B" if body[10] != "B" else "C") + body[11:]
    path.write_text("\n".join(lines))
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "tampered"
    assert "failed authentication" in opened.reason


def test_an_altered_key_header_is_tampering(team: TeamKeys, tmp_path: Path) -> None:
    path, _ = make_bundle(team, tmp_path)
    text = path.read_text().replace(f"Key: {team.key.id}", "Key: 0000-0000-0000-0000")
    path.write_text(text)
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "tampered"


def test_wrong_key(team: TeamKeys, tmp_path: Path) -> None:
    other = make_keys(tmp_path / "other-team", seed=2)
    path, _ = make_bundle(other, tmp_path)
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "wrong key"
    assert other.key.id in opened.reason and team.key.id in opened.reason


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty or truncated"),
    (b"hello\nworld\nagain\n", "BEGIN"),
    (b"\xff\xfe binary", "non-ASCII"),
    (b"-----BEGIN AUDITOR TEAM BUNDLE-----\nVersion: 2\nKey: x\n", "truncated"),
])
def test_malformed_files(team: TeamKeys, tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.bundle"
    path.write_bytes(content)
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "malformed" and reason in opened.reason


def test_truncated_bundle(team: TeamKeys, tmp_path: Path) -> None:
    path, _ = make_bundle(team, tmp_path)
    lines = path.read_text().split("\n")
    path.write_text("\n".join(lines[:5] + lines[-2:]))
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind in ("tampered", "malformed")


def test_unsupported_version(team: TeamKeys, tmp_path: Path) -> None:
    path, _ = make_bundle(team, tmp_path)
    path.write_text(path.read_text().replace("Version: 2", "Version: 9"))
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and "version" in opened.reason


def payload_of(team: TeamKeys, path: Path) -> dict[str, Any]:
    """The signed payload inside a bundle (for tests that alter and re-seal it)."""
    outer = json.loads(bundles.SealedBox(team.key.key).decrypt(  # type: ignore[attr-defined]
        bundles.dearmor(path.read_text(), (bundles.BUNDLE_KIND,)).body))
    return json.loads(outer["signed"])  # type: ignore[no-any-return]


def seal_signed(team: TeamKeys, path: Path, signed: str, signer: SigningKey, version: str = "2") -> Path:
    """Seal ``signed`` (any text) as a bundle, signed by ``signer``: what anyone holding team.pub could make."""
    outer = {"signed": signed, "signer_key": base64.b64encode(bytes(signer.verify_key)).decode(),
             "signature": base64.b64encode(signing.sign(signer, signed.encode())).decode()}
    sealed = bytes(bundles.SealedBox(team.key.public.key).encrypt(json.dumps(outer).encode()))  # type: ignore[attr-defined]
    path.write_text(bundles.armor(bundles.BUNDLE_KIND, {"Version": version, "Key": team.key.id}, sealed))
    return path


def test_correctly_sealed_but_malformed_contents(team: TeamKeys, tmp_path: Path) -> None:
    """Even an enrolled member's signed contents are validated, not trusted."""
    fern = team.member("Fern Example", "fern@example.org")
    good, _ = make_bundle(team, tmp_path)
    payload = payload_of(team, good)
    payload["audit"]["accounts"][0]["by_severity"] = {"high": -3}
    cases = {
        "notjson.bundle": "not json",
        "noconsent.bundle": json.dumps({"schema": bundles.BUNDLE_SCHEMA, "team_key": team.key.id}),
        "badcount.bundle": json.dumps(payload),
        "deep.bundle": "[" * 100_000 + "]" * 100_000,
    }
    for name, plain in cases.items():
        opened = open_file(seal_signed(team, tmp_path / name, plain, fern), team.key, team.roster)
        assert isinstance(opened, Refused) and opened.kind == "malformed", (name, opened)


def test_a_summary_bundle_never_yields_findings(team: TeamKeys, tmp_path: Path) -> None:
    """Even if a summary-scoped bundle carried findings, the lead's side keeps only what the scope covers."""
    good, _ = make_bundle(team, tmp_path)
    payload = payload_of(team, good)
    payload["consent"]["scope"] = "summary"
    seal_signed(team, good, json.dumps(payload), team.member("Fern Example", "fern@example.org"))
    opened = open_file(good, team.key, team.roster)
    assert isinstance(opened, Bundle) and opened.audit.findings is None


def test_a_forged_bundle_is_refused(team: TeamKeys, tmp_path: Path) -> None:
    """Issue #18 item 7: anyone holding team.pub could forge a member's clean audit; now it needs their key."""
    good, _ = make_bundle(team, tmp_path)
    payload = payload_of(team, good)
    payload["audit"]["accounts"] = []  # a "clean" audit
    forger = SigningKey(b"\x09" * 32)
    # 1. signed by a key nobody enrolled
    opened = open_file(seal_signed(team, tmp_path / "a.bundle", json.dumps(payload), forger), team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "unverified" and "not enrolled" in opened.reason
    # 2. an enrolled member (Robin) signing a bundle in Fern's name
    robin = team.member("Robin Staff", "robin@example.org")
    opened = open_file(seal_signed(team, tmp_path / "b.bundle", json.dumps(payload), robin), team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "unverified" and "Robin Staff" in opened.reason
    # 3. Fern's genuine signature over other contents (the signature is over the exact text)
    path = seal_signed(team, tmp_path / "c.bundle", json.dumps(payload), team.member("Fern Example",
                                                                                     "fern@example.org"))
    outer = json.loads(bundles.SealedBox(team.key.key).decrypt(  # type: ignore[attr-defined]
        bundles.dearmor(path.read_text(), (bundles.BUNDLE_KIND,)).body))
    outer["signed"] = outer["signed"].replace('"accounts": []', '"accounts": [] ')
    sealed = bytes(bundles.SealedBox(team.key.public.key).encrypt(json.dumps(outer).encode()))  # type: ignore[attr-defined]
    path.write_text(bundles.armor(bundles.BUNDLE_KIND, {"Version": "2", "Key": team.key.id}, sealed))
    opened = open_file(path, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "tampered" and "signature" in opened.reason
    # 4. no signature at all, and an unsigned version-1 bundle
    sealed = bytes(bundles.SealedBox(team.key.public.key).encrypt(json.dumps(payload).encode()))  # type: ignore[attr-defined]
    for version in ("1", "2"):
        path.write_text(bundles.armor(bundles.BUNDLE_KIND, {"Version": version, "Key": team.key.id}, sealed))
        opened = open_file(path, team.key, team.roster)
        assert isinstance(opened, Refused) and opened.kind == "unverified", (version, opened)


def test_a_consent_longer_than_a_year_is_refused_on_import(team: TeamKeys, tmp_path: Path) -> None:
    """Issue #18 item 7: the 100-year consent was accepted; the limit is now checked when a bundle is opened."""
    good, _ = make_bundle(team, tmp_path)
    payload = payload_of(team, good)
    payload["consent"]["expires_at"] = "2126-01-01T00:00:00Z"
    seal_signed(team, good, json.dumps(payload), team.member("Fern Example", "fern@example.org"))
    opened = open_file(good, team.key, team.roster)
    assert isinstance(opened, Refused) and opened.kind == "malformed" and "366 days" in opened.reason


def test_bundle_file_names_nothing(team: TeamKeys, tmp_path: Path) -> None:
    path, consent = make_bundle(team, tmp_path)
    text = path.read_text()
    for word in ("Fern", "fern@example.org", consent.consent_id, "summary", "findings", "x (anonymous)"):
        assert word not in text
