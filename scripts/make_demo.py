"""Rebuild the demo's sample exports and caseload (everything in ``auditor/demo/`` but demo.toml).

The persona is fictional: Harriet "Hattie" Okafor, a children's social worker at the invented
Wexford County Council, posting pseudonymously as @FrontlineFern and under her own name as
@HattieOkafor_SW. The two accounts are linked the ways real ones are (same photo, a former
handle, the running-club link, cross-posts, shared followers) so the demo shows linkage findings.
Her personal Facebook export (2024+ layout, mojibake as Meta writes it) lists a few friends
who are on her invented caseload, written the way real profiles write names (a nickname, no
diacritics, surname first), so the demo shows connection findings; a same-name photography
page is the decoy that must stay a *possible* match only. One Facebook post quotes HTML as
text, so the browser test can prove the report keeps it inert.
Run ``python scripts/make_demo.py`` after changing the content; the files are byte-for-byte
reproducible (with the same Pillow version, which draws the pictures).
"""

from __future__ import annotations

from pathlib import Path

from auditor.testing.facebook_export import FacebookExport, fb_media, fb_place, fb_post
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
    # A public reply to someone she once supported (caseload row 3): the connections.interactions demo.
    tweet("1780000000000000009", "@lukasz_wrobel01 congratulations on finishing your apprenticeship, so proud "
          "of how far you've come!", at("2025-10-29 18:20"),
          reply_to=("1789999999999999001", "2000000000000000901", "lukasz_wrobel01"),
          mentions=[("lukasz_wrobel01", "Lukasz W")]),
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

# The invented caseload (header is row 1). Rows 2, 3 and 5 are Facebook friends below, written
# the way their profiles would write them; row 4 shares its name with a photography page
# she follows (the decoy); the rest are not connections at all.
CASELOAD = """\
name,aliases,area,birth_year,status
Rebecca Louise Ashworth,Becca Ashworth,Eastfield,1994,current
Łukasz Wróbel,,Eastfield,2001,former
Jordan Kyle Reid,,Eastfield,2009,current
Kayleigh Brennan,Kayleigh Dunn,Northgate,1998,current
Siobhan Whitlock,,Eastfield,1987,current
Marcus Okoro-Bell,Marcus Bell,Ashby,2010,current
Chanel Hargreaves,,Millbrook,1999,former
Tyler James Pocock,,Eastfield,2008,current
Aleksandra Nowicka,Ola Nowicka,Eastfield,1983,current
Denise Farrow,,Lowfield,1972,former
"""
CASELOAD_FILE = "caseload.csv"

# Snippets a social worker might joke about pasting into the case-management system. They must
# reach the report as text: the browser test opens the demo report and checks they never run.
MARKUP = '<script>alert("demo")</script>'
MARKUP_IMG = "<img src=x onerror=alert(1)>"
FACEBOOK_FILE = "facebook-hattieokafor88-2026-11-1-Kq3vT7aB.zip"
FACEBOOK_PHOTO = "your_facebook_activity/posts/media/Mobileuploads_10229/482213_n.jpg"


def _fb_time(text: str) -> int:
    return int(at(text).timestamp())


FACEBOOK_POSTS = [
    fb_post("Happy new year from a very soggy canal towpath 🌧️ Here’s to 2025 – more runs, fewer emails.",
            _fb_time("2025-01-01 11:20"), title="Harriet Okafor updated her status."),
    fb_post("Mother’s Day lunch with my two favourite people ❤️", _fb_time("2025-03-30 13:05"),
            title="Harriet Okafor was at The Lock Keeper.",
            place=fb_place("The Lock Keeper", (52.7571, -1.462), "Canal Street, Ashby"),
            tags=["Ngozi Okafor"]),
    fb_post("Zara’s birthday cake. Mary Berry I am not 🎂", _fb_time("2025-06-21 17:40"),
            title="Harriet Okafor added a new photo.",
            media=[fb_media(FACEBOOK_PHOTO, upload_ip="203.0.113.42", lat_lon=(52.7598, -1.4702),
                            description="Zara’s birthday cake. Mary Berry I am not 🎂",
                            taken=_fb_time("2025-06-21 16:55"))]),
    fb_post("Parkrun PB this morning – café crème and a bacon roll as the reward ☕", _fb_time("2025-08-16 10:15")),
    fb_post("Long day. Court this morning for the Eastfield twins, then a home visit to their nan. She is 81 and "
            "still does the school run for them.", _fb_time("2025-09-12 19:30")),
    fb_post(f"Tip for the new starters: the case notes are not the place to find out what {MARKUP} or "
            f"{MARKUP_IMG} does 🙈 IT traced it to my login within the hour. Mind you, after the dad on my "
            f"Eastfield case turned up drunk to contact again, some of these parents are complete idiots.",
            _fb_time("2025-10-03 21:10")),
]


