"""Write the Word files of the reading corpus (tests/corpus/docx-*.docx) with python-docx.

    .venv/bin/python tools/make_docx_corpus.py

The files are committed; this script says exactly what they hold, and python-docx writes them
as Word's own format does (styles, runs, tables, headers, footers and comments in their parts).
The people are invented.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
from docx.document import Document

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
WHEN = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


def _new(title: str, author: str) -> Document:
    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = WHEN
    properties.revision = 1
    return document


def _turn(document: Document, name: str, *paragraphs: str) -> None:
    """A Q&A turn as magazines set it: the speaker's name in bold, the words after it."""
    first = document.add_paragraph()
    first.add_run(f"{name}:").bold = True
    first.add_run(f" {paragraphs[0]}")
    for text in paragraphs[1:]:
        document.add_paragraph(text)


def qa_bold() -> Document:
    document = _new("The luthier who listens to wood", "Colm Adeyemi")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Harbour Review · Winter 2026 · Draft for fact-checking"
    section.footer.paragraphs[0].text = "Confidential until publication: do not quote"
    document.add_heading("The luthier who listens to wood", level=0)
    document.add_paragraph("By Colm Adeyemi")
    intro = document.add_paragraph(
        "Inès Marchetti has made violins in a converted boathouse on the Caldwater estuary for "
        "twenty-two years. Her instruments are played in four national orchestras, and the "
        "waiting list is three years long. Colm Adeyemi spoke with Inès Marchetti in her "
        "workshop, between coats of varnish."
    )
    document.add_comment(
        intro.runs,
        "Check the waiting list figure with her agent",
        author="Subeditor",
        initials="SE",
    )
    _turn(
        document,
        "Colm Adeyemi",
        "You start every instrument by tapping the wood and listening. What are you listening for?",
    )
    _turn(
        document,
        "Inès Marchetti",
        "Whether it wants to be a violin at all. Some spruce rings like a bell and some of it "
        "just thuds. You can carve a thud for six months and it will still be a thud.",
        "People think the skill is in the hands. The skill is in the ears, and in being honest "
        "enough to throw away a beautiful piece of wood that sounds like a cardboard box.",
    )
    _turn(
        document,
        "Colm Adeyemi",
        "You told a radio programme last year that “a violin is a tree that learned to sing.” "
        "Is that a line you use on customers?",
    )
    _turn(
        document,
        "Inès Marchetti",
        "Only on the ones who are about to pay. No, I believe it. The tree did the hard part. "
        "It stood on a mountain for two hundred years getting rained on. I just take away "
        "everything that isn't music.",
    )
    document.add_heading("Learning the trade", level=2)
    _turn(
        document,
        "Colm Adeyemi",
        "Who taught you?",
    )
    marked = document.add_paragraph()
    marked.add_run("Inès Marchetti:").bold = True
    words = marked.add_run(
        " A man called Aurelio Brandt, in a workshop in Cremona with no heating. On my first day "
        "he told me, “Wood remembers every mistake you make, so make them slowly.” I have never "
        "had better advice about anything."
    )
    document.add_comment(words, "Brandt: spelling confirmed?", author="Subeditor", initials="SE")
    _turn(document, "Colm Adeyemi", "Do you take apprentices yourself?")
    _turn(
        document,
        "Inès Marchetti",
        "One at a time, and never for less than five years. An apprentice who is in a hurry "
        "makes furniture. Patience is the only tool I cannot sell them.",
    )
    _turn(document, "Colm Adeyemi", "What happens to a violin after it leaves this room?")
    _turn(
        document,
        "Inès Marchetti",
        "It starts its real life. A new violin is shy. It needs ten years of someone playing it "
        "badly and well before it knows what it sounds like.",
    )
    return document


def qa_table() -> Document:
    document = _new("Five questions for Tamsin Arkwright", "Gazette newsdesk")
    document.sections[0].footer.paragraphs[0].text = "Lowfield Gazette · Community pages"
    document.add_heading("Five questions for Tamsin Arkwright", level=0)
    document.add_paragraph(
        "The Gazette spoke with Tamsin Arkwright, who becomes head of the county library service "
        "in January after running the mobile library for eight years."
    )
    rows = [
        (
            "You drove the mobile library for eight years. What did the road teach you?",
            "That a library is a habit, not a building. People waited for the van in the rain "
            "because it came every other Tuesday without fail. Reliability is the whole job.",
        ),
        (
            "Three branches closed last year. Will more close?",
            "Not on my watch, if I can help it. A closed branch never reopens. I would rather cut "
            "hours than cut a building, because hours can come back.",
        ),
        (
            "What do people ask the libraries for now that they did not ask for ten years ago?",
            "Help with forms. Benefits, passports, council tax. A woman once said to me, "
            "“You’re the only office in town that doesn’t make me feel stupid.” "
            "I think about her every budget meeting.",
        ),
        (
            "Are printed books finished?",
            "Children do not think so, and children are always right about books.",
        ),
        (
            "What will you change first?",
            "The fines. Fines teach poor families that the library is not for them. Every "
            "overdue book I have ever seen came back eventually.",
        ),
    ]
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].paragraphs[0].add_run("Question").bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("Answer").bold = True
    for question, answer in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = question, answer
    document.add_paragraph(
        "The library service’s consultation on opening hours runs until 31 January."
    )
    return document


