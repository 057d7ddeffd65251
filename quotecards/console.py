"""What every command shares on the terminal: argument types and the progress bar."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TextIO


def positive(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {number}")
    return number


class Progress:
    """A bar on a terminal; in a log (CI, a pipe, a file) the line ``log`` words for each item,
    or nothing when there is no ``log``."""

    def __init__(self, stream: TextIO, log: Callable[[int, int, object], str] | None = None):
        self.stream = stream
        self.log = log
        self.live = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.shown = False

    def __call__(self, done: int, total: int, item: object) -> None:
        if self.live:
            width = 30
            filled = width * done // total
            self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} cards")
            self.shown = True
        elif self.log is not None:
            self.stream.write(self.log(done, total, item) + "\n")
        else:
            return
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
