"""Set a card: fit the quote to its box, break its lines, place the attribution and the footer.

The card is a column inside the format's safe area, less the theme's padding.  In one corner of
it (the theme's ``footer``, bottom start unless it says otherwise) sits the publication's
lockup: its logo, which stands for the publication, and the handle beside it; or, without a
logo, the publication's name and the handle.  In the rest, as a group set a little above the
middle: the quote (its marks hanging in the margin, or a large mark above it), then the
attribution.

The quote's size follows its length and the card's shape.  It is the largest whole pixel size,
between the theme's minimum and its display size (``max_size``, about a fifth of the short
side), at which it fits in the theme's line limit and the height the attribution leaves, and at
which the text block (quote and attribution) spans no more than :data:`FILL_MAX` of the safe
area.  A short quote that is held back by its longest word instead leaves its attribution lower,
so the block still spans :data:`FILL_MIN` of the safe area.  Wide cards prefer two lines to
three.  Right-to-left quotes mirror the whole card.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from quotecards.errors import QuotecardsError
from quotecards.fonts import Direction, Face, FontBook, cjk_language, paragraph_direction
from quotecards.formats import Box, Format
from quotecards.images import image_size
from quotecards.themes import Theme, accent_text
from quotecards.typeset import lines as tl
from quotecards.typeset.breaking import (
    SENTENCE_END,
    Breaks,
    balance,
    largest,
    line_count,
    line_text,
    pieces,
)
from quotecards.typeset.frames import Frame, frame
from quotecards.typeset.highlight import HighlightError, find, refusal
from quotecards.typeset.labels import Label, LabelError, fit_label, floor
from quotecards.typeset.layout import CardText, Layout, Logo, Photo, Rule, TextLine
from quotecards.typeset.typography import (
    dash_attribution,
    for_pull_quote,
    quote_marks,
    smarten,
    unbracket_case,
)

_REFERENCE = tl.REFERENCE
_ABOVE_MARK = 2.6  # a mark set above the quote, in quote sizes
_ABOVE_GAP = 0.3  # between that mark's ink and the quote, in quote sizes
_OPTICAL_CENTRE = 0.42  # the share of spare height above the group: a touch above the middle
_LOGO_HEIGHT = 1.9  # in role sizes
_AVATAR = 2.6  # a speaker's photo beside the name: its diameter, in name sizes
_AVATAR_GAP = 0.6  # between that photo and the name, in name sizes
_ORNAMENT = 0.62  # the mark in an empty panel, in the panel's short sides
MIN_LEGIBLE = 14  # px: no theme sets type smaller
_SIZE_WEIGHT = 1.0  # what giving up the whole size would cost, per line
_BEST_LINE = SENTENCE_END  # the lowest cost a line can have: every line ends a sentence
# The share of the safe area the text block (quote, marks, attribution) spans: at most, so the
# card breathes; and at least, so that a short quote does not float in an empty card.
FILL_MAX = 0.72
FILL_MIN = 0.52
# The most the attribution moves down to fill, in quote sizes: further, and the name floats
# away from what it signs.
_MAX_SPREAD = 2.5
_WIDE = 1.5  # a card this much wider than tall reads two long lines better than three short
_WIDE_EXTRA_LINE = 0.2  # what a third line costs there, as _by_preference scores
_TWO_LINES = 70  # characters: a quote longer than this reads better in three lines than two long
_MIRRORED = {"\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u2039": "\u203a", "\u203a": "\u2039"}


class FitError(QuotecardsError):
    """A quote too long for a format and theme even at the theme's smallest size."""


# -- the quote ----------------------------------------------------------------------------


