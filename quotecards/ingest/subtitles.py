"""Subtitle readers: WebVTT and SubRip cues become labelled turns with exact offsets.

A cue's speaker comes from a WebVTT voice tag (``<v Yann LeCun>``, ``<v.guest Yann LeCun>``), a
``NAME:`` prefix at the start of a line (``LECUN: ...``, ``José Ñúñez: ...``) or, failing both, the
cue before it: subtitle files label a speaker once and let the following cues run on.  A dash at
the start of a line (``- Yes.`` / ``-No.``) is the subtitle convention for "someone else speaks
now", so it starts an unlabelled turn.  Consecutive cues with the same label make one turn.

Segments are the tag-free stretches of one payload line, trimmed: ``Machine <i>learning</i>
sucks.`` gives ``Machine``, ``learning`` and ``sucks.``.  A segment never crosses a line break,
so it never holds a line ending, a timing line or a tag, and ``text[span.start:span.end]`` is
exactly the words.  Character references (``&amp;``, ``&lt;``) are left as written: a segment's
characters are the source's characters, so decoding them would break the offsets.

Both readers raise :class:`~quotecards.errors.SourceError` naming the line when a cue has no
timing line that parses, and when the file holds no cue at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from quotecards.errors import SourceError
from quotecards.ingest.base import RawTurn
from quotecards.model import Span

__all__ = ["looks_like_srt", "looks_like_vtt", "read_srt", "read_vtt", "vtt_payloads"]

# Only CRLF and LF end a line: a lone CR (left by a double CRLF conversion, "\r\r\n") stays inside
# the line as trailing whitespace instead of splitting every cue in two.
_LINE_BREAK = re.compile(r"\r?\n")

_VTT_SIGNATURE = re.compile(r"WEBVTT(?=[ \t\r\n]|\Z)")
# The format asks for two-digit hours; one digit is read too, since we only need the words.
_VTT_TIME = r"(?:\d+:)?\d{2}:\d{2}\.\d{3}"
_VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]*-->[ \t]*{_VTT_TIME}(?:[ \t]+.*)?")
_VTT_EXAMPLE = '"00:00:01.000 --> 00:00:04.000"'
_VTT_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?=[ \t]|\Z)")
# In WebVTT a "<" always opens a tag (a literal one is written "&lt;"), and a tag left open runs to
# the end of the line, as a player would swallow it.
_VTT_TAG = re.compile(r"<[^>]*>?")
_WORD_TIMING = re.compile(r"<\d{2}:\d{2}:\d{2}\.\d{3}>")

# SubRip tolerates "." for "," and short milliseconds in the wild; players accept both.
_SRT_TIME = r"\d+:\d{2}:\d{2}[,.]\d{1,3}"
_SRT_TIMING = re.compile(rf"{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t]+.*)?")
_SRT_EXAMPLE = '"00:00:01,000 --> 00:00:04,000"'
_SRT_INDEX = re.compile(r"\d+")
# SubRip has no escapes, so "5 < 10" is text: only tag-shaped "<i>", "</font>" and the ASS
# override codes players honour ("{\an8}") are markup.
_SRT_TAG = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>?")
# Hyphen, en dash or em dash (European subtitles use the latter two); "--" and "-5" are not
# dialogue dashes.
_DASH = re.compile(r"[ \t]*[-\u2013\u2014](?![-\u2013\u2014\d])[ \t]*")
_NAME_WORD = r"[^\W\d_][\w'\u2019.\-]*"
# The numbered voices transcription tools write for speakers nobody named ("Speaker 1:").
_NUMBERED = (
    r"(?:Unknown[ \t])?(?:[Ss]peaker|SPEAKER|[Gg]uest|GUEST|[Pp]articipant|[Cc]aller)[ \t]?\d{1,3}"
)
_NUMBERED_VOICE = re.compile(_NUMBERED)
_NAME = re.compile(
    rf"[ \t]*(?P<name>{_NUMBERED}|{_NAME_WORD}(?:[ \t]{_NAME_WORD}){{0,4}})[ \t]*:(?=\s|\Z)"
)
# Lower-case words inside a name: "Ana de la Cruz", "Ludwig van Beethoven".
_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin"}
    | {"ibn", "al", "ter", "y", "dos", "das"}
)


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based, for messages
    start: int
    text: str  # without its line break

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def shown(self) -> str:
        """The line as a message quotes it: trimmed, and clipped so the message stays one line."""
        shown = self.text.strip()
        return shown if len(shown) <= 60 else shown[:57] + "..."


def looks_like_vtt(text: str) -> bool:
    """Whether ``text`` is a WebVTT file: it starts with the ``WEBVTT`` signature."""
    return _VTT_SIGNATURE.match(text) is not None


def looks_like_srt(text: str) -> bool:
    """Whether ``text`` is a SubRip file: its first block is a cue number and a timing line."""
    # Only the first two lines of the first block matter: a transcript of single-spaced lines is
    # one long block, not to be read whole to decide.
    first: list[_Line] = []
    for line in _lines(text):
        if not line.blank:
            first.append(line)
        if len(first) == 2 or (first and line.blank):
            break
    return (
        len(first) == 2
        and _SRT_INDEX.fullmatch(first[0].text.strip()) is not None
        and _SRT_TIMING.fullmatch(first[1].text.strip()) is not None
    )


def read_vtt(text: str, name: str = "<text>") -> list[RawTurn]:
    """The turns of a WebVTT file; ``name`` is how error messages refer to it."""
    return _turns(_vtt_cues(text, name), _VTT_TAG)


def read_srt(text: str, name: str = "<text>") -> list[RawTurn]:
    """The turns of a SubRip file; ``name`` is how error messages refer to it."""
    return _turns(_srt_cues(text, name), _SRT_TAG)


def vtt_payloads(text: str, name: str = "<text>") -> list[list[tuple[int, str]]]:
    """The payload lines of each cue of a WebVTT file, as (offset, line without its break), for
    readers of one tool's cues (Zoom's ``Name: words``)."""
    return [[(line.start, line.text) for line in cue] for cue in _vtt_cues(text, name)]


# Cues: the payload lines of each cue, once the file's structure has been checked.


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    number = 0
    for number, line_break in enumerate(_LINE_BREAK.finditer(text), 1):
        yield _Line(number, start, text[start : line_break.start()])
        start = line_break.end()
    if start < len(text):
        yield _Line(number + 1, start, text[start:])


def _blocks(lines: Iterator[_Line]) -> Iterator[list[_Line]]:
    """Runs of non-blank lines.  A line of spaces counts as blank, as it does to most players,
    except right after a timing line, where YouTube's captions put one as a cue's first line."""
    block: list[_Line] = []
    for line in lines:
        if not line.blank or (line.text and block and "-->" in block[-1].text):
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _vtt_cues(text: str, name: str) -> list[list[_Line]]:
    lines = list(_lines(text))
    if not looks_like_vtt(text):
        found = f'"{lines[0].shown()}"' if lines else "an empty file"
        raise SourceError(
            f'{name}: line 1: expected "WEBVTT" at the start of a WebVTT file, found {found}'
        )
    blocks = list(_blocks(iter(lines)))
    header = blocks[0]
    # A header that runs straight into a timing line has lost its blank line; the cue still counts.
    timing = next((i for i, line in enumerate(header) if i > 0 and "-->" in line.text), None)
    blocks[0:1] = [header[timing:]] if timing is not None else []

    cues: list[list[_Line]] = []
    for block in blocks:
        if _VTT_SKIPPED_BLOCK.match(block[0].text.rstrip()):
            continue
        if "-->" in block[0].text:
            first = 0
        elif len(block) > 1 and "-->" in block[1].text:
            first = 1  # after a cue identifier
        else:
            culprit = block[1] if len(block) > 1 and _looks_like_timing(block[1]) else block[0]
            raise _expected(name, culprit, f"a timing line like {_VTT_EXAMPLE}")
        cues.extend(_split_cues(block, first, _VTT_TIMING, _VTT_EXAMPLE, name, numbered=False))
    if not cues:
        raise _expected_at_end(name, lines, f"a cue: a timing line like {_VTT_EXAMPLE}")
    return cues


def _srt_cues(text: str, name: str) -> list[list[_Line]]:
    lines = list(_lines(text))
    cues: list[list[_Line]] = []
    for block in _blocks(iter(lines)):
        if _SRT_INDEX.fullmatch(block[0].text.strip()):
            if len(block) == 1:
                raise _expected_after(name, lines, block[0], f"a timing line like {_SRT_EXAMPLE}")
            first = 1
        elif "-->" in block[0].text:
            first = 0  # a missing cue number loses nothing we read
        elif _looks_like_timing(block[0]):
            raise _expected(name, block[0], f"a timing line like {_SRT_EXAMPLE}")
        else:
            raise _expected(
                name, block[0], f"a cue number followed by a timing line like {_SRT_EXAMPLE}"
            )
        cues.extend(_split_cues(block, first, _SRT_TIMING, _SRT_EXAMPLE, name, numbered=True))
    if not cues:
        raise _expected_at_end(
            name, lines, f"a cue: a number, then a timing line like {_SRT_EXAMPLE}"
        )
    return cues


def _split_cues(
    block: list[_Line], first: int, timing: re.Pattern[str], example: str, name: str, numbered: bool
) -> Iterator[list[_Line]]:
    """The payloads of the cues in ``block``, whose timing line is ``block[first]``.

    A payload line holding "-->" is the next cue's timing line with the blank line before it lost;
    reading it as words would put a timing line inside a segment.
    """
    while True:
        if not timing.fullmatch(block[first].text.strip()):
            raise _expected(name, block[first], f"a timing line like {example}")
        end = next((i for i in range(first + 1, len(block)) if "-->" in block[i].text), len(block))
        payload = block[first + 1 : end]
        if (
            numbered
            and end < len(block)
            and payload
            and _SRT_INDEX.fullmatch(payload[-1].text.strip())
        ):
            payload = payload[:-1]  # the next cue's number
        yield payload
        if end == len(block):
            return
        first = end


def _looks_like_timing(line: _Line) -> bool:
    """A line meant as a timing line, so the message points at it rather than at the line before."""
    return re.search(r"->|\d:\d", line.text) is not None


def _expected(name: str, line: _Line, what: str) -> SourceError:
    return SourceError(f'{name}: line {line.number}: expected {what}, found "{line.shown()}"')


def _expected_after(name: str, lines: Sequence[_Line], last: _Line, what: str) -> SourceError:
    found = "a blank line" if last.number < len(lines) else "the end of the file"
    return SourceError(f"{name}: line {last.number + 1}: expected {what}, found {found}")


def _expected_at_end(name: str, lines: Sequence[_Line], what: str) -> SourceError:
    return SourceError(f"{name}: line {len(lines) + 1}: expected {what}, found the end of the file")


# Turns: speakers and words from the payload lines.


@dataclass(slots=True)
class _TurnBuilder:
    """Turns as they grow.  A label waits for words, so a label with no words makes no turn."""

    turns: list[tuple[str, Span, list[Span]]] = field(default_factory=list)
    pending: tuple[str, Span | None, bool] | None = None  # label, its span, starts a turn anyway

    def speaker(self, label: str, span: Span) -> None:
        self.pending = (label, span, False)

    def dash(self) -> None:
        self.pending = ("", None, True)

    def words(self, span: Span) -> None:
        if self.pending is not None:
            label, label_span, new_turn = self.pending
            self.pending = None
            if new_turn or not self.turns or self.turns[-1][0] != label:
                self.turns.append((label, label_span or Span(span.start, span.start), []))
        elif not self.turns:
            self.turns.append(("", Span(span.start, span.start), []))
        self.turns[-1][2].append(span)

    def result(self) -> list[RawTurn]:
        return [RawTurn(label, span, tuple(segments)) for label, span, segments in self.turns]


def _turns(cues: list[list[_Line]], tags: re.Pattern[str]) -> list[RawTurn]:
    names = _accepted_names(cues, tags)
    # Captions timed word by word ("so<00:00:00.359><c> the</c>", as YouTube makes them) roll:
    # each line is shown again in the next cue, above the new one.  Elsewhere two cues may say
    # the same words twice, and both are read.
    rolling = tags is _VTT_TAG and any(_WORD_TIMING.search(ln.text) for cue in cues for ln in cue)
    builder = _TurnBuilder()
    before: set[str] = set()
    for cue in cues:
        # Once a voice tag names the speaker, "Answer: ..." and "- ..." in the cue are their words.
        voiced = False
        shown: set[str] = set()
        for line in cue:
            if rolling:
                visible = " ".join(tags.sub("", line.text).split())
                shown.add(visible)
                if visible and visible in before and not _WORD_TIMING.search(line.text):
                    continue  # the line the cue before showed, scrolled up: no new words
            voiced = _read_line(line, tags, names, voiced, builder)
        before = shown
    return builder.result()


def _read_line(
    line: _Line, tags: re.Pattern[str], names: frozenset[str], voiced: bool, builder: _TurnBuilder
) -> bool:
    """Feed one payload line to ``builder``; whether a voice tag has named the cue's speaker."""
    at_line_start = True
    for start, end, tag in _tokens(line.text, tags):
        if tag is not None:
            voice = _voice(tag, line.start)
            if voice is not None:
                builder.speaker(*voice)
                voiced = True
            continue
        if at_line_start and line.text[start:end].strip():
            at_line_start = False
            dash_end, label = _prefix(line.text, start, end)
            if dash_end is not None:
                if not voiced:  # a voice tag already says who speaks; the dash only marks it
                    builder.dash()
                start = dash_end
            if label is not None and not voiced and label.group("name") in names:
                builder.speaker(label.group("name"), _span(label, "name", line.start))
                start = label.end()
        words = _trim(line.text, start, end)
        if words is not None:
            builder.words(Span(line.start + words[0], line.start + words[1]))
    return voiced


