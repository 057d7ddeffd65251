"""Captions without sentence punctuation (YouTube's automatic captions, most speech-to-text
caption files): quotecards says so rather than guess where sentences end.

A pull-quote is a sentence or a few: cut from captions that have no full stops, it would be either
a run of 200 words or a cut at a guessed point, and a pause in the timings is not a sentence's
end (speakers pause mid-clause and run sentences together).  So a caption file with many words
and next to no sentence punctuation is refused in one line that says what to give instead.  Short
unpunctuated captions (a line or two) are still read: they hold nothing longer than a card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotecards.errors import SourceError
from quotecards.ingest.base import RawTurn

_WORDS_BEFORE_ASKING = 60  # past this, no sentence punctuation means none was written
_WORDS_PER_STOP = 60  # punctuated speech ends a sentence every 10 to 20 words
_STOP = re.compile(r"[.?!…。！？]")
_WORD = re.compile(r"\w+")


def check_punctuated(text: str, turns: Sequence[RawTurn], name: str) -> None:
    """Raise :class:`SourceError` when the captions hold many words and almost no sentence end."""
    words = stops = 0
    for turn in turns:
        for span in turn.segments:
            words += len(_WORD.findall(text, span.start, span.end))
            stops += len(_STOP.findall(text, span.start, span.end))
    if words >= _WORDS_BEFORE_ASKING and stops * _WORDS_PER_STOP < words:
        raise SourceError(
            f"{name}: these captions have no sentence punctuation ({words} words, {stops} "
            "sentence ends), so quotes cannot be cut at sentences; give a punctuated transcript "
            "(the tool's transcript export, or the audio through a transcriber that punctuates)"
        )
