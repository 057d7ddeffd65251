"""Set a card: fit the quote to its box, break its lines, place the attribution and the footer.

The card is a column inside the format's safe area, less the theme's padding.  At its foot sit
the logo and the publication's name.  Above them, as a group set a little above the middle: the
quote (its opening mark hanging in the margin, or a large mark above it), then the attribution.
The quote gets the largest whole pixel size, between the theme's minimum and maximum, at which it
fits in the theme's line limit and the height the rest leaves it.  Right-to-left quotes mirror
the whole card.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from quotecards.errors import QuotecardsError
from quotecards.fonts import (
    Direction,
    Face,
    FontBook,
    Run,
    cjk_language,
    paragraph_direction,
    visual_order,
)
from quotecards.formats import Box, Format
from quotecards.themes import Theme
from quotecards.typeset.breaking import (
    SENTENCE_END,
    Breaks,
    balance,
    largest,
    line_count,
    line_text,
    pieces,
)
from quotecards.typeset.layout import CardText, Layout, Logo, Role, Rule, TextLine
from quotecards.typeset.typography import dash_attribution, for_pull_quote, quote_marks, smarten

# Widths are measured once at this size and scaled, which is exact up to hinting; the size the
# search settles on is then measured for real.
_REFERENCE = 100.0
_ABOVE_MARK = 2.6  # a mark set above the quote, in quote sizes
_ABOVE_GAP = 0.3  # between that mark's ink and the quote, in quote sizes
_OPTICAL_CENTRE = 0.42  # the share of spare height above the group: a touch above the middle
_LOGO_HEIGHT = 1.9  # in label sizes
MIN_LEGIBLE = 14  # px: no theme sets type smaller
_SIZE_WEIGHT = 1.0  # what giving up the whole size would cost, per line
_BEST_LINE = SENTENCE_END  # the lowest cost a line can have: every line ends a sentence


class FitError(QuotecardsError):
    """A quote too long for a format and theme even at the theme's smallest size."""


# -- lines --------------------------------------------------------------------------------


def _width(
    book: FontBook,
    text: str,
    face: Face,
    direction: Direction,
    size: float = _REFERENCE,
    language: str | None = None,
) -> float:
    return book.measure(book.runs(text, face, direction, language), size)


def _ascent_descent(book: FontBook, runs: Sequence[Run], size: float) -> tuple[float, float]:
    """The tallest ascent and deepest descent of the faces on a line, at ``size``."""
    ascent = descent = 0.0
    for face in {run.face for run in runs}:
        a, d = book.font(face, size).getmetrics()
        scale = size / face.strike if face.strike else 1.0
        ascent, descent = max(ascent, a * scale), max(descent, d * scale)
    return ascent, descent


def _ink(book: FontBook, runs: Sequence[Run], size: float) -> Box:
    """Where the glyphs of a line drawn at ``(0, 0)`` (left end, baseline) put ink."""
    left = top = float("inf")
    right = bottom = float("-inf")
    pen = 0.0
    for run in visual_order(runs):
        if run.text.strip():
            shaping = {"direction": "rtl" if run.rtl else "ltr", "language": run.language}
            box = book.font(run.face, size).getbbox(run.text, anchor="ls", **shaping)
            scale = size / run.face.strike if run.face.strike else 1.0
            left, right = min(left, pen + box[0] * scale), max(right, pen + box[2] * scale)
            top, bottom = min(top, box[1] * scale), max(bottom, box[3] * scale)
        pen += book.measure((run,), size)
    if left == float("inf"):
        return Box(0, 0, 0, 0)
    return Box(left, top, right - left, bottom - top)


def _line(
    book: FontBook,
    role: Role,
    text: str,
    face: Face,
    size: float,
    colour: str,
    direction: Direction,
    language: str | None = None,
) -> TextLine:
    """A line of type with its left end and baseline at ``(0, 0)``.

    ``direction`` and ``language`` are the whole quote's, so that every line agrees with it.
    """
    runs = book.runs(text, face, direction, language)
    width = book.measure(runs, size)
    ascent, descent = _ascent_descent(book, runs, size)
    return TextLine(
        role,
        text,
        runs,
        size,
        0.0,
        0.0,
        width,
        ascent,
        descent,
        colour,
        direction,
        _ink(book, runs, size),
    )


