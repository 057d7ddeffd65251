"""Quotation marks in running text, and who the text says spoke the words between them.

The rule is journalism's: a quotation belongs to whoever the sentence says said it
(``"...," LeCun said``, ``said Dana Whitfield``, ``you said, "..."``).  ``he said`` and ``she
said`` mean the one person the text named just before (a surname of somebody quoted, or a full
name), or with nobody named since, the person last quoted; two people, a name the text never
quoted, or an unnamed speaker in between ("one analyst said") and the pronoun may mean either,
so the quote is ``uncertain``.  ``According to X, ... "..."`` is X's partial quote; a split quote
(``"A," she said. "B."``) and a quote that runs on into the next paragraph keep their speaker.
Anything else is ``uncertain``: we say so rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from quotecards.ingest import names
from quotecards.model import Attribution, Span

_SAY = (
    r"(?:said|says|say|told|tells|tell|wrote|writes|write|added|adds|asked|asks|explained|explains|"
    r"noted|notes|argued|argues|insisted|insists|recalled|recalls|replied|replies|answered|"
    r"answers|continued|continues|declared|declares|remarked|remarks|stated|states|tweeted|"
    r"tweets|posted|posts|warned|warns|joked|jokes|admitted|admits|quipped|quips|concluded|"
    r"concludes|shouted|shouts|whispered|whispers|announced|announces|observed|observes|"
    r"put it|puts it|likes to say|is fond of saying|was fond of saying|has said|had said|"
    r"once said|has written|had written|has argued|said in a statement|told me|told us)"
)
_CAPITALISED = (
    r"[A-Z][\w'’.-]*(?:[ \t]+(?:(?:de|van|von|der|da|di|le|la|bin|al)[ \t]+)?[A-Z][\w'’-]*){0,3}"
)
_PRONOUN = r"(?:he|she|they|I|we|you|He|She|They|We|You)"
_DETERMINER = r"(?:[Tt]he|[Mm]y|[Yy]our|[Hh]is|[Hh]er|[Oo]ur|[Tt]heir|[Aa]n?|[Oo]ne|[Ss]ome)"
_NOUN_PHRASE = rf"(?:{_DETERMINER}[ \t]+(?:[\w'’-]+[ \t]+){{0,2}}[\w'’-]+)"
_WHO = rf"(?:{_PRONOUN}|{_NOUN_PHRASE}|{_CAPITALISED})"
_ADVERB = (
    r"(?:\w+ly[ \t]+|once[ \t]+|later[ \t]+|then[ \t]+|also[ \t]+|has[ \t]+|had[ \t]+|have[ \t]+|"
    r"used[ \t]+to[ \t]+|would[ \t]+|always[ \t]+|often[ \t]+)?"
)

# After a closing mark: ``," LeCun said`` / ``," said LeCun`` / ``," she says``.
_AFTER = re.compile(
    rf"""[ \t]*(?:—[ \t]*)?(?:
        (?P<verb>{_SAY})[ \t]+(?P<who>{_WHO})
      | (?P<who2>{_WHO})[ \t]+{_ADVERB}(?P<verb2>{_SAY})
      | according[ \t]+to[ \t]+(?P<who3>{_WHO})
    )(?![\w'’])(?P<apposition>,[ \t]+(?P<appositive_name>{_CAPITALISED}))?""",
    re.VERBOSE,
)
# Before an opening mark: ``you said, "`` / ``LeCun told the audience: "`` / ``As LeCun put it, "``.
_BEFORE = re.compile(
    rf"""(?:^|(?<=[\s(,;—]))(?P<who>{_WHO})(?:,[ \t]+(?P<appositive_name>{_CAPITALISED}),)?
        [ \t]+{_ADVERB}(?P<verb>{_SAY})
        (?:[ \t]+[\w'’-]+){{0,4}}?[ \t]*[,:]?[ \t]*(?:that[ \t]+)?$""",
    re.VERBOSE,
)
# ``According to Park, the company's users "don't care about the model."``: a partial quotation
# after "according to X," and a few words that do not bring in another speaker.
_ACCORDING = re.compile(
    rf"""(?:^|(?<=[\s(]))[Aa]ccording[ \t]+to[ \t]+(?P<who>{_WHO}),
        (?P<between>(?:[ \t]+[\w'’-]+){{0,6}}?)[ \t]*$""",
    re.VERBOSE,
)
_SAYING = re.compile(rf"\b{_SAY}\b")
_NOT_NAMES = frozenset(
    """it this that these those there the a an and but so or if when while what which who
    in on at as of for to from with by after before then now here i""".split()
)
_OPENER = re.compile('[“"‘«„]')
# Somebody named in running text: capitalised words in a row, a title among them ("Councilman
# Ray Ortiz", "Dr. Ana Ruiz"), or one alone ("Whitfield"), which people_named counts only as
# the surname of somebody known: alone it is as often a month or a place.
_NAMED = re.compile(r"\b[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Cue:
    """What the text says about who spoke: the words naming them and the verb of speaking."""

    who: str
    verb: str
    where: str  # "before" or "after" the quotation
    end: int  # where the cue's words end in the text


@dataclass(frozen=True, slots=True)
class Quotation:
    outer: Span  # with the quotation marks
    content: Span  # the quoted words only
    closed: bool
    cue: Cue | None


@dataclass(frozen=True, slots=True)
class Attributed:
    quotation: Quotation
    speaker: str | None
    attribution: Attribution
    why: str
    continues: bool = False  # the second half of a split quote


def find(text: str, segment: Span) -> list[Quotation]:
    """The quotations in one paragraph, each with the speech cue around it, if any."""
    marks = list(_pairs(text, segment))
    found: list[Quotation] = []
    for index, (outer, content, closed) in enumerate(marks):
        previous_end = marks[index - 1][0].end if index else segment.start
        next_start = marks[index + 1][0].start if index + 1 < len(marks) else segment.end
        found.append(Quotation(outer, content, closed, _cue(text, outer, previous_end, next_start)))
    return found


def attribute(
    text: str,
    segment: Span,
    quotations: list[Quotation],
    resolve: Callable[[Cue, str | None, Span], tuple[str | None, Attribution, str]],
    *,
    carried: str | None = None,
    previous: str | None = None,
    since: int | None = None,
) -> list[Attributed]:
    """Attribute one paragraph's quotations.

    ``resolve(cue, last_speaker, since)`` turns a cue into (speaker, attribution, why); ``since``
    is the text between the last quotation pinned on someone (or the paragraph's start) and this
    one, where somebody else may have been named.  ``carried`` is the speaker of a quotation left
    open at the end of the previous paragraph, when this paragraph opens with a quotation mark (it
    runs on here); ``previous`` is the last person the previous paragraph quoted, whom a ``he
    said`` may refer back to.  In prose, ``since`` starts where the last quotation said by
    someone ended, in an earlier paragraph ("Tobias Rennick said the drills had changed things."
    then '"...," he said.': he is Rennick, not the person quoted before).
    """
    out: list[Attributed] = []
    last: str | None = carried or previous
    since = segment.start if since is None else min(since, segment.start)
    for index, quotation in enumerate(quotations):
        continues = False
        if quotation.cue is not None:
            between = Span(since, max(since, quotation.outer.start))
            speaker, attribution, why = resolve(quotation.cue, last, between)
            # '"A," she said, "but B."': one cue between the halves, read for both.
            continues = bool(index) and _one_cue(text, quotations[index - 1], quotation)
        elif index == 0 and carried is not None:
            speaker, attribution, why = carried, "confident", "runs on from the previous paragraph"
        elif (
            index
            and out[-1].attribution == "confident"
            and _split_quote(text, quotations[index - 1], quotation)
        ):
            speaker, attribution, why = out[-1].speaker, "confident", "continues a split quote"
            continues = True
        else:
            speaker, attribution, why = None, "uncertain", "the text names no one as saying it"
        if attribution == "confident":
            last = speaker
            cue = quotation.cue
            since = max(quotation.outer.end, cue.end if cue is not None else 0)
        elif quotation.cue is not None:
            last = None  # somebody the text does not name spoke: a "she said" may mean them
        out.append(Attributed(quotation, speaker, attribution, why, continues))
    return out


def people_named(text: str, between: Span, known: Iterable[str]) -> list[tuple[str | None, str]]:
    """Who ``between`` names, in order: ``(person, words)`` for a mention of somebody ``known``
    ("Whitfield" -> Dana Whitfield), ``(None, words)`` for a name the text has not quoted yet
    ("Councilman Ray Ortiz").  A lone capitalised word counts only as a known surname: alone it
    is as often a month or a place."""
    people = {name: {w.lower() for w in name.split()} for name in known}

    def who(words: list[str]) -> str | None:
        mine = {_POSSESSIVE.sub("", w).rstrip(".").lower() for w in words}
        matches = [name for name, theirs in people.items() if mine & theirs]
        return matches[0] if len(matches) == 1 else None

    found: list[tuple[str | None, str]] = []
    for match in _NAMED.finditer(text, between.start, between.end):
        words = match.group(0).split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]  # "The Council", "But Ortiz": a sentence's first word
        if len(words) >= 2:
            found.append((who(words), " ".join(words)))
        elif words and (person := who(words)) is not None:
            found.append((person, words[0].rstrip(".")))
    return found


def _one_cue(text: str, previous: Quotation, quotation: Quotation) -> bool:
    """Whether the cue after ``previous`` is the cue before ``quotation``: nothing but a comma
    or a colon stands between the end of the one and the other's opening mark."""
    before, after = previous.cue, quotation.cue
    if before is None or after is None or before.where != "after" or after.where != "before":
        return False
    return not text[before.end : quotation.outer.start].strip(" \t,:")


def _split_quote(text: str, previous: Quotation, quotation: Quotation) -> bool:
    # '"A," she said. "B."': only the first quotation's cue stands between the two.
    # An apposition may follow the cue ('," said Dana Whitfield, the CTO. "B."'), but no other
    # sentence may stand between the two.
    cue = previous.cue
    if cue is None or cue.where != "after":
        return False
    gap = text[cue.end : quotation.outer.start].strip().rstrip(".,;:—").strip()
    return not any(mark in gap for mark in ".?!\n") and len(gap.split()) <= 6


def _cue(text: str, outer: Span, previous_end: int, next_start: int) -> Cue | None:
    after = _AFTER.match(text, outer.end, next_start)
    if after is not None and _introduces_next(text, outer, after.end(), next_start):
        after = None  # 'told me, "A." I said, "B."': "I said" is B's cue, not A's
    if after is not None:
        who = after.group("who") or after.group("who2") or after.group("who3")
        verb = after.group("verb") or after.group("verb2") or "according to"
        appositive = after.group("appositive_name")
        if appositive and re.match(_NOUN_PHRASE + "$", who):
            who = appositive  # '," said the company's CTO, Dana Whitfield'
        if _is_who(who):
            return Cue(_clean_name(who), verb, "after", after.end())
    start = max(previous_end, _sentence_start(text, previous_end, outer.start))
    before = _BEFORE.search(text, start, outer.start)
    if before is not None and _is_who(before.group("who")):
        who = before.group("who")
        if before.group("appositive_name") and re.match(_NOUN_PHRASE + "$", who):
            who = before.group("appositive_name")  # 'My teacher, Ingrid, told us, "'
        return Cue(_clean_name(who), before.group("verb"), "before", outer.start)
    according = _ACCORDING.search(text, start, outer.start)
    if (
        according is not None
        and _is_who(according.group("who"))
        and not _SAYING.search(according.group("between"))
    ):
        return Cue(_clean_name(according.group("who")), "according to", "before", outer.start)
    return None


def _introduces_next(text: str, outer: Span, cue_end: int, next_start: int) -> bool:
    """Whether the words after a finished sentence in quotation marks introduce the next
    quotation ('My doctor told me, "A." I said, "B."') rather than close this one."""
    if next_start >= len(text) or text[next_start] not in '“"‘«„':
        return False
    if text[cue_end:next_start].strip(" \t,:"):
        return False
    content = text[outer.start + 1 : outer.end - 1].rstrip()
    return content.endswith((".", "!", "?"))


def _is_who(who: str) -> bool:
    words = who.split()
    first = words[0].lower()
    if first == "the" and len(words) > 1:
        # "the mayor said": a title may point at the one person who holds it.
        return all(names.fold(word) in names.TITLES for word in words[1:])
    return first not in _NOT_NAMES or words[0] == "I"


def _clean_name(who: str) -> str:
    return " ".join(who.rstrip(".,").split())


def _sentence_start(text: str, floor: int, at: int) -> int:
    for position in range(at - 1, floor - 1, -1):
        if text[position] in ".?!" and position + 1 < at and text[position + 1].isspace():
            return position + 1
    return floor


def may_quote(text: str, segment: Span) -> bool:
    """Whether the paragraph holds an opening quotation mark at all."""
    return _OPENER.search(text, segment.start, segment.end) is not None


def _pairs(text: str, segment: Span) -> Iterator[tuple[Span, Span, bool]]:
    """(outer, content, closed) for each top-level quotation in the paragraph."""
    position, end = segment.start, segment.end
    while (mark := _OPENER.search(text, position, end)) is not None:
        position = mark.start()
        if not _opens(text, position, segment):
            position += 1
            continue
        close = _closing(text, position, end)
        if close is None:
            yield Span(position, end), Span(position + 1, end), False
            return
        yield Span(position, close + 1), Span(position + 1, close), True
        position = close + 1


def _opens(text: str, at: int, segment: Span) -> bool:
    char = text[at]
    before = text[at - 1] if at > segment.start else " "
    after = text[at + 1] if at + 1 < segment.end else " "
    if after.isspace() and char != "«":  # French sets its guillemets off: « Oui »
        return False
    if char in "“«„":
        return True
    # A straight or single mark opens only after a space or an opening bracket or dash; an
    # apostrophe sits between letters ("don't") or after a plural ("peers' views").
    return before.isspace() or before in '([{—–-“"'


def _closing(text: str, opened: int, end: int) -> int | None:
    char = text[opened]
    closers = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’"}[char]
    for position in range(opened + 1, end):
        if text[position] in closers:
            if char == "‘":
                after = text[position + 1] if position + 1 < end else " "
                if after.isalpha():  # an apostrophe inside the quotation
                    continue
            if char == '"' and position + 1 < end and text[position + 1].isalnum():
                continue
            return position
    return None
