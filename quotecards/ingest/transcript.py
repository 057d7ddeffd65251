"""Plain-text and Markdown Q&A transcripts: labelled turns after an optional prose introduction.

Shapes read: ``Full Name: text``, ``SURNAME: text``, initials ``SL: text``, ``Q:`` / ``A:``,
Markdown ``**Name:** text`` or ``**Name**: text``, a label alone on its line with the words
below it, and turns that run over several paragraphs (a paragraph without a label continues
the turn).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from quotecards.ingest import names
from quotecards.ingest.base import RawTurn
from quotecards.model import Span
from quotecards.sentences import trim

# Names in any script ("Ana María", "Иван", "ليلى", "山田", "マリア・ロペス"), before an ASCII or
# a full-width colon; a script written without spaces ("山田：はい") needs none after it.
_LABEL = re.compile(
    r"""[ \t]*(?:
        (?P<md>\*\*|__)(?P<mdname>[^\W\d_][\w.'’・· \t-]{0,40}?)(?:[:：](?P=md)|(?P=md)[:：])
      | (?P<name>[^\W\d_][\w.'’・· \t-]{0,40}?)(?P<tag>[ \t]*\([^()\n]{1,20}\))?[:：]
    )(?=\s|$|[^\W\d_\x00-\u036f])[ \t]*""",
    re.VERBOSE,
)
_PARTICLES = frozenset(
    "de van von der den da di du del della la le bin ibn al ter y dos das".split()
)
_QA = {"q": "Q", "question": "Q", "a": "A", "answer": "A"}
_HEADING = re.compile(r"[ \t]*(?:#{1,6}\s|(?:-{3,}|\*{3,}|_{3,})\s*$)")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # without the line break
    label: str | None
    label_span: Span | None
    body_start: int


def read(text: str) -> tuple[Span | None, list[RawTurn]] | None:
    """The introduction and the turns, or ``None`` when ``text`` is not a labelled transcript."""
    lines = list(_lines(text))
    accepted = _accepted_labels([line.label for line in lines if line.label is not None])
    labelled = [line for line in lines if line.label is not None and _key(line.label) in accepted]
    labelled = _without_header(text, lines, labelled)
    if len(labelled) < 2:
        return None

    # With blank lines between paragraphs, a single line break only wraps a paragraph;
    # without any, every line is a paragraph of its own.
    first = labelled[0].start
    wrapped = any(not text[line.start : line.end].strip() for line in lines if line.start > first)

    turns: list[RawTurn] = []
    label: str | None = None
    label_span = Span(0, 0)
    segments: list[Span] = []
    previous_blank = True

    def close() -> None:
        if label is not None and segments:
            turns.append(RawTurn(label, label_span, tuple(segments)))

    for line in lines:
        if line.start < first:
            continue
        body = Span(line.body_start, line.end)
        if line.label is not None and _key(line.label) in accepted:
            close()
            label, label_span, segments = line.label, line.label_span or Span(0, 0), []
            previous_blank = True
        elif _HEADING.match(text, line.start, line.end):
            close()
            label, segments = None, []
            previous_blank = True
            continue
        words = trim(text, body)
        if words is None:
            previous_blank = True
            continue
        if label is None:
            continue
        if wrapped and not previous_blank and segments:
            segments[-1] = Span(segments[-1].start, words.end)
        else:
            segments.append(words)
        previous_blank = False
    close()
    intro = trim(text, Span(0, first))
    return intro, turns


def _without_header(text: str, lines: list[_Line], labelled: list[_Line]) -> list[_Line]:
    """The labelled lines without those of a header: a headline ("Rooftop Honey: an interview
    with ...") on the first line, and lines that only give a name ("HB: Harold Baptiste",
    "Moderator: Lena Fischer"), which are a key or a cast list, not turns."""
    counts = Counter(_key(line.label) for line in labelled)
    first_words = next((line for line in lines if text[line.start : line.end].strip()), None)
    out = list(labelled)
    while out:
        line = out[0]
        body = text[line.body_start : line.end].strip()
        headline = (
            line is first_words
            and counts[_key(line.label)] == 1
            and (not body.rstrip("*_ ").endswith((".", "?", "!", "…")) or _TITLE_WORDS.search(body))
        )
        named = _NAME_ONLY.fullmatch(body) and not body.endswith((".", "?", "!"))
        if not (headline or named):
            break
        out.pop(0)
    return out


_TITLE_WORDS = re.compile(r"\b(?:an? )?(?:interview|conversation|Q&A|talk|chat) with\b", re.I)
# A body that only gives a name, perhaps with a few words of who they are: a key or a cast list.
_NAME_ONLY = re.compile(
    r"[*_]*[A-Z][\w'’.-]*(?:[ \t]+(?:(?:de|van|von|der|da|di|le|la|bin|al)[ \t]+)?[A-Z][\w'’.-]*)"
    r"{1,3}[*_]*(?:[ \t]*(?:,|\(|—|–|-)[^.?!\n]{0,80})?"
)


def _lines(text: str):
    position = 0
    for raw in text.splitlines(keepends=True):
        end = position + len(raw.rstrip("\r\n"))
        match = _LABEL.match(text, position, end)
        label = label_span = None
        body_start = position
        if match is not None:
            group = "mdname" if match.group("mdname") else "name"
            candidate = " ".join(match.group(group).split())
            if _looks_like_a_name(candidate):
                label = candidate
                label_span = Span(match.start(group), match.start(group) + len(match.group(group)))
                body_start = match.end()
        yield _Line(position, end, label, label_span, body_start)
        position += len(raw)


def _looks_like_a_name(label: str) -> bool:
    """A person's name, a title and a name, or a voice the transcript does not name ("Speaker
    1", "Dev's iPhone"); never a pronoun, a field, a generic noun or a sentence opener."""
    words = label.split()
    if not words or len(words) > 6 or names.is_field(label):
        return False
    if names.is_unnamed(label) or names.is_host_label(label):
        return True
    if _is_qa(label):
        return True
    # Capitals of two to four letters are initials ("SO", "WE", "AN"), not the word they spell.
    initials = label.isupper() and 2 <= len(label) <= 4 and " " not in label
    if not initials and (names.is_generic(label) or names.strip_openers(label) != label):
        return False
    significant = [word for word in words if word.lower() not in _PARTICLES]
    # A capital where the script has capitals; Arabic, Japanese or Chinese have none.
    return 1 <= len(significant) <= 4 and not any(word[0].islower() for word in significant)


def _is_qa(label: str) -> bool:
    return _key(label) in _QA


def _key(label: str | None) -> str:
    return " ".join((label or "").split()).casefold()


def _accepted_labels(labels: list[str]) -> set[str]:
    """Labels that name speakers: Q/A, full names, capitals and initials, or words used twice.

    A single capitalised word before a colon ("Instead: ...") is common in prose, so it counts only
    when it recurs, is written in capitals, or is the surname of a full-name label.
    """
    counts = Counter(_key(label) for label in labels)
    capitals = {_key(label) for label in labels if len(label) > 1 and label.isupper()}
    surnames = {key.split()[-1] for key in counts if len(key.split()) > 1}
    return {
        key
        for key, count in counts.items()
        if key in _QA
        or len(key.split()) > 1
        or count > 1
        or key in surnames
        or key in capitals
        or names.is_unnamed(key)
        or names.is_host_label(key)
    }


def is_qa_label(label: str) -> str | None:
    """``"Q"`` or ``"A"`` for question/answer labels, else ``None``."""
    return _QA.get(_key(label))