def _tokens(text: str, tags: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str] | None]]:
    """The tags of a line and the tag-free stretches between them, as offsets into the line."""
    position = 0
    for tag in tags.finditer(text):
        if tag.start() > position:
            yield position, tag.start(), None
        yield tag.start(), tag.end(), tag
        position = tag.end()
    if position < len(text):
        yield position, len(text), None


def _voice(tag: re.Match[str], line_start: int) -> tuple[str, Span] | None:
    voice = _VOICE.fullmatch(tag.group())
    if voice is None or voice.group("name") is None:
        return None
    name = _trim(voice.group("name"), 0, len(voice.group("name")))
    if name is None:
        return None
    start = line_start + tag.start() + voice.start("name") + name[0]
    label = voice.group("name")[name[0] : name[1]]
    return label, Span(start, start + len(label))


def _prefix(text: str, start: int, end: int) -> tuple[int | None, re.Match[str] | None]:
    """Where a dialogue dash at ``start`` ends, and the ``NAME:`` prefix that may follow it."""
    dash = _DASH.match(text, start, end)
    return (dash.end() if dash else None), _NAME.match(text, dash.end() if dash else start, end)


def _accepted_names(cues: list[list[_Line]], tags: re.Pattern[str]) -> frozenset[str]:
    """The ``NAME:`` prefixes in the file that name speakers.

    Capitals (``LECUN``, ``Q``) and full names (``Yann LeCun``) always do.  A single capitalised
    word is as likely to open a sentence ("Look: it works."), so it names a speaker only when it
    recurs or is the surname of a full-name label.
    """
    found: list[str] = []
    for line in (line for cue in cues for line in cue):
        first = next(
            (
                (s, e)
                for s, e, tag in _tokens(line.text, tags)
                if tag is None and line.text[s:e].strip()
            ),
            None,
        )
        if first is None:
            continue
        _, label = _prefix(line.text, *first)
        if label is not None and _looks_like_a_name(label.group("name")):
            found.append(label.group("name"))
    counts = Counter(found)
    surnames = {name.split()[-1] for name in counts if len(name.split()) > 1}
    return frozenset(
        name
        for name, count in counts.items()
        if name.isupper() or len(name.split()) > 1 or count > 1 or name in surnames
    )


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    if name.isupper() or _NUMBERED_VOICE.fullmatch(name):
        return True
    inner = words[1:-1]
    return (
        words[0][0].isupper()
        and words[-1][0].isupper()
        and all(word[0].isupper() or word in _PARTICLES for word in inner)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without its surrounding whitespace, or ``None`` when nothing is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += len(piece) - len(piece.lstrip())
    return start, start + len(stripped)


def _span(match: re.Match[str], group: str, offset: int) -> Span:
    return Span(offset + match.start(group), offset + match.end(group))
