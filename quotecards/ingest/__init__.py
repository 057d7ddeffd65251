"""Reading sources into a :class:`~quotecards.model.Document`.

One reader per shape finds the turns (``transcript``, ``subtitles``) or the paragraphs (prose);
this module resolves who is who and turns turns and quotations into passages, the one place
where attribution is decided.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from quotecards.errors import SourceError
from quotecards.ingest import extract, layouts, names, quotations, speakers
from quotecards.ingest.base import Reading, paragraphs
from quotecards.ingest.language import detect
from quotecards.ingest.source import read_bytes
from quotecards.model import (
    HOSTS,
    Attribution,
    Document,
    Kind,
    Passage,
    Span,
    Speaker,
    Turn,
)

__all__ = ["describe_layout", "read_source", "read_text"]

_CONTEXT_CHARS = 280
_DETERMINERS = frozenset("The My Your His Her Our Their A An One Some".split())


def read_source(
    path: str | Path,
    *,
    interviewee: str | None = None,
    interviewer: str | None = None,
    speakers: Mapping[str, str] | None = None,
    layout: str | None = None,
    language: str | None = None,
) -> Document:
    """Read a transcript, article or subtitle file, or a Word file, saved web page or podcast
    transcript (whose text is extracted first).  Raises :class:`SourceError` on bad input.

    ``speakers`` names the voices a transcript does not: ``{"Speaker 1": "Ana Brasa"}``.
    ``language`` (a BCP 47 code: "es", "ja") overrides the language detected from the text.
    """
    path = Path(path)
    source = extract.read(path, read_bytes(path))
    if not source.layout:
        return read_text(
            source.text,
            str(path),
            interviewee=interviewee,
            interviewer=interviewer,
            speakers=speakers,
            suffix=path.suffix,
            layout=layout,
            language=language,
        )
    if source.turns is not None:  # the format says who speaks (a podcast transcript)
        reading = Reading(source.layout, "transcript", list(source.turns), source.intro)
        document = _from_turns(source.text, str(path), reading, interviewee, interviewer, speakers)
        document = replace(document, language=language or detect(source.text))
    else:
        document = read_text(
            source.text,
            str(path),
            interviewee=interviewee,
            interviewer=interviewer,
            speakers=speakers,
            layout=layout,
            language=language,
        )
    return replace(document, layout=source.layout, title=source.title, byline=source.byline)


def read_text(
    text: str,
    name: str = "<text>",
    *,
    interviewee: str | None = None,
    interviewer: str | None = None,
    speakers: Mapping[str, str] | None = None,
    suffix: str = "",
    layout: str | None = None,
    language: str | None = None,
) -> Document:
    """Read already-decoded text; offsets in the Document index into ``text`` as given.

    ``layout`` (one of ``layouts.NAMES``, or ``"prose"``) says how to read it; by default it is
    recognised, and ``Document.layout`` says which layout was.  ``Document.language`` is
    ``language`` when given, else detected from the text
    (:func:`quotecards.ingest.language.detect`)."""
    document = _read(text, name, interviewee, interviewer, speakers, suffix, layout)
    found = language or detect(document.text)
    return document if found == document.language else replace(document, language=found)


def _read(
    text: str,
    name: str,
    interviewee: str | None,
    interviewer: str | None,
    speakers: Mapping[str, str] | None,
    suffix: str,
    layout: str | None,
) -> Document:
    if not text.strip():
        raise SourceError(
            f"{name}: the text is empty; give a transcript, article or subtitles file"
        )
    text = text.removeprefix("\ufeff") if text.startswith("\ufeff") else text
    if layout == "prose":
        return _prose(text, name, chosen=True)
    reader = layouts.by_name(layout) if layout else layouts.choose(text, suffix)
    reading = reader.read(text, name)
    if reading is None and layout:
        raise SourceError(f"{name}: found no speaker labels like 'Name: words' (--layout {layout})")
    if reading is None:
        return _prose(text, name, chosen=False)
    return _from_turns(text, name, reading, interviewee, interviewer, speakers)


def _from_turns(
    text: str,
    name: str,
    reading: Reading,
    interviewee: str | None,
    interviewer: str | None,
    given: Mapping[str, str] | None,
) -> Document:
    shape, intro, raw_turns = reading.shape, reading.intro, reading.turns
    if not raw_turns:
        raise SourceError(
            f"{name}: read as {_describe(reading.layout)} but found no speaker turns in it; "
            "label turns like 'Name: words'"
        )
    cast = speakers.resolve(
        raw_turns,
        text,
        intro.of(text) if intro else "",
        interviewee=interviewee,
        interviewer=interviewer,
        speakers=given,
        name=name,
    )
    turns = tuple(
        Turn(
            index,
            raw.label,
            cast.by_label.get(" ".join(raw.label.split())),
            raw.label_span,
            raw.segments,
        )
        for index, raw in enumerate(raw_turns)
    )
    passages: list[Passage] = []
    if intro is not None:
        passages += _quotation_passages(text, paragraphs(text, intro), cast, None, "narrative")
    roles = {s.name: s.role for s in cast.speakers}
    for turn in turns:
        role = roles.get(turn.speaker or names.display_name(turn.label))
        if role not in HOSTS:  # the host's own words are never a pull-quote
            passages.append(_answer(text, turn, turns, cast, role))
        passages += _quotation_passages(text, turn.segments, cast, turn, "reported")
    return Document(
        name,
        text,
        shape,
        cast.speakers,
        turns,
        tuple(passages),
        intro,
        notes=cast.notes,
        layout=reading.layout,
    )


def _describe(layout: str) -> str:
    if layout in layouts.NAMES:
        return layouts.by_name(layout).description
    return extract.DESCRIPTIONS.get(layout, layout)


def describe_layout(document: Document) -> str:
    """One line saying how ``document`` was read, for the command line to print when guessed."""
    return f"{document.source}: read as {_describe(document.layout)} (layout '{document.layout}')"


def _answer(
    text: str, turn: Turn, turns: tuple[Turn, ...], cast: speakers.Cast, role: str | None
) -> Passage:
    if turn.speaker is not None and not turn.label:
        speaker, attribution, why = turn.speaker, "confident", "the only voice, named by the user"
    elif turn.speaker is not None:
        speaker, attribution, why = turn.speaker, "confident", f"turn labelled ‘{turn.label}’"
    elif turn.label:
        speaker, attribution = None, "uncertain"
        why = cast.unnamed.get(" ".join(turn.label.split())) or (
            f"the transcript calls this speaker only ‘{turn.label}’; name them with --speaker"
        )
    else:
        speaker, attribution, why = None, "uncertain", "no speaker label on these lines"
    question = ""
    if turn.index:
        before = turns[turn.index - 1]
        if cast.by_label.get(" ".join(before.label.split())) != turn.speaker or not turn.speaker:
            question = _clip_left(" ".join(" ".join(s.of(text).split()) for s in before.segments))
    return Passage(turn.segments, speaker, "answer", attribution, why, question, turn.index)  # type: ignore[arg-type]


def _quotation_passages(
    text: str, segments: Sequence[Span], cast: speakers.Cast, turn: Turn | None, kind: Kind
) -> list[Passage]:
    if not any(quotations.may_quote(text, segment) for segment in segments):
        return []  # most turns quote nobody: no need to set up who might be quoted
    roles = {s.name: s.role for s in cast.speakers}
    turn_role = roles.get(turn.speaker or turn.label) if turn is not None else None
    named = set(cast.by_label.values())
    interviewee = next(
        (s.name for s in cast.speakers if s.role == "interviewee" and s.name in named), None
    )
    interviewer = next((s.name for s in cast.speakers if s.role in HOSTS and s.name in named), None)

    def resolve(
        cue: quotations.Cue, last: str | None, since: Span
    ) -> tuple[str | None, Attribution, str]:
        said = f"‘{cue.who} {cue.verb}’"
        words = cue.who.split()
        # "You've said", "In your book you say": the pronoun is who speaks.
        pointed = len(words) == 1 or words[0].capitalize() in _DETERMINERS
        who = names.pronoun(words[-1]) if pointed else None
        who = who or cue.who.lower()
        if who == "you" and turn is not None:
            target = interviewee if turn_role in HOSTS else interviewer
            if target is not None and (turn_role in HOSTS or turn.speaker == interviewee):
                return target, "confident", f"{said} in {turn.speaker or turn.label}’s turn"
            return None, "uncertain", f"{said}, and the text does not say who ‘you’ is"
        if who == "i" and turn is not None and turn.speaker is not None:
            return turn.speaker, "confident", f"{said} in {turn.speaker}’s own turn"
        if who in ("he", "she") and turn is None:
            # Journalism's convention: the pronoun means the person just named ("Whitfield said
            # the work starts in March. '...,' she said."), or with nobody named since, the last
            # person quoted.  Two people, or one the text never quoted, and it may mean either.
            named = quotations.people_named(text, since, quoted)
            people = {person for person, _ in named}
            if len(people) == 1 and None not in people:
                person = named[-1][0]
                return person, "confident", f"{said} refers to {person}, named just before"
            if named:
                return None, "uncertain", f"{said} may mean {named[-1][1]}, named before it"
            if last is not None:
                return last, "confident", f"{said} refers back to {last}"
        if who in ("he", "she", "they", "we", "you", "i", "it", "one"):
            return None, "uncertain", f"{said}, and the text does not say who ‘{cue.who}’ is"
        if words[0].lower() == "the" and len(words) > 1:
            # "the mayor said": the one person the text names with that title, if only one.
            person = speakers.titled(text, " ".join(words[1:]))
            if person is not None and names.split_title(" ".join(words[1:]) + " X").title:
                return person, "confident", f"{said}: {person} is the only {' '.join(words[1:])}"
        if cue.who[0].islower() or words[0] in _DETERMINERS or names.is_generic(cue.who):
            return None, "uncertain", f"{said}: the speaker is not named"
        bare = names.clean(cue.who).name
        if not bare or names.is_generic(bare) or _common_word(bare, text):
            return None, "uncertain", f"{said}: ‘{cue.who}’ is not a person’s name"
        person = cast.resolve_name(bare)
        if person is None:
            found = speakers.namesakes(bare, text)
            if len(found) > 1:
                return None, "uncertain", f"{said} may mean {' or '.join(found[:3])}"
            person = found[0]
        return person, "confident", said

    out: list[Passage] = []
    carried: str | None = None
    previous: str | None = None
    since: int | None = None  # prose: where the last quotation with a cue (said X) ended
    quoted: set[str] = {s.name for s in cast.speakers}  # everybody the text has named so far
    for segment in segments:
        found = quotations.find(text, segment)
        opens = bool(found) and found[0].outer.start == segment.start
        attributed = quotations.attribute(
            text,
            segment,
            found,
            resolve,
            carried=carried if opens else None,
            previous=previous,
            since=since if turn is None else None,
        )
        carried = None
        for item in attributed:
            cue = item.quotation.cue
            if cue is not None or item.attribution == "confident":
                since = max(item.quotation.outer.end, cue.end if cue is not None else 0)
            content = item.quotation.content
            trimmed = _trim(text, content)
            if trimmed is None:
                continue
            context = _clip_left(" ".join(segment.of(text).split()))
            out.append(
                Passage(
                    (trimmed,),
                    item.speaker,
                    kind,
                    item.attribution,
                    item.why,
                    context,
                    turn.index if turn else None,
                    continues=item.continues,
                )
            )
            if item.attribution == "confident" and item.speaker is not None:
                previous = item.speaker
                quoted.add(item.speaker)
            elif item.quotation.cue is not None:
                previous = None  # an unnamed speaker: a "she said" after it may mean them
            if not item.quotation.closed:
                carried = item.speaker if item.attribution == "confident" else None
    return out


def _common_word(word: str, text: str) -> bool:
    """A single capitalised word the text also writes in lower case ("People say" beside "when
    people say") is a common noun, not a name."""
    if " " in word:
        return False
    return re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w'’-])", text) is not None


def _prose(text: str, name: str, *, chosen: bool) -> Document:
    cast = speakers.Cast((), {})
    passages = _quotation_passages(
        text, paragraphs(text, Span(0, len(text))), cast, None, "narrative"
    )
    if not passages and chosen:
        raise SourceError(f'{name}: found no quotations in this prose ("...," said Name)')
    if not passages:
        raise SourceError(
            f"{name}: found no speaker labels and no quotations; tried the layouts "
            f"{layouts.tried()} and prose ('\"...,\" said Name'); label each turn like "
            "'Name: words', or give .vtt/.srt subtitles"
        )
    quoted = list(dict.fromkeys(p.speaker for p in passages if p.speaker is not None))
    people = tuple(
        Speaker(person, "other", (), speakers.title_of(text, person)) for person in quoted
    )
    return Document(name, text, "prose", people, (), tuple(passages), None, layout="prose")


def _trim(text: str, span: Span) -> Span | None:
    """A quotation's words without the comma or space that stands before its closing mark."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Span(start, end) if start < end else None


def _clip_left(text: str) -> str:
    """The end of a long context (a question's last words matter most)."""
    if len(text) <= _CONTEXT_CHARS:
        return text
    cut = text[-_CONTEXT_CHARS:]
    return "…" + cut[cut.find(" ") + 1 :]
