"""LinkedIn export connector: every Connections.csv variant, profile, positions, shares, bad input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.config import AccountConfig
from auditor.errors import InputError
from auditor.progress import SILENT
from auditor.testing.hostile import materialise, zip_bomb, zip_of
from auditor.testing.linkedin_export import LinkedInExport, connection, share
from connectors.linkedin_archive import load


def account(*paths: Path) -> AccountConfig:
    return AccountConfig(platform="linkedin", stance="professional", where="accounts[3]", archive=paths)


def sample(**variant: bool) -> LinkedInExport:
    return LinkedInExport(
        profile={"First Name": "Harriet", "Last Name": "Okafor", "Maiden Name": "Smith", "Address": "1 Example Row",
                 "Birth Date": "Apr 2, 1985", "Headline": "Children's social worker at Wexford County Council",
                 "Summary": "Fifteen years in child protection.\nAlso: runner.",
                 "Industry": "Government Administration",
                 "Zip Code": "AB1 2CD", "Geo Location": "Ashby, England, United Kingdom",
                 "Twitter Handles": "", "Websites": "[PERSONAL:https://example.org/harriet]",
                 "Instant Messengers": ""},
        connections=[
            connection("Ann", "Example", "ann-example", "Acme Ltd", "Engineer", "15 Mar 2024"),
            connection("Zoë", "Ørsted", "zo%C3%AB-orsted", "Wexford County Council", "Team Manager", "01 Feb 2023"),
            connection("", "", "", "", "", "03 Jan 2022"),
        ],
        shares=[
            share("2025-11-19 09:59:30", "Proud of our team's work this year.\n\n#socialwork https://example.org/x",
                  "PUBLIC", "7100000000000000001", shared_url="https://example.org/report"),
            share("2025-11-20 08:00:00", "Connections only update", "MEMBER_NETWORK", "7100000000000000002",
                  media_url="https://media.licdn.com/dms/image/abc"),
            share("2025-11-21 08:00:00", "", "CONNECTIONS_ONLY", "7100000000000000003"),
            share("2025-11-22 08:00:00", "Odd one", "SOMETHING_NEW", "7100000000000000004"),
        ],
        positions=[{"Company Name": "Wexford County Council", "Title": "Social Worker", "Description": "",
                    "Location": "Ashby", "Started On": "Mar 2019", "Finished On": ""}],
        emails=["h.okafor@example.org"],
        phones=["07700 900123"],
        **variant,
    )


@pytest.mark.parametrize("preamble", [True, False])
@pytest.mark.parametrize("url_column", [True, False])
@pytest.mark.parametrize("bom", [True, False])
def test_connections_csv_variants(tmp_path: Path, preamble: bool, url_column: bool, bom: bool) -> None:
    export = sample(preamble=preamble, url_column=url_column, bom=bom)
    raw = materialise(export.files())["Connections.csv"]
    assert raw.startswith(b"\xef\xbb\xbf") == bom and (b"Notes:" in raw) == preamble
    snap = load(account(export.write(tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip")), SILENT)
    assert [c.display_name for c in snap.connections] == ["Ann Example", "Zoë Ørsted", None]
    assert {c.relation for c in snap.connections} == {"connection"}
    ann = snap.connections[0]
    assert ann.bio == "Engineer at Acme Ltd" and ann.since == datetime(2024, 3, 15, tzinfo=UTC)
    assert snap.connections[1].bio == "Team Manager at Wexford County Council"  # Position and Company kept
    if url_column:
        assert ann.url == "https://www.linkedin.com/in/ann-example" and ann.handle == "ann-example"
        assert snap.connections[1].handle == "zoë-orsted"
    else:
        assert ann.url is None and ann.handle is None
    assert any("1 connections have no name" in n for n in snap.notes)
    assert snap.errors == []


def test_profile_positions_and_private_fields(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "li.zip")), SILENT)
    assert snap.key == "linkedin:Harriet Okafor"
    profile = snap.profile
    assert profile.display_name == "Harriet Okafor"
    assert profile.bio == "Fifteen years in child protection.\nAlso: runner."  # quoted multi-line field
    assert profile.location == "Ashby, England, United Kingdom"
    assert profile.website == "https://example.org/harriet"
    assert dict(profile.fields) == {"headline": "Children's social worker at Wexford County Council",
                                    "industry": "Government Administration",
                                    "work": "Social Worker, Wexford County Council, Ashby"}
    assert profile.private == {"email": "h.okafor@example.org", "phone": "07700 900123", "maiden_name": "Smith",
                               "address": "1 Example Row", "birth_date": "Apr 2, 1985", "zip_code": "AB1 2CD"}


def test_positions_file_is_optional(tmp_path: Path) -> None:
    export = sample()
    export.positions = None
    snap = load(account(export.write(tmp_path / "li.zip")), SILENT)
    assert "work" not in dict(snap.profile.fields) and snap.errors == []


def test_shares_with_visibility(tmp_path: Path) -> None:
    snap = load(account(sample().write(tmp_path / "li.zip")), SILENT)
    proud, network, reshare, odd = snap.posts
    assert proud.id == "7100000000000000001"
    assert proud.text == "Proud of our team's work this year.\n\n#socialwork https://example.org/x"
    assert proud.created_at == datetime(2025, 11, 19, 9, 59, 30, tzinfo=UTC)
    assert proud.audience == "public" and proud.kind == "post"
    assert proud.url == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7100000000000000001"
    assert proud.hashtags == ("socialwork",)
    assert proud.links == ("https://example.org/report", "https://example.org/x")
    assert network.audience == "friends" and network.media[0].ref == "https://media.licdn.com/dms/image/abc"
    assert reshare.audience == "friends" and reshare.kind == "repost"
    assert odd.audience == "unknown"
    assert any("SOMETHING_NEW (1)" in n for n in snap.notes)


def test_folder_export(tmp_path: Path) -> None:
    folder = sample().write(tmp_path / "export", as_zip=False)
    assert len(load(account(folder), SILENT).connections) == 3


def members() -> dict[str, bytes]:
    return materialise(sample().files())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.update({"Shares.csv": m["Shares.csv"][:100] + b"\n2025-01-01 00:00:00,x,\"unterminated"}),
         r"malformed CSV at line \d+"),
        (lambda m: m.update({"Connections.csv": b""}), "is empty"),
        (lambda m: m.update({"Connections.csv": m["Shares.csv"]}), "no header row starting with 'First Name'"),
        (lambda m: m.update({"Profile.csv": b"\xff\xfe\x00F\x00i"}), "not UTF-8"),
    ],
    ids=["truncated", "empty-file", "wrong-file", "not-utf8"],
)
def test_malformed_files_name_the_file(tmp_path: Path, mutate: object, message: str) -> None:
    files = members()
    mutate(files)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as error:
        load(account(zip_of(tmp_path / "bad.zip", files)), SILENT)
    assert "bad.zip" in str(error.value)


def test_short_rows_are_skipped_and_listed(tmp_path: Path) -> None:
    files = members()
    files["Connections.csv"] += b"Cut,Off\n"
    snap = load(account(zip_of(tmp_path / "li.zip", files)), SILENT)
    assert len(snap.connections) == 3
    assert snap.errors == [f"{tmp_path / 'li.zip'}: Connections.csv: skipped 1 entry "
                           f"(rows with 2 fields where the header has 7)."]


def test_empty_and_foreign_exports(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="archive is empty"):
        load(account(zip_of(tmp_path / "empty.zip", {})), SILENT)
    with pytest.raises(InputError, match="does not look like a LinkedIn data export"):
        load(account(zip_of(tmp_path / "other.zip", {"outbox.json": b"{}"})), SILENT)


def test_hostile_archives_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="zip-slip"):
        load(account(zip_of(tmp_path / "slip.zip", members() | {"..\\..\\Connections.csv": b"x"})), SILENT)
    with pytest.raises(InputError, match=r"67,108,864 bytes \(compression ratio [\d,]+:1\)"):
        load(account(zip_bomb(tmp_path / "bomb.zip", members(), "Invitations.csv")), SILENT)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = sample().write(tmp_path / "li.zip")
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(InputError, match="permission denied"):
        load(account(path), SILENT)


def test_connection_keeps_position_or_company_alone() -> None:
    from connectors.linkedin_archive import _connection
    assert _connection({"First Name": "A", "Last Name": "B", "Position": "Family Court Adviser"}).bio == \
        "Family Court Adviser"
    assert _connection({"First Name": "A", "Last Name": "B", "Company": "NHS"}).bio == "NHS"
