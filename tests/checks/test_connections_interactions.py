"""connections.interactions: replies and mentions between the user and accounts that match the caseload."""

from __future__ import annotations

from datetime import UTC, date, datetime

from auditor.caseload import parse_caseload
from auditor.model import Connection, Interaction
from tests.conftest import make_context, make_post, make_snapshot, run_check

CASELOAD = parse_caseload(
    "name,aliases,area,birth_year,status\n"
    "William Tobias Harding,,Eastfield,1984,former\n"
    "Kayleigh Brennock,,Northgate,1998,current\n",
    "test", date(2026, 11, 25))


def run(posts, connections=(), interactions=()):  # type: ignore[no-untyped-def]
    ctx = make_context()
    ctx.caseload = CASELOAD
    snapshot = make_snapshot(posts, stance="personal", connections=connections)
    snapshot.interactions = list(interactions)
    return run_check("connections.interactions", snapshot, ctx)


def _at(day: int) -> datetime:
    return datetime(2026, 10, day, 9, 0, tzinfo=UTC)


def test_reply_to_a_matched_connection() -> None:
    friend = Connection("follower", id="7", handle="billyh", display_name="Billy Harding", bio="Eastfield")
    post = make_post("@billyh good to see you at the match", id="10", reply_to="billyh", mentions=("billyh",))
    [finding] = run([post], [friend])
    assert finding.message == "This post replies to @billyh, whose account matches caseload row 2."
    assert finding.severity == "medium"  # former service user
    [evidence] = finding.evidence
    assert evidence.excerpt[evidence.spans[0].start:evidence.spans[0].end] == "@billyh"


def test_mention_of_a_handle_that_matches_on_its_own() -> None:
    post = make_post("congrats @kayleighbrennock98 on the new job!", id="11", mentions=("kayleighbrennock98",))
    [finding] = run([post])
    assert "mentions @kayleighbrennock98, whose account matches caseload row 3" in finding.message
    assert finding.severity == "high"
    assert "Kayleigh Brennock" not in finding.message


def test_unrelated_mentions_and_replies_give_nothing() -> None:
    posts = [make_post("@dave_p thanks!", id="12", reply_to="dave_p", mentions=("dave_p",)),
             make_post("no mentions here", id="13")]
    assert run(posts) == []


# -- inbound: others' replies to and mentions of the user -----------------------------------

def test_inbound_replies_and_mentions_by_a_matched_account_make_one_finding() -> None:
    items = [
        Interaction("mention", "301", "kayleighb98@toot.example", "Kayleigh Brennock 🌸", "p1", "https://toot.example/@kayleighb98/1",
                    _at(18)),
        Interaction("reply", "301", "kayleighb98@toot.example", "Kayleigh Brennock 🌸", "p3", "https://toot.example/@kayleighb98/3",
                    _at(21)),
        Interaction("reply", "301", "kayleighb98@toot.example", "Kayleigh Brennock 🌸", "p2", "https://toot.example/@kayleighb98/2",
                    _at(20)),
    ]
    [finding] = run([], interactions=items)
    assert finding.message == ("@kayleighb98@toot.example, whose account matches caseload row 3 (current service "
                               "user), replied to you 2 times and mentioned you, most recently on 2026-10-21.")
    assert finding.severity == "high"
    assert finding.subject.kind == "connection" and finding.subject.id == "301"
    assert finding.subject.url == "https://toot.example/@kayleighb98/3"  # the newest interaction, to look at
    marked = {e.excerpt[s.start:s.end] for e in finding.evidence for s in e.spans}
    assert {"Kayleigh", "Brennock", "98"} <= marked


def test_inbound_from_a_matched_connection_uses_its_full_profile_and_former_status() -> None:
    friend = Connection("follower", id="7", handle="billyh", display_name="Billy Harding", bio="Eastfield lad")
    [finding] = run([], [friend], [Interaction("reply", "7", "billyh", "B.", "p9", None, _at(2))])
    assert finding.message == ("@billyh, whose account matches caseload row 2 (former service user), "
                               "replied to you, most recently on 2026-10-02.")
    assert finding.severity == "medium"
    assert {e.field for e in finding.evidence} == {"display_name", "bio"}  # the connection's own fields


def test_inbound_from_strangers_or_same_first_name_only_gives_nothing() -> None:
    items = [Interaction("mention", "1", "dave_p", "Dave Pryce", "a", None, _at(1)),
             Interaction("reply", "2", "kayleigh_m", "Kayleigh Morgan", "b", None, _at(2)),
             Interaction("mention", None, None, "No Handle", "c", None, _at(3))]
    assert run([], interactions=items) == []


def test_inbound_and_outbound_are_reported_apart() -> None:
    post = make_post("@kbrennock congrats!", id="20", mentions=("kbrennock",))
    inbound = Interaction("mention", "301", "kbrennock", "Kayleigh B", "p1", None, None)
    findings = run([post], interactions=[inbound])
    assert sorted(f.subject.kind for f in findings) == ["connection", "post"]
    [theirs] = [f for f in findings if f.subject.kind == "connection"]
    assert theirs.message == "@kbrennock, whose account matches caseload row 3 (current service user), mentioned you."
    assert all("Kayleigh" not in f.message and "Brennock" not in f.message for f in findings)
