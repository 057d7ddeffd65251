"""Renderers turn a :class:`~quotecards.typeset.Layout` into image bytes.

Every decision about where type goes is in the layout; a renderer only paints it.  The Pillow
renderer (:mod:`quotecards.render.pillow`) is the default; the HTML renderer paints the same
layouts in Chromium.  :mod:`quotecards.render.cards` renders batches of cards to files.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from quotecards.typeset import Layout

ImageFormat = Literal["png", "jpeg", "webp"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "jpeg", "webp")
SUFFIXES: Mapping[ImageFormat, str] = {"png": ".png", "jpeg": ".jpg", "webp": ".webp"}


class Renderer(Protocol):
    """Paints layouts.  ``metadata`` goes into the file where the format has room for it (PNG
    text chunks: ``Description`` for the alt text, ``Source`` for the source's file name)."""

    name: str

    def render(
        self,
        layout: Layout,
        image_format: ImageFormat = "png",
        metadata: Mapping[str, str] | None = None,
    ) -> bytes: ...
