"""Card sizes, and the safe area of each: the part of the image that no text or logo crosses.

The safe areas follow where each platform covers or crops a picture.  A story is covered by the
profile bar at the top (250 px) and by the reply bar and the app's own controls at the bottom
(340 px, where Instagram draws its message field, likes and share buttons); link previews
(``og``, ``linkedin``) are shown small and sometimes cropped towards the centre, so they keep a
wider border; the rest keep a border of 6% of the short side, which clears rounded corners and
the 4:5 -> 3:4 crop of Instagram's profile grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotecards.errors import QuotecardsError
from quotecards.suggest import did_you_mean

# A custom size must be big enough to hold legible text and small enough to encode in a blink.
_MIN_SIDE = 200
_MAX_SIDE = 4096
_DEFAULT_BORDER = 0.06


class FormatError(QuotecardsError):
    """A format name or size that quotecards does not know."""


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in pixels: ``x``, ``y`` at the top left, then width and height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inset(self, top: float, right: float, bottom: float, left: float) -> Box:
        return Box(
            self.x + left, self.y + top, self.width - left - right, self.height - top - bottom
        )

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True, slots=True)
class Format:
    """A card size: its name (``square``, or ``1200x800`` for a custom one), pixels and safe area.

    ``border`` is the distance, in pixels, from each edge (top, right, bottom, left) to the safe
    area.
    """

    name: str
    width: int
    height: int
    border: tuple[int, int, int, int]
    purpose: str = ""

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    @property
    def safe(self) -> Box:
        top, right, bottom, left = self.border
        return Box(0, 0, self.width, self.height).inset(top, right, bottom, left)

    @property
    def label(self) -> str:
        """``1080x1080``: the size as people write it."""
        return f"{self.width}x{self.height}"

    def describe(self) -> str:
        """One line for ``quotecards formats``: name, size, safe area, what it is for."""
        safe = self.safe
        area = f"safe {safe.width:g}x{safe.height:g} at {safe.x:g},{safe.y:g}"
        top, _, bottom, left = self.border
        if len(set(self.border)) == 1:
            clear = f"{top} px clear"
        else:
            clear = f"top {top}, bottom {bottom}, sides {left} px clear"
        purpose = f"  {self.purpose}" if self.purpose else ""
        return f"{self.name:<10} {self.label:>9}  {area:<24} {clear:<38}{purpose}"


def _bordered(
    name: str,
    width: int,
    height: int,
    purpose: str,
    *,
    top: int | None = None,
    bottom: int | None = None,
    side: float = _DEFAULT_BORDER,
) -> Format:
    edge = round(side * min(width, height))
    return Format(
        name,
        width,
        height,
        (edge if top is None else top, edge, edge if bottom is None else bottom, edge),
        purpose,
    )


FORMATS: tuple[Format, ...] = (
    _bordered("square", 1080, 1080, "Instagram and LinkedIn feed"),
    _bordered("portrait", 1080, 1350, "Instagram feed, 4:5"),
    _bordered("story", 1080, 1920, "Instagram, Facebook and TikTok stories", top=250, bottom=340),
    _bordered("landscape", 1600, 900, "X (Twitter) timeline, 16:9"),
    _bordered("og", 1200, 630, "Open Graph link preview", side=0.08),
    _bordered("linkedin", 1200, 627, "LinkedIn link preview", side=0.08),
)

_BY_NAME = {f.name: f for f in FORMATS}
_SIZE = re.compile(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$")


def get_format(spec: str) -> Format:
    """The preset called ``spec``, or a custom ``WxH`` size with the default border."""
    name = spec.strip().lower()
    if name in _BY_NAME:
        return _BY_NAME[name]
    match = _SIZE.match(name)
    if not match:
        known = ", ".join(_BY_NAME)
        hint = did_you_mean(name, _BY_NAME)
        raise FormatError(
            f"unknown format {spec!r}: {hint}use one of {known}, 'all', or a size like 1200x800"
        )
    width, height = int(match[1]), int(match[2])
    if not (_MIN_SIDE <= width <= _MAX_SIDE and _MIN_SIDE <= height <= _MAX_SIDE):
        raise FormatError(
            f"format {spec!r}: each side must be between {_MIN_SIDE} and {_MAX_SIDE} pixels"
        )
    return _bordered(f"{width}x{height}", width, height, "custom size")


def parse_formats(spec: str) -> tuple[Format, ...]:
    """``square,og``, ``all`` or ``1200x800`` -> the formats, in the order given, each once."""
    names = [part for part in (p.strip() for p in spec.split(",")) if part]
    if not names:
        raise FormatError("no format given: use a name such as 'square', a list, or 'all'")
    chosen: dict[str, Format] = {}
    for name in names:
        for fmt in FORMATS if name.lower() == "all" else (get_format(name),):
            chosen.setdefault(fmt.name, fmt)
    return tuple(chosen.values())