class _Quote:
    """The quote cut into pieces, with their widths at the reference size for the size search.

    ``tail`` is the closing mark's width at the reference size: it rides on the last piece, so
    the mark never starts a line of its own; ``head`` is room the first line keeps (a centred
    line keeps the hanging opening mark's width on both sides).
    """

    def __init__(
        self,
        book: FontBook,
        text: str,
        face: Face,
        direction: Direction,
        language: str | None,
        tail: float = 0.0,
        head: float = 0.0,
    ) -> None:
        self.book, self.face, self.direction, self.language = book, face, direction, language
        self.parts = pieces(text)
        self.widths = [self.width(p.text) for p in self.parts]
        if self.widths:
            self.widths[-1] += tail
        self.head = head
        space = self.width(" ")
        self.glue = [space if p.space else 0.0 for p in self.parts]
        self.total = sum(self.widths) + sum(self.glue[:-1])
        self._breaks: dict[tuple[float, float, int], Breaks | None] = {}

    def width(self, text: str, size: float = _REFERENCE) -> float:
        return tl.width(self.book, text, self.face, self.direction, size, self.language)

    def breaks_at(self, size: float, measure: float, lines: int) -> Breaks | None:
        """The best breaking into exactly ``lines`` lines at ``size`` (cached)."""
        key = (size, measure, lines)
        if key not in self._breaks:
            widths, glue = self._scaled(size)
            first = measure - self.head * size / _REFERENCE
            self._breaks[key] = balance(self.parts, widths, glue, measure, lines, first)
        return self._breaks[key]

    def count_at(self, size: float, measure: float) -> int | None:
        """The fewest lines the quote takes at ``size``, or None if a word is too wide."""
        return line_count(*self._scaled(size), measure, measure - self.head * size / _REFERENCE)

    def _scaled(self, size: float) -> tuple[list[float], list[float]]:
        k = size / _REFERENCE
        return [w * k for w in self.widths], [g * k for g in self.glue]


@dataclass(frozen=True, slots=True)
class _Column:
    """How wide the quote's lines may be at a size: a hang for the mark on the start side, the
    rest for the text.  A centred quote's column is the whole width: its first line alone keeps
    the mark's room on both sides (``_Quote.head``)."""

    hang: float
    left: float
    measure: float


def _column(width: float, mark: float, align: str) -> _Column:
    if align == "center":
        return _Column(mark, 0.0, width)
    if align == "right":
        return _Column(mark, 0.0, width - mark)
    return _Column(mark, mark, width - mark)


def line_limit(theme: Theme, fmt: Format) -> int:
    """The theme's line limit, given for a square card, grown in proportion on taller ones."""
    return max(theme.max_lines, round(theme.max_lines * fmt.height / fmt.width))


def _by_preference(
    quote: _Quote,
    largest_size: int | None,
    low: int,
    column: Callable[[float], _Column],
    line_counts: Callable[[int], range],
    extra_line: float = 0.0,
) -> Iterator[tuple[int, Breaks]]:
    """Settings to try, best first: the largest size that fits in the fewest lines, unless
    another line or a smaller size sets a much better paragraph (no widow, no lone word on a
    line, an even rag).

    Each setting scores its rag and penalties per line plus the share of size it gives up: a
    size 10% smaller must save 0.1 on every line to win; on wide cards a setting in more than two
    lines costs ``extra_line`` more.  The search stops where no smaller size can win any more;
    then come the smaller sizes, in case real widths refuse every setting.
    """
    if largest_size is None:
        return
    scored: list[tuple[float, int, int, Breaks]] = []
    best = math.inf
    size = largest_size
    while size >= low:
        loss = _SIZE_WEIGHT * (1 - size / largest_size)
        if loss + _BEST_LINE >= best:
            break
        measure = column(size).measure
        for lines in line_counts(size):
            breaks = quote.breaks_at(size, measure, lines)
            if breaks is not None:
                score = (breaks.rag + breaks.penalty) / lines + loss
                score += extra_line if lines > 2 else 0.0
                best = min(best, score)
                scored.append((score, -size, lines, breaks))
        size -= 1
    for _, negative, _, breaks in sorted(scored, key=lambda s: s[:3]):
        yield -negative, breaks
    for smaller in range(size, low - 1, -1):
        counts = line_counts(smaller)
        if counts:
            breaks = quote.breaks_at(smaller, column(smaller).measure, counts[0])
            if breaks is not None:
                yield smaller, breaks


# -- the card -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Block:
    """Lines and rules set from a top edge at 0, and the height they take."""

    lines: tuple[TextLine, ...] = ()
    rules: tuple[Rule, ...] = ()
    height: float = 0.0
    photos: tuple[Photo, ...] = ()
    indent: float = 0.0  # room kept on the start side of each line (for a photo there)


@dataclass(frozen=True, slots=True)
class _Faces:
    quote: Face
    label: Face
    role: Face
    mark: Face

    @classmethod
    def of(cls, theme: Theme, book: FontBook) -> _Faces:
        mark = theme.mark_face or theme.quote_face
        return cls(
            book.face(theme.quote_face.family, theme.quote_face.weight, theme.quote_face.italic),
            book.face(theme.label_face.family, theme.label_face.weight, theme.label_face.italic),
            book.face(theme.label_face.family, 400, theme.label_face.italic),
            book.face(mark.family, mark.weight, mark.italic),
        )


