"""Non-speech inside speech: what a transcriber writes that nobody said.

Transcription tools and human transcribers mark sounds and gaps inside a speaker's words:
``[laughs]``, ``(laughter)``, ``[crosstalk]``, ``[inaudible 00:06:52]``, ``[music]``,
``[applause]``, and inline timestamps ``[00:12:31]`` / ``(00:12:31)`` (Rev, Sonix, Trint and Temi
all write these; Rev's style guide calls them "tags").  They are not words, so they are never part
of a quote.

Two kinds, because they mean different things for a quote that runs across one:
- ``sound``: a sound or a time (laughter, applause, music, a pause, a cough, a timestamp).  The
  words on both sides were said one after the other, so a sentence running across it is still the
  speaker's sentence, read without the mark.
- ``gap``: words were said that the transcript does not hold (inaudible, unintelligible,
  crosstalk, a foreign-language stretch).  Leaving it out silently would join words that were not
  said together; the integrity rule counts it as an omission, and candidates never run across it.

Editorial marks (``[sic]``, ``[…]``, ``[the council]``) are not annotations: they are kept as
written.  Matching is case-insensitive and knows the common forms in English, Spanish, French,
German, Portuguese and Italian.
"""

from __future__ import annotations

import re
from typing import Literal

from quotecards.model import Span

Kind = Literal["sound", "gap"]

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_SOUNDS = r"""
    laugh\w* | chuckl\w* | giggl\w* | snicker\w* | applaus\w* | clapping | cheer\w* |
    music\w* | singing | silence | pause[sd]? | long\ pause | cough\w* | sigh\w* | sneez\w* |
    clears?\ (?:his\ |her\ |their\ )?throat | background\ noise | noise | beep\w* |
    phone\ ring\w* | door\ \w+ | sniff\w* | gasp\w* | groan\w* | exhales? | inhales? |
    whistl\w* | audio\ cuts?\ out | end\ of\ (?:recording|transcript) | break\ in\ recording |
    video\ (?:plays|clip) | audio\ plays |
    risas? | ríe | aplausos | música | silencio | pausa | tos | suspira |
    rires? | rit | applaudissements | musique | toux | soupire |
    lacht | lachen | gelächter | beifall | musik | stille | husten | seufzt |
    risos? | ri | tosse | suspiro |
    ride | ridono | risata | applausi | musica
"""
_GAPS = r"""
    inaudible | unintelligible | indiscernible | incomprehensible | crosstalk | cross-talk |
    cross\ talk | overlapping(?:\ (?:speech|voices|conversation))? | foreign(?:\ language)? |
    speaking\ (?:in\ )?\w+ | unclear | audio\ (?:unclear|garbled) | garbled |
    ininteligible | incomprensible | inaudível | ininteligível | inaudibile | incomprensibile |
    incompréhensible | unverständlich | unhörbar | durcheinander
"""
# Inside [] or (): a known word, then at most a few more words or a time ("[laughs nervously]",
# "[inaudible 00:06:52]", "(LAUGHTER)"); or a bare time.
_ANNOTATION = re.compile(
    rf"""
    (?P<open>[\[(])[ \t]*
    (?:
        (?P<time>{_TIME})
      | (?:(?P<gap>{_GAPS})|(?P<sound>{_SOUNDS}))
        (?:[ \t,:;-]+(?:{_TIME}|[^\W\d_][\w'’]*)){{0,4}}
    )
    [ \t]*[\])]
    """,
    re.IGNORECASE | re.VERBOSE,
)


def find(text: str, span: Span | None = None) -> list[tuple[Span, Kind]]:
    """The annotations in ``text`` (or in ``text[span]``), in order, each with its kind."""
    start, end = (0, len(text)) if span is None else (span.start, span.end)
    out: list[tuple[Span, Kind]] = []
    for match in _ANNOTATION.finditer(text, start, end):
        if not _closes(match):
            continue
        kind: Kind = "gap" if match.group("gap") else "sound"
        out.append((Span(match.start(), match.end()), kind))
    return out


def has_any(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may hold an annotation (a cheap test before :func:`find`)."""
    return text.find("[", start, end) >= 0 or text.find("(", start, end) >= 0


def trim(text: str, span: Span) -> Span | None:
    """``span`` without the annotations and white space at its edges (a paragraph that opens
    with ``[00:01:20]`` or ends with ``[laughs]``), or ``None`` when nothing else is left."""
    start, end = span.start, span.end
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        moved = False
        if text[start] in "[(":
            match = _ANNOTATION.match(text, start, end)
            if match is not None and _closes(match):
                start, moved = match.end(), True
        if end > start and text[end - 1] in ")]":
            last = None
            for last in _ANNOTATION.finditer(text, start, end):  # noqa: B007 - the last one
                pass
            if last is not None and last.end() == end and _closes(last):
                end, moved = last.start(), True
        if not moved:
            return Span(start, end)


def mask(text: str, kinds: tuple[Kind, ...] = ("sound", "gap")) -> str:
    """``text`` with each annotation of ``kinds`` replaced by spaces of the same length."""
    if "[" not in text and "(" not in text:
        return text
    pieces: list[str] = []
    position = 0
    for span, kind in find(text):
        if kind in kinds:
            pieces += [text[position : span.start], " " * len(span)]
            position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def _closes(match: re.Match[str]) -> bool:
    """Whether the bracket the match closes with pairs with the one it opens with."""
    return (match.group("open"), match.group()[-1]) in (("[", "]"), ("(", ")"))
