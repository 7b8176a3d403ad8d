"""Where to get each platform's data: the one-line summary ``auditor init`` prints, and the page.

The full how-to for each platform is ``docs/platforms/<platform>.md`` (menu path, what to tick,
how long it takes, which file to give the config, and what the export cannot show). These
one-liners repeat its first steps so that someone who installed the tool with pipx, and has no
copy of the docs, still knows where to go.
"""

from __future__ import annotations

from pathlib import Path

DOCS_PATH = "docs/platforms"
PROJECT_ROOT = Path(__file__).resolve().parents[1]

SUMMARY = {
    "x": "Settings and privacy → Your account → Download an archive of your data. Ready in about 24 hours; "
         "give the twitter-….zip. Followers are listed by number only.",
    "facebook": "Settings & privacy → Settings → Accounts Centre → Your information and permissions → Download your "
                "information → All available information, Format: JSON. Hours to days; give the facebook-….zip "
                "file(s).",
    "instagram": "Accounts Centre → Your information and permissions → Download your information → your Instagram "
                 "account, Format: JSON. Hours to days; give the instagram-….zip.",
    "linkedin": "Me → Settings & Privacy → Data privacy → Get a copy of your data. Minutes (basic) to 24 hours "
                "(complete); give the …LinkedInDataExport_….zip.",
    "mastodon": "Preferences → Import and export → Request your archive, and Follows as CSV on the same page. "
                "Minutes to an hour; give both files, or use the API (`api`) to read your followers.",
    "bluesky": "No export needed: everything on Bluesky is public. Answer `api` and give your handle.",
}


def page(platform: str | None = None) -> str:
    """Where the platform's how-to is (no platform: the index of all of them): the file itself in a
    source checkout, else its path in the project."""
    relative = f"{DOCS_PATH}/{platform}.md" if platform else f"{DOCS_PATH}/README.md"
    local = PROJECT_ROOT / relative
    return str(local) if local.is_file() else f"{relative} in the auditor's documentation"


def how_to_get(platform: str) -> str:
    """One paragraph: the menu path, wait and file, then where the full page is."""
    return f"Getting your {_NAMES.get(platform, platform)} data: {SUMMARY[platform]} Step by step: {page(platform)}"


_NAMES = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn",
          "mastodon": "Mastodon", "bluesky": "Bluesky"}


def platform_name(platform: str) -> str:
    return _NAMES.get(platform, platform)


def with_article(platform: str) -> str:
    """``an X``, ``a Facebook``, ``an Instagram``: the article that goes with the platform's spoken name."""
    name = platform_name(platform)
    return f"{'an' if name[:1].upper() in 'AEIOUX' else 'a'} {name}"
