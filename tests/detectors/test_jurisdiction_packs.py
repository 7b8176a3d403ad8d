"""Role and jurisdiction packs: each finds its own vocabulary and leaves ordinary sentences alone.

Every sentence here is written for this test: three or more that must produce a label of the
pack, and two innocent ones (often using a word that is also a pack term in another sense) that
must produce nothing from it.
"""

from __future__ import annotations

from functools import cache

import pytest

from auditor.detectors.terms import TermMatcher, load_sectioned

# The detectors compile a pack's tables into separate matchers (context, details, conduct), so a
# term may be a WORK_HINT for one and a TARGET for another ("Cafcass"); test them the same way.
CONTEXT = frozenset({"WORK_CONTEXT", "WORK_HINT"})
DETAIL = frozenset({"AGE", "EVENT", "CONDITION", "PLACE"})


def _group(label: str) -> str:
    return next((name for name, group in (("context", CONTEXT), ("detail", DETAIL)) if label in group), "conduct")


@cache
def _matcher(path: str, group: str) -> TermMatcher:
    return TermMatcher([p for p in load_sectioned(path) if _group(p.label) == group])


def labels(path: str, text: str) -> set[str]:
    return {label for group in ("context", "detail", "conduct") for _, _, label in _matcher(path, group).find(text)}


