"""The caseload CSV loader: columns, row numbers, BOM, and clear errors that never quote a cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.caseload import Caseload, load_caseload, parse_caseload
from auditor.config import parse_config
from auditor.engine import build_context, run_audit
from auditor.errors import ConfigError

TODAY = date(2026, 11, 25)
GOOD = (
    "name,aliases,area,birth_year,status\n"
    "Wojciech Żółkiewski,Wojtek; Wojtek Zolkiewski,Brackenfield,1961,current\n"
    "\n"
    "\"Orla Quenby-Vance\",Orla Vance,,1990,former\n"
    "Tamsin Rook,,,,\n"
)


def test_reads_rows_with_line_numbers_aliases_and_status() -> None:
    caseload = parse_caseload(GOOD, "c.csv", TODAY)
    assert [r.row for r in caseload.rows] == [2, 4, 5]  # spreadsheet rows: header is row 1, blank line kept
    first = caseload.rows[0]
    assert first.aliases == ("Wojtek", "Wojtek Zolkiewski")
    assert (first.area, first.birth_year, first.status) == ("Brackenfield", 1961, "current")
    assert caseload.rows[1].status == "former"
    assert caseload.rows[2].birth_year is None and caseload.rows[2].status is None


def test_only_name_column_is_required_and_header_is_case_insensitive() -> None:
    caseload = parse_caseload("Name\nTamsin Rook\n", "c.csv", TODAY)
    assert caseload.rows[0].name == "Tamsin Rook" and caseload.rows[0].aliases == ()


def test_bom_from_excel_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert len(load_caseload(path, TODAY)) == 3


def test_header_only_file_is_an_empty_caseload() -> None:
    caseload = parse_caseload("name,aliases\n", "c.csv", TODAY)
    assert not caseload and len(caseload) == 0


def test_multiline_quoted_field_numbers_the_row_by_its_first_line() -> None:
    caseload = parse_caseload('name,aliases\n"Tamsin\nRook",x\nOrla Vance,\n', "c.csv", TODAY)
    assert [r.row for r in caseload.rows] == [2, 4]


@pytest.mark.parametrize(("text", "expected"), [
    ("", "is empty"),
    ("   \n\n", "is empty"),
    ("aliases,area\nx,y\n", "no 'name' column"),
    ("name,alias\nTamsin Rook,T\n", "line 1: column 2 has an unknown heading"),
    ("name,name\nTamsin Rook,T\n", "appears twice"),
    ("name,area\nTamsin Rook,Ashby\n,Ashby\n", "line 3: the name is empty"),
    ("name,birth_year\nTamsin Rook,nineteen\n", "line 2: birth_year must be a four-digit year"),
    ("name,birth_year\nTamsin Rook,2031\n", "line 2: birth_year must be"),
    ("name,status\nTamsin Rook,discharged\n", "line 2: status must be"),
    ("name,area\nRook, Tamsin,Ashby\n", "line 2: has 3 fields but the header has 2"),
    ('name,area\n"Tamsin Rook,Ashby\n', "not valid CSV"),
])
def test_invalid_files_give_the_line_and_never_quote_a_cell(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_caseload(text, "c.csv", TODAY)
    message = str(info.value)
    assert expected in message
    for secret in ("Tamsin", "Rook", "nineteen", "discharged", "Ashby"):
        assert secret not in message


def test_non_utf8_file_names_the_line_and_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("name\nTamsin Rook\nZo\u00eb Quill\n".encode("cp1252"))
    with pytest.raises(ConfigError, match=r"line 3: not UTF-8.*CSV UTF-8"):
        load_caseload(path, TODAY)


def test_missing_file_and_folder_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_caseload(tmp_path / "nope.csv")
    with pytest.raises(ConfigError, match="is a folder"):
        load_caseload(tmp_path)


def test_repr_never_shows_names() -> None:
    caseload = parse_caseload(GOOD, "c.csv", TODAY)
    shown = repr(caseload) + repr(caseload.rows) + str(caseload.rows[0])
    for secret in caseload.strings():
        assert secret not in shown
    assert repr(caseload) == "Caseload(3 rows)"


def _config(tmp_path: Path, caseload_text: str) -> Path:
    (tmp_path / "caseload.csv").write_text(caseload_text, encoding="utf-8")
    return tmp_path / "auditor.toml"


def test_build_context_loads_the_configured_caseload(tmp_path: Path) -> None:
    path = _config(tmp_path, GOOD)
    config = parse_config({"caseload": {"file": "caseload.csv"}}, path)
    ctx = build_context(config)
    assert isinstance(ctx.caseload, Caseload) and len(ctx.caseload) == 3
    assert "Wojciech" not in repr(ctx)
    assert build_context(parse_config({}, path)).caseload is None


def test_bad_caseload_fails_before_any_account_is_read(tmp_path: Path) -> None:
    path = _config(tmp_path, "name,birth_year\nTamsin Rook,abc\n")
    (tmp_path / "x.zip").write_bytes(b"")
    config = parse_config({"caseload": {"file": "caseload.csv"},
                           "accounts": [{"platform": "x", "stance": "personal", "archive": "x.zip"}]}, path)
    read: list[str] = []

    def loader(account: object, progress: object) -> object:
        read.append("read")
        raise AssertionError("must not be reached")

    with pytest.raises(ConfigError, match="line 2"):
        run_audit(config, loader)  # type: ignore[arg-type]
    assert read == []
