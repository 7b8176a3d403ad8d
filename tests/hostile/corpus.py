"""Generate the hostile-input corpus (issue #18): every case is built at test time, no binary is committed.

Each :class:`Case` writes its input files into a folder and returns the ``auditor`` command line
that reads them, with what the run must show: its exit code, words its message must hold, and
text it must never print (a post's words, a token). ``tests/hostile/test_hostile.py`` runs every
case in its own process under 60 s of CPU and 500 MB of address space.

Bombs are built cheaply: a gzip stream may hold many members, so a gigabyte of zeros is one
compressed megabyte repeated, and a zip's table of contents can claim what it likes.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from auditor.testing.facebook_export import FacebookExport
from auditor.testing.hostile import materialise, tar_bomb, tar_of, zip_bomb, zip_of
from auditor.testing.instagram_export import InstagramExport
from auditor.testing.linkedin_export import LinkedInExport
from auditor.testing.mastodon_export import MastodonExport
from auditor.testing.x_archive import XArchive, tweet
from tests.hostile import api

SECRET_POST = "PrivatePostWordsQuokka"  # must never reach stderr, stdout or a report
WHEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
MiB = 1024**2


@dataclass
class Case:
    name: str
    build: Callable[[Path], list[str]]  # writes inputs under the folder; returns the auditor arguments
    code: int = 2
    says: tuple[str, ...] = ()  # each must appear in stderr
    never: tuple[str, ...] = (SECRET_POST, api.TOKEN, "Traceback", "Internal error")  # in no output
    env: dict[str, str] = field(default_factory=dict)
    after: Callable[[], None] | None = None  # further checks once the run is over
    slow: bool = False  # started first, so the whole corpus finishes sooner


# --- live APIs (item 6) -------------------------------------------------------------------------


def mastodon_api(mode: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / "auditor.toml"
        path.write_text(f'[[accounts]]\nplatform = "mastodon"\nstance = "anonymous"\nhandle = "@fern@social.example"\n'
                        f'api = {{ base_url = "{api.server().base(mode)}", token_env = "{api.ENV}", max_wait = 60 }}\n',
                        encoding="utf-8")
        return ["run", "--config", str(path), "--output-dir", str(folder / "out"), "--quiet"]
    return build


def no_token_elsewhere() -> None:
    server = api.server()
    assert not server.tokens_elsewhere, "the bearer token was sent to another host"


def config(folder: Path, platform: str, archive: Path | str, extra: str = "") -> Path:
    path = folder / "auditor.toml"
    path.write_text(f'[[accounts]]\nplatform = "{platform}"\nstance = "anonymous"\nhandle = "@fern"\n'
                    f'archive = "{archive}"\n{extra}', encoding="utf-8")
    return path


def run_args(folder: Path, platform: str, archive: Path | str, extra: str = "") -> list[str]:
    return ["run", "--config", str(config(folder, platform, archive, extra)), "--output-dir", str(folder / "out"),
            "--quiet"]


def deep(levels: int, inner: bytes = b"1") -> bytes:
    return b"[" * levels + inner + b"]" * levels


# --- exports with one member replaced ---------------------------------------------------------


def x_members() -> dict[str, bytes]:
    archive = XArchive("fern", tweets=[tweet("1", f"hello {SECRET_POST}", WHEN)])
    return materialise(archive.files())


def x_zip(folder: Path, replace: dict[str, bytes]) -> Path:
    return zip_of(folder / "twitter.zip", {**x_members(), **replace})


def x_deep_tweet(levels: int) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        tweets = b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "a", "e": ' + deep(levels) + b"}}]"
        return run_args(folder, "x", x_zip(folder, {"data/tweets.js": tweets}))
    return build


def x_deep_manifest(folder: Path) -> list[str]:
    return run_args(folder, "x", x_zip(folder, {"data/manifest.js": b"window.__THAR_CONFIG = {\"a\": "
                                                + deep(40_000) + b"}"}))


def instagram_deep(folder: Path) -> list[str]:
    members = materialise(InstagramExport("fern").files())
    members["your_instagram_activity/content/posts_1.json"] = b'[{"media": ' + deep(40_000) + b"}]"
    return run_args(folder, "instagram", zip_of(folder / "instagram.zip", members))


def mastodon_deep(folder: Path) -> list[str]:
    members = materialise(MastodonExport("fern").files())
    members["outbox.json"] = b'{"orderedItems": [{"object": ' + deep(40_000) + b"}]}"
    return run_args(folder, "mastodon", zip_of(folder / "mastodon.zip", members))


def facebook_profile_deep(folder: Path) -> list[str]:
    members = materialise(FacebookExport("Fern Example").files())
    members["personal_information/profile_information/profile_information.json"] = (
        b'{"profile_v2": ' + deep(40_000) + b"}")
    return run_args(folder, "facebook", zip_of(folder / "facebook.zip", members))


def x_broken_tweet_quotes_nothing(folder: Path) -> list[str]:
    """A parse error inside a post: the message must not quote the post's words (item 8)."""
    tweets = (b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "' + SECRET_POST.encode()
              + b' and more" "oops": 1}}]')
    return run_args(folder, "x", x_zip(folder, {"data/tweets.js": tweets}))


