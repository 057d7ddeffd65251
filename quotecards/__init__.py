"""quotecards: attributed, verbatim pull-quote cards from interviews and articles.

The Python API mirrors the command line::

    from quotecards import read_source, select, score_text

    document = read_source("interview.txt")          # quotecards select interview.txt
    for quote in select(document, top=5).picks:
        print(quote.score, quote.speaker, quote.text, quote.spans)
    score_text("Machine learning sucks.")            # quotecards score

Names are loaded on first use, so importing the package (and ``quotecards --help``) stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_source": "quotecards.ingest",
    "read_text": "quotecards.ingest",
    "select": "quotecards.selector",
    "Selection": "quotecards.selector",
    "score_text": "quotecards.selector.scoring",
    "verify": "quotecards.integrity",
    "Candidate": "quotecards.model",
    "Document": "quotecards.model",
    "Span": "quotecards.model",
    "QuotecardsError": "quotecards.errors",
}
__all__ = [
    "Candidate",
    "Document",
    "QuotecardsError",
    "Selection",
    "Span",
    "__version__",
    "read_source",
    "read_text",
    "score_text",
    "select",
    "verify",
]

if TYPE_CHECKING:
    from quotecards.errors import QuotecardsError
    from quotecards.ingest import read_source, read_text
    from quotecards.integrity import verify
    from quotecards.model import Candidate, Document, Span
    from quotecards.selector import Selection, select
    from quotecards.selector.scoring import score_text


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'quotecards' has no attribute {name!r}")
