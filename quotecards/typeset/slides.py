"""Set a carousel: a cover, one card a quote with its slide number, and an end slide.

Interviews are shared as carousels.  The cover says who and what (the headline, the speaker and
their photograph, the publication); each quote is the theme's own card
(:func:`~quotecards.typeset.compose.typeset`), set clear of its number ("2/6") in the top right
corner of every slide; the end slide says where to read the
whole (the source line, the handle).  Every slide is a :class:`Layout` in the theme's frame, with
the cards' footer, so both renderers paint it and the slides read as one set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quotecards.errors import QuotecardsError
from quotecards.fonts import FontBook, paragraph_direction
from quotecards.formats import Box, Format
from quotecards.themes import Theme, accent_text
from quotecards.typeset import lines as tl
from quotecards.typeset.breaking import balance, line_count, line_text, pieces
from quotecards.typeset.compose import (
    Footer,
    _Setting,
    attribution_block,
    footer,
    ornament,
    setting_for,
    typeset,
)
from quotecards.typeset.frames import Frame, frame
from quotecards.typeset.labels import fit_label, floor
from quotecards.typeset.layout import CardText, Layout, Photo, Rule, SpeakerPhoto, TextLine
from quotecards.typeset.typography import quote_marks, smarten

# Instagram takes 20 slides: the cover, 18 quotes and the end.
MAX_QUOTES = 18
_FOLIO_GAP = 1.1  # between the slide number's line box and the slide's content, in its sizes
_TITLE = (0.052, 0.115)  # the cover title's size range, in shares of the short side
_CALL = (0.05, 0.078)  # the end slide's line
_TITLE_LINES = 4
_FEWER = 0.8  # a title takes fewer lines at up to this much less than its largest size
_TITLE_LEADING = 1.1
_PHOTO = (0.2, 0.48)  # the cover photograph's diameter, in shares of the short side
_PHOTO_GAP = 0.3  # the least room left between the photograph and the words, in title sizes
_COVER_MARK = 3.4  # the cover's large opening mark, without a photo, in title sizes
_OPTICAL_CENTRE = 0.42  # as on a card: the share of spare height above the group


class SlideError(QuotecardsError):
    """A slide that cannot be set: which slide, and why."""


@dataclass(frozen=True, slots=True)
class Deck:
    """What a carousel says: the cover's ``title`` and the ``kicker`` over it ("In
    conversation"), who it is about (``speaker`` and ``role``; or, when it quotes several
    people, none of them alone, and ``people`` names them all), the end slide's ``call`` ("Read
    the full interview"), the quotes' cards in order, and the publication's identity and the
    speaker's photograph."""

    title: str
    speaker: str | None
    quotes: tuple[CardText, ...]
    kicker: str = ""
    people: str = ""
    role: str = ""
    call: str = ""
    publication: str = ""
    handle: str = ""
    source: str = ""
    photo: SpeakerPhoto | None = None

    @property
    def heading(self) -> str:
        """The title with its kicker, as one line: the PDF's title, the slides' alt text."""
        return f"{self.kicker}: {self.title}" if self.kicker else self.title

    @property
    def count(self) -> int:
        """The number of slides: the cover, one a quote, the end."""
        return len(self.quotes) + 2


def slides(
    deck: Deck, fmt: Format, theme: Theme, book: FontBook, *, logo: Path | None = None
) -> tuple[Layout, ...]:
    """Every slide of ``deck``, in order; :class:`SlideError` names a slide that cannot be set
    (a quote too long for the format, a character no font has)."""
    if not deck.quotes:
        raise SlideError("a carousel needs at least one quote")
    if len(deck.quotes) > MAX_QUOTES:
        raise SlideError(
            f"{len(deck.quotes)} quotes make {deck.count} slides, and Instagram shows at most "
            f"{MAX_QUOTES + 2}; ask for {MAX_QUOTES} quotes or fewer"
        )
    total = deck.count
    made: list[Layout] = []
    for number in range(1, total + 1):
        try:
            if number == 1:
                made.append(cover(deck, fmt, theme, book, logo=logo))
            elif number == total:
                made.append(end(deck, fmt, theme, book, logo=logo))
            else:
                card = deck.quotes[number - 2]
                made.append(quote_slide(card, number, total, fmt, theme, book, logo=logo))
        except SlideError:
            raise
        except QuotecardsError as error:
            raise SlideError(f"slide {number} of {total}: {error}") from None
    return tuple(made)


