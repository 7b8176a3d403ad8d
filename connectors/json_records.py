"""Stream the records of an export's JSON files, whatever their top-level shape, with exact errors.

Meta and Mastodon files put their records either in a top-level array (``[{…}, …]``) or in an
array under a top-level key (``{"friends_v2": [{…}]}``, ``{"orderedItems": [...]}``), and the key
changed between export generations. :func:`iter_records` accepts both shapes and several keys,
and yields one record at a time (ijson), so a 500 MB posts file never sits in memory.

A broken file is reported with its name and *where* it broke: the line and column when the file
is small enough to re-read, else the byte offset where parsing stopped. The user learns whether
the download was cut short (an error at the very end) or the file is simply not what it should be.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Collection, Iterator
from typing import IO, Any

import ijson

from auditor.errors import InputError
from connectors.json_limits import LimitedStream, check_document
from connectors.safe_archive import Archive

_PEEK = 256
RELOCATE_LIMIT = 64 * 1024**2  # re-parse files up to this size to give the exact line of an error
SMALL_FILE_LIMIT = 64 * 1024**2  # profile/settings files are kilobytes; refuse absurd ones


class _Counting:
    """A read()-able stream that replays a peeked head and counts the bytes handed out."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes the stream type with read(0)
        if self._head:
            out = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(out):]
        else:
            out = self._rest.read(size)
        self.consumed += len(out)
        return out


def iter_records(archive: Archive, name: str, keys: Collection[str] = ()) -> Iterator[tuple[str, Any]]:
    """(key, record) for each item of the top-level array (key ``""``) or of the arrays under ``keys``.

    A file whose top level is an object without any of ``keys`` yields nothing; callers that
    need the file to hold records check that themselves and say which keys they expected.
    """
    label = archive.label(name)
    with archive.open(name) as raw:
        head = raw.read(_PEEK)
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        first = head.lstrip()[:1]
        counting = _Counting(head, raw)
        stream = LimitedStream(counting, label)  # nesting and text-field limits, before ijson sees a byte
        try:
            if first == b"[":
                for item in ijson.items(stream, "item", use_float=True):
                    yield "", item
            elif first == b"{":
                fast = _single_key(head, keys)
                if fast is not None:  # C-speed path: the only key we want, or the file's first key
                    for item in ijson.items(stream, f"{fast}.item", use_float=True):
                        yield fast, item
                else:
                    yield from _keyed_items(stream, set(keys))
            else:
                raise _not_json(label, head)
        except ijson.JSONError as exc:
            raise _broken(archive, name, counting.consumed, exc) from None


def first_key(archive: Archive, name: str) -> str | None:
    """The first top-level key of a JSON object file, read from its first bytes (no full parse)."""
    with archive.open(name) as raw:
        head = raw.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return None
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head)):
            if prefix == "" and event == "map_key":
                return str(value)
    except ijson.JSONError:
        return None
    return None


def load_small(archive: Archive, name: str) -> Any:
    """A whole small JSON file (a profile, an actor), with the same error messages."""
    label = archive.label(name)
    raw = archive.read_bytes(name, limit=SMALL_FILE_LIMIT)
    text = raw.removeprefix(b"\xef\xbb\xbf")
    if not text.strip() or text.lstrip()[:1] not in (b"{", b"["):
        raise _not_json(label, text[:_PEEK])
    check_document(text, label)
    try:
        return json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{label} is not UTF-8 text: the export is damaged. Download it again.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{label} is truncated or malformed JSON ({exc.msg} at line {exc.lineno}, column "
                         f"{exc.colno}, byte {exc.pos:,} of {len(text):,}). The export may not have "
                         f"downloaded completely: download it again.") from None


_FIRST_KEY = re.compile(rb'^\s*\{\s*"([A-Za-z0-9_]+)"\s*:')


def _single_key(head: bytes, keys: Collection[str]) -> str | None:
    """The one key whose items to stream, when that can be known before parsing.

    With one wanted key it is that key. With several (Facebook's connection files, whose key
    changed between export generations) it is the file's first key if it is one of them: every
    such file holds a single list. Otherwise the general event-by-event path is used.
    """
    if len(keys) == 1:
        return next(iter(keys))
    match = _FIRST_KEY.match(head)
    if match and match.group(1).decode() in keys:
        return match.group(1).decode()
    return None


def _keyed_items(stream: LimitedStream, keys: set[str]) -> Iterator[tuple[str, Any]]:
    builder: Any = None
    depth = 0
    key = ""
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if builder is not None:
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    yield key, builder.value
                    builder = None
            continue
        if not prefix.endswith(".item") or prefix.count(".") != 1:
            continue
        key = prefix[: -len(".item")]
        if key not in keys:
            continue
        if event in ("start_map", "start_array"):
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            depth = 1
        elif event not in ("end_map", "end_array", "map_key"):
            yield key, value


def _not_json(label: str, head: bytes) -> InputError:
    start = head.lstrip()[:1]
    if not start:
        return InputError(f"{label} is empty. The export is incomplete: download it again.")
    if start == b"<":
        return InputError(f"{label} contains HTML, not JSON. Request the export again in JSON format "
                          f"(the platform's download page has a Format choice: pick JSON, not HTML).")
    return InputError(f"{label} is not a JSON file (it does not start with {{ or [). This file is not what "
                      f"the export should hold here: download the export again.")


def _broken(archive: Archive, name: str, consumed: int, exc: Exception) -> InputError:
    """Say where a streamed JSON file broke: exact line/column for files small enough to re-read."""
    label = archive.label(name)
    size = archive.size(name)
    where = f"parsing stopped near byte {consumed:,} of {size:,}"
    if size <= RELOCATE_LIMIT:
        text = archive.read_bytes(name).removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
        try:
            check_document(text.encode("utf-8"), label)
            json.loads(text)
        except InputError as refused:
            return refused
        except json.JSONDecodeError as located:
            where = f"{located.msg} at line {located.lineno}, column {located.colno}, byte {located.pos:,} of {size:,}"
    ending = " — the file ends too soon" if "premature EOF" in str(exc) or "incomplete" in str(exc) else ""
    return InputError(f"{label} is truncated or malformed JSON ({where}{ending}). The export may not have "
                      f"downloaded completely: download it again.")
