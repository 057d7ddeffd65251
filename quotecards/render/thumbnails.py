"""A card's thumbnail: a small JPEG made once, when the card is rendered, for the contact sheet.

Made where the card is painted (a worker process, a Dask worker, the HTML renderer's writer
threads), from the image already in memory where the card is a PNG: decoding the PNG back costs
more than painting the thumbnail.  A PNG decodes to exactly the pixels it was encoded from, so
both ways give the same bytes; JPEG and WebP cards are lossy, so their thumbnails are always
made from the encoded bytes, as they are when a thumbnail is made again from the file.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

THUMBNAIL = 320  # px: the longest side of a stored thumbnail
SUFFIX = ".thumb.jpg"
JPEG = {"quality": 85, "optimize": False, "progressive": False, "subsampling": 0}


def thumbnail_of(image: Image.Image) -> bytes:
    """A small JPEG of a card painted as ``image`` (already loaded)."""
    from PIL import Image

    # A box filter by a whole factor first: a tenth of the cost of resampling the card.
    factor = max(1, max(image.size) // THUMBNAIL)
    small = (image.reduce(factor) if factor > 1 else image.copy()).convert("RGB")
    small.thumbnail((THUMBNAIL, THUMBNAIL), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    # JPEG, so that the sheet decodes each one straight at its cell's size (draft mode).
    small.save(out, "JPEG", **JPEG)
    return out.getvalue()


def thumbnail(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """A small JPEG of a card's image bytes, and the card's size in pixels."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        size = image.size
        image.draft("RGB", (THUMBNAIL, THUMBNAIL))  # JPEG decodes at a fraction of its size
        image.load()
        return thumbnail_of(image), size
