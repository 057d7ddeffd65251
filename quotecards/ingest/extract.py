"""Sources whose text is not the file's bytes: Word files, saved web pages, Podcasting 2.0 JSON and
HTML transcripts.

Each family has its module (``word``, ``web``, ``podcast``) with one function, ``extract(data,
name) -> Extracted``, that turns the file into text the readers already understand: a transcript
of ``Name: words`` paragraphs, or paragraphs of prose.  That text *is* the document's text, so
every span indexes into it; ``quotecards text FILE`` prints it and ``select --json`` carries it.
The libraries that read these formats are imported only when such a file is read.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from quotecards.ingest.base import RawTurn
from quotecards.ingest.source import decode
from quotecards.model import Span
from quotecards.sentences import trim

# The layouts whose text is extracted rather than decoded (Document.layout).
# The layouts whose text is extracted from the file, and how stderr names them.
DESCRIPTIONS = {
    "docx": "a Word document",
    "web": "a saved web page's article",
    "podcast-json": "a Podcasting 2.0 JSON transcript",
    "podcast-html": "a Podcasting 2.0 HTML transcript",
}
LAYOUTS = frozenset(DESCRIPTIONS)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text every offset points into, and what the reader learnt on the way.

    ``layout`` is ``""`` for a file read as it is (its bytes decoded as UTF-8).  ``turns`` (with
    the ``intro`` before them) are given when the format itself says who speaks.
    """

    text: str
    layout: str = ""
    title: str = ""
    byline: str = ""
    # The turns, when the format marks its speakers itself (else the readers find them).
    turns: tuple[RawTurn, ...] | None = None
    intro: Span | None = None


def read(path: Path, data: bytes) -> Extracted:
    """The text of a source file: extracted for the formats above, else the decoded bytes."""
    family = _family(path.suffix.lower(), data)
    if family is None:
        return Extracted(decode(data, str(path)))
    module = importlib.import_module(f"quotecards.ingest.{family}")
    return module.extract(data, str(path))


def _family(suffix: str, data: bytes) -> str | None:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix == ".docx" or (data[:4] == b"PK\x03\x04" and b"word/document.xml" in data):
        return "word"
    if suffix in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        # A podcast transcript in HTML is a saved page too; web.extract tells them apart.
        return "web"
    if suffix == ".json" or (head.startswith(b"{") and b'"segments"' in data[:65536]):
        return "podcast"
    return None


class Builder:
    """Paragraphs joined by blank lines, and the turns where the format itself says who speaks.

    A format that marks its speakers (a JSON segment's ``speaker``, an HTML ``<cite>``, a bold
    label in Word) knows its turns for certain, so the builder records them as it writes
    ``Name: words``: the transcript reader's guesses (is ``Luke:`` a name or a word before a
    colon?) are not needed.  A paragraph without a label goes on with the open turn; a heading or
    a rule ends it.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offset = 0  # where the next part starts
        self._turns: list[RawTurn] = []
        self._open: tuple[str, Span, list[Span]] | None = None
        self._first_turn: int | None = None

    def _add(self, part: str) -> int:
        start = self._offset
        self._parts.append(part)
        self._offset += len(part) + 2  # the blank line after it
        return start

    def _close(self) -> None:
        if self._open is not None and self._open[2]:
            self._turns.append(RawTurn(self._open[0], self._open[1], tuple(self._open[2])))
        self._open = None

    def paragraph(self, text: str) -> None:
        text = tidy(text)
        if text:
            start = self._add(text)
            if self._open is not None:
                self._open[2].append(Span(start, start + len(text)))

    def turn(self, label: str | None, text: str) -> None:
        """A paragraph that opens a turn of ``label`` (a plain paragraph when it has none)."""
        if label is None:
            self.paragraph(text)
            return
        self._close()
        text = tidy(text)
        start = self._add(f"{label}: {text}" if text else f"{label}:")
        if self._first_turn is None:
            self._first_turn = start
        segments = [Span(start + len(label) + 2, self._offset - 2)] if text else []
        self._open = (label, Span(start, start + len(label)), segments)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading ends the turn before it (``# Heading``, as in Markdown)."""
        text = " ".join(text.split())
        if text:
            self._close()
            self._add(f"{'#' * max(1, min(level, 6))} {text}")

    def rule(self) -> None:
        """A thematic break (``---``): the turn before it ends there."""
        self._close()
        if self._parts and self._parts[-1] != "---":
            self._add("---")

    @property
    def empty(self) -> bool:
        return not self._parts

    def build(
        self, layout: str, title: str = "", byline: str = "", *, certain: bool = True
    ) -> Extracted:
        """The text; with its turns when ``certain`` that every label names a speaker (a bold
        phrase in Word may be only a bold phrase: the transcript reader judges those)."""
        self._close()
        text = "\n\n".join(self._parts) + "\n" if self._parts else ""
        turns = tuple(self._turns) if certain and self._turns else None
        intro = None
        if turns is not None and self._first_turn:
            intro = trim(text, Span(0, self._first_turn))
        return Extracted(text, layout, title, byline, turns, intro)


def tidy(text: str) -> str:
    """One paragraph: spaces collapsed, lines trimmed, no blank line inside."""
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


_NOT_IN_LABEL = re.compile(r"[^\w.'’ -]+")
_ASIDE = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")


def label(name: str) -> str | None:
    """A speaker's name as a transcript label: ``Maren Holt (host)`` -> ``Maren Holt``.

    The transcript reader takes ``Name:`` only for letters, dots, apostrophes, hyphens and spaces;
    an aside in brackets is a role, not the name.  ``None`` when nothing of a name is left.
    """
    cleaned = _NOT_IN_LABEL.sub(" ", _ASIDE.sub(" ", name))
    cleaned = " ".join(cleaned.split()).strip(" .-")
    return cleaned if cleaned and (cleaned[0].isalpha()) else None
