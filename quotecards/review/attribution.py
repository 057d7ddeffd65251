"""Who said a quote, worked out again from the source at its spans, every time a review is read.

A review file is plain text an editor may change by hand, and the quote's ``speaker``, ``kind``
and ``attribution`` in it are the selector's view, not the editor's to change: the source decides
who said the words at the quote's spans, as it did when they were selected.  A file that says
otherwise (a name typed over another, spans pointed at the interviewer's question, an uncertain
quote marked confident) is refused, naming the quote.  An editor who knows better than the text
(a quote the source leaves uncertain, a source that names the wrong person) says so on purpose
with ``editor_speaker``; the card then carries that name and the manifest says "attributed by the
editor".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotecards.model import Document, Passage, Span
from quotecards.review.file import Entry


class Unattributed(ValueError):
    """Words at the spans that are nobody's quotable words (a question, narration, two people)."""


@dataclass(frozen=True, slots=True)
class Said:
    """What the source establishes about the words at some spans."""

    speaker: str | None
    kind: str
    attribution: str
    why: str


def said_at(document: Document, spans: Sequence[Span]) -> Said:
    """Who the source gives the words at ``spans`` to, as the selector decides it: the innermost
    passage (a quotation inside a turn before the turn) that holds each span, the same for all.
    Raises :class:`Unattributed` for words that are nobody's quote."""
    found: list[Passage] = []
    for span in spans:
        passage = _innermost(document, span)
        if passage is None:
            raise Unattributed(_whose(document, span))
        found.append(passage)
    first = found[0]
    for other in found[1:]:
        if (other.speaker, other.kind, other.attribution) != (
            first.speaker,
            first.kind,
            first.attribution,
        ):
            raise Unattributed(
                f"the quote joins the words of {_name(first.speaker)} and {_name(other.speaker)}"
            )
    interviewer = document.interviewer
    if interviewer is not None and first.speaker == interviewer.name:
        raise Unattributed(
            f"these are the interviewer's words ({interviewer.name}), which are never a quote"
        )
    return Said(first.speaker, first.kind, first.attribution, first.why)


def disagreement(entry: Entry, document: Document) -> str:
    """What the review file says about who said ``entry`` that the source does not bear out;
    empty when it agrees."""
    try:
        said = said_at(document, entry.spans)
    except Unattributed as error:
        return str(error)
    named = entry.speaker
    if said.attribution == "uncertain":
        if entry.attribution == "uncertain" and named in (None, said.speaker):
            return _kind(entry, said)
        claim = f"the file says {named} said it" if named else "the file marks it confident"
        return (
            f"{claim}, but the source does not establish who said it ({said.why}); "
            + _on_purpose(named)
        )
    if named != said.speaker or entry.attribution != said.attribution:
        claim = f"the file says {named} said it" if named else "the file names nobody"
        return (
            f"{claim}, but the source gives these words to {said.speaker} ({said.why}); "
            f"put speaker = {_quoted(said.speaker or '')} back, or " + _on_purpose(named)
        )
    return _kind(entry, said)


def _kind(entry: Entry, said: Said) -> str:
    if entry.kind == said.kind:
        return ""
    return (
        f"the file calls it kind {_quoted(entry.kind)}, but the source makes it "
        f"{_quoted(said.kind)}; put kind = {_quoted(said.kind)} back"
    )


def _on_purpose(named: str | None) -> str:
    who = named or "NAME"
    return f"to credit {who} on purpose, set editor_speaker = {_quoted(who)}"


def _innermost(document: Document, span: Span) -> Passage | None:
    best: tuple[int, Passage] | None = None
    for passage in document.passages:
        for segment in passage.segments:
            if segment.contains(span) and (best is None or len(segment) < best[0]):
                best = (len(segment), passage)
    if best is None:
        return None
    chosen = best[1]
    # Words of somebody else quoted inside the turn may not ride along with the turn's own.
    for passage in document.passages:
        if passage is chosen or passage.speaker == chosen.speaker:
            continue
        for segment in passage.segments:
            if segment.overlaps(span) and not segment.contains(span):
                raise Unattributed(
                    f"the quote joins the words of {_name(chosen.speaker)} and "
                    f"{_name(passage.speaker)}"
                )
    return chosen


def _whose(document: Document, span: Span) -> str:
    """Why nobody's quotable words stand at ``span``, in words."""
    for turn in document.turns:
        if any(segment.overlaps(span) for segment in turn.segments):
            speaker = document.speaker(turn.speaker)
            if speaker is not None and speaker.role == "interviewer":
                return (
                    f"these are the interviewer's words ({speaker.name}), which are never a quote"
                )
            return "the quote's words run beyond one person's words in the source"
    return "these words are narration, not anybody's quoted speech"


def _name(speaker: str | None) -> str:
    return speaker or "an unnamed speaker"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
