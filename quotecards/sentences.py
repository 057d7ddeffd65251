"""Sentence boundaries with offsets, for transcripts and articles in any language.

Rule-based on purpose: it must be fast on a megabyte of text, deterministic, and easy to reason
about when an editor asks why a quote was cut where it was.
"""

from __future__ import annotations

import re

from quotecards.model import Span

# A boundary: terminal punctuation, any closing quotes or brackets, then white space, then
# something that can open a sentence.  French sets its guillemets off with a space ("« Oui. »"),
# and Spanish opens a question or an exclamation with "¿" or "¡".
_BOUNDARY = re.compile(
    r"""(?P<end>[.?!…]+(?:[ \u00a0\u202f]?»)?["'”’»)\]]*)(?P<gap>\s+)
    (?=(?:[\"'“‘(\[¿¡]|«[ \u00a0\u202f]?)?
    [A-Z0-9\u00C0-\u024F\u0370-\u1FFF\u3000-\u9FFF\uAC00-\uD7AF])""",
    re.VERBOSE,
)
# Chinese and Japanese end a sentence at 。！？ (and a half-width ! or ? between full-width
# characters), any closing quotes or brackets after it belonging to it ("「…です。」"), except
# where a quotative particle goes on ("「はい。」と彼は言った。"); no space follows, nor is needed.
_CJK_BOUNDARY = re.compile(
    r"""(?P<end>(?:[。！？]|(?<=[\u3000-\u9FFF\uFF00-\uFFEF])[!?])[。！？!?]*
        [」』）〉》】”’"')]*+(?!(?<=[」』])[とっ]))
    (?P<gap>\s*)(?=\S)""",
    re.VERBOSE,
)
_CJK_END = re.compile(r"[。！？]")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n a.m p.m inc ltd co corp dept
    gen col lt sgt rev gov sen rep pres mt ft fig al approx est jan feb mar apr jun jul aug sep
    sept oct nov dec""".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split(text: str, span: Span) -> list[Span]:
    """The sentences of ``text[span]``, each trimmed of surrounding white space."""
    pieces: list[Span] = []
    start = span.start
    boundaries = _BOUNDARY.finditer(text, span.start, span.end)
    if _CJK_END.search(text, span.start, span.end):
        both = [*boundaries, *_CJK_BOUNDARY.finditer(text, span.start, span.end)]
        boundaries = iter(sorted(both, key=lambda match: match.start()))
    for match in boundaries:
        if match.start() < start or _is_abbreviation(text, match.start("end"), match.group("end")):
            continue
        pieces.append(Span(start, match.end("end")))
        start = match.end("gap")
    pieces.append(Span(start, span.end))
    return [trimmed for piece in pieces if (trimmed := trim(text, piece)) is not None]


def trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _is_abbreviation(text: str, at: int, punctuation: str) -> bool:
    if punctuation != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, at - 12), at + 1)
    if match is None:
        return False
    word = match.group(1)
    if word.lower() == "no":
        # "No. 5" is a number; "No. We're missing something" is an answer.
        return text[at + 1 : at + 3].strip()[:1].isdigit()
    # "J. Smith": a single capital is an initial, not the end of a sentence.
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
