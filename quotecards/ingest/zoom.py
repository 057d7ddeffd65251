"""Zoom's cloud-recording transcript (``.vtt``, "Audio transcript" on the recording's page).

Layout, checked with the search tool (wwsalmon/zoom-transcript-formatter's readme, which shows
the file as Zoom writes it; the zoomGroupStats R package's ``processZoomTranscript``, which reads
"the transcript file (.vtt) that is downloaded from the Zoom website ... that accompanies a
recording to the cloud" into a Zoom display name and the words of each cue)::

    WEBVTT

    1
    00:02:24.720 --> 00:02:32.850
    Samira Haddad (she/her): So the first thing we did was walk the site.

    2
    00:02:33.480 --> 00:02:33.990
    Dev's iPhone: Right.

Numbered cues, each text ``Display Name: words``.  The display name is whatever the person typed
into Zoom (pronouns, a device's name, an e-mail); it is kept as the label, and naming people from
it is the speakers module's job.  A cue with no name continues the speaker before it, and
consecutive cues of one speaker form one turn: Zoom cuts a turn into cues every few seconds.
"""

from __future__ import annotations

import re

from quotecards.ingest.annotations import trim
from quotecards.ingest.base import RawTurn, Reader, Reading
from quotecards.ingest.subtitles import looks_like_vtt, vtt_payloads
from quotecards.model import Span

_NUMBERED_CUE = re.compile(r"^\d+[ \t]*\r?\n[ \t]*(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->", re.M)
_PREFIX = re.compile(r"[ \t]*(?P<label>[^\s:<>\[(][^:<>\r\n]{0,79}?):[ \t]+(?=\S)")


def _display_name(label: str) -> bool:
    """Whether ``label`` can be what someone typed as their Zoom name: anything short with a
    letter in it ("dev", "jsmith@uni.edu", "Room 4 iPad"), but not a sentence."""
    return len(label) <= 80 and len(label.split()) <= 8 and any(c.isalpha() for c in label)


def recognise(text: str) -> int:
    """The number of numbered cues whose text opens with a display name, when most do."""
    if not looks_like_vtt(text):
        return 0
    numbered = len(_NUMBERED_CUE.findall(text))
    if numbered < 2:
        return 0
    named = 0
    for match in _NUMBERED_CUE.finditer(text):
        line_end = text.find("\n", match.end())
        after = text.find("\n", line_end + 1)
        payload = text[line_end + 1 : after if after >= 0 else len(text)]
        prefix = _PREFIX.match(payload)
        named += prefix is not None and _display_name(prefix.group("label"))
    return named if named * 2 >= numbered else 0


def read(text: str, name: str) -> Reading:
    turns: list[tuple[str, Span, list[Span]]] = []
    for cue in vtt_payloads(text, name):
        for index, (start, line) in enumerate(cue):
            body = 0
            prefix = _PREFIX.match(line) if index == 0 else None
            if prefix is not None and _display_name(prefix.group("label")):
                label = prefix.group("label")
                span = Span(start + prefix.start("label"), start + prefix.end("label"))
                body = prefix.end()
                if not turns or " ".join(turns[-1][0].split()) != " ".join(label.split()):
                    turns.append((label, span, []))
            words = trim(text, Span(start + body, start + len(line)))
            if words is None:
                continue
            if not turns:
                turns.append(("", Span(words.start, words.start), []))
            turns[-1][2].append(words)
    raw = [RawTurn(label, span, tuple(segments)) for label, span, segments in turns if segments]
    return Reading("zoom", "subtitles", raw, None)


READER = Reader(
    "zoom",
    "a Zoom cloud-recording transcript",
    "numbered cues whose text is 'Display Name: words'",
    recognise,
    read,
)
