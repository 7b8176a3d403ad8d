"""Perceptual hashes of profile images, shared by every connector that can read them.

Linkage checks compare avatars and headers across accounts, but checks must not do I/O or
decode files, so connectors hash the image bytes here and put the hex hash on
:class:`~auditor.model.Profile`. A perceptual hash (pHash) survives re-saving, resizing and
mild recompression, which is exactly what happens when the same photo is uploaded to two
platforms. An image that cannot be decoded gives ``None`` plus a note, never a crash: a broken
avatar must not stop the audit of the posts.
"""

from __future__ import annotations

import io
import warnings

import imagehash
from PIL import Image, UnidentifiedImageError

HASH_SIZE = 8  # 64-bit pHash; two unrelated photos differ in ~32 bits, a re-saved copy in < 6
MAX_PIXELS = 40_000_000  # profile images are at most a few megapixels; more suggests a decompression bomb


def perceptual_hash(data: bytes) -> str | None:
    """The pHash of an image as 16 hex digits, or ``None`` if the bytes are not a readable image."""
    if not data:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None
                image.draft("L", (256, 256))  # JPEG: decode at reduced size, far faster for big photos
                return str(imagehash.phash(image.convert("L"), hash_size=HASH_SIZE))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, SyntaxError):
        return None