@dataclass(frozen=True, slots=True)
class _Setting:
    """What every step of setting one card shares.  ``marks`` is the style the card really
    uses: a large mark above the quote is a Latin device, so other scripts' marks hang."""

    book: FontBook
    theme: Theme
    fmt: Format
    faces: _Faces
    area: Box  # where the text may go: the fill targets are shares of it
    content: Box  # the area less the theme's padding
    direction: Direction
    language: str | None
    align: str
    quotes: tuple[str, str]
    marks: str

    def mark_line(self, which: int, size: float) -> TextLine:
        """The opening (0) or closing (1) mark at ``size``, as it is seen: in a right-to-left
        card a guillemet is drawn mirrored, and set left to right so nothing mirrors it again."""
        glyph = self.quotes[which]
        if self.direction == "rtl":
            glyph = _MIRRORED.get(glyph, glyph)
        s = self
        return tl.line(s.book, "mark", glyph, s.faces.mark, size, s.theme.palette.accent,
                       "ltr", s.language, tight=True)  # fmt: skip

    def hang(self, size: float) -> float:
        """The width of the hanging opening mark at ``size`` (0 for other mark styles)."""
        return self.mark_line(0, size).width if self.marks == "hanging" else 0.0

    def tail(self, size: float) -> float:
        """The width of the closing mark at ``size`` (0 unless marks hang)."""
        return self.mark_line(1, size).width if self.marks == "hanging" else 0.0


def setting_for(text: str, fmt: Format, theme: Theme, book: FontBook, area: Box) -> _Setting:
    """What every element set in ``area`` of a card of ``fmt`` and ``theme`` shares: the
    faces, the content box (the area less the theme's padding), and the direction, alignment
    and marks that ``text`` (the quote, or a carousel slide's title) calls for."""
    pad = theme.padding * fmt.short_side
    direction = paragraph_direction(text)
    quotes = quote_marks(text)
    marks = theme.marks
    if marks == "above" and quotes[0] != "\u201c":
        marks = "hanging"
    return _Setting(
        book=book,
        theme=theme,
        fmt=fmt,
        faces=_Faces.of(theme, book),
        area=area,
        content=area.inset(pad, pad, pad, pad),
        direction=direction,
        language=cjk_language(text),
        align="center" if theme.align == "center" else "right" if direction == "rtl" else "left",
        quotes=quotes,
        marks=marks,
    )


def typeset(
    card: CardText,
    fmt: Format,
    theme: Theme,
    book: FontBook,
    *,
    logo: Path | None = None,
    reserve: float = 0.0,
) -> Layout:
    """Lay out one card.

    ``theme`` comes with any brand already applied (:func:`quotecards.brand.apply_brand`), and
    ``logo`` is the brand's logo for its background.  Raises :class:`FitError` when the quote
    cannot be set even at the theme's smallest size, :class:`~quotecards.typeset.labels.
    LabelError` when a line of the attribution cannot, and
    :class:`quotecards.fonts.MissingGlyphError` for a character no vendored font has.
    ``reserve`` is height kept clear at the top of the text's room, under the padding: a
    carousel slide's number goes there.
    """
    shown = card.quote if theme.brackets == "show" else unbracket_case(card.quote)
    framed = frame(card, fmt, theme, paragraph_direction(shown))
    setting = setting_for(shown, fmt, theme, book, framed.area)
    if reserve:
        setting = replace(setting, content=setting.content.inset(reserve, 0, 0, 0))
    quotes = setting.quotes
    text = for_pull_quote(shown, quotes)
    attribution = attribution_block(card, setting)
    foot = footer(card, setting, logo)
    region = setting.content.height - foot.room

    size, lines = _fit(card, setting, text, attribution, region)
    if card.highlight:
        lines = _highlighted(lines, text, card, theme)
    gap = _gap(size, attribution)
    group, rules, photos, box = _stack(setting, size, lines, attribution, gap)
    spread = _spread(setting, size, group, rules, attribution, region, box)
    if spread:
        group, rules, photos, box = _stack(setting, size, lines, attribution, gap + spread)

    content = setting.content
    height = max(box.bottom, _bottom(group, rules, photos))
    top = min(0.0, box.y)
    dy = content.y + foot.above - top + max(0.0, (region - (height - top)) * _OPTICAL_CENTRE)
    placed = [tl.moved(line, content.x, dy) for line in group]
    placed_rules = [Rule(tl.snap(tl.shifted(r.box, content.x, dy)), r.colour) for r in rules]
    placed_photos = [Photo(p.path, tl.snap(tl.shifted(p.box, content.x, dy)), p.focus, p.shape)
                     for p in photos]  # fmt: skip

    placed.extend(foot.lines)

    marked = ornament(setting, framed)
    all_photos = (*framed.photos, *placed_photos)
    return Layout(
        format=fmt,
        theme_name=theme.name,
        background=framed.background or theme.background,
        background_colour=theme.palette.background,
        lines=(*marked, *placed),
        rules=tuple(placed_rules),
        logo=foot.logo,
        text_box=tl.shifted(box, content.x, dy),
        quote_size=size,
        alt=alt_text(
            card, for_pull_quote(card.quote, quotes), theme, fmt, quotes, photo=bool(all_photos)
        ),
        photos=all_photos,
        text_area=framed.area,
        panels=framed.rules,
    )


