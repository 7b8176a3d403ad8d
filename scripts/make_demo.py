"""Rebuild the demo's sample X archives (``auditor/demo/twitter-2026-11-01-*.zip``).

The persona is fictional: Harriet "Hattie" Okafor, a children's social worker at the invented
Wexford County Council, posting pseudonymously as @FrontlineFern and under her own name as
@HattieOkafor_SW. The two accounts are linked the ways real ones are (same photo, a former
handle, the running-club link, cross-posts, shared followers) so the demo shows linkage findings.
Run ``python scripts/make_demo.py`` after changing the content; the zips are byte-for-byte
reproducible (with the same Pillow version, which draws the avatar).
"""

from __future__ import annotations

from pathlib import Path

from auditor.testing.images import picture, resaved
from auditor.testing.x_archive import XArchive, at, tweet

DEMO = Path(__file__).resolve().parent.parent / "auditor" / "demo"

TWEETS = [
    tweet("1790000000000000001", "Visit this morning, little J (6) showed me his drawing of the flat in Eastfield. "
          "Broke my heart a bit.", at("2025-03-04 08:15")),
    tweet("1790000000000000002", "Practice reflection: the visits where I say least are often the ones where the "
          "most changes. Still learning to sit with silence. #socialwork", at("2025-03-06 21:40"),
          hashtags=["socialwork"]),
    tweet("1790000000000000003", "Great training day on working with parents who have bipolar disorder. Highly "
          "recommend the new research from @ResearchInPractice", at("2025-03-11 17:05"),
          mentions=[("ResearchInPractice", "Research in Practice")]),
    tweet("1790000000000000004", "Huge shout out to Assessment Team 2 at Ashby Civic Centre, the best team in "
          "#WexfordCountyCouncil", at("2025-03-14 16:30"), hashtags=["WexfordCountyCouncil"]),
    tweet("1790000000000000005", "Court hearing tomorrow for the sibling group I've had since January. Three "
          "kids, mum of three, placement move if it goes the way I think.", at("2025-04-02 20:10")),
    tweet("1790000000000000006", "Sunday run by the canal. Legs gone. ☀️", at("2025-04-06 09:12"),
          lon_lat=(-1.4651, 52.7565)),
    tweet("1790000000000000007", "Honestly some of these parents are absolute idiots. Third missed contact "
          "session this month.", at("2025-04-09 18:45")),
    tweet("1790000000000000008", "Zara's first sports day at St Mary's Primary 🥹 proud mum moment",
          at("2025-05-21 15:20")),
    tweet("1790000000000000009", "RT @BASW_UK: New guidance on social media and professional boundaries is out "
          "today", at("2025-05-22 10:00")),
    tweet("1790000000000000010", "@dave_pryce_sw you were right about the duty rota, sorry for doubting you!",
          at("2025-06-01 12:00"), reply_to=("1789999999999999999", "2000000000000000777", "dave_pryce_sw"),
          mentions=[("dave_pryce_sw", "Dave")]),
    tweet("1790000000000000011", "Coffee, then the long drive to a review. Podcast recommendations welcome 🎧",
          at("2025-06-03 07:30")),
    tweet("1790000000000000012", "Secret desk wine after that strategy meeting, don't tell my manager 🍷",
          at("2025-06-12 16:55")),
    tweet("1790000000000000013", "Reading list for new starters: https://example.org/sw-reading-list",
          at("2025-07-01 19:00"), urls=["https://example.org/sw-reading-list"]),
    tweet("1790000000000000014", "Home visit today: 15-year-old with ADHD at Ashby Academy, year 10, and "
          "the school still won't do an EHCP.", at("2025-07-08 17:45")),
    tweet("1790000000000000015", "Beach with the kids, no phones, no emails, no caseload. Bliss.",
          at("2025-08-10 14:00"), lon_lat=(1.7514, 52.4777)),
    tweet("1790000000000000016", "Reminder that burnout is a system problem, not a personal failing.",
          at("2025-09-02 20:30")),
]

