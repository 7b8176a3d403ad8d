"""X archive connector: every layout, every field we normalise, and every kind of bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.progress import SILENT
from auditor.testing.x_archive import XArchive, at, js_file, tweet
from connectors.x_archive import load


def account(path: Path, stance: str = "anonymous") -> AccountConfig:
    return AccountConfig(platform="x", stance=stance, where="accounts[1]", archive=(path,))  # type: ignore[arg-type]


def sample() -> XArchive:
    return XArchive(
        username="FrontlineFern",
        account_id="1432100000000000001",
        display_name="Fern",
        bio="Social worker &amp; runner",
        location="Ashby",
        tweets=[
            tweet("101", "Home visit <script>alert(1)</script> & more", at("2025-03-04 08:15"),
                  urls=["https://example.org/a"], hashtags=["socialwork"]),
            tweet("102", "@ann_ex thanks!", at("2025-03-05 09:00"), reply_to=("99", "42", "ann_ex"),
                  mentions=[("ann_ex", "Ann Example")]),
            tweet("103", "RT @BASW_UK: guidance out", at("2025-03-06 10:00")),
            tweet("104", "Park run", at("2025-03-07 11:00"), lon_lat=(-0.1276, 51.5072),
                  media=["https://pbs.twimg.com/media/F3aB9x.jpg"]),
            tweet("105", "thread part 2", at("2025-03-07 11:05"),
                  reply_to=("104", "1432100000000000001", "FrontlineFern")),
        ],
        followers=["2001", "2002"],
        following=["3001"],
        protected_actions=[("2021-01-01T00:00:00.000Z", "Protect"), ("2023-01-01T00:00:00.000Z", "Unprotect")],
        screen_name_changes=[("2019-06-01T10:00:00.000Z", "HattieOkafor", "FrontlineFern")],
        media_files={"104-F3aB9x.jpg": b"\xff\xd8\xff"},
    )


@pytest.mark.parametrize("layout", ["2019", "2020", "split"])
@pytest.mark.parametrize("as_zip", [True, False])
def test_every_layout_reads_the_same(tmp_path: Path, layout: str, as_zip: bool) -> None:
    target = tmp_path / ("a.zip" if as_zip else "folder")
    target.mkdir(exist_ok=True) if not as_zip else None
    sample().write(target, layout=layout, as_zip=as_zip)  # type: ignore[arg-type]
    snap = load(account(target), SILENT)
    assert snap.key == "x:FrontlineFern" and snap.account_id == "1432100000000000001"
    assert [p.id for p in snap.posts] == ["101", "102", "103", "104", "105"]
    assert len(snap.connections) == 3


def test_fields_are_normalised(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "a.zip")), SILENT)
    posts = {p.id: p for p in snap.posts}
    first = posts["101"]
    assert first.text == "Home visit <script>alert(1)</script> & more"  # unescaped; reports escape again
    assert first.created_at is not None and first.created_at.isoformat() == "2025-03-04T08:15:00+00:00"
    assert first.url == "https://x.com/FrontlineFern/status/101"
    assert first.links == ("https://example.org/a",) and first.hashtags == ("socialwork",)
    assert first.audience == "public"  # last protected-history action was Unprotect
    assert posts["102"].kind == "reply" and posts["102"].reply_to == "ann_ex" and posts["102"].mentions == ("ann_ex",)
    assert posts["103"].kind == "repost"
    assert posts["105"].kind == "post"  # a reply to oneself continues a thread
    geo = posts["104"].geo
    assert geo is not None and (geo.lat, geo.lon) == (51.5072, -0.1276)  # strings for numbers, [lon, lat] order
    assert posts["104"].media[0].ref == "data/tweets_media/104-F3aB9x.jpg"  # local file found
    assert snap.settings["visibility.account_protected"] is False
    assert snap.profile.bio == "Social worker & runner"
    assert snap.profile.previous_handles == ("HattieOkafor",)
    assert {c.relation for c in snap.connections} == {"follower", "following"}
    assert any("numeric id" in note for note in snap.notes)


def test_protection_unknown_without_history_file_and_false_when_empty(tmp_path: Path) -> None:
    archive = sample()
    archive.protected_actions = None
    snap = load(account(archive.write(tmp_path / "a.zip")), SILENT)
    assert snap.settings["visibility.account_protected"] == "unknown" and snap.posts[0].audience == "unknown"
    archive.protected_actions = []
    snap = load(account(archive.write(tmp_path / "b.zip")), SILENT)
    assert snap.settings["visibility.account_protected"] is False


def test_protected_account_posts_are_followers_only(tmp_path: Path) -> None:
    archive = sample()
    archive.protected_actions = [("2024-01-01T00:00:00.000Z", "Protect")]
    snap = load(account(archive.write(tmp_path / "a.zip")), SILENT)
    assert snap.settings["visibility.account_protected"] is True
    assert {p.audience for p in snap.posts} == {"followers"}


def test_archive_inside_a_top_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in sample().files("2020"):
            zf.writestr(f"twitter-2026-11-01-abc/{name}", content)
    assert len(load(account(path), SILENT).posts) == 5


def zip_with(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return path


def valid_members() -> dict[str, bytes]:
    return dict(sample().files("2020"))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.update({"data/tweets.js": m["data/tweets.js"][:-200]}), "truncated or malformed JSON"),
        (lambda m: m.update({"data/tweets.js": b"<!DOCTYPE html><html><body>Your archive</body></html>"}),
         "contains HTML"),
        (lambda m: m.update({"data/tweets.js": b""}), "is empty"),
        (lambda m: m.update({"data/tweets.js": b"window.YTD.tweets.part0 = (function(){return []})()"}),
         "not in the X archive format"),
        (lambda m: m.update({"data/tweets.js": b'window.YTD.tweets.part0 = ["just a string"]'}),
         "expected a list of objects"),
        (lambda m: m.pop("data/tweets.js"), "manifest lists data/tweets.js, which is missing"),
        (lambda m: m.update({"data/manifest.js": b"window.__THAR_CONFIG = {\"dataTypes\": "}), "malformed JSON"),
    ],
    ids=["truncated", "html", "empty-file", "javascript-code", "wrong-shape", "missing-part", "bad-manifest"],
)
def test_malformed_archives_give_clear_errors(tmp_path: Path, mutate: object, message: str) -> None:
    members = valid_members()
    mutate(members)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as error:
        load(account(zip_with(tmp_path, members)), SILENT)
    assert "bad.zip" in str(error.value)


def test_empty_zip(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="archive is empty"):
        load(account(zip_with(tmp_path, {})), SILENT)


def test_zip_slip_member_is_refused(tmp_path: Path) -> None:
    members = valid_members() | {"../evil": b"x"}
    with pytest.raises(InputError, match="zip-slip") as error:
        load(account(zip_with(tmp_path, members)), SILENT)
    assert "'../evil'" in str(error.value)


@pytest.mark.parametrize("name", ["/etc/passwd", "data/../../evil.js", "C:/Windows/evil", "data\\..\\..\\evil"])
def test_other_escaping_paths_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="zip-slip"):
        load(account(zip_with(tmp_path, valid_members() | {name: b"x"})), SILENT)


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    path = zip_with(tmp_path, valid_members())
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("data/link.js")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        load(account(path), SILENT)


def test_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in valid_members().items():
            zf.writestr(name, content)
        with zf.open("data/like.js", "w") as member:  # 64 MiB of zeros compresses ~1000:1
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
    with pytest.raises(InputError, match="zip bomb"):
        load(account(path), SILENT)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("hello")
    with pytest.raises(InputError, match="not a zip file or a folder"):
        load(account(path), SILENT)


def test_damaged_zip(tmp_path: Path) -> None:
    good = sample().write(tmp_path / "good.zip").read_bytes()
    path = tmp_path / "damaged.zip"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="damaged or truncated"):
        load(account(path), SILENT)


def test_not_an_x_archive(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not look like an X archive"):
        load(account(zip_with(tmp_path, {"hello.txt": b"hi"})), SILENT)


def test_real_empty_2019_file_from_shared_samples(tmp_path: Path) -> None:
    from tests.conftest import needs_shared

    real = needs_shared("real-formats/x-archive/account-suspension.js").read_bytes()
    members = valid_members() | {"data/account-suspension.js": real}
    assert len(load(account(zip_with(tmp_path, members)), SILENT).posts) == 5


def test_js_writer_matches_real_wrapper() -> None:
    assert js_file("window.YTD.tweets.part0", []) == b"window.YTD.tweets.part0 = []"
