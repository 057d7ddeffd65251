"""Lines of type as data: measured, placed and moved, with the ink their glyphs leave.

Everything a card is made of is set through here, so that every element's box is known before a
painter draws it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from quotecards.fonts import Direction, Face, FontBook, Run, visual_order
from quotecards.formats import Box
from quotecards.typeset.layout import Role, TextLine

# Widths are measured once at this size and scaled, which is exact up to hinting; the size a
# search settles on is then measured for real.
REFERENCE = 100.0


def width(
    book: FontBook,
    text: str,
    face: Face,
    direction: Direction,
    size: float = REFERENCE,
    language: str | None = None,
) -> float:
    return book.measure(book.runs(text, face, direction, language), size)


def ascent_descent(book: FontBook, runs: Sequence[Run], size: float) -> tuple[float, float]:
    """The tallest ascent and deepest descent of the faces on a line, at ``size``."""
    ascent = descent = 0.0
    for face in {run.face for run in runs}:
        a, d = book.font(face, size).getmetrics()
        scale = size / face.strike if face.strike else 1.0
        ascent, descent = max(ascent, a * scale), max(descent, d * scale)
    return ascent, descent


def ink(book: FontBook, runs: Sequence[Run], size: float, tight: bool = False) -> Box:
    """Where the glyphs of a line drawn at ``(0, 0)`` (left end, baseline) put ink.

    The font's boxes always reach down to the baseline; ``tight`` draws the glyphs to find
    their real ink instead, for a quotation mark, which floats above it.
    """
    left = top = float("inf")
    right = bottom = float("-inf")
    pen = 0.0
    for run in visual_order(runs):
        if run.text.strip():
            shaping = {"direction": "rtl" if run.rtl else "ltr", "language": run.language}
            font = book.font(run.face, size)
            box = font.getbbox(run.text, anchor="ls", **shaping)
            if tight and not run.face.strike:
                mask, (ox, oy) = font.getmask2(run.text, "L", anchor="ls", **shaping)
                drawn = mask.getbbox()
                if drawn is not None:
                    box = (ox + drawn[0], oy + drawn[1], ox + drawn[2], oy + drawn[3])
            scale = size / run.face.strike if run.face.strike else 1.0
            left, right = min(left, pen + box[0] * scale), max(right, pen + box[2] * scale)
            top, bottom = min(top, box[1] * scale), max(bottom, box[3] * scale)
        pen += book.measure((run,), size)
    if left == float("inf"):
        return Box(0, 0, 0, 0)
    return Box(left, top, right - left, bottom - top)


def line(
    book: FontBook,
    role: Role,
    text: str,
    face: Face,
    size: float,
    colour: str,
    direction: Direction,
    language: str | None = None,
    *,
    tight: bool = False,
) -> TextLine:
    """A line of type with its left end and baseline at ``(0, 0)``.

    ``direction`` and ``language`` are the whole element's, so that every line agrees with it;
    ``tight`` is :func:`ink`'s.
    """
    runs = book.runs(text, face, direction, language)
    advance = book.measure(runs, size)
    ascent, descent = ascent_descent(book, runs, size)
    return TextLine(
        role, text, runs, size, 0.0, 0.0, advance, ascent, descent, colour, direction,
        ink(book, runs, size, tight),
    )  # fmt: skip


def at(text_line: TextLine, x: float, baseline: float) -> TextLine:
    """``text_line`` with its left end at ``x`` and its baseline at ``baseline``."""
    dx, dy = x - text_line.x, baseline - text_line.baseline
    box = text_line.ink
    return replace(
        text_line,
        x=x,
        baseline=baseline,
        ink=Box(box.x + dx, box.y + dy, box.width, box.height),
    )


def moved(text_line: TextLine, dx: float, dy: float) -> TextLine:
    return at(text_line, text_line.x + dx, text_line.baseline + dy)


def start_x(extent: float, left: float, room: float, align: str) -> float:
    """Where a thing ``extent`` wide starts to be aligned in ``[left, left + room]``."""
    if align == "center":
        return left + (room - extent) / 2
    if align == "right":
        return left + room - extent
    return left


def shifted(box: Box, dx: float, dy: float) -> Box:
    return Box(box.x + dx, box.y + dy, box.width, box.height)


def snap(box: Box) -> Box:
    """A box on whole pixels, so rules and logos are crisp."""
    return Box(round(box.x), round(box.y), round(box.width), round(box.height))


def union(boxes: Sequence[Box]) -> Box | None:
    """The smallest box holding every box of ``boxes`` (None for none)."""
    real = [b for b in boxes if b.width > 0 or b.height > 0]
    if not real:
        return None
    left, top = min(b.x for b in real), min(b.y for b in real)
    right, bottom = max(b.right for b in real), max(b.bottom for b in real)
    return Box(left, top, right - left, bottom - top)


def accent_spans(book: FontBook, text_line: TextLine) -> tuple[tuple[float, float], ...]:
    """Where on the card the line's accents fall: ``(left, right)`` x ranges, left to right (a
    stretch that crosses a change of direction may fall in several).

    Each character's range is measured along its run from the run's start edge (the right one
    in a right-to-left run).  Where an accent meets a space, its edge is the space's middle, and
    where it reaches an end of the line it runs on past it: the ink a glyph leans out of its
    advance (an italic f, a swash) keeps the colour of its glyph.
    """
    if not text_line.accents:
        return ()
    chars = _char_ranges(book, text_line)
    text = text_line.text
    ranges: list[tuple[float, float]] = []
    for start, end in text_line.accents:
        ranges.extend(chars[start:end])
        if start > 0 and text[start - 1].isspace():
            ranges.append(_half_towards(chars[start - 1], chars[start]))
        if end < len(text) and text[end].isspace():
            ranges.append(_half_towards(chars[end], chars[end - 1]))
    left_end, right_end = text_line.x, text_line.x + text_line.width
    merged: list[tuple[float, float]] = []
    for left, right in sorted(ranges):
        if merged and left <= merged[-1][1] + 1e-6:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return tuple(
        (
            -math.inf if left <= left_end + 1e-6 else left,
            math.inf if right >= right_end - 1e-6 else right,
        )
        for left, right in merged
    )


def _char_ranges(book: FontBook, text_line: TextLine) -> list[tuple[float, float]]:
    """Each character's ``(left, right)`` on the card, in logical order."""
    starts: dict[int, int] = {}
    at = 0
    for run in text_line.runs:
        starts[id(run)] = at
        at += len(run.text)
    chars = [(text_line.x, text_line.x)] * at
    pen, size = text_line.x, text_line.size
    for run in visual_order(text_line.runs):
        prefix = [book.measure((replace(run, text=run.text[:k]),), size) if k else 0.0
                  for k in range(len(run.text) + 1)]  # fmt: skip
        advance = prefix[-1]
        for k in range(len(run.text)):
            a, b = prefix[k], prefix[k + 1]
            chars[starts[id(run)] + k] = (
                (pen + advance - b, pen + advance - a) if run.rtl else (pen + a, pen + b)
            )
        pen += advance
    return chars


def _half_towards(space: tuple[float, float], char: tuple[float, float]) -> tuple[float, float]:
    """The half of a space's range on the side of ``char``."""
    middle = (space[0] + space[1]) / 2
    return (middle, space[1]) if (char[0] + char[1]) / 2 >= middle else (space[0], middle)
