"""Otter.ai's text export (``.txt``, "Export text" with speaker names and timestamps).

Layout, as Otter writes it and as public parsers of it read it (checked with the search tool:
cassiocassio/bristlenose's format table, "Otter TXT: `Name  M:SS` header, `Speaker 1  0:49`";
a Swift ``OtterTranscriptParser`` documenting "Header lines `Name  mm:ss` or `Name  h:mm:ss` start
turns; the footer `Transcribed by https://otter.ai` is ignored"; exported podcast transcripts
such as "Sidney  55:21  " followed by the words)::

    Priya Raman  0:02
    Thanks for having me. I want to start with the water.

    Unknown Speaker  1:02:03
    And the words of the next turn.

    Transcribed by https://otter.ai

A header line is the speaker's name (``Speaker 1`` and ``Unknown Speaker`` when Otter could not
tell), two spaces (or a tab), and the start time as ``M:SS``, ``MM:SS`` or ``H:MM:SS``, with
trailing spaces; the turn's paragraphs follow on their own lines.  The footer is the tool's,
never speech.
"""

from __future__ import annotations

import re

from quotecards.ingest.base import Header, Reader, Reading, build_turns, plausible_label
from quotecards.model import Span

# Found from the time at the line's end (a short search: a run of two spaces or a tab before a
# time is rare), then the line read back to its start for the name.
_TIME_AT_END = re.compile(
    r"(?:[ \t]{2,}|\t)(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[ \t]*\r?$", re.MULTILINE
)
_LABEL = re.compile(r"[^\s\[(][^\r\n]{0,79}")


def _headers(text: str) -> list[Header]:
    out = []
    for match in _TIME_AT_END.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        label = _LABEL.fullmatch(text, start, match.start())
        if label is None or not plausible_label(label.group()):
            continue
        line = Span(start, match.end())
        out.append(Header(line, label.group(), Span(start, match.start()), None))
    return out


def recognise(text: str) -> int:
    return len(_headers(text))


def read(text: str, name: str) -> Reading:
    intro, turns = build_turns(text, _headers(text))
    return Reading("otter", "transcript", turns, intro)


READER = Reader("otter", "an Otter.ai text export", "'Name  0:02' above the words", recognise, read)
