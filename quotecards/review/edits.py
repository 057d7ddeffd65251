"""An editor's edit of a quote, mapped back onto the source or refused.

The editor types what the card should say; this module finds where those words stand in the
source (the spans) and checks them with :mod:`quotecards.integrity`, the one place the verbatim
rule is decided.  The words are aligned against the quote's own words first, then against the
paragraphs (or subtitle cues) it was cut from, so that a trim, an ellipsis, a [bracketed]
insertion and a restored clause all work, and anything else is refused with a word diff the
editor can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from quotecards import integrity

# The integrity module's own patterns, applied with offsets kept: the words compared here must
# be exactly the words it compares, or an edit accepted here would be refused there.
from quotecards.integrity import (
    _CAPITALISED,
    _CHARACTER_FORMS,
    _DOTS,
    _DOUBLE_HYPHEN,
    _TOKEN,
    emphasis_marks,
)
from quotecards.model import Document, Span

MAX_EDIT_CHARS = 2000
_SPACES = re.compile(r"\s+")
_THREE_DOTS = re.compile(r"\.\s?\.\s?\.")

_DIFFER = "the words differ from the source"
DiffOp = Literal["same", "omitted", "removed", "added", "inserted"]


@dataclass(frozen=True, slots=True)
class Word:
    """A source token (word or punctuation mark) in normal form, where it stands, and which
    stretch of the source it belongs to (words of different stretches never join one span)."""

    text: str
    key: str
    start: int
    end: int
    stretch: int


@dataclass(frozen=True, slots=True)
class Check:
    """The answer to an edit: ``spans`` when it keeps to the source's words; otherwise
    ``problems`` in words and a ``diff`` of ``(op, text)`` pieces against the source."""

    text: str
    spans: tuple[Span, ...] = ()
    problems: tuple[str, ...] = ()
    diff: tuple[tuple[DiffOp, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def headline(self) -> str:
        """The first problem, without the word diff it may carry (shown apart, word by word)."""
        if not self.problems:
            return ""
        first = self.problems[0]
        return _DIFFER if first.startswith(_DIFFER) and self.diff else first

    @property
    def changes(self) -> int:
        return sum(len(text.split()) for op, text in self.diff if op in ("removed", "added"))

    @property
    def diff_text(self) -> str:
        """``keep [-said-] {+typed+} …``, as :func:`quotecards.integrity.word_diff` writes it."""
        marks = {"same": "{}", "omitted": "…", "removed": "[-{}-]", "added": "{{+{}+}}"}
        return " ".join(marks.get(op, "{}").format(text) for op, text in self.diff)


def tidy(text: str) -> str:
    """The edit as saved: runs of spaces and line breaks as one space, three dots as an ellipsis
    (both are typographic forms the verbatim rule accepts)."""
    return _THREE_DOTS.sub("…", _SPACES.sub(" ", text).strip())


def check_edit(text: str, spans: Sequence[Span], source: str, reach: Sequence[Span] = ()) -> Check:
    """Map ``text`` onto the source words at ``spans`` (then at ``reach``, the paragraphs the
    quote was cut from: :func:`reach_of`) and verify it."""
    text = tidy(text)
    if not text:
        return Check(text, problems=("the quote is empty",))
    if len(text) > MAX_EDIT_CHARS:
        return Check(text, problems=(f"the quote is longer than {MAX_EDIT_CHARS} characters",))
    first = _check_against(text, spans, source)
    if first.ok or not reach or list(reach) == list(spans):
        return first
    wider = _check_against(text, reach, source)
    if wider.ok:
        return wider
    # The answer that points at the fewest words is the one an editor can act on.
    return min((first, wider), key=lambda check: check.changes)


def _check_against(text: str, base: Sequence[Span], source: str) -> Check:
    words = source_words(source, base)
    typed = integrity.tokens(text)
    matched = align(words, typed)
    diff = _diff(words, typed, source)
    if matched is None:
        found = [f"{_DIFFER}: {_diff_text(diff)}"]
        return Check(text, problems=tuple(found), diff=diff)
    spans = _spans_of(words, matched)
    found = integrity.problems(text, spans, source)
    return Check(text, spans if not found else (), tuple(found), diff)


def source_words(source: str, spans: Sequence[Span]) -> list[Word]:
    """The tokens of ``source`` at ``spans`` as :func:`quotecards.integrity.tokens` reads them,
    with offsets; an omission between two spans (a gap that holds words) becomes a marker word
    that nothing matches, so no run of words is taken across it."""
    out: list[Word] = []
    for index, span in enumerate(spans):
        if index and integrity.gap_kind(source, spans[index - 1], span) == "omission":
            out.append(Word(integrity.OMISSION, integrity.OMISSION, span.start, span.start, index))
        out.extend(_tokens_at(source, span, index))
    return out


def _tokens_at(source: str, span: Span, stretch: int) -> list[Word]:
    text, starts, ends = _normalised(source, span)
    return [
        Word(m.group(), _key(m.group()), starts[m.start()], ends[m.end() - 1], stretch)
        for m in _TOKEN.finditer(text)
    ]


def _normalised(source: str, span: Span) -> tuple[str, list[int], list[int]]:
    """:func:`quotecards.integrity.normalise` of ``source[span]``, with the source offsets each
    character of the result comes from."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    piece = span.of(source)
    marks = emphasis_marks(source) if "*" in piece or "_" in piece else frozenset()
    for offset in range(span.start, span.end):
        if offset in marks:
            continue  # Markdown emphasis: markup, not words
        mapped = source[offset].translate(_CHARACTER_FORMS)
        for char in mapped:
            chars.append(char)
            starts.append(offset)
            ends.append(offset + 1)
    text = "".join(chars)
    for pattern, replacement in ((_DOTS, "…"), (_DOUBLE_HYPHEN, "—")):
        pieces: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        last = 0
        for match in pattern.finditer(text):
            pieces.append(text[last : match.start()])
            new_starts.extend(starts[last : match.start()])
            new_ends.extend(ends[last : match.start()])
            if replacement and match.end() > match.start():
                pieces.append(replacement)
                new_starts.append(starts[match.start()])
                new_ends.append(ends[match.end() - 1])
            last = match.end()
        pieces.append(text[last:])
        new_starts.extend(starts[last:])
        new_ends.extend(ends[last:])
        text, starts, ends = "".join(pieces), new_starts, new_ends
    return text, starts, ends


