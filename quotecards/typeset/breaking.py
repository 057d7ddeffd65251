"""Where lines break: balanced, never greedy, and never leaving one word alone on the last line.

Everything here works on widths, so it is tested with made-up numbers and used with real fonts.
A quote is cut into pieces between which a line may break: at spaces, after a dash, after the
hyphen of a compound, and in Chinese and Japanese between phrases, which BudouX finds (a break
between two characters of one phrase is allowed only at a high cost, for a phrase wider than the
line), never where the rules of those scripts forbid it: no line begins with a closing bracket or
small kana, none ends with an opening bracket.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

# Costs are in units of a full line of slack squared: a line 30% short costs 0.09.
WIDOW = 4.0  # one word alone on the last line
LONE = 0.3  # one word alone on any other line: a hole in the paragraph's shape
SHORT_QUOTE = 4  # words; a quote this short may set a word alone ("Machine learning / sucks.")
SHORT_END = 0.12  # a line ending in "a", "I", "of": the eye trips on it
AFTER_HYPHEN = 0.12
AFTER_DASH = 0.01
SENTENCE_END = -0.05  # a line that ends where a sentence ends reads as a phrase
CLAUSE_END = -0.025
INSIDE_PHRASE = 2.0  # between two characters of one Chinese or Japanese phrase ("挑戦し/続ける")

_NO_START = set(
    "、。，．・：；？！ー）」』】〕〉》〗〙〛’”ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥"
    ",.!?:;)]}%\u201d\u2019\u00bb"
)
_NO_END = set("（「『【〔〈《〖〘〚‘“([{\u201c\u2018\u00ab")
_DASHES = "\u2014\u2013"
_SHORT_WORD = re.compile(r"^\W*(\w{1,2})\W*$")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the quote that never breaks inside.

    ``space`` says a space follows it, shown unless the line breaks there; ``penalty`` is the
    cost of breaking after it (0 for a space).
    """

    text: str
    space: bool
    penalty: float = 0.0


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
    )


@cache
def _parser(model: str) -> Any:
    import budoux

    loaders = {
        "ja": budoux.load_default_japanese_parser,
        "zh-hans": budoux.load_default_simplified_chinese_parser,
        "zh-hant": budoux.load_default_traditional_chinese_parser,
    }
    return loaders[model]()


def _model(word: str) -> str:
    if any("\u3040" <= c <= "\u30ff" for c in word):
        return "ja"
    try:
        word.encode("gb2312")
    except UnicodeEncodeError:
        return "zh-hant"
    return "zh-hans"


def phrase_ends(word: str) -> frozenset[int]:
    """Where phrases of a Chinese or Japanese ``word`` end (indices into it), as BudouX reads
    them.  A one-character phrase joins the next: BudouX splits a four-character idiom
    ("时不再来") into its characters, and a reader reads it whole."""
    if not any(is_cjk(c) for c in word):
        return frozenset()
    chunks = _parser(_model(word)).parse(word)
    ends: set[int] = set()
    at = 0
    for chunk in chunks:
        at += len(chunk)
        if len(chunk) > 1 or not is_cjk(chunk):
            ends.add(at)
    return frozenset(ends)


def _may_break_between(before: str, after: str, phrase_end: bool | None = None) -> float | None:
    """The penalty of a break between two characters of one word, or None where none may fall.
    ``phrase_end`` says whether a Chinese or Japanese phrase ends there (None: not known)."""
    if after in _NO_START or before in _NO_END:
        return None
    if is_cjk(before) or is_cjk(after):
        if phrase_end is None or phrase_end:
            return CLAUSE_END if before in "、，" else 0.0
        return INSIDE_PHRASE
    if before in _DASHES and after.isalnum():
        return AFTER_DASH
    return None


def _split_word(word: str) -> list[tuple[str, float]]:
    parts: list[tuple[str, float]] = []
    start = 0
    ends = phrase_ends(word)
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        cjk = is_cjk(before) or is_cjk(after)
        penalty = _may_break_between(before, after, (i in ends) if cjk and ends else None)
        if (
            penalty is None
            and before == "-"
            and i >= 2
            and word[i - 2].isalpha()
            and after.isalpha()
        ):
            penalty = AFTER_HYPHEN
        if penalty is not None:
            parts.append((word[start:i], penalty))
            start = i
    parts.append((word[start:], 0.0))
    return parts


def _ending_penalty(text: str) -> float:
    stripped = text.rstrip("\u201d\u2019\u00bb)]")
    if stripped.endswith((".", "?", "!", "\u2026", "。", "？", "！")):
        return SENTENCE_END
    if stripped.endswith((",", ";", ":", "\u2014", "、", "，")):
        return CLAUSE_END
    if _SHORT_WORD.match(text):
        return SHORT_END
    return 0.0


def pieces(text: str) -> tuple[Piece, ...]:
    """The quote cut at every place a line may break (``text`` has single spaces)."""
    out: list[Piece] = []
    words = text.split(" ")
    for w, word in enumerate(words):
        if not word:
            continue
        parts = _split_word(word)
        last_word = w == len(words) - 1
        for i, (part, penalty) in enumerate(parts):
            if i < len(parts) - 1:
                out.append(Piece(part, False, penalty))
            else:
                out.append(Piece(part, not last_word, _ending_penalty(part)))
    return tuple(out)


