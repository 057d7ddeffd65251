"""Cutting candidate pull-quotes out of passages.

A candidate is a sentence or a short run of consecutive sentences inside one passage, or a clean
trim of one: a leading "And/But/So/Well," dropped (the next letter capitalised in brackets; such a
run is offered only so) or, for a line too long for a card, a trailing clause cut at a comma, dash
or semicolon and marked with an ellipsis.  The two halves of a split quotation are also offered as
one, an ellipsis where the attribution stood.

What a transcriber wrote that nobody said never stands in a candidate: a sentence running across a
sound or a time (``[laughs]``, ``[00:12:31]``) is offered without it when the words on both sides
are one sentence; a sentence holding a gap (``[inaudible]``, ``[crosstalk]``) is not offered;
a sentence cut off (``we were going to --``) is not offered, and a false start ("I th— I think")
is left out, the candidate starting where the speaker started again.  Each trim is an explicit
:class:`~quotecards.model.Edit`, and every draft's text is built from its spans, so it is verbatim
by construction (and verified again before it leaves the selector).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import NamedTuple

from quotecards import sentences
from quotecards.ingest.annotations import find as find_annotations
from quotecards.integrity import gap_kind, without_emphasis
from quotecards.model import Document, Edit, Passage, Span
from quotecards.selector.features import Features, extract
from quotecards.selector.lexicon import CHARS_PER_WORD, lexicon, unspaced_words

MAX_SENTENCES = 3
MAX_WORDS = 60  # past this no card holds a quote well; a trim of it may still fit
MAX_RUN_WORDS = 40  # a run of sentences longer than this is past what a card holds well
CUT_OVER = 30  # words: a card holds this many well (the score's "fits a card")
MIN_OPENING_WORDS = 3  # a shorter first sentence is a reply, not the start of a quote
_SPLIT_GAP = 80  # characters between the halves of a split quote: '," said the CTO, Ann Lee. "'
# Discourse markers that lean on what came before; "But honestly," drops as one.
# Lower case too: the second half of a split quote ('"A," she said, "but B."') opens mid-sentence.
_LEADING = re.compile(
    r"(?:(?:[Aa]nd|[Bb]ut|[Oo]r|[Pp]lus)[ \t]+|(?:So|Well|Now|Look|Listen|Yeah|Yes|Oh|Okay|OK|"
    r"Honestly|Actually|Basically|Anyway|I mean|You know),[ \t]+)(?:(?:so|well|now|look|honestly|"
    r"actually|basically|anyway|I mean|you know|um|uh),[ \t]+)*(?=\S)"
)
# Words that open a subordinate clause: a sentence that starts with one has its main clause after
# the first break.
_SUBORDINATE = re.compile(
    r"[\"“‘(]*(?:If|When|Whenever|While|Because|Although|Though|Unless|Since|As|After|Before|"
    r"Until|Once|Whether|Even if|Even though|Even when|Wherever|Whatever|Whoever|However much|"
    r"So that|Now that|Given that|In order to|To)\b",
)
_CLAUSE_BREAK = re.compile(r"\s*(?:,|;|—|–|\s-\s|--|、|，|；)\s*")
_WORD = re.compile(r"\w+")
_JOINERS = {"omission": " … ", "space": " ", "none": ""}


class Draft(NamedTuple):
    """A candidate before scoring: its text, spans and edits, and the passage it came from.

    A named tuple: a transcript makes tens of thousands of drafts, and a frozen dataclass's
    ``__init__`` costs several times more.
    """

    text: str
    spans: tuple[Span, ...]
    edits: tuple[Edit, ...]
    passage: Passage
    # Its features, when they were measured already (a sentence's, for the verb check).
    features: Features | None = None


def drafts(document: Document) -> Iterator[Draft]:
    text = document.text
    language = document.language
    reported: dict[int | None, list[Passage]] = defaultdict(list)
    for passage in document.passages:
        if passage.kind == "reported":
            reported[passage.turn].append(passage)
    before: Passage | None = None
    for passage in document.passages:
        # Quotations of somebody else inside an answer: their words are not the answerer's.
        others = [
            other.span
            for other in (reported[passage.turn] if passage.kind == "answer" else ())
            if other.speaker != passage.speaker
        ]
        for flow in _flows(document, passage):
            units = [
                clean
                for s in _sentences(text, flow)
                if not any(_hits(s, o) for o in others)
                for clean in _spoken(text, s)
            ]
            yield from _windows(text, units, passage, language)
        if before is not None and _rejoins(before, passage):
            yield from _split_quote(text, before, passage, language)
        before = passage


def _rejoins(first: Passage, second: Passage) -> bool:
    """Whether ``second`` is the other half of a quotation ``first`` began, split by the words
    that say who spoke ('"A," she said, "but B."')."""
    return (
        second.continues
        and second.attribution == first.attribution == "confident"
        and second.speaker == first.speaker
        and 0 < second.segments[0].start - first.segments[-1].end <= _SPLIT_GAP
    )


def _split_quote(text: str, first: Passage, second: Passage, language: str) -> Iterator[Draft]:
    """The windows that run across a split quotation, the words between its halves left out
    with an ellipsis: "Nobody cuts a ribbon for maintenance … but maintenance is what keeps
    people alive."  Windows inside one half are its passage's own."""
    halves = (first.segments[-1], second.segments[0])
    units = [clean for s in _sentences(text, halves) for clean in _spoken(text, s)]
    for draft in _windows(text, units, first, language):
        if draft.spans[0].start < halves[0].end and draft.spans[-1].end > halves[1].start:
            yield draft


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


