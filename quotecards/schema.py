"""The JSON that ``quotecards select --json`` and ``quotecards score`` print: one place, versioned.

Version 1 (``"schema": "quotecards.selector/1"``); a field is only ever added within a version.
"""

from __future__ import annotations

from typing import Any

from quotecards.ingest.extract import LAYOUTS as EXTRACTED
from quotecards.model import Candidate, Score
from quotecards.selector import Selection

SELECT_SCHEMA = "quotecards.selector/1"


def selection(result: Selection) -> dict[str, Any]:
    document = result.document
    out = {
        "schema": SELECT_SCHEMA,
        "source": document.source,
        "shape": document.shape,
        "language": document.language,
        "speakers": [
            {"name": s.name, "role": s.role, "aliases": list(s.aliases), "title": s.title}
            for s in document.speakers
        ],
        "notes": list(document.notes),
        "candidates": [candidate(c, rank) for rank, c in enumerate(result.candidates, 1)],
    }
    if document.layout in EXTRACTED:
        # The spans index into text extracted from a Word file, web page or JSON transcript, not
        # into the file's bytes: give that text, so that anyone can check a span.
        out |= {"layout": document.layout, "title": document.title, "byline": document.byline}
        out["text"] = document.text
    return out


def candidate(c: Candidate, rank: int) -> dict[str, Any]:
    return {
        "id": c.id,
        "rank": rank,
        "text": c.text,
        "speaker": c.speaker,
        "title": c.title,
        "kind": c.kind,
        "attribution": c.attribution,
        "spans": [[s.start, s.end] for s in c.spans],
        "score": c.score,
        "reasons": list(c.reasons),
        "context": c.context,
        "edits": [
            {"kind": e.kind, "span": [e.span.start, e.span.end], "note": e.note} for e in c.edits
        ],
    }


def score(text: str, result: Score) -> dict[str, Any]:
    return {"text": text, "score": result.value, "reasons": list(result.reasons)}
