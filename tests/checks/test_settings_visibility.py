from __future__ import annotations

from tests.conftest import make_snapshot, run_check

CHECK = "settings.visibility"


def test_public_anonymous_account_is_high() -> None:
    (finding,) = run_check(CHECK, make_snapshot(["a", "b"], settings={"visibility.account_protected": False}))
    assert finding.severity == "high" and finding.subject.id == "visibility.account_protected"
    assert "2 of its posts" in finding.message
    assert "Protect your posts" in finding.remediation  # X-specific steps
    assert any(s.code == "SWE-G-PRIVACY" for s in finding.standards)


def test_public_personal_account_is_medium() -> None:
    snap = make_snapshot(stance="personal", settings={"visibility.account_protected": False})
    assert run_check(CHECK, snap)[0].severity == "medium"


def test_public_default_audience_counts_when_protection_unknown() -> None:
    snap = make_snapshot(platform="mastodon", settings={"visibility.posts_default": "public"})
    (finding,) = run_check(CHECK, snap)
    assert finding.subject.id == "visibility.posts_default" and "Mastodon" in finding.remediation


def test_protected_account_passes() -> None:
    assert run_check(CHECK, make_snapshot(settings={"visibility.account_protected": True})) == []


def test_professional_account_may_be_public() -> None:
    snap = make_snapshot(stance="professional", settings={"visibility.account_protected": False})
    assert run_check(CHECK, snap) == []


def test_unknown_setting_asks_for_a_manual_check_never_guesses() -> None:
    (finding,) = run_check(CHECK, make_snapshot(settings={"visibility.account_protected": "unknown"}))
    assert finding.possible and finding.severity == "low" and "by hand" in finding.title
