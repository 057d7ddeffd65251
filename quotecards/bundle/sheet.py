"""Contact sheets: cards on one image, grouped by quote, so an editor compares a quote's looks.

Each quote is a group: a label (its speaker and first words, set small in the vendored Inter)
over its cards, a row per format and, within a row, its themes side by side.  Groups are tiled
on a grid with a wider gutter between them than between cards.  Where everything goes is data
(:func:`plan`), then painted (:func:`paint`); both sheets are made here: the bundle's
``contact-sheet.jpg`` (:func:`contact_sheet`, from the thumbnails made when each card was
rendered: decoding every card for each sheet would cost more than a warm build) and the
README's ``docs/themes.png`` (``tools/contact_sheet.py``, one row per quote, a column per theme).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quotecards.render.thumbnails import JPEG, THUMBNAIL

if TYPE_CHECKING:
    from PIL import Image

    from quotecards.fonts import FontBook

__all__ = [
    "Group",
    "SheetLayout",
    "Style",
    "Tile",
    "bundle_layout",
    "contact_sheet",
    "fit_label",
    "paint",
    "plan",
    "quote_label",
]

Box = tuple[int, int, int, int]  # x, y, width, height
Shape = tuple[tuple[tuple[int, int], ...], ...]  # a group's cards' sizes, row by row

_MAX_PIXELS = 16_000_000  # keep the bundle's sheet small enough to open anywhere
_SMALLEST_CELL = 48
_LABEL_FACE = ("Inter", 600)
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Tile:
    """A card on a sheet: its image (a file such as a thumbnail, or an image already painted)
    and the card's size in pixels, whose proportions place it before any image is opened."""

    picture: Path | Image.Image
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Group:
    """One quote on a sheet: its label, and its cards a row per format."""

    label: str
    rows: tuple[tuple[Tile, ...], ...]

    @property
    def shape(self) -> Shape:
        return tuple(tuple((t.width, t.height) for t in row) for row in self.rows)


@dataclass(frozen=True, slots=True)
class Style:
    """A sheet's colours and spacing, in pixels."""

    background: tuple[int, int, int]
    ink: tuple[int, int, int]
    label_size: int = 13
    gap: int = 8  # between the cards of a quote
    gutter: int = 28  # between quotes
    margin: int = 24


# The bundle's: a mid grey, so that light and dark cards both stand out.
BUNDLE_STYLE = Style(background=(96, 96, 92), ink=(236, 236, 230))


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one group went: its label's box and one box per card, in the group's order."""

    label: Box
    cells: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class SheetLayout:
    size: tuple[int, int]
    groups: tuple[Placed, ...]
    headings: tuple[tuple[str, Box], ...]  # column headings, over the first row of groups


def plan(
    shapes: Sequence[Shape],
    *,
    cell: int,
    per_row: int,
    style: Style,
    headings: Sequence[str] = (),
) -> SheetLayout:
    """Place groups of cards ``per_row`` groups to a row, each card in a box ``cell`` wide.

    Every group gets the same box (the widest row and the most rows of any group), so groups
    line up in columns and a card's place in its group says its format and theme.  A row is as
    tall as its tallest card fitted in a ``cell`` square: a row of landscape cards is short.
    """
    columns = max((len(row) for shape in shapes for row in shape), default=1)
    heights = [0] * max((len(shape) for shape in shapes), default=1)
    for shape in shapes:
        for r, row in enumerate(shape):
            for width, height in row:
                heights[r] = max(heights[r], round(cell * min(1, height / max(width, 1))))
    tops = [sum(heights[:r]) + r * style.gap for r in range(len(heights))]
    label = round(style.label_size * 1.9)
    head = label if headings else 0
    width = columns * cell + (columns - 1) * style.gap
    height = label + tops[-1] + heights[-1]
    per_row = max(1, min(per_row, len(shapes)))
    grid_rows = max(1, math.ceil(len(shapes) / per_row))
    size = (
        2 * style.margin + per_row * width + (per_row - 1) * style.gutter,
        2 * style.margin + head + grid_rows * height + (grid_rows - 1) * style.gutter,
    )
    placed = []
    for index, shape in enumerate(shapes):
        row, column = divmod(index, per_row)
        x = style.margin + column * (width + style.gutter)
        y = style.margin + head + row * (height + style.gutter)
        cells = tuple(
            (x + c * (cell + style.gap), y + label + tops[r], cell, heights[r])
            for r, cards in enumerate(shape)
            for c in range(len(cards))
        )
        placed.append(Placed((x, y, width, label), cells))
    heads = tuple(
        (
            name,
            (
                style.margin + g * (width + style.gutter) + c * (cell + style.gap),
                style.margin,
                cell,
                head,
            ),
        )
        for g in range(per_row if headings else 0)
        for c, name in enumerate(headings[:columns])
    )
    return SheetLayout(size, tuple(placed), heads)


def paint(
    groups: Sequence[Group], layout: SheetLayout, style: Style, book: FontBook
) -> Image.Image:
    """The sheet: each card fitted and centred in its box, labels set in the vendored Inter."""
    from PIL import Image

    sheet = Image.new("RGB", layout.size, style.background)
    for group, placed in zip(groups, layout.groups, strict=True):
        tiles = [tile for row in group.rows for tile in row]
        for tile, (x, y, width, height) in zip(tiles, placed.cells, strict=True):
            card = _fitted(tile.picture, width, height)
            sheet.paste(card, (x + (width - card.width) // 2, y + (height - card.height) // 2))
        _label(sheet, group.label, placed.label, style, book, centred=False)
    for name, box in layout.headings:
        _label(sheet, name, box, style, book, centred=True)
    return sheet


def contact_sheet(groups: Sequence[Group], book: FontBook) -> bytes:
    """The bundle's sheet as a JPEG: about 4:3, at most 16 MP, cards at most thumbnail size."""
    layout, style = bundle_layout([group.shape for group in groups])
    out = io.BytesIO()
    paint(groups, layout, style, book).save(out, "JPEG", **JPEG)
    return out.getvalue()


