from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from auditor.cli import main
from auditor.model import Profile
from auditor.testing.images import picture, resaved
from connectors.images import perceptual_hash
from tests.checks.linkage_fixtures import STRANGER, all_linkage, anon, follows, named, post, run_pair

CHECK = "linkage.summary"


def linked_pair() -> tuple:  # type: ignore[type-arg]
    photo = picture(7)
    a = anon([post("1", "Reminder that burnout is a system problem, not a personal failing."),
              post("2", "Club night https://canalsiderunners.example/join")],
             profile=Profile(avatar_hash=perceptual_hash(photo), previous_handles=("HattieOkafor",)))
    n = named([post("3", "Reminder that burnout is a system problem, not a personal failing."),
               post("4", "Tip: ask what they noticed first")],
              profile=Profile(avatar_hash=perceptual_hash(resaved(photo)), bio="Runner, canalsiderunners.example"))
    return a, n


def test_summary_lists_every_link_in_plain_language_with_what_to_do() -> None:
    a, n = linked_pair()
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "critical" and finding.subject.kind == "account"
    assert finding.title == "Linkability with x:HattieOkafor_SW: very high"
    assert "Someone who knows your x:HattieOkafor_SW account could find x:FrontlineFern" in finding.message
    assert "reverse image search" in finding.message and "canalsiderunners.example" in finding.message
    assert len(finding.evidence) == 4  # avatar, names, links, cross-posts
    assert all(e.excerpt.startswith("What to do: ") for e in finding.evidence)
    assert finding.evidence[0].field.startswith("strong link: ")


def test_weak_hints_only_give_a_low_rating() -> None:
    a = anon([post("1", "Saturday #CanalsideRunners")])
    n = named(profile=Profile(bio="#CanalsideRunners"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "low" and finding.title.endswith(": low")


def test_each_signal_finding_and_the_summary_come_from_a_full_audit() -> None:
    a, n = linked_pair()
    a.account_id = "111"
    n.connections = follows("111")
    checks = {f.check for f in all_linkage(a, n)}
    assert checks == {"linkage.summary", "linkage.avatar", "linkage.names", "linkage.shared_links",
                      "linkage.crossposts", "linkage.shared_connections"}


def test_two_unrelated_accounts_are_not_linked() -> None:
    a = anon([post("1", "Beach with the kids, no phones, no emails. Bliss."),
              post("2", "Reading list for new starters https://example.org/sw-reading-list #socialwork")],
             profile=Profile(display_name="Fern 🌿 frontline SW", avatar_hash=perceptual_hash(picture(1))),
             connections=follows("1", "2", "3"))
    n = named([post("3", "Cycling club sportive this weekend https://priyacycles.example/route #socialwork"),
               post("4", "Ward round done, coffee time. #nursing")], handle="PriyaN_RN",
              profile=replace(STRANGER, avatar_hash=perceptual_hash(picture(2))),
              connections=follows("3", "4", "5"))
    assert all_linkage(a, n) == []


def test_no_named_account_no_linkage_checks_run() -> None:
    from auditor.engine import audit_snapshots
    from tests.conftest import make_context

    result = audit_snapshots([anon(["hello there"])], make_context())
    assert not [f for f in result.findings if f.category == "linkage"]


def test_demo_report_shows_at_least_three_linkage_signals(tmp_path: Path) -> None:
    assert main(["demo", "--output-dir", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "report.json").read_text())
    linkage = [f for f in data["findings"] if f["category"] == "linkage"]
    signals = {f["check"] for f in linkage} - {"linkage.summary"}
    assert len(signals) >= 3, signals
    summaries = [f for f in linkage if f["check"] == "linkage.summary"]
    assert {f["account"] for f in summaries} == {"x:FrontlineFern"}  # one per named account it pairs with
    (summary,) = [f for f in summaries if "x:HattieOkafor_SW" in f["message"]]
    assert summary["severity"] == "critical"
    (facebook,) = [f for f in summaries if "facebook:hattieokafor88" in f["message"]]  # the former handle
    assert facebook["severity"] != "critical"
    assert {"settings", "anonymity", "confidentiality", "conduct", "linkage"} <= set(data["summary"]["by_category"])
    html = (tmp_path / "report.html").read_text()
    assert "Someone who knows your x:HattieOkafor_SW account could find x:FrontlineFern" in html
