"""Cutting candidate pull-quotes out of passages.

A candidate is a sentence or a short run of consecutive sentences inside one passage, or a clean
trim of one: a leading "And/But/So/Well," dropped (the next letter capitalised in brackets) or a
trailing clause cut at a comma, dash or semicolon and marked with an ellipsis.  Each trim is an
explicit :class:`~quotecards.model.Edit`, and every draft's text is built from its spans, so it
is verbatim by construction (and verified again before it leaves the selector).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from quotecards import sentences
from quotecards.integrity import gap_kind
from quotecards.model import Document, Edit, Passage, Span

MAX_SENTENCES = 3
MAX_WORDS = 60  # past this no card holds a quote well; a trim of it may still fit
# Discourse markers that lean on what came before; "But honestly," drops as one.
_LEADING = re.compile(
    r"(?:(?:And|But|Or|Plus)[ \t]+|(?:So|Well|Now|Look|Listen|Yeah|Yes|Oh|Okay|OK|Honestly|"
    r"Actually|Basically|Anyway|I mean|You know),[ \t]+)(?:(?:so|well|now|look|honestly|actually|"
    r"basically|anyway|I mean|you know|um|uh),[ \t]+)*(?=\S)"
)
_CLAUSE_BREAK = re.compile(r"\s*(?:,|;|—|–|\s-\s|--)\s*")
_WORD = re.compile(r"\w+")
_EMPHASIS = re.compile(r"\*+")


@dataclass(frozen=True, slots=True)
class Draft:
    """A candidate before scoring: its text, spans and edits, and the passage it came from."""

    text: str
    spans: tuple[Span, ...]
    edits: tuple[Edit, ...]
    passage: Passage


def drafts(document: Document) -> Iterator[Draft]:
    text = document.text
    reported: dict[int | None, list[Passage]] = defaultdict(list)
    for passage in document.passages:
        if passage.kind == "reported":
            reported[passage.turn].append(passage)
    for passage in document.passages:
        # Quotations of somebody else inside an answer: their words are not the answerer's.
        others = [
            other.span
            for other in (reported[passage.turn] if passage.kind == "answer" else ())
            if other.speaker != passage.speaker
        ]
        for flow in _flows(document, passage):
            units = [s for s in _sentences(text, flow) if not any(_hits(s, o) for o in others)]
            yield from _windows(text, units, passage)


def _flows(document: Document, passage: Passage) -> list[tuple[Span, ...]]:
    """Stretches a sentence may run through: a subtitle turn's cues flow into each other; a
    transcript's paragraphs and a quotation stand alone."""
    if document.shape == "subtitles":
        return [passage.segments]
    return [(segment,) for segment in passage.segments]


def _sentences(text: str, flow: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """The sentences of a flow, each as the source spans its words stand in."""
    if len(flow) == 1:
        return [(s,) for s in sentences.split(text, flow[0])]
    # Join the pieces as they read (a tag inside a word joins without a space), split, and map
    # each sentence back onto the pieces.
    virtual = ""
    starts: list[int] = []
    for index, piece in enumerate(flow):
        if index and gap_kind(text, flow[index - 1], piece) != "none":
            virtual += " "
        starts.append(len(virtual))
        virtual += piece.of(text)
    out: list[tuple[Span, ...]] = []
    for sentence in sentences.split(virtual, Span(0, len(virtual))):
        spans: list[Span] = []
        for piece, start in zip(flow, starts, strict=True):
            lo, hi = max(sentence.start, start), min(sentence.end, start + len(piece))
            if lo < hi:
                spans.append(Span(piece.start + lo - start, piece.start + hi - start))
        if spans:
            out.append(tuple(spans))
    return out


def _hits(sentence: tuple[Span, ...], other: Span) -> bool:
    return any(span.overlaps(other) for span in sentence)


def _windows(text: str, units: list[tuple[Span, ...]], passage: Passage) -> Iterator[Draft]:
    for first in range(len(units)):
        spans: tuple[Span, ...] = ()
        words = 0
        for last in range(first, min(first + MAX_SENTENCES, len(units))):
            spans = _merge(text, spans + units[last])
            words += len(_WORD.findall("".join(s.of(text) for s in units[last])))
            if words > MAX_WORDS and last > first:
                break
            if words <= MAX_WORDS:
                yield _draft(text, spans, (), passage)
            yield from _trims(text, spans, passage, words)


def _trims(text: str, spans: tuple[Span, ...], passage: Passage, words: int) -> Iterator[Draft]:
    lead = _drop_leading(text, spans)
    if lead is not None and words <= MAX_WORDS:
        yield _draft(text, *lead, passage)
    tail = _cut_trailing(text, spans)
    if tail is not None:
        yield _draft(text, *tail, passage)
        if lead is not None:
            both = _cut_trailing(text, lead[0])
            if both is not None:
                yield _draft(text, both[0], lead[1] + both[1], passage)


def _drop_leading(
    text: str, spans: tuple[Span, ...]
) -> tuple[tuple[Span, ...], tuple[Edit, ...]] | None:
    head = spans[0]
    match = _LEADING.match(text, head.start, head.end)
    if match is None or len(_WORD.findall(text, match.end(), head.end)) < 3:
        return None
    kept = (Span(match.end(), head.end), *spans[1:])
    edits = [
        Edit("drop-leading", Span(head.start, match.end()), f"dropped ‘{match.group(0).strip()}’")
    ]
    if text[match.end()].islower():
        edits.append(
            Edit("capitalise", Span(match.end(), match.end() + 1), "capitalised in brackets")
        )
    return kept, tuple(edits)


def _cut_trailing(
    text: str, spans: tuple[Span, ...]
) -> tuple[tuple[Span, ...], tuple[Edit, ...]] | None:
    """Cut the last sentence at its last clause break, when what is left still says something."""
    tail = spans[-1]
    breaks = list(_CLAUSE_BREAK.finditer(text, tail.start, tail.end))
    if not breaks:
        return None
    cut = breaks[-1]
    kept_words = len(_WORD.findall(text, tail.start, cut.start()))
    dropped_words = len(_WORD.findall(text, cut.end(), tail.end))
    if kept_words < 5 or dropped_words < 2:
        return None
    kept = (*spans[:-1], Span(tail.start, cut.start()))
    return kept, (Edit("cut-trailing", Span(cut.start(), tail.end), "cut the trailing clause"),)


def _merge(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Adjacent sentences of one paragraph become one span; cue boundaries stay separate."""
    out: list[Span] = []
    for span in spans:
        if out and not text[out[-1].end : span.start].strip():
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return tuple(out)


def _draft(text: str, spans: tuple[Span, ...], edits: tuple[Edit, ...], passage: Passage) -> Draft:
    return Draft(display_text(text, spans, edits), spans, edits, passage)


def display_text(text: str, spans: tuple[Span, ...], edits: tuple[Edit, ...] = ()) -> str:
    """The quote as a card shows it: the spans' words, an ellipsis where words are left out."""
    joiners = {"omission": " … ", "space": " ", "none": ""}
    quote = ""
    for index, span in enumerate(spans):
        if index:
            quote += joiners[gap_kind(text, spans[index - 1], span)]
        quote += " ".join(_EMPHASIS.sub("", span.of(text)).split())
    if any(edit.kind == "capitalise" for edit in edits):
        quote = f"[{quote[0].upper()}]{quote[1:]}"
    if any(edit.kind == "cut-trailing" for edit in edits):
        quote += "…"
    return quote