POSITIVE: dict[str, list[tuple[str, str]]] = {
    "roles/therapy.toml": [
        ("She DNA'd for the third week running", "WORK_CONTEXT"),
        ("Rewrote the treatment plan after supervision", "WORK_CONTEXT"),
        ("New toys arrived for the play therapy room", "WORK_CONTEXT"),
        ("Ran late after their EMDR session", "WORK_CONTEXT"),
        ("Honestly the borderlines on my list are exhausting", "DEROGATORY"),
        ("Prosecco between clients is the only way", "WORK_TIME"),
    ],
    "roles/probation.toml": [
        ("Drafting a PSR ahead of court tomorrow", "WORK_CONTEXT"),
        ("Had to breach him for missing three appointments, he's now on licence until June", "WORK_CONTEXT"),
        ("Two of them recalled to prison this week", "WORK_CONTEXT"),
        ("The referral order panel met this afternoon", "WORK_CONTEXT"),
        ("Another bench warrant issued", "EVENT"),
        ("Reporting day is chaos", "WORK_CONTEXT"),
        ("Absolute scrotes, the lot of them", "DEROGATORY"),
    ],
    "roles/nursing.toml": [
        ("Did her obs twice and she still looked grey", "WORK_CONTEXT"),
        ("Massive PPH on delivery suite, all hands on deck", "WORK_CONTEXT"),
        ("He's due his depot injection on Friday", "WORK_CONTEXT"),
        ("Brought in on a section 136 at 3am", "WORK_CONTEXT"),
        ("The home treatment team are stretched", "WORK_CONTEXT"),
        ("Baby went to SCBU for observation", "WORK_CONTEXT"),
    ],
    "roles/medicine.toml": [
        ("Clerked in six admissions before midnight", "WORK_CONTEXT"),
        ("Holding the bleep for the whole hospital tonight", "WORK_CONTEXT"),
        ("Had the DNACPR discussion with his daughter", "WORK_CONTEXT"),
        ("Three crash calls in one night", "WORK_CONTEXT"),
    ],
    "roles/teaching.toml": [
        ("Logged it on CPOMS and passed to the DSL", "WORK_CONTEXT"),
        ("My bottom set were angels today", "WORK_CONTEXT"),
        ("Second internal exclusion this week for the same lad", "WORK_CONTEXT"),
        ("Wrote up another behaviour incident", "WORK_CONTEXT"),
    ],
    "roles/social_work.toml": [
        ("Best interests meeting ran for three hours", "WORK_CONTEXT"),
        ("Finished the viability assessment on the aunt", "WORK_CONTEXT"),
        ("Writing a later life letter is the hardest part of the job", "WORK_CONTEXT"),
        ("Drew up a genogram with the grandparents", "WORK_CONTEXT"),
    ],
    "jurisdictions/scotland.toml": [
        ("Children's hearing this morning, the panel continued the CSO", "WORK_CONTEXT"),
        ("Referred to the Reporter again", "WORK_CONTEXT"),
        ("Wee one in P3 was so proud of her drawing", "AGE"),
        ("She's in S2 now and taller than me", "AGE"),
        ("The polis turned up two hours late, total numpties", "TARGET"),
        ("The polis turned up two hours late, total numpties", "CONTEMPT"),
        ("Absolutely steaming after a bottle of buckfast", "SUBSTANCE"),
        ("Fancy a swally after this", "SUBSTANCE"),
    ],
    "jurisdictions/wales.toml": [
        ("Reviewed the care and support plan with his daughter", "WORK_CONTEXT"),
        ("Had a what matters conversation with the family", "WORK_CONTEXT"),
        ("The IDP meeting went well", "WORK_CONTEXT"),
        ("CIW are in on Monday", "TARGET"),
        ("Mae hi ym mlwyddyn 6 rwan, blwyddyn 6 yn barod", "AGE"),
        ("Blydi twpsyn", "CONTEMPT"),
        ("Roedd o wedi meddwi neithiwr", "SUBSTANCE"),
    ],
    "jurisdictions/northern_ireland.toml": [
        ("Detained under Article 4 last night", "WORK_CONTEXT"),
        ("Completed the UNOCINI assessment", "WORK_CONTEXT"),
        ("Gateway referral went in before lunch", "WORK_CONTEXT"),
        ("The PSNI were useless, eejits the lot", "TARGET"),
        ("The PSNI were useless, eejits the lot", "CONTEMPT"),
        ("She's in P6 at the wee school", "AGE"),
        ("Absolutely buckled on Saturday", "SUBSTANCE"),
        ("Wile blocked after the wedding", "SUBSTANCE"),
    ],
    "jurisdictions/ie.toml": [
        ("Tusla referral made after the home visit", "WORK_CONTEXT"),
        ("Gardaí used Section 12 last night and he's now in a section 12 removal placement", "WORK_CONTEXT"),
        ("Meitheal meeting with the school", "WORK_CONTEXT"),
        ("He's in 5th year and already talking about the Leaving Cert", "AGE"),
        ("Junior infants are adorable", "AGE"),
        ("The HSE are a shower of gobshites", "CONTEMPT"),
        ("The HSE are a shower of gobshites", "TARGET"),
        ("Absolutely locked at the wedding", "SUBSTANCE"),
        ("Scuttered by ten", "SUBSTANCE"),
    ],
    "jurisdictions/ca.toml": [
        ("CAS apprehension this morning, hardest day yet", "WORK_CONTEXT"),
        ("He was put on a Form 1 at the ER", "WORK_CONTEXT"),
        ("Wrote a Gladue report for sentencing", "WORK_CONTEXT"),
        ("She's in grade nine now", "AGE"),
        ("The RCMP officer was a total hoser", "TARGET"),
        ("The RCMP officer was a total hoser", "CONTEMPT"),
        ("Picked up a two-four and a mickey of rye", "SUBSTANCE"),
    ],
    "jurisdictions/au.toml": [
        ("Made a ROSH report before lunch", "WORK_CONTEXT"),
        ("Assumption of care went ahead last night", "WORK_CONTEXT"),
        ("My NDIS participant had her plan review", "WORK_CONTEXT"),
        ("He's in year 9 now", "AGE"),
        ("Centrelink are a bunch of drongos", "TARGET"),
        ("Centrelink are a bunch of drongos", "CONTEMPT"),
        ("Few schooners and a bit of grog", "SUBSTANCE"),
        ("Smoked a few cones and got blind", "SUBSTANCE"),
    ],
    "jurisdictions/nz.toml": [
        ("Oranga Tamariki uplift planned for tomorrow", "WORK_CONTEXT"),
        ("Whānau hui at the marae went well", "WORK_CONTEXT"),
        ("Filed a Report of Concern", "WORK_CONTEXT"),
        ("He's year 11 and sitting NCEA level 1", "AGE"),
        ("WINZ staff are absolute eggs", "TARGET"),
        ("WINZ staff are absolute eggs", "CONTEMPT"),
        ("Got munted on the piss last night", "SUBSTANCE"),
    ],
    "jurisdictions/uk.toml": [
        ("LADO referral done before the strat meeting", "WORK_CONTEXT"),
        ("S47 enquiry opened this morning", "WORK_CONTEXT"),
        ("PLO letter went out today", "WORK_CONTEXT"),
        ("Cafcass are absolute plonkers", "TARGET"),
        ("Cafcass are absolute plonkers", "CONTEMPT"),
        ("Got absolutely trollied on Friday", "SUBSTANCE"),
    ],
    "jurisdictions/us.toml": [
        ("Called CPS on the family after the visit", "WORK_CONTEXT"),
        ("Manifestation determination at 2", "WORK_CONTEXT"),
        ("Permanency hearing moved again", "WORK_CONTEXT"),
        ("The sheriff's deputies were total dirtbags", "TARGET"),
        ("The sheriff's deputies were total dirtbags", "CONTEMPT"),
        ("Two white claws deep", "SUBSTANCE"),
        ("Got absolutely shitfaced at the wedding", "SUBSTANCE"),
    ],
}