def ornament(setting: _Setting, framed: Frame) -> tuple[TextLine, ...]:
    """A large opening mark in the background colour, centred in an empty panel."""
    panel = framed.empty_panel
    if panel is None:
        return ()
    big = setting.mark_line(0, round(_ORNAMENT * min(panel.width, panel.height)))
    x = panel.x + (panel.width - big.ink.width) / 2 - (big.ink.x - big.x)
    baseline = panel.y + (panel.height - big.ink.height) / 2 - (big.ink.y - big.baseline)
    line = tl.at(big, x, baseline)
    return (replace(line, role="ornament", colour=setting.theme.palette.background),)


def _gap(size: float, attribution: _Block) -> float:
    """Between the quote and the attribution: more for bigger type, never cramped."""
    if not attribution.height:
        return 0.0
    name = max((line.size for line in attribution.lines), default=size)
    return max(1.5 * name, 0.6 * size)


def _fit(
    card: CardText, setting: _Setting, text: str, attribution: _Block, region: float
) -> tuple[int, list[TextLine]]:
    """The quote's size and lines: the best setting (see :func:`_by_preference`) whose real
    widths fit, first baseline at 0."""
    theme, book, content, fmt = setting.theme, setting.book, setting.content, setting.fmt
    hang_ref = setting.hang(_REFERENCE)
    head_ref = 2 * hang_ref if setting.align == "center" else 0.0
    quote = _Quote(book, text, setting.faces.quote, setting.direction, setting.language,
                   setting.tail(_REFERENCE), head_ref)  # fmt: skip
    big_ref = setting.mark_line(0, _REFERENCE * _ABOVE_MARK) if setting.marks == "above" else None
    runs = book.runs(text, setting.faces.quote, setting.direction, setting.language)
    ascent_ref, descent_ref = tl.ascent_descent(book, runs, _REFERENCE)
    max_lines = line_limit(theme, fmt)
    safe_area = setting.area.width * setting.area.height

    def height(size: float, count: int) -> float:
        k = size / _REFERENCE
        total = (ascent_ref + descent_ref) * k + (count - 1) * theme.leading * size
        if big_ref is not None:
            total += big_ref.ink.height * k + _ABOVE_GAP * size
        return total + _gap(size, attribution) + attribution.height

    def column(size: float) -> _Column:
        return _column(content.width, hang_ref * size / _REFERENCE, setting.align)

    def too_full(size: float, count: int) -> bool:
        """Whether the block would span more than FILL_MAX of the safe area."""
        breaks = quote.breaks_at(size, column(size).measure, count)
        if breaks is None:
            return False
        k = size / _REFERENCE
        widths = [
            (sum(quote.widths[a:b]) + sum(quote.glue[a : b - 1])) * k for a, b in breaks.lines
        ]
        wide = max(widths) + (2 if setting.align == "center" else 1) * hang_ref * k
        label = attribution.indent + max((line.width for line in attribution.lines), default=0.0)
        return max(wide, label) * height(size, count) > FILL_MAX * safe_area

    def line_counts(size: int) -> range:
        """The line counts the quote may take at ``size``: its fewest, or one more if there is
        room (a fifth line can save a widow that four would leave)."""
        fewest = quote.count_at(size, column(size).measure)
        if fewest is None:
            return range(0)
        most = min(fewest + 1, max_lines)
        while most >= fewest and (height(size, most) > region or (capped and too_full(size, most))):
            most -= 1
        return range(fewest, most + 1)

    def fits(size: int) -> bool:
        return len(line_counts(size)) > 0

    low = max(MIN_LEGIBLE, round(theme.min_size.px(fmt)))
    high = max(low, round(theme.max_size.px(fmt)))
    area = setting.area  # a wide card's text beside a panel may have a squarer column
    wide = area.width >= _WIDE * area.height and len(text) <= _TWO_LINES
    extra = _WIDE_EXTRA_LINE if wide else 0.0
    capped = True
    biggest = largest(low, high, fits)
    if biggest is None:
        # A long quote may fill more than FILL_MAX at the smallest size rather than not be set.
        capped = False
        biggest = largest(low, high, fits)
    for size, breaks in _by_preference(quote, biggest, low, column, line_counts, extra):
        # Measured for real now: hinting or an overhanging glyph may refuse what scaling allowed.
        real = _column(content.width, setting.hang(size), setting.align)
        lines = _set_quote(setting, quote, size, breaks, real)
        if lines is not None:
            return size, lines
    raise FitError(too_long_message(card, fmt, theme, low))


