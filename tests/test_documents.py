"""Word files, saved web pages and Podcasting 2.0 transcripts: the text extracted from them, what is
left out, the metadata kept, and spans that slice back into the extracted text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from quotecards.cli import main
from quotecards.errors import SourceError
from quotecards.ingest import read_source
from quotecards.ingest.extract import read
from quotecards.integrity import verify
from quotecards.model import Span
from quotecards.selector import select

CORPUS = Path(__file__).parent / "corpus"


def _extracted(path: Path):
    return read(path, path.read_bytes())


def _by_speaker(document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for turn in document.turns:
        out.setdefault(turn.speaker or turn.label, []).extend(
            s.of(document.text) for s in turn.segments
        )
    return out


def _spans_slice_back(document) -> None:
    result = select(document, top=50)
    assert result.candidates
    for candidate in result.candidates:
        verify(candidate.text, candidate.spans, document.text)


# Word ------------------------------------------------------------------------------------------


def _save(document, path: Path) -> Path:
    document.save(path)
    return path


def test_docx_bold_labels_become_turns_and_header_footer_and_comments_are_not_speech(tmp_path):
    document = docx.Document()
    document.core_properties.title = "On bridges"
    document.sections[0].header.paragraphs[0].text = "DRAFT HEADER not for print"
    document.sections[0].footer.paragraphs[0].text = "Page footer words"
    document.add_paragraph("By Ruth Calloway")
    document.add_paragraph("Ruth Calloway spoke with Hamid Strand about bridges.")
    question = document.add_paragraph()
    question.add_run("Ruth Calloway:").bold = True
    question.add_run(" Why do bridges fail?")
    answer = document.add_paragraph()
    answer.add_run("Hamid Strand").bold = True  # no colon: the bold run alone is the label
    run = answer.add_run(" Because water is patient and concrete is not.")
    document.add_comment(run, "REVIEWER COMMENT check this", author="Ed")
    document.add_paragraph("Every river wins in the end.")  # the same turn goes on
    document.add_paragraph().add_run("Ruth Calloway").bold = True  # a label paragraph
    document.add_paragraph("And the fix?")
    document.add_paragraph().add_run("Hamid Strand:").bold = True
    document.add_paragraph("Inspect, inspect, inspect.")
    path = _save(document, tmp_path / "bridges.docx")

    source = _extracted(path)
    assert source.layout == "docx"
    assert source.title == "On bridges" and source.byline == "Ruth Calloway"
    for absent in ("DRAFT HEADER", "footer", "REVIEWER COMMENT"):
        assert absent not in source.text
    assert "Hamid Strand: Because water is patient and concrete is not." in source.text

    read_back = read_source(path)
    assert read_back.layout == "docx" and read_back.text == source.text
    assert read_back.title == "On bridges"
    turns = _by_speaker(read_back)
    assert turns["Hamid Strand"] == [
        "Because water is patient and concrete is not.",
        "Every river wins in the end.",
        "Inspect, inspect, inspect.",
    ]
    assert turns["Ruth Calloway"] == ["Why do bridges fail?", "And the fix?"]
    assert read_back.interviewee.name == "Hamid Strand"
    _spans_slice_back(read_back)


def test_docx_text_labels_are_read_as_they_are_typed(tmp_path):
    document = docx.Document()
    document.add_paragraph("Q: What do bees want?")
    document.add_paragraph("A: Flowers that nobody mowed.")
    document.add_paragraph("Q: And beekeepers?")
    document.add_paragraph("A: Patience, and a veil.")
    read_back = read_source(_save(document, tmp_path / "bees.docx"), interviewee="Ana Brook")
    assert _by_speaker(read_back)["Ana Brook"] == [
        "Flowers that nobody mowed.",
        "Patience, and a veil.",
    ]


def test_docx_question_answer_table_with_header_gives_q_and_a_turns(tmp_path):
    document = docx.Document()
    document.add_paragraph("We spoke with Lena Fairweather about the harbour.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Question", "Answer"
    for question, answer in [
        ("Why dredge the harbour now?", "Because the boats are touching bottom at low tide."),
        ("Who pays for it?", "The port, and in the end everyone who buys fish."),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = question, answer
    document.add_paragraph("Editor's note: the dredging starts in May.")
    read_back = read_source(_save(document, tmp_path / "harbour.docx"))
    assert read_back.text.count("Q: ") == 2 and read_back.text.count("A: ") == 2
    turns = _by_speaker(read_back)
    assert turns["Lena Fairweather"] == [
        "Because the boats are touching bottom at low tide.",
        "The port, and in the end everyone who buys fish.",
    ]
    assert all("dredging starts" not in words for words in turns["Lena Fairweather"])


def test_docx_table_of_labels_and_words_gives_each_row_to_its_label(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for who, words in [
        ("Nadia Kerr", "What did the flood take?"),
        ("Owen Petrakis", "The ground floor, and every photograph we had."),
        ("Nadia Kerr", "And what did it leave?"),
        ("Owen Petrakis", "Neighbours. I had never met half of them."),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = who, words
    read_back = read_source(_save(document, tmp_path / "flood.docx"))
    turns = _by_speaker(read_back)
    assert turns["Owen Petrakis"] == [
        "The ground floor, and every photograph we had.",
        "Neighbours. I had never met half of them.",
    ]
    assert turns["Nadia Kerr"] == ["What did the flood take?", "And what did it leave?"]


def test_docx_article_is_prose_with_its_quotations_and_a_heading_marked(tmp_path):
    document = docx.Document()
    document.add_heading("Orchard saved", level=0)
    document.add_paragraph("By Pia Lund")
    document.add_paragraph(
        "“We planted these trees for our grandchildren,” said Edith Mawson, who chairs the trust."
    )
    document.add_heading("What next", level=2)
    document.add_paragraph("“Now we plant for theirs,” Mawson said.")
    path = _save(document, tmp_path / "orchard.docx")
    source = _extracted(path)
    assert source.title == "Orchard saved" and source.byline == "Pia Lund"
    assert "## What next" in source.text
    read_back = read_source(path)
    assert read_back.shape == "prose"
    said = {p.span.of(read_back.text): p.speaker for p in read_back.passages}
    assert said["We planted these trees for our grandchildren"] == "Edith Mawson"
    assert said["Now we plant for theirs"] == "Edith Mawson"


def test_docx_bold_questions_without_names_become_q_and_a_but_bold_crossheads_do_not(tmp_path):
    document = docx.Document()
    document.add_paragraph("We spoke with Ilse Varga about her glassworks.")
    for question, answer in [
        ("Why glass?", "Because it forgives nothing, and I needed that."),
        ("Is it dangerous?", "Only when you stop being afraid of it."),
    ]:
        document.add_paragraph().add_run(question).bold = True
        document.add_paragraph(answer)
    note = document.add_paragraph().add_run("Ilse Varga's work is at the Corn Exchange.")
    note.italic = True
    qa = read_source(_save(document, tmp_path / "glass.docx"))
    assert "Q: Why glass?\n\nA: Because it forgives nothing" in qa.text
    assert _by_speaker(qa)["Ilse Varga"] == [
        "Because it forgives nothing, and I needed that.",
        "Only when you stop being afraid of it.",
    ]

    article = docx.Document()
    article.add_paragraph().add_run("A long wait").bold = True  # crossheads, not questions
    article.add_paragraph("“We waited nine years,” said Ilse Varga.")
    article.add_paragraph().add_run("What comes next").bold = True
    article.add_paragraph("“Now we build,” Varga said.")
    text = _extracted(_save(article, tmp_path / "article.docx")).text
    assert "Q:" not in text and "A:" not in text


def test_docx_tracked_changes_read_as_accepted_and_content_controls_are_read(tmp_path):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Ann Lee: Why keep it?")
    paragraph = document.add_paragraph("Bo Chen: We kept ")
    inserted = paragraph.add_run("the old ")  # a tracked insertion: w:ins around the run
    wrapper = OxmlElement("w:ins")
    wrapper.set(qn("w:id"), "1")
    wrapper.set(qn("w:author"), "Sub")
    inserted._r.addprevious(wrapper)
    wrapper.append(inserted._r)
    paragraph.add_run("bridge because it still works.")
    deleted = OxmlElement("w:del")  # a tracked deletion: w:del, its words in w:delText
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "Sub")
    run, words = OxmlElement("w:r"), OxmlElement("w:delText")
    words.text = " DELETED WORDS"
    run.append(words)
    deleted.append(run)
    paragraph._p.append(deleted)
    # A content control around a paragraph, as templates write them.
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    inside = document.add_paragraph("Ann Lee: And the new one?")
    inside._p.addprevious(control)
    content.append(inside._p)
    document.add_paragraph("Bo Chen: Nobody has asked for one.")
    text = _extracted(_save(document, tmp_path / "tracked.docx")).text
    assert "Bo Chen: We kept the old bridge because it still works." in text
    assert "DELETED" not in text
    assert "Ann Lee: And the new one?" in text


def test_a_zip_that_is_not_word_and_a_truncated_docx_are_one_line_errors(tmp_path, capsys):
    not_word = tmp_path / "photos.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("holiday.txt", "not a Word document")
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes((CORPUS / "docx-qa-bold.docx").read_bytes()[:2000])
    for path, says in ((not_word, "not a Word document"), (truncated, "truncated or damaged")):
        with pytest.raises(SourceError, match=says):
            read_source(path)
        assert main(["select", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


# Web pages -------------------------------------------------------------------------------------


def test_web_page_gives_the_article_body_only_with_entities_decoded_and_metadata_kept():
    source = _extracted(CORPUS / "web-ferry-drills.html")
    assert source.layout == "web"
    assert source.title == "Ferry crews train in the dark for the winter crossing"
    assert source.byline == "Hollis Penhaligon"
    text = source.text
    assert "“We run the drills in the dark because that is when things go wrong,”" in text
    assert "&ldquo;" not in text and "&rsquo;" not in text and "<" not in text
    for left_out in (
        "Skip to content",  # navigation
        "What’s On",
        "Advertisement",  # advertisements, one with a quotation in it
        "I saved",
        "Winter breaks",
        "We need a second boat",  # related links
        "Reader comments",  # comments
        "SkerrowSue",
        "NewsArticle",  # JSON-LD
        "dataLayer",  # scripts, one holding curly quotes
        "Accept all",
        "He said “yes”",
        "ad-slot",  # styles
        "Please enable JavaScript",  # noscript
        "best five minutes",  # newsletter box
        "All rights reserved",  # footer
    ):
        assert left_out not in text, left_out
    # The headline is metadata, not a paragraph; the paragraphs stay apart.
    assert not text.startswith("Ferry crews")
    assert "\n\nThey did it four times." in text


def test_reading_a_web_page_never_touches_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a web page was read with a network call")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    document = read_source(CORPUS / "web-ferry-drills.html")
    assert document.layout == "web" and document.passages


def test_web_qa_page_reads_its_turns_and_a_subheading_ends_a_turn(tmp_path):
    page = tmp_path / "qa.htm"
    page.write_text(
        "<html><head><title>Tides</title></head><body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Tides</h1><p>We spoke with Ada Brightwater about the barrage.</p>"
        "<p><strong>Sam Orr:</strong> Why build it now?</p>"
        "<p><strong>Ada Brightwater:</strong> Because the sea is not waiting for us.</p>"
        "<h2>Money</h2><p>The barrage will cost &pound;40m, the council says.</p>"
        "<p><strong>Sam Orr:</strong> And the cost?</p>"
        "<p><strong>Ada Brightwater:</strong> Cheaper than a flood.<br>Much cheaper.</p>"
        "</article><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    assert document.layout == "web" and document.shape == "transcript"
    turns = _by_speaker(document)
    assert turns["Ada Brightwater"] == [
        "Because the sea is not waiting for us.",
        "Cheaper than a flood.\nMuch cheaper.",
    ]
    assert "£40m" in document.text and "Home" not in document.text
    _spans_slice_back(document)


def test_inline_q_elements_get_the_quotation_marks_a_browser_shows(tmp_path):
    page = tmp_path / "bridge.html"
    filler = "".join(
        f"<p>Paragraph {n}: the approach roads are still closed to lorries this week.</p>"
        for n in range(4)
    )
    page.write_text(
        f"<html><head><title>Bridge</title></head><body><article>{filler}"
        "<p>Engineer Tom Hale said: <q>A bridge is a promise you can drive on. My boss says "
        "<q>check twice</q> and she is right.</q></p></article></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    assert (
        "“A bridge is a promise you can drive on. My boss says ‘check twice’ and she is right.”"
        in document.text
    )
    said = {p.span.of(document.text): p.speaker for p in document.passages}
    assert (
        said["A bridge is a promise you can drive on. My boss says ‘check twice’ and she is right."]
        == "Tom Hale"
    )


def test_a_page_with_no_article_is_a_one_line_error(tmp_path, capsys):
    page = tmp_path / "app.html"
    page.write_text(
        '<!doctype html><html><head><title>App</title><script>var a = "b";</script></head>'
        "<body><div id='root'></div><script src='app.js'></script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="found no article text"):
        read_source(page)
    assert main(["select", str(page)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_page_in_a_declared_character_set_is_decoded(tmp_path):
    page = tmp_path / "latin.html"
    body = "".join(
        f"<p>Paragraph {n} of the café report, which says little of note.</p>" for n in range(6)
    )
    page.write_bytes(
        (
            "<html><head><meta charset='windows-1252'><title>Café</title></head><body><article>"
            f"{body}<p>“Coffee is a civic right,” said Bruno Iversen.</p></article></body></html>"
        ).encode("cp1252")
    )
    document = read_source(page)
    assert "café" in document.text and "“Coffee is a civic right,”" in document.text


# Podcasting 2.0 --------------------------------------------------------------------------------


def _json(tmp_path: Path, payload) -> Path:
    path = tmp_path / "episode.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_podcast_json_joins_one_speakers_segments_into_a_turn_and_keys_are_never_speech(tmp_path):
    words = ["I", "am", "your", "father.\n"]  # the spec's own word-by-word example
    segments = [
        {"speaker": "Darth Vader", "startTime": 0.5 + i, "endTime": 0.75 + i, "body": w}
        for i, w in enumerate(words)
    ]
    segments += [
        {"speaker": "Luke", "startTime": 5, "endTime": 6, "body": "No."},
        {"startTime": 6, "endTime": 7, "body": "That's not true."},  # no speaker: Luke goes on
        {"speaker": "Luke", "startTime": 7, "endTime": 8, "body": "That's impossible!"},
    ]
    path = _json(tmp_path, {"version": "1.0.0", "segments": segments})
    source = _extracted(path)
    assert source.layout == "podcast-json"
    assert source.text == (
        "Darth Vader: I am your father.\n\nLuke: No. That's not true. That's impossible!\n"
    )
    for key in ("speaker", "startTime", "endTime", "body", "version", "1.0.0", "0.5"):
        assert key not in source.text
    document = read_source(path)
    assert [t.speaker for t in document.turns] == ["Darth Vader", "Luke"]


def test_podcast_json_without_speakers_at_the_start_is_unlabelled(tmp_path):
    path = _json(
        tmp_path,
        {
            "version": "1.0.0",
            "segments": [
                {"startTime": 0, "body": "Recorded at the Corn Exchange in March."},
                {"speaker": "Maren Holt (host)", "startTime": 3, "body": "Welcome."},
                {"speaker": "Ifeoma Castellane", "startTime": 4, "body": "Thank you."},
            ],
        },
    )
    assert _extracted(path).text == (
        "Recorded at the Corn Exchange in March.\n\nMaren Holt: Welcome.\n\n"
        "Ifeoma Castellane: Thank you.\n"
    )


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ({"name": "package", "version": "1.0.0"}, 'no "segments" list'),
        ([1, 2, 3], 'no "segments" list'),
        ({"version": "1.0.0", "segments": [{"speaker": "A", "body": 4}]}, r"segments\[0\]"),
    ],
)
def test_json_that_is_not_a_transcript_is_a_one_line_error(tmp_path, capsys, payload, says):
    path = _json(tmp_path, payload)
    with pytest.raises(SourceError, match=says):
        read_source(path)
    assert main(["select", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_invalid_json_says_where(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"version": "1.0.0", "segments": [\n  {"body": "hi"\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"line 3, column 1: not valid JSON"):
        read_source(path)


def test_podcast_html_reads_cite_time_and_p_with_entities_decoded():
    source = _extracted(CORPUS / "podcast-night-shift.html")
    assert source.layout == "podcast-html"
    assert "0:21" not in source.text and "<cite>" not in source.text
    assert source.text.startswith("Jonah Perl: This is Night Shift")
    assert "Wilhelmina Osei: Thank you. I should say I'm usually asleep" in source.text
    document = read_source(CORPUS / "podcast-night-shift.html")
    osei = [t for t in document.turns if t.speaker == "Wilhelmina Osei"]
    # Two <p> under one <cite> are one turn; two <cite>s in a row for her are one turn too.
    assert len(osei[1].segments) == 2 and len(osei[2].segments) == 2
    _spans_slice_back(document)


def test_podcast_html_inside_a_page_and_a_wrapping_div_is_still_a_transcript(tmp_path):
    page = tmp_path / "episode.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ep 4</title></head><body>"
        "<div class='transcript'><cite>Nell:</cite><time>0:00</time><p>Why bells?</p>"
        "<cite>Ossian Grey :</cite><time>0:04</time><p>Because a bell can&#39;t lie.</p>"
        "</div></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    assert document.layout == "podcast-html"
    assert document.text == "Nell: Why bells?\n\nOssian Grey: Because a bell can't lie.\n"
    assert [t.speaker for t in document.turns] == ["Nell", "Ossian Grey"]


# The text, for anyone checking a span ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "docx-qa-bold.docx",
        "docx-qa-table.docx",
        "web-ferry-drills.html",
        "podcast-seed-bank.json",
        "podcast-night-shift.html",
    ],
)
def test_select_json_carries_the_extracted_text_that_every_span_indexes(name, capsys):
    path = CORPUS / name
    assert main(["select", str(path), "--json", "--top", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == read_source(path).text
    assert out["layout"] in ("docx", "web", "podcast-json", "podcast-html")
    assert out["candidates"]
    for candidate in out["candidates"]:
        spans = tuple(Span(start, end) for start, end in candidate["spans"])
        verify(candidate["text"], spans, out["text"])
    assert main(["text", str(path)]) == 0
    assert capsys.readouterr().out == out["text"]


def test_select_json_of_a_plain_transcript_has_no_text_field(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("Ann Lee: Why?\n\nBo Chen: Because rivers keep their own time.\n", "utf-8")
    assert main(["select", str(path), "--json"]) == 0
    assert "text" not in json.loads(capsys.readouterr().out)
    assert main(["text", str(path)]) == 0
    assert capsys.readouterr().out == path.read_text("utf-8")


def test_a_document_known_by_its_content_not_its_name_is_said_on_stderr(tmp_path, capsys):
    page = tmp_path / "saved.txt"  # a web page saved under a text file's name
    page.write_bytes((CORPUS / "web-ferry-drills.html").read_bytes())
    assert main(["select", str(page), "--top", "1"]) == 0
    assert f"{page}: read as a saved web page's article (layout 'web')" in capsys.readouterr().err
