"""Word ``.docx`` files, read with python-docx: the body's paragraphs and tables, in order.

What becomes text: every paragraph of the body (a heading as a ``#`` line, which ends a turn),
and tables.  Headers, footers, comments and footnotes are not in the body and never read.

Speaker labels come in three layouts, all given to the transcript reader as ``Name: words``:

- a bold run opening a paragraph, with its words after it in the same paragraph
  (**Inès Marchetti:** I started…, or **Inès Marchetti** I started…);
- a bold paragraph holding only a name: the paragraphs after it are that speaker's;
- a label typed as text (``Inès Marchetti: I started…``, ``Q:``), which is already a transcript;
- no labels at all, each question a bold paragraph and its answer the plain paragraphs after
  it: the text gives them ``Q:`` and ``A:`` (the interviewee is named by the introduction or
  ``--interviewee``, as in any Q/A transcript).

A two-column table is a Q&A (a ``---`` line after it ends its last turn): either a label and its
words on each row (``Q`` | question, ``Tamsin Arkwright`` | answer), or a question and its answer
on each row, labelled by the header row when it names them (``Question`` | ``Answer`` are ``Q``
and ``A``) and ``Q``/``A`` otherwise.
Any other table is read cell by cell.  An article is simply its paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile

from quotecards.errors import SourceError
from quotecards.ingest.extract import Builder, Extracted, label

_QUESTION_WORDS = {"q", "question", "questions", "interviewer", "asked"}
_ANSWER_WORDS = {"a", "answer", "answers", "reply", "response"}
_LABEL_STOPS = frozenset('?!,;"“”()[]')
_TYPED_LABEL = re.compile(r"\s*[^\W\d_][\w.'’ -]{0,40}:\s")


def extract(data: bytes, name: str) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError) as error:
        damaged = isinstance(error, zipfile.BadZipFile | EOFError)
        reason = "a truncated or damaged file" if damaged else "a zip file, but not a Word document"
        raise SourceError(
            f"{name}: cannot be opened as a Word .docx ({reason}); open it in Word or LibreOffice "
            "and save it again as .docx, or give the text as .txt"
        ) from None
    builder = Builder()
    title = (document.core_properties.title or "").strip()
    byline = ""
    blocks = list(_blocks(document.element.body, document._body))
    bold_questions = _bold_questions(blocks)
    answered = True  # with bold questions: whether the last question has its answer yet
    talking = False  # whether a speaker's turn has begun
    for block in blocks:
        if hasattr(block, "rows"):
            _table(block, builder)
            continue
        style = _style(block)
        text = _text(block)
        if style == "Title" or style.startswith("Heading"):
            level = 1 if style == "Title" else _heading_level(style)
            title = title or (" ".join(text.split()) if style == "Title" else "")
            builder.heading(text, level)
            continue
        if not byline and text.strip().startswith("By ") and len(text.split()) <= 12:
            byline = " ".join(text.split())[3:]
        if bold_questions and _bold_question(block, text):
            builder.turn("Q", text)
            answered, talking = False, True
        elif bold_questions and not answered and text.strip():
            builder.turn("A", text)
            answered = True
        elif talking and _italic(block, text):
            # An editor's note set in italics ("Edited for length", the book's price, a bio)
            # follows the Q&A: a rule ends the last answer before it.
            builder.rule()
            builder.paragraph(text)
        else:
            talking = talking or _labelled(block)
            _paragraph(block, builder)
    if builder.empty:
        raise SourceError(f"{name}: the Word document has no text in its body")
    return builder.build("docx", title, byline, certain=False)


def _style(paragraph) -> str:
    return (paragraph.style.name if paragraph.style is not None else "") or ""


def _bold_questions(blocks: list) -> bool:
    """Whether the document is a Q&A set the other common way: each question a bold paragraph,
    its answer the plain paragraphs after it, no names.  At least two bold paragraphs must be
    questions (a bold crosshead is not), and no paragraph may carry a speaker label."""
    paragraphs = [b for b in blocks if not hasattr(b, "rows") and not _is_heading(b)]
    if any(_labelled(p) for p in paragraphs):
        return False
    asked = [p for p in paragraphs if _bold_question(p, _text(p))]
    return sum(_text(p).rstrip().endswith("?") for p in asked) >= 2


def _bold_question(paragraph, text: str) -> bool:
    return bool(text.strip()) and _bold_lead(paragraph) == text and _as_label(text) is None


def _labelled(paragraph) -> bool:
    """A paragraph that opens with a speaker label, bold or typed."""
    lead, text = _bold_lead(paragraph), _text(paragraph)
    if lead.strip() and lead != text and _as_label(lead) is not None:
        return True
    return _TYPED_LABEL.match(text) is not None and _as_label(text.split(":")[0]) is not None


def _is_heading(paragraph) -> bool:
    style = _style(paragraph)
    return style == "Title" or style.startswith("Heading")


def _blocks(element, parent):
    """The paragraphs and tables of the body in order, including those inside a content control
    (``w:sdt``: templates often wrap the whole text in one), which python-docx passes over."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent)


