"""Naming speakers: only people are speakers, every confident name is the right person's, and
what the text does not establish is said to be uncertain.  Every text here is written for the
purpose, about invented people."""

from __future__ import annotations

import pytest

from quotecards.errors import SourceError
from quotecards.ingest import read_text
from quotecards.selector import select

BEEKEEPER = """\
Rooftop Honey: an interview with Priya Ramanathan

Priya Ramanathan keeps forty hives on the roofs of Hackney. Tom Okafor talked to her about bees, \
neighbours and paperwork.

Tom Okafor: You've said before that honey is “a map of the neighbourhood.” What did you mean?

Priya Ramanathan: Every jar tastes of the streets around it. The lime trees in June, the \
buddleia along the railway in August. My grandmother used to say, “Bees never lie about the \
weather.” She kept hives in the hills for fifty years.

Tom Okafor: What surprised you most when you started?

Priya Ramanathan: The paperwork, weirdly. If you put a hive on your roof to save the bees, you \
are mostly helping one species of farm animal that was never in danger. Noticing is the job.

Tom Okafor: And what about the city itself?

Priya Ramanathan: The city is kinder to bees than the countryside now. My teacher, Ingrid, \
told us, “A hive is a question you answer every week.” I still think about that. Noticing is \
the job!
"""


def _said(document, words):
    """(speaker, attribution) of the passage whose words are exactly ``words``."""
    found = [p for p in document.passages if p.span.of(document.text).strip('“”"') == words]
    assert found, f"no passage reads {words!r}"
    return found[0].speaker, found[0].attribution


def _roles(document):
    return {s.name: s.role for s in document.speakers}


def test_a_headline_and_a_contraction_are_never_speakers():
    document = read_text(BEEKEEPER)
    assert _roles(document) == {"Tom Okafor": "interviewer", "Priya Ramanathan": "interviewee"}
    picks = select(document, top=20).candidates
    assert all(c.speaker not in ("You've", "Rooftop Honey") for c in picks)


def test_the_interviewer_quoting_the_guest_gives_the_guest_the_words_as_reported():
    document = read_text(BEEKEEPER)
    assert _said(document, "a map of the neighbourhood.") == ("Priya Ramanathan", "confident")
    passage = next(p for p in document.passages if "map of" in p.span.of(document.text))
    assert passage.kind == "reported"


@pytest.mark.parametrize(
    "question",
    [
        "You once wrote that “honey is a map of the neighbourhood.” Why?",
        "In your book you say “honey is a map of the neighbourhood.” Why?",
    ],
)
def test_every_way_of_quoting_the_guest_back_to_them_is_theirs(question):
    text = (
        f"Tom Okafor: {question}\n\n"
        "Priya Ramanathan: Because every jar tastes of its streets.\n\n"
        "Tom Okafor: Even in winter?\n\nPriya Ramanathan: Less so.\n"
    )
    document = read_text(text)
    assert _said(document, "honey is a map of the neighbourhood.") == (
        "Priya Ramanathan",
        "confident",
    )


def test_the_guest_quoting_somebody_gives_the_words_to_them_never_to_the_guest():
    document = read_text(BEEKEEPER)
    assert _said(document, "Bees never lie about the weather.") == (None, "uncertain")
    assert _said(document, "A hive is a question you answer every week.") == (
        "Ingrid",
        "confident",
    )
    result = select(document, top=30)
    for candidate in result.picks:
        assert "never lie about" not in candidate.text
        assert "question you answer" not in candidate.text or candidate.speaker == "Ingrid"


def test_a_stray_closing_mark_never_ends_up_in_a_pick():
    result = select(read_text(BEEKEEPER), top=50)
    for candidate in result.candidates:
        assert not candidate.text.startswith(("”", "’", '"')), candidate.text
        opened = candidate.text.count("“") + candidate.text.count("‘")
        closed = candidate.text.count("”")
        assert closed <= opened, candidate.text


