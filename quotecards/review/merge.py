"""Bringing a review up to date with a new selection, without losing an editor's decisions.

A new selection (the source was edited, the selector improved, ``--top`` changed) is matched to
the review's quotes: by id first (the same person, the same words), then by the closest words of
the same person when the source's words shifted.  A matched quote takes the selector's new view
(score, rank, reasons, spans) and keeps the editor's (status, edit, themes, formats, note).  A
decided quote the selection no longer offers stays, found again in the source by its words, or
flagged ``missing`` when they are gone: never dropped.  Anything an editor must look at again is
said in the quote's ``problem``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotecards import integrity
from quotecards.model import Candidate, Document, Span
from quotecards.review.attribution import disagreement
from quotecards.review.edits import Check, check_edit, locate, reach_of
from quotecards.review.file import Entry, Review
from quotecards.selector import Selection

# Below this share of words in common, two quotes are different quotes, not one quote whose
# source was retouched.
SAME_QUOTE = 0.75
GONE = "its words are no longer in the source"
_WORDS = re.compile(r"\w+(?:['’]\w+)*")


def entry_of(
    candidate: Candidate,
    rank: int,
    themes: Sequence[str],
    formats: Sequence[str],
) -> Entry:
    """A proposed quote, straight from the selector."""
    return Entry(
        id=candidate.id,
        text=candidate.text,
        spans=candidate.spans,
        speaker=candidate.speaker,
        kind=candidate.kind,
        attribution=candidate.attribution,
        themes=tuple(themes),
        formats=tuple(formats),
        score=candidate.score,
        rank=rank,
        reasons=candidate.reasons,
        context=candidate.context,
    )


def merge(previous: Review, selection: Selection, source_sha256: str) -> Review:
    """``previous`` brought up to ``selection`` (whose document is the source as it is now)."""
    document = selection.document
    offered = {c.id for c in selection.candidates}
    by_id = {entry.id: entry for entry in previous.quotes}
    unclaimed = [entry for entry in previous.quotes if entry.id not in offered]
    quotes: list[Entry] = []
    for rank, candidate in enumerate(selection.candidates, 1):
        fresh = entry_of(candidate, rank, previous.themes, previous.formats)
        before = by_id.get(candidate.id)
        words_changed = False
        if before is None:
            before = _closest(candidate, unclaimed)
            words_changed = before is not None
            if before is not None:
                unclaimed.remove(before)
        quotes.append(fresh if before is None else _carry(before, fresh, document, words_changed))
    quotes.extend(_kept(entry, document) for entry in unclaimed if entry.decided)
    return replace(previous, quotes=tuple(quotes), source_sha256=source_sha256)


def _closest(candidate: Candidate, entries: Sequence[Entry]) -> Entry | None:
    """The quote of the same person whose words are nearest the candidate's, if near enough."""
    mine = _words(candidate.text)
    best, best_ratio = None, SAME_QUOTE
    for entry in entries:
        if entry.speaker != candidate.speaker:
            continue
        ratio = difflib.SequenceMatcher(a=_words(entry.selected), b=mine, autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = entry, ratio
    return best


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORDS.findall(text)]


def _carry(before: Entry, fresh: Entry, document: Document, words_changed: bool) -> Entry:
    """The selector's new view of a quote with the editor's decisions on it."""
    problems = _without_gone(before.problem)
    if words_changed and before.decided:
        problems.append(
            "the source's words changed since this quote was decided: "
            + word_change(before.selected, fresh.text)
            + "; check it and decide again"
        )
    entry = replace(
        fresh,
        status=before.status,
        updated=before.updated,
        themes=before.themes,
        formats=before.formats,
        note=before.note,
        editor_speaker=before.editor_speaker,
        highlight=before.highlight,
    )
    if before.edited:
        check = check_edit(
            before.text, fresh.spans, document.text, reach_of(document, fresh.spans, fresh.speaker)
        )
        entry = replace(entry, text=before.text, spans=check.spans or fresh.spans)
        if not check.ok:
            problems.append(f"the edit no longer matches the source: {check.problems[0]}")
    return replace(entry, problem="; ".join(dict.fromkeys(problems)))


def _kept(entry: Entry, document: Document) -> Entry:
    """A decided quote the selection no longer offers: still where it was, found again, or
    flagged missing."""
    found = replace(entry, rank=0, missing=False, problem="; ".join(_without_gone(entry.problem)))
    source = document.text
    if _verbatim(entry.text, entry.spans, source) and _verbatim(
        entry.selected, entry.selected_spans, source
    ):
        return found
    spans = locate(entry.text, document, entry.speaker)
    if spans is None:
        problem = "; ".join([*_without_gone(entry.problem), GONE])
        return replace(entry, rank=0, missing=True, problem=problem)
    selected_spans = locate(entry.selected, document, entry.speaker)
    if selected_spans is None:
        return replace(found, spans=spans, selected=entry.text, selected_spans=spans)
    return replace(found, spans=spans, selected_spans=selected_spans)


def _without_gone(problem: str) -> list[str]:
    """The problems of a quote, less "no longer in the source" (said again if still so)."""
    return [p for p in problem.split("; ") if p and p != GONE]


def _verbatim(text: str, spans: Sequence[Span], source: str) -> bool:
    return not integrity.problems(text, spans, source)


def word_change(before: str, after: str) -> str:
    """``a few [-old-] {+new+} words``: how a quote's words changed, for a problem message."""
    a, b = before.split(), after.split()
    parts: list[str] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[a0:a1]
            parts.append(" ".join(words if len(words) <= 6 else [*words[:2], "…", *words[-2:]]))
            continue
        if a1 > a0:
            parts.append("[-" + " ".join(a[a0:a1]) + "-]")
        if b1 > b0:
            parts.append("{+" + " ".join(b[b0:b1]) + "+}")
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Reconciled:
    """A review checked against its source: hand-made edits given their spans, and the quotes
    whose text the source does not bear out (``refused``, by id)."""

    review: Review
    refused: dict[str, Check]


def reconcile(review: Review, document: Document) -> Reconciled:
    """Check every quote against the source.  A text changed by hand in the file is mapped onto
    the source again (new spans); one that breaks the verbatim rule is refused, and so is one
    whose speaker, kind or attribution the source does not bear out at its spans
    (:mod:`quotecards.review.attribution`)."""
    refused: dict[str, Check] = {}
    quotes: list[Entry] = []
    for entry in review.quotes:
        if not entry.missing and not _verbatim(entry.text, entry.spans, document.text):
            check = _recheck(entry, document)
            if check.ok:
                entry = replace(entry, spans=check.spans)
            else:
                refused[entry.id] = check
        if not entry.missing and entry.id not in refused:
            problem = disagreement(entry, document)
            if problem:
                refused[entry.id] = Check(entry.text, problems=(problem,))
        quotes.append(entry)
    return Reconciled(review.with_quotes(quotes), refused)


def _recheck(entry: Entry, document: Document) -> Check:
    """Where a quote's text stands now: against the selector's spans (a hand edit of the text
    in the file), else wherever its words are in the source."""
    source = document.text
    check = Check(entry.text, problems=("its spans point past the end of the source",))
    base = entry.selected_spans
    if base and base[-1].end <= len(source):
        check = check_edit(entry.text, base, source, reach_of(document, base, entry.speaker))
        if check.ok:
            return check
    spans = locate(entry.text, document, entry.speaker)
    return Check(entry.text, spans) if spans else check