_SUSPECT = re.compile(r"[\[(\-\u2013\u2014]")
_TERMINAL = re.compile(r"[.?!…][\"'”’)\]]*$")
_DASH_END = re.compile(r"(?:--|[\u2013\u2014]|\s-)[\"'”’]*$")
_DASH_START = re.compile(r"(?:--|[\u2013\u2014]|-(?=\s))\s*")
# A word broken off by a dash, then the speaker starting again: "I th— I think", "we were-- we
# are", "a te- a teacher".  A dash between spaces (" — ") is a parenthetical dash, and "co-op"
# is a word.
_BROKEN_OFF = re.compile(
    r"(?P<before>(?:\w+\W+){0,3}?)(?P<word>\w+)(?:--|[\u2013\u2014]|-(?!\w))\s+(?P<after>\w+)"
)


def _restarts(text: str, span: Span) -> int | None:
    """Where the speaker last started again inside ``span`` after breaking off, if they did: a
    word cut short ("th—"), or the words before the dash said again after it ("we were— we
    are").  "It was my life— and I mean it" is one sentence with a dash in it."""
    restart = None
    for match in _BROKEN_OFF.finditer(text, span.start, span.end):
        word, after = match.group("word").lower(), match.group("after").lower()
        said_again = after in match.group("before").lower().split() or after == word
        if len(word) <= 3 or said_again:
            restart = match.start("after")
    return restart


