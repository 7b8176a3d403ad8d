"""Repair the mojibake in Meta's (Facebook, Instagram) JSON exports.

Meta writes each UTF-8 *byte* of a non-ASCII character as its own ``\\u00XX`` escape, so ``ø``
(bytes C3 B8) arrives as ``"\\u00c3\\u00b8"`` and decodes to ``"Ã¸"``. Left alone, a caseload
name with an accent or a post with an emoji would never match anything. Re-encoding such a
string as Latin-1 recovers the original bytes, which then decode as UTF-8. A string that is
already correct (it holds characters above U+00FF, or its Latin-1 bytes are not valid UTF-8)
is returned unchanged, so repairing twice is harmless. Keys are repaired too: Instagram's
profile labels are display text and may be localised.
"""

from __future__ import annotations

from typing import Any


def fix_text(text: str) -> str:
    """One string, repaired if it is Meta mojibake."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def fix_meta(value: Any) -> Any:
    """Every string and key inside a decoded JSON value, repaired."""
    if isinstance(value, str):
        return fix_text(value)
    if isinstance(value, list):
        return [fix_meta(item) for item in value]
    if isinstance(value, dict):
        return {fix_text(key): fix_meta(item) for key, item in value.items()}
    return value
