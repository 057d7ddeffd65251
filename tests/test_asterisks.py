"""Asterisks: Markdown emphasis in a source is markup, not words; any other asterisk is text.

"3*4 bolts", "f*cking" and "2* rating" keep their asterisks on a card; "*never*" and
"**never**" show as "never".  The verbatim rule compares every character it does not explicitly
normalise, so an editor cannot add an asterisk or an underscore ("c*uts").
"""

from __future__ import annotations

import pytest

from quotecards.errors import IntegrityError
from quotecards.ingest import read_text
from quotecards.integrity import verify
from quotecards.model import Span
from quotecards.review.edits import check_edit
from quotecards.selector import select

SOURCE = """\
Dana Reyes: What went wrong with the bridge?

Ann Lee: Two girders times 3*4 bolts is 12*2 problems, and nobody ever did that sum.

Dana Reyes: And the inspectors?

Ann Lee: They gave the welds a 2* rating and walked away. It was a f*cking disgrace.

Dana Reyes: Could it happen again?

Ann Lee: It will *never* happen on my watch, and **nobody** will cut that budget again.

Dana Reyes: Why not?

Ann Lee: Because _every_ bolt on that bridge now has a name and a date beside it.
"""


@pytest.fixture(scope="module")
def texts() -> list[str]:
    document = read_text(SOURCE, "bridge.txt")
    return [c.text for c in select(document, top=30).candidates]


def quote_with(texts: list[str], words: str) -> str:
    found = [t for t in texts if words in t]
    assert found, f"no candidate holds {words!r}: {texts}"
    return found[0]


@pytest.mark.parametrize("words", ["3*4 bolts is 12*2 problems", "2* rating", "f*cking disgrace"])
def test_an_asterisk_that_is_not_emphasis_stays_on_the_card(texts: list[str], words: str):
    quote_with(texts, words)


def test_markdown_emphasis_is_markup_not_words(texts: list[str]):
    assert quote_with(texts, "It will never happen").count("*") == 0
    assert "nobody will cut" in quote_with(texts, "It will never happen")
    assert quote_with(texts, "Because every bolt").count("_") == 0


def test_every_candidate_passes_the_verbatim_rule(texts: list[str]):
    document = read_text(SOURCE, "bridge.txt")
    for candidate in select(document, top=30).candidates:
        verify(candidate.text, candidate.spans, SOURCE)


def test_a_quote_without_the_source_s_asterisk_is_refused():
    start = SOURCE.index("Two girders")
    span = Span(start, SOURCE.index(" problems", start) + len(" problems"))
    with pytest.raises(IntegrityError):
        verify("Two girders times 34 bolts is 122 problems", [span], SOURCE)
    verify("Two girders times 3*4 bolts is 12*2 problems", [span], SOURCE)


@pytest.mark.parametrize("typed", ["Nobody ever did that sum c*uts", "Nobody e*ver did that sum"])
def test_an_editor_cannot_add_an_asterisk(typed: str):
    source = "Ann Lee: Nobody ever did that sum cuts.\n"
    span = Span(source.index("Nobody"), source.index("cuts") + 4)
    with pytest.raises(IntegrityError):
        verify(typed, [span], source)
    assert not check_edit(typed, [span], source).ok


def test_an_editor_cannot_add_underscores():
    source = "Ann Lee: Nobody ever did that sum.\n"
    span = Span(source.index("Nobody"), source.index("sum") + 3)
    with pytest.raises(IntegrityError):
        verify("Nobody ever did _that_ sum", [span], source)
    assert not check_edit("Nobody ever did that_ sum", [span], source).ok


def test_an_editor_may_keep_or_trim_around_emphasis():
    start = SOURCE.index("It will")
    span = Span(start, SOURCE.index("again.", start) + len("again."))
    check = check_edit("It will never happen on my watch …", [span], SOURCE)
    assert check.ok, check.problems


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("a *b* c", "a _b_ c"),
        ("a **b c** d", "a __b c__ d"),
        ("3*4 and 12*2", "3*4 and 12*2"),
        ("f*cking", "f*cking"),
        ("a 2* rating", "a 2* rating"),
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("snake_case_name", "snake_case_name"),
        ("(*aside*)", "(_aside_)"),
        ("*one\n\ntwo*", "*one\n\ntwo*"),  # not across a paragraph break
    ],
)
def test_emphasis_marks_are_found_as_markdown_pairs_them(text: str, marked: str):
    from quotecards.integrity import emphasis_marks

    marks = emphasis_marks(text)
    shown = "".join("_" if i in marks else c for i, c in enumerate(text))
    assert shown == marked
