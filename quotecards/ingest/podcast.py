"""Podcasting 2.0 ``<podcast:transcript>`` files: the JSON and the HTML formats.

The layouts are those of the podcast namespace's transcript spec
(Podcastindex-org/podcast-namespace, ``docs/examples/transcripts/transcripts.md``):

- JSON: ``{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}``.  A
  segment may hold a sentence or a single word (the spec's own example is word by word:
  ``"I"``, ``"am"``, ``"your"``, ``"father.\\n"``), so the bodies of one speaker's consecutive
  segments are joined into one turn; a segment without a speaker continues the turn before it
  (or, at the start, is unlabelled).  Keys, times and the version are never speech.
- HTML: ``<cite>`` names the speaker (``<cite>Kevin:</cite>``, if available), ``<time>`` gives the
  start of the monologue, ``<p>`` holds its words.

The extracted text is a transcript of ``Name: words`` paragraphs (``Document.layout``
``podcast-json`` or ``podcast-html``); the JSON is read with the standard library, the HTML with
lxml.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from quotecards.errors import SourceError
from quotecards.ingest.extract import Builder, Extracted, label
from quotecards.ingest.source import decode

# Bodies that join to the word before them with no space ("father" + "." or "n't").
_NO_SPACE_BEFORE = (*".,;:!?)]}’”…%", "'s", "'re", "'ve", "'ll", "'d", "'m", "n't")


def extract(data: bytes, name: str) -> Extracted:
    text = decode(data, name)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{name}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
            "give a Podcasting 2.0 JSON transcript, or the transcript as .txt, .vtt or .srt"
        ) from None
    segments = payload.get("segments") if isinstance(payload, dict) else None
    if not isinstance(segments, list):
        raise SourceError(
            f'{name}: JSON, but not a Podcasting 2.0 transcript (it has no "segments" list); '
            "give a transcript in that format, or as .txt, .vtt or .srt"
        )
    turns = list(_turns(segments, name))
    if not turns:
        raise SourceError(f"{name}: the transcript's segments hold no words")
    builder = Builder()
    for speaker, words in turns:
        builder.turn(speaker, words)
    return builder.build("podcast-json")


def _turns(segments: list, name: str) -> Iterator[tuple[str | None, str]]:
    speaker: str | None = None
    words: list[str] = []
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict) or not isinstance(segment.get("body", ""), str):
            raise SourceError(
                f'{name}: segments[{index}] is not a segment with a "body" text; '
                "check the file against the Podcasting 2.0 transcript format"
            )
        said_by = segment.get("speaker")
        who = label(said_by) if isinstance(said_by, str) else None
        if who is not None and who != speaker:
            if words:
                yield speaker, join(words)
            speaker, words = who, []
        words.append(segment.get("body", ""))
    if words and join(words):
        yield speaker, join(words)


def join(bodies: Iterable[str]) -> str:
    """Segment bodies as running text: a space between words, none before punctuation."""
    out = ""
    for body in bodies:
        piece = " ".join(body.split())
        if not piece:
            continue
        if out and not piece.startswith(_NO_SPACE_BEFORE):
            out += " "
        out += piece
    return out


def html_transcript(root):
    """The element holding a Podcasting 2.0 HTML transcript, or ``None`` for any other page.

    Its element children are only ``<cite>``, ``<time>`` and ``<p>`` (with at least one
    ``<cite>`` or ``<time>``), as the spec lays it out; the body, or a lone ``<div>``,
    ``<main>``, ``<article>`` or ``<section>`` that a publisher wrapped it in.
    """
    body = root.find("body")
    container = body if body is not None else root
    while True:
        elements = [e for e in container if isinstance(e.tag, str)]
        tags = {element.tag for element in elements}
        if tags and tags <= {"cite", "time", "p", "br"} and tags & {"cite", "time"}:
            return container
        if len(elements) != 1 or elements[0].tag not in ("div", "main", "article", "section"):
            return None
        container = elements[0]


def extract_html(container, name: str) -> Extracted:
    """The turns of a transcript found by :func:`html_transcript`."""
    builder = Builder()
    speaker: str | None = None
    opened = False  # whether the speaker's turn has its label in the text yet
    for element in container:
        if element.tag == "cite":
            who = label(element.text_content().strip().rstrip(":"))
            if who != speaker:
                speaker, opened = who, False
        elif element.tag == "p":
            words = _paragraph_text(element)
            if not words.strip():
                continue
            if opened or speaker is None:
                builder.paragraph(words)
            else:
                builder.turn(speaker, words)
                opened = True
    if builder.empty:
        raise SourceError(f"{name}: the transcript's <p> paragraphs hold no words")
    return builder.build("podcast-html")


def _paragraph_text(element) -> str:
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()
