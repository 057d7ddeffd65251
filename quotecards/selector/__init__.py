"""Selecting pull-quotes: cut candidates, score them, attribute them, keep a diverse best few.

``select(document, top=10)`` is the whole step; the pieces live in ``candidates`` (what can be
cut), ``scoring`` (how quotable a line is) and here (ranking, diversity, identity).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from quotecards.errors import IntegrityError
from quotecards.ingest.source import line_and_column
from quotecards.integrity import problems
from quotecards.model import Candidate, Document, Span
from quotecards.selector.candidates import Draft, drafts
from quotecards.selector.scoring import score_text, score_value, value_of

__all__ = ["Selection", "select"]

# Two picks that share this many content words, and this large a share of them, say the same
# thing; two short lines that share only a subject ("Machine learning is great" / "... sucks")
# do not.
_REPEAT_SHARE = 0.5
_REPEAT_WORDS = 3
_BRACKETED_LETTER = re.compile(r"\[(\w)\]")
_CONTENT = re.compile(r"[a-z0-9']{4,}")
_WORDS = re.compile(r"[\w'’]+")


@dataclass(frozen=True, slots=True)
class Selection:
    """The best picks (speaker established) and, apart, the best of what the text does not pin
    on anyone: offered for an editor to check, never as a confident pick."""

    document: Document
    picks: tuple[Candidate, ...]
    uncertain: tuple[Candidate, ...]
    # One line for each candidate dropped because it failed the verbatim check (a bug to report:
    # the rest of the selection stands).
    dropped: tuple[str, ...] = ()

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self.picks + self.uncertain


def select(document: Document, top: int = 10, *, strict: bool = False) -> Selection:
    """The best ``top`` picks and uncertain lines.  A candidate that fails the verbatim check is
    dropped and named in ``Selection.dropped``; with ``strict`` it raises
    :class:`~quotecards.errors.IntegrityError` instead (for CI)."""
    interviewer = document.interviewer
    interviewer_name = interviewer.name if interviewer is not None else None
    # Ranking needs only a number per draft; reasons, ids and Candidates are made for the few
    # that are kept.  ``order`` (the draft's place) breaks ties and numbers repeated words.
    confident: list[_Ranked] = []
    uncertain: list[_Ranked] = []
    language = document.language
    for order, draft in enumerate(drafts(document)):
        passage = draft.passage
        if passage.speaker is not None and passage.speaker == interviewer_name:
            continue  # the interviewer's own words are never a pull-quote
        text = draft.text
        measured = draft.features
        value = (
            value_of(measured, language)
            if measured is not None and "[" not in text
            else score_value(_as_read(text), language)
        )
        ranked = (
            -value,
            draft.spans[0].start,
            len(text),
            order,
            draft,
        )
        (confident if passage.attribution == "confident" else uncertain).append(ranked)
    dropped: list[str] = []

    def verbatim(draft: Draft) -> bool:
        found = problems(draft.text, draft.spans, document.text)
        if not found:
            return True
        line, _ = line_and_column(document.text, draft.spans[0].start)
        message = f"{document.source}: line {line}: {found[0]}: “{_clip(draft.text)}”"
        if strict:
            raise IntegrityError(message)
        dropped.append(f"dropped a candidate that failed the verbatim check: {message}")
        return False

    kept = _diverse(confident, top, verbatim), _diverse(uncertain, top, verbatim)
    occurrences = _occurrences(confident + uncertain, {r[4].text for k in kept for r in k})
    picks, doubtful = (tuple(_candidate(r, occurrences, document) for r in k) for k in kept)
    return Selection(document, picks, doubtful, tuple(dropped))


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_Ranked = tuple[int, int, int, int, Draft]


def _occurrences(ranked: list[_Ranked], texts: set[str]) -> dict[int, int]:
    """For each draft whose words are among ``texts``, which time (1, 2, ...) the same person
    says the same words, in the order of the source."""
    seen: dict[tuple[str | None, str], int] = {}
    out: dict[int, int] = {}
    for order, draft in sorted((r[3], r[4]) for r in ranked if r[4].text in texts):
        key = (draft.passage.speaker, draft.text)
        seen[key] = out[order] = seen.get(key, 0) + 1
    return out


def _as_read(text: str) -> str:
    """Scored as the card reads: "[T]he" is "The"."""
    return _BRACKETED_LETTER.sub(r"\1", text) if "[" in text else text


def _candidate(ranked: _Ranked, occurrences: dict[int, int], document: Document) -> Candidate:
    _, _, _, order, draft = ranked
    passage = draft.passage
    score = score_text(_as_read(draft.text), document.language)
    return Candidate(
        id=_identity(passage.speaker, draft.text, occurrences[order]),
        text=draft.text,
        speaker=passage.speaker,
        kind=passage.kind,
        attribution=passage.attribution,
        spans=draft.spans,
        score=score.value,
        reasons=score.reasons,
        context=passage.context,
        edits=draft.edits,
        title=_title(document, passage.speaker),
    )


def _title(document: Document, speaker: str | None) -> str:
    person = document.speaker(speaker)
    return person.title if person is not None else ""


def _diverse(ranked: list[_Ranked], top: int, verbatim: Callable[[Draft], bool]) -> list[_Ranked]:
    """The best ``top`` that neither overlap in the source nor repeat each other, and pass the
    verbatim check (checked only for the drafts that would be kept).

    Indexed, so that asking for every pick (``build`` with quote ids does) stays linear: the
    chosen spans are disjoint and kept sorted, so a span need only be checked against the one
    that starts before it ends; and a pick is compared only with the picks that share a word.
    """
    ranked.sort()  # ``order`` is unique: two drafts are never compared
    chosen: list[_Ranked] = []
    starts: list[int] = []  # of the chosen spans, sorted, with their ends beside them
    ends: list[int] = []
    words: list[set[str]] = []
    said: list[str] = []  # each chosen pick's words, as a line to search: " noticing is the job "
    holders: dict[str, list[int]] = {}  # a content word -> the chosen picks that have it
    lines: set[str] = set()
    for item in ranked:
        if len(chosen) == top:
            break
        spans = item[4].spans
        if any(_taken(starts, ends, span) for span in spans):
            continue
        mine = set(_CONTENT.findall(item[4].text.lower()))
        line = _words_of(item[4].text)
        if line in lines:
            continue  # the same line said twice ("Noticing is the job." / "... job!")
        shared = Counter(i for word in mine for i in holders.get(word, ()))
        if any(n >= _REPEAT_WORDS and _repeats(mine, words[i]) for i, n in shared.items()):
            continue
        if any(_within(line, said[i]) for i in shared):
            continue  # a line that holds a chosen pick's words, or is held by one
        if not verbatim(item[4]):
            continue
        for span in spans:
            at = bisect_left(starts, span.start)
            starts.insert(at, span.start)
            ends.insert(at, span.end)
        for word in mine:
            holders.setdefault(word, []).append(len(chosen))
        chosen.append(item)
        words.append(mine)
        said.append(line)
        lines.add(line)
    return chosen


def _words_of(text: str) -> str:
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


def _within(a: str, b: str) -> bool:
    """Whether one line's words stand, in order, among the other's (a whole sentence said again
    inside a longer run)."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return shorter.count(" ") > _REPEAT_WORDS and shorter in longer


def _taken(starts: list[int], ends: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps one of the disjoint, sorted spans ``starts``/``ends``."""
    before = bisect_left(starts, span.end) - 1  # the last chosen span that starts before it ends
    return before >= 0 and ends[before] > span.start


def _repeats(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= _REPEAT_WORDS and shared / len(a | b) >= _REPEAT_SHARE


def _identity(speaker: str | None, text: str, occurrence: int) -> str:
    """Stable across runs for the same quote: a hash of who said it and the words, numbered when
    the same words by the same person occur again."""
    key = f"{speaker or ''}\x1f{' '.join(text.split())}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return f"q{digest}" if occurrence == 1 else f"q{digest}-{occurrence}"
