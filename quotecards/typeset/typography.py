"""Typographic clean-up of a quote for display: the characters a typesetter would use, same words.

Only punctuation changes: straight quotes become curly ones, chosen by context; ``--`` becomes an
em dash and a spaced hyphen a spaced en dash; three dots become an ellipsis; runs of white space
become one space.  A letter is never added, removed or changed.
"""

from __future__ import annotations

import re
import unicodedata

from quotecards.fonts import paragraph_direction

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_ELLIPSIS = re.compile(r"\.(?: ?\.){2}")
_EM_DASH = re.compile(r"(?<!-)-{2,3}(?!-)")
_SPACED_HYPHEN = re.compile(r"(?<= )-(?= )")
# Words that begin with an apostrophe standing for dropped letters, not an opening quote.
_ELISIONS = re.compile(r"(?i)(?:tis|twas|em|n|cause|til|round|bout)\b|\d0s\b|\d\d\b")
# After one of these, a quote mark opens; after anything else it closes.
_OPENERS = set(" ([{\u2018\u201c\u2014\u2013-/\u00a0")


def smarten(text: str) -> str:
    """``"Don't..." -- he said`` -> ``“Don’t…” — he said``: display punctuation, same words."""
    text = _SPACES.sub(" ", text).strip()
    text = _ELLIPSIS.sub("\u2026", text)
    text = _EM_DASH.sub("\u2014", text)
    text = _SPACED_HYPHEN.sub("\u2013", text)
    out: list[str] = []
    for i, char in enumerate(text):
        opening = i == 0 or text[i - 1] in _OPENERS
        if char == '"':
            out.append("\u201c" if opening else "\u201d")
        elif char == "'":
            rest = text[i + 1 :]
            elided = _ELISIONS.match(rest) is not None
            starts_word = bool(rest) and rest[0].isalnum()
            out.append("\u2018" if opening and starts_word and not elided else "\u2019")
        else:
            out.append(char)
    return "".join(out)


def for_pull_quote(text: str, marks: tuple[str, str]) -> str:
    """The quote as it stands inside the card's own quotation marks.

    A quote given with its own outer marks loses them, since the card adds them; double marks
    inside it become single ones, as nested quotations alternate.  Only the double marks are
    turned: a single closing mark cannot be told from an apostrophe.
    """
    text = smarten(text)
    opening, closing = marks
    outer = {("\u201c", "\u201d"), ('"', '"'), (opening, closing)}
    if (opening, closing) in _SOURCE_MARKS and (text[:1], text[-1:]) == (opening, closing):
        return text[1:-1].strip()
    if len(text) >= 2 and (text[0], text[-1]) in outer:
        inner = text[1:-1]
        if not any(m in inner for m in (*marks, "\u201c", "\u201d")):
            text = inner.strip()
    if opening in ("\u201c", "\u201e") or closing == "\u201d":
        text = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    return text


# A bracketed capital or small letter at the start of a word, the rest of the word following
# it: the case of a first letter changed to fit the sentence ("[T]he", "[w]e").
_CASE_CHANGE = re.compile(r"(?<![\w\]])\[(\w)\](?=\w)")


def unbracket_case(text: str) -> str:
    """``[T]he model`` -> ``The model``: the card shows a first letter whose case was changed
    without its brackets, as the Chicago Manual of Style (13.16) allows; an inserted word keeps
    them (``[every day]``), and the review file, manifest and alt text keep the edit."""
    return _CASE_CHANGE.sub(r"\1", text)


# Outer marks a source may already use, as (opening, closing): kept when they wrap the quote.
_SOURCE_MARKS = (
    ("\u00ab", "\u00bb"),  # « » French, Russian, Arabic
    ("\u201e", "\u201c"),  # „ “ German, Czech
    ("\u201e", "\u201d"),  # „ ” Polish, Hungarian, Hebrew
    ("\u300c", "\u300d"),  # 「 」 Japanese, traditional Chinese
    ("\u00bb", "\u00ab"),  # » « Danish
)


def _has(text: str, *prefixes: str) -> bool:
    return any(unicodedata.name(c, "").startswith(prefixes) for c in text if ord(c) > 0x2E7F)


def quote_marks(text: str) -> tuple[str, str]:
    """The opening and closing marks a reader of this quote expects, in logical order.

    Marks the source itself wraps the quote in (« », „ “, 「」) are kept.  Otherwise by script:
    Arabic takes guillemets, Hebrew the low-high pair, Japanese corner brackets; Latin, Cyrillic,
    Greek, Chinese and Korean take curly double marks.
    """
    stripped = text.strip()
    for pair in _SOURCE_MARKS:
        if len(stripped) > 2 and stripped.startswith(pair[0]) and stripped.endswith(pair[1]):
            return pair
    if paragraph_direction(text) == "rtl":
        hebrew = any("\u0590" <= c <= "\u05ff" for c in text)
        return ("\u201e", "\u201d") if hebrew else ("\u00ab", "\u00bb")
    if _has(text, "HIRAGANA", "KATAKANA"):
        return ("\u300c", "\u300d")
    return ("\u201c", "\u201d")


def dash_attribution(speaker: str) -> str:
    """``Yann LeCun`` -> ``— Yann LeCun``, the way an attribution line begins."""
    return f"\u2014\u2009{smarten(speaker)}"
