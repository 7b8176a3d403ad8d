"""Text helpers the linkage checks share: tokens, links in text, excerpts.

The check glue (the ``Signal`` type and the ``LinkageSignals`` registry) is in
:mod:`auditor.checks._linkage`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()]+")
_BARE_DOMAIN = re.compile(r"(?i)(?<![@\w.])((?:[a-z0-9-]+\.)+(?:[a-z]{2,24}))(/[^\s<>\"'()]*)?")
_TOKEN = re.compile(r"[#@]?[\w'’]+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|ref|ref_src|s|t)=", re.I)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a post, without URLs, for shingling and phrase matching."""
    return _TOKEN.findall(_URL.sub(" ", text).lower().replace("’", "'"))


def urls_in(text: str) -> list[str]:
    """Links written in a bio or post, with or without ``https://`` (``myclub.org.uk/join``)."""
    found = [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text)]
    rest = _URL.sub(" ", text)
    found += [m.group(0).rstrip(".,;:!?") for m in _BARE_DOMAIN.finditer(rest) if _looks_like_domain(m.group(1))]
    return found


def _looks_like_domain(host: str) -> bool:
    """Skip "e.g" and "Mr.Smith"-like false hits: the last label must be a plausible TLD."""
    last = host.rsplit(".", 1)[-1].lower()
    return len(last) >= 2 and last.isalpha() and host.count(".") >= 1 and not host[0].isdigit()


def normalise_url(url: str) -> tuple[str, str] | None:
    """(host without www., comparable URL) or None when it is not a web link."""
    raw = url.strip()
    if not re.match(r"(?i)^https?://", raw):
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").rstrip(".")
    if "." not in host:
        return None
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING.match(q))
    path = parts.path.rstrip("/")
    return host, host + path + (f"?{query}" if query else "")


def domain_matches(host: str, domains: Iterable[str]) -> bool:
    """True if ``host`` is one of ``domains`` or a subdomain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def quote(text: str, width: int = 200) -> str:
    """A one-line excerpt of the user's own text for evidence."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def join_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