def _spoken(text: str, unit: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """A sentence as it may be offered: split at the annotations inside it where the words on both
    sides are not one sentence, without its false starts; none if it holds a gap or is cut off."""
    if not any(_SUSPECT.search(text, span.start, span.end) for span in unit):
        return [unit]
    groups: list[list[Span]] = [[]]
    for span in unit:
        position = span.start
        for annotation, kind in find_annotations(text, span):
            if kind == "gap":
                return []  # words were said here that the transcript does not hold
            left = sentences.trim(text, Span(position, annotation.start))
            if left is not None:
                groups[-1].append(left)
            position = annotation.end
            if groups[-1] and _ends(_TERMINAL, text, groups[-1][-1]):
                groups.append([])  # the annotation stands between two sentences
        rest = sentences.trim(text, Span(position, span.end))
        if rest is not None:
            if groups[-1] and (
                _ends(_DASH_END, text, groups[-1][-1])
                or _DASH_START.match(text, rest.start, rest.end)
            ):
                groups.append([])  # a break at a dash: what follows is another start
            groups[-1].append(rest)
    out: list[tuple[Span, ...]] = []
    for group in groups:
        spans = _after_false_starts(text, group)
        if spans and not _ends(_DASH_END, text, spans[-1]):  # not cut off
            out.append(tuple(spans))
    return out


def _ends(pattern: re.Pattern[str], text: str, span: Span) -> bool:
    return pattern.search(text, max(span.start, span.end - 8), span.end) is not None


def _after_false_starts(text: str, group: list[Span]) -> list[Span]:
    """``group`` from where the speaker last started again, without a dash it opens with."""
    spans = list(group)
    for index in range(len(spans) - 1, -1, -1):
        restart = _restarts(text, spans[index])
        if restart is not None:
            spans = [Span(restart, spans[index].end), *spans[index + 1 :]]
            break
    if spans:
        lead = _DASH_START.match(text, spans[0].start, spans[0].end)
        if lead is not None:
            spans[0] = Span(lead.end(), spans[0].end)
    return [span for span in spans if span.start < span.end and _WORD.search(span.of(text))]


def _hits(sentence: tuple[Span, ...], other: Span) -> bool:
    return any(span.overlaps(other) for span in sentence)


WordCount = Callable[[str, int, int], int]


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


def _counter(language: str) -> WordCount:
    """How a language's words are counted: runs of letters, or, where the script has no spaces
    (Chinese, Japanese), characters at the rate the score counts them."""
    code = language.split("-")[0].lower()
    if code not in CHARS_PER_WORD:
        return _words
    return lambda text, start, end: unspaced_words(text[start:end], code)


def _windows(
    text: str, units: list[tuple[Span, ...]], passage: Passage, language: str = "en"
) -> Iterator[Draft]:
    # What each sentence offers is worked out once, not once per window it stands in.
    count_words = _counter(language)
    leading = _leading(language)
    words = [sum(count_words(text, s.start, s.end) for s in unit) for unit in units]
    leads = [_drop_leading(text, unit[0], count_words, leading) for unit in units]
    cuts = [_cut_trailing(text, unit[-1], count_words) for unit in units]
    for first in range(len(units)):
        # Nor on a fragment without a verb ("The paperwork, weirdly."): it leans on a question.
        # The sentence is measured as a card shows it, so that its window of one, the same
        # words, is scored from the same measure rather than measured again.
        alone = measured = None
        if words[first] >= MIN_OPENING_WORDS:
            alone = display_text(text, units[first])
            measured = extract(alone, language)
            if measured.verbless:
                continue
        spans: tuple[Span, ...] = ()
        count = 0
        # A window that opens on "And", "But" or "Well," is offered without it: on a card the
        # word leans on a sentence the reader never sees (the edit says what was dropped).
        lead = leads[first]
        # A run never opens on a reply ("No.", "Not once."): it answers a question the card
        # does not show; the sentences after it stand as runs of their own.
        longest = 1 if words[first] < MIN_OPENING_WORDS else MAX_SENTENCES
        for last in range(first, min(first + longest, len(units))):
            spans = _merge(text, spans + units[last])
            count += words[last]
            single = last == first
            if count > MAX_RUN_WORDS and not single:
                break
            opened = spans if lead is None else _start_at(spans, lead[0])
            opening = () if lead is None else lead[1]
            if count <= MAX_WORDS:
                if single and lead is None and alone is not None and opened == units[first]:
                    yield Draft(alone, opened, (), passage, measured)
                else:
                    yield _draft(text, opened, opening, passage)
            # Cut short only when too long for a card as it stands: a cut line that fits changes
            # its emphasis (a trailing "at least for now" is the speaker's meaning), and an
            # editor who wants it shorter trims it on the review page.
            cut = cuts[last]
            if cut is None or count <= CUT_OVER:
                continue
            yield _draft(text, _end_at(opened, cut[0]), opening + cut[1], passage)


def _start_at(spans: tuple[Span, ...], start: int) -> tuple[Span, ...]:
    return (Span(start, spans[0].end), *spans[1:])


def _end_at(spans: tuple[Span, ...], end: int) -> tuple[Span, ...]:
    return (*spans[:-1], Span(spans[-1].start, end))


def _leading(language: str) -> re.Pattern[str] | None:
    """The opening words a language's lines are offered without (see _LEADING)."""
    code = language.split("-")[0].lower()
    return _LEADING if code == "en" else lexicon(code).leading


def _drop_leading(
    text: str,
    head: Span,
    count_words: WordCount = _words,
    leading: re.Pattern[str] | None = _LEADING,
) -> tuple[int, tuple[Edit, ...]] | None:
    """Where a sentence starts without its leading "And/But/So/Well,", and the edits that say so."""
    match = None if leading is None else leading.match(text, head.start, head.end)
    if match is None or count_words(text, match.end(), head.end) < 3:
        return None
    start = match.end()
    edits = [Edit("drop-leading", Span(head.start, start), f"dropped ‘{match.group(0).strip()}’")]
    if text[start].islower():
        edits.append(Edit("capitalise", Span(start, start + 1), "capitalised in brackets"))
    return start, tuple(edits)


def _cut_trailing(
    text: str, tail: Span, count_words: WordCount = _words
) -> tuple[int, tuple[Edit, ...]] | None:
    """Where a sentence ends if cut at its last clause break, when what is left still says
    something and what goes is more than a word."""
    cut = None
    for match in _CLAUSE_BREAK.finditer(text, tail.start, tail.end):
        cut = match
    if cut is None:
        return None
    # "If you put a hive on your roof to save the bees, …" says nothing without its main clause.
    opening = _SUBORDINATE.match(text, tail.start, tail.end)
    if opening is not None and _CLAUSE_BREAK.search(text, opening.end(), cut.start()) is None:
        return None
    if count_words(text, tail.start, cut.start()) < 5:
        return None
    if count_words(text, cut.end(), tail.end) < 2:
        return None
    return cut.start(), (
        Edit("cut-trailing", Span(cut.start(), tail.end), "cut the trailing clause"),
    )


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
    quote = _shown(text, spans[0])
    for left, right in pairwise(spans):
        quote += _JOINERS[gap_kind(text, left, right)] + _shown(text, right)
    for edit in edits:
        if edit.kind == "capitalise":
            quote = f"[{quote[0].upper()}]{quote[1:]}"
        elif edit.kind == "cut-trailing":
            quote += "…"
    return quote


def _shown(text: str, span: Span) -> str:
    """A piece of the source as a card shows it: Markdown emphasis gone (an asterisk that is not
    emphasis, as in "3*4", stays), white space one space."""
    return " ".join(without_emphasis(text, span).split())
