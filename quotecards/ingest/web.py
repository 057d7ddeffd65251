"""Saved web pages (``.html``, ``.htm``): the article's body, as paragraphs of text.

trafilatura finds the body: navigation, advertisements, related links, comments, scripts, styles
and JSON-LD are left out, entities are decoded (``&ldquo;`` is “, so quotations are found), and
the headline and byline become ``Document.title`` and ``Document.byline``.  It is given the page
as a string and no URL, so it never fetches anything.  The body's structure is kept: each
paragraph, list item and quoted paragraph is a paragraph of the text, a subheading is a ``##``
line (it ends a turn in a Q&A page), and a ``<br>`` is a line break.

A page that holds only ``<cite>``, ``<time>`` and ``<p>`` (perhaps inside one wrapping ``<div>``)
is a Podcasting 2.0 HTML transcript and is read by :mod:`quotecards.ingest.podcast`.
"""

from __future__ import annotations

import re

from quotecards.errors import SourceError
from quotecards.ingest import podcast
from quotecards.ingest.extract import Builder, Extracted, tidy

_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_BLOCKS = ("p", "head", "item", "cell")


def extract(data: bytes, name: str) -> Extracted:
    import lxml.etree
    import lxml.html

    html = _decode(data, name)
    try:
        root = lxml.html.document_fromstring(html)
    except lxml.etree.ParserError:  # nothing but white space or comments
        raise SourceError(
            f"{name}: the page is empty; give a saved article or transcript page"
        ) from None
    transcript = podcast.html_transcript(root)
    if transcript is not None:
        return podcast.extract_html(transcript, name)
    _mark_inline_quotations(root)
    return _article(root, name)


def _mark_inline_quotations(root) -> None:
    """``<q>`` shows its quotation marks through the browser's style sheet, not in its text:
    write them in (“…”, and ‘…’ for a ``<q>`` inside another), so the quotation is found."""
    for quotation in root.iter("q"):
        nested = any(parent.tag == "q" for parent in quotation.iterancestors())
        opening, closing = ("‘", "’") if nested else ("“", "”")
        quotation.text = opening + (quotation.text or "")
        if len(quotation):
            quotation[-1].tail = (quotation[-1].tail or "") + closing
        else:
            quotation.text += closing


def _article(root, name: str) -> Extracted:
    import trafilatura

    found = trafilatura.bare_extraction(
        root,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    body = getattr(found, "body", None)
    if found is None or body is None or not (found.text or "").strip():
        raise SourceError(
            f"{name}: found no article text in this page; save the article's own page "
            "(not a front page or a page that loads its text with JavaScript), or copy its text "
            "into a .txt file"
        )
    title = " ".join((found.title or "").split())
    builder = Builder()
    for element in body.iter(*_BLOCKS):
        if element.tag in ("p", "item", "cell") and _inside(element, _BLOCKS):
            continue  # its words are in the block that holds it
        words = _words(element)
        if element.tag == "head":
            headline = element.get("rend") == "h1" and " ".join(words.split()) in title
            if not headline:  # the headline is metadata ("Headline | Site"), not body text
                builder.heading(words, _level(element))
        else:
            builder.paragraph(words)
    if builder.empty:
        raise SourceError(f"{name}: found no article text in this page")
    return builder.build("web", title, " ".join((found.author or "").split()), certain=False)


def _inside(element, tags: tuple[str, ...]) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())


def _words(element) -> str:
    """An element's text, with trafilatura's ``<lb/>`` as line breaks."""
    for line_break in element.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    return tidy("".join(element.itertext()))


def _level(head) -> int:
    rend = head.get("rend", "h2")
    return int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM), or the character set the page declares."""
    data = _XML_DECLARATION.sub(b"", data, count=1)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared is not None:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise SourceError(
        f"{name}: the page is neither UTF-8 nor in the character set it declares; "
        "re-save it as UTF-8"
    )
