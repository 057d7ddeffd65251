"""The attribution's type scale, and how each of its lines fits: wrap, then shrink, then refuse.

A card is read on a phone, in a feed, at a third of its size or less.  So the name and the role
have floors, as shares of the card's short side and in pixels, whatever the theme asks for:

    name (speaker)           at least 3.5% of the short side, never under 28 px
    role, source, publication  at least 2.8% of the short side, never under 22 px

An element too long for its column wraps to two balanced lines at the theme's size; if two lines
are not enough it is set smaller, down to its floor; past that it is an error that names the
element, the format and the text.  It is never clipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from quotecards.errors import QuotecardsError
from quotecards.fonts import Direction, Face, FontBook
from quotecards.formats import Format
from quotecards.typeset import lines as tl
from quotecards.typeset.breaking import Piece, balance, is_cjk, line_text, pieces
from quotecards.typeset.layout import Role, TextLine

# (share of the short side, pixels): the larger of the two is the floor.
NAME_FLOOR = (0.035, 28)
LABEL_FLOOR = (0.028, 22)
MAX_LABEL_LINES = 2
# A role or title may take a third line: in a column beside a photo a long one needs it.
_MAX_LINES: dict[Role, int] = {"role": 3}
LABEL_LEADING = 1.22

_FLOORS: dict[Role, tuple[float, int]] = {
    "speaker": NAME_FLOOR,
    "role": LABEL_FLOOR,
    "source": LABEL_FLOOR,
    "publication": LABEL_FLOOR,
}
_NAMES: dict[Role, str] = {
    "speaker": "name",
    "role": "role",
    "source": "source line",
    "publication": "publication line",
}


class LabelError(QuotecardsError):
    """An attribution line too long for its format even in two lines at its floor."""


def floor(role: Role, fmt: Format) -> int:
    """The smallest size, in whole pixels, that ``role`` may be set at on ``fmt``."""
    share, px = _FLOORS[role]
    return max(px, math.ceil(share * fmt.short_side))


@dataclass(frozen=True, slots=True)
class Label:
    """An element of the attribution, set: its lines (left ends at 0, first top at 0) and the
    height they take."""

    lines: tuple[TextLine, ...]
    height: float
    size: int


def fit_label(
    book: FontBook,
    role: Role,
    text: str,
    face: Face,
    size: int,
    measure: float,
    colour: str,
    direction: Direction,
    fmt: Format,
    theme_name: str,
) -> Label:
    """Set ``text`` within ``measure``: one line at ``size``, else two balanced lines, else the
    same at smaller sizes down to the floor; else :class:`LabelError`."""
    low = floor(role, fmt)
    # A name breaks between its words before it breaks after the hyphen of a double name.
    for parts in dict.fromkeys((_words(text), pieces(text))):
        reference = [tl.width(book, p.text, face, direction) for p in parts]
        space = tl.width(book, " ", face, direction)
        glue = [space if p.space else 0.0 for p in parts]
        for px in range(max(size, low), low - 1, -1):
            k = px / tl.REFERENCE
            widths, spaces = [w * k for w in reference], [g * k for g in glue]
            found = _set(book, role, parts, widths, spaces, face, px, measure, colour, direction)
            if found is not None:
                return found
    most = _MAX_LINES.get(role, MAX_LABEL_LINES)
    raise LabelError(
        f"the {_NAMES[role]} \u201c{text}\u201d does not fit the {fmt.name} format "
        f"({fmt.label}) in theme {theme_name!r}, even in {most} lines at {low} px "
        f"(the smallest a {_NAMES[role]} is set, so that it reads on a phone); shorten it"
    )


def _words(text: str) -> tuple[Piece, ...]:
    """``text`` in pieces that break only at spaces (Chinese and Japanese, which have none,
    keep their breaks)."""
    merged: list[Piece] = []
    for piece in pieces(text):
        if merged and not merged[-1].space and not is_cjk(merged[-1].text[-1]):
            last = merged.pop()
            piece = Piece(last.text + piece.text, piece.space, piece.penalty)
        merged.append(piece)
    return tuple(merged)


def _set(
    book: FontBook,
    role: Role,
    parts: tuple[Piece, ...],
    widths: list[float],
    spaces: list[float],
    face: Face,
    px: int,
    measure: float,
    colour: str,
    direction: Direction,
) -> Label | None:
    """``parts`` (``widths`` and ``spaces`` at ``px``) in one line, else in two balanced
    ones, or None."""
    for count in range(1, min(_MAX_LINES.get(role, MAX_LABEL_LINES), len(parts)) + 1):
        breaks = balance(parts, widths, spaces, measure, count)
        if breaks is None:
            continue
        set_lines = [
            tl.line(book, role, line_text(parts, a, b), face, px, colour, direction)
            for a, b in breaks.lines
        ]
        if all(ln.width <= measure + 0.5 and ln.ink.width <= measure for ln in set_lines):
            return _stacked(set_lines, px)
    return None


def _stacked(set_lines: list[TextLine], px: int) -> Label:
    placed = []
    y = 0.0
    for i, ln in enumerate(set_lines):
        baseline = ln.ascent if i == 0 else placed[-1].baseline + LABEL_LEADING * px
        placed.append(tl.at(ln, 0.0, baseline))
        y = baseline + ln.descent
    return Label(tuple(placed), y, px)
