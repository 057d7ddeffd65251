"""Sonix, Trint and similar tools: a time beside the speaker's name, a time opening paragraphs.

Two layouts, checked with the search tool:

- ``sonix``: Sonix's text and Word exports (and its embeds, as republished transcripts show) write
  the speaker's name, a colon, the paragraph's start time in brackets, then the words; the next
  paragraph of the same speaker opens with its time alone.  The export carries Sonix's own lines
  ("X.mp3: this mp3 audio file was automatically transcribed by Sonix with the best
  speech-to-text algorithms. This transcript may contain errors." at the top, "Automatically
  convert your audio files to text with Sonix. Sonix is the best ..." at the end), never speech::

      Wren Adeyemi: [00:00:05] Thanks for coming out to the yard.
      [00:00:41] The second paragraph of the same turn.
      Cal Mendoza: [00:01:20] Happy to.

- ``trint``: Trint's and Temi-like text exports put the time and the speaker's name on a line of
  their own (``[00:01:20] Name`` or ``[00:01:20] Name:``; the public trint-backup mirror of
  dev.trint.com's "Exporting files from Trint" describes "timed words broken by speaker"),
  the words below::

      [00:01:20] Cal Mendoza
      Happy to.
"""

from __future__ import annotations

import re

from quotecards.ingest.base import header_reader

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME_TIME = re.compile(
    rf"^[ \t]*(?P<label>[^\s\[(:][^\r\n:\[]{{0,79}}?):[ \t]*\[(?P<time>{_TIME})\]"
    r"[ \t]*(?P<rest>[^\r\n]*)$",
    re.MULTILINE,
)
_TIME_NAME = re.compile(
    rf"^[ \t]*\[(?P<time>{_TIME})\][ \t]+(?P<label>[^\s\[(:][^\r\n:]{{0,79}}?):?[ \t]*\r?$",
    re.MULTILINE,
)


SONIX = header_reader("sonix", "a Sonix transcript export", "'Name: [00:01:20] words'", _NAME_TIME)
TRINT = header_reader(
    "trint",
    "a Trint (or Temi-like) transcript export",
    "'[00:01:20] Name' above the words",
    _TIME_NAME,
)