def _at(line: TextLine, x: float, baseline: float) -> TextLine:
    """``line`` with its left end at ``x`` and its baseline at ``baseline``."""
    dx, dy = x - line.x, baseline - line.baseline
    ink = line.ink
    return replace(
        line, x=x, baseline=baseline, ink=Box(ink.x + dx, ink.y + dy, ink.width, ink.height)
    )


def _moved(line: TextLine, dx: float, dy: float) -> TextLine:
    return _at(line, line.x + dx, line.baseline + dy)


def _start_x(width: float, left: float, room: float, align: str) -> float:
    """Where a thing ``width`` wide starts to be aligned in ``[left, left + room]``."""
    if align == "center":
        return left + (room - width) / 2
    if align == "right":
        return left + room - width
    return left


# -- the quote ----------------------------------------------------------------------------


class _Quote:
    """The quote cut into pieces, with their widths at the reference size for the size search."""

    def __init__(
        self, book: FontBook, text: str, face: Face, direction: Direction, language: str | None
    ) -> None:
        self.book, self.face, self.direction, self.language = book, face, direction, language
        self.parts = pieces(text)
        self.widths = [self.width(p.text) for p in self.parts]
        space = self.width(" ")
        self.glue = [space if p.space else 0.0 for p in self.parts]
        self._breaks: dict[tuple[float, float, int], Breaks | None] = {}

    def width(self, text: str, size: float = _REFERENCE) -> float:
        return _width(self.book, text, self.face, self.direction, size, self.language)

    def breaks_at(self, size: float, measure: float, lines: int) -> Breaks | None:
        """The best breaking into exactly ``lines`` lines at ``size`` (cached)."""
        key = (size, measure, lines)
        if key not in self._breaks:
            widths, glue = self._scaled(size)
            self._breaks[key] = balance(self.parts, widths, glue, measure, lines)
        return self._breaks[key]

    def count_at(self, size: float, measure: float) -> int | None:
        """The fewest lines the quote takes at ``size``, or None if a word is too wide."""
        return line_count(*self._scaled(size), measure)

    def _scaled(self, size: float) -> tuple[list[float], list[float]]:
        k = size / _REFERENCE
        return [w * k for w in self.widths], [g * k for g in self.glue]


@dataclass(frozen=True, slots=True)
class _Column:
    """How wide the quote's lines may be at a size: a hang for the mark on the start side (both
    sides when centred), the rest for the text."""

    hang: float
    left: float
    measure: float


def _column(width: float, mark: float, align: str) -> _Column:
    if align == "center":
        return _Column(mark, mark, width - 2 * mark)
    if align == "right":
        return _Column(mark, 0.0, width - mark)
    return _Column(mark, mark, width - mark)


def _set_quote(
    quote: _Quote,
    size: int,
    breaks: Breaks,
    column: _Column,
    width: float,
    align: str,
    colour: str,
    leading: float,
) -> list[TextLine] | None:
    """The quote's lines at ``size``, first baseline at 0, or None if the real widths (hinted,
    with overhanging glyphs) do not fit after all."""
    lines = []
    for i, (start, end) in enumerate(breaks.lines):
        text = line_text(quote.parts, start, end)
        line = _line(
            quote.book, "quote", text, quote.face, size, colour, quote.direction, quote.language
        )
        line = _at(
            line, _start_x(line.width, column.left, column.measure, align), i * leading * size
        )
        # A glyph may overhang its advance (an italic f, an Arabic swash): keep its ink in.
        line = _moved(line, max(0.0, -line.ink.x) - max(0.0, line.ink.right - width), 0)
        if line.width > column.measure + 0.5 or line.ink.x < 0 or line.ink.right > width:
            return None
        lines.append(line)
    return lines


def line_limit(theme: Theme, fmt: Format) -> int:
    """The theme's line limit, given for a square card, grown in proportion on taller ones."""
    return max(theme.max_lines, round(theme.max_lines * fmt.height / fmt.width))


