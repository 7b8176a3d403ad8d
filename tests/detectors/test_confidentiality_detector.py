"""The confidentiality scoring rule, across professions and jurisdictions."""

from __future__ import annotations

import pytest

from auditor.detectors.confidentiality import ConfidentialityDetector

SOCIAL_UK = ConfidentialityDetector("social_worker", "uk", places=("Eastfield",))
NURSE_UK = ConfidentialityDetector("nurse", "uk")
TEACHER_US = ConfidentialityDetector("teacher", "us")
GENERIC = ConfidentialityDetector()


@pytest.mark.parametrize(
    ("detector", "text", "kinds", "severity"),
    [
        (SOCIAL_UK, "Visit this morning, little J (6) showed me his drawing of the flat in Eastfield",
         {"NAME", "AGE", "PLACE"}, "critical"),
        (SOCIAL_UK, "baby M's ICPC is tomorrow, mum is 17", {"NAME", "AGE", "EVENT"}, "critical"),
        (SOCIAL_UK, "one of my families, mum of four on the Hollins estate", {"FAMILY", "PLACE"}, "high"),
        (SOCIAL_UK, "Girl on my caseload (14, Ferris Twp) got a scholarship", {"AGE", "PLACE", "EVENT"}, "critical"),
        (SOCIAL_UK, "a dad I work with has his final hearing on 12 March", {"EVENT"}, "medium"),
        (NURSE_UK, "the lady in bed 4 with dementia sang to us all night", {"CONDITION"}, "medium"),
        (NURSE_UK, "Handover: man in bay 2, 67, Polish, no English, fell at home", {"AGE", "ETHNICITY"}, "high"),
        (NURSE_UK, "my patient's NHS number 943 476 5919 was on the whiteboard", {"ID_NUMBER"}, "high"),
        (TEACHER_US, "One of my students (10) just moved here from Guatemala", {"AGE", "ETHNICITY"}, "high"),
        (TEACHER_US, "IEP meeting for a 3rd grader with autism, grandma raising him", {"AGE", "CONDITION", "FAMILY"},
         "critical"),
        (GENERIC, "new intake this morning, pregnant 15 y/o", {"AGE", "CONDITION"}, "high"),
        (GENERIC, "Session w/ Abdirahman today, the interpreter didn't turn up", {"NAME", "ETHNICITY"}, "high"),
    ],
)
def test_work_context_with_identifiers(detector: ConfidentialityDetector, text: str, kinds: set[str],
                                       severity: str) -> None:
    result = detector.assess(text)
    assert result is not None, text
    assert kinds <= set(result.kinds), result.kinds
    assert result.severity == severity and result.confidence >= 0.5


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (SOCIAL_UK, "Practice reflection: the visits where I say least matter most"),
        (SOCIAL_UK, "Great training day on working with parents who have bipolar disorder"),
        (SOCIAL_UK, "My 6 year old drew me a picture of our flat"),  # own family, no work context
        (SOCIAL_UK, "my 9yo asked what a home visit is"),  # own child's age does not count
        (SOCIAL_UK, "New research: 1 in 5 children on CP plans have a parent with depression"),
        (SOCIAL_UK, "Serious case review published today on the death of a 2 year old in Hull"),
        (NURSE_UK, "Twelve hour shifts are a design flaw. Hydrate, eat, wee."),
        (NURSE_UK, "Dementia Awareness Week: ask people what matters to them"),
        (NURSE_UK, "the 10 year old in that new film coped with the move better than I would"),  # fiction
        (TEACHER_US, "Research says class sizes over 30 hurt learning"),
        (TEACHER_US, "My 6yo informed me recess should be four hours"),
        (GENERIC, "Ethics q (hypothetical!): an ex-patient's grown son interviews for a post in your department"),
        (GENERIC, "placement exam scores came in and my son made honors english"),
        (GENERIC, "court today! ...badminton court. my smash has abandoned me"),
        (GENERIC, "a client spots you in the cereal aisle at walmart"),
    ],
)
def test_hard_negatives_stay_clean(detector: ConfidentialityDetector, text: str) -> None:
    assert detector.assess(text) is None


def test_a_hint_needs_two_kinds_of_detail() -> None:
    assert GENERIC.assess("the clinic was busy, a 30 year old waited 3 hours") is None  # hint + one kind
    result = GENERIC.assess("This morning a man in his 40s drove from Cedar Flats to the clinic")
    assert result is not None and not result.strong and set(result.kinds) >= {"AGE", "PLACE"}
