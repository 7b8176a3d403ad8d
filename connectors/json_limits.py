"""Bounds on hostile JSON, checked on the raw bytes *before* any parser sees them.

A parser's cost is not only the file's size. A 2 KB file nested 40,000 levels deep makes ijson
build a prefix per level (memory grows with the square of the depth) and makes ``json.loads``
overflow the interpreter's stack; a single 400 MB string is buffered whole and then crawled by
every detector. No genuine export nests deeper than a dozen levels or holds a text field of more
than a few hundred kilobytes, so :class:`JsonLimits` refuses, with a message naming the file:

* nesting deeper than :data:`MAX_DEPTH` (512) arrays/objects;
* any one string (a text field or a key) longer than :data:`MAX_STRING_BYTES`.

It scans the bytes as they are read, in C-speed passes (escapes become neutral bytes of the
same length, ``bytes.translate`` keeps only quotes and brackets, a regular expression drops the
strings among them, a cumulative sum gives the depth), so the check costs a fraction of the
parse. It carries its state across reads, so a string, an escape or a bracket run split between
two reads is still counted; pieces are no longer than the string limit, so a string that long
always spans pieces and is measured by that carried state.
"""

from __future__ import annotations

from typing import IO, Any

import numpy as np

from auditor.errors import InputError

MAX_DEPTH = 512
MAX_STRING_BYTES = 4 * 1024**2  # the longest post any platform allows is ~64 KB of text
_PIECE = 1024**2  # bytes scanned at once
_DROP = bytes(b for b in range(256) if b not in b'"[]{}')
_DELTA = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


class JsonLimits:
    """Feed it every byte of one JSON document, in order; it raises :class:`InputError` on a breach."""

    def __init__(self, label: str, max_depth: int = MAX_DEPTH, max_string: int = MAX_STRING_BYTES) -> None:
        self.label = label
        self.max_depth = max_depth
        self.max_string = max_string
        self._piece = min(_PIECE, max_string)  # no longer than the string limit (see feed)
        self.depth = 0
        self.in_string = False
        self.escape = False  # the previous piece ended on an unpaired backslash
        self.string_bytes = 0  # length so far of the string we are inside

    def feed(self, data: bytes) -> None:
        for start in range(0, len(data), self._piece):
            self._feed(data[start : start + self._piece])

    def _feed(self, piece: bytes) -> None:
        if not piece:
            return
        if self.escape:  # the last piece ended on an unpaired backslash: this first byte is escaped
            piece, self.escape = b"x" + piece[1:], False
        run = len(piece) - len(piece.rstrip(b"\\"))
        self.escape = run % 2 == 1
        # Escapes become neutral bytes of the same length: what is left of '"' are real quotes.
        clean = piece.replace(b"\\\\", b"xx").replace(b'\\"', b"xx") if b"\\" in piece else piece
        if self.in_string:
            close = clean.find(b'"')
            self.string_bytes += len(clean) if close < 0 else close
            self._check_string()
            if close < 0:
                return
            self.in_string, self.string_bytes = False, 0
            clean = clean[close + 1 :]
        parts = clean.translate(None, _DROP).split(b'"')  # quotes and brackets; odd parts lie inside strings
        marks = b"".join(parts[0::2])
        if len(parts) % 2 == 0:  # an odd number of quotes: a string opens and runs into the next piece
            self.in_string = True
            self.string_bytes = len(clean) - clean.rfind(b'"') - 1
            self._check_string()
        if not marks:
            return
        opens = marks.count(b"[") + marks.count(b"{")
        if self.depth + opens > self.max_depth:
            steps = np.frombuffer(marks.translate(_DELTA), dtype=np.int8)
            if self.depth + int(np.cumsum(steps, dtype=np.int64).max()) > self.max_depth:
                raise InputError(f"{self.label} nests arrays or objects more than {self.max_depth} levels deep. "
                                 f"No genuine export does; the file is damaged or was crafted to exhaust memory. "
                                 f"Download the export again from the platform.")
        self.depth = max(0, self.depth + 2 * opens - len(marks))

    def _check_string(self) -> None:
        if self.string_bytes > self.max_string:
            self._too_long()

    def _too_long(self) -> None:
        raise InputError(f"{self.label} holds a single text field longer than {self.max_string // 2**20} MB. No "
                         f"genuine export does; the file is damaged or was crafted to exhaust memory. Download "
                         f"the export again from the platform.")


class LimitedStream:
    """A read()-able view of ``stream`` that passes every byte through :class:`JsonLimits` first."""

    def __init__(self, stream: IO[bytes] | Any, label: str) -> None:
        self._stream = stream
        self.limits = JsonLimits(label)

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes the stream type with read(0)
        data: bytes = self._stream.read(size)
        self.limits.feed(data)
        return data


def check_document(data: bytes, label: str) -> None:
    """Check a whole small document before ``json.loads`` (which would overflow the stack on deep nesting)."""
    JsonLimits(label).feed(data)
