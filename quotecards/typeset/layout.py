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

Role = Literal["quote", "mark", "speaker", "role", "source", "publication", "ornament"]
# What the text decides, and so must keep clear of the format's covered zones; the footer
# (publication, logo) is the brand's and is placed by the format alone; an ornament (the large
# mark in an empty panel) is the frame's.
TEXT_ROLES: tuple[Role, ...] = ("quote", "mark", "speaker", "role", "source")


@dataclass(frozen=True, slots=True)
class SpeakerPhoto:
    """A speaker's photograph and the point to keep in view when it is cropped: ``focus`` is
    (x, y) as fractions of its width and height, by default upper centre, where faces are."""

    path: Path
    focus: tuple[float, float] = (0.5, 0.3)


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card says: the quote, who said it, an optional role or context line, whose
    publication it is (and its ``handle``), and an optional source line ("From our interview,
    December 2026").  ``id`` identifies the quote in error messages and file names; ``photo``
    is the speaker's; ``highlight`` a phrase of the quote set in the accent colour."""

    quote: str
    speaker: str | None
    role: str = ""
    publication: str = ""
    id: str = ""
    source: str = ""
    handle: str = ""
    photo: SpeakerPhoto | None = None
    highlight: str = ""


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of type, placed.

    ``x`` is the left end of its advance and ``baseline`` its baseline; ``runs`` are in logical
    order, as :meth:`quotecards.fonts.FontBook.draw` takes them.  ``ascent`` and ``descent`` are
    its faces' (the line box); ``ink`` is where its pixels fall, from the glyphs' boxes.
    ``accents`` are stretches of ``text`` (``(start, end)`` character offsets, in logical order)
    set in ``accent`` instead of ``colour``: a highlighted phrase.  Only colour changes there;
    the glyphs and their places are the line's.
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
    accents: tuple[tuple[int, int], ...] = ()
    accent: str = ""

    def pieces(self) -> tuple[tuple[str, str], ...]:
        """The text cut where its colour changes, in logical order: ``(text, colour)``."""
        out: list[tuple[str, str]] = []
        at = 0
        for start, end in self.accents:
            if start > at:
                out.append((self.text[at:start], self.colour))
            out.append((self.text[start:end], self.accent))
            at = end
        if at < len(self.text) or not out:
            out.append((self.text[at:], self.colour))
        return tuple(out)


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
class Photo:
    """A photograph placed on the card: cropped to cover ``box`` while keeping ``focus`` (as in
    :class:`SpeakerPhoto`) as near the box's centre as the photo allows, and cut to a circle
    or left a rectangle.  A ``backdrop`` photo belongs with the background (a half-bleed
    panel); the others (a circle beside the name) with the text."""

    path: Path
    box: Box
    focus: tuple[float, float] = (0.5, 0.3)
    shape: Literal["circle", "rect"] = "rect"
    backdrop: bool = False  # a panel of the card's frame, not part of the text block


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
    photos: tuple[Photo, ...] = ()
    text_area: Box | None = None  # where the text was set (the safe area, or a panel's rest)
    panels: tuple[Rule, ...] = ()  # the frame's fills and lines, drawn first, under everything

    @property
    def size(self) -> tuple[int, int]:
        return self.format.size

    def lines_of(self, *roles: Role) -> tuple[TextLine, ...]:
        return tuple(line for line in self.lines if line.role in roles)

    def ink_of(self, *roles: Role) -> Box | None:
        """The box the ink of every line of ``roles`` lies in (and the rules, with the
        attribution), or None when the card has none: what tests and the fill bench measure."""
        boxes = [line.ink for line in self.lines_of(*roles)]
        if any(r in roles for r in ("speaker", "role")):
            boxes.extend(rule.box for rule in self.rules)
        boxes = [b for b in boxes if b.width > 0 or b.height > 0]
        if not boxes:
            return None
        left, top = min(b.x for b in boxes), min(b.y for b in boxes)
        right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
        return Box(left, top, right - left, bottom - top)

    def coverage(self) -> float:
        """The share of the text's area (the safe area, less any panel) that the text block (the
        quote, its marks and its attribution) spans: its box's area over the area's."""
        block = self.ink_of(*TEXT_ROLES)
        safe = self.text_area or self.format.safe
        if block is None:
            return 0.0
        return (block.width * block.height) / (safe.width * safe.height)