def test_the_same_line_said_twice_is_one_pick():
    result = select(read_text(BEEKEEPER), top=50)
    noticing = [c for c in result.picks if c.text.rstrip(".!").endswith("Noticing is the job")]
    assert len(noticing) <= 1
    alone = [c for c in result.picks if c.text.rstrip(".!") == "Noticing is the job"]
    assert len(alone) == 1


def test_a_cut_never_leaves_a_subordinate_clause_without_its_main_clause():
    result = select(read_text(BEEKEEPER), top=50)
    texts = [c.text for c in result.candidates]
    assert not any(t.startswith("If you put a hive") and t.endswith("…") for t in texts)
    assert any(
        t.startswith("If you put a hive on your roof to save the bees, you are") for t in texts
    )


def test_a_pick_never_opens_on_a_verbless_fragment():
    result = select(read_text(BEEKEEPER), top=50)
    assert not any(c.text.startswith("The paperwork, weirdly.") for c in result.candidates)


def test_a_sentence_opener_is_never_a_speaker():
    text = (
        "Under Kinsella, Marrow Vale Women have climbed from the bottom of the league to third. "
        "“We stopped apologising for wanting to win,” Kinsella said.\n\n"
        "After the vote, the club's chair spoke briefly. “It was the right call,” said Ada "
        "Kinsella, the coach.\n"
    )
    document = read_text(text)
    speakers = {p.speaker for p in document.passages}
    assert "Under Kinsella" not in speakers
    assert _said(document, "We stopped apologising for wanting to win") == (
        "Ada Kinsella",
        "confident",
    )


def test_a_generic_noun_is_never_a_person():
    text = (
        "Marisol Vega: I've heard that. People say, “She cries wolf.” But I have never closed a "
        "bridge that was fine.\n\nTom Archer: Never?\n\n"
        "Marisol Vega: Never. When people say a collapse came out of nowhere, I get angry.\n"
    )
    document = read_text(text)
    assert _said(document, "She cries wolf.") == (None, "uncertain")
    prose = read_text("“It will never open,” critics said. “It is a folly,” Critics added.\n")
    assert {p.attribution for p in prose.passages} == {"uncertain"}


def test_titles_are_role_lines_and_later_mentions_are_the_same_person():
    text = (
        "Mayor Teresa Valdez opened the hearing on Tuesday. Councilwoman Teresa Oduya objected "
        "to the plan from the start.\n\n"
        "“We cannot pave our way out of a flood,” Oduya added.\n\n"
        "“The budget is a statement of values,” the mayor said.\n\n"
        "Dr. Amal Haddad, who runs the clinic on Mill Street, was blunter. “People are wading "
        "to their appointments,” Haddad said.\n\n"
        "“Feed people first,” said Chef Ana Brasa.\n"
    )
    document = read_text(text)
    assert _said(document, "We cannot pave our way out of a flood") == (
        "Teresa Oduya",
        "confident",
    )
    assert _said(document, "The budget is a statement of values") == (
        "Teresa Valdez",
        "confident",
    )
    assert _said(document, "People are wading to their appointments") == (
        "Amal Haddad",
        "confident",
    )
    assert _said(document, "Feed people first") == ("Ana Brasa", "confident")
    titles = {s.name: s.title for s in document.speakers}
    assert titles == {
        "Teresa Oduya": "Councilwoman",
        "Teresa Valdez": "Mayor",
        "Amal Haddad": "Dr.",
        "Ana Brasa": "Chef",
    }


def test_the_mayor_is_nobody_when_two_mayors_are_named():
    text = (
        "Mayor Teresa Valdez met Mayor Ray Ortiz of the next town on Friday.\n\n"
        "“We share a river,” the mayor said.\n"
    )
    assert _said(read_text(text), "We share a river") == (None, "uncertain")


