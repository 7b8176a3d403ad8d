"""Foundation report guarantees: the JSON contract, inert HTML, self-contained page, private files."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from auditor.engine import audit_snapshots
from reports import write_reports
from reports.json_report import to_dict
from tests.conftest import FIXED_NOW, make_context, make_snapshot

HOSTILE = 'Home visit, little J (6) <script>alert("x")</script> <img src=x onerror=alert(1)> in Eastfield'


def result():  # type: ignore[no-untyped-def]
    snap = make_snapshot([HOSTILE, "Honestly these parents are idiots"],
                         settings={"visibility.account_protected": False})
    return audit_snapshots([snap], make_context(), now=FIXED_NOW)


def test_json_matches_the_design_contract() -> None:
    data = to_dict(result())
    assert data["schema"] == "auditor.report/1" and data["tool"]["name"] == "auditor"
    assert data["generated_at"] == "2026-11-25T10:00:00Z"
    assert data["profile"] == {"role": "social_worker", "jurisdiction": "uk"}
    (account,) = data["accounts"]
    assert {"key", "platform", "handle", "stance", "source", "posts_scanned", "connections_scanned", "errors"} <= set(
        account)
    assert account["key"] == "x:FrontlineFern" and account["posts_scanned"] == 2
    finding = data["findings"][0]
    assert set(finding) == {"fingerprint", "check", "category", "severity", "confidence", "account", "subject",
                            "title", "message", "evidence", "remediation", "standards", "status", "suppressed"}
    assert re.fullmatch(r"[0-9a-f]{24}", finding["fingerprint"])
    assert finding["status"] == "new" and finding["suppressed"] is False
    post = next(f for f in data["findings"] if f["check"] == "confidentiality.case_details")
    assert post["subject"]["created_at"] == "2026-11-25T10:00:00Z" and post["subject"]["url"]
    for evidence in post["evidence"]:
        for span in evidence["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(evidence["excerpt"])
    # settings: the public account, plus the X settings-checklist items nobody has answered yet
    assert data["summary"]["by_category"] == {"settings": 4, "anonymity": 1, "confidentiality": 1, "conduct": 1}
    assert sum(data["summary"]["by_severity"].values()) == len(data["findings"])


def test_html_is_inert_and_self_contained(tmp_path: Path) -> None:
    (html_path, _json_path) = write_reports(result(), tmp_path / "out", ["html", "json"])
    html = html_path.read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert not re.search(r"<(?:link|img|script)[^>]+(?:src|href)=[\"']?https?:", html)
    assert "Content-Security-Policy" in html
    assert "<mark" in html  # spans highlighted


def test_output_files_are_owner_only(tmp_path: Path) -> None:
    paths = write_reports(result(), tmp_path / "out", ["html", "json", "md"])
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(paths[1].read_text())["schema"] == "auditor.report/1"
    assert "# Account privacy audit" in paths[2].read_text()


def test_identity_facts_never_reach_the_reports(tmp_path: Path) -> None:
    paths = write_reports(result(), tmp_path / "out", ["html", "json", "md"])
    text = "".join(p.read_text() for p in paths)
    for fact in ("Okafor", "Wexford", "Ashby Civic", "Dave Pryce", "07700", "h.okafor"):
        assert fact not in text
