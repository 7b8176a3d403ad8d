"""Synthetic profile pictures for tests, benchmarks and the demo (no real photos, ever).

``picture(seed)`` draws a deterministic abstract "photo"; ``resaved(data)`` imitates what a
platform does to an upload (resize + re-encode), so tests can check that a perceptual hash
still matches after the same picture is uploaded to two platforms.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def picture(seed: int, size: int = 240) -> bytes:
    """A deterministic PNG of overlapping soft shapes; different seeds give unrelated pictures."""
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size), _colour(rng))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, y0 = rng.randrange(size), rng.randrange(size)
        x1, y1 = x0 + rng.randrange(size // 6, size // 2), y0 + rng.randrange(size // 6, size // 2)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x1, y1), fill=_colour(rng))
    image = image.filter(ImageFilter.GaussianBlur(2))
    return _png(image)


def resaved(data: bytes, size: int = 180, quality: int = 70) -> bytes:
    """The same picture as another platform would store it: resized, slightly brighter, JPEG."""
    with Image.open(io.BytesIO(data)) as image:
        smaller = image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR)
    brighter = smaller.point(lambda v: min(255, v + 8))
    out = io.BytesIO()
    brighter.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()
