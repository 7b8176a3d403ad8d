from __future__ import annotations

from auditor.model import Geo, Media
from tests.conftest import make_post, make_snapshot, run_check

CHECK = "anonymity.geotagged_posts"


def test_exact_coordinates_on_anonymous_account() -> None:
    post = make_post("park run", geo=Geo(lat=51.50721, lon=-0.12758))
    (finding,) = run_check(CHECK, make_snapshot([post]))
    assert finding.severity == "high" and "51.507, -0.128" in finding.message


def test_photo_gps_and_place_name() -> None:
    post = make_post("view", geo=Geo(place="Brighton Beach"), media=(Media("a.jpg", gps=Geo(50.81, -0.14)),))
    (finding,) = run_check(CHECK, make_snapshot([post], stance="personal"))
    assert finding.severity == "medium"
    assert "Brighton Beach" in finding.message and "EXIF" in finding.message


def test_professional_account_is_low() -> None:
    post = make_post("conference", geo=Geo(place="ExCeL London"))
    assert run_check(CHECK, make_snapshot([post], stance="professional"))[0].severity == "low"


def test_posts_without_location_pass() -> None:
    post = make_post("no location", media=(Media("a.jpg"),))
    assert run_check(CHECK, make_snapshot([post, "plain"])) == []