# -- the slide number ---------------------------------------------------------------------


def folio(
    area: Box, fmt: Format, theme: Theme, book: FontBook, number: int, total: int
) -> TextLine:
    """``2/6`` in the top right corner of the text's ``area`` (inside the theme's padding), in
    the theme's label face and muted colour (text, so held to 4.5:1 like the role line)."""
    pad = theme.padding * fmt.short_side
    content = area.inset(pad, pad, pad, pad)
    px = max(floor("folio", fmt), round(theme.role_size.px(fmt)))
    face = book.face(theme.label_face.family, theme.label_face.weight, theme.label_face.italic)
    line = tl.line(book, "folio", f"{number}/{total}", face, px, theme.palette.muted, "ltr")
    return tl.at(line, content.right - line.width, content.y + line.ascent)


def number_of(framed: Frame, fmt: Format, theme: Theme, book: FontBook, number: int,
              total: int) -> TextLine:  # fmt: skip
    """The slide number in the top right corner of the text's area (beside or under a panel,
    inside a frame); over a photo behind the whole slide, in the safe area's corner, above the
    text's area."""
    corner = fmt.safe if framed.background is not None else framed.area
    return folio(corner, fmt, theme, book, number, total)


def reserve_for(line: TextLine, area: Box, fmt: Format, theme: Theme) -> float:
    """The height the text must keep clear at the top of its content in ``area`` so that it
    never meets the slide number (none when the number stands above the area)."""
    below = line.baseline + line.descent + _FOLIO_GAP * line.size
    return max(0.0, below - (area.y + theme.padding * fmt.short_side))


# -- the quote slides ---------------------------------------------------------------------


def quote_slide(
    card: CardText,
    number: int,
    total: int,
    fmt: Format,
    theme: Theme,
    book: FontBook,
    *,
    logo: Path | None = None,
) -> Layout:
    """The theme's card for ``card``, set clear of the slide number in its corner."""
    framed = frame(card, fmt, theme, paragraph_direction(card.quote))
    mark = number_of(framed, fmt, theme, book, number, total)
    reserve = reserve_for(mark, framed.area, fmt, theme)
    layout = typeset(card, fmt, theme, book, logo=logo, reserve=reserve)
    return replace(
        layout, lines=(*layout.lines, mark), alt=f"Slide {number} of {total}. {layout.alt}"
    )


# -- the cover and the end ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """A part of a slide's group, set from a top edge at 0: lines, rules, a photo box."""

    lines: tuple[TextLine, ...] = ()
    rules: tuple[Rule, ...] = ()
    photo: Box | None = None
    height: float = 0.0
    spring: bool = False  # takes the height the group leaves (else the group sits mid-way)


