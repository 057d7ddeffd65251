"""Which layout a text is in: the one place a reader is chosen.

Each layout has one reader (:class:`~quotecards.ingest.base.Reader`).  Subtitles are known by
their signature or file suffix; a text transcript by the lines that open its turns: the layout
whose turn-marking lines are most numerous wins (two at least), the timestamped tool exports
first, plain ``Name: words`` labels next.  A text in none of them is prose.
"""

from __future__ import annotations

from quotecards.errors import SourceError
from quotecards.ingest import descript, otter, rev, sonix, subtitles, transcript, zoom
from quotecards.ingest.annotations import trim as trim_annotations
from quotecards.ingest.base import RawTurn, Reader, Reading
from quotecards.ingest.captions import check_punctuated


def _read_vtt(text: str, name: str) -> Reading:
    turns = _without_edge_annotations(text, subtitles.read_vtt(text, name=name))
    check_punctuated(text, turns, name)
    return Reading("vtt", "subtitles", turns)


def _read_srt(text: str, name: str) -> Reading:
    turns = _without_edge_annotations(text, subtitles.read_srt(text, name=name))
    check_punctuated(text, turns, name)
    return Reading("srt", "subtitles", turns)


def _read_labels(text: str, name: str) -> Reading | None:
    found = transcript.read(text)
    if found is None:
        return None  # prose
    intro, turns = found
    return Reading("labels", "transcript", _without_edge_annotations(text, turns), intro)


def _without_edge_annotations(text: str, turns: list[RawTurn]) -> list[RawTurn]:
    """Turns whose segments hold no timestamp or annotation at their edges ("[00:02:14] Then
    we...", a cue of "[music]"); inline ones stay, for candidates to cut around."""
    out = []
    for turn in turns:
        segments = tuple(
            trimmed
            for segment in turn.segments
            if (trimmed := trim_annotations(text, segment)) is not None
        )
        if segments:
            out.append(RawTurn(turn.label, turn.label_span, segments))
    return out


VTT = Reader(
    "vtt",
    "WebVTT subtitles",
    "'<v Name>' voice tags or 'Name:' before a cue's words",
    lambda text: int(subtitles.looks_like_vtt(text)),
    _read_vtt,
)
SRT = Reader(
    "srt",
    "SubRip subtitles",
    "'NAME:' before a cue's words",
    lambda text: int(subtitles.looks_like_srt(text)),
    _read_srt,
)
LABELS = Reader(
    "labels",
    "a transcript with speaker labels",
    "'Name: words', 'Q:'/'A:' or '**Name:**'",
    lambda text: int(transcript.read(text) is not None),
    _read_labels,
)
# Tool exports, in the order a tie goes: each one's turn-marking lines are specific to it.
TOOLS: tuple[Reader, ...] = (
    otter.READER,
    rev.READER,
    descript.READER,
    sonix.SONIX,
    sonix.TRINT,
)
READERS: tuple[Reader, ...] = (zoom.READER, VTT, SRT, *TOOLS, LABELS)
NAMES = tuple(reader.layout for reader in READERS)


def by_name(layout: str) -> Reader:
    for reader in READERS:
        if reader.layout == layout:
            return reader
    raise SourceError(f"unknown layout {layout!r}; choose one of: {', '.join(NAMES)}")


# A layout shows in a file's first pages: recognising it there keeps a megabyte transcript from
# being scanned once per layout (each scan costs about 0.1 s a megabyte).
_SAMPLE_CHARS = 64_000


def choose(text: str, suffix: str = "") -> Reader:
    """The reader for ``text``; the labels reader, the last resort, finds prose to be prose."""
    suffix = suffix.lower()
    sample = text if len(text) <= _SAMPLE_CHARS else text[: text.rfind("\n", 0, _SAMPLE_CHARS) + 1]
    if suffix == ".vtt" or subtitles.looks_like_vtt(text):
        return zoom.READER if zoom.recognise(sample) else VTT
    if suffix == ".srt" or subtitles.looks_like_srt(text):
        return SRT
    counts = [(reader.recognise(sample), -index, reader) for index, reader in enumerate(TOOLS)]
    best, _, reader = max(counts, key=lambda item: item[:2])
    return reader if best >= 2 else LABELS


def tried() -> str:
    """The layouts a text transcript was tried in, for a message."""
    return ", ".join(f"{r.layout} ({r.example})" for r in (*TOOLS, LABELS))
