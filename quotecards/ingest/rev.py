"""Rev's transcript export (``.txt``/``.docx`` saved as text; Temi, Rev's automatic service,
writes the same).

Layout, checked with the search tool: cassiocassio/bristlenose's format table ("Rev TXT:
`Name (HH:MM:SS):`, `Speaker 1 (00:00:00):`"), and transcripts exported from Rev in public
repositories, which put the words on the line below the header or on the same line::

    Dana Whitfield (00:00:07):
    Thanks for coming in.

    Speaker 2 (00:01:23): The words can also follow on the same line.

The time is ``MM:SS`` or ``HH:MM:SS``; Rev marks sounds and gaps inside the words
(``[laughs]``, ``[crosstalk 00:06:52]``, ``[inaudible 00:06:52]``), which ``annotations`` reads.
"""

from __future__ import annotations

import re

from quotecards.ingest.base import header_reader

_HEADER = re.compile(
    r"^[ \t]*(?P<label>[^\s\[(][^\r\n():]{0,79}?)[ \t]+\((?P<time>\d{1,2}:\d{2}(?::\d{2})?)\):"
    r"[ \t]*(?P<rest>[^\r\n]*)$",
    re.MULTILINE,
)


READER = header_reader("rev", "a Rev (or Temi) transcript", "'Name (00:01:23):'", _HEADER)
