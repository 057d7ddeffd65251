"""Did you mean …?": the one near miss of a name a user typed, for every error that lists names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """``"did you mean 'classic'? "`` for the closest of ``known`` to ``typed``, or ``""``."""
    close = difflib.get_close_matches(typed.strip().lower(), list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""
