from __future__ import annotations

import pytest

from tests.conftest import make_context, make_snapshot, run_check

CHECK = "confidentiality.case_details"


@pytest.mark.parametrize(
    ("text", "kinds", "severity"),
    [
        ("Visit this morning, little J (6) showed me his drawing of the flat in Eastfield",
         {"NAME", "AGE", "PLACE"}, "critical"),
        ("Home visit today: 15-year-old with ADHD, year 10, and still no EHCP", {"AGE", "CONDITION"}, "high"),
        ("Final hearing this morning for the twins on my caseload (aged 3) after 18 months of care proceedings",
         {"FAMILY", "EVENT"}, "critical"),
        ("Home visit this morning, the 6yo was so proud of his new bike", {"AGE"}, "medium"),
    ],
)
def test_work_context_plus_identifiers_is_flagged(text: str, kinds: set[str], severity: str) -> None:
    (finding,) = run_check(CHECK, make_snapshot([text]))
    labels = {span.label for span in finding.evidence[0].spans}
    assert kinds <= labels and "WORK_CONTEXT" in labels
    assert finding.severity == severity and finding.confidence >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Visit this morning, little J showed me a drawing",  # work context, but 'little J' without more? see below
        "Practice reflection: the visits where I say least matter most",
        "Great training day on working with parents who have bipolar disorder",
        "My 6 year old drew me a picture of our flat",  # own family life, no work context
        "Year 10 maths homework is brutal",
    ],
)
def test_clean_or_family_posts_are_not_flagged_unless_identifying(text: str) -> None:
    findings = run_check(CHECK, make_snapshot([text]))
    if "little J" in text:  # a name/initial with a visit is still one identifying detail
        assert findings and findings[0].severity == "medium"
    else:
        assert findings == []


def test_reposts_are_not_the_users_words() -> None:
    from tests.conftest import make_post

    post = make_post("RT @x: home visit, little J (6)", kind="repost")
    assert run_check(CHECK, make_snapshot([post])) == []


def test_a_caseload_name_without_any_keyword_is_confidential_at_high_severity() -> None:
    from dataclasses import replace

    from auditor.caseload import parse_caseload

    caseload = parse_caseload("name,aliases,area,birth_year\nKayden Price,Kayd,Northgate,2014\n")
    post = "so proud of Kayden Price today, he read a whole page to me"
    assert run_check(CHECK, make_snapshot([post])) == []  # nothing in the words alone
    (finding,) = run_check(CHECK, make_snapshot([post]), replace(make_context(), caseload=caseload))
    assert finding.severity == "high" and finding.confidence >= 0.5
    assert "names someone on your caseload" in finding.message
    assert "Northgate" not in repr(finding) and "2014" not in repr(finding)  # the row itself never shows
