"""Card previews for the review page: the Pillow renderer's card, scaled down, kept in memory.

A preview is the real card (the same typesetting, so a quote too long for a story is refused
here exactly as ``build`` would refuse it; the review file's publication, handle, source line
and speakers' photos and roles on it), shrunk to a thumbnail.  Previews are cached by what
they show, so flipping between quotes or themes costs nothing after the first time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from quotecards.formats import Format, get_format
from quotecards.themes import Theme, get_theme
from quotecards.typeset.layout import CardText

if TYPE_CHECKING:
    from quotecards.render.pillow import PillowRenderer

PREVIEW_WIDTH = 420
CACHE_SIZE = 96


class Previews:
    """Renders and caches preview PNGs; safe to share between the server's threads."""

    def __init__(self, width: int = PREVIEW_WIDTH, cache_size: int = CACHE_SIZE) -> None:
        self.width = width
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[CardText, str, str], bytes] = OrderedDict()
        # One card at a time: the font objects are shared, and two cores gain nothing from
        # painting previews side by side while the page also asks for state.
        self._lock = threading.Lock()
        self._renderer: PillowRenderer | None = None

    def png(self, card: CardText, format_name: str, theme_name: str) -> bytes:
        """The card, ``width`` pixels wide.  Raises :class:`~quotecards.errors.QuotecardsError`
        for an unknown format or theme, a quote too long for the format, a character no font
        has, or a highlight that is not words of the quote."""
        key = (card, format_name, theme_name)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            data = self._paint(card, get_format(format_name), get_theme(theme_name))
            self._cache[key] = data
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            return data

    def _paint(self, card: CardText, fmt: Format, theme: Theme) -> bytes:
        from PIL import Image

        from quotecards.render.pillow import PillowRenderer, encode
        from quotecards.typeset import typeset

        if self._renderer is None:
            self._renderer = PillowRenderer()
        layout = typeset(card, fmt, theme, self._renderer.book)
        image = self._renderer.paint(layout)
        height = round(image.height * self.width / image.width)
        image = image.resize((self.width, height), Image.Resampling.LANCZOS)
        return encode(image, "png", {})