def _key(token: str) -> str:
    """How a token is matched: "[T]he" and "the" and "The" alike (the verbatim check, not the
    alignment, decides whether a capital needed brackets)."""
    if _CAPITALISED.fullmatch(token):
        token = token[1] + token[3:]
    return token[:1].lower() + token[1:]


def _is_insertion(token: str) -> bool:
    return token.startswith("[") and token.endswith("]") and not _CAPITALISED.fullmatch(token)


def align(words: Sequence[Word], typed: Sequence[str]) -> list[int] | None:
    """For each typed word, the index of the source word it stands for, in order, or ``None``
    when some typed word has no place.

    Of all the ways to place the words, the one whose breaks (a jump over source words) fall
    where the editor put an ellipsis, and nowhere else, wins: ``we must`` in "we have to say we
    must" is the last two words, not the first "we" and "must".
    """
    keys: list[str] = []
    wants_break: list[bool] = []
    ellipsis = False
    for token in typed:
        if token == "…":
            ellipsis = True
        elif not _is_insertion(token):
            keys.append(_key(token))
            wants_break.append(ellipsis)
            ellipsis = False
    if not keys:
        return None
    infinity = len(keys) + 1
    n = len(words)
    cost = [0 if words[i].key == keys[0] else infinity for i in range(n)]
    back: list[list[int]] = [[-1] * n]
    for j in range(1, len(keys)):
        new = [infinity] * n
        came = [-1] * n
        best, best_at = infinity, -1  # the cheapest place for word j-1 at least two words back
        for i in range(n):
            if i >= 2 and cost[i - 2] < best:
                best, best_at = cost[i - 2], i - 2
            if words[i].key != keys[j]:
                continue
            joined = cost[i - 1] + wants_break[j] if i >= 1 else infinity
            jumped = best + (not wants_break[j])
            if joined <= jumped and joined < infinity:
                new[i], came[i] = joined, i - 1
            elif jumped < infinity:
                new[i], came[i] = jumped, best_at
        cost = new
        back.append(came)
    end = min(range(n), key=lambda i: cost[i], default=-1)
    if end < 0 or cost[end] >= infinity:
        return None
    placed = [end]
    for j in range(len(keys) - 1, 0, -1):
        placed.append(back[j][placed[-1]])
    return placed[::-1]


def _spans_of(words: Sequence[Word], placed: Sequence[int]) -> tuple[Span, ...]:
    """Runs of neighbouring source words as spans; a run never crosses from one stretch of the
    source into the next."""
    spans: list[Span] = []
    for n, i in enumerate(placed):
        word = words[i]
        if n and i == placed[n - 1] + 1 and words[i - 1].stretch == word.stretch:
            spans[-1] = Span(spans[-1].start, word.end)
        else:
            spans.append(Span(word.start, word.end))
    return tuple(spans)


