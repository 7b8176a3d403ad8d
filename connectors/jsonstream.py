"""Streaming JSON readers with errors a user can act on.

Exports of long-lived accounts hold hundreds of megabytes of JSON; reading them item by item
(ijson, C backend) keeps memory flat. X archives wrap JSON in JavaScript
(``window.YTD.tweets.part0 = [...]``): we skip the assignment and parse the array as JSON.
It is never evaluated as code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

import ijson

from auditor.errors import InputError
from connectors.json_limits import LimitedStream, check_document

_JS_PREFIX = re.compile(rb"^\s*window\.[\w$.\[\]\"']+\s*=\s*$")
_HEAD = 64 * 1024
_TAIL = 64
MAX_SMALL = 16 * 1024**2  # the X manifest is a few KB


class _TrimmedStream:
    """A read()-able view of a stream that starts at ``head`` and drops a trailing ``;``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._buffer = head
        self._rest = rest
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes the stream type with read(0)
        size = size if size > 0 else 1 << 62
        while not self._eof and len(self._buffer) < size + _TAIL:
            chunk = self._rest.read(min(max(size, 1 << 16), 1 << 24))
            if not chunk:
                self._eof = True
                self._buffer = self._buffer.rstrip().rstrip(b";").rstrip()
            else:
                self._buffer += chunk
        take = len(self._buffer) if self._eof else min(size, len(self._buffer) - _TAIL)
        out, self._buffer = self._buffer[:take], self._buffer[take:]
        return out


def iter_js_array(stream: IO[bytes], label: str) -> Iterator[Any]:
    """Yield the items of an X archive ``.js`` data file, streaming."""
    head = stream.read(_HEAD)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    start = head.find(b"[")
    stripped = head.lstrip()
    if stripped[:1] == b"<":
        raise InputError(f"{label} contains HTML, not archive data. This is not an X archive data file: "
                         f"request the archive again from Settings → Your account → Download an archive "
                         f"of your data, and give the .zip as downloaded.")
    if not stripped:
        raise InputError(f"{label} is empty. The archive is incomplete: download it again.")
    if start < 0 or not (start == len(head) - len(stripped) or _JS_PREFIX.match(head[:start])):
        raise InputError(f"{label} is not in the X archive format (expected "
                         f"'window.YTD.<name>.part0 = [ ... ]'). Download the archive again.")
    yield from iter_json_items(LimitedStream(_TrimmedStream(head[start:], stream), label), label, "item")


def iter_json_items(stream: Any, label: str, prefix: str = "item") -> Iterator[Any]:
    """Yield the values at ``prefix`` (ijson syntax) of a JSON stream, with clear errors.

    The stream must already be checked against nesting and text-field limits (:class:`LimitedStream`).
    ijson's own message is not quoted: it can hold a fragment of the post being parsed.
    """
    try:
        yield from ijson.items(stream, prefix, use_float=True)
    except ijson.JSONError as exc:
        raise InputError(f"{label} is truncated or malformed JSON ({_reason(exc)}). The export may not have "
                         f"downloaded completely: download it again.") from None


def _reason(exc: Exception) -> str:
    """What went wrong, without the bytes of the file that ijson quotes (they may be a private post)."""
    text = str(exc)
    if "incomplete" in text or "premature EOF" in text:
        return "the file ends too soon"
    return "a syntax error"


def load_js_object(stream: IO[bytes], label: str) -> Any:
    """Load a small ``window.__THAR_CONFIG = {...}``-style file (the X manifest)."""
    raw = stream.read(MAX_SMALL + 1)
    if len(raw) > MAX_SMALL:
        raise InputError(f"{label} is larger than {MAX_SMALL // 2**20} MB, far larger than this file ever is in a "
                         f"genuine export; refusing to read it.")
    start = raw.find(b"{")
    if start < 0:
        raise InputError(f"{label} is not in the expected format: download the archive again.")
    return load_json_bytes(raw[start:].rstrip().rstrip(b";"), label)


def load_json_bytes(raw: bytes, label: str) -> Any:
    """Parse a whole small JSON document, with clear errors (and nesting/text limits first)."""
    check_document(raw, label)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{label} is not UTF-8 text: the export is damaged. Download it again.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{label} is truncated or malformed JSON ({exc.msg} at line {exc.lineno}). "
                         f"Download the export again.") from None
