"""Facebook DYI connector: every layout, every field we normalise, mojibake, multi-zip, bad input."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.model import Geo
from auditor.progress import SILENT
from auditor.testing.facebook_export import FacebookExport, fb_media, fb_place, fb_post, html_variant
from auditor.testing.hostile import materialise, zip_bomb, zip_of
from auditor.testing.meta_common import meta_json
from auditor.testing.x_archive import at
from connectors.facebook_archive import load
from connectors.meta_text import fix_meta, fix_text

PHOTO = "your_facebook_activity/posts/media/Mobileuploads_abc/123_n.jpg"
POSTS_2024 = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"


def account(*paths: Path) -> AccountConfig:
    return AccountConfig(platform="facebook", stance="personal", where="accounts[1]", archive=paths)


def sample() -> FacebookExport:
    return FacebookExport(
        full_name="Harriet Øster-Okafor",
        username="hattie.example",
        posts=[
            fb_post("Beach day 🌊 with the Müllers – best weekend #summer https://example.org/blog",
                    at("2024-07-14 15:02"),
                    media=[fb_media(PHOTO, upload_ip="192.0.2.1", lat_lon=(50.8225, -0.1372),
                                    description="Beach day 🌊", taken=1720969000)],
                    place=fb_place("Brighton Beach", (50.81, -0.14), "Brighton"),
                    link="https://example.org/article", tags=["Ann Example", "Søren Dæhli"]),
            fb_post("Proud of my team at WCC", at("2024-07-15 09:00")),
            fb_post(None, at("2024-07-16 09:00"), title="Harriet updated her profile picture.",
                    media=[fb_media("your_facebook_activity/posts/media/ProfilePictures/9_n.mp4")]),
        ],
        friends=[("Ann Example", 1390000000), ("Søren Dæhli", 1400000000)],
        removed_friends=[("Old Friend", 1500000000)],
        sent_requests=[("Pending Person", 1600000000)],
        received_requests=[("Asking Person", 1610000000)],
        followers=[("Follower One", 1620000000)],
        following=[("Page Person", 1630000000)],
        profile={
            "current_city": {"name": "Ashby", "timestamp": 1500000000},
            "hometown": {"name": "Eastfield", "timestamp": 1400000000},
            "work_experiences": [{"employer": "Wexford County Council", "title": "Social Worker",
                                  "location": "Ashby", "start_timestamp": 1500000000}],
            "education_experiences": [{"name": "St Mary's Primary", "school_type": "Primary school"}],
            "family_members": [{"name": "Zara Okafor", "relation": "Daughter", "timestamp": 1400000000}],
            "emails": {"emails": ["h.okafor@example.org"], "previous_emails": ["hattie@example.com"],
                       "pending_emails": [], "ad_account_emails": []},
            "phone_numbers": [{"phone_type": "Mobile", "phone_number": "+44 7700 900123", "verified": True}],
            "birthday": {"year": 1985, "month": 4, "day": 2},
        },
        media_files={PHOTO: b"\xff\xd8\xff", "your_facebook_activity/posts/media/ProfilePictures/9_n.mp4": b"v"},
    )


def test_mojibake_repair_on_strings_and_keys() -> None:
    assert fix_text("Beach day \u00f0\u009f\u008c\u008a") == "Beach day 🌊"
    assert fix_text("S\u00c3\u00b8ren M\u00c3\u00bcller") == "Søren Müller"
    assert fix_text("9\u00e2\u0080\u009317") == "9–17"
    assert fix_text("already right: café – 🌊") == "already right: café – 🌊"  # idempotent
    assert fix_text("café") == "café"  # Latin-1 text that is not mojibake is left alone
    assert fix_meta({"Privat\u00c3\u00a9": ["\u00c3\u00a9t\u00c3\u00a9"]}) == {"Privaté": ["été"]}


@pytest.mark.parametrize("layout", ["2018", "2020", "2022", "2024"])
@pytest.mark.parametrize("as_zip", [True, False])
def test_every_layout_reads_the_same(tmp_path: Path, layout: str, as_zip: bool) -> None:
    target = tmp_path / ("export.zip" if as_zip else "export")
    sample().write(target, layout=layout, as_zip=as_zip)  # type: ignore[arg-type]
    snap = load(account(target), SILENT)
    assert snap.platform == "facebook" and snap.key == "facebook:hattie.example"
    assert [p.text.split()[0] if p.text else "" for p in snap.posts] == ["Beach", "Proud", ""]
    assert sorted((c.relation, c.display_name) for c in snap.connections) == [
        ("follower", "Follower One"), ("following", "Page Person"), ("friend", "Ann Example"),
        ("friend", "Søren Dæhli"), ("friend_request_received", "Asking Person"),
        ("friend_request_sent", "Pending Person"), ("removed_friend", "Old Friend"),
    ]
    assert snap.profile.display_name == "Harriet Øster-Okafor"
    assert snap.errors == []


def test_post_fields_are_normalised(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "e.zip")), SILENT)
    beach, team, picture = snap.posts
    assert beach.text == "Beach day 🌊 with the Müllers – best weekend #summer https://example.org/blog"
    assert beach.created_at == datetime(2024, 7, 14, 15, 2, tzinfo=UTC)
    assert beach.audience == "unknown" and beach.kind == "post"
    assert beach.geo == Geo(lat=50.81, lon=-0.14, place="Brighton Beach, Brighton")
    (photo,) = beach.media
    assert photo.ref == PHOTO and photo.kind == "photo"
    assert photo.exif == {"upload_ip": "192.0.2.1", "taken_timestamp": "1720969000"}
    assert photo.gps == Geo(lat=50.8225, lon=-0.1372)
    assert beach.tagged == ("Ann Example", "Søren Dæhli")
    assert beach.hashtags == ("summer",)
    assert beach.links == ("https://example.org/article", "https://example.org/blog")
    assert team.geo is None and team.media == () and team.links == ()
    assert picture.text == "" and picture.media[0].kind == "video"
    assert len({p.id for p in snap.posts}) == 3
    assert [p.id for p in load(account(sample().write(tmp_path / "again.zip")), SILENT).posts] == \
        [p.id for p in snap.posts]  # stable synthetic ids


def test_profile_fields_public_and_private(tmp_path: Path) -> None:
    profile = load(account(sample().write(tmp_path / "e.zip")), SILENT).profile
    assert profile.location == "Ashby"
    assert dict(profile.fields) == {"hometown": "Eastfield", "work": "Social Worker, Wexford County Council, Ashby",
                                    "education": "St Mary's Primary"}
    assert profile.private == {"email": "h.okafor@example.org, hattie@example.com", "phone": "+44 7700 900123",
                               "family": "Zara Okafor (Daughter)", "birthday": "1985-4-2"}


def test_connection_times(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "e.zip", layout="2022")), SILENT)
    ann = next(c for c in snap.connections if c.display_name == "Ann Example")
    assert ann.since == datetime.fromtimestamp(1390000000, UTC) and ann.label == "Ann Example"


def test_posts_split_over_numbered_files(tmp_path: Path) -> None:
    export = sample()
    export.posts = [fb_post(f"post {i}", 1700000000 + i) for i in range(5)]
    export.posts_per_file = 2
    path = export.write(tmp_path / "e.zip")
    names = materialise(export.files()).keys()
    assert {n for n in names if "your_posts__" in n} == {POSTS_2024.replace("_1.", f"_{n}.") for n in (1, 2, 3)}
    assert [p.text for p in load(account(path), SILENT).posts] == [f"post {i}" for i in range(5)]


def test_multi_zip_export_as_list_or_folder(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    first, second = sample().write_parts(folder)
    for snap in (load(account(first, second), SILENT), load(account(folder), SILENT)):
        assert len(snap.posts) == 3 and not any("not in the archive" in n for n in snap.notes)
    only_first = load(account(first), SILENT)
    assert any("2 photos or videos" in note and "give all of them" in note for note in only_first.notes)


def test_html_variant_is_refused_with_instructions(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="HTML version of the Facebook export") as error:
        load(account(html_variant(tmp_path / "facebook-html.zip")), SILENT)
    assert "Format: JSON" in str(error.value) and "facebook-html.zip" in str(error.value)


def members() -> dict[str, bytes]:
    return materialise(sample().files())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.update({POSTS_2024: m[POSTS_2024][:-40]}), r"truncated or malformed JSON \(.*line \d+"),
        (lambda m: m.update({POSTS_2024: b""}), "is empty"),
        (lambda m: m.update({POSTS_2024: b"<html><body>posts</body></html>"}), "contains HTML, not JSON"),
        (lambda m: m.update({POSTS_2024: b"PK\x03\x04 binary"}), "is not a JSON file"),
        (lambda m: m.update({"personal_information/profile_information/profile_information.json":
                             meta_json({"something_else": {}})}), "has no 'profile_v2'"),
    ],
    ids=["truncated", "empty-file", "html-file", "wrong-file", "wrong-profile"],
)
def test_malformed_files_name_the_file(tmp_path: Path, mutate: object, message: str) -> None:
    files = members()
    mutate(files)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as error:
        load(account(zip_of(tmp_path / "bad.zip", files)), SILENT)
    assert "bad.zip" in str(error.value)


def test_truncation_position_is_the_end_of_the_file(tmp_path: Path) -> None:
    files = members()
    cut = files[POSTS_2024][:200]
    files[POSTS_2024] = cut
    with pytest.raises(InputError, match=f"byte {len(cut)} of {len(cut)}") as error:
        load(account(zip_of(tmp_path / "bad.zip", files)), SILENT)
    assert POSTS_2024 in str(error.value)


def test_bad_records_are_skipped_and_listed(tmp_path: Path) -> None:
    files = members()
    files[POSTS_2024] = meta_json([fb_post("kept", 1700000000), "not a post", {"data": []}])
    files["connections/friends/your_friends.json"] = meta_json({"friends_v2": [{"name": "Kept"}, 42]})
    snap = load(account(zip_of(tmp_path / "e.zip", files)), SILENT)
    assert [p.text for p in snap.posts] == ["kept"]
    assert [c.display_name for c in snap.connections if c.relation == "friend"] == ["Kept"]
    assert len(snap.errors) == 3
    assert any(POSTS_2024 in e and "1 entry (not a JSON object)" in e for e in snap.errors)
    assert any(POSTS_2024 in e and "no time, text or media" in e for e in snap.errors)
    assert any("your_friends.json" in e and "not a person entry" in e for e in snap.errors)


def test_empty_export(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="archive is empty"):
        load(account(zip_of(tmp_path / "empty.zip", {})), SILENT)
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match="archive is empty"):
        load(account(tmp_path / "folder"), SILENT)


def test_not_a_facebook_export(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not look like a Facebook") as error:
        load(account(zip_of(tmp_path / "other.zip", {"tweets.js": b"[]"})), SILENT)
    assert "other.zip" in str(error.value)


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="zip-slip") as error:
        load(account(zip_of(tmp_path / "e.zip", members() | {"../../etc/cron.d/evil": b"x"})), SILENT)
    assert "e.zip" in str(error.value)


def test_zip_bomb_is_refused_with_numbers(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"zip bomb") as error:
        load(account(zip_bomb(tmp_path / "bomb.zip", members(), "your_facebook_activity/posts/x.json")), SILENT)
    assert "67,108,864 bytes" in str(error.value) and ":1" in str(error.value)


def test_unreadable_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample().write(tmp_path / "e.zip")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate what a normal user sees
        monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(InputError, match="permission denied") as error:
        load(account(path), SILENT)
    assert "e.zip" in str(error.value)


def test_unreadable_member_in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sample().write(tmp_path / "export", as_zip=False)
    target = folder / POSTS_2024
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded)
    with pytest.raises(InputError, match="permission denied") as error:
        load(account(folder), SILENT)
    assert str(target) in str(error.value)


def test_list_under_a_later_key_is_still_read(tmp_path: Path) -> None:
    files = members()
    files["connections/friends/your_friends.json"] = meta_json({"note": "x", "friends_v2": [{"name": "Late Key"}]})
    snap = load(account(zip_of(tmp_path / "e.zip", files)), SILENT)
    assert [c.display_name for c in snap.connections if c.relation == "friend"] == ["Late Key"]


def test_unknown_list_key_is_reported_not_dropped(tmp_path: Path) -> None:
    files = members()
    files["connections/friends/your_friends.json"] = meta_json({"friends_v9": [{"name": "Future"}]})
    snap = load(account(zip_of(tmp_path / "e.zip", files)), SILENT)
    assert not any(c.relation == "friend" for c in snap.connections)
    assert any("your_friends.json" in e and "'friends_v9'" in e for e in snap.errors)