def _by_preference(
    quote: _Quote,
    largest_size: int | None,
    low: int,
    column: Callable[[float], _Column],
    line_counts: Callable[[int], range],
) -> Iterator[tuple[int, Breaks]]:
    """Settings to try, best first: the largest size that fits in the fewest lines, unless
    another line or a smaller size sets a much better paragraph (no widow, no lone word on a
    line, an even rag).

    Each setting scores its rag and penalties per line plus the share of size it gives up: a
    size 10% smaller must save 0.1 on every line to win.  The search stops where no smaller size can
    win any more; then come the smaller sizes, in case real widths refuse every setting.
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
    """What every step of setting one card shares."""

    book: FontBook
    theme: Theme
    faces: _Faces
    content: Box
    direction: Direction
    language: str | None
    align: str
    marks: tuple[str, str]

    def mark_line(self, size: float) -> TextLine:
        s = self
        return _line(s.book, "mark", s.marks[0], s.faces.mark, size, s.theme.palette.accent,
                     s.direction, s.language)  # fmt: skip

    def hang(self, size: float) -> float:
        """The width of the hanging opening mark at ``size`` (0 for other mark styles)."""
        if self.theme.marks != "hanging":
            return 0.0
        s = self
        return _width(s.book, s.marks[0], s.faces.mark, s.direction, size, s.language)


def typeset(
    card: CardText,
    fmt: Format,
    theme: Theme,
    book: FontBook,
    *,
    logo: Path | None = None,
) -> Layout:
    """Lay out one card.

    ``theme`` comes with any brand already applied (:func:`quotecards.brand.apply_brand`), and
    ``logo`` is the brand's logo for its background.  Raises :class:`FitError` when the quote
    cannot be set even at the theme's smallest size, and
    :class:`quotecards.fonts.MissingGlyphError` for a character no vendored font has.
    """
    pad = theme.padding * fmt.short_side
    direction = paragraph_direction(card.quote)
    setting = _Setting(
        book=book,
        theme=theme,
        faces=_Faces.of(theme, book),
        content=fmt.safe.inset(pad, pad, pad, pad),
        direction=direction,
        language=cjk_language(card.quote),
        align="center" if theme.align == "center" else "right" if direction == "rtl" else "left",
        marks=quote_marks(card.quote),
    )
    text = for_pull_quote(card.quote, setting.marks)
    label_px = max(MIN_LEGIBLE, round(theme.label_size.px(fmt)))
    attribution = _attribution(card, setting, label_px)
    footer = _footer(card, setting, label_px, logo)
    region = setting.content.height - (footer.height + 2.4 * label_px if footer.height else 0.0)

    size, lines = _fit(card, fmt, setting, text, attribution, label_px, region)
    group, rules, box = _stack(setting, size, lines, attribution, _gap(size, label_px, attribution))

    content = setting.content
    height = max(box.bottom, _bottom(group, rules))
    top = min(0.0, box.y)
    dy = content.y - top + max(0.0, (region - (height - top)) * _OPTICAL_CENTRE)
    placed = [_moved(line, content.x, dy) for line in group]
    placed_rules = [Rule(_snap(_shifted(r.box, content.x, dy)), r.colour) for r in rules]

    foot_top = content.bottom - footer.height
    foot_x = content.x + _start_x(footer.width, 0, content.width, setting.align)
    placed.extend(_moved(line, foot_x, foot_top) for line in footer.lines)
    logo_box = None
    if logo is not None and footer.logo is not None:
        logo_box = Logo(logo, _snap(_shifted(footer.logo, foot_x, foot_top)))

    return Layout(
        format=fmt,
        theme_name=theme.name,
        background=theme.background,
        background_colour=theme.palette.background,
        lines=tuple(placed),
        rules=tuple(placed_rules),
        logo=logo_box,
        text_box=_shifted(box, content.x, dy),
        quote_size=size,
        alt=alt_text(card, text, theme, fmt, setting.marks),
    )


def _gap(size: float, label_px: int, attribution: _Block) -> float:
    """Between the quote and the attribution: more for bigger type, never cramped."""
    return max(1.8 * label_px, 0.75 * size) if attribution.height else 0.0


def _fit(
    card: CardText,
    fmt: Format,
    setting: _Setting,
    text: str,
    attribution: _Block,
    label_px: int,
    region: float,
) -> tuple[int, list[TextLine]]:
    """The quote's size and lines: the best setting (see :func:`_by_preference`) whose real
    widths fit, first baseline at 0."""
    theme, book, content = setting.theme, setting.book, setting.content
    closing = setting.marks[1] if theme.marks == "hanging" else ""
    quote = _Quote(book, text + closing, setting.faces.quote, setting.direction, setting.language)
    hang_ref = setting.hang(_REFERENCE)
    big_ref = setting.mark_line(_REFERENCE * _ABOVE_MARK) if theme.marks == "above" else None
    runs = book.runs(text, setting.faces.quote, setting.direction, setting.language)
    ascent_ref, descent_ref = _ascent_descent(book, runs, _REFERENCE)
    max_lines = line_limit(theme, fmt)

    def height(size: float, count: int) -> float:
        k = size / _REFERENCE
        total = (ascent_ref + descent_ref) * k + (count - 1) * theme.leading * size
        if big_ref is not None:
            total += big_ref.ink.height * k + _ABOVE_GAP * size
        return total + _gap(size, label_px, attribution) + attribution.height

    def column(size: float) -> _Column:
        return _column(content.width, hang_ref * size / _REFERENCE, setting.align)

    def line_counts(size: int) -> range:
        """The line counts the quote may take at ``size``: its fewest, or one more if there is
        room (a fifth line can save a widow that four would leave)."""
        fewest = quote.count_at(size, column(size).measure)
        if fewest is None:
            return range(0)
        most = min(fewest + 1, max_lines)
        while most >= fewest and height(size, most) > region:
            most -= 1
        return range(fewest, most + 1)

    def fits(size: int) -> bool:
        return len(line_counts(size)) > 0

    low = max(MIN_LEGIBLE, round(theme.min_size.px(fmt)))
    high = max(low, round(theme.max_size.px(fmt)))
    for size, breaks in _by_preference(quote, largest(low, high, fits), low, column, line_counts):
        # Measured for real now: hinting or an overhanging glyph may refuse what scaling allowed.
        real = _column(content.width, setting.hang(size), setting.align)
        lines = _set_quote(quote, size, breaks, real, content.width, setting.align,
                           theme.palette.text, theme.leading)  # fmt: skip
        if lines is not None:
            return size, lines
    raise FitError(too_long_message(card, fmt, theme, low))


def _stack(
    setting: _Setting, size: int, lines: list[TextLine], attribution: _Block, gap: float
) -> tuple[list[TextLine], list[Rule], Box]:
    """The quote with its marks, then the attribution, from a top edge at 0 and a left edge at
    the content's; and the box the quote's ink lies in."""
    theme, content, align = setting.theme, setting.content, setting.align
    group: list[TextLine] = []
    top = 0.0
    if theme.marks == "above":
        big = setting.mark_line(size * _ABOVE_MARK)
        x = _start_x(big.ink.width, 0, content.width, align) - big.ink.x
        group.append(_at(big, x, -big.ink.y))
        top = big.ink.height + _ABOVE_GAP * size
        # Under a big mark the gap is measured to the ink; otherwise the line box sets the top.
        first_baseline = top - lines[0].ink.y
    else:
        first_baseline = top + max(lines[0].ascent, -lines[0].ink.y)
    lines = [_moved(line, 0, first_baseline) for line in lines]
    if theme.marks == "hanging":
        first, mark = lines[0], setting.mark_line(size)
        x = first.x + first.width if setting.direction == "rtl" else first.x - mark.width
        mark = _at(mark, x, first.baseline)
        # Keep the mark's ink, not just its advance, inside the column.
        group.append(
            _moved(mark, max(0.0, -mark.ink.x) - max(0.0, mark.ink.right - content.width), 0)
        )
    group.extend(lines)

    boxed = [line for line in group if line.role == "quote" or theme.marks == "hanging"]
    quote_top = min(min(line.ink.y for line in boxed), first_baseline - lines[0].ascent)
    quote_bottom = max(lines[-1].baseline + lines[-1].descent, *(q.ink.bottom for q in lines))
    box = Box(0, quote_top, content.width, quote_bottom - quote_top)

    y = quote_bottom + gap
    group.extend(_moved(line, _start_x(line.width, 0, content.width, align), y)
                 for line in attribution.lines)  # fmt: skip
    rules = [Rule(Box(_start_x(r.box.width, 0, content.width, align), r.box.y + y, r.box.width,
                      r.box.height), r.colour) for r in attribution.rules]  # fmt: skip
    return group, rules, box


def _bottom(lines: Sequence[TextLine], rules: Sequence[Rule]) -> float:
    return max([line.baseline + line.descent for line in lines] + [r.box.bottom for r in rules])


def _shifted(box: Box, dx: float, dy: float) -> Box:
    return Box(box.x + dx, box.y + dy, box.width, box.height)


def _snap(box: Box) -> Box:
    """A box on whole pixels, so rules and logos are crisp."""
    return Box(round(box.x), round(box.y), round(box.width), round(box.height))


def _attribution(card: CardText, setting: _Setting, px: int) -> _Block:
    """The rule (if the theme has one), the speaker and the role, left ends at 0, top at 0."""
    theme, book, faces, direction = setting.theme, setting.book, setting.faces, setting.direction
    lines: list[TextLine] = []
    rules: list[Rule] = []
    y = 0.0
    if theme.rule and (card.speaker or card.role):
        thickness = max(2, round(px / 9))
        rules.append(Rule(Box(0, 0, round(2.2 * px), thickness), theme.palette.accent))
        y = thickness + 1.0 * px
    if card.speaker:
        # A rule already introduces the name; without one, a dash does.
        if theme.rule:
            name = smarten(card.speaker)
            name = name.upper() if theme.label_upper else name
        else:
            name = dash_attribution(card.speaker)
        line = _line(book, "speaker", name, faces.label, px, theme.palette.text, direction)
        lines.append(_at(line, 0, y + line.ascent))
        y += line.ascent + line.descent
    if card.role:
        role = smarten(card.role)
        line = _line(book, "role", role, faces.role, px, theme.palette.muted, direction)
        y += 0.25 * px if lines else 0.0
        lines.append(_at(line, 0, y + line.ascent))
        y += line.ascent + line.descent
    return _Block(tuple(lines), tuple(rules), y)


@dataclass(frozen=True, slots=True)
class _Footer:
    lines: tuple[TextLine, ...]
    logo: Box | None
    height: float
    width: float


@cache
def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _footer(card: CardText, setting: _Setting, px: int, logo: Path | None) -> _Footer:
    """The logo, then the publication's name centred on it; top left at 0."""
    logo_box = None
    width = height = 0.0
    if logo is not None:
        w, h = _image_size(logo)
        logo_w = min(w * _LOGO_HEIGHT * px / h, 6 * _LOGO_HEIGHT * px)
        logo_box = Box(0, 0, logo_w, logo_w * h / w)
        width, height = logo_box.width, logo_box.height
    if not card.publication:
        return _Footer((), logo_box, height, width)
    name = smarten(card.publication)
    line = _line(setting.book, "publication", name, setting.faces.label, px,
                 setting.theme.palette.muted, paragraph_direction(name))  # fmt: skip
    line_h = line.ascent + line.descent
    total = max(height, line_h)
    x = width + 0.7 * px if logo_box is not None else 0.0
    if logo_box is not None:
        logo_box = Box(0, (total - logo_box.height) / 2, logo_box.width, logo_box.height)
    baseline = (total - line_h) / 2 + line.ascent
    return _Footer((_at(line, x, baseline),), logo_box, total, x + line.width)


def too_long_message(card: CardText, fmt: Format, theme: Theme, low: int) -> str:
    words = card.quote.split()
    preview = " ".join(words[:8]) + (" \u2026" if len(words) > 8 else "")
    which = f"quote {card.id} " if card.id else "quote "
    return (
        f"{which}\u201c{preview}\u201d ({len(words)} words) does not fit the {fmt.name} format "
        f"({fmt.label}) in theme {theme.name!r}, even at {low} px in {theme.max_lines} lines; "
        "pick a shorter quote, a taller format (portrait, story), or trim it in the selection"
    )


def alt_text(card: CardText, quote: str, theme: Theme, fmt: Format, marks: tuple[str, str]) -> str:
    """What a screen reader says for the card: the quote, who said it, and how the card looks."""
    who = ", ".join(smarten(x) for x in (card.speaker or "", card.role) if x)
    said = f" \u2014 {who}" if who else ""
    published = f" Published by {smarten(card.publication)}." if card.publication else ""
    return (
        f"Quote card: {marks[0]}{quote}{marks[1]}{said}.{published} "
        f"Design: {theme.description}; {fmt.name} format, {fmt.label} pixels."
    )