def cover(
    deck: Deck, fmt: Format, theme: Theme, book: FontBook, *, logo: Path | None = None
) -> Layout:
    """The first slide: the speaker's photograph in a circle (else the theme's large opening
    mark), the kicker and the title, the speaker's name (or the names of all quoted, unless the
    title already says them) and role, and the publication in the footer."""
    framed = _framed(deck, deck.title, fmt, theme, book, logo, 1)
    setting, top, room = framed.setting, framed.top, framed.room
    # The speaker's photo as the theme shows photos: a large circle on a column of text; the
    # frame's own panel or backdrop; or none.  Without one, the theme's large opening mark
    # (which an empty panel already holds).
    circle = deck.photo is not None and theme.photo == "avatar"
    framed_head = bool(framed.frame.photos) or framed.frame.panel is not None
    framed_head = framed_head or framed.frame.background is not None
    who = deck.people or deck.speaker
    named = who if who and who.casefold() not in deck.title.casefold() else None
    byline = attribution_block(CardText("", named, deck.role), setting)

    kicker = _kicker(setting, deck.kicker)
    short = fmt.short_side
    low, high = (round(share * short) for share in _TITLE)
    title = _Title(setting, deck.title, range(low, high + 1))
    # The mark the quotes open with, in their own language's style.
    marks = replace(setting, quotes=quote_marks(deck.quotes[0].quote)) if deck.quotes else setting

    def group(size: int, diameter: float) -> list[_Piece]:
        parts = []
        if circle:
            parts += [_photo_piece(diameter), _gap(0.5 * size)]
        elif not framed_head:
            parts += [_mark_piece(marks, size), _gap(0.5 * size)]
        # The head hangs from the top, the words stand on the footer: a cover's composition.
        parts.append(_Piece(spring=True))
        if kicker.height:
            parts += [kicker, _gap(0.4 * size)]
        parts.append(title.piece(size))
        if byline.height:
            parts += [_gap(0.55 * size), _Piece(byline.lines, byline.rules, height=byline.height)]
        return parts

    smallest, largest = (share * short for share in _PHOTO)
    parts = None
    for size in range(high, low - 1, -1):
        if not title.fits(size):
            continue
        # The photograph takes what the words leave, within its range.
        rest = sum(p.height for p in group(size, 0.0))
        diameter = min(largest, room - rest - _PHOTO_GAP * size)
        if diameter >= smallest if circle else rest <= room:
            parts = group(size, diameter)
            break
    if parts is None:
        raise SlideError(
            f"slide 1 of {deck.count}: the cover's title \u201c{deck.title}\u201d does not fit "
            f"the {fmt.name} format ({fmt.label}) in theme {theme.name!r}, even in "
            f"{_TITLE_LINES} lines at {low} px; give a shorter title"
        )
    lines, rules, boxes = _place(setting, parts, top, room)
    photos = [
        Photo(deck.photo.path, box, deck.photo.focus, "circle")
        for box in boxes
        if deck.photo is not None
    ]
    shown = bool(photos or framed.frame.photos) or framed.frame.background is not None
    shows_photo = deck.photo is not None and shown
    credit = ", ".join(smarten(x) for x in (named or "", deck.role) if x)
    alt = (
        f"Slide 1 of {deck.count}, the cover: {smarten(deck.heading)}."
        + (f" {credit}." if credit else "")
        + (f" A photograph of {smarten(deck.speaker)}." if shows_photo and deck.speaker else "")
        + _published(deck)
        + _design(theme, fmt)
    )
    return _slide(framed, lines, rules, alt, photos)


def end(
    deck: Deck, fmt: Format, theme: Theme, book: FontBook, *, logo: Path | None = None
) -> Layout:
    """The last slide: where to read the whole (the call), signed as the cards are (the
    speaker, their role and the source line), the publication's handle, and the footer."""
    call = deck.call or "Read the full interview"
    total = deck.count
    framed = _framed(deck, call, fmt, theme, book, logo, total)
    setting, top, room = framed.setting, framed.top, framed.room
    low, high = (round(share * fmt.short_side) for share in _CALL)
    title = _Title(setting, call, range(low, high + 1))
    size = next((s for s in range(high, low - 1, -1) if title.fits(s)), None)
    if size is None:
        raise SlideError(
            f"slide {total} of {total}: the end slide's line \u201c{call}\u201d does not fit "
            f"the {fmt.name} format ({fmt.label}) in theme {theme.name!r}; give a shorter one"
        )
    who = deck.people or deck.speaker
    signed = attribution_block(CardText("", who, deck.role, source=deck.source), setting)
    parts = [title.piece(size)]
    if signed.height:
        parts += [_gap(0.8 * size), _Piece(signed.lines, signed.rules, height=signed.height)]
    if deck.handle:
        name_px = round(theme.name_size.px(fmt))
        handle = fit_label(book, "handle", smarten(deck.handle), setting.faces.label, name_px,
                           setting.content.width, accent_text(theme), "ltr", fmt,
                           theme.name)  # fmt: skip
        parts += [_gap(0.8 * size), _Piece(handle.lines, height=handle.height)]
    lines, rules, _ = _place(setting, parts, top, room)
    said = ", ".join(smarten(x) for x in (who or "", deck.role, deck.source) if x)
    alt = (
        f"Slide {total} of {total}, the end: {smarten(call)}."
        + (f" {said}." if said else "")
        + (f" {smarten(deck.handle)}." if deck.handle else "")
        + _published(deck)
        + _design(theme, fmt)
    )
    return _slide(framed, lines, rules, alt)


