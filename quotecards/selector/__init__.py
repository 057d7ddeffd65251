"""Selecting pull-quotes: cut candidates, score them, attribute them, keep a diverse best few.

``select(document, top=10)`` is the whole step; the pieces live in ``candidates`` (what can be
cut), ``scoring`` (how quotable a line is) and here (ranking, diversity, identity).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from quotecards.integrity import verify
from quotecards.model import Candidate, Document
from quotecards.selector.candidates import Draft, drafts
from quotecards.selector.scoring import score_text

__all__ = ["Selection", "select"]

# Two picks that share this many content words, and this large a share of them, say the same
# thing; two short lines that share only a subject ("Machine learning is great" / "... sucks")
# do not.
_REPEAT_SHARE = 0.5
_REPEAT_WORDS = 3
_BRACKETED_LETTER = re.compile(r"\[(\w)\]")
_CONTENT = re.compile(r"[a-z0-9']{4,}")


@dataclass(frozen=True, slots=True)
class Selection:
    """The best picks (speaker established) and, apart, the best of what the text does not pin
    on anyone: offered for an editor to check, never as a confident pick."""

    document: Document
    picks: tuple[Candidate, ...]
    uncertain: tuple[Candidate, ...]

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self.picks + self.uncertain


def select(document: Document, top: int = 10) -> Selection:
    interviewer = document.interviewer
    confident: list[Candidate] = []
    uncertain: list[Candidate] = []
    seen: dict[str, int] = {}
    for draft in drafts(document):
        passage = draft.passage
        if interviewer is not None and passage.speaker == interviewer.name:
            continue  # the interviewer's own words are never a pull-quote
        # Scored as the card reads: "[T]he" is "The".
        score = score_text(_BRACKETED_LETTER.sub(r"\1", draft.text))
        candidate = Candidate(
            id=_identity(draft, seen),
            text=draft.text,
            speaker=passage.speaker,
            kind=passage.kind,
            attribution=passage.attribution,
            spans=draft.spans,
            score=score.value,
            reasons=score.reasons,
            context=passage.context,
            edits=draft.edits,
        )
        (confident if passage.attribution == "confident" else uncertain).append(candidate)
    picks = _diverse(confident, top)
    doubtful = _diverse(uncertain, top)
    for candidate in (*picks, *doubtful):
        verify(candidate.text, candidate.spans, document.text, where=f"{document.source}: {candidate.id}")
    return Selection(document, picks, doubtful)


def _diverse(candidates: Iterable[Candidate], top: int) -> tuple[Candidate, ...]:
    """The best ``top`` that neither overlap in the source nor repeat each other."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.spans[0].start, len(c.text)))
    chosen: list[Candidate] = []
    words: list[set[str]] = []
    for candidate in ranked:
        if len(chosen) == top:
            break
        if any(s.overlaps(t) for c in chosen for s in c.spans for t in candidate.spans):
            continue
        mine = set(_CONTENT.findall(candidate.text.lower()))
        if any(_repeats(mine, theirs) for theirs in words):
            continue
        chosen.append(candidate)
        words.append(mine)
    return tuple(chosen)


def _repeats(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= _REPEAT_WORDS and shared / len(a | b) >= _REPEAT_SHARE


def _identity(draft: Draft, seen: dict[str, int]) -> str:
    """Stable across runs for the same quote: a hash of who said it and the words, numbered when
    the same words by the same person occur again."""
    key = f"{draft.passage.speaker or ''}\x1f{' '.join(draft.text.split())}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    seen[digest] = seen.get(digest, 0) + 1
    return f"q{digest}" if seen[digest] == 1 else f"q{digest}-{seen[digest]}"
