"""Selecting pull-quotes from the seed interview and from texts written for the purpose."""

from __future__ import annotations

from itertools import pairwise

from quotecards.ingest import read_source, read_text
from quotecards.integrity import verify
from quotecards.selector import select


def test_the_line_the_interviewer_quotes_back_is_a_top_pick_by_the_guest(interview):
    # "You once told a city council, “A bridge doesn’t fail all at once.”": the guest's words.
    picks = select(read_source(interview.path), top=10).picks
    top = {c.text: c for c in picks[:5]}
    assert interview.reported in top
    quote = top[interview.reported]
    assert quote.speaker == interview.interviewee
    assert quote.kind == "reported"
    assert quote.attribution == "confident"


def test_machine_learning_sucks_is_a_top_three_pick_by_lecun(seed_path):
    picks = select(read_source(seed_path), top=10).picks
    assert "Machine learning sucks." in [c.text for c in picks[:3]]


def test_no_top_pick_is_the_interviewers_own_words(interview):
    document = read_source(interview.path)
    asked = [t for t in document.turns if t.speaker == interview.interviewer]
    assert asked
    for candidate in select(document, top=10).picks:
        assert candidate.speaker != interview.interviewer
        if candidate.kind != "reported":
            for span in candidate.spans:
                assert not any(t.span.overlaps(span) for t in asked), candidate.text


def test_the_introduction_is_never_confidently_the_guests_unless_the_text_says_so(interview):
    document = read_source(interview.path)
    assert document.intro is not None
    for candidate in select(document, top=50).candidates:
        if any(document.intro.overlaps(span) for span in candidate.spans):
            if candidate.attribution == "uncertain":
                assert candidate.speaker is None
                continue
            # Only a quotation the introduction attributes ("…,” Vega said) may be confident.
            assert candidate.kind == "narrative", candidate.text
            after = document.text[candidate.spans[-1].end : candidate.spans[-1].end + 40]
            assert "said" in after, candidate.text


def test_every_candidate_slices_back_and_verifies(interview):
    document = read_source(interview.path)
    for candidate in select(document, top=50).candidates:
        verify(candidate.text, candidate.spans, document.text)
        joined = " ".join(" ".join(s.of(document.text).split()) for s in candidate.spans)
        # An omission between spans shows as "…"; the words either side are the spans' words.
        plain = " ".join(candidate.text.replace("…", " ").replace("[", "").replace("]", "").split())
        assert plain.lower() in joined.lower() or joined.lower().endswith(plain.lower())


def test_picks_never_overlap_in_the_source(interview):
    picks = select(read_source(interview.path), top=10).picks
    spans = [s for c in picks for s in c.spans]
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            assert not a.overlaps(b)


def test_every_pick_at_once_never_overlaps_and_the_best_few_come_first():
    from tests.conftest import SAMPLE

    document = read_source(SAMPLE)
    every = select(document, top=len(document.text)).picks
    assert len(every) > 10
    spans = sorted(s for c in every for s in c.spans)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    # build relies on it: the best N are the first N of all of them.
    assert [c.id for c in select(document, top=5).picks] == [c.id for c in every[:5]]


def test_ids_are_stable_across_runs(interview):
    first = [c.id for c in select(read_source(interview.path)).candidates]
    second = [c.id for c in select(read_source(interview.path)).candidates]
    assert first == second and len(set(first)) == len(first)


def test_trims_are_recorded_as_edits_with_an_ellipsis():
    # A sentence is cut only when it is too long for a card as it stands (over 30 words).
    text = (
        "Ann Lee: What do you think?\n"
        "Bo Chen: But the river always wins against the engineers who fight it with concrete "
        "and money and pride, as every flood in the last hundred years along this valley has "
        "shown the people who live here.\n"
    )
    document = read_text(text)
    result = select(document, top=20)
    trimmed = [c for c in result.picks if c.edits]
    kinds = {e.kind for c in trimmed for e in c.edits}
    assert {"drop-leading", "capitalise", "cut-trailing"} <= kinds
    for candidate in trimmed:
        verify(candidate.text, candidate.spans, text)
        if any(e.kind == "cut-trailing" for e in candidate.edits):
            assert candidate.text.endswith("…")
        if any(e.kind == "capitalise" for e in candidate.edits):
            assert candidate.text.startswith("[T]he river")