def _set_quote(
    setting: _Setting, quote: _Quote, size: int, breaks: Breaks, column: _Column
) -> list[TextLine] | None:
    """The quote's lines at ``size``, first baseline at 0, or None if the real widths (hinted,
    with overhanging glyphs) do not fit after all.  The last line keeps room for the closing
    mark: on its right, or on its left in a right-to-left quote."""
    width, align, theme = setting.content.width, setting.align, setting.theme
    tail = setting.tail(size)
    head = 2 * setting.hang(size) if align == "center" else 0.0
    lines = []
    for i, (start, end) in enumerate(breaks.lines):
        last = i == len(breaks.lines) - 1
        extent_tail = tail if last else 0.0
        extent_head = head if i == 0 else 0.0
        line = tl.line(quote.book, "quote", line_text(quote.parts, start, end), quote.face, size,
                       theme.palette.text, quote.direction, quote.language)  # fmt: skip
        extent = line.width + extent_tail
        x = tl.start_x(extent, column.left, column.measure, align)
        if setting.direction == "rtl":
            x += extent_tail
        line = tl.at(line, x, i * theme.leading * size)
        # A glyph may overhang its advance (an italic f, an Arabic swash): keep its ink in.
        line = tl.moved(line, max(0.0, -line.ink.x) - max(0.0, line.ink.right - width), 0)
        if extent + extent_head > column.measure + 0.5 or line.ink.x < 0 or line.ink.right > width:
            return None
        lines.append(line)
    return lines


def _highlighted(lines: list[TextLine], text: str, card: CardText, theme: Theme) -> list[TextLine]:
    """The quote's lines with the characters of the card's highlight marked, each line its share
    (the phrase may run over a break).  The lines are ``text`` in order, one space (or none, at
    a break inside a word) dropped between them."""
    found = find(card.highlight, text)
    if found is None:
        raise HighlightError(refusal(card.highlight, card.quote, card.id))
    start, end = found
    colour = accent_text(theme)
    out = []
    at = 0
    for line in lines:
        at = text.index(line.text, at)
        first, last = max(start, at) - at, min(end, at + len(line.text)) - at
        if first < last:
            line = replace(line, accents=((first, last),), accent=colour)
        out.append(line)
        at += len(line.text)
    return out


