"""``auditor init``'s answers: parse and check each one (account specs, paths, platforms, facts).

Each check returns the value to use or raises :class:`AnswerError` with a message that says what
to give instead; interactive mode shows it and asks again, flags exit 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from auditor.config import (
    IDENTITY_KINDS,
    PLATFORM_ALIASES,
)
from auditor.config_parse import env_name_problem
from auditor.config_writer import AccountPlan
from auditor.errors import ConfigError
from auditor.howto import how_to_get, platform_name, with_article
from auditor.model import PLATFORMS, STANCES

Ask = Callable[[str], str]
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
API_NEEDS_TOKEN = {"x": "an X user access token", "facebook": "a Facebook access token"}
API_NEEDS_HANDLE = {"mastodon": "@you@social.example", "bluesky": "you.bsky.social"}
ACCOUNT_FORMS = "PLATFORM:STANCE:PATH, PLATFORM:STANCE:api:ENV_VAR or PLATFORM:STANCE:api:ENV_VAR:HANDLE"


class AnswerError(Exception):
    """One answer that cannot work; interactive mode shows it and asks again, flags exit 2."""


def shown_spec(spec: str) -> str:
    """The spec for a message; the part after ``api:`` is hidden (it may be a pasted token)."""
    head, sep, _ = spec.partition(":api:")
    return f"{head}:api:…" if sep else spec


def parse_account(spec: str) -> AccountPlan:
    """``PLATFORM:STANCE:PATH`` or ``PLATFORM:STANCE:api[:ENV_VAR[:HANDLE]]`` (a path named ``api``
    is written ``./api``). The path is the rest of the text, so it may hold ``:`` itself."""
    parts = spec.split(":", 2)
    if len(parts) < 3 or not parts[2]:
        raise AnswerError(f"write it as {ACCOUNT_FORMS}.")
    platform, stance, source = check_platform(parts[0]), check_stance(parts[1]), parts[2]
    if source.strip().lower() == "api" or source.lower().startswith("api:"):
        _, token_env, handle = [*source.split(":", 2), "", ""][:3]
        return check_api(platform, stance, token_env.strip() or None, handle.strip() or None)
    return AccountPlan(platform, stance, archive=check_archive(platform, source))


# ---- validation shared by both modes --------------------------------------------------------------

def check_platform(raw: str) -> str:
    platform = PLATFORM_ALIASES.get(raw.strip().lower(), raw.strip().lower())
    if platform not in PLATFORMS:
        raise AnswerError(f"{raw!r} is not a platform this auditor reads; choose one of: {', '.join(PLATFORMS)}.")
    return platform


def check_stance(raw: str) -> str:
    stance = raw.strip().lower()
    if stance not in STANCES:
        raise AnswerError(f"{raw!r} is not a stance; choose one of: {', '.join(STANCES)}.")
    return stance


def parse_kind(raw: str) -> str:
    """An identity kind; the singular (``employer``, ``email``) is accepted too."""
    kind = raw.strip().lower()
    for known in IDENTITY_KINDS:
        if kind in (known, known.removesuffix("s")):
            return known
    raise AnswerError(f"{raw!r} is not a kind of identity fact.")


def add_fact(identity: dict[str, list[str]], kind: str, value: str) -> None:
    """Add one fact (stripped, as the loader reads it); duplicates are dropped."""
    if not kind:
        raise AnswerError("the kind is missing.")
    value = value.strip()
    if not value:
        raise AnswerError("the value is empty.")
    values = identity.setdefault(kind, [])
    if value not in values:
        values.append(value)


def absolute_path(raw: str) -> Path:
    """A path as typed (``~`` expanded, surrounding quotes from a drag-and-drop removed), made absolute."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    return Path(os.path.abspath(os.path.expanduser(raw)))


def check_archive(platform: str, raw: str) -> Path:
    """The export at ``raw``: it must exist, have a reader, and not be another platform's export."""
    from connectors import connector_for  # connectors import auditor; import late to keep layers clean
    from connectors.detect import detect_quietly

    if connector_for(platform, "archive") is None:
        raise AnswerError(f"{platform} has no data export the auditor reads; use its live API instead (`api`).")
    if not raw.strip():
        raise AnswerError("the export's path is empty.")
    path = absolute_path(raw)
    if not path.exists():
        raise AnswerError(f"{path} does not exist. Give the downloaded export (.zip) or the folder you unpacked it to. "
                          f"{how_to_get(platform)}")
    detected = detect_quietly((path,))
    if detected is not None and detected != platform:
        raise AnswerError(f"{path} looks like {with_article(detected)} export, not {platform_name(platform)}. "
                          f"Check the file, or the platform.")
    return path


def check_api(platform: str, stance: str, token_env: str | None, handle: str | None) -> AccountPlan:
    from connectors import connector_for

    if connector_for(platform, "api") is None:
        raise AnswerError(f"{platform} has no live API connector; give the path to its data export instead.")
    if token_env is not None and (problem := env_name_problem(token_env)) is not None:
        # Never echo it: it may be a token pasted by mistake.
        raise AnswerError(f"the token must be given as the NAME of an environment variable (such as X_TOKEN), never "
                          f"the token itself: tokens are not written to the config file. What you typed {problem}; "
                          f"it is not shown here.")
    if token_env is None and platform in API_NEEDS_TOKEN:
        raise AnswerError(f"{platform} needs {API_NEEDS_TOKEN[platform]}: name the environment variable that holds it "
                      f"({platform}:{stance}:api:ENV_VAR). The README, 'Live APIs', says how to get one.")
    if handle is None and platform in API_NEEDS_HANDLE:
        raise AnswerError(f"{platform} needs the account's handle, like {API_NEEDS_HANDLE[platform]} "
                      f"({platform}:{stance}:api:ENV_VAR:HANDLE; ENV_VAR may be empty).")
    if platform == "mastodon" and handle is not None and not re.fullmatch(r"@?[^@\s]+@[^@\s]+\.[^@\s]+", handle):
        raise AnswerError(f"{handle!r} is not a full Mastodon handle; write it like @you@social.example.")
    return AccountPlan(platform, stance, token_env=token_env, handle=handle)


def check_caseload(raw: str) -> Path:
    """The caseload CSV must exist and parse (its errors name a line, never a cell)."""
    from auditor.caseload import load_caseload

    path = absolute_path(raw)
    try:
        load_caseload(path)
    except ConfigError as exc:
        raise AnswerError(str(exc)) from None
    return path


# ---- interactive --------------------------------------------------------------------------------
