"""Non-speech inside speech: found, never quoted, and known to the integrity rule."""

from __future__ import annotations

import pytest

from quotecards.errors import IntegrityError
from quotecards.ingest import read_text
from quotecards.ingest.annotations import find, trim
from quotecards.integrity import problems
from quotecards.model import Span
from quotecards.selector import select


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("[laughs]", "sound"),
        ("[Laughter]", "sound"),
        ("(laughs)", "sound"),
        ("(LAUGHS NERVOUSLY)", "sound"),
        ("[music]", "sound"),
        ("[applause]", "sound"),
        ("[00:12:31]", "sound"),
        ("(00:12:31)", "sound"),
        ("[1:02:03.5]", "sound"),
        ("[risas]", "sound"),
        ("[rires]", "sound"),
        ("[Gelächter]", "sound"),
        ("[crosstalk]", "gap"),
        ("[crosstalk 00:04:12]", "gap"),
        ("[inaudible]", "gap"),
        ("[inaudible 00:06:52]", "gap"),
        ("[unintelligible]", "gap"),
        ("[ininteligible]", "gap"),
        ("[speaking Spanish]", "gap"),
    ],
)
def test_annotations_are_found_with_their_kind(written, kind):
    text = f"We went out {written} and came back."
    [(span, found)] = find(text)
    assert span.of(text) == written and found == kind


@pytest.mark.parametrize("kept", ["[sic]", "[the council]", "[…]", "(and then he left)", "[right]"])
def test_editorial_marks_and_words_in_brackets_are_not_annotations(kept):
    assert find(f"They said {kept} it was fine.") == []


def test_trim_cuts_times_and_annotations_at_a_paragraphs_edges():
    text = "[00:01:20] [laughs] The words themselves. [applause]"
    assert trim(text, Span(0, len(text))).of(text) == "The words themselves."
    assert trim("[music]", Span(0, 7)) is None


SOURCE = "It was [laughs] absurd, really. We [inaudible 00:06:52] left. Say [sic] it."


def _at(words: str) -> Span:
    start = SOURCE.index(words)
    return Span(start, start + len(words))


def test_leaving_out_a_sound_needs_no_ellipsis_but_a_gap_does():
    assert (
        problems("It was absurd, really.", [_at("It was [laughs] absurd, really.")], SOURCE) == []
    )
    assert problems("It was absurd, really.", [_at("It was"), _at("absurd, really.")], SOURCE) == []
    refused = problems("We left.", [_at("We [inaudible 00:06:52] left.")], SOURCE)
    assert refused and "without an ellipsis" in refused[0]
    assert problems("We … left.", [_at("We [inaudible 00:06:52] left.")], SOURCE) == []
    assert problems("Say [sic] it.", [_at("Say [sic] it.")], SOURCE) == []  # kept as written
    # Anything else is still refused: a word dropped beside an annotation is a word dropped.
    assert problems("It absurd, really.", [_at("It was [laughs] absurd, really.")], SOURCE)


INTERVIEW = """\
Ann Lee: What happened that night?

Bo Chen: It was [laughs] absurd, really, the whole night was absurd from start to end. We \
[inaudible 00:06:52] left before the storm came in over the hills.

Ann Lee: And after that?

Bo Chen: I th— I think the river is a library of every flood it ever carried. We were \
going to build the -- [crosstalk]

Ann Lee: Sorry, go on.

Bo Chen: That's the job. [laughs] so anyway the old bridge held up for ninety years \
[00:12:31] without a single repair.
"""


def _texts():
    return [c.text for c in select(read_text(INTERVIEW, "night.txt"), top=50).candidates]


def test_no_candidate_holds_an_annotation():
    for text in _texts():
        assert not find(text), text


def test_a_sentence_across_a_sound_is_offered_without_it():
    assert "It was absurd, really, the whole night was absurd from start to end." in _texts()
    assert "so anyway the old bridge held up for ninety years without a single repair." in _texts()


def test_a_sentence_across_a_gap_or_cut_off_in_crosstalk_is_not_offered():
    for text in _texts():
        assert "left before the storm" not in text
        assert "build the" not in text


def test_a_false_start_is_left_out_and_the_quote_starts_where_the_speaker_started_again():
    texts = _texts()
    assert "I think the river is a library of every flood it ever carried." in texts
    assert not any("th—" in text or "th —" in text for text in texts)


@pytest.mark.parametrize(
    ("said", "offered"),
    [
        ("We were going to— we are going to rebuild the whole north wall.", "we are going to"),
        ("She was a te- a teacher for forty years in the valley school.", "a teacher for"),
        ("It was the best year of my life— and I mean every single day of it.", "It was the best"),
    ],
)
def test_a_dash_is_a_false_start_only_when_the_speaker_starts_again(said, offered):
    texts = [
        c.text for c in select(read_text(f"Ann Lee: And?\n\nBo Chen: {said}\n"), 20).candidates
    ]
    assert any(text.startswith(offered) for text in texts), texts


def test_a_candidate_that_fails_verification_is_dropped_with_a_line_naming_it(monkeypatch):
    """A broken draft (one word changed, as a bug in cutting would) costs one candidate, not the
    run; ``strict`` makes it fatal."""
    import quotecards.selector as selector

    real = selector.drafts

    def with_a_broken_draft(document):
        for draft in real(document):
            if draft.text.startswith("I think the river"):
                draft = draft._replace(text=draft.text.replace("library", "museum"))
            yield draft

    monkeypatch.setattr(selector, "drafts", with_a_broken_draft)
    document = read_text(INTERVIEW, "night.txt")
    result = select(document, top=50)
    assert not any("museum" in c.text for c in result.candidates)
    assert result.candidates  # the others stand
    [line] = result.dropped
    assert "night.txt: line 7:" in line and "I think the river is a museum" in line
    with pytest.raises(IntegrityError, match=r"night\.txt: line 7: the words differ"):
        select(document, top=50, strict=True)