def test_a_title_in_a_label_is_the_role_line_not_the_name():
    text = (
        "Tom Archer: Why close the bridge now?\n\n"
        "Mayor Teresa Valdez: Because the inspectors told me to, and I listen to inspectors.\n\n"
        "Tom Archer: And the cost?\n\nMayor Teresa Valdez: Cheaper than a funeral.\n"
    )
    document = read_text(text)
    valdez = document.speaker("Teresa Valdez")
    assert valdez is not None and valdez.title == "Mayor" and valdez.role == "interviewee"
    assert {c.speaker for c in select(document).picks} == {"Teresa Valdez"}


PANEL = """\
Ferry Futures: a panel at the Harbour Festival

PARTICIPANTS:
Lena Fischer (moderator)
Ray Briggs, harbour engineer
Hedda Lund, ferry captain

FISCHER: Welcome, everyone. Ray, let's start with you. Why are the ferries late?

BRIGGS: Because the piers are sinking, slowly, and nobody wants to pay for piles.

FISCHER: Hedda, what do the crews see?

LUND: Tired steel and patient passengers. Patience runs out before the steel does.

FISCHER: Let's go to the audience.

AUDIENCE MEMBER: Will fares go up?

BRIGGS: Fares always go up. The question is whether the boats still run.

HEDDA: A ferry that does not run is the most expensive ferry there is.
"""


def test_a_panel_has_one_moderator_panellists_and_an_audience_member():
    document = read_text(PANEL)
    assert _roles(document) == {
        "Lena Fischer": "moderator",
        "Ray Briggs": "panellist",
        "Hedda Lund": "panellist",
        "AUDIENCE MEMBER": "other",
    }
    result = select(document, top=30)
    assert not any("audience" in c.text for c in result.candidates)
    assert {c.speaker for c in result.picks} <= {"Ray Briggs", "Hedda Lund"}
    assert any(c.speaker == "Hedda Lund" and c.text.startswith("A ferry") for c in result.picks)


def test_initials_take_the_full_name_from_a_key():
    text = (
        "Oral history of the Port Ellery ferry, recorded 12 March 2019.\n"
        "Key: HB = Harold Baptiste; MT = Mary Tull\n\n"
        "MT: When did you first work the ferry?\n\n"
        "HB: In 1961, as a deckhand. The river was browner then and the captains were louder.\n\n"
        "MT: What changed?\n\nHB: Radar. After radar nobody shouted any more.\n"
    )
    document = read_text(text)
    assert _roles(document) == {"Mary Tull": "interviewer", "Harold Baptiste": "interviewee"}
    colon = text.replace(
        "Key: HB = Harold Baptiste; MT = Mary Tull", "HB: Harold Baptiste\nMT: Mary Tull"
    )
    assert _roles(read_text(colon)) == _roles(document)


def test_a_short_label_matching_two_people_stays_as_written():
    text = (
        "With Ann Lee and Ann Moss, both of the ferry union.\n\n"
        "TOM: Who runs the ferry?\n\nANN: We do, on the days it runs.\n\n"
        "TOM: And on the others?\n\nANN: Nobody does.\n"
    )
    assert {name.upper() for name in _roles(read_text(text))} == {"TOM", "ANN"}


@pytest.mark.parametrize(
    "intro",
    [
        "The hives on the old tram depot are not council property. They belong to Agnes "
        "Moreau-Tilley, who has kept bees in the city for thirty years.",
        "Urban planner Agnes Moreau-Tilley has spent two decades arguing for rooftop hives.",
        "Rooftop Honey: an interview with Agnes Moreau-Tilley\n\nBy Tom Okafor\n\nThe Depot "
        "Hives have outlived three councils. Tom Okafor went to see them.",
    ],
)
def test_a_qa_guest_named_anywhere_in_the_introduction_is_named(intro):
    text = f"{intro}\n\nQ: How did you start?\n\nA: With one hive and a borrowed veil.\n"
    document = read_text(text)
    assert document.interviewee is not None
    assert document.interviewee.name == "Agnes Moreau-Tilley"
    assert _said(document, "With one hive and a borrowed veil.") == (
        "Agnes Moreau-Tilley",
        "confident",
    )


