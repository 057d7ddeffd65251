"""Editorial review: the review file beside each source, and the local page to work in it.

::

    from quotecards.review import write_review, approved_quotes, render_approved

    path, review = write_review(Path("interview.txt"))   # quotecards select --write-review
    for quote in approved_quotes(path):                   # what build renders
        print(quote.id, quote.text, quote.spans, quote.themes, quote.formats)

The pieces: :mod:`~quotecards.review.file` (the TOML file, its version, atomic saves),
:mod:`~quotecards.review.edits` (an editor's text mapped onto the source, or refused),
:mod:`~quotecards.review.merge` (a new selection merged without losing decisions),
:mod:`~quotecards.review.sync` (a review file and its source together),
:mod:`~quotecards.review.session` and :mod:`~quotecards.review.server` (the page), and
:mod:`~quotecards.review.approved` (what ``build`` renders).  Names load on first use, so the
command line's ``--help`` never imports them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ApprovedQuote": "quotecards.review.approved",
    "approved_quotes": "quotecards.review.approved",
    "render_approved": "quotecards.review.approved",
    "Review": "quotecards.review.file",
    "Entry": "quotecards.review.file",
    "ReviewError": "quotecards.review.file",
    "ConflictError": "quotecards.review.file",
    "review_path_for": "quotecards.review.file",
    "check_edit": "quotecards.review.edits",
    "write_review": "quotecards.review.sync",
}
__all__ = [
    "ApprovedQuote",
    "ConflictError",
    "Entry",
    "Review",
    "ReviewError",
    "approved_quotes",
    "check_edit",
    "render_approved",
    "review_path_for",
    "write_review",
]

if TYPE_CHECKING:
    from quotecards.review.approved import ApprovedQuote, approved_quotes, render_approved
    from quotecards.review.edits import check_edit
    from quotecards.review.file import ConflictError, Entry, Review, ReviewError, review_path_for
    from quotecards.review.sync import write_review


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'quotecards.review' has no attribute {name!r}")
