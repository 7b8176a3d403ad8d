"""Issue #18 items 1, 2 and 8 in-process: JSON nesting and text-field limits, archive limits, special files.

The subprocess corpus in ``tests/hostile`` proves the same end to end under memory and time limits;
these are the fast, exact checks of each bound.
"""

from __future__ import annotations

import io
import json
import os
import random
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import ijson
import pytest

from auditor.caseload import load_caseload
from auditor.errors import ConfigError, InputError
from connectors import safe_archive
from connectors.json_limits import MAX_DEPTH, JsonLimits, LimitedStream, check_document
from connectors.json_records import iter_records, load_small
from connectors.jsonstream import iter_js_array, load_js_object
from connectors.safe_archive import Archive


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _random_json(rng: random.Random, depth: int) -> Any:
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(['a"b\\', "[{", "\\\\", "x" * rng.randint(0, 30), 1, None, '}]"', "\\u005b"])
    if rng.random() < 0.5:
        return [_random_json(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(['k"', "[", "\\", "{"]) + str(i): _random_json(rng, depth - 1) for i in range(rng.randint(0, 3))}


def test_the_scanner_agrees_with_a_parser_however_the_bytes_are_split() -> None:
    """Brackets and quotes inside strings, escapes and strings split across reads: depth is exact."""
    rng = random.Random(18)
    for _ in range(1500):
        value = _random_json(rng, rng.randint(0, 10))
        raw = json.dumps(value).encode()
        limit = rng.randint(1, 10)
        limits, refused, at = JsonLimits("f", max_depth=limit), False, 0
        try:
            while at < len(raw):
                step = rng.randint(1, 7)
                limits.feed(raw[at : at + step])
                at += step
        except InputError:
            refused = True
        assert refused == (_depth(value) > limit), raw


def test_deep_nesting_is_refused_by_every_reader_naming_the_file(tmp_path: Path) -> None:
    deep = b"[" * 40_000 + b"]" * 40_000
    with pytest.raises(InputError, match=r"manifest\.js nests .* more than 512 levels"):
        load_js_object(io.BytesIO(b"window.__THAR_CONFIG = {\"a\": " + deep + b"}"), "data/manifest.js")
    with pytest.raises(InputError, match=r"tweets\.js nests"):
        list(iter_js_array(io.BytesIO(b"window.YTD.tweets.part0 = [" + deep + b"]"), "data/tweets.js"))
    (tmp_path / "profile_information.json").write_bytes(b'{"profile_v2": ' + deep + b"}")
    (tmp_path / "posts_1.json").write_bytes(b"[" + deep + b"]")
    (tmp_path / "outbox.json").write_bytes(b'{"orderedItems": [' + deep + b"]}")
    with Archive(tmp_path) as archive:
        with pytest.raises(InputError, match=r"profile_information\.json nests"):
            load_small(archive, "profile_information.json")
        with pytest.raises(InputError, match=r"posts_1\.json nests"):
            list(iter_records(archive, "posts_1.json"))
        with pytest.raises(InputError, match=r"outbox\.json nests"):
            list(iter_records(archive, "outbox.json", ("orderedItems",)))
        with pytest.raises(InputError, match=r"outbox\.json nests"):
            list(iter_records(archive, "outbox.json", ("orderedItems", "other")))


def test_nesting_at_the_limit_is_still_read() -> None:
    ok = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    check_document(ok, "f")
    assert list(ijson.items(LimitedStream(io.BytesIO(b"[" + ok[1:-1] + b"]"), "f"), "item"))


def test_a_huge_text_field_is_refused_before_it_is_buffered() -> None:
    body = b'[{"full_text": "' + b"word " * (1024**2) + b'"}]'
    with pytest.raises(InputError, match="text field longer than 4 MB"):
        list(iter_js_array(io.BytesIO(b"window.YTD.tweets.part0 = " + body), "data/tweets.js"))
    normal = b'[{"full_text": "' + b"word " * 10_000 + b'"}]'
    assert len(list(iter_js_array(io.BytesIO(normal), "t.js"))) == 1


def test_a_parse_error_does_not_quote_the_post(capsys: pytest.CaptureFixture[str]) -> None:
    raw = b'window.YTD.tweets.part0 = [{"tweet": {"full_text": "my private words here" "x": 1}}]'
    with pytest.raises(InputError) as caught:
        list(iter_js_array(io.BytesIO(raw), "data/tweets.js"))
    assert "private" not in str(caught.value) and "malformed JSON" in str(caught.value)


def test_small_members_that_compress_too_well_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"data/tweets-part{n}.js", b" " * (2 * 1024**2))  # under the old 16 MiB floor
    with pytest.raises(InputError, match="bomb"):
        Archive(path)


def test_the_whole_archive_ratio_counts_many_tiny_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_archive, "RATIO_MIN_BYTES", 200_000)
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(20):
            archive.writestr(f"m/{n}.json", b"\0" * 190_000)  # each under the per-member floor
    with pytest.raises(InputError, match=r"over the whole archive"):
        Archive(path)


def test_a_tar_long_name_header_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.tar"
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("a/" + "n" * (safe_archive.MAX_TAR_HEADER_BYTES + 10))
        info.size = 2
        tar.addfile(info, io.BytesIO(b"{}"))
    with pytest.raises(InputError, match="long-name or pax header"):
        Archive(path)
    ok = tmp_path / "ok.tar"
    with tarfile.open(ok, "w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("outbox/" + "é" * 120 + ".json")  # a genuine pax header
        info.size = 2
        tar.addfile(info, io.BytesIO(b"{}"))
    with Archive(ok) as archive:
        assert len(archive.names()) == 1


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        Archive(Path("/dev/zero"))
    fifo = tmp_path / "caseload.csv"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_caseload(fifo)


def test_a_semicolon_caseload_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_text("name;aliases\nJo Bloggs;JB\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"semicolons \(;\)"):
        load_caseload(path)
    path.write_text("name,aliases\nJo Bloggs,JB;Jojo\n", encoding="utf-8")
    assert load_caseload(path).rows[0].aliases == ("JB", "Jojo")


def test_an_existing_output_folder_keeps_its_mode(tmp_path: Path) -> None:
    """Issue #18 item 8: a shared /tmp lost its sticky bit when used as --output-dir or the history folder."""
    import stat

    from auditor.private_files import write_private

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    report = write_private(shared / "report.html", "x")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    fresh = write_private(tmp_path / "new" / "deeper" / "report.html", "x")
    assert stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700  # a folder it created is private
