"""The verbatim rule: a quote's words against its source.

A quote is the source's words at its spans, in order, and nothing else.  Allowed:
- typographic normalisation: straight or curly quotes, hyphen pairs or dashes, any run of spaces
  and line breaks, three dots or an ellipsis character;
- Markdown emphasis in the source (``*word*``, ``**words**``, ``_word_``), which is markup, not
  words (:func:`emphasis_marks`); an asterisk or underscore that is not emphasis ("3*4 bolts",
  "f*cking", "2* rating", "snake_case") is text, compared like any other character;
- an omission, only where the quote shows an ellipsis (between two spans whose gap holds words,
  or at either end of the quote);
- an insertion, only inside [brackets]; a bracketed first letter may change a word's case
  ("[T]he" for "the");
- leaving out a transcriber's annotation of a sound or a time (``[laughs]``, ``(applause)``,
  ``[00:12:31]``): it is not a word.  An annotation of a gap (``[inaudible]``, ``[crosstalk]``)
  stands for words the transcript does not hold, so leaving it out is an omission and needs an
  ellipsis (``quotecards/ingest/annotations.py`` knows which is which).
Everything else (a changed, added, dropped or reordered word or punctuation mark) is refused,
with a word-level diff the editor can act on.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Sequence

from quotecards.errors import IntegrityError
from quotecards.model import Span

_CHARACTER_FORMS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "–": "—",
        "―": "—",
        "‒": "—",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200a": " ",
    }
)
_DOTS = re.compile(r"\.\s?\.\s?\.")
_DOUBLE_HYPHEN = re.compile(r"\s*--\s*|\s+-\s+")
# A run of emphasis markers; a blank line ends a paragraph, and emphasis never crosses one.
_DELIMITER_RUN = re.compile(r"\*+|_+|\n[ \t]*\n")
_TOKEN = re.compile(r"\[\w\]\w*(?:'\w+)*|\[[^\]]*\]|\w+(?:'\w+)*|…|\S")
_WORDLIKE = re.compile(r"\w")
_CAPITALISED = re.compile(r"\[\w\]\w*(?:'\w+)*")
# Markup that can stand between two stretches of one speaker's words without being words:
# subtitle cue numbers and timing lines, tags, and a repeated speaker label (a Zoom display name
# may hold parentheses, a slash or digits: "Sam Ortiz (he/him):", "Speaker 2:").
_MARKUP = re.compile(
    r"^\s*\d+\s*$|^.*-->.*$|<[^>]*>|^\s*\*{0,2}[A-Z][\w .'’()/&@-]{0,60}:\*{0,2}|^WEBVTT.*$"
    r"|^NOTE\b.*$",
    re.MULTILINE,
)

OMISSION = "\x00omission"


def normalise(text: str) -> str:
    """The typographic normal form both sides are compared in."""
    text = _DOTS.sub("…", text.translate(_CHARACTER_FORMS))
    return _DOUBLE_HYPHEN.sub("—", text)


@functools.lru_cache(maxsize=8)
def emphasis_marks(text: str) -> frozenset[int]:
    """The offsets of ``text``'s Markdown emphasis markers: the ``*`` and ``_`` that are markup.

    A run of markers opens emphasis when it stands after a space, a line start or punctuation and
    before a non-space, and closes it when it stands after a non-space and before a space, a
    line end or punctuation; a closer pairs with the nearest open run of the same character and
    length in its paragraph.  Unlike CommonMark, a run inside a word never opens or closes, so
    "3*4 bolts is 12*2" and "f*cking" keep their asterisks, as a reader reads them.
    """
    marks: set[int] = set()
    if "*" not in text and "_" not in text:
        return frozenset()
    open_runs: list[tuple[str, int, int]] = []  # (character, start, length)
    for run in _DELIMITER_RUN.finditer(text):
        start, end = run.span()
        if text[start] == "\n":
            open_runs.clear()
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens = not _word_char(before) and not after.isspace()
        closes = not before.isspace() and not _word_char(after) and start > 0
        char, length = text[start], end - start
        if closes:
            at = next(
                (
                    i
                    for i in range(len(open_runs) - 1, -1, -1)
                    if open_runs[i][::2] == (char, length)
                ),
                None,
            )
            if at is not None:
                _, opened, _ = open_runs[at]
                marks.update(range(opened, opened + length))
                marks.update(range(start, end))
                del open_runs[at:]
                continue
        if opens:
            open_runs.append((char, start, length))
    return frozenset(marks)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def without_emphasis(source: str, span: Span) -> str:
    """``source[span]`` without its Markdown emphasis markers."""
    piece = span.of(source)
    if "*" not in piece and "_" not in piece:
        return piece
    marks = emphasis_marks(source)
    return "".join(c for i, c in enumerate(piece, span.start) if i not in marks)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def source_tokens(spans: Sequence[Span], source: str) -> list[str]:
    """The words at ``spans``, with an omission marker wherever a gap between spans holds words."""
    out: list[str] = []
    run = ""
    for index, span in enumerate(spans):
        if index:
            gap = gap_kind(source, spans[index - 1], span)
            if gap == "omission":
                out.extend(tokens(run))
                out.append(OMISSION)
                run = ""
            elif gap == "space":
                run += " "
        run += _without_annotations(without_emphasis(source, span))
    out.extend(OMISSION if token == _GAP_MARK else token for token in tokens(run))
    return out


_GAP_MARK = "\x01"


def _without_annotations(words: str) -> str:
    """``words`` with each annotation of a sound or a time set aside, and each annotation of a
    gap made one mark that :func:`source_tokens` reads as an omission."""
    if "[" not in words and "(" not in words:
        return words
    # Imported here: the ingest package's start imports the selector, which imports this module.
    from quotecards.ingest.annotations import find as find_annotations

    pieces: list[str] = []
    position = 0
    for span, kind in find_annotations(words):
        pieces += [words[position : span.start], " " if kind == "sound" else f" {_GAP_MARK} "]
        position = span.end
    pieces.append(words[position:])
    return "".join(pieces)


def gap_kind(source: str, left: Span, right: Span) -> str:
    """What stands between two spans once markup is set aside: ``"omission"`` (words),
    ``"space"``, or ``"none"`` (a tag inside a word: ``learn<i>ing</i>``)."""
    between = source[left.end : right.start]
    if "[" in between or "(" in between:
        between = _without_annotations(between)
        if _GAP_MARK in between:
            return "omission"
    if _WORDLIKE.search(_MARKUP.sub("", between)):
        return "omission"
    return "space" if any(char.isspace() for char in between) else "none"


def spans_gap_has_words(source: str, left: Span, right: Span) -> bool:
    return gap_kind(source, left, right) == "omission"


def problems(text: str, spans: Sequence[Span], source: str) -> list[str]:
    """Every way ``text`` departs from the source at ``spans``; empty when it is verbatim."""
    if not spans:
        return ["the quote has no source spans"]
    ordered = list(spans)
    for left, right in itertools.pairwise(ordered):
        if right.start < left.end:
            return ["the quote's spans overlap or run backwards"]
    if ordered[-1].end > len(source):
        return ["a span runs past the end of the source"]

    quoted = tokens(text)
    said = source_tokens(ordered, source)
    found: list[str] = []
    i = j = 0
    while i < len(quoted) or j < len(said):
        q = quoted[i] if i < len(quoted) else None
        s = said[j] if j < len(said) else None
        if q == "…":
            if s in (OMISSION, "…"):
                j += 1
            elif i not in (0, len(quoted) - 1):
                found.append(f"an ellipsis at word {i + 1} where nothing was left out")
            i += 1
        elif s == OMISSION:
            found.append(f"words left out before {_show(quoted, i)} without an ellipsis")
            j += 1
        elif q is not None and _CAPITALISED.fullmatch(q) and s is not None and _same_but_case(q, s):
            i += 1  # "[T]he" for "the"
            j += 1
        elif q is not None and q == s:
            i += 1  # the source's own brackets, kept as written: "[sic]"
            j += 1
        elif q is not None and q.startswith("[") and q.endswith("]"):
            i += 1  # a bracketed insertion adds no source word
        elif q is not None and q.startswith("["):
            found.append(f"{q} does not stand for the source's {s!r}")
            break
        elif q == s:
            i += 1
            j += 1
        else:
            found.append("the words differ from the source: " + word_diff(text, ordered, source))
            break
    return found


def verify(text: str, spans: Sequence[Span], source: str, *, where: str = "quote") -> None:
    """Raise :class:`IntegrityError` unless ``text`` is the source's words at ``spans``."""
    found = problems(text, spans, source)
    if found:
        raise IntegrityError(f"{where}: {found[0]}: {_clip(text)}")


def word_diff(text: str, spans: Sequence[Span], source: str) -> str:
    """A compact word diff: ``[-source words-]`` removed, ``{+quote words+}`` added."""
    quoted = [t for t in tokens(text) if t != "…" and not t.startswith("[")]
    said = [t for t in source_tokens(spans, source) if t not in (OMISSION, "…")]
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=said, b=quoted, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            words = said[a0:a1]
            parts.append(" ".join(words if len(words) <= 6 else [*words[:2], "…", *words[-2:]]))
            continue
        if a1 > a0:
            parts.append("[-" + " ".join(said[a0:a1]) + "-]")
        if b1 > b0:
            parts.append("{+" + " ".join(quoted[b0:b1]) + "+}")
    return " ".join(parts)


def _same_but_case(bracketed: str, word: str) -> bool:
    """``[T]he`` stands for ``the`` or ``The``: only the first letter's case may differ."""
    return bracketed[1].lower() + bracketed[3:] == word[:1].lower() + word[1:]


def _show(words: list[str], index: int) -> str:
    return repr(words[index]) if index < len(words) else "the end"


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"
