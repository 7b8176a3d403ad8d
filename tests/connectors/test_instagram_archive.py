"""Instagram export connector: followers/following in every shape, posts with EXIF, profile labels."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import Geo
from auditor.progress import SILENT
from auditor.testing.hostile import materialise, zip_bomb, zip_of
from auditor.testing.instagram_export import InstagramExport, ig_post
from auditor.testing.meta_common import meta_json
from auditor.testing.x_archive import at
from connectors.instagram_archive import load

FOLLOWERS_1 = "connections/followers_and_following/followers_1.json"
POSTS = "your_instagram_activity/content/posts_1.json"


def account(*paths: Path) -> AccountConfig:
    return AccountConfig(platform="instagram", stance="anonymous", where="accounts[2]", archive=paths)


def sample() -> InstagramExport:
    return InstagramExport(
        username="fern.runs",
        name="Fern ☕ Ørsted",
        bio="Runner – coffee – cats",
        website="https://example.org/fern",
        email="fern@example.org",
        phone="+44 7700 900123",
        birthday="1985-04-02",
        private_account=False,
        posts=[
            ig_post("Sunrise run 🌅 #parkrun with @ann.example", at("2024-07-14 06:30"),
                    ["media/posts/202407/17912345678901234.jpg"], lat_lon=(52.2053, 0.1218)),
            ig_post("Weekend in Århus – café hopping", at("2024-08-01 12:00"),
                    ["media/posts/202408/17900000000000001.jpg", "media/posts/202408/17900000000000002.mp4"],
                    carousel=True),
        ],
        followers=[("ann.example", 1700000000), ("bjørn.example", 1700000100), ("cara_ex", 1700000200)],
        following=[("ann.example", 1765400000), ("dan.example", 1765400100)],
    )


@pytest.mark.parametrize("layout", ["2022", "2023", "2025"])
def test_every_layout_reads_the_same(tmp_path: Path, layout: str) -> None:
    snap = load(account(sample().write(tmp_path / "ig.zip", layout=layout)), SILENT)  # type: ignore[arg-type]
    assert snap.key == "instagram:fern.runs"
    assert [(c.relation, c.handle) for c in snap.connections] == [
        ("follower", "ann.example"), ("follower", "bjørn.example"), ("follower", "cara_ex"),
        ("following", "ann.example"), ("following", "dan.example"),
    ]
    assert [p.id for p in snap.posts] == ["17912345678901234", "17900000000000001"]
    assert snap.errors == []


def test_late_2025_following_shape_reads_title_and_u_links(tmp_path: Path) -> None:
    files = materialise(sample().files("2025"))
    assert b'"value"' not in files["connections/followers_and_following/following.json"]
    snap = load(account(sample().write(tmp_path / "ig.zip", layout="2025")), SILENT)
    dan = snap.connections[-1]
    assert dan.handle == "dan.example" and dan.url == "https://www.instagram.com/dan.example"
    assert dan.since == datetime.fromtimestamp(1765400100, UTC)


def test_username_from_href_when_value_and_title_are_missing(tmp_path: Path) -> None:
    files = materialise(sample().files("2025"))
    files["connections/followers_and_following/following.json"] = meta_json({"relationships_following": [
        {"title": "", "string_list_data": [{"href": "https://www.instagram.com/_u/only.href", "timestamp": 1}]}]})
    snap = load(account(zip_of(tmp_path / "ig.zip", files)), SILENT)
    assert [c.handle for c in snap.connections if c.relation == "following"] == ["only.href"]


def test_followers_split_over_numbered_files(tmp_path: Path) -> None:
    export = sample()
    export.followers = [(f"user{i}", 1700000000 + i) for i in range(7)]
    export.followers_per_file = 3
    assert sum(1 for n in materialise(export.files()) if n.rsplit("/", 1)[-1].startswith("followers_")) == 3
    snap = load(account(export.write(tmp_path / "ig.zip")), SILENT)
    assert [c.handle for c in snap.connections if c.relation == "follower"] == [f"user{i}" for i in range(7)]


def test_posts_captions_and_exif(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "ig.zip")), SILENT)
    sunrise, weekend = snap.posts
    assert sunrise.text == "Sunrise run 🌅 #parkrun with @ann.example"
    assert sunrise.created_at == datetime(2024, 7, 14, 6, 30, tzinfo=UTC)
    assert sunrise.hashtags == ("parkrun",) and sunrise.mentions == ("ann.example",)
    assert sunrise.audience == "public"
    (photo,) = sunrise.media
    assert photo.gps == Geo(lat=52.2053, lon=0.1218)
    assert photo.exif == {"source_type": "library", "date_time_original": "2024:07:14 15:02:11"}
    assert weekend.text == "Weekend in Århus – café hopping"  # carousel: caption on the post
    assert [m.kind for m in weekend.media] == ["photo", "video"]
    assert weekend.media[0].gps is None


def test_profile_and_private_account_setting(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "ig.zip")), SILENT)
    assert snap.profile.display_name == "Fern ☕ Ørsted" and snap.profile.bio == "Runner – coffee – cats"
    assert snap.profile.website == "https://example.org/fern"
    assert snap.profile.avatar == "media/profile/202401/avatar.jpg"
    assert snap.profile.private == {"email": "fern@example.org", "phone": "+44 7700 900123",
                                    "birthday": "1985-04-02", "gender": "female"}
    assert snap.settings == {"visibility.account_protected": False, "visibility.posts_default": "public"}

    export = sample()
    export.private_account = True
    private = load(account(export.write(tmp_path / "private.zip")), SILENT)
    assert private.settings["visibility.account_protected"] is True
    assert {p.audience for p in private.posts} == {"followers"}

    export.private_account = None
    unknown = load(account(export.write(tmp_path / "unknown.zip")), SILENT)
    assert unknown.setting("visibility.account_protected") is None
    assert any("does not say whether the account is private" in n for n in unknown.notes)


def test_unrecognised_labels_are_reported(tmp_path: Path) -> None:
    files = materialise(sample().files())
    personal = "personal_information/personal_information/personal_information.json"
    files[personal] = meta_json({"profile_user": [{"string_map_data": {
        "Benutzername": {"value": "fern.runs"}, "Privates Konto": {"value": "True"}}}]})
    snap = load(account(zip_of(tmp_path / "ig.zip", files)), SILENT)
    assert snap.setting("visibility.account_protected") is None
    assert any("Benutzername, Privates Konto" in n for n in snap.notes)


def members() -> dict[str, bytes]:
    return materialise(sample().files())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.update({FOLLOWERS_1: m[FOLLOWERS_1][:-30]}), r"truncated or malformed JSON \(.*byte"),
        (lambda m: m.update({POSTS: b""}), "is empty"),
        (lambda m: m.update({POSTS: b"\x89PNG\r\n"}), "is not a JSON file"),
        (lambda m: m.update({"personal_information/personal_information/personal_information.json": b"[]"}),
         "has no 'profile_user'"),
    ],
    ids=["truncated", "empty-file", "wrong-file", "wrong-profile"],
)
def test_malformed_files_name_the_file(tmp_path: Path, mutate: object, message: str) -> None:
    files = members()
    mutate(files)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as error:
        load(account(zip_of(tmp_path / "bad.zip", files)), SILENT)
    assert "bad.zip" in str(error.value)


def test_bad_records_are_skipped_and_listed(tmp_path: Path) -> None:
    files = members()
    files[POSTS] = meta_json([{"media": []}, "x", ig_post("kept", 1700000000, ["media/posts/1/1.jpg"])])
    files[FOLLOWERS_1] = meta_json([{"string_list_data": []}, {"title": "", "string_list_data": [
        {"href": "https://www.instagram.com/kept", "value": "kept", "timestamp": 1}]}])
    snap = load(account(zip_of(tmp_path / "ig.zip", files)), SILENT)
    assert [p.text for p in snap.posts] == ["kept"]
    assert [c.handle for c in snap.connections if c.relation == "follower"] == ["kept"]
    assert any(POSTS in e and "2 entries (not a post with media)" in e for e in snap.errors)
    assert any(FOLLOWERS_1 in e and "1 entry (no username)" in e for e in snap.errors)


def test_empty_and_foreign_exports(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="archive is empty"):
        load(account(zip_of(tmp_path / "empty.zip", {})), SILENT)
    with pytest.raises(InputError, match="does not look like an Instagram export"):
        load(account(zip_of(tmp_path / "other.zip", {"Connections.csv": b"First Name\n"})), SILENT)


def test_html_variant_is_refused(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "ig.zip", {"connections/followers_and_following/followers_1.html": b"<html></html>"})
    with pytest.raises(InputError, match="HTML version of the Instagram export"):
        load(account(path), SILENT)


def test_hostile_archives_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="zip-slip"):
        load(account(zip_of(tmp_path / "slip.zip", members() | {"/tmp/evil.json": b"[]"})), SILENT)
    with pytest.raises(InputError, match=r"would expand to 67,108,864 bytes \(compression ratio"):
        load(account(zip_bomb(tmp_path / "bomb.zip", members(), "media/huge.json")), SILENT)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = sample().write(tmp_path / "ig.zip")
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(InputError, match="permission denied"):
        load(account(path), SILENT)


def test_unknown_list_key_is_reported_not_dropped(tmp_path: Path) -> None:
    files = members()
    files["connections/followers_and_following/following.json"] = meta_json({"relationships_following_v2": [
        {"title": "x", "string_list_data": []}]})
    snap = load(account(zip_of(tmp_path / "ig.zip", files)), SILENT)
    assert not any(c.relation == "following" for c in snap.connections)
    assert any("following.json" in e and "'relationships_following_v2'" in e for e in snap.errors)


def test_profile_photo_is_hashed_when_present(tmp_path: Path) -> None:
    import io

    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (48, 48), (10, 120, 200)).save(image, "JPEG")
    export = sample()
    export.media_files = {"media/profile/202401/avatar.jpg": image.getvalue()}
    assert load(account(export.write(tmp_path / "ig.zip")), SILENT).profile.avatar_hash is not None
    export.media_files = {"media/profile/202401/avatar.jpg": b"not an image"}
    broken = load(account(export.write(tmp_path / "broken.zip")), SILENT)
    assert broken.profile.avatar_hash is None and any("not a readable image" in n for n in broken.notes)
