"""Reading sources: turns, speakers, roles, quotations and their offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotecards.errors import SourceError
from quotecards.ingest import read_source, read_text
from tests.conftest import ARTICLE, SAMPLE


def _passages(document, kind=None):
    return [p for p in document.passages if kind is None or p.kind == kind]


def test_seed_interview_has_two_speakers_and_an_introduction(seed_path):
    document = read_source(seed_path)
    assert document.shape == "transcript"
    assert [(s.name, s.role) for s in document.speakers] == [
        ("Steven Levy", "interviewer"),
        ("Yann LeCun", "interviewee"),
    ]
    assert document.intro is not None
    assert document.text[document.intro.start :].startswith("Do not preach doom")
    labels = [document.text[t.label_span.start : t.label_span.end] for t in document.turns]
    assert labels == ["Steven Levy", "Yann LeCun"]


def test_a_paragraph_without_a_label_continues_the_turn(seed_path):
    document = read_source(seed_path)
    answer = document.turns[1]
    assert len(answer.segments) == 2
    assert answer.segments[1].of(document.text).startswith("I don’t want to bash")


def test_reported_speech_belongs_to_the_interviewee(seed_path):
    document = read_source(seed_path)
    [reported] = [p for p in _passages(document, "reported") if "sucks" in p.span.of(document.text)]
    assert reported.span.of(document.text) == "Machine learning sucks."
    assert reported.speaker == "Yann LeCun"
    assert reported.attribution == "confident"
    assert reported.turn == 0


def test_introduction_quotations_are_not_pinned_on_anyone(seed_path):
    document = read_source(seed_path)
    narrative = _passages(document, "narrative")
    assert narrative, "the introduction's quotations are read"
    assert all(p.attribution == "uncertain" and p.speaker is None for p in narrative)


def test_the_sample_interview_has_two_speakers_and_an_introduction():
    document = read_source(SAMPLE)
    assert document.shape == "transcript"
    assert [(s.name, s.role) for s in document.speakers] == [
        ("Tom Archer", "interviewer"),
        ("Marisol Vega", "interviewee"),
    ]
    assert document.intro is not None
    assert document.text[document.intro.start :].startswith("Marisol Vega has spent")
    labels = {document.text[t.label_span.start : t.label_span.end] for t in document.turns}
    assert labels == {"Tom Archer", "Marisol Vega"}
    # "So when people say…" has no label: it continues Vega's first answer.
    first_answer = next(t for t in document.turns if t.speaker == "Marisol Vega")
    assert len(first_answer.segments) == 2
    assert first_answer.segments[1].of(document.text).startswith("So when people say")


def test_reported_speech_in_a_question_belongs_to_the_interviewee(interview):
    document = read_source(interview.path)
    text = document.text
    words = interview.reported
    [reported] = [p for p in _passages(document, "reported") if p.span.of(text) == words]
    assert reported.speaker == interview.interviewee
    assert reported.attribution == "confident"
    assert document.turns[reported.turn].speaker == interview.interviewer


def test_an_article_attributes_said_x_and_pronouns_and_leaves_the_rest_uncertain():
    document = read_source(ARTICLE)
    text = document.text
    assert document.shape == "prose"
    assert {s.name for s in document.speakers} == {"Priya Raman", "Harold Beck"}
    by_words = {p.span.of(text).rstrip(".,"): p for p in _passages(document)}
    said_x = by_words["A wall you never use is the cheapest wall you will ever build"]
    assert (said_x.speaker, said_x.attribution) == ("Priya Raman", "confident")
    she_said = by_words["Nobody thanks you for the flood that didn’t happen"]
    assert (she_said.speaker, she_said.attribution) == ("Priya Raman", "confident")
    beck = by_words[
        "We were told it would pay for itself, and I am still waiting for the invoice to arrive"
    ]
    assert (beck.speaker, beck.attribution) == ("Harold Beck", "confident")
    sign = by_words["Thank you, wall"]
    assert (sign.speaker, sign.attribution) == (None, "uncertain")


def test_a_quotation_of_somebody_else_inside_a_turn_is_not_the_speakers():
    text = (
        "Tom Archer: How did you start?\n"
        "Marisol Vega: My mentor told me, “Never trust a drawing you haven’t walked.” I listened.\n"
        "Tom Archer: And your investors?\n"
        "Marisol Vega: Walt Pruitt said, “Inspect everything twice.” He was right.\n"
    )
    document = read_text(text)
    reported = {p.span.of(text): p for p in _passages(document, "reported")}
    mentor = reported["Never trust a drawing you haven’t walked."]
    assert mentor.speaker is None and mentor.attribution == "uncertain"
    walt = reported["Inspect everything twice."]
    assert walt.speaker == "Walt Pruitt" and walt.attribution == "confident"


@pytest.mark.parametrize(
    ("host", "guest"),
    [
        ("Steven Levy", "Yann LeCun"),
        ("LEVY", "LECUN"),
        ("SL", "YL"),
        ("**Steven Levy:**", "**Yann LeCun:**"),
        ("**Steven Levy**", "**Yann LeCun**"),
    ],
)
def test_label_shapes_are_read_and_offsets_slice_back(host, guest):
    colon = "" if host.endswith(":**") else ":"
    text = (
        "Yann LeCun spoke with Steven Levy.\n\n"
        f"{host}{colon} What is missing from AI?\n\n"
        f"{guest}{colon} We are missing something big.\n"
        "It runs over two lines.\n\n"
        "And a second paragraph of the same answer.\n\n"
        f"{host}{colon} Really?\n\n"
        f"{guest}{colon} Absolutely.\n"
    )
    document = read_text(text)
    assert len(document.turns) == 4
    assert (
        document.turns[1].segments[0].of(text)
        == "We are missing something big.\nIt runs over two lines."
    )
    assert document.turns[1].segments[1].of(text) == "And a second paragraph of the same answer."
    roles = {s.role for s in document.speakers}
    assert roles == {"interviewer", "interviewee"}
    guest_name = next(s.name for s in document.speakers if s.role == "interviewee")
    assert guest_name in ("Yann LeCun", "LeCun", "YL")


def test_aliases_resolve_to_one_person():
    text = (
        "Yann LeCun: Machine learning is great.\n"
        "Steven Levy: Is it?\n"
        "LeCun: It is, but it is not enough.\n"
        "LECUN: Nowhere near.\n"
        "Levy: Why not?\n"
    )
    document = read_text(text)
    assert [s.name for s in document.speakers] == ["Yann LeCun", "Steven Levy"]
    assert {t.speaker for t in document.turns} == {"Yann LeCun", "Steven Levy"}
    lecun = document.speaker("Yann LeCun")
    assert lecun is not None and set(lecun.aliases) == {"LeCun", "LECUN"}


def test_qa_transcript_names_the_interviewee_from_the_introduction():
    text = (
        "I sat down with LeCun in New York. Yann LeCun is a professor at NYU.\n\n"
        "Q: Why does machine learning suck?\n\nA: Because it learns so slowly.\n\n"
        "Q: And?\n\nA: We need new ideas.\n"
    )
    document = read_text(text)
    assert document.interviewee is not None and document.interviewee.name == "Yann LeCun"
    answers = _passages(document, "answer")
    assert {p.speaker for p in answers} == {"Yann LeCun"}
    assert all(p.attribution == "confident" for p in answers)


@pytest.mark.parametrize(
    ("intro", "interviewee"),
    [
        ("Our reporter spoke with hydrologist Maria Lopez about drought.", "Maria Lopez"),
        ("We interviewed the retired engineer Ann Lee last week.", "Ann Lee"),
        ("Our reporter spoke with neighbours about Maria Lopez.", None),
        ("I sat down with Ann Lee and Bo Chen.", None),
    ],
)
def test_a_described_interviewee_is_named_and_two_people_are_not_one(intro, interviewee):
    text = f"{intro}\n\nQ: Why?\n\nA: Because water is priced like air.\n\nQ: And?\n\nA: Meters.\n"
    document = read_text(text)
    named = document.interviewee.name if document.interviewee is not None else None
    answers = _passages(document, "answer")
    if interviewee is None:
        assert named in (None, "A")
        assert all(p.attribution == "uncertain" for p in answers)
    else:
        assert named == interviewee
        assert {p.speaker for p in answers} == {interviewee}


def test_qa_transcript_without_a_name_leaves_the_answers_unattributed():
    text = "Q: Why?\n\nA: Because it learns so slowly.\n\nQ: And?\n\nA: We need new ideas.\n"
    document = read_text(text)
    answers = _passages(document, "answer")
    assert answers and all(p.speaker is None and p.attribution == "uncertain" for p in answers)
    named = read_text(text, interviewee="Ada Brightwater")
    assert {p.speaker for p in _passages(named, "answer")} == {"Ada Brightwater"}


def test_interviewee_option_overrides_the_inferred_roles():
    text = "Ann Lee: Why?\n\nBo Chen: Because.\n\nAnn Lee: Really?\n\nBo Chen: Yes.\n"
    document = read_text(text, interviewee="Ann Lee")
    assert document.interviewee is not None and document.interviewee.name == "Ann Lee"
    assert document.interviewer is not None and document.interviewer.name == "Bo Chen"
    with pytest.raises(SourceError, match="names nobody"):
        read_text(text, interviewee="Cy Twombly")


def test_prose_attributions():
    text = (
        "“Smaller models win when the data is yours,” said Dana Whitfield, the CTO. "
        "“Nobody needs a trillion parameters.”\n\n"
        "“We spent a decade making models bigger,” she said.\n\n"
        "“It's crowded,” said the company's lead investor, Ravi Menon. "
        "Critics called it “a rounding error.”\n\n"
        "“The hype will fade,” one analyst said. “Machine learning sucks,” LeCun said.\n"
    )
    document = read_text(text)
    assert document.shape == "prose"
    got = {p.span.of(text): (p.speaker, p.attribution) for p in document.passages}
    assert got["Smaller models win when the data is yours"] == ("Dana Whitfield", "confident")
    assert got["Nobody needs a trillion parameters."] == ("Dana Whitfield", "confident")
    assert got["We spent a decade making models bigger"] == ("Dana Whitfield", "confident")
    assert got["It's crowded"] == ("Ravi Menon", "confident")
    assert got["a rounding error."] == (None, "uncertain")
    assert got["The hype will fade"] == (None, "uncertain")
    assert got["Machine learning sucks"] == ("LeCun", "confident")


def test_he_said_after_somebody_else_is_named_is_not_pinned_on_the_last_speaker():
    text = (
        "“We can't keep patching it,” said Dana Whitfield, the chief engineer.\n\n"
        "Councilman Ray Ortiz voted against the plan. “It's a lot of money,” he said. "
        "“But I respect the vote.”\n\n"
        "Whitfield said work would start in March. “Nobody cuts a ribbon,” she said.\n"
    )
    document = read_text(text)
    got = {p.span.of(text): (p.speaker, p.attribution) for p in document.passages}
    assert got["It's a lot of money"] == (None, "uncertain")
    assert got["But I respect the vote."] == (None, "uncertain")
    assert got["Nobody cuts a ribbon"] == ("Dana Whitfield", "confident")
    ortiz = next(p for p in document.passages if p.span.of(text) == "It's a lot of money")
    assert "Ray Ortiz" in ortiz.why


def test_a_quote_that_runs_into_the_next_paragraph_keeps_its_speaker():
    text = (
        "“The first thing is patience,” Vega said. “You learn to look slowly.\n\n"
        "“And then you learn to look again.”\n"
    )
    document = read_text(text)
    last = document.passages[-1]
    assert last.span.of(text) == "And then you learn to look again."
    assert last.speaker == "Vega"


def test_offsets_keep_crlf_line_endings_and_drop_the_bom(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        "\ufeffAnn Lee: Why?\r\nBo Chen: Because it rains.\r\nAnn Lee: Ok?\r\n".encode()
    )
    document = read_source(path)
    assert document.text.startswith("Ann Lee:")
    assert "\r\n" in document.text
    assert document.turns[1].segments[0].of(document.text) == "Because it rains."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Ann: caf\u00e9\n".encode("cp1252") + b"\nBo: x\n", "line 1, column 9"),
        (b"Just some prose with no quotes and no labels at all.\n", "no speaker labels"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_source(path)


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path):
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path)


def test_prose_lines_with_a_colon_are_not_speakers():
    text = (
        "Note: this piece was updated.\n"
        "Instead: the council voted.\n"
        "“We will rebuild,” said Mayor Ana Ruiz.\n"
    )
    document = read_text(text)
    assert document.shape == "prose"
    assert [p.speaker for p in document.passages] == ["Ana Ruiz"]
    assert document.speaker("Ana Ruiz").title == "Mayor"


def test_markdown_qa_transcript_with_a_byline():
    text = (
        "# A conversation with Ada Brightwater\n\n*By Jonah Reyes*\n\n"
        "I talked with Ada Brightwater about tides.\n\n"
        "**Q:** Why the sea?\n\n**A:** Because it never repeats itself.\n\n"
        "**Q:** Is that romantic?\n\n**A:** No. The sea punishes people who think they know it.\n"
    )
    document = read_text(text)
    roles = {s.name: s.role for s in document.speakers}
    assert roles == {"Jonah Reyes": "interviewer", "Ada Brightwater": "interviewee"}
    answers = _passages(document, "answer")
    assert [p.segments[0].of(text) for p in answers] == [
        "Because it never repeats itself.",
        "No. The sea punishes people who think they know it.",
    ]


def test_both_halves_of_a_split_quote_are_marked_as_one_quotation():
    text = (
        "“Nobody cuts a ribbon,” she said, “but maintenance keeps people alive.” Whitfield "
        "agreed.\n\n"
        "“We patch,” said Dana Whitfield, the engineer. “Every winter we lose an inch.”\n"
    )
    document = read_text(text)
    continues = {p.span.of(text): p.continues for p in document.passages}
    assert continues == {
        "Nobody cuts a ribbon": False,
        "but maintenance keeps people alive.": True,  # one cue for both halves
        "We patch": False,
        "Every winter we lose an inch.": True,
    }
    # The first pair is one quotation of nobody the text names ("she", first thing): never joined
    # into a pick, and never anyone's.
    first = [p for p in document.passages if p.span.end < text.index("Whitfield")]
    assert {p.attribution for p in first} == {"uncertain"}


def test_a_pronoun_means_the_person_just_named_and_never_one_of_two():
    text = (
        "“We would rather lose money than lose trust,” said Lena Park, the chief executive.\n\n"
        "“That's a promise, not a plan,” said Tom Reyes, an analyst.\n\n"
        "According to Park, the company's users “don't care about the model.”\n\n"
        "“I've been wrong before,” she admitted.\n\n"
        "Residents were mixed. “I just want it to be safe,” one woman said.\n\n"
        "“Nobody asked us,” she said.\n\n"
        "Reyes said the numbers were thin. “Eighteen months of runway,” he said.\n\n"
        "Park met Reyes on Monday. “It went well,” she said.\n\n"
        "According to Park, critics say the plan is “a mess.”\n"
    )
    got = {p.span.of(text): (p.speaker, p.attribution) for p in read_text(text).passages}
    assert got["don't care about the model."] == ("Lena Park", "confident")
    assert got["I've been wrong before"] == ("Lena Park", "confident")
    # After somebody the text does not name, "she" may mean her: never guessed.
    assert got["I just want it to be safe"] == (None, "uncertain")
    assert got["Nobody asked us"] == (None, "uncertain")
    assert got["Eighteen months of runway"] == ("Tom Reyes", "confident")
    assert got["It went well"] == (None, "uncertain")
    assert got["a mess."] == (None, "uncertain")
