"""A strict ASCII envelope for encrypted files, so bundles survive e-mail and chat attachments.

::

    -----BEGIN AUDITOR TEAM BUNDLE-----
    Version: 1
    Key: 1a2b-3c4d-5e6f-7a8b
    <base64, 64 characters a line>
    -----END AUDITOR TEAM BUNDLE-----

Parsing is deliberately unforgiving: any byte that differs from what :func:`armor` writes
(other than CRLF line ends) makes the file unreadable, and the base64 must be canonical, so
a flipped byte anywhere in the file is refused rather than silently tolerated. The headers are
also repeated inside the ciphertext and compared after decryption.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

LINE = 64
_HEADER = re.compile(r"([A-Z][a-z]+): ([\x21-\x7e]{1,64})")


class ArmorError(ValueError):
    """The file is not in the envelope format (truncated, altered or not one of ours)."""


@dataclass(frozen=True, slots=True)
class Armored:
    kind: str
    headers: dict[str, str]
    body: bytes


def armor(kind: str, headers: dict[str, str], body: bytes) -> str:
    encoded = base64.b64encode(body).decode("ascii")
    lines = [f"-----BEGIN AUDITOR {kind}-----"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += [encoded[i : i + LINE] for i in range(0, len(encoded), LINE)]
    lines.append(f"-----END AUDITOR {kind}-----")
    return "\n".join(lines) + "\n"


def dearmor(text: str, kinds: tuple[str, ...]) -> Armored:
    """Parse ``text`` written by :func:`armor` for one of ``kinds``; raise :class:`ArmorError` otherwise."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 3:
        raise ArmorError("it is empty or truncated")
    kind = next((k for k in kinds if lines[0] == f"-----BEGIN AUDITOR {k}-----"), None)
    if kind is None:
        raise ArmorError("it does not start with an auditor BEGIN line (not a file made by auditor, or altered)")
    if lines[-1] != f"-----END AUDITOR {kind}-----":
        raise ArmorError("it does not end with its END line (truncated or altered)")
    headers: dict[str, str] = {}
    index = 1
    while index < len(lines) - 1 and (match := _HEADER.fullmatch(lines[index])):
        headers[match.group(1)] = match.group(2)
        index += 1
    body_lines = lines[index:-1]
    if not body_lines or any(len(line) != LINE for line in body_lines[:-1]) or not 0 < len(body_lines[-1]) <= LINE:
        raise ArmorError("its encoded body is missing or has been reflowed (truncated or altered)")
    encoded = "".join(body_lines)
    try:
        body = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ArmorError("its encoded body is not valid base64 (corrupted or altered)") from None
    if base64.b64encode(body).decode("ascii") != encoded:
        raise ArmorError("its encoded body is not in canonical form (altered)")
    return Armored(kind=kind, headers=headers, body=body)