def bundle_layout(shapes: Sequence[Shape]) -> tuple[SheetLayout, Style]:
    """The bundle's layout and style: as many quotes a row as make the sheet about 4:3, and
    cells as large as a thumbnail unless that would pass 16 MP."""
    cell = THUMBNAIL
    while True:
        style = _bundle_style(cell)
        # One group a row gives a group's size, and so how many a row make 4:3.
        single = plan(shapes, cell=cell, per_row=1, style=style).size
        group_width = single[0] - 2 * style.margin
        group_height = (single[1] - 2 * style.margin + style.gutter) / max(1, len(shapes))
        ratio = len(shapes) * group_height * 4 / (3 * (group_width + style.gutter))
        layout = plan(shapes, cell=cell, per_row=max(1, round(math.sqrt(ratio))), style=style)
        if cell <= _SMALLEST_CELL or layout.size[0] * layout.size[1] <= _MAX_PIXELS:
            return layout, style
        cell = max(_SMALLEST_CELL, int(cell * 0.9))


def _bundle_style(cell: int) -> Style:
    # Labels shrink with the cells, down to a size still read on a zoomed sheet; the gutter
    # grows with them, so that quotes stay apart on a sheet seen whole.
    return Style(
        BUNDLE_STYLE.background,
        BUNDLE_STYLE.ink,
        label_size=max(11, min(16, cell // 16)),
        gutter=max(BUNDLE_STYLE.gutter, cell // 6),
    )


def quote_label(text: str, speaker: str | None) -> str:
    """A quote's label on a sheet: who said it, then its words (cut where they do not fit)."""
    return f"{speaker} · “{text}”" if speaker else f"“{text}”"


def fit_label(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text``, cut at a character and ended with an ellipsis where it is wider than
    ``width``; empty where not even that fits."""
    if measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + _ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + _ELLIPSIS if low else ""


def _label(
    sheet: Image.Image, text: str, box: Box, style: Style, book: FontBook, *, centred: bool
) -> None:
    if not text:
        return
    x, y, width, height = box
    face = book.face(*_LABEL_FACE)
    size = style.label_size

    def measure(value: str) -> float:
        return book.measure(book.runs(value, face), size)

    shown = fit_label(" ".join(text.split()), width, measure)
    if not shown:
        return
    runs = book.runs(shown, face)
    left = x + (width - book.measure(runs, size)) / 2 if centred else x
    # The baseline a third of the label's height above its bottom: text sits over its cards.
    book.draw(sheet, (left, y + height - round(height / 3)), runs, size, style.ink)


def _fitted(picture: Path | Image.Image, width: int, height: int) -> Image.Image:
    from PIL import Image

    if isinstance(picture, Path):
        with Image.open(picture) as opened:
            opened.draft("RGB", (width, height))  # JPEG thumbnails decode at a fraction
            card = opened.convert("RGB")
    else:
        card = picture.convert("RGB")
    scale = min(width / card.width, height / card.height)
    if scale < 1:
        size = (max(1, round(card.width * scale)), max(1, round(card.height * scale)))
        card = card.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    return card
