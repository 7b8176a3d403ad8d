"""The engine contains failures, keeps one finding per (check, subject), and orders by severity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from auditor.checking import AuditContext, Check, CheckMeta, Issue
from auditor.config import AccountConfig, Config
from auditor.engine import audit_snapshots, run_audit
from auditor.errors import InputError
from auditor.findings import Subject, fingerprint
from auditor.model import AccountSnapshot
from auditor.progress import Progress
from tests.conftest import FIXED_NOW, make_context, make_snapshot


def make_check(id: str, func: object, scope: str = "account") -> Check:
    meta = CheckMeta(id=id, title="t", category="conduct", severity="low", rationale="r",
                     remediation={"default": "fix"}, scope=scope)  # type: ignore[arg-type]
    return Check(meta, func, "tests")  # type: ignore[arg-type]


def boom(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    yield Issue(Subject("post", "1", "x"), "partial")
    raise RuntimeError("secret post text should not leak")


def twice(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    yield Issue(Subject("post", "1", "x"), "low one")
    yield Issue(Subject("post", "1", "x"), "high one", severity="high")
    yield Issue(Subject("post", "2", "y"), "other", severity="medium")


def test_a_crashing_check_is_reported_and_others_still_run() -> None:
    result = audit_snapshots([make_snapshot(["a"])], make_context(),
                             checks=[make_check("conduct.boom", boom), make_check("conduct.twice", twice)])
    (summary,) = result.accounts
    assert len(summary.errors) == 1 and "conduct.boom" in summary.errors[0]
    assert "secret" not in summary.errors[0]
    assert {f.check for f in result.findings} == {"conduct.twice"}  # partial output of the crash is dropped


def test_one_finding_per_subject_keeps_the_most_severe_and_orders_by_severity() -> None:
    result = audit_snapshots([make_snapshot(["a"])], make_context(), checks=[make_check("conduct.twice", twice)])
    assert [(f.subject.id, f.severity) for f in result.findings] == [("1", "high"), ("2", "medium")]


def test_fingerprints_are_stable_and_position_free() -> None:
    assert fingerprint("c.x", "x:a", "post", "1") == fingerprint("c.x", "x:a", "post", "1")
    assert fingerprint("c.x", "x:a", "post", "1") != fingerprint("c.x", "x:b", "post", "1")


def test_pair_checks_run_on_anonymous_named_pairs() -> None:
    seen = []

    def pair_check(pair: object, ctx: AuditContext) -> Iterator[Issue]:
        seen.append(pair)
        return iter(())

    snaps = [make_snapshot(handle="anon"), make_snapshot(handle="named", stance="professional"),
             make_snapshot(handle="other", stance="personal")]
    audit_snapshots(snaps, make_context(), checks=[make_check("linkage.x", pair_check, scope="pair")])
    assert len(seen) == 2


def test_an_unreadable_account_does_not_stop_the_others(tmp_path: Path) -> None:
    good = AccountConfig(platform="x", stance="anonymous", where="accounts[1]", archive=(tmp_path,))
    bad = AccountConfig(platform="x", stance="personal", where="accounts[2]", archive=(tmp_path,))

    def loader(account: AccountConfig, progress: Progress) -> AccountSnapshot:
        if account is bad:
            raise InputError("export.zip is truncated; download it again")
        return make_snapshot(["hello"])

    def crashing(account: AccountConfig, progress: Progress) -> AccountSnapshot:
        raise KeyError("private detail")

    result = run_audit(Config(path=None, accounts=(good, bad)), loader, checks=[], now=FIXED_NOW)
    assert [a.errors for a in result.accounts] == [[], ["export.zip is truncated; download it again"]]
    result = run_audit(Config(path=None, accounts=(good,)), crashing, checks=[], now=FIXED_NOW)
    assert "KeyError" in result.accounts[0].errors[0] and "private detail" not in result.accounts[0].errors[0]
