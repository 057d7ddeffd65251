"""The quotability score: what an editor would expect of it, line by line."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quotecards.model import Score
from quotecards.selector.features import extract
from quotecards.selector.scoring import contributions, score_text
from tests.conftest import SAMPLE

DATA = Path(__file__).resolve().parent.parent / "quotecards" / "data"


def reasons_of(text: str) -> str:
    return " | ".join(score_text(text).reasons)


def points_for(text: str, wording: str) -> float:
    """The points one reason (found by the start of its wording) earns ``text``, or 0."""
    return sum(p for p, w, _ in contributions(extract(text)) if w.startswith(wording))


# Words and marks the scorer treats specially, so that generated lines hit its rarer paths:
# replies, asides and addresses with nothing after them ("No, no, no."), hedges, openers.
_TRICKY = st.sampled_from(
    "No no Yes yes Well well Oh Jack , . ? ! … -- — and But so I you we it this they he "
    "never always kind of sort you know like think don't Don't Never sit down here now "
    "Machine learning sucks LeCun 2026 AI “ ” ' [T]he".split()
)


_OPENERS = st.sampled_from("No no Yes yes Well Oh Look Jack Anna , . ! ?".split())


@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(_TRICKY, max_size=12).map(" ".join),
        st.lists(_OPENERS, max_size=8).map(" ".join),
    )
)
@example("No, no, no.")
@settings(max_examples=400, deadline=None)
def test_score_is_between_0_and_100_and_deterministic(text: str) -> None:
    first, second = score_text(text), score_text(text)
    assert isinstance(first, Score)
    assert 0 <= first.value <= 100
    assert 1 <= len(first.reasons) <= 5
    assert all(isinstance(r, str) and r for r in first.reasons)
    assert all(isinstance(v, int | float) for v in first.features.values())
    assert (first.value, first.reasons, first.features) == (
        second.value,
        second.reasons,
        second.features,
    )


def test_seed_interview_punchline_scores_very_high() -> None:
    line = "Machine learning sucks."
    score = score_text(line)
    assert score.value >= 80
    assert "short and punchy (3 words)" in score.reasons
    assert "strong word: \u2018sucks\u2019" in score.reasons
    assert "general, present-tense claim" in score.reasons


def test_answer_fragments_score_low() -> None:
    for fragment in ("Absolutely not.", "No.", "Yes, exactly.", "Right.", "I think so."):
        score = score_text(fragment)
        assert score.value <= 15, fragment
        assert score.reasons[0].startswith("\u2212answer fragment"), fragment


def test_dangling_it_keeps_a_line_modest() -> None:
    line = "We don\u2019t know what it is yet."
    score = score_text(line)
    assert 35 <= score.value <= 60
    assert score.value < score_text("Machine learning sucks.").value
    assert any("\u2018it\u2019: needs context" in r for r in score.reasons)


def test_the_lines_scored_above_are_the_seed_interviews_words(seed_text: str) -> None:
    lines = ("Machine learning sucks.", "Absolutely not.", "We don\u2019t know what it is yet.")
    assert all(line in seed_text for line in lines)


def test_the_sample_interviews_punchline_scores_high() -> None:
    line = "A closure is an inconvenience; a collapse is a funeral."
    assert line in SAMPLE.read_text(encoding="utf-8")
    score = score_text(line)
    assert score.value >= 80
    assert "general, present-tense claim" in score.reasons
    assert score.value > score_text("It came out of a budget meeting.").value


def test_hedged_line_scores_below_the_same_line_without_hedges() -> None:
    plain = "Open models will beat closed ones."
    for hedged in (
        "Um, open models will beat closed ones.",
        "Open models will sort of beat closed ones.",
        "I think open models will beat closed ones.",
        "Open models will probably beat closed ones, you know.",
    ):
        assert score_text(hedged).value < score_text(plain).value, hedged
    assert (
        "\u2212hedging: \u2018sort of\u2019"
        in score_text("Open models will sort of beat closed ones.").reasons
    )
    assert (
        "\u2212filler: \u2018um\u2019"
        in score_text("Um, open models will beat closed ones.").reasons
    )


def test_kind_of_as_a_noun_phrase_is_not_a_hedge() -> None:
    assert "hedging" not in reasons_of("What kind of scientist ignores the evidence?")
    assert "hedging" in reasons_of("The evidence is kind of weak.")


def test_you_know_is_a_filler_only_when_set_off() -> None:
    assert "filler" in reasons_of("The models, you know, are not that smart.")
    assert "filler" not in reasons_of("You know the answer already.")


def test_dangling_pronoun_opening_is_penalised() -> None:
    grounded = score_text("Open research changes everything about how we work.")
    for opener in ("This", "That", "They", "He", "These"):
        dangling = score_text(f"{opener} changes everything about how we work.")
        assert dangling.value < grounded.value - 10, opener
        assert f"\u2212opens with \u2018{opener.lower()}\u2019: needs context" in dangling.reasons


def test_a_pronoun_after_its_noun_is_not_dangling() -> None:
    resolved = reasons_of("Open research is messy, but it works.")
    assert "needs context" not in resolved
    assert "needs context" in reasons_of("It works, but it is messy.")


def test_opening_connective_or_reply_is_penalised() -> None:
    base = score_text("We have to dampen the excitement.").value
    assert score_text("And we have to dampen the excitement.").value < base
    assert score_text("No. We have to dampen the excitement.").value < base
    assert (
        "\u2212opens with a reply (\u2018No\u2019)"
        in score_text("No. We have to dampen the excitement.").reasons
    )


def test_card_length_short_beats_long_and_very_long_is_poor() -> None:
    long_line = " ".join(["We keep building bigger models and hoping for the best."] * 6)
    score = score_text(long_line)
    assert score.reasons[0] == "\u2212too long for a card (60 words)"
    assert score.value < 30
    assert score_text("We keep building bigger models.").value > score.value


def test_contrast_and_negation_are_rewarded() -> None:
    flat = score_text("Machines learn slowly and people learn fast.")
    turned = score_text("Machines learn slowly but people learn fast.")
    assert turned.value > flat.value
    assert "contrast: \u2018but\u2019" in turned.reasons
    assert "negation: \u2018never\u2019" in reasons_of("Machines never learn from one example.")


def test_imperative_advice_is_the_classic_form() -> None:
    score = score_text("Never trust a system you cannot inspect.")
    assert score.value >= 85
    assert "imperative: \u2018Never \u2026\u2019" in score.reasons


def test_past_tense_story_scores_below_present_tense_claim() -> None:
    assert (
        score_text("We shipped the first version.").value
        < score_text("We ship the first version.").value
    )
    assert "past tense" in reasons_of("We shipped it and it failed.")


def test_question_scores_below_the_statement() -> None:
    assert (
        score_text("Is open source the answer?").value
        < score_text("Open source is the answer.").value
    )
    assert "\u2212a question, not a claim" in score_text("Is open source the answer?").reasons


def test_names_and_numbers_are_mildly_penalised() -> None:
    general = score_text("Open models will win the decade.")
    specific = score_text("Open models will win the decade, Zuckerberg told Biden.")
    dated = score_text("Open models will win by 2030.")
    assert specific.value < general.value
    assert dated.value < score_text("Open models will win by then.").value
    assert any("\u2018Zuckerberg\u2019" in r for r in specific.reasons)


def test_uncommon_words_in_plain_syntax_score_above_everyday_ones() -> None:
    rare = score_text("We have to dampen the excitement.")
    common = score_text("We have to lower the good feeling.")
    assert rare.value > common.value
    assert any(r.startswith("uncommon word") for r in rare.reasons)


def test_repetition_across_a_line_is_noticed() -> None:
    assert extract("Keep your friends close, but your enemies closer.").repeated == "closer"
    assert extract("Keep your friends near, but your enemies closer.").repeated == ""


def test_negative_reasons_carry_a_minus_sign_and_are_ordered_by_weight() -> None:
    score = score_text("This is, um, sort of what they do.")
    assert score.reasons[0].startswith("\u2212opens with \u2018this\u2019")
    assert all(r.startswith("\u2212") for r in score.reasons if "filler" in r or "hedging" in r)


def test_trim_marks_and_curly_apostrophes_do_not_change_the_score() -> None:
    straight = score_text("we're missing something big")
    assert score_text("\u2026we\u2019re missing something big\u2026") == straight
    assert score_text("\u201cwe're missing something big\u201d") == straight


def test_shouted_line_is_not_a_string_of_names() -> None:
    assert "names" not in reasons_of("YOU CAN'T HANDLE THE TRUTH!")


def test_features_expose_the_raw_numbers() -> None:
    features = score_text("Machine learning sucks.").features
    assert features["words"] == 3
    assert features["content"] == 3
    assert features["strongest_valence"] < 0
    assert isinstance(features["raw"], float)


def test_scoring_reads_the_shipped_tables_not_the_upstream_packages() -> None:
    probe = (
        "import sys\n"
        "import quotecards.selector.scoring as s\n"
        "from quotecards.selector import features as f\n"
        "assert f.zipf_table.cache_info().currsize == 0, 'tables load at import'\n"
        "s.score_text('Machine learning sucks.')\n"
        "assert not {'wordfreq', 'vaderSentiment'} & set(sys.modules), 'upstream imported'\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=DATA.parent.parent)


def test_shipped_tables_are_small_and_carry_their_licences() -> None:
    tables = ("wordfreq_en.tsv.gz", "vader_valence.tsv.gz")
    assert sum((DATA / t).stat().st_size for t in tables) < 1_000_000
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for needed in (*tables, "CC BY-SA 4.0", "MIT", "LICENSE-CC-BY-SA-4.0.txt"):
        assert needed in readme
    assert "Attribution-ShareAlike 4.0" in (DATA / "LICENSE-CC-BY-SA-4.0.txt").read_text()
    assert "Hutto" in (DATA / "LICENSE-VADER-MIT.txt").read_text()
    with gzip.open(DATA / "wordfreq_en.tsv.gz", "rt", encoding="utf-8") as lines:
        assert next(lines).startswith("# word\tzipf")
        assert next(lines).split("\t")[0] == "the"


def test_a_line_cut_off_mid_sentence_scores_below_the_finished_one() -> None:
    cut = score_text("We were going to inspect the")
    assert cut.value < score_text("We were going to inspect the bridge.").value
    assert "\u2212stops on \u2018the\u2019: cut off mid-sentence" in cut.reasons


def test_a_fragment_without_a_verb_is_marked_as_one() -> None:
    assert "\u2212no verb: a fragment, not a sentence" in reasons_of(
        "The bridges, the budgets, the inspections."
    )
    for sentence in (
        "Bridges rust from the inside.",
        "Inspectors never trust a fresh coat of paint.",
        "Children grow up fast.",
        "Hand me the gauge.",
        "Nothin' ever changes.",
    ):
        assert not extract(sentence).verbless, sentence


def test_a_dropped_g_reads_as_the_word_it_spells() -> None:
    assert score_text("Nothin' ever changes.") == score_text("Nothing ever changes.")
    assert (
        extract("I was talkin' to the crew.").rarity == extract("I was talking to the crew.").rarity
    )
    assert extract("The cable is thin.").rarest == "thin"


def test_pointing_at_here_and_now_costs_a_line_its_portability() -> None:
    here = score_text("Silence is golden here.")
    assert here.value < score_text("Silence is golden.").value
    assert "\u2212points at \u2018here\u2019: tied to the moment" in here.reasons


def test_stage_directions_are_not_advice() -> None:
    for command in ("Sit down.", "Get in the car.", "Come here and look at this.", "Put it down."):
        assert extract(command).imperative == "", command
    assert extract("Keep your friends close.").imperative == "keep"
    assert extract("Never give up.").imperative == "never"


def test_an_addressee_or_a_name_after_a_title_is_a_name() -> None:
    assert extract("Jack, listen to me.").names == ("Jack",)
    assert extract("Mr. Smith will see you.").names == ("Smith",)
    assert extract("Sorry, I can't help you.").names == ()
    assert extract("Honestly, it works.").names == ()


def test_an_opening_aside_costs_a_little() -> None:
    aside = score_text("Well, open models will beat closed ones.")
    assert aside.value < score_text("Open models will beat closed ones.").value
    assert "\u2212opens with \u2018Well,\u2019: a conversational aside" in aside.reasons


def test_a_false_start_is_penalised() -> None:
    false_start = score_text("We were -- we are building the bridge again.")
    assert "\u2212broken off (\u2018--\u2019): a false start" in false_start.reasons
    assert false_start.value < score_text("We are building the bridge again.").value


def test_a_bare_it_costs_less_than_a_bare_he() -> None:
    assert (
        score_text("We don't know what he is yet.").value
        < score_text("We don't know what it is yet.").value
    )


def test_specifics_are_rates_so_a_long_line_is_not_marked_down_for_its_room() -> None:
    short = "We shipped the bridge report to the city last week."
    long = short[:-1] + ", and the engineers read every page of the report twice."
    assert points_for(short, "past tense") == -4.0
    assert points_for(long, "past tense") == pytest.approx(-4.0 * 10 / len(long.split()))


def test_every_length_that_fits_a_card_fits_it_equally() -> None:
    words = ("Inspectors trust the steel they can see and test, and doubt the rest. " * 4).split()
    for n in (8, 20, 30):
        line = " ".join(words[:n])
        assert extract(line).words == n
        assert points_for(line, "fits a card") == 4.0, n
    assert points_for(" ".join(words[:40]), "long for a card") < 0


def test_a_plain_denial_counts_less_than_an_absolute_negation() -> None:
    denial = points_for("Inspectors do not trust paint.", "negation")
    absolute = points_for("Inspectors never trust paint.", "negation")
    assert 0 < denial < absolute


@pytest.mark.parametrize(
    "text", ["", "   ", "\u2026", "?!", "--", "42", "\u00e9t\u00e9 \u00e0 Paris"]
)
def test_lines_without_english_words_still_get_a_score_and_a_reason(text: str) -> None:
    score = score_text(text)
    assert 0 <= score.value <= 100
    assert score.reasons


def test_a_line_of_small_talk_says_little() -> None:
    small_talk = "I wasn't there for the meeting."
    assert "\u2212says little: one content word" in score_text(small_talk).reasons
    assert (
        score_text(small_talk).value
        < score_text("I wasn't there for the vote on the bridge budget.").value
    )
    assert points_for("Machine learning sucks.", "says little") == 0


def test_economical_wording_beats_a_line_of_small_words() -> None:
    dense = "Cheap sensors beat expensive audits every time."
    wordy = "It is just that we do not do that so much any more."
    assert points_for(dense, "economical wording") > 0
    assert points_for(wordy, "wordy: mostly small words") < 0
    # Past a point density is a list, not a line: the technical-wording cost takes over.
    a_list = "Rebar corrosion, deck spalling, bearing seizure, joint leakage."
    assert points_for(a_list, "dense") < 0