def article() -> Document:
    document = _new("Allotment society wins fight to keep its orchard", "Pia Lund")
    section = document.sections[0]
    section.header.paragraphs[0].text = "EMBARGOED until 00:01 Saturday"
    section.footer.paragraphs[0].text = "Northfold Echo · page 7 · legal read: yes"
    document.add_heading("Allotment society wins fight to keep its orchard", level=0)
    document.add_paragraph(
        "Forty-year-old apple trees will stay after the council drops plans for a car park"
    ).runs[0].italic = True
    document.add_paragraph("By Pia Lund")
    body = [
        "The apple trees at the Northfold allotments will stay. On Thursday the council withdrew "
        "its plan to clear the society's orchard for a sixty-space car park, six months after "
        "the society delivered a petition with 4,100 names.",
        "“We planted these trees for our grandchildren, and now our grandchildren are planting "
        "for theirs,” said Edith Mawson, 71, who has chaired the allotment society since 2009.",
        "Mawson said the society had never been against parking, only against losing the "
        "orchard. “Nobody ever fell in love with a car park,” she said.",
        "The orchard has 38 trees, most of them varieties that are no longer sold commercially. "
        "Some were grafted from trees in the gardens of houses demolished when the ring road "
        "was built.",
    ]
    for text in body:
        document.add_paragraph(text)
    document.add_heading("What happens next", level=2)
    body = [
        "Councillor Raj Bellamy, the cabinet member for transport, said the car park would be "
        "built on the old bus depot instead. “We listened, and we found a better site,” he said. "
        "“That is how it is supposed to work.”",
        "A council spokesperson said: “The orchard will be protected in the new local plan.”",
        "Ten-year-old Rosa Mawson-Quint, Edith Mawson's granddaughter, helped collect signatures "
        "outside the library. She said her grandmother had told her, ‘Trees are slow, so people "
        "have to be stubborn.’",
        "The society will hold a harvest open day on 4 October.",
    ]
    for text in body:
        document.add_paragraph(text)
    return document


def qa_bold_questions() -> Document:
    """The other common Q&A setting: no names, each question in bold, the answer below it."""
    document = _new("Ten minutes with a lighthouse keeper's daughter", "Features desk")
    document.sections[0].header.paragraphs[0].text = "Coastlines supplement · proof 2"
    document.add_heading("Ten minutes with a lighthouse keeper's daughter", level=1)
    document.add_paragraph(
        "Morwenna Treloar grew up on Gull Rock, where her father kept the light until it was "
        "automated in 1991. Her memoir of those years is published next month. We spoke with "
        "Morwenna Treloar at her kitchen table in Porthleven."
    )
    exchanges = [
        (
            "What do people get wrong about lighthouse life?",
            [
                "They think it was lonely. It was crowded. Three keepers, their families, a "
                "goat, and every bird in the Atlantic. The loneliness came later, on the "
                "mainland, when nobody needed me to do anything at four in the morning.",
            ],
        ),
        (
            "What was your job as a child?",
            [
                "Polishing the brass, and listening. My father used to say, “A light that is "
                "not looked after is just a very tall ornament.” He said it about the lamp, "
                "but I think he meant us.",
            ],
        ),
        (
            "How did it feel when the light was automated?",
            [
                "Like a funeral where the body gets up and carries on working.",
                "I am glad the light still turns. But a machine cannot worry, and worry is "
                "what kept people alive on that rock.",
            ],
        ),
        (
            "Would you go back?",
            ["Tomorrow. For one night. And then I would want a bath."],
        ),
    ]
    for question, answer in exchanges:
        document.add_paragraph().add_run(question).bold = True
        for text in answer:
            document.add_paragraph(text)
    closing = document.add_paragraph("Gull Rock is published by Tidewater Press at £16.99.")
    closing.runs[0].italic = True
    return document


def main() -> None:
    for name, build in (
        ("docx-qa-bold", qa_bold),
        ("docx-qa-table", qa_table),
        ("docx-article-orchard", article),
        ("docx-qa-bold-questions", qa_bold_questions),
    ):
        path = CORPUS / f"{name}.docx"
        build().save(path)
        print(f"wrote {path.relative_to(CORPUS.parent.parent)}")


if __name__ == "__main__":
    main()
