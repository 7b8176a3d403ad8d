"""End to end: a full ``auditor run`` with a caseload never writes or prints any caseload text.

The caseload's names, aliases, areas and birth years appear nowhere in the audited account
(the matching connection writes the name its own way: a nickname, no diacritics), so any
occurrence in an output can only be a leak. Every file the run leaves behind is scanned —
reports in all three formats, the history database, anything in the user's data folders — and
so are stdout, stderr and the debug log.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.model import Connection, Interaction, Profile
from tests.conftest import make_post, make_snapshot

CASELOAD = (
    "name,aliases,area,birth_year,status\n"
    "Wojciech Żółkiewski,Wojtuś Ż.,Brackenfield,1961,current\n"
    "Philippa Drummond-Yeats,Pippa Yeats; Philippa Drummond,Quillmoor,1977,former\n"
)
SECRETS = ["Wojciech Żółkiewski", "Wojciech", "Żółkiewski", "Wojtuś", "Brackenfield", "Philippa", "Drummond",
           "Yeats", "Pippa", "Quillmoor"]
YEARS = ["1961", "1977"]


def _snapshot(*_: object) -> object:
    friend = Connection("follower", id="501", handle="wojtekzolkiewski61", display_name="Wojtek Zolkiewski 🎣",
                        bio="fishing & football", location="")
    other = Connection("follower", id="502", handle="pip_m", display_name="Pip Marsh", bio="", location="")
    post = make_post("@wojtekzolkiewski61 great catch today!", id="900", mentions=("wojtekzolkiewski61",))
    snapshot = make_snapshot([post], stance="personal", handle="FernPersonal", connections=[friend, other],
                             profile=Profile(display_name="Fern", bio="walks and books"))
    snapshot.interactions = [Interaction("reply", "601", "wojtek.z@toot.example", "Wojtek Zolkiewski", "77",
                                         "https://toot.example/@wojtek.z/77")]  # inbound, not a connection
    return snapshot


def test_no_caseload_text_in_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (work / "x.zip").write_bytes(b"")
    (work / "auditor.toml").write_text(
        '[caseload]\nfile = "caseload.csv"\n\n'
        '[[accounts]]\nplatform = "x"\nstance = "personal"\narchive = "x.zip"\n\n'
        '[report]\nformats = ["html", "json", "md"]\noutput_dir = "out"\n', encoding="utf-8")
    for var in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "AUDITOR_DATA_DIR"):
        monkeypatch.setenv(var, str(tmp_path / "home" / var.lower()))
    monkeypatch.setattr("auditor.pipeline.load_snapshot", _snapshot)
    caplog.set_level(logging.DEBUG)

    code = main(["--debug", "run", "--config", str(work / "auditor.toml")])
    assert code in (0, 1)

    report = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
    messages = [f["message"] for f in report["findings"] if f["check"].startswith("connections.")]
    assert any("matches caseload row 2" in m for m in messages), messages  # the test would be empty otherwise
    assert any("mentions @wojtekzolkiewski61" in m for m in messages), messages
    assert any(m.startswith("@wojtek.z@toot.example, whose account matches caseload row 2") for m in messages)
    for name in ("report.html", "report.md"):
        assert (work / "out" / name).exists()

    captured = capsys.readouterr()
    texts = {"stdout": captured.out, "stderr": captured.err, "log": caplog.text}
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "caseload.csv":
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert any(p.endswith("report.html") for p in texts) and any(p.endswith("history.sqlite3") for p in texts)
    for where, text in texts.items():
        folded = text.casefold()
        for secret in SECRETS:
            assert secret.casefold() not in folded, f"{secret!r} leaked into {where}"
        for year in YEARS:
            assert not re.search(rf"(?<!\d){year}(?!\d)", text), f"{year} leaked into {where}"


def test_demo_output_names_no_caseload_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           caplog: pytest.LogCaptureFixture) -> None:
    """The bundled demo has a caseload and connection findings; its outputs must still name no one on it.

    Its friends write their names their own way (a nickname, no diacritics, surname first), so a
    row's name or alias appearing anywhere is a leak. Areas that are also the user's own places
    ([identity] places) legitimately appear in her posts, so only the other areas are checked.
    """
    from auditor.caseload import load_caseload
    from auditor.loading import load_config

    demo = Path(__file__).resolve().parents[1] / "auditor" / "demo"
    caseload = load_caseload(demo / "caseload.csv")
    own_places = {p.casefold() for p in load_config(demo / "demo.toml").identity.of("places")}
    secrets = [s for r in caseload.rows for s in (r.name, *r.aliases, r.area) if s and s.casefold() not in own_places]
    years = [str(r.birth_year) for r in caseload.rows if r.birth_year]
    for var in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "AUDITOR_DATA_DIR"):
        monkeypatch.setenv(var, str(tmp_path / "home" / var.lower()))
    caplog.set_level(logging.DEBUG)

    assert main(["--debug", "demo", "--output-dir", str(tmp_path / "out")]) == 0

    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    rows = {m.group(1) for f in report["findings"] if f["category"] == "connections"
            for m in [re.search(r"caseload row (\d+)", f["message"])] if m}
    assert rows == {"2", "3", "4", "5"}  # the test would be empty otherwise
    captured = capsys.readouterr()
    texts = {"stdout": captured.out, "stderr": captured.err, "log": caplog.text}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert any(p.endswith("report.html") for p in texts)
    for where, text in texts.items():
        folded = text.casefold()
        for secret in secrets:
            assert secret.casefold() not in folded, f"{secret!r} leaked into {where}"
        for year in years:
            assert not re.search(rf"(?<!\d){year}(?!\d)", text), f"{year} leaked into {where}"