def test_a_qa_introduction_naming_two_people_leaves_the_answers_uncertain():
    text = (
        "Agnes Moreau-Tilley and her neighbour Bruno Keller keep bees on the old tram depot.\n\n"
        "Q: How did you start?\n\nA: With one hive and a borrowed veil.\n"
    )
    document = read_text(text)
    answer = next(p for p in document.passages if p.kind == "answer")
    assert answer.attribution == "uncertain"
    assert "Agnes Moreau-Tilley" in answer.why and "Bruno Keller" in answer.why
    assert "--interviewee" in answer.why
    assert any("--interviewee" in note for note in document.notes)


MEETING = """\
Keisha Morgan (she/her): Okay, I think we're recording. Welcome, everyone. Dev, can you \
start us off with the pilot?

Dev's iPhone: Sure. The pilot cut missed pickups by a third, and the drivers actually like \
the new routes.

Keisha Morgan (she/her): That's great. Speaker 1, you had a question?

Speaker 1: Yes. What happens to the night routes when the pilot ends?

Keisha Morgan (she/her): Good question. Speaker3, do you know?

Speaker3: The night routes stay as they are until the council votes in spring.

Keisha Morgan (she/her): Thanks, everyone.
"""


def test_meeting_display_names_and_numbered_labels():
    document = read_text(MEETING)
    names = set(_roles(document))
    assert "Keisha Morgan" in names and "Keisha Morgan (she/her)" not in names
    assert _roles(document)["Keisha Morgan"] in ("interviewer", "moderator")
    for label in ("Dev's iPhone", "Speaker 1", "Speaker3"):
        turn = next(t for t in document.turns if t.label == label)
        assert turn.speaker is None
    result = select(document, top=20)
    assert not result.picks  # nobody but the host is named, and the host's words are not picks
    assert any("third" in c.text for c in result.uncertain)
    assert all(c.attribution == "uncertain" for c in result.uncertain)
    assert any("--speaker" in note for note in document.notes)


def test_naming_a_numbered_speaker_makes_their_words_theirs():
    document = read_text(MEETING, speakers={"Speaker3": "Ana Brasa", "Dev's iPhone": "Dev Patel"})
    result = select(document, top=20)
    by = {c.speaker for c in result.picks}
    assert by == {"Ana Brasa", "Dev Patel"}
    with pytest.raises(SourceError, match="Speaker 9"):
        read_text(MEETING, speakers={"Speaker 9": "Nobody"})


def test_document_fields_are_never_speakers():
    text = (
        "Date: 3 March 2024\nLocation: Port Ellery town hall\nTranscript:\n\n"
        "Ann Lee: Why the ferry?\n\nBo Chen: Because the bridge is closed.\n\n"
        "Ann Lee: For how long?\n\nBo Chen: Until somebody pays for it.\n"
    )
    assert set(_roles(read_text(text))) == {"Ann Lee", "Bo Chen"}


def test_the_host_is_who_asks_not_who_speaks_first():
    text = (
        "Bo Chen: The bridge closed on Monday and it will stay closed.\n\n"
        "Ann Lee: For how long?\n\nBo Chen: Until somebody pays for it.\n\n"
        "Ann Lee: Who should?\n\nBo Chen: Everybody who crosses it.\n"
    )
    assert _roles(read_text(text)) == {"Bo Chen": "interviewee", "Ann Lee": "interviewer"}


# --speaker everywhere: the CLI, the review file and page, the project file; titles on cards.


