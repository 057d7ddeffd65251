"""The same card from Pillow and from Chromium: the quote at the same size, in the same place,
and never outside the text box the layout fitted it to.

Chromium breaks the lines itself (``text-wrap: balance``), so a line may end a word earlier or
later than Pillow's: the blocks agree closely in height and position, less closely in width.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image

from quotecards.fonts import FontBook
from quotecards.formats import Box, get_format
from quotecards.render.html import HtmlRenderer, Rendered, decode
from quotecards.render.pillow import PillowRenderer
from quotecards.themes import load_themes
from quotecards.typeset import CardText, Layout, typeset
from tests.conftest import SAMPLE, Interview

FORMATS = ("square", "story", "og")
TOP = 3
# How far the two blocks' edges may lie apart, as a share of the card's side.
VERTICAL = 0.02  # the same size and lines give the same height, to a pixel or two
HORIZONTAL = 0.08  # a line broken elsewhere makes the block a little wider or narrower
OVERLAP = 0.85  # intersection over union of the two blocks


@pytest.fixture(scope="module")
def layouts(interview: Interview) -> list[Layout]:
    from quotecards import read_source, select

    picks = list(select(read_source(interview.path), top=10).picks)[:TOP]
    assert picks, "the selector offered no quote from the seed interview"
    book = FontBook.default()
    return [
        typeset(CardText(c.text, c.speaker, "", "", c.id), get_format(name), theme, book)
        for c in picks
        for name in FORMATS
        for theme in load_themes()
    ]


def _box(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.getchannel("A").getbbox()
    assert box is not None, "nothing drawn"
    return box


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    width = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    both = width * height
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - both
    return both / area


def _ink(
    html: HtmlRenderer, layouts: list[Layout], roles: set[str]
) -> Iterator[tuple[Layout, Rendered, Image.Image]]:
    for layout, result in zip(
        layouts, html.render_many(layouts, roles=roles, background=False), strict=True
    ):
        assert isinstance(result, Rendered), result
        yield layout, result, decode(result.data, background=False)


def test_the_quote_is_set_at_the_same_size_in_the_same_place_by_both_renderers(
    html: HtmlRenderer, layouts: list[Layout], interview: Interview, request: pytest.FixtureRequest
) -> None:
    if interview.path == SAMPLE:
        # Found by running this on the sample: "Maintenance is invisible. Nobody cuts a ribbon…"
        # (classic, story) opens with one long word; Chromium sets the hanging “ on a line of
        # its own above the quote, where Pillow hangs it beside the first line.
        request.applymarker(
            pytest.mark.xfail(strict=True, reason="Chromium drops the hanging mark a line")
        )
    pillow = PillowRenderer()
    roles = {"quote", "mark"}
    for layout, result, ours in _ink(html, layouts, roles):
        theirs = _box(pillow.paint(layout, roles=roles, background=False))
        mine = _box(ours)
        width, height = layout.size
        where = (layout.theme_name, layout.format.name, layout.alt[12:50], theirs, mine)
        assert abs(result.quote_size - layout.quote_size) <= max(2, 0.03 * layout.quote_size)
        assert result.lines == len(layout.lines_of("quote")), where
        assert abs(mine[1] - theirs[1]) <= VERTICAL * height, where
        assert abs(mine[3] - theirs[3]) <= VERTICAL * height, where
        assert abs(mine[0] - theirs[0]) <= HORIZONTAL * width, where
        assert abs(mine[2] - theirs[2]) <= HORIZONTAL * width, where
        assert _overlap(mine, theirs) >= OVERLAP, where


def test_the_quote_chromium_sets_never_leaves_its_text_box(
    html: HtmlRenderer, layouts: list[Layout]
) -> None:
    for layout, _, ink in _ink(html, layouts, {"quote"}):
        left, top, right, bottom = _box(ink)
        box: Box = layout.text_box
        where = (layout.theme_name, layout.format.name, (left, top, right, bottom), box)
        # One pixel of antialiasing either way, as the Pillow renderer's own test allows.
        assert left >= box.x - 1 and top >= box.y - 1, where
        assert right <= box.right + 1 and bottom <= box.bottom + 1, where
