"""The card's frame: where the text may go, and what stands around it, by the theme's layout kind.

Decided before a word is set, from the format, the theme and whether the speaker has a photo:

``column``
    The text fills the format's safe area.  A speaker's photo becomes the card's background
    (``photo = "background"``, under the theme's scrim) or a circle beside the name (``avatar``,
    placed with the attribution, in :mod:`quotecards.typeset.compose`).
``split``
    A half-bleed panel on the text's start side, edge to edge, the speaker's photo cropped about
    its focal point, or without one a block of the accent colour holding a large quotation mark;
    on a tall card (portrait, story) the panel runs across the top and the text sits below it.
``framed``
    A thin accent frame at the edge of the safe area, the text set well inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from quotecards.fonts import Direction
from quotecards.formats import Box, Format
from quotecards.images import focus_crop, image_size
from quotecards.themes import Background, Theme
from quotecards.typeset.layout import CardText, Photo, Rule, SpeakerPhoto

# The panel's share of the card's width (side by side) or height (stacked).
_SIDE_PANEL = 0.34  # leaves a 50-character name room to break in two lines at its floor
_WIDE_SIDE_PANEL = 0.36  # a card 1.5 times wider than tall, whose text needs the width
_STACKED_PANEL = 0.38
_STORY_PANEL = 0.4  # a story's top 250 px are under the app's bar: the face sits lower
_TALL = 1.15  # a card this much taller than wide stacks its panel above the text
_WIDE = 1.5  # a card this much wider than tall puts a backdrop's face beside the text
_BACKDROP_FACE = 0.2  # where a backdrop photo's focal point goes: this far across or down
_BACKDROP_TEXT = 0.3  # the text of a backdrop card starts this far across or down
_FACE_CLEARANCE = 0.15  # a face's middle this far short of the text, in short sides, clears it
_FRAME_WIDTH = 0.004  # the frame's line, a fraction of the short side
_FRAME_INSET = 0.05  # between the frame and the text, a fraction of the short side


@dataclass(frozen=True, slots=True)
class Frame:
    """``area`` is where the text is set (the theme's padding still applies inside it);
    ``panel`` the split layout's panel, empty or holding the speaker's photo in ``photos``;
    ``rules`` are drawn under the text; ``background`` replaces the theme's, if given."""

    area: Box
    photos: tuple[Photo, ...] = ()
    rules: tuple[Rule, ...] = ()
    panel: Box | None = None
    background: Background | None = None

    @property
    def empty_panel(self) -> Box | None:
        """The panel, when no photo fills it (it holds a large mark instead)."""
        return self.panel if self.panel is not None and not self.photos else None


def frame(card: CardText, fmt: Format, theme: Theme, direction: Direction) -> Frame:
    """The frame of ``card`` in ``fmt`` and ``theme``, its panel on the side the text starts."""
    photo = card.photo
    if theme.kind == "split":
        return _split(card, fmt, theme, direction)
    if theme.kind == "framed":
        return _framed(fmt, theme)
    if photo is not None and theme.photo == "background":
        return _backdrop(photo, fmt, theme)
    return Frame(fmt.safe)


def _backdrop(photo: SpeakerPhoto, fmt: Format, theme: Theme) -> Frame:
    """The speaker's photo behind the whole card, the face brought to the upper part (or the
    start side of a wide card), and the text kept to the rest, so it never crosses the face.
    A photo too narrow for that on a wide card (a portrait on a landscape card: the face can
    only sit in the middle) stands in a half-bleed panel instead, on the theme's colour."""
    safe = fmt.safe
    wide = fmt.width >= _WIDE * fmt.height
    if wide:
        anchor = (_BACKDROP_FACE, 0.45)
        left = round(fmt.width * _BACKDROP_TEXT)
        area = Box(left, safe.y, safe.right - left, safe.height)
    else:
        anchor = (0.5, _BACKDROP_FACE)
        top = max(safe.y, round(fmt.height * _BACKDROP_TEXT))
        area = Box(safe.x, top, safe.width, safe.bottom - top)
    if wide:
        size = image_size(photo.path)
        left_crop, _, right_crop, _ = focus_crop(size, fmt.size, photo.focus, anchor)
        face = (photo.focus[0] * size[0] - left_crop) / (right_crop - left_crop) * fmt.width
        if face > area.x - _FACE_CLEARANCE * fmt.short_side:
            panel, area = _panel(fmt, "ltr")
            pictured = (Photo(photo.path, panel, photo.focus, "rect", backdrop=True),)
            return Frame(area, pictured, (), panel, Background("solid"))
    back = replace(
        theme.background, kind="photo", photo=photo.path, focus=photo.focus, anchor=anchor
    )
    return Frame(area, background=back)


def is_tall(fmt: Format) -> bool:
    return fmt.height >= _TALL * fmt.width


def _panel(fmt: Format, direction: Direction) -> tuple[Box, Box]:
    """A half-bleed panel on the start side, or across the top of a tall card; and the area
    the text keeps beside or below it, a border's width clear of it."""
    safe = fmt.safe
    top, right, _, left = fmt.border
    if is_tall(fmt):
        share = _STORY_PANEL if top > left else _STACKED_PANEL
        panel = Box(0, 0, fmt.width, round(fmt.height * share))
        return panel, Box(
            safe.x, panel.bottom + left, safe.width, safe.bottom - panel.bottom - left
        )
    share = _WIDE_SIDE_PANEL if fmt.width >= _WIDE * fmt.height else _SIDE_PANEL
    width = round(fmt.width * share)
    if direction == "rtl":
        panel = Box(fmt.width - width, 0, width, fmt.height)
        return panel, Box(safe.x, safe.y, panel.x - right - safe.x, safe.height)
    panel = Box(0, 0, width, fmt.height)
    return panel, Box(panel.right + left, safe.y, safe.right - panel.right - left, safe.height)


def _split(card: CardText, fmt: Format, theme: Theme, direction: Direction) -> Frame:
    panel, area = _panel(fmt, direction)
    if card.photo is not None and theme.photo == "panel":
        pictured = (Photo(card.photo.path, panel, card.photo.focus, "rect", backdrop=True),)
        return Frame(area, pictured, panel=panel)
    return Frame(area, rules=(Rule(panel, theme.palette.accent),), panel=panel)


def _framed(fmt: Format, theme: Theme) -> Frame:
    safe = fmt.safe
    line = max(2, round(_FRAME_WIDTH * fmt.short_side))
    inset = round(_FRAME_INSET * fmt.short_side)
    colour = theme.palette.accent
    x, y, right, bottom = round(safe.x), round(safe.y), round(safe.right), round(safe.bottom)
    rules = (
        Rule(Box(x, y, right - x, line), colour),
        Rule(Box(x, bottom - line, right - x, line), colour),
        Rule(Box(x, y, line, bottom - y), colour),
        Rule(Box(right - line, y, line, bottom - y), colour),
    )
    return Frame(safe.inset(inset, inset, inset, inset), rules=rules)
