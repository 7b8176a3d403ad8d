"""Unicode folding for names: "Zoë" → "zoe", "Łukasz" → "lukasz", "Ionuț" → "ionut".

People type their own names without diacritics on phones, and decorate display names
with emoji and styled letters (𝓜𝓲𝓴𝓪). Matching compares folded forms so none of that
hides a match. NFKC first turns styled and full-width letters into plain ones; NFKD then
splits off accents, which we drop. A few letters have no decomposition (ł, đ, ø, æ, ß…)
and are mapped by hand.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from auditor.detectors.text import LETTER_FOLDS

# Letters NFKD does not decompose into a base letter plus accent: the shared table (the result is
# casefolded, so "Þ" → "Th" here is "th" as before), plus two only names need.
_EXTRA = str.maketrans({**LETTER_FOLDS, "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG"})
# Characters kept as word separators or parts of words; everything else that is a symbol,
# emoji, or invisible joiner is decoration.
_DROP_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cs", "Co", "Cn", "Cf", "Me"})


def strip_decoration(text: str) -> str:
    """Remove emoji, symbols and invisible joiners; keep letters, digits and punctuation."""
    return "".join(" " if unicodedata.category(ch) in _DROP_CATEGORIES else ch for ch in text)


# The ASCII symbols that ``strip_decoration`` turns into spaces (^ ` + < = > | ~ …), for the fast path.
_ASCII_DECORATION = {c: " " for c in range(128) if unicodedata.category(chr(c)) in _DROP_CATEGORIES}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, decoration-free form of ``text`` (spacing and punctuation kept)."""
    if text.isascii():  # most names: normalisation is the identity and casefold is lower
        return text.translate(_ASCII_DECORATION).lower()
    text = unicodedata.normalize("NFKC", strip_decoration(text)).translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