@dataclass(frozen=True, slots=True)
class _Frame:
    """A cover's or end slide's frame, as the theme frames its cards: the setting of its
    words, the theme's frame (a panel, the speaker's photo in it or behind the slide, a thin
    border), the slide number, the footer, and the room between them (its top and height)."""

    setting: _Setting
    frame: Frame
    number: TextLine
    foot: Footer
    top: float
    room: float


def _framed(
    deck: Deck, text: str, fmt: Format, theme: Theme, book: FontBook, logo: Path | None,
    number: int,
) -> _Frame:  # fmt: skip
    person = CardText("", deck.speaker, deck.role, photo=deck.photo)
    framed = frame(person, fmt, theme, paragraph_direction(text))
    setting = setting_for(text, fmt, theme, book, framed.area)
    mark = number_of(framed, fmt, theme, book, number, deck.count)
    reserve = reserve_for(mark, framed.area, fmt, theme)
    setting = replace(setting, content=setting.content.inset(reserve, 0, 0, 0))
    # The end slide says the handle large, so its lockup does not repeat it.
    handle = "" if number == deck.count else deck.handle
    foot = footer(CardText("", None, publication=deck.publication, handle=handle), setting, logo)
    top = setting.content.y + foot.above
    return _Frame(setting, framed, mark, foot, top, setting.content.height - foot.room)


def _slide(
    framed: _Frame,
    lines: Sequence[TextLine],
    rules: Sequence[Rule],
    alt: str,
    photos: Sequence[Photo] = (),
) -> Layout:
    setting, theme = framed.setting, framed.setting.theme
    title = [line for line in lines if line.role == "title"]
    return Layout(
        format=setting.fmt,
        theme_name=theme.name,
        background=framed.frame.background or theme.background,
        background_colour=theme.palette.background,
        lines=(*ornament(setting, framed.frame), *lines, *framed.foot.lines, framed.number),
        rules=tuple(rules),
        logo=framed.foot.logo,
        text_box=setting.content,
        quote_size=round(title[0].size) if title else 0,
        alt=alt,
        photos=(*framed.frame.photos, *photos),
        text_area=framed.frame.area,
        panels=framed.frame.rules,
    )


def _published(deck: Deck) -> str:
    return f" Published by {smarten(deck.publication)}." if deck.publication else ""


def _design(theme: Theme, fmt: Format) -> str:
    return f" Design: {theme.description}; {fmt.name} format, {fmt.label} pixels."


# -- the group's parts ----------------------------------------------------------------------


def _gap(height: float) -> _Piece:
    return _Piece(height=height)


def _kicker(setting: _Setting, text: str) -> _Piece:
    """The line over the cover's title, in the label face and the accent colour."""
    if not text:
        return _Piece()
    theme, fmt = setting.theme, setting.fmt
    shown = smarten(text).upper() if theme.label_upper else smarten(text)
    label = fit_label(setting.book, "kicker", shown, setting.faces.label,
                      round(theme.role_size.px(fmt)), setting.content.width,
                      accent_text(theme), setting.direction, fmt,
                      theme.name)  # fmt: skip
    return _Piece(label.lines, height=label.height)


def _photo_piece(diameter: float) -> _Piece:
    size = round(diameter)
    return _Piece(photo=Box(0, 0, size, size), height=size)


def _mark_piece(setting: _Setting, size: int) -> _Piece:
    """The theme's opening quotation mark, large, in the accent colour: what the carousel
    holds, where there is no photograph."""
    big = setting.mark_line(0, size * _COVER_MARK)
    return _Piece((tl.at(big, -big.ink.x, -big.ink.y),), height=big.ink.height)


