"""connections.caseload_match: findings name the row number, never the caseload; status sets severity."""

from __future__ import annotations

from datetime import date

from auditor.caseload import Caseload, parse_caseload
from auditor.model import Connection
from tests.conftest import make_context, make_snapshot, run_check

CASELOAD = parse_caseload(
    "name,aliases,area,birth_year,status\n"
    "William Tobias Harding,Bill Harding,Eastfield,1984,current\n"
    "Zoë Kowalska,,Ashby,1999,former\n"
    "Orla Quenby,,,,\n",
    "test", date(2026, 11, 25))


def ctx(caseload: Caseload | None = CASELOAD):  # type: ignore[no-untyped-def]
    context = make_context()
    context.caseload = caseload
    return context


def conn(display: str, handle: str, relation: str = "follower", **kw: str) -> Connection:
    return Connection(relation, id=f"id-{handle}", handle=handle, display_name=display,  # type: ignore[arg-type]
                      url=f"https://x.com/{handle}", **kw)


def findings(*connections: Connection, caseload: Caseload | None = CASELOAD):  # type: ignore[no-untyped-def]
    snapshot = make_snapshot(stance="personal", connections=connections)
    return run_check("connections.caseload_match", snapshot, ctx(caseload))


def test_match_names_the_row_and_shows_only_the_connection() -> None:
    [finding] = findings(conn("Billy Harding 🍺", "billharding84", bio="Eastfield born and bred"))
    assert "matches caseload row 2 (current service user)" in finding.message
    assert finding.severity == "high" and finding.confidence >= 0.5 and not finding.possible
    assert finding.subject.kind == "connection" and finding.subject.label == "Billy Harding 🍺"
    assert finding.subject.id == "id-billharding84"
    fields = {e.field: e for e in finding.evidence}
    assert fields["display_name"].excerpt == "Billy Harding 🍺"
    assert fields["handle"].excerpt == "billharding84"
    assert {fields["bio"].excerpt[s.start:s.end] for s in fields["bio"].spans} == {"Eastfield"}
    shown = finding.message + finding.title + " ".join(s.label for e in finding.evidence for s in e.spans)
    for secret in ("William", "Tobias", "1984", "Zoë", "Kowalska"):
        assert secret not in shown


def test_former_service_user_is_reported_with_lower_severity() -> None:
    [finding] = findings(conn("Zoe Kowalska", "zoe.k.99", bio="Ashby"))
    assert "caseload row 3 (former service user)" in finding.message
    assert finding.severity == "medium"


def test_no_status_is_treated_as_current() -> None:
    [finding] = findings(conn("Orla Quenby", "orlaq"))
    assert finding.severity == "high" and "row 4:" in finding.message


def test_same_name_with_contrary_details_is_only_possible() -> None:
    [finding] = findings(conn("Zoe Kowalska", "zk_official", bio="Official account | singer | 47",
                              location="Portmere"))
    assert finding.possible and finding.confidence < 0.5
    assert "may match caseload row 3" in finding.message
    assert finding.title.startswith("A connection may be someone on your caseload")


def test_removed_friend_is_low_and_relation_is_named() -> None:
    [finding] = findings(conn("Bill Harding", "bill.harding", relation="removed_friend"))
    assert finding.severity == "low" and finding.message.startswith("A friend you removed matches")


def test_shared_first_name_or_surname_only_and_no_caseload_give_nothing() -> None:
    assert findings(conn("Bill Stanton", "bills"), conn("Priya Kowalska", "priyak"), conn("Zoe Marchetti", "zm")) == []
    assert findings(conn("Bill Harding", "bill.harding"), caseload=None) == []
    assert findings(conn("Bill Harding", "bill.harding"), caseload=Caseload()) == []


def test_connection_without_name_or_handle_is_skipped() -> None:
    assert findings(Connection("follower", id="12345")) == []
