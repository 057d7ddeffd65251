"""Descript's plain-text transcript export with timestamps and speaker labels.

Layout, checked with the search tool (exports and the parsers of public projects that read them,
e.g. "[00:00] Sarah: Okay, let's get started." samples of timestamped speaker text, and
Descript's export option "include timestamps: at each paragraph"): each paragraph opens with its
start time in brackets, then the speaker's name and a colon, then the words::

    [00:00:00] Mariana Quist: Welcome back to the show.
    [00:00:04] Tomás Ferreira: Thanks. It's good to be here.

A paragraph that opens with a time and no name (``[00:01:12] And then...``) continues the
speaker before it.  Descript's SRT and VTT exports write ``Name:`` before a cue's words; the
subtitle reader reads those.
"""

from __future__ import annotations

import re

from quotecards.ingest.base import header_reader

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_HEADER = re.compile(
    rf"^[ \t]*\[(?P<time>{_TIME})\][ \t]+(?P<label>[^\s\[(:][^\r\n:]{{0,79}}?):"
    r"[ \t]+(?P<rest>\S[^\r\n]*)$",
    re.MULTILINE,
)


READER = header_reader(
    "descript", "a Descript transcript export", "'[00:00:00] Name: words'", _HEADER
)