def _stack(
    setting: _Setting, size: int, lines: list[TextLine], attribution: _Block, gap: float
) -> tuple[list[TextLine], list[Rule], list[Photo], Box]:
    """The quote with its marks, then the attribution (with the speaker's photo), from a top
    edge at 0 and a left edge at the content's; and the box the quote's ink lies in."""
    content, align = setting.content, setting.align
    group: list[TextLine] = []
    top = 0.0
    if setting.marks == "above":
        big = setting.mark_line(0, size * _ABOVE_MARK)
        x = tl.start_x(big.ink.width, 0, content.width, align) - big.ink.x
        group.append(tl.at(big, x, -big.ink.y))
        top = big.ink.height + _ABOVE_GAP * size
        # Under a big mark the gap is measured to the ink; otherwise the line box sets the top.
        first_baseline = top - lines[0].ink.y
    else:
        first_baseline = top + max(lines[0].ascent, -lines[0].ink.y)
    lines = [tl.moved(line, 0, first_baseline) for line in lines]
    if setting.marks == "hanging":
        rtl = setting.direction == "rtl"
        first, last = lines[0], lines[-1]
        opening, closing = setting.mark_line(0, size), setting.mark_line(1, size)
        x = first.x + first.width if rtl else first.x - opening.width
        group.append(_within(tl.at(opening, x, first.baseline), content.width))
        x = last.x - closing.width if rtl else last.x + last.width
        group.append(_within(tl.at(closing, x, last.baseline), content.width))
    group.extend(lines)

    boxed = [line for line in group if line.role == "quote" or setting.marks == "hanging"]
    quote_top = min(min(line.ink.y for line in boxed), first_baseline - lines[0].ascent)
    quote_bottom = max(lines[-1].baseline + lines[-1].descent, *(q.ink.bottom for q in boxed))
    box = Box(0, quote_top, content.width, quote_bottom - quote_top)

    y = quote_bottom + gap
    # A photo beside the name keeps its room on the start side: the left, or the right in a
    # right-to-left card.
    indent = attribution.indent
    lead = indent if setting.direction != "rtl" else 0.0
    measure = content.width - indent

    def x_of(width: float) -> float:
        return tl.start_x(width, lead, measure, align)

    group.extend(tl.moved(line, x_of(line.width), y) for line in attribution.lines)
    # A rule over a photo beside the name starts where the photo does.
    rules = [Rule(Box(tl.start_x(r.box.width, 0, content.width, align) if indent else
                      x_of(r.box.width), r.box.y + y, r.box.width, r.box.height), r.colour)
             for r in attribution.rules]  # fmt: skip
    photos = []
    for photo in attribution.photos:
        b = photo.box
        if align == "center":
            px = (content.width - b.width) / 2
        else:
            px = content.width - b.width if setting.direction == "rtl" else 0.0
        photos.append(replace(photo, box=Box(px, b.y + y, b.width, b.height)))
    return group, rules, photos, box


def _within(line: TextLine, width: float) -> TextLine:
    """Keep a mark's ink, not just its advance, inside the column."""
    return tl.moved(line, max(0.0, -line.ink.x) - max(0.0, line.ink.right - width), 0)


def _spread(
    setting: _Setting,
    size: int,
    group: list[TextLine],
    rules: list[Rule],
    attribution: _Block,
    region: float,
    box: Box,
) -> float:
    """How far to move the attribution down so that the block spans FILL_MIN of the safe area
    (a short quote held back by its longest word), within the room the region leaves."""
    if not attribution.lines:
        return 0.0
    block = tl.union([line.ink for line in group] + [r.box for r in rules])
    if block is None or block.width <= 0:
        return 0.0
    safe = setting.area
    want = FILL_MIN * safe.width * safe.height / block.width
    # The room left as the card is placed: from the quote's line box (or its mark's ink) to the
    # attribution's last descent, not only ink to ink.
    used = max(box.bottom, _bottom(group, rules, [])) - min(0.0, box.y)
    room = min(region - used, _MAX_SPREAD * size)
    return max(0.0, min(want - block.height, room))


def _bottom(lines: list[TextLine], rules: list[Rule], photos: list[Photo]) -> float:
    return max(
        [line.baseline + line.descent for line in lines]
        + [r.box.bottom for r in rules]
        + [p.box.bottom for p in photos]
    )


