"""connections.interactions: the user's replies to and mentions of accounts that match the caseload."""

from __future__ import annotations

from datetime import date

from auditor.caseload import parse_caseload
from auditor.model import Connection
from tests.conftest import make_context, make_post, make_snapshot, run_check

CASELOAD = parse_caseload(
    "name,aliases,area,birth_year,status\n"
    "William Tobias Harding,,Eastfield,1984,former\n"
    "Kayleigh Brennock,,Northgate,1998,current\n",
    "test", date(2026, 11, 25))


def run(posts, connections=()):  # type: ignore[no-untyped-def]
    ctx = make_context()
    ctx.caseload = CASELOAD
    snapshot = make_snapshot(posts, stance="personal", connections=connections)
    return run_check("connections.interactions", snapshot, ctx)


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