# Added for the linkage demo; the 16 tweets above stay as they are (detectors are tuned on them).
LINKAGE_TWEETS = [
    tweet("1790000000000000017", "Club night 10k done, new PB! Always room for more: "
          "https://canalsiderunners.example/join #CanalsideRunners", at("2025-09-10 19:40"),
          urls=["https://canalsiderunners.example/join"], hashtags=["CanalsideRunners"]),
    tweet("1790000000000000018", "Hill reps in the rain with the best people. #CanalsideRunners",
          at("2025-09-24 19:35"), hashtags=["CanalsideRunners"]),
    tweet("1790000000000000019", "Tip for anyone supervising students: ask what they noticed before you say "
          "what you saw. #PracticeEducatorTips", at("2025-10-01 20:15"), hashtags=["PracticeEducatorTips"]),
    tweet("1790000000000000020", "Let the student lead the reflection, then fill the gaps together. "
          "#PracticeEducatorTips", at("2025-10-15 20:05"), hashtags=["PracticeEducatorTips"]),
]
AVATAR = picture(7)

ARCHIVE = XArchive(
    username="FrontlineFern",
    account_id="1432100000000000001",
    display_name="Fern 🌿 frontline SW",
    email="fern.frontline@example.org",
    bio="Children's social worker in the Midlands. Views my own. Tea, running, and #socialwork",
    location="Ashby, England",
    tweets=TWEETS + LINKAGE_TWEETS,
    avatar=AVATAR,
    followers=["3001", "3002", "3003", "3004", "3005"],
    following=["4001", "4002", "4003"],
    protected_actions=[("2021-02-01T20:00:00.000Z", "Protect"), ("2023-09-15T18:30:00.000Z", "Unprotect")],
    screen_name_changes=[("2019-06-01T10:00:00.000Z", "HattieOkafor", "FrontlineFern")],
)

NAMED_TWEETS = [
    tweet("1780000000000000001", "Proud to be a practice educator with Wexford County Council. Student placement "
          "applications open next month.", at("2025-02-20 12:30")),
    tweet("1780000000000000002", "Practice reflection: the visits where I say least are often the ones where the "
          "most changes. #socialwork", at("2025-03-06 21:45"), hashtags=["socialwork"]),
    tweet("1780000000000000003", "Reading list for new starters, updated for this year: "
          "https://example.org/sw-reading-list", at("2025-07-01 19:05"),
          urls=["https://example.org/sw-reading-list"]),
    tweet("1780000000000000004", "Reminder that burnout is a system problem, not a personal failing. Look after "
          "each other.", at("2025-09-02 20:35")),
    tweet("1780000000000000005", "Great turnout at #CanalsideRunners tonight. New members always welcome: "
          "https://canalsiderunners.example/join", at("2025-09-17 19:50"), hashtags=["CanalsideRunners"],
          urls=["https://canalsiderunners.example/join"]),
    tweet("1780000000000000006", "Parkrun in the morning, club session in the evening. #CanalsideRunners",
          at("2025-10-04 18:30"), hashtags=["CanalsideRunners"]),
    tweet("1780000000000000007", "Our students presented their placement learning today and I could not be "
          "prouder. #PracticeEducatorTips", at("2025-10-08 17:10"), hashtags=["PracticeEducatorTips"]),
    tweet("1780000000000000008", "A good supervision starts with what went well. #PracticeEducatorTips",
          at("2025-10-22 12:45"), hashtags=["PracticeEducatorTips"]),
]

NAMED_ARCHIVE = XArchive(
    username="HattieOkafor_SW",
    account_id="1190000000000000042",
    display_name="Harriet Okafor",
    email="h.okafor@example.org",
    bio="Children's social worker and practice educator. Running with canalsiderunners.example. Views my own.",
    location="Midlands, UK",
    website="https://canalsiderunners.example",
    tweets=NAMED_TWEETS,
    avatar=resaved(AVATAR),  # the same photo, as X stores a second upload of it
    header=picture(11),
    followers=["3002", "3003", "3004", "3006", "3007", "3008"],
    following=["4001", "4002", "4005", ARCHIVE.account_id],  # she follows her own pseudonymous account
    protected_actions=[],
)

if __name__ == "__main__":
    for archive, name in ((ARCHIVE, "twitter-2026-11-01-demo.zip"), (NAMED_ARCHIVE, "twitter-2026-11-01-named.zip")):
        print(f"wrote {archive.write(DEMO / name)}")
