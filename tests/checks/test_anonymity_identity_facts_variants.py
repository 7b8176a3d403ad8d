"""Identity facts in variants, link targets, photo metadata and profile links."""

from __future__ import annotations

import pytest

from auditor.model import Media, Profile
from tests.conftest import make_post, make_snapshot, run_check

CHECK = "anonymity.identity_facts"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("H. Okafor signing off", "IDENTITY_REAL_NAME"),
        ("Okafor's turn to make the tea", "IDENTITY_REAL_NAME"),
        ("Okafer again on the rota", "IDENTITY_REAL_NAME"),  # one-letter typo of a longer surname
        ("Dave said the lift is broken", "IDENTITY_COLLEAGUE"),
        ("call +44 7700 900123", "IDENTITY_PHONE"),
        ("h dot okafor at example dot org", "IDENTITY_EMAIL"),
        ("sports day at St Mary's", "IDENTITY_SCHOOL"),
    ],
)
def test_variants_in_posts(text: str, label: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    assert label in {s.label for s in finding.evidence[0].spans}
    assert finding.confidence >= 0.5


def test_link_targets_and_photo_metadata_are_scanned() -> None:
    post = make_post("new blog post!", links=("https://blog.example.net/harriet-okafor/first",),
                     media=(Media("p.jpg", alt_text="Team photo", exif={"Artist": "Hattie Okafor"}),))
    (finding,) = run_check(CHECK, make_snapshot([post]))
    assert {e.field for e in finding.evidence} == {"link", "photo metadata (Artist)"}


def test_profile_link_to_a_real_name_network_is_flagged() -> None:
    profile = Profile(website="https://www.linkedin.com/in/some-profile-123")
    (finding,) = run_check(CHECK, make_snapshot(profile=profile))
    assert "IDENTITY_LINK" in {s.label for s in finding.evidence[0].spans}


@pytest.mark.parametrize("text", ["Dave Grohl is a legend", "a character named Zara in my novel", "davenport sofa"])
def test_near_misses(text: str) -> None:
    findings = run_check(CHECK, make_snapshot([text]))
    assert findings == []  # "Dave Grohl": a colleague's first name before another surname is someone else
