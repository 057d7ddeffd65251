"""What every reader hands on: labelled turns found in the text, before speakers are resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotecards.model import Span
from quotecards.sentences import trim


@dataclass(frozen=True, slots=True)
class RawTurn:
    """A turn as written: its label (``"Yann LeCun"``, ``"SL"``, ``"Q"``) and its words' spans.

    ``segments`` hold only the speaker's words: no label, no timing line, no markup tag.  A reader
    that finds unlabelled text (a subtitle cue without a voice tag) gives ``label=""`` and an empty
    ``label_span`` at the segment start.
    """

    label: str
    label_span: Span
    segments: tuple[Span, ...]


def paragraphs(text: str, span: Span) -> list[Span]:
    """The paragraphs of ``text[span]``: blank-line separated when the text has blank lines
    between paragraphs, else one per line; each trimmed of surrounding white space."""
    chunk = text[span.start : span.end]
    separator = _BLANK_LINE if _BLANK_LINE.search(chunk.strip()) else _LINE_BREAK
    out: list[Span] = []
    start = span.start
    for match in separator.finditer(text, span.start, span.end):
        if (piece := trim(text, Span(start, match.start()))) is not None:
            out.append(piece)
        start = match.end()
    if (piece := trim(text, Span(start, span.end))) is not None:
        out.append(piece)
    return out


_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n\s*")
_LINE_BREAK = re.compile(r"\r?\n")
