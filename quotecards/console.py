"""What every command shares on the terminal: argument types and the progress bar."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TextIO


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 card``, ``2 cards``: every count the command line prints goes through here."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def positive(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {number}")
    return number


def speaker_name(value: str) -> tuple[str, str]:
    """An argparse type: ``"Speaker 1=Ana Brasa"``, a label of the source and who it is."""
    label, equals, name = value.partition("=")
    if not equals or not label.strip() or not name.strip():
        raise argparse.ArgumentTypeError(
            f'expected LABEL=NAME, such as "Speaker 1=Ana Brasa", got {value!r}'
        )
    return " ".join(label.split()), " ".join(name.split())


def speaker_option(parser: argparse.ArgumentParser) -> None:
    """``--speaker "LABEL=NAME"``, repeatable: names a voice the source does not name."""
    parser.add_argument(
        "--speaker",
        type=speaker_name,
        action="append",
        default=[],
        metavar="LABEL=NAME",
        help='who a label is: --speaker "Speaker 1=Ana Brasa" (repeatable)',
    )


def focus_pair(value: str) -> tuple[float, float]:
    """An argparse type: ``0.5,0.3``, the point of a photo to keep in view."""
    from quotecards.identity import parse_focus

    try:
        return parse_focus(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def identity_options(parser: argparse.ArgumentParser) -> None:
    """``--publication``, ``--handle``, ``--source-line``, ``--photo`` and ``--focus``: who a
    card is from and whose face it shows, over a review file's and a brand's."""
    parser.add_argument(
        "--publication", default="", metavar="NAME", help="the publication (the brand's name)"
    )
    parser.add_argument(
        "--handle", default="", metavar="TEXT", help="its handle, such as @examplereview"
    )
    parser.add_argument(
        "--source-line",
        default="",
        metavar="TEXT",
        help='a line under the attribution: "From our interview, December 2026"',
    )
    parser.add_argument(
        "--photo",
        metavar="FILE",
        help="the speaker's photo (at least 400 px on its shorter side), on the cards of the "
        "top quote's speaker; other speakers' cards have none (give theirs in a review file)",
    )
    parser.add_argument(
        "--focus",
        type=focus_pair,
        metavar="X,Y",
        help="the point of --photo to keep in view, from 0 to 1 across and down (0.5,0.3)",
    )


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
