from __future__ import annotations

from auditor.model import Profile
from tests.checks.linkage_fixtures import anon, named, post, run_pair

CHECK = "linkage.shared_links"


def test_club_site_in_named_bio_and_pseudonymous_post_is_strong() -> None:
    a = anon([post("1", "Club night 10k done! Join us: https://canalsiderunners.example/join?utm_source=x",
                   links=("https://canalsiderunners.example/join?utm_source=x",))])
    n = named(profile=Profile(bio="Social worker. Running with canalsiderunners.example. Views my own."))
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "high" and "canalsiderunners.example" in finding.message
    fields = [e.field for e in finding.evidence]
    assert "x:HattieOkafor_SW profile bio" in fields and "x:FrontlineFern post 1" in fields


def test_same_fundraiser_url_in_posts_only_is_moderate_and_ignores_tracking() -> None:
    a = anon([post("1", "Please give: https://www.givepage.example/hattie-runs?utm_campaign=a")])
    n = named([post("2", "Running for charity https://givepage.example/hattie-runs/")])
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "medium" and "givepage.example/hattie-runs" in finding.message


def test_one_shared_small_domain_in_posts_is_weak() -> None:
    a = anon([post("1", "Lovely write-up https://localnews.example/story-one")])
    n = named([post("2", "Our team in the paper https://localnews.example/story-two")])
    (finding,) = run_pair(CHECK, a, n)
    assert finding.severity == "low"


def test_ubiquitous_domains_link_nobody() -> None:
    a = anon([post("1", "Read this https://www.bbc.co.uk/news/health-1 and https://t.co/abc")],
             profile=Profile(website="https://linktr.ee/fern"))
    n = named([post("2", "Same story https://www.bbc.co.uk/news/health-1")], profile=Profile(website="https://linktr.ee/hattie"))
    assert run_pair(CHECK, a, n) == []


def test_reposts_are_someone_elses_links() -> None:
    a = anon([post("1", "RT @club: new route https://canalsiderunners.example/routes", kind="repost")])
    n = named([post("2", "New route https://canalsiderunners.example/routes")])
    assert run_pair(CHECK, a, n) == []


def test_unrelated_links_do_not_link() -> None:
    a = anon([post("1", "My garden blog https://fernsgarden.example/spring")])
    n = named([post("2", "Team news https://wexfordcc.example/news")], profile=Profile(website="https://okafor.example"))
    assert run_pair(CHECK, a, n) == []
