from __future__ import annotations

from auditor.model import Profile
from tests.checks.linkage_fixtures import anon, named, post, run_pair

CHECK = "linkage.shared_tags"


def test_distinctive_tags_used_repeatedly_on_both_accounts() -> None:
    a = anon([post("1", "Hill reps #CanalsideRunners"), post("2", "10k PB #canalsiderunners #socialwork"),
              post("3", "Tip: let them lead #PracticeEducatorTips"), post("4", "Another #PracticeEducatorTips")])
    n = named([post("5", "Club night #CanalsideRunners"), post("6", "Parkrun then #CanalsideRunners"),
               post("7", "Students! #PracticeEducatorTips"), post("8", "Supervision #PracticeEducatorTips")])
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "medium"
    assert "#CanalsideRunners" in finding.message and "#PracticeEducatorTips" in finding.message
    assert "socialwork" not in finding.message.lower()


def test_tag_in_a_bio_counts_once_used_by_the_other() -> None:
    a = anon([post("1", "Saturday! #CanalsideRunners")])
    n = named(profile=Profile(bio="Social worker. #CanalsideRunners"))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "low" and any("profile bio" in e.field for e in finding.evidence)


def test_pet_phrase_repeated_on_both_accounts() -> None:
    phrase = "sit with the silence before answering"
    a = anon([post("1", f"Learning to {phrase} today."), post("2", f"Still trying to {phrase}, honestly")])
    n = named([post("3", f"Advice for students: {phrase}."), post("4", f"Remember to {phrase} in supervision")])
    (finding,) = run_pair(CHECK, a, n)
    assert "silence" in finding.message


def test_common_tags_and_one_off_uses_do_not_link() -> None:
    a = anon([post("1", "#socialwork #mentalhealth #nhs"), post("2", "#socialwork again"), post("3", "#WexfordWalks")])
    n = named([post("4", "#socialwork #mentalhealth #nhs"), post("5", "#SocialWork"), post("6", "#WexfordWalks")])
    assert run_pair(CHECK, a, n) == []


def test_common_phrases_do_not_link() -> None:
    a = anon([post("1", "Thank you so much for coming"), post("2", "thank you so much all")])
    n = named([post("3", "Thank you so much team"), post("4", "Thank you so much, really")])
    assert run_pair(CHECK, a, n) == []