INNOCENT: dict[str, list[str]] = {
    "roles/therapy.toml": [
        "My sourdough starter needs a better formulation",  # a hint only: not a label worth asserting
        "Gym session then brunch with friends",
    ],
    "roles/probation.toml": [
        "Still on probation at my new job, fingers crossed",
        "Grabbed some crisps from the off licence on the way home",
    ],
    "roles/nursing.toml": [
        "The bus depot is closed for the bank holiday",
        "Long days at the beach with the dog",
    ],
    "roles/medicine.toml": [
        "Made my shopping list today",
        "We saw a play at the theatre",
    ],
    "roles/teaching.toml": [
        "Ta for the flowers, love",
        "Filled in my form for the allotment",
    ],
    "roles/social_work.toml": [
        "Reading the Guardian with a coffee",
        "My phone service plan went up again",
    ],
    "jurisdictions/scotland.toml": [
        "Took the tube to the coffee roaster",
        "Our new chief product officer starts Monday",
    ],
    "jurisdictions/wales.toml": [
        "Part 1 of the series was brilliant",
        "Lovely walk on the beach today",
    ],
    "jurisdictions/northern_ireland.toml": [
        "Bought balloons for the party",
        "Wrote a new email header template",
    ],
    "jurisdictions/ie.toml": [
        "I was locked out of the house again",
        "Three scoops of ice cream for the kids",
    ],
    "jurisdictions/ca.toml": [
        "Had a caesar salad for lunch",
        "I was so pissed at the referee",
    ],
    "jurisdictions/au.toml": [
        "Meal prep for the week is done",
        "Traffic cones everywhere on the motorway",
    ],
    "jurisdictions/nz.toml": [
        "Wasted two hours on the phone to the bank",
        "Scrambled eggs and toast for breakfast",
    ],
    "jurisdictions/uk.toml": [
        "Thanks for the lovely card",
        "We got hammered in the rain on the walk",
    ],
    "jurisdictions/us.toml": [
        "Lean on your friends when things are hard",
        "Jerk chicken and rice for dinner",
    ],
}


@pytest.mark.parametrize(("path", "text", "label"), [(p, t, lab) for p, cases in POSITIVE.items() for t, lab in cases])
def test_pack_finds_its_vocabulary(path: str, text: str, label: str) -> None:
    assert label in labels(path, text), (path, text, labels(path, text))


@pytest.mark.parametrize(("path", "text"), [(p, t) for p, texts in INNOCENT.items() for t in texts])
def test_pack_leaves_ordinary_sentences_alone(path: str, text: str) -> None:
    found = labels(path, text) - {"WORK_HINT"}
    assert not found, (path, text, found)


def test_every_new_or_extended_pack_is_tested_both_ways() -> None:
    for path in POSITIVE.keys() | INNOCENT.keys():
        assert len(POSITIVE.get(path, [])) >= 3 and len(INNOCENT.get(path, [])) >= 2, path
