"""One set of line breaks: Pillow and Chromium draw the layout's lines, the same words on each,
at the same size and in the same place, in every format and theme.

The HTML page measures every line Chromium set against the layout's own measure and refuses a
card where they differ (another font, another break); here the two renderers' ink is compared
as well, for the seed interview's picks and for the bundled sample's (so the check also runs
where ../shared is absent).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from quotecards.fonts import FontBook
from quotecards.formats import FORMATS
from quotecards.render.html import HtmlRenderer, Rendered, decode
from quotecards.render.pillow import PillowRenderer
from quotecards.themes import load_themes
from quotecards.typeset import CardText, Layout, typeset
from tests.conftest import SAMPLE

# How far the two renderers' ink may lie apart, in pixels: antialiasing and subpixel placement.
EDGE = 3


def _layouts(source: Path, top: int) -> list[Layout]:
    from quotecards import read_source, select

    picks = list(select(read_source(source), top=10).picks)[:top]
    assert picks, f"the selector offered no quote from {source.name}"
    book = FontBook.default()
    return [
        typeset(CardText(c.text, c.speaker, "", "", c.id), fmt, theme, book)
        for c in picks
        for fmt in FORMATS
        for theme in load_themes()
    ]


def _box(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.getchannel("A").getbbox()
    assert box is not None, "nothing drawn"
    return box


def _ink(
    html: HtmlRenderer, layouts: list[Layout], roles: set[str]
) -> Iterator[tuple[Layout, Rendered, Image.Image]]:
    for layout, result in zip(
        layouts, html.render_many(layouts, roles=roles, background=False), strict=True
    ):
        assert isinstance(result, Rendered), result
        yield layout, result, decode(result.data, background=False)


def _same_breaks_and_places(html: HtmlRenderer, layouts: list[Layout]) -> None:
    pillow = PillowRenderer()
    roles = {"quote", "mark"}
    for layout, result, ours in _ink(html, layouts, roles):
        theirs = _box(pillow.paint(layout, roles=roles, background=False))
        mine = _box(ours)
        where = (layout.theme_name, layout.format.name, layout.alt[12:50], theirs, mine)
        assert result.quote_size == layout.quote_size, where
        assert result.lines == len(layout.lines_of("quote")), where
        assert all(abs(a - b) <= EDGE for a, b in zip(mine, theirs, strict=True)), where


def test_the_seed_picks_break_and_sit_the_same_in_both_renderers_in_every_format_and_theme(
    html: HtmlRenderer, seed_path: Path
) -> None:
    _same_breaks_and_places(html, _layouts(seed_path, 3))


def test_the_bundled_samples_picks_break_and_sit_the_same_in_both_renderers(
    html: HtmlRenderer,
) -> None:
    # Its "Maintenance is invisible. Nobody cuts a ribbon…" opens with one long word, where
    # Chromium breaking lines itself once hung the opening mark on a line of its own.
    _same_breaks_and_places(html, _layouts(SAMPLE, 3))