def attribution_block(card: CardText, setting: _Setting) -> _Block:
    """The rule (if the theme has one), the name, the role and the source line, each fitted to
    the column (see :mod:`quotecards.typeset.labels`), left ends at 0, top at 0."""
    theme, fmt, faces = setting.theme, setting.fmt, setting.faces
    name_px = round(theme.name_size.px(fmt))
    role_px = round(theme.role_size.px(fmt))
    lines: list[TextLine] = []
    rules: list[Rule] = []
    y = 0.0
    # The speaker's photo as a circle: beside the name, or above it on a centred card.
    photo = card.photo if theme.photo == "avatar" and (card.speaker or card.role) else None
    diameter = round(_AVATAR * name_px) if photo is not None else 0
    beside = photo is not None and setting.align != "center"
    indent = diameter + _AVATAR_GAP * name_px if beside else 0.0
    if photo is not None and not beside:
        y = diameter + _AVATAR_GAP * name_px

    def add(label: Label, space: float) -> None:
        nonlocal y
        y += space if lines else 0.0
        lines.extend(tl.moved(line, 0, y) for line in label.lines)
        y += label.height

    def fitted(role: str, text: str, face: Face, px: int, colour: str) -> Label:
        direction = setting.direction
        return fit_label(setting.book, role, text, face, px, setting.content.width - indent,  # type: ignore[arg-type]
                         colour, direction, fmt, theme.name)  # fmt: skip

    # A photo above the name introduces it: no rule or dash between them.
    above = photo is not None and not beside
    rule = theme.rule and not above
    if rule and (card.speaker or card.role):
        thickness = max(3, round(name_px / 10))
        rules.append(Rule(Box(0, y, round(2.2 * name_px), thickness), theme.palette.accent))
        y += thickness + 0.9 * name_px
    if card.speaker:
        # A rule already introduces the name; without one, a dash does.
        if rule or above:
            name = smarten(card.speaker)
            name = name.upper() if theme.label_upper else name
        else:
            name = dash_attribution(card.speaker)
        label = fitted("speaker", name, faces.label, name_px, theme.palette.text)
        lines.extend(tl.moved(line, 0, y) for line in label.lines)
        y += label.height
    if card.role:
        add(fitted("role", smarten(card.role), faces.role, role_px, theme.palette.muted),
            0.35 * role_px)  # fmt: skip
    if card.source:
        add(fitted("source", smarten(card.source), faces.role, role_px, theme.palette.muted),
            0.3 * role_px)  # fmt: skip
    if photo is None:
        return _Block(tuple(lines), tuple(rules), y)
    top = 0.0
    if beside:
        # The rule stays above, over the photo's edge; below it the photo and the lines beside
        # it share a middle.
        start = min((line.baseline - line.ascent for line in lines), default=0.0)
        text = y - start
        if text < diameter:
            lines = [tl.moved(line, 0, (diameter - text) / 2) for line in lines]
        top = start + max(0.0, (text - diameter) / 2)
        y = start + max(text, diameter)
    circle = Photo(photo.path, Box(0, top, diameter, diameter), photo.focus, "circle")
    return _Block(tuple(lines), tuple(rules), y, (circle,), indent)


@dataclass(frozen=True, slots=True)
class _Footer:
    """The lockup, set from a top left at 0: ``align`` is how it and its lines sit in their
    corner (left, center or right)."""

    lines: tuple[TextLine, ...]
    logo: Box | None
    height: float
    width: float
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Footer:
    """The lockup, placed in its corner of the content; ``room`` is the height the text must
    leave it (none when there is no lockup), ``above`` that share of it over the text (a
    masthead's)."""

    lines: tuple[TextLine, ...]
    logo: Logo | None
    room: float
    above: float


def footer(card: CardText, setting: _Setting, logo: Path | None) -> Footer:
    """The lockup of a card (or carousel slide) of ``card``'s publication, in ``setting``."""
    made = _footer(card, setting, logo)
    content = setting.content
    top_corner = setting.theme.footer.startswith("top")
    # The lockup's band, and the room it keeps from the text: above the group, or below it.
    room = made.height + 2.4 * floor("role", setting.fmt) if made.height else 0.0
    top = content.y if top_corner else content.bottom - made.height
    x = content.x + tl.start_x(made.width, 0, content.width, made.align)
    placed = tuple(tl.moved(line, x, top) for line in made.lines)
    logo_box = None
    if logo is not None and made.logo is not None:
        logo_box = Logo(logo, tl.snap(tl.shifted(made.logo, x, top)))
    return Footer(placed, logo_box, room, room if top_corner else 0.0)


SEPARATOR = " \u00b7 "


def footer_words(card: CardText, logo: bool) -> tuple[str, ...]:
    """What the footer says, part by part: beside a logo, which stands for the publication,
    only the handle; without one, the publication's name and the handle."""
    parts = (card.handle,) if logo else (card.publication, card.handle)
    return tuple(smarten(part) for part in parts if part)


def _footer_align(setting: _Setting) -> str:
    """The side of its corner the lockup keeps to: start is the left of a left-to-right card
    and the right of a right-to-left one."""
    side = setting.theme.footer.partition("-")[2]
    if side == "center":
        return "center"
    rtl = setting.direction == "rtl"
    return "right" if (side == "end") != rtl else "left"