def _diff(
    words: Sequence[Word], typed: Sequence[str], source: str
) -> tuple[tuple[DiffOp, str], ...]:
    """What the editor changed, word by word, against the source words at the base spans:
    ``same``, ``omitted`` (left out at an ellipsis), ``removed`` (left out without one, or
    changed), ``added`` (not the source's word there), ``inserted`` (a [bracketed] insertion).
    A trim at either end needs no mark and is not shown."""
    said = [w for w in words if w.key != integrity.OMISSION]
    keys = ["\x00…" if t == "…" else "\x00[]" if _is_insertion(t) else _key(t) for t in typed]
    opcodes = difflib.SequenceMatcher(a=[w.key for w in said], b=keys, autojunk=False).get_opcodes()
    out: list[tuple[DiffOp, str]] = []
    for index, (op, a0, a1, b0, b1) in enumerate(opcodes):
        if op == "equal":
            for word, token in zip(said[a0:a1], typed[b0:b1], strict=True):
                if _CAPITALISED.fullmatch(token):
                    out.append(("same", token))
                elif word.text == token:
                    out.append(("same", source[word.start : word.end]))
                else:
                    out.extend((("removed", source[word.start : word.end]), ("added", token)))
            continue
        here = typed[b0:b1]
        gone = join_tokens([source[w.start : w.end] for w in said[a0:a1]])
        if a1 > a0:
            if here and all(t == "…" for t in here):
                out.append(("omitted", gone))
                continue
            if op == "delete" and index in (0, len(opcodes) - 1):
                continue
            out.append(("removed", gone))
        for token in here:
            kind: DiffOp = (
                "same" if token == "…" else "inserted" if _is_insertion(token) else "added"
            )
            out.append((kind, token))
    return _merged(out)


def _merged(pieces: list[tuple[DiffOp, str]]) -> tuple[tuple[DiffOp, str], ...]:
    out: list[tuple[DiffOp, str]] = []
    for op, text in pieces:
        if out and out[-1][0] == op and op in ("same", "added", "removed"):
            out[-1] = (op, join_tokens((out[-1][1], text)))
        else:
            out.append((op, text))
    return tuple(out)


_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?)\]}…’”'\"]")
_NO_SPACE_AFTER = re.compile(r"[(\[{‘“]$")


def join_tokens(tokens: Sequence[str]) -> str:
    """Tokens as a line of text: no space before a full stop or after an opening bracket."""
    out = ""
    for token in tokens:
        if out and not _NO_SPACE_BEFORE.match(token) and not _NO_SPACE_AFTER.search(out):
            out += " "
        out += token
    return out


def _diff_text(diff: Sequence[tuple[DiffOp, str]]) -> str:
    return Check("", diff=tuple(diff)).diff_text


# Finding a quote again in a changed source.


def reach_of(document: Document, spans: Sequence[Span], speaker: str | None) -> tuple[Span, ...]:
    """The paragraphs (or cues) of one person's words that hold a quote, which an edit may draw
    on: restoring a dropped "But" or a cut clause, not turning into another answer."""
    reach = {
        segment
        for passage in document.passages
        if passage.speaker == speaker
        for segment in passage.segments
        if any(segment.overlaps(span) for span in spans)
    }
    return tuple(sorted(reach)) or tuple(spans)


def locate(text: str, document: Document, speaker: str | None = None) -> tuple[Span, ...] | None:
    """Where the words of ``text`` stand in the document's passages (of ``speaker``, when one is
    given), verified; ``None`` when they are no longer there."""
    stretches = sorted(
        {
            segment
            for passage in document.passages
            if speaker is None or passage.speaker == speaker
            for segment in passage.segments
        }
    )
    words = source_words_of_stretches(document.text, stretches)
    typed = integrity.tokens(tidy(text))
    matched = _find_pieces(words, typed)
    if matched is None:
        return None
    spans = _spans_of(words, matched)
    return spans if not integrity.problems(text, spans, document.text) else None


def source_words_of_stretches(source: str, stretches: Sequence[Span]) -> list[Word]:
    """Tokens of several stretches of the source (overlapping ones read once), in order."""
    out: list[Word] = []
    reached = 0
    for index, stretch in enumerate(sorted(stretches)):
        start = max(stretch.start, reached)
        if start >= stretch.end:
            continue
        out.extend(_tokens_at(source, Span(start, stretch.end), index))
        reached = stretch.end
    return out


def _find_pieces(words: Sequence[Word], typed: Sequence[str]) -> list[int] | None:
    """Each ellipsis-separated piece of ``typed`` as a run of consecutive words, in order."""
    pieces: list[list[str]] = [[]]
    for token in typed:
        if token == "…":
            pieces.append([])
        elif not _is_insertion(token):
            pieces[-1].append(_key(token))
    keys = [w.key for w in words]
    placed: list[int] = []
    at = 0
    for piece in (p for p in pieces if p):
        found = _find(keys, piece, at)
        if found is None:
            return None
        placed.extend(range(found, found + len(piece)))
        at = found + len(piece)
    return placed or None


def _find(keys: Sequence[str], piece: Sequence[str], start: int) -> int | None:
    first = piece[0]
    for i in range(start, len(keys) - len(piece) + 1):
        if keys[i] == first and list(keys[i : i + len(piece)]) == list(piece):
            return i
    return None
