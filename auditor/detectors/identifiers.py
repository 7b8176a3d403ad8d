"""Official identifiers (NHS number, National Insurance number, US SSN, Medicare MBI) with validation.

A ten-digit run is only an NHS number if its modulus-11 check digit is right, so phone numbers
and order numbers are not reported as patient identifiers; the others are checked against the
issuing rules (SSN area numbers 000, 666 and 900+ are never issued; NI prefixes such as BG and
GB are never issued). One combined regex finds candidates; validators run only on those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from auditor.detectors.prefilter import PatternFilter
from auditor.detectors.terms import Match
from auditor.detectors.text import NormText, normalise

LABEL = "ID_NUMBER"
_DIGIT = re.compile(r"\d")

_CANDIDATES = re.compile(
    r"(?P<nhs>(?<![\d\-(+.])\d{3} ?\d{3} ?\d{4}(?![\d\-.]))"
    r"|(?P<nino>(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9]))"
    r"|(?P<ssn>(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-]))"
    r"|(?P<mbi>(?<![A-Za-z0-9])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![A-Za-z0-9]))"
)


@cache
def _filter() -> PatternFilter:
    """One RE2 pass rules out most posts with digits before the candidate regex runs."""
    return PatternFilter([_CANDIDATES.pattern])


def nhs_number_valid(text: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 over the first nine digits."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    remainder = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def ni_number_valid(text: str) -> bool:
    prefix = text[:2].upper()
    return prefix not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def ssn_valid(text: str) -> bool:
    area, group, serial = text.split("-")
    return area not in {"000", "666"} and not area.startswith("9") and group != "00" and serial != "0000"


_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs": nhs_number_valid, "nino": ni_number_valid, "ssn": ssn_valid, "mbi": lambda _: True,
}
KIND_NAMES = {"nhs": "an NHS number", "nino": "a National Insurance number", "ssn": "a Social Security number",
              "mbi": "a Medicare number"}


def find_identifiers(text: str | NormText) -> list[tuple[int, int, str, str]]:
    """(start, end, LABEL, kind) for every valid identifier in the original text."""
    original = normalise(text).original
    if _DIGIT.search(original) is None or not _filter().candidates(original):
        return []
    out = []
    for match in _CANDIDATES.finditer(original):
        kind = match.lastgroup
        if kind is not None and _VALIDATORS[kind](match.group()):
            out.append((match.start(), match.end(), LABEL, kind))
    return out


def find(text: str | NormText) -> list[Match]:
    return [(s, e, label) for s, e, label, _ in find_identifiers(text)]