def _footer(card: CardText, setting: _Setting, logo: Path | None) -> _Footer:
    """The logo, then the handle (or, without a logo, the publication's name and the handle)
    centred on it; top left at 0."""
    theme, fmt = setting.theme, setting.fmt
    align = _footer_align(setting)
    px = max(floor("publication", fmt), round(theme.role_size.px(fmt)))
    logo_box = None
    width = height = 0.0
    if logo is not None:
        w, h = image_size(logo)
        logo_w = min(w * _LOGO_HEIGHT * px / h, 6 * _LOGO_HEIGHT * px)
        logo_box = Box(0, 0, logo_w, logo_w * h / w)
        width, height = logo_box.width, logo_box.height
    words = footer_words(card, logo is not None)
    if not words:
        return _Footer((), logo_box, height, width, align)
    x = width + 0.7 * px if logo_box is not None else 0.0
    try:
        lines, text_height = _footer_text(setting, words, px, setting.content.width - x)
    except LabelError:
        if logo_box is None:
            raise
        # Too long to stand beside the logo (a column beside a photo): under it instead.
        lines, text_height = _footer_text(setting, words, px, setting.content.width)
        text_width = max(line.width for line in lines)
        dy = logo_box.height + 0.5 * px
        placed = tuple(
            tl.moved(line, tl.start_x(line.width, 0, text_width, align), dy) for line in lines
        )
        return _Footer(placed, logo_box, dy + text_height, max(width, text_width), align)
    text_width = max(line.width for line in lines)
    total = max(height, text_height)
    if logo_box is not None:
        logo_box = Box(0, (total - logo_box.height) / 2, logo_box.width, logo_box.height)
    dy = (total - text_height) / 2
    placed = tuple(
        tl.moved(line, x + tl.start_x(line.width, 0, text_width, align), dy) for line in lines
    )
    return _Footer(placed, logo_box, total, x + text_width, align)


def _footer_text(
    setting: _Setting, words: tuple[str, ...], px: int, measure: float
) -> tuple[list[TextLine], float]:
    """The footer's words in one line, joined by a separator, when they fit at ``px``; else
    one part a line, the break made at the separator, which goes: a line never starts or ends
    with it.  Left ends at 0, first top at 0; and the height they take."""
    theme, fmt, book, face = setting.theme, setting.fmt, setting.book, setting.faces.label
    colour = theme.palette.muted

    def fitted(text: str) -> Label:
        return fit_label(book, "publication", text, face, px, measure, colour,
                         paragraph_direction(text), fmt, theme.name)  # fmt: skip

    joined = SEPARATOR.join(words)
    one = tl.line(book, "publication", joined, face, px, colour, paragraph_direction(joined))
    if len(words) == 1 or (one.width <= measure + 0.5 and one.ink.width <= measure):
        label = fitted(joined)
        return list(label.lines), label.height
    lines: list[TextLine] = []
    y = 0.0
    for part in words:
        label = fitted(part)
        y += 0.3 * px if lines else 0.0
        lines.extend(tl.moved(line, 0, y) for line in label.lines)
        y += label.height
    return lines, y


def too_long_message(card: CardText, fmt: Format, theme: Theme, low: int) -> str:
    words = card.quote.split()
    preview = " ".join(words[:8]) + (" \u2026" if len(words) > 8 else "")
    which = f"quote {card.id} " if card.id else "quote "
    return (
        f"{which}\u201c{preview}\u201d ({len(words)} words) does not fit the {fmt.name} format "
        f"({fmt.label}) in theme {theme.name!r}, even at {low} px in {theme.max_lines} lines; "
        "pick a shorter quote, a taller format (portrait, story), or trim it in the selection"
    )


def alt_text(
    card: CardText,
    quote: str,
    theme: Theme,
    fmt: Format,
    marks: tuple[str, str],
    *,
    photo: bool = False,
) -> str:
    """What a screen reader says for the card: the quote as edited (brackets kept), who said
    it, whether their photo is on it, and how the card looks."""
    who = ", ".join(smarten(x) for x in (card.speaker or "", card.role) if x)
    said = f" \u2014 {who}" if who else ""
    source = f" {_sentence(smarten(card.source))}" if card.source else ""
    publisher = smarten(card.publication or card.handle)
    if card.publication and card.handle:
        publisher += f" ({smarten(card.handle)})"
    published = f" Published by {publisher}." if publisher else ""
    pictured = ""
    if photo and card.photo is not None:
        whose = f" of {smarten(card.speaker)}" if card.speaker else ""
        pictured = f" With a photo{whose}."
    return (
        f"Quote card: {marks[0]}{quote}{marks[1]}{said}.{source}{published}{pictured} "
        f"Design: {theme.description}; {fmt.name} format, {fmt.label} pixels."
    )


def _sentence(text: str) -> str:
    """``text`` ending as a sentence does, for a screen reader's pause."""
    return text if text[-1:] in ".!?\u2026" else text + "."
