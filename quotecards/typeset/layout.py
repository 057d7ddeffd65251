"""The card as data: what a painter needs to draw it, already decided, and nothing it must work out.

Both renderers draw a :class:`Layout`; tests check its boxes without drawing anything.  All
coordinates are pixels from the card's top left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quotecards.fonts import Direction, Run
from quotecards.formats import Box, Format
from quotecards.themes import Background

Role = Literal["quote", "mark", "speaker", "role", "publication"]


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card says: the quote, who said it, an optional role or context line, and whose
    publication it is.  ``id`` identifies the quote in error messages and file names."""

    quote: str
    speaker: str | None
    role: str = ""
    publication: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of type, placed.

    ``x`` is the left end of its advance and ``baseline`` its baseline; ``runs`` are in logical
    order, as :meth:`quotecards.fonts.FontBook.draw` takes them.  ``ascent`` and ``descent`` are
    its faces' (the line box); ``ink`` is where its pixels fall, from the glyphs' boxes.
    """

    role: Role
    text: str
    runs: tuple[Run, ...]
    size: float
    x: float
    baseline: float
    width: float
    ascent: float
    descent: float
    colour: str
    direction: Direction
    ink: Box


@dataclass(frozen=True, slots=True)
class Rule:
    """A filled rectangle: the short accent line above an attribution."""

    box: Box
    colour: str


@dataclass(frozen=True, slots=True)
class Logo:
    """The brand's logo, scaled to fit ``box`` and placed at its start edge."""

    path: Path
    box: Box


@dataclass(frozen=True, slots=True)
class Layout:
    """A whole card.  ``text_box`` is the box the quote was fitted to: all its ink lies inside."""

    format: Format
    theme_name: str
    background: Background
    background_colour: str
    lines: tuple[TextLine, ...]
    rules: tuple[Rule, ...]
    logo: Logo | None
    text_box: Box
    quote_size: int
    alt: str

    @property
    def size(self) -> tuple[int, int]:
        return self.format.size

    def lines_of(self, *roles: Role) -> tuple[TextLine, ...]:
        return tuple(line for line in self.lines if line.role in roles)