class _Title:
    """A title in the theme's quote face, balanced, in as few lines as keep it near the
    largest size it could take in more (a name reads best on one line, a headline in three
    rather than four): at most the lines of the longest setting within :data:`_FEWER` of the
    largest size."""

    def __init__(self, setting: _Setting, text: str, sizes: range) -> None:
        self.setting = setting
        self.parts = pieces(smarten(text))
        self.most = _TITLE_LINES
        self._set: dict[int, list[TextLine] | None] = {}
        largest: dict[int, int] = {}  # by line count, the largest size that sets it
        for size in sorted(sizes, reverse=True):
            lines = self.lines(size)
            if lines is not None:
                largest.setdefault(len(lines), size)
        if largest:
            top = max(largest.values())
            self.most = min(n for n, size in largest.items() if size >= _FEWER * top)

    def fits(self, size: int) -> bool:
        return self.lines(size) is not None

    def lines(self, size: int) -> list[TextLine] | None:
        """The title's lines at ``size``, fewest and balanced, or None when it takes more than
        its lines, or a word is too wide."""
        if size not in self._set:
            self._set[size] = self._lines(size)
        found = self._set[size]
        return found if found is not None and len(found) <= self.most else None

    def _lines(self, size: int) -> list[TextLine] | None:
        s = self.setting
        book, face, direction, language = s.book, s.faces.quote, s.direction, s.language
        measure = s.content.width
        widths = [tl.width(book, p.text, face, direction, size, language) for p in self.parts]
        space = tl.width(book, " ", face, direction, size, language)
        glue = [space if p.space else 0.0 for p in self.parts]
        count = line_count(widths, glue, measure)
        if count is None or count > self.most:
            return None
        breaks = balance(self.parts, widths, glue, measure, count)
        if breaks is None:
            return None
        lines = [tl.line(book, "title", line_text(self.parts, a, b), face, size,
                         s.theme.palette.text, direction, language)
                 for a, b in breaks.lines]  # fmt: skip
        if any(line.width > measure + 0.5 or line.ink.width > measure for line in lines):
            return None
        return lines

    def piece(self, size: int) -> _Piece:
        lines = self.lines(size)
        assert lines is not None  # sizes are tried with fits() first
        # From the first line's ink, not its line box: the gap over a title is the one seen.
        first = -lines[0].ink.y
        placed = [
            tl.at(line, 0.0, first + i * _TITLE_LEADING * size) for i, line in enumerate(lines)
        ]
        return _Piece(tuple(placed), height=placed[-1].baseline + placed[-1].descent)


def _place(
    setting: _Setting, parts: Sequence[_Piece], top: float, room: float
) -> tuple[list[TextLine], list[Rule], list[Box]]:
    """Stack ``parts`` in the ``room`` below ``top``, each aligned as the theme aligns its
    text: the height they leave goes to their springs, or else above and below them, a touch
    more below (as on a card)."""
    content: Box = setting.content
    align: str = setting.align
    spare = max(0.0, room - sum(p.height for p in parts))
    springs = sum(p.spring for p in parts)
    y = top + (0.0 if springs else spare * _OPTICAL_CENTRE)
    lines: list[TextLine] = []
    rules: list[Rule] = []
    photos: list[Box] = []
    for part in parts:
        for line in part.lines:
            x = content.x + tl.start_x(line.ink.right if line.role == "mark" else line.width,
                                       0, content.width, align)  # fmt: skip
            lines.append(tl.moved(line, x, y))
        for rule in part.rules:
            x = content.x + tl.start_x(rule.box.width, 0, content.width, align)
            rules.append(Rule(tl.snap(tl.shifted(rule.box, x, y)), rule.colour))
        if part.photo is not None:
            box = part.photo
            x = content.x + tl.start_x(box.width, 0, content.width, align)
            photos.append(tl.snap(tl.shifted(box, x, y)))
        y += part.height + (spare / springs if part.spring else 0.0)
    return lines, rules, photos