def _paragraph(paragraph, builder: Builder) -> None:
    text = _text(paragraph)
    lead = _bold_lead(paragraph)
    rest = text[len(lead) :] if text.startswith(lead) else ""
    if lead.strip() and not rest.strip():
        name = _as_label(lead)
        if name is not None:
            builder.turn(name, "")  # a label paragraph: the words follow
            return
    elif lead.strip():
        if rest.lstrip().startswith(":"):
            lead, rest = lead + ":", rest.lstrip()[1:]
        name = _as_label(lead)
        if name is not None:
            builder.turn(name, rest)
            return
    builder.paragraph(text)


def _runs(paragraph) -> list:
    """The paragraph's runs as a reader of the document sees them, tracked changes accepted.

    ``Paragraph.runs`` and ``Paragraph.text`` leave out the runs inside a tracked insertion
    (``w:ins``), a hyperlink's runs aside, and text in fields or content controls, so a document
    with unaccepted edits would lose words.  Every run of this paragraph counts (not those of a
    text box nested inside it), except deleted and moved-away text.
    """
    from docx.oxml.ns import qn
    from docx.text.run import Run

    element = paragraph._p
    return [
        Run(run, paragraph)
        for run in element.xpath(".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)]")
        if next(run.iterancestors(qn("w:p")), None) is element
    ]


def _text(paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _bold_lead(paragraph) -> str:
    """The text of the bold runs that open a paragraph."""
    lead = ""
    for run in _runs(paragraph):
        if not run.text:
            continue
        if not _bold(run, paragraph):
            return lead
        lead += run.text
    return lead


def _bold(run, paragraph) -> bool:
    return _font(run, paragraph, "bold")


def _italic(paragraph, text: str) -> bool:
    """A paragraph set wholly in italics."""
    runs = [run for run in _runs(paragraph) if run.text.strip()]
    return bool(text.strip()) and bool(runs) and all(_font(r, paragraph, "italic") for r in runs)


def _font(run, paragraph, attribute: str) -> bool:
    """Whether a run is bold (or italic), set on the run or inherited from its styles."""
    if getattr(run, attribute) is not None:
        return getattr(run, attribute)
    for style in (run.style, paragraph.style):
        while style is not None:
            if getattr(style.font, attribute) is not None:
                return getattr(style.font, attribute)
            style = style.base_style
    return False


def _as_label(text: str) -> str | None:
    """A bold lead that names a speaker (``Inès Marchetti:``, ``Q.``), not a bold phrase."""
    words = text.strip().rstrip(":").rstrip()
    if words.endswith(".") and len(words.rstrip(".")) <= 2:
        words = words.rstrip(".")  # "Q." and "A."
    if (
        not words
        or len(words) > 48
        or len(words.split()) > 6
        or any(ch in _LABEL_STOPS for ch in words)
        or words.endswith(".")
        or not (words[0].isupper() or (not words[0].isalpha() and words[0].isalnum()))
    ):
        return None
    return label(words)


def _heading_level(style: str) -> int:
    digits = "".join(ch for ch in style if ch.isdigit())
    return int(digits) if digits else 2


def _cells(row) -> list:
    """A row's cells, a merged cell once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _table(table, builder: Builder) -> None:
    rows = [_cells(row) for row in table.rows]
    if rows and all(len(row) == 2 for row in rows):
        _qa_table(rows, builder)
        builder.rule()  # what follows the table is not the last answer's
        return
    for row in rows:
        for cell in row:
            for paragraph in cell.paragraphs:
                _paragraph(paragraph, builder)


def _cell_text(cell) -> list[str]:
    return [text for text in map(_text, cell.paragraphs) if text.strip()]


def _qa_table(rows: list[list], builder: Builder) -> None:
    texts = [[_cell_text(cell) for cell in row] for row in rows]
    heads = [_as_label(cell[0]) if len(cell) == 1 else None for cell in texts[0]]
    header = all(heads) and all(_short(cell) for cell in texts[0])
    body = texts[1:] if header else texts
    # A name is a few words; a question, even one without its question mark, is more.
    labels_first = all(
        len(left) <= 1 and (not left or (len(left[0].split()) <= 4 and _as_label(left[0])))
        for left, _ in body
    )
    if labels_first:
        speaker = None
        for left, right in body:
            speaker = _as_label(left[0]) if left else speaker
            _say(builder, speaker, right)
        return
    asker, answerer = ("Q", "A")
    if header:
        asker, answerer = (_role(heads[0], "Q"), _role(heads[1], "A"))
    for question, answer in body:
        _say(builder, asker, question)
        _say(builder, answerer, answer)


def _say(builder: Builder, speaker: str | None, paragraphs: list[str]) -> None:
    for index, text in enumerate(paragraphs):
        if index == 0:
            builder.turn(speaker, text)
        else:
            builder.paragraph(text)


def _short(cell: list[str]) -> bool:
    return len(cell) == 1 and len(cell[0].split()) <= 5 and not cell[0].rstrip().endswith("?")


def _role(head: str | None, default: str) -> str:
    if head is None:
        return default
    key = head.casefold()
    if key in _QUESTION_WORDS:
        return "Q"
    if key in _ANSWER_WORDS:
        return "A"
    return head
