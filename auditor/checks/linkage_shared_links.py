"""linkage.shared_links: the same link, or a link to the same small site, on both accounts.

A personal blog, a fundraising page, a running club or a church website is shared by few
people; if both accounts point at it, someone who knows one account finds the other by
searching for the link. Ubiquitous domains (news sites, search engines, the platforms
themselves, link shorteners) are ignored: sharing a BBC article links nobody. The list lives in
``linkage_shared_links.toml``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.detectors.linkage import domain_matches, join_words, normalise_url, quote, urls_in
from auditor.findings import Evidence
from auditor.model import AccountSnapshot

CHECK_ID = "linkage.shared_links"


@dataclass(frozen=True)
class _Place:
    """Where a link appears: the profile (seen by every visitor) or a post."""

    where: str
    text: str
    in_profile: bool


_Places = dict[str, list[_Place]]


@linkage_check(CHECK_ID, severity="high", order=3)
def run(pair: AccountPair) -> list[Signal]:
    ignored = tuple(check_data(__name__)["domains"]["ubiquitous"])
    anon_urls, anon_hosts = _links(pair.anonymous, ignored)
    named_urls, named_hosts = _links(pair.named, ignored)
    same_urls = sorted(set(anon_urls) & set(named_urls))
    same_hosts = sorted(set(anon_hosts) & set(named_hosts) - {url.split("/", 1)[0] for url in same_urls})
    if not same_urls and not same_hosts:
        return []
    # a site in a bio is seen by every visitor; one small site both posted about is a weaker hint
    profiled = [h for h in sorted(set(anon_hosts) & set(named_hosts))
                if _profiled(anon_hosts[h]) or _profiled(named_hosts[h])]
    strength = "strong" if profiled else "moderate" if same_urls or len(same_hosts) > 1 else "weak"
    evidence: list[Evidence] = []
    for host in profiled[:3]:
        for snapshot, places in ((pair.anonymous, anon_hosts[host]), (pair.named, named_hosts[host])):
            if _profiled(places):
                evidence.append(_evidence(snapshot, places[0]))
    for url in same_urls[:5]:
        evidence += [_evidence(pair.anonymous, anon_urls[url][0]), _evidence(pair.named, named_urls[url][0])]
    for host in same_hosts[:5]:
        evidence += [_evidence(pair.anonymous, anon_hosts[host][0]), _evidence(pair.named, named_hosts[host][0])]
    shown = [*same_urls, *same_hosts]
    what = join_words(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
    kind = "link" if same_urls and not same_hosts else "site" if not same_urls else "link or site"
    if len(shown) > 1:
        kind = {"link": "links", "site": "sites"}.get(kind, "links and sites")
    return [Signal(
        check=CHECK_ID,
        strength=strength,  # type: ignore[arg-type]
        subject_id="shared-links",
        title="Both accounts link to the same site",
        message=(f"Both {pair.anonymous.key} and {pair.named.key} point to {what}. Searching for "
                 f"{'a ' if len(shown) == 1 else ''}{kind} that few people share leads from one account to the other."),
        plain=f"through the {kind} {what}, which both accounts share",
        evidence=tuple(evidence),
    )]


def _links(snapshot: AccountSnapshot, ignored: tuple[str, ...]) -> tuple[_Places, _Places]:
    """Comparable URLs and hosts of an account, each with where it appears (profile places first)."""
    places: list[tuple[str, _Place]] = []
    for field, value in snapshot.profile.public_fields():
        for url in urls_in(value):
            places.append((url, _Place(f"profile {field}", value, True)))
    for post in snapshot.posts:
        if post.kind == "repost":
            continue  # someone else's words: sharing what others share links nobody
        seen = set(post.links)
        for url in (*post.links, *(u for u in urls_in(post.text) if u not in seen)):
            places.append((url, _Place(f"post {post.id}", post.text, False)))
    urls: _Places = defaultdict(list)
    hosts: _Places = defaultdict(list)
    for raw, place in places:
        parsed = normalise_url(raw)
        if parsed is None or domain_matches(parsed[0], ignored):
            continue
        host, url = parsed
        for table, key in ((urls, url), (hosts, host)):
            if not table[key] or place.in_profile:
                table[key].insert(0 if place.in_profile else len(table[key]), place)
    return dict(urls), dict(hosts)


def _profiled(places: list[_Place]) -> bool:
    """Profile places are kept first, so the first place tells whether any is in the profile."""
    return bool(places) and places[0].in_profile


def _evidence(snapshot: AccountSnapshot, place: _Place) -> Evidence:
    return Evidence(f"{snapshot.key} {place.where}", quote(place.text))