def test_select_speaker_option_names_a_voice_and_says_what_is_unnamed(tmp_path, capsys):
    import json

    from quotecards.cli import main

    source = tmp_path / "meeting.txt"
    source.write_text(MEETING, encoding="utf-8")
    assert main(["select", str(source), "--json"]) == 0
    out, err = capsys.readouterr()
    assert not [c for c in json.loads(out)["candidates"] if c["attribution"] == "confident"]
    assert '--speaker "Speaker3=NAME"' in err
    code = main(["select", str(source), "--json", "--speaker", "Speaker3=Ana Brasa"])
    assert code == 0
    picks = [c for c in json.loads(capsys.readouterr().out)["candidates"]]
    assert {c["speaker"] for c in picks if c["attribution"] == "confident"} == {"Ana Brasa"}
    with pytest.raises(SystemExit) as bad:
        main(["select", str(source), "--speaker", "Ana Brasa"])
    assert bad.value.code == 2 and "LABEL=NAME" in capsys.readouterr().err


def test_a_title_is_the_role_in_json_and_the_cards_role_line_unless_one_is_given(tmp_path):
    from quotecards.render.cards import texts_of
    from quotecards.schema import selection

    text = (
        "Tom Archer: Why close the bridge now?\n\n"
        "Mayor Teresa Valdez: Because the inspectors told me to, and I listen to inspectors.\n\n"
        "Tom Archer: And the cost?\n\nMayor Teresa Valdez: A closure costs less than a funeral.\n"
    )
    result = select(read_text(text))
    data = selection(result)
    valdez = next(s for s in data["speakers"] if s["name"] == "Teresa Valdez")
    assert valdez["title"] == "Mayor" and valdez["role"] == "interviewee"
    assert all(c["title"] == "Mayor" for c in data["candidates"])
    assert {card.role for card in texts_of(result.picks)} == {"Mayor"}
    assert {card.role for card in texts_of(result.picks, role="Guest columnist")} == {
        "Guest columnist"
    }


def test_the_review_file_and_page_name_a_voice(tmp_path):
    from quotecards.review.file import load
    from quotecards.review.session import ReviewSession
    from quotecards.review.sync import write_review

    source = tmp_path / "meeting.txt"
    source.write_text(MEETING, encoding="utf-8")
    path, review = write_review(source, speakers={"Speaker3": "Ana Brasa"})
    assert 'speakers = { "Speaker3" = "Ana Brasa" }' in path.read_text(encoding="utf-8")
    assert {q.speaker for q in review.quotes if q.attribution == "confident"} == {"Ana Brasa"}
    session = ReviewSession(path)
    state = session.state()
    assert state["named"] == {"Speaker3": "Ana Brasa"}
    assert "Speaker 1" in state["unnamed"] and "Speaker3" not in state["unnamed"]
    state = session.name_speaker(state["version"], "Speaker 1", "Bo Chen")
    assert state["named"] == {"Speaker3": "Ana Brasa", "Speaker 1": "Bo Chen"}
    assert dict(load(path)[0].speakers) == {"Speaker3": "Ana Brasa", "Speaker 1": "Bo Chen"}
    # A later selection without --speaker keeps the names the file gives.
    _, again = write_review(source)
    assert dict(again.speakers) == {"Speaker3": "Ana Brasa", "Speaker 1": "Bo Chen"}
    with pytest.raises(SourceError, match="Speaker 7"):
        session.name_speaker(state["version"], "Speaker 7", "Nobody")


def test_the_project_file_names_a_voice(tmp_path):
    from quotecards.bundle.build import select_picks
    from quotecards.bundle.project import ProjectError, load_project

    (tmp_path / "meeting.txt").write_text(MEETING, encoding="utf-8")
    project = tmp_path / "quotecards.toml"
    project.write_text(
        '[[source]]\npath = "meeting.txt"\ntop = 5\n'
        'speakers = { "Speaker3" = "Ana Brasa", "Dev\'s iPhone" = "Dev Patel" }\n',
        encoding="utf-8",
    )
    (source,) = load_project(project).sources
    assert dict(source.speakers) == {"Speaker3": "Ana Brasa", "Dev's iPhone": "Dev Patel"}
    assert {p.speaker for p in select_picks(source)} == {"Ana Brasa", "Dev Patel"}
    project.write_text('[[source]]\npath = "meeting.txt"\nspeakers = ["Speaker3"]\n', "utf-8")
    with pytest.raises(ProjectError, match="speakers"):
        load_project(project)