def test_uncertain_quotations_are_kept_apart_from_the_picks():
    text = "Critics called it “a rounding error that nobody will remember.” The board agreed.\n"
    result = select(read_text(text))
    assert not result.picks
    assert result.uncertain and result.uncertain[0].attribution == "uncertain"


def test_the_bundled_sample_selects_the_interviewee():
    from tests.conftest import SAMPLE

    result = select(read_source(SAMPLE), top=10)
    assert len(result.picks) == 10
    assert {c.speaker for c in result.picks} == {"Marisol Vega"}


def test_a_run_never_opens_on_a_reply():
    text = (
        "Ann Lee: Have you ever closed a bridge that was fine?\n"
        "Bo Chen: No. A closure is an inconvenience; a collapse is a funeral.\n"
    )
    result = select(read_text(text), top=10)
    assert result.picks
    assert all(not c.text.startswith("No. ") for c in result.picks)
    assert result.picks[0].text == "A closure is an inconvenience; a collapse is a funeral."


def test_a_window_opening_on_and_or_but_is_offered_only_without_it():
    text = (
        "Ann Lee: Why do rivers win?\n"
        "Bo Chen: But the river always wins against the engineers who fight it. "
        "And nobody remembers the levee that held.\n"
    )
    result = select(read_text(text), top=20)
    texts = [c.text for c in result.picks + result.uncertain]
    assert texts and not any(t.startswith(("But ", "And ")) for t in texts)
    assert "[T]he river always wins against the engineers who fight it." in texts
    dropped = next(c for c in result.picks if c.text.startswith("[N]obody"))
    assert [e.kind for e in dropped.edits][:2] == ["drop-leading", "capitalise"]
    verify(dropped.text, dropped.spans, text)


def test_a_rhetorical_question_in_an_answer_can_still_be_a_pick():
    text = (
        "Ann Lee: Should we trust these systems?\n"
        "Bo Chen: I went to the lab on Tuesday. We looked at the numbers for a while. "
        "Why would anyone trust a machine that cannot explain itself?\n"
    )
    picks = select(read_text(text), top=3).picks
    assert picks[0].text == "Why would anyone trust a machine that cannot explain itself?"


SPLIT_QUOTE = (
    "“Nobody cuts a ribbon for maintenance,” said Dana Whitfield, "
    "“but maintenance is what keeps people alive.”\n"
)


def test_a_split_quote_is_offered_whole_with_an_ellipsis_where_the_attribution_was():
    text = SPLIT_QUOTE
    best = select(read_text(text), top=3).picks[0]
    assert best.text == (
        "Nobody cuts a ribbon for maintenance … but maintenance is what keeps people alive."
    )
    assert best.speaker == "Dana Whitfield"
    assert [s.of(text) for s in best.spans] == [
        "Nobody cuts a ribbon for maintenance",
        "but maintenance is what keeps people alive.",
    ]
    verify(best.text, best.spans, text)


def test_the_second_half_of_a_split_quote_alone_drops_its_lower_case_but():
    from quotecards.selector.candidates import drafts

    text = SPLIT_QUOTE
    offered = {d.text: d for d in drafts(read_text(text))}
    alone = offered["[M]aintenance is what keeps people alive."]
    assert [e.kind for e in alone.edits] == ["drop-leading", "capitalise"]
    assert "but maintenance is what keeps people alive." not in offered
    verify(alone.text, alone.spans, text)


def test_quotes_by_different_people_are_never_joined():
    text = (
        "“Nobody cuts a ribbon for maintenance,” said Dana Whitfield. "
        "“Budgets are choices,” said Ray Ortiz.\n"
    )
    for candidate in select(read_text(text), top=10).candidates:
        assert len(candidate.spans) == 1


def test_an_answer_of_nothing_but_replies_is_scored_not_a_crash():
    text = "Ann Lee: Did it fail?\nBo Chen: No, no, no. The river always wins in the end.\n"
    picks = select(read_text(text), top=5).picks
    assert picks and picks[0].text == "The river always wins in the end."


def test_a_sentence_that_fits_a_card_is_never_cut_short():
    # "…or say they're useless" would drop what the speaker went on to say about them.
    text = (
        "Ann Lee: Do those systems work?\n"
        "Bo Chen: I don't want to bash those systems or say they're useless, I spent my career "
        "working on them.\n"
    )
    result = select(read_text(text), top=10)
    assert result.picks
    assert not any(e.kind == "cut-trailing" for c in result.candidates for e in c.edits)
