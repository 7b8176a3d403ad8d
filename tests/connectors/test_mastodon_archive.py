"""Mastodon archive connector: zip and tar.gz, addressing → audience, actor settings, follows CSV, bad input."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.progress import SILENT
from auditor.testing.hostile import materialise, tar_bomb, tar_of, zip_bomb, zip_of
from auditor.testing.mastodon_export import MastodonExport
from auditor.testing.x_archive import at
from connectors.mastodon_archive import load

PHOTO = "media_attachments/files/000/111/222/original/abc.png"


def account(*paths: Path) -> AccountConfig:
    return AccountConfig(platform="mastodon", stance="anonymous", where="accounts[4]", archive=paths)


def avatar_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def sample() -> MastodonExport:
    export = MastodonExport(
        username="fern", domain="social.example", display_name="Fern 🌿",
        summary="<p>Social worker &amp; runner.</p><p>Views my own.</p>",
        fields=[("Blog", '<a href="https://example.org/fern" rel="me nofollow"><span class="invisible">https://'
                         '</span>example.org/fern</a>'), ("Pronouns", "she/her")],
        locked=True, discoverable=False, indexable=True, following=["ann@other.example", "bob@social.example"],
        media_files={PHOTO: b"\x89PNG"}, avatar=avatar_png(),
    )
    export.statuses = [
        export.toot(1130, '<p>Long day in <a href="https://social.example/tags/socialwork" class="mention hashtag">'
                          '#<span>socialwork</span></a>. Read <a href="https://example.org/report">this</a></p>',
                    at("2024-12-05 10:39"), "public", hashtags=["socialwork"],
                    attachments=[(PHOTO, "image/png", "A desk with files")]),
        export.toot(1131, "<p>Quiet post</p>", at("2024-12-06 10:00"), "unlisted"),
        export.toot(1132, "<p>Followers only</p>", at("2024-12-07 10:00"), "private"),
        export.toot(1133, '<p><span class="h-card"><a href="https://other.example/@ann" class="u-url mention">'
                          '@<span>ann</span></a></span> private note</p>', at("2024-12-08 10:00"), "direct",
                    mentions=["ann@other.example"], in_reply_to="https://other.example/users/ann/statuses/9"),
        export.toot(1134, "<p>thread 2/2</p>", at("2024-12-08 11:00"),
                    in_reply_to="https://social.example/users/fern/statuses/1130", summary="CW: work"),
        export.boost(1135, "https://other.example/users/ann/statuses/99", at("2024-12-09 10:00")),
    ]
    return export


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "folder"])
def test_zip_tar_and_folder_read_the_same(tmp_path: Path, kind: str) -> None:
    path = sample().write(tmp_path / f"archive-20261101090000-{'a' * 32}.{kind}", kind)  # type: ignore[arg-type]
    snap = load(account(path), SILENT)
    assert snap.key == "mastodon:fern@social.example"
    assert snap.account_id == "https://social.example/users/fern"
    assert [p.id for p in snap.posts] == ["1130", "1131", "1132", "1133", "1134", "1135"]
    assert snap.errors == []


def test_audience_from_addressing_and_kinds(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "a.zip")), SILENT)
    assert [(p.audience, p.kind) for p in snap.posts] == [
        ("public", "post"), ("unlisted", "post"), ("followers", "post"), ("custom", "reply"),
        ("public", "post"), ("public", "repost"),
    ]


def test_post_fields(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "a.zip")), SILENT)
    first, _, _, direct, thread, boost = snap.posts
    assert first.text == "Long day in #socialwork. Read this"
    assert first.created_at == datetime(2024, 12, 5, 10, 39, tzinfo=UTC)
    assert first.url == "https://social.example/@fern/1130"
    assert first.hashtags == ("socialwork",) and first.links == ("https://example.org/report",)
    (media,) = first.media
    assert (media.ref, media.kind, media.alt_text) == (PHOTO, "photo", "A desk with files")
    assert direct.mentions == ("ann@other.example",) and direct.links == ()
    assert direct.reply_to == "https://other.example/users/ann/statuses/9"
    assert thread.text == "CW: work\n\nthread 2/2"
    assert boost.text == "" and boost.url == "https://other.example/users/ann/statuses/99"


def test_actor_profile_and_settings(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "a.zip")), SILENT)
    assert snap.profile.display_name == "Fern 🌿"
    assert snap.profile.bio == "Social worker & runner.\n\nViews my own."
    assert snap.profile.fields == (("Blog", "https://example.org/fern"), ("Pronouns", "she/her"))
    assert snap.profile.website == "https://example.org/fern"
    assert snap.profile.avatar == "avatar.png" and snap.profile.header == "header.jpg"
    assert snap.profile.avatar_hash is not None and len(snap.profile.avatar_hash) == 16
    assert snap.settings == {"visibility.account_protected": True, "profile.indexable": True,
                             "discoverability.profile_directory": False}

    export = sample()
    export.locked, export.discoverable, export.indexable = False, None, None
    open_snap = load(account(export.write(tmp_path / "b.zip")), SILENT)
    assert open_snap.setting("visibility.account_protected") is False
    assert open_snap.setting("profile.indexable") is None  # older servers omit it: unknown, not guessed


def test_following_csv_given_beside_the_archive(tmp_path: Path) -> None:
    export = sample()
    archive = export.write(tmp_path / "a.tar.gz", "tar.gz")
    csv_path = tmp_path / "following_accounts.csv"
    csv_path.write_bytes(export.following_csv())
    snap = load(account(archive, csv_path), SILENT)
    assert [(c.relation, c.handle, c.url) for c in snap.connections] == [
        ("following", "ann@other.example", "https://other.example/@ann"),
        ("following", "bob@social.example", "https://social.example/@bob"),
    ]
    alone = load(account(archive), SILENT)
    assert alone.connections == [] and any("following_accounts.csv" in n for n in alone.notes)


def members() -> dict[str, bytes]:
    return materialise(sample().files())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.update({"outbox.json": m["outbox.json"][:-100]}), r"outbox.json is truncated or malformed JSON"),
        (lambda m: m.update({"outbox.json": b""}), "outbox.json is empty"),
        (lambda m: m.update({"actor.json": b'"just a string"'}), "actor.json is not a JSON file"),
        (lambda m: m.update({"actor.json": b'{"type": "Note"}'}), "not an ActivityPub actor"),
        (lambda m: m.update({"actor.json": b'{"id": "x", "name": '}), r"actor.json is truncated .*line 1"),
    ],
    ids=["truncated", "empty-file", "wrong-file", "wrong-object", "truncated-actor"],
)
def test_malformed_files_name_the_file(tmp_path: Path, mutate: object, message: str) -> None:
    files = members()
    mutate(files)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as error:
        load(account(zip_of(tmp_path / "bad.zip", files)), SILENT)
    assert "bad.zip" in str(error.value)


def test_unknown_activities_are_listed_as_skipped(tmp_path: Path) -> None:
    files = members()
    files["outbox.json"] = (b'{"orderedItems": [{"type": "Like", "object": "x"}, 5, '
                            + materialise(sample().files())["outbox.json"].split(b"[", 1)[1].split(b",\n")[0] + b"]}")
    snap = load(account(zip_of(tmp_path / "a.zip", files)), SILENT)
    assert [p.id for p in snap.posts] == ["1130"]
    assert any("outbox.json: skipped 1 entry (activities of type Like)" in e for e in snap.errors)
    assert any("outbox.json: skipped 1 entry (not an activity object)" in e for e in snap.errors)


def test_damaged_tar_gz(tmp_path: Path) -> None:
    good = sample().write(tmp_path / "good.tar.gz", "tar.gz").read_bytes()
    bad = tmp_path / "archive.tar.gz"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="damaged or truncated") as error:
        load(account(bad), SILENT)
    assert "archive.tar.gz" in str(error.value)


def test_empty_and_foreign_exports(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="archive is empty"):
        load(account(zip_of(tmp_path / "empty.zip", {})), SILENT)
    with pytest.raises(InputError, match="archive is empty"):
        load(account(tar_of(tmp_path / "empty.tar.gz", {})), SILENT)
    with pytest.raises(InputError, match="does not look like a Mastodon archive"):
        load(account(zip_of(tmp_path / "other.zip", {"Connections.csv": b"x"})), SILENT)


def test_hostile_zip_and_tar_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="zip-slip"):
        load(account(zip_of(tmp_path / "slip.zip", members() | {"../outbox.json": b"{}"})), SILENT)
    with pytest.raises(InputError, match="zip-slip"):
        load(account(tar_of(tmp_path / "slip.tar.gz", members() | {"../../home/evil": b"x"})), SILENT)
    with pytest.raises(InputError, match="is a link"):
        load(account(tar_of(tmp_path / "link.tar.gz", members(), links={"avatar2.png": "/etc/passwd"})), SILENT)
    with pytest.raises(InputError, match=r"zip bomb"):
        load(account(zip_bomb(tmp_path / "bomb.zip", members(), "media_attachments/zeros.bin")), SILENT)
    with pytest.raises(InputError, match=r"decompression bomb") as error:
        load(account(tar_bomb(tmp_path / "bomb.tar.gz", members(), "media_attachments/zeros.bin")), SILENT)
    assert "ratio" in str(error.value) and "compressed" in str(error.value)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = sample().write(tmp_path / "a.tar.gz", "tar.gz")
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(InputError, match="permission denied"):
        load(account(path), SILENT)
