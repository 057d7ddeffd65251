"""What every reader hands on: labelled turns found in the text, before speakers are resolved."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from quotecards.ingest.annotations import trim as trim_annotations
from quotecards.model import Shape, Span
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


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader found: the layout it recognised, the shape of the source, the turns, and
    the prose before the first turn (a title, an introduction, a tool's header)."""

    layout: str
    shape: Shape
    turns: list[RawTurn]
    intro: Span | None = None


@dataclass(frozen=True, slots=True)
class Reader:
    """One layout quotecards reads: its short name (``Document.layout``), how a user would call
    it, an example of the line that marks a turn, a test that the text is in this layout
    (how many turn-marking lines it holds: 0 when none), and the reader itself."""

    layout: str
    description: str
    example: str
    recognise: Callable[[str], int]
    read: Callable[[str, str], Reading | None]  # None: not this layout after all (prose)


@dataclass(frozen=True, slots=True)
class Header:
    """A line that opens a turn: the whole line, the label as written, and where the words on the
    same line start (``None`` when the words are on the lines below)."""

    line: Span
    label: str
    label_span: Span
    body_start: int | None


def headers_matching(pattern: re.Pattern[str], text: str) -> list[Header]:
    """The turn-opening lines ``pattern`` finds, for a reader whose header line has named groups
    ``label`` and, where words may follow on the same line, ``rest``."""
    out = []
    for m in pattern.finditer(text):
        if not plausible_label(m.group("label")):
            continue
        rest = m.start("rest") if "rest" in m.groupdict() and m.group("rest").strip() else None
        out.append(
            Header(
                Span(m.start(), m.end()),
                m.group("label"),
                Span(m.start("label"), m.end("label")),
                rest,
            )
        )
    return out


def header_reader(layout: str, description: str, example: str, pattern: re.Pattern[str]) -> Reader:
    """A reader for a tool whose turns open on lines ``pattern`` finds (see
    :func:`headers_matching`): it recognises a text by how many such lines it holds."""

    def read(text: str, name: str) -> Reading:
        intro, turns = build_turns(text, headers_matching(pattern, text))
        return Reading(layout, "transcript", turns, intro)

    return Reader(
        layout, description, example, lambda text: len(headers_matching(pattern, text)), read
    )


# A tool's own lines, never speech: Otter's "Transcribed by https://otter.ai", Sonix's
# "Automatically convert your audio files to text with Sonix" and its "... was automatically
# transcribed by Sonix with the best speech-to-text algorithms. This transcript may contain
# errors." and the like.
BOILERPLATE = re.compile(
    r"""[ \t*_]*(?:
        transcribed\ by\ \S*(?:otter|sonix|rev|temi|trint|descript)\S*
      | (?:automatically\ )?convert\ your\ (?:[\w-]+\ ){0,3}files?\ to\ text\ with\b.*
      | sonix\ is\ the\ (?:best|leading)\b.*
      | .*\bwas\ (?:\[)?automatically\ transcribed\ by\ (?:\[)?sonix\b.*
      | .*\bthis\ transcript\ may\ contain\ errors\.?.*
      | (?:this\ )?transcript\ (?:was\ )?exported\ (?:on|from)\b.*
    )[ \t*_]*$""",
    re.IGNORECASE | re.VERBOSE,
)


def plausible_label(label: str) -> bool:
    """Whether ``label`` can be a speaker's name as a transcription tool writes it: "Priya Raman",
    "Speaker 1", "Unknown Speaker", "Dr. Amara Osei", "Dev's iPhone", "Priya (she/her)".  The
    time beside it is the strong evidence; this only keeps sentences out."""
    words = label.split()
    return (
        0 < len(words) <= 8
        and len(label) <= 80
        and label.rstrip()[-1:] not in ".?!,;:"
        and any(char.isalpha() for char in label)
        and not label[:1].islower()
    )


def build_turns(text: str, headers: list[Header]) -> tuple[Span | None, list[RawTurn]]:
    """The introduction and the turns of a text whose turns open with ``headers``.

    Each non-blank line after a header is a segment of its turn (transcription tools write one
    paragraph a line), trimmed of the timestamps and annotations at its edges; a line of the
    tool's own boilerplate ends the turn.  Consecutive turns of one label make one turn.
    """
    if not headers:
        return None, []
    by_start = {header.line.start: header for header in headers}
    turns: list[RawTurn] = []
    label: str | None = None
    label_span = Span(0, 0)
    segments: list[Span] = []

    def close() -> None:
        if label is None or not segments:
            return
        if turns and " ".join(turns[-1].label.split()) == " ".join(label.split()):
            last = turns.pop()
            turns.append(RawTurn(last.label, last.label_span, last.segments + tuple(segments)))
        else:
            turns.append(RawTurn(label, label_span, tuple(segments)))

    position = headers[0].line.start
    for line_break in _LINE_END.finditer(text, position):
        start, end = position, line_break.start()
        position = line_break.end()
        if start >= len(text) and start == end:
            break
        header = by_start.get(start)
        body_start = start
        if header is not None:
            close()
            label, label_span, segments = header.label, header.label_span, []
            if header.body_start is None:
                continue
            body_start = header.body_start
        elif BOILERPLATE.match(text, start, end):
            close()
            label, segments = None, []
            continue
        words = trim_annotations(text, Span(body_start, end))
        if words is not None and label is not None:
            segments.append(words)
    close()
    return trim(text, Span(0, headers[0].line.start)), turns


_LINE_END = re.compile(r"\r?\n|\Z")