# --- archive bombs ------------------------------------------------------------------------------


def x_small_parts(folder: Path) -> list[str]:
    """Ten 15 MiB tweets-part files of one tweet each: each under the old 16 MiB ratio floor."""
    members = x_members()
    path = folder / "twitter.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        for n in range(1, 11):
            body = (b'window.YTD.tweets.part%d = [{"tweet": {"id_str": "%d", "full_text": "x' % (n, n)
                    + b" " * (15 * MiB) + b'"}}]')
            archive.writestr(f"data/tweets-part{n}.js", body)
    return run_args(folder, "x", path)


def zip_classic_bomb(folder: Path) -> list[str]:
    return run_args(folder, "x", zip_bomb(folder / "twitter.zip", x_members(), "data/tweets_media/bomb.bin", 64))


def tar_classic_bomb(folder: Path) -> list[str]:
    members = materialise(MastodonExport("fern").files())
    return run_args(folder, "mastodon", tar_bomb(folder / "mastodon.tar.gz", members, "media/bomb.bin", 64))


def _gzip_of_zeros(total: int, unit: int = MiB) -> bytes:
    member = gzip.compress(b"\0" * unit, compresslevel=9)
    return member * (total // unit)


def tar_extended_header(kind: bytes, size: int) -> Callable[[Path], list[str]]:
    """A .tar.gz whose first header (GNU long name 'L' or pax 'x') claims ``size`` bytes, all really there."""

    def build(folder: Path) -> list[str]:
        header = tarfile.TarInfo("././@LongLink")
        header.type = kind
        header.size = size
        block = header.tobuf(format=tarfile.GNU_FORMAT)
        rest = io.BytesIO()
        with tarfile.open(fileobj=rest, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for name, content in materialise(MastodonExport("fern").files()).items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
        path = folder / "mastodon.tar.gz"
        path.write_bytes(gzip.compress(block) + _gzip_of_zeros(size) + gzip.compress(rest.getvalue()))
        return run_args(folder, "mastodon", path)

    return build


def zip_claims_a_million_entries(folder: Path) -> list[str]:
    path = zip_of(folder / "twitter.zip", x_members())
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 0xFFFF, 0xFFFF)  # entries on this disk, entries in all
    struct.pack_into("<I", data, end + 12, 0x7FFFFFFF)  # size of the central directory
    path.write_bytes(bytes(data))
    return run_args(folder, "x", path)


def x_folder_long_text(folder: Path) -> list[str]:
    """An unpacked archive (no compression ratio to catch it) whose one post is 100 MB of text."""
    root = folder / "twitter"
    for name, content in x_members().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    with (root / "data" / "tweets.js").open("wb") as out:
        out.write(b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "')
        chunk = b"word " * (MiB // 5)
        for _ in range(100):
            out.write(chunk)
        out.write(b'"}}]')
    return run_args(folder, "x", root)


def linkedin_folder_long_line(folder: Path) -> list[str]:
    root = folder / "linkedin"
    root.mkdir()
    for name, content in materialise(LinkedInExport().files()).items():
        (root / name).write_bytes(content)
    with (root / "Shares.csv").open("ab") as out:
        chunk = b"x" * MiB
        for _ in range(100):
            out.write(chunk)
    return run_args(folder, "linkedin", root)


# --- path tricks (already refused before issue #18; kept so they stay refused) ---------------


def zip_slip(folder: Path) -> list[str]:
    return run_args(folder, "x", zip_of(folder / "twitter.zip", {**x_members(), "../evil.js": b"x"}))


def zip_symlink(folder: Path) -> list[str]:
    path = zip_of(folder / "twitter.zip", x_members())
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("data/link.js")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    return run_args(folder, "x", path)


def tar_slip(folder: Path) -> list[str]:
    members = {**materialise(MastodonExport("fern").files()), "../../evil.json": b"{}"}
    return run_args(folder, "mastodon", tar_of(folder / "mastodon.tar.gz", members))


def tar_symlink(folder: Path) -> list[str]:
    members = materialise(MastodonExport("fern").files())
    return run_args(folder, "mastodon", tar_of(folder / "mastodon.tar.gz", members, {"actor2.json": "/etc/passwd"}))


# --- special files (item 8) ---------------------------------------------------------------------


def dev_zero_archive(folder: Path) -> list[str]:
    return run_args(folder, "x", "/dev/zero")


def fifo_caseload(folder: Path) -> list[str]:
    fifo = folder / "caseload.csv"
    os.mkfifo(fifo)
    archive = x_zip(folder, {})
    return run_args(folder, "x", archive, f'[caseload]\nfile = "{fifo}"\n')


def semicolon_caseload(folder: Path) -> list[str]:
    caseload = folder / "caseload.csv"
    caseload.write_text("name;aliases;area\nJordan Quennell;JQ;Northgate\n", encoding="utf-8")
    return run_args(folder, "x", x_zip(folder, {}), f'[caseload]\nfile = "{caseload}"\n')


CASES: list[Case] = [
    # item 1: deep nesting, in every reader
    Case("x_tweet_nested_40k", x_deep_tweet(40_000), says=("levels deep", "tweets.js")),
    Case("x_tweet_nested_100k", x_deep_tweet(100_000), says=("levels deep", "tweets.js")),
    Case("x_manifest_nested", x_deep_manifest, says=("levels deep", "manifest.js")),
    Case("instagram_posts_nested", instagram_deep, says=("levels deep", "posts_1.json")),
    Case("mastodon_outbox_nested", mastodon_deep, says=("levels deep", "outbox.json")),
    Case("facebook_profile_nested", facebook_profile_deep, says=("levels deep", "profile_information.json")),
    # item 2: archive bombs
    Case("x_ten_15mib_parts", x_small_parts, says=("bomb",)),
    Case("zip_bomb", zip_classic_bomb, says=("zip bomb",)),
    Case("tar_bomb", tar_classic_bomb, says=("bomb",)),
    Case("tar_gnu_long_name_600mb", tar_extended_header(tarfile.GNUTYPE_LONGNAME, 600 * MiB), says=("long-name",)),
    Case("tar_pax_header_600mb", tar_extended_header(tarfile.XHDTYPE, 600 * MiB), says=("pax header",)),
    Case("zip_claims_a_million_entries", zip_claims_a_million_entries, says=("entries",)),
    Case("x_folder_100mb_text_field", x_folder_long_text, says=("text field", "tweets.js")),
    Case("linkedin_folder_100mb_line", linkedin_folder_long_line, says=("line longer", "Shares.csv")),
    # handled before issue #18: must stay refused
    Case("zip_slip", zip_slip, says=("zip-slip",)),
    Case("zip_symlink", zip_symlink, says=("symbolic link",)),
    Case("tar_slip", tar_slip, says=("zip-slip",)),
    Case("tar_symlink", tar_symlink, says=("link",)),
    # item 8
    Case("x_parse_error_quotes_no_post", x_broken_tweet_quotes_nothing, says=("malformed JSON",)),
    Case("archive_is_dev_zero", dev_zero_archive, says=("not a regular file",)),
    Case("caseload_is_a_fifo", fifo_caseload, says=("not a regular file",)),
    Case("caseload_semicolons", semicolon_caseload, says=("semicolon",)),
    # item 6: live APIs
    Case("api_body_drips_a_byte_at_a_time", mastodon_api("drip"), says=("took more than 45 s",),
         env={api.ENV: api.TOKEN}, slow=True),
    Case("api_retry_after_inf", mastodon_api("retry-inf"), says=("rate limiting",), env={api.ENV: api.TOKEN}),
    Case("api_retry_after_1e20", mastodon_api("retry-1e20"), says=("rate limiting",), env={api.ENV: api.TOKEN}),
    Case("api_retry_after_nan", mastodon_api("retry-nan"), says=("too many requests",), env={api.ENV: api.TOKEN},
         slow=True),
    Case("api_body_declares_600mb", mastodon_api("huge-declared"), says=("bytes",), env={api.ENV: api.TOKEN}),
    Case("api_body_streams_600mb", mastodon_api("huge-chunked"), says=("bytes",), env={api.ENV: api.TOKEN}),
    Case("api_next_page_on_another_host", mastodon_api("cross-host"), code=0, env={api.ENV: api.TOKEN},
         after=no_token_elsewhere),
]