def line_width(widths: Sequence[float], glue: Sequence[float], start: int, end: int) -> float:
    """The width of pieces ``start..end-1`` set on one line (no glue after the last)."""
    return sum(widths[start:end]) + sum(glue[start : end - 1])


def line_count(
    widths: Sequence[float],
    glue: Sequence[float],
    measure: float,
    first_measure: float | None = None,
) -> int | None:
    """The fewest lines the pieces fill at this measure (first fit), or None if one is too wide.
    ``first_measure`` is the first line's, where it differs (a centred quote's first line keeps
    room for its hanging mark on both sides)."""
    lines, used = 1, -1.0
    limit = measure if first_measure is None else first_measure
    for width, space in zip(widths, [0.0, *glue[:-1]], strict=True):
        if width > limit and (used < 0 or width > measure):
            return None
        if used < 0:
            used = width
        elif used + space + width <= limit:
            used += space + width
        else:
            lines, used, limit = lines + 1, width, measure
    return lines


@dataclass(frozen=True, slots=True)
class Breaks:
    """Lines as ``(start, end)`` ranges of pieces; ``cost`` is what :func:`balance` minimised,
    ``rag`` how uneven the lines are against the longest, and ``penalty`` the break penalties.

    ``rag + penalty`` compares settings at different sizes, where slack against the measure
    would not: a one-line quote has no rag however short it is.
    """

    lines: tuple[tuple[int, int], ...]
    cost: float
    rag: float
    penalty: float


def balance(
    parts: Sequence[Piece],
    widths: Sequence[float],
    glue: Sequence[float],
    measure: float,
    lines: int,
    first_measure: float | None = None,
) -> Breaks | None:
    """Break into exactly ``lines`` lines, as even as can be, each within ``measure`` (the first
    within ``first_measure`` where given).

    Minimises the sum of squared slack over all lines, the last included (so no short last
    line), plus the penalties of each break, of a line holding a single word, and a heavy one for
    a widow.  None when the pieces do not fit in that many lines.
    """
    n = len(widths)
    if n == 0 or lines < 1 or lines > n:
        return None
    # Prefix sums: the width of pieces start..end-1 on one line is
    # (ends[end] - ends[start]) + (spaces[end - 1] - spaces[start]).
    ends = [0.0]
    for width in widths:
        ends.append(ends[-1] + width)
    spaces = [0.0]
    for space in glue:
        spaces.append(spaces[-1] + space)
    square = 1.0 / (measure * measure)
    breaks_after = [p.penalty for p in parts]
    lone, widow = (LONE, WIDOW) if n > SHORT_QUOTE else (0.0, 0.0)

    inf = math.inf
    best = [[inf] * (n + 1) for _ in range(lines + 1)]
    back = [[-1] * (n + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for line in range(1, lines + 1):
        previous, current, links = best[line - 1], best[line], back[line]
        limit = first_measure if line == 1 and first_measure is not None else measure
        # Each line must leave at least one piece for every line after it.
        for end in range(line, n - (lines - line) + 1):
            last = end == n
            extra = 0.0 if last else breaks_after[end - 1]
            for start in range(end - 1, line - 2, -1):
                width = ends[end] - ends[start] + spaces[end - 1] - spaces[start]
                if width > limit:
                    break
                before = previous[start]
                if before == inf:
                    continue
                slack = limit - width
                cost = before + slack * slack * square + extra
                if end - start == 1:
                    if not last and n > lines:
                        cost += lone
                    elif last and n > 1:
                        cost += widow
                if cost < current[end]:
                    current[end], links[end] = cost, start
    if best[lines][n] == inf:
        return None
    ranges: list[tuple[int, int]] = []
    end = n
    for line in range(lines, 0, -1):
        start = back[line][end]
        ranges.append((start, end))
        end = start
    ranges.reverse()
    line_widths = [ends[b] - ends[a] + spaces[b - 1] - spaces[a] for a, b in ranges]
    longest = max(line_widths)
    rag = sum(((longest - w) / longest) ** 2 for w in line_widths)
    penalty = 0.0
    for start, end in ranges:
        if end < n:
            penalty += breaks_after[end - 1] + (lone if end - start == 1 and n > lines else 0.0)
        elif end - start == 1 and n > 1:
            penalty += widow
    return Breaks(tuple(ranges), best[lines][n], rag, penalty)


def line_text(parts: Sequence[Piece], start: int, end: int) -> str:
    """The text of one line: its pieces with their spaces, none at the break."""
    return "".join(
        p.text + (" " if p.space and i < end - 1 else "")
        for i, p in enumerate(parts[start:end], start)
    )


def largest(low: int, high: int, fits: Callable[[int], bool]) -> int | None:
    """The largest integer in ``[low, high]`` for which ``fits`` holds, assuming it is monotone."""
    if low > high or not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low
