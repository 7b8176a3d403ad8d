"""What every linkage check shares: the signal type, the per-pair cache and text helpers.

A linkage *signal* is one observable link between a pseudonymous account and a named one
(the same avatar, a shared club link, a cross-posted text…). Each ``linkage_*`` check finds one
kind of signal; ``linkage.summary`` gathers them all into a plain-language verdict. Checks
compute their signals through :func:`pair_cached`, so the summary reuses the work instead of
redoing a 100,000-post comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from auditor.checking import AccountPair, AuditContext, Issue
from auditor.findings import Evidence, Subject

Strength = Literal["strong", "moderate", "weak"]
STRENGTH_SEVERITY: dict[str, str] = {"strong": "high", "moderate": "medium", "weak": "low"}
STRENGTH_CONFIDENCE: dict[str, float] = {"strong": 0.9, "moderate": 0.7, "weak": 0.45}
STRENGTH_RANK: dict[str, int] = {"strong": 3, "moderate": 2, "weak": 1}
T = TypeVar("T")

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()]+")
_BARE_DOMAIN = re.compile(r"(?i)(?<![@\w.])((?:[a-z0-9-]+\.)+(?:[a-z]{2,24}))(/[^\s<>\"'()]*)?")
_TOKEN = re.compile(r"[#@]?[\w'’]+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|ref|ref_src|s|t)=", re.I)


@dataclass(frozen=True)
class Signal:
    """One link between the two accounts, ready to become a finding and a summary line.

    ``plain`` completes the sentence "Someone who knows your named account could find this one
    …", so the summary reads naturally whatever fired.
    """

    check: str
    strength: Strength
    subject_id: str
    title: str
    message: str
    plain: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def severity(self) -> str:
        return STRENGTH_SEVERITY[self.strength]

    def issue(self, pair: AccountPair) -> Issue:
        subject = Subject("account", f"{self.subject_id}@{pair.named.key}", f"{pair_label(pair)}: {self.title}")
        return Issue(subject=subject, message=self.message, evidence=self.evidence, severity=self.severity,
                     confidence=STRENGTH_CONFIDENCE[self.strength], title=self.title)


def pair_label(pair: AccountPair) -> str:
    return f"{pair.anonymous.key} ↔ {pair.named.key}"


def pair_cached(name: str, pair: AccountPair, ctx: AuditContext, factory: Callable[[], T]) -> T:
    """Compute ``factory()`` once per (signal, pair) per audit; the summary check reuses it."""
    key = f"linkage:{name}:{id(pair.anonymous)}:{id(pair.named)}"
    return ctx.cached(key, factory)


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