def test_a_host_label_is_the_byline_and_a_title_label_the_one_person_with_that_title():
    text = (
        "By Sam Ito\n\nMayor Teresa Valdez spoke to us at City Hall.\n\n"
        "Interviewer: Why close the bridge?\n\n"
        "Mayor: Because the inspectors told me to, and I listen to inspectors.\n\n"
        "Interviewer: And the cost?\n\nMayor: A closure costs less than a funeral.\n"
    )
    document = read_text(text)
    assert _roles(document) == {"Sam Ito": "interviewer", "Teresa Valdez": "interviewee"}
    assert document.speaker("Teresa Valdez").title == "Mayor"
    two = text.replace("spoke to us", "and Mayor Ray Ortiz spoke to us")
    mayor = next(t for t in read_text(two).turns if t.label == "Mayor")
    assert mayor.speaker is None


def test_a_crowd_label_is_an_unnamed_voice_not_the_last_speakers_words():
    text = (
        "Ann Lee: Who wants the bridge fixed?\n\nCrowd: We do!\n\n"
        "Ann Lee: And who will pay?\n\nBo Chen: Everybody who crosses it, in tolls.\n"
    )
    document = read_text(text)
    crowd = next(t for t in document.turns if t.label == "Crowd")
    assert crowd.speaker is None
    assert all("We do" not in c.text for c in select(document).picks)


def test_a_surname_two_people_share_is_nobody_and_an_opener_is_not_part_of_a_name():
    shared = read_text("Jo Park met Al Park on the pier. “Same surname,” Park said.\n")
    passage = shared.passages[0]
    assert passage.attribution == "uncertain"
    assert "Jo Park" in passage.why and "Al Park" in passage.why
    text = (
        "Residents Ann Lee and Bo Chen disagree about the creek. “It floods,” Lee said.\n\n"
        "Later Lena Park walked the bank. “The bank is moving,” Park said.\n"
    )
    document = read_text(text)
    assert _said(document, "It floods") == ("Ann Lee", "confident")
    assert _said(document, "The bank is moving") == ("Lena Park", "confident")


def test_a_cue_after_a_finished_quotation_that_opens_the_next_is_the_next_ones():
    text = (
        "Ann Lee: Who told you to slow down?\n\n"
        "Bo Chen: My doctor. My doctor told me, “Your body thinks you live in Japan.” I said, "
        "“Doctor, I'd like to live in Japan.”\n\nAnn Lee: And?\n\nBo Chen: He laughed.\n"
    )
    document = read_text(text)
    assert _said(document, "Your body thinks you live in Japan.") == (None, "uncertain")
    assert _said(document, "Doctor, I'd like to live in Japan.") == ("Bo Chen", "confident")


def test_initials_that_spell_a_word_are_still_initials_and_a_key_can_say_who_answers():
    text = (
        "Key: MD = Margaret Donnelly (interviewee); SO = Samuel Okoro (interviewer); "
        "RD = Ruth Donnelly (MD's daughter)\n\n"
        "SO: When did you first go into the mill?\n\n"
        "MD: Nineteen fifty-three. I was fourteen and three months.\n\n"
        "RD: She still talks about the noise.\n\n"
        "SO: Was it loud?\n\nMD: So loud we all learned to lip-read.\n"
    )
    assert _roles(read_text(text)) == {
        "Samuel Okoro": "interviewer",
        "Margaret Donnelly": "interviewee",
        "Ruth Donnelly": "other",
    }
