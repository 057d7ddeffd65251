"""A highlight: one phrase of a quote set in the accent colour, and the rule that it is the
quote's own words.

The phrase is looked for in the quote as the card sets it (see
:mod:`quotecards.typeset.typography`: curly quotes, dashes, an ellipsis, one space for any run of
white space), with both sides put through the same clean-up, every kind of quotation mark and
apostrophe alike, and the brackets of a changed capital ("[T]he") left out of the match; letters
must match exactly, case included.  The first place it stands is the one highlighted.

A phrase that is not there is refused with one line by :func:`check` (one quote) or
:func:`apply` (a batch, where it goes on each quote that holds it), never dropped and never
allowed to change a word.  Every way a highlight comes in passes through here before anything is
rendered: ``render --highlight``, ``highlight =`` in the review file (for ``render`` and
``build``) and the review page; typesetting then finds the same characters with :func:`find`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from quotecards.errors import QuotecardsError
from quotecards.typeset.layout import CardText

# The typesetter's own pattern for "[T]he", so that a phrase matches the words the card shows.
from quotecards.typeset.typography import _CASE_CHANGE, for_pull_quote, quote_marks, smarten

_MARKS = str.maketrans(dict.fromkeys("'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "'"))
_PREVIEW = 60


class HighlightError(QuotecardsError):
    """A highlight phrase that is not words of its quote."""


def tidy(phrase: str) -> str:
    """The phrase as stored: one space for any run of white space, none at the ends."""
    return " ".join(phrase.split())


def shown(quote: str) -> str:
    """The quote's text as it stands between the card's marks (brackets kept)."""
    return for_pull_quote(quote, quote_marks(quote))


def _keys(text: str) -> tuple[str, list[int], frozenset[int]]:
    """``text`` as matched, where each of its characters stands in ``text``, and the places of
    the brackets left out."""
    skipped = frozenset(i for m in _CASE_CHANGE.finditer(text) for i in (m.start(), m.start() + 2))
    where = [i for i in range(len(text)) if i not in skipped]
    return "".join(text[i] for i in where).translate(_MARKS), where, skipped


def find(phrase: str, text: str) -> tuple[int, int] | None:
    """Where ``phrase`` first stands in ``text`` (a quote as the card sets it), as
    ``(start, end)`` offsets into ``text``; None when it is not there.  A phrase quoted in its
    own marks also matches its words alone, since the card draws the quote's outer marks."""
    wanted = _keys(smarten(phrase))[0]
    keys, where, skipped = _keys(text)
    at = keys.find(wanted) if wanted else -1
    if at < 0 and wanted.strip("'"):
        wanted = wanted.strip("'")
        at = keys.find(wanted)
    if at < 0:
        return None
    start, end = where[at], where[at + len(wanted) - 1] + 1
    # A changed capital keeps its brackets with it: "[T]he", not "[The".
    if start - 1 in skipped:
        start -= 1
    if end in skipped:
        end += 1
    return start, end


def refusal(phrase: str, quote: str, quote_id: str = "", what: str = "highlight") -> str:
    """The one line that refuses ``phrase`` for ``quote``."""
    which = f"quote {quote_id}" if quote_id else "the quote"
    return (
        f"{what} {_quoted(phrase)}: not in {which} ({_quoted(_clip(quote))}); "
        "give words exactly as they appear in the quote"
    )


def check(phrase: str, quote: str, quote_id: str = "", what: str = "highlight") -> str:
    """``phrase`` tidied ("" for none) when it is words of ``quote``; otherwise
    :class:`HighlightError`, whose message names it as ``what`` ("--highlight", a review file's
    quote)."""
    phrase = tidy(phrase)
    if phrase and find(phrase, shown(quote)) is None:
        raise HighlightError(refusal(phrase, quote, quote_id, what))
    return phrase


def apply(texts: Sequence[CardText], phrase: str, what: str = "--highlight") -> list[CardText]:
    """``texts`` with ``phrase`` highlighted on each quote that holds it (the others as they
    were); refused when none does."""
    phrase = tidy(phrase)
    if not phrase:
        return list(texts)
    holding = [find(phrase, shown(t.quote)) is not None for t in texts]
    if not any(holding):
        if len(texts) == 1:
            raise HighlightError(refusal(phrase, texts[0].quote, texts[0].id, what))
        ids = ", ".join(t.id or _quoted(_clip(t.quote, 24)) for t in texts)
        raise HighlightError(
            f"{what} {_quoted(phrase)}: in none of the {len(texts)} quotes ({ids}); "
            "give words exactly as they appear in one of them"
        )
    return [replace(t, highlight=phrase) if ok else t for t, ok in zip(texts, holding, strict=True)]


def _quoted(text: str) -> str:
    return f'"{text}"'


def _clip(text: str, limit: int = _PREVIEW) -> str:
    text = tidy(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
