"""settings.checklist: unanswered, risky, stale and unsure checklist answers become findings."""

from __future__ import annotations

from datetime import datetime, timedelta

from auditor.checking import AuditContext
from auditor.checklist import UNSURE
from auditor.config import ProfileConfig
from auditor.state import ChecklistAnswers, checklist_answers, record_answer
from tests.conftest import FIXED_NOW, make_snapshot, run_check


def _ctx(answers: dict[str, dict[str, tuple[str, datetime]]]) -> AuditContext:
    state: dict[str, object] = {}
    for account, items in answers.items():
        for item_id, (value, when) in items.items():
            record_answer(state, account, item_id, value, when)
    return AuditContext(profile=ProfileConfig(role="social_worker", jurisdiction="uk"),
                        checklist=ChecklistAnswers(checklist_answers(state), FIXED_NOW))


def test_check_reports_unanswered_risky_stale_and_unsure_items() -> None:
    snap = make_snapshot(platform="facebook", handle="hattie", stance="personal")
    findings = {f.subject.id: f for f in run_check("settings.checklist", snap, _ctx({}))}
    assert set(findings) == {"discoverability.by_email", "discoverability.by_phone", "discoverability.search_engines",
                             "tagging.review", "visibility.friend_list"}
    assert all(f.severity == "low" and f.title.startswith("Check by hand") for f in findings.values())
    assert "auditor checklist" in findings["tagging.review"].message

    answered = _ctx({"facebook:hattie": {
        "facebook.lookup_by_email": ("everyone", FIXED_NOW - timedelta(days=3)),
        "facebook.lookup_by_phone": ("only_me", FIXED_NOW - timedelta(days=120)),
        "facebook.search_engines": ("no", FIXED_NOW - timedelta(days=3)),
        "facebook.tag_review": (UNSURE, FIXED_NOW - timedelta(days=3)),
        "facebook.friend_list": ("friends", FIXED_NOW - timedelta(days=3)),
    }})
    findings = {f.subject.id: f for f in run_check("settings.checklist", snap, answered)}
    assert set(findings) == {"discoverability.by_email", "discoverability.by_phone", "tagging.review"}
    risky = findings["discoverability.by_email"]
    assert risky.severity == "medium" and "“Everyone” on 2026-11-22" in risky.message
    assert "https://www.facebook.com/settings/?tab=privacy" in risky.message
    assert findings["discoverability.by_phone"].title.startswith("Check again") and "90 days" in \
        findings["discoverability.by_phone"].message
    assert findings["tagging.review"].possible
    assert any(s.code == "SWE-G-PRIVACY" for s in risky.standards)


def test_check_skips_settings_a_connector_could_read_and_other_accounts_answers() -> None:
    snap = make_snapshot(platform="x", handle="FrontlineFern", stance="anonymous",
                         settings={"discoverability.by_email": False})
    ctx = _ctx({"x:SomeoneElse": {"x.photo_tagging": ("off", FIXED_NOW)}})
    ids = {f.subject.id for f in run_check("settings.checklist", snap, ctx)}
    assert ids == {"discoverability.by_phone", "tagging.photos"}
