from __future__ import annotations

from pathlib import Path

from auditor.config import AccountConfig
from auditor.model import Profile
from auditor.progress import SILENT
from auditor.testing.images import picture, resaved
from auditor.testing.x_archive import XArchive
from connectors.images import perceptual_hash
from connectors.x_archive import load
from tests.checks.linkage_fixtures import anon, named, run_pair

CHECK = "linkage.avatar"


def hashed(avatar: bytes | None = None, header: bytes | None = None) -> Profile:
    return Profile(avatar="https://img.example/a.jpg", header="https://img.example/h.jpg",
                   avatar_hash=perceptual_hash(avatar) if avatar else None,
                   header_hash=perceptual_hash(header) if header else None)


def test_same_photo_resized_and_recompressed_is_a_strong_link() -> None:
    photo = picture(7)
    (finding,) = run_pair(CHECK, anon(profile=hashed(photo)), named(profile=hashed(resaved(photo))))
    assert finding.category == "linkage" and finding.severity == "high" and finding.account == "x:FrontlineFern"
    assert "same image" in finding.message and "reverse image search" in finding.message
    assert finding.subject.id == "avatar@x:HattieOkafor_SW"
    assert "Edit profile" in finding.remediation


def test_avatar_reused_as_the_other_accounts_header_is_found() -> None:
    photo = picture(3)
    (finding,) = run_pair(CHECK, anon(profile=hashed(avatar=photo)), named(profile=hashed(picture(9), photo)))
    assert "profile picture of x:FrontlineFern and the header image of x:HattieOkafor_SW" in finding.message


def test_unrelated_pictures_do_not_link() -> None:
    for seed in range(10):
        assert run_pair(CHECK, anon(profile=hashed(picture(seed))), named(profile=hashed(picture(seed + 50)))) == []


def test_no_images_no_finding() -> None:
    assert run_pair(CHECK, anon(profile=hashed()), named(profile=hashed(picture(1)))) == []


def test_x_archive_connector_hashes_profile_media(tmp_path: Path) -> None:
    photo = picture(5)
    path = XArchive(username="a", account_id="77", avatar=photo, header=picture(6)).write(tmp_path / "a.zip")
    snap = load(AccountConfig(platform="x", stance="anonymous", where="accounts[1]", archive=(path,)), SILENT)
    assert snap.profile.avatar_hash == perceptual_hash(photo)
    assert snap.profile.header_hash == perceptual_hash(picture(6)) != snap.profile.avatar_hash
    assert snap.profile.avatar and snap.profile.avatar.endswith("_400x400.jpg")


def test_unreadable_avatar_is_a_note_not_a_crash(tmp_path: Path) -> None:
    path = XArchive(username="a", account_id="77", avatar=b"\xff\xd8 not really a jpeg").write(tmp_path / "a.zip")
    snap = load(AccountConfig(platform="x", stance="anonymous", where="accounts[1]", archive=(path,)), SILENT)
    assert snap.profile.avatar_hash is None
    assert any("not a readable image" in note for note in snap.notes)


def test_perceptual_hash_refuses_garbage_and_empty_bytes() -> None:
    assert perceptual_hash(b"") is None and perceptual_hash(b"GIF89a\x00\x00") is None