FACEBOOK = FacebookExport(
    full_name="Harriet Okafor",
    username="hattieokafor88",
    posts=FACEBOOK_POSTS,
    friends=[
        ("Ngozi Okafor", _fb_time("2011-05-02 19:00")),
        ("Dave Pryce", _fb_time("2016-09-12 18:30")),
        ("Priya Shah", _fb_time("2012-01-20 20:10")),
        ("Tom Hallett", _fb_time("2014-07-05 12:00")),
        ("Sinead Walsh", _fb_time("2013-03-18 21:45")),
        ("Gareth Pugh", _fb_time("2015-11-02 19:20")),
        ("Amara Eze", _fb_time("2012-08-30 17:05")),
        ("Chloe Barnes", _fb_time("2018-02-14 20:00")),
        ("Siobhan Kelly", _fb_time("2019-06-08 09:30")),  # shares only a first name with a row: no match
        ("Becky Ashworth", _fb_time("2023-04-11 22:15")),  # row 2: nickname
        ("Lukasz Wrobel", _fb_time("2024-01-07 18:40")),  # row 3 (former): no diacritics
        ("Brennan Kayleigh", _fb_time("2024-09-23 23:05")),  # row 5: surname first
        ("Funmi Adeyemi", _fb_time("2020-10-10 10:10")),
        ("Rob Tennant", _fb_time("2021-12-01 19:55")),
    ],
    following=[
        ("Canalside Runners", _fb_time("2024-02-01 20:00")),
        ("Jordan Reid Photography", _fb_time("2022-05-14 21:30")),  # the decoy: a business, not row 4
        ("Social Work England", _fb_time("2019-09-01 09:00")),
    ],
    profile={
        "current_city": {"name": "Ashby, United Kingdom", "timestamp": 1500000000},
        "hometown": {"name": "Leicester, United Kingdom", "timestamp": 1300000000},
        "work_experiences": [{"employer": "Wexford County Council", "title": "Social Worker",
                              "location": "Ashby", "start_timestamp": 1420070400}],
        "education_experiences": [{"name": "University of Leicester", "graduated": True,
                                   "school_type": "College", "timestamps": [1262304000]}],
        "family_members": [{"name": "Ngozi Okafor", "relation": "Sister", "timestamp": 1400000000}],
        "relationship": {"status": "Married", "timestamp": 1350000000},
        "emails": {"emails": ["hattie.okafor@example.com"], "previous_emails": ["h.okafor@example.org"],
                   "pending_emails": [], "ad_account_emails": []},
        "phone_numbers": [{"phone_type": "Mobile", "phone_number": "+447700900123", "verified": True}],
        "birthday": {"year": 1988, "month": 4, "day": 9},
        "gender": {"gender_option": "FEMALE", "pronoun": "FEMALE"},
    },
    media_files={FACEBOOK_PHOTO: resaved(picture(23), size=320, quality=80)},
)


def write_demo(folder: Path = DEMO) -> list[Path]:
    """Every generated demo file, written into ``folder`` (tests regenerate into a temporary one)."""
    written = [archive.write(folder / name) for archive, name in (
        (ARCHIVE, "twitter-2026-11-01-demo.zip"), (NAMED_ARCHIVE, "twitter-2026-11-01-named.zip"))]
    written.append(FACEBOOK.write(folder / FACEBOOK_FILE, layout="2024"))
    (folder / CASELOAD_FILE).write_text(CASELOAD, encoding="utf-8")
    written.append(folder / CASELOAD_FILE)
    return written


if __name__ == "__main__":
    for path in write_demo():
        print(f"wrote {path}")
