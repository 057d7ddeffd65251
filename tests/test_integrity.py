"""The verbatim rule: what a quote may and may not do to the source's words."""

from __future__ import annotations

import pytest

from quotecards.errors import IntegrityError
from quotecards.integrity import problems, verify, word_diff
from quotecards.model import Span

SOURCE = "Well, we’re missing something big -- to get machines to learn, like humans do. The end."


def span_of(words: str) -> Span:
    start = SOURCE.index(words)
    return Span(start, start + len(words))


def test_the_exact_words_pass():
    verify("we’re missing something big", [span_of("we’re missing something big")], SOURCE)


def test_typographic_forms_pass():
    words = "we’re missing something big -- to get machines to learn"
    verify("we're missing something big — to get machines to learn", [span_of(words)], SOURCE)


def test_an_omission_needs_an_ellipsis():
    spans = [span_of("we’re missing something big"), span_of("The end.")]
    verify("we’re missing something big … The end.", spans, SOURCE)
    assert (
        "without an ellipsis" in problems("we’re missing something big The end.", spans, SOURCE)[0]
    )


def test_a_changed_word_is_refused_with_a_word_diff():
    spans = [span_of("we’re missing something big")]
    with pytest.raises(IntegrityError, match=r"\[-big-\] \{\+huge\+\}"):
        verify("we’re missing something huge", spans, SOURCE)


def test_an_added_or_reordered_word_is_refused():
    spans = [span_of("we’re missing something big")]
    assert problems("we’re really missing something big", spans, SOURCE)
    assert problems("we’re missing big something", spans, SOURCE)
    assert problems("we’re missing something big.", spans, SOURCE), "punctuation counts too"


def test_bracketed_insertions_and_capitals_pass():
    spans = [span_of("we’re missing something big")]
    verify("[W]e’re missing something [truly] big", spans, SOURCE)
    assert problems("[T]e’re missing something big", spans, SOURCE)


def test_an_ellipsis_where_nothing_was_left_out_is_refused():
    spans = [span_of("we’re missing something big")]
    assert problems("we’re missing … something big", spans, SOURCE)
    verify("…we’re missing something big…", spans, SOURCE)


def test_spans_must_be_in_order_and_inside_the_source():
    assert problems("x", [Span(10, 20), Span(5, 8)], SOURCE)
    assert problems("x", [Span(0, len(SOURCE) + 5)], SOURCE)
    assert problems("x", [], SOURCE)


def test_word_diff_shows_both_sides():
    diff = word_diff("we are missing nothing", [span_of("we’re missing something big")], SOURCE)
    assert "[-" in diff and "{+" in diff
