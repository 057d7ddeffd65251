"""Who is who: labels resolved to people, and who asks the questions.

Aliases: ``Yann LeCun``, ``LeCun``, ``LECUN`` and ``YL`` are one person when the document holds
the full name.  Roles: in a Q/A transcript ``Q`` asks; otherwise the speaker whose turns are most
often questions is the interviewer.  Either can be overridden.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from quotecards.errors import SourceError
from quotecards.ingest.base import RawTurn
from quotecards.ingest.transcript import is_qa_label
from quotecards.model import Role, Speaker

_PARTICLES = frozenset(
    "de van von der den da di du del della la le bin ibn al ter y dos das".split()
)
_NAME = r"[A-Z][\w'’-]*"
_FULL_NAME = re.compile(rf"(?<![\w'’-])(?:{_NAME}[ \t]+){{1,3}}{_NAME}")
# Phrases in an introduction that say whom the interview is with.
# A few lower-case words of description may stand before a full name ("spoke with hydrologist
# Maria Lopez", "interviewed the retired engineer Ann Lee"), never a word that starts a phrase of
# its own ("spoke with reporters about Maria Lopez" names nobody).
_DESCRIPTION = (
    r"(?:(?:the|a|an)\s+)?(?:(?!(?:about|with|for|on|in|at|to|from|and|or|but|who|whom|that|"
    r"which|of|by|as|after|before|over|under|near|during)\b)[a-z][\w-]*\s+){1,3}"
)
_INTERVIEW_WITH = re.compile(
    r"\b(?:sat down with|spoke with|spoke to|talked with|talked to|interviewed|"
    r"conversation with|interview with|caught up with|met with|Q&A with|chat with)\s+"
    rf"(?:(?P<who>(?:{_NAME}[ \t]+){{0,3}}{_NAME})|{_DESCRIPTION}"
    rf"(?P<described>(?:{_NAME}[ \t]+){{1,3}}{_NAME}))"
    # "with Ann Lee and Bo Chen" names two people: not the one interviewee a Q/A needs.
    r"(?![\w'’-]|[ \t]+[A-Z]|,?[ \t]+and[ \t]+[A-Z])"
)
_BYLINE = re.compile(
    rf"^\s*[*_]*(?:By|Interview by)\s+(?P<who>(?:{_NAME}[ \t]+){{0,3}}{_NAME})", re.M
)


@dataclass(frozen=True, slots=True)
class Cast:
    """The resolved speakers, and whom each turn label names (``None``: not established)."""

    speakers: tuple[Speaker, ...]
    by_label: dict[str, str | None]

    def resolve_name(self, words: str) -> str | None:
        """The speaker a name in running text refers to ("LeCun" -> "Yann LeCun"), if any."""
        key = _fold(words)
        for speaker in self.speakers:
            if key == _fold(speaker.name) or key in (_fold(a) for a in speaker.aliases):
                return speaker.name
            if key == _fold(_significant(speaker.name)[-1]):
                return speaker.name
        return None


def resolve(
    turns: Sequence[RawTurn],
    text: str,
    intro: str,
    *,
    interviewee: str | None = None,
    interviewer: str | None = None,
    name: str = "<text>",
) -> Cast:
    labels = list(dict.fromkeys(" ".join(t.label.split()) for t in turns if t.label))
    if not labels and interviewee is not None:
        # One voice and no labels (a talk's captions): the user says who it is; we never guess.
        person = " ".join(interviewee.split())
        return Cast((Speaker(person, "interviewee"),), {"": person})
    if any(is_qa_label(label) for label in labels):
        return _resolve_qa(labels, text, intro, interviewee, interviewer)
    return _resolve_named(turns, labels, text, interviewee, interviewer, name)


def _resolve_named(
    turns: Sequence[RawTurn],
    labels: list[str],
    text: str,
    interviewee: str | None,
    interviewer: str | None,
    name: str,
) -> Cast:
    full = [label for label in labels if len(_significant(label)) > 1]
    canonical: dict[str, str] = {}
    for label in labels:
        canonical[label] = _match_full_name(label, full) or _display_form(label, text)
    aliases: dict[str, list[str]] = defaultdict(list)
    for label, person in canonical.items():
        if label != person:
            aliases[person].append(label)
    people = list(dict.fromkeys(canonical.values()))

    # An interviewer's turns end in a question; an answer may hold a rhetorical one mid-turn.
    questions: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    for turn in turns:
        person = canonical.get(" ".join(turn.label.split()))
        if person is not None:
            words = text[turn.segments[0].start : turn.segments[-1].end]
            # "?", and the question marks of Chinese and Japanese ("？") and Arabic ("؟").
            ends_asking = words.rstrip(" \t\r\n\"'”’)」』").endswith(("?", "？", "؟"))
            density = sum(map(words.count, "?？؟")) / max(1, len(words.split()))
            questions[person].append((ends_asking, density))

    def ratio(person: str) -> tuple[float, float]:
        asked = questions[person]
        if not asked:
            return (0.0, 0.0)
        return (sum(a for a, _ in asked) / len(asked), sum(d for _, d in asked) / len(asked))

    chosen_interviewer = _pick(interviewer, people, canonical, "--interviewer", name)
    chosen_interviewee = _pick(interviewee, people, canonical, "--interviewee", name)
    if chosen_interviewer is None and len(people) > 1:
        ranked = sorted(
            (p for p in people if p != chosen_interviewee), key=lambda p: ratio(p), reverse=True
        )
        best = ranked[0] if ranked else None
        runner_up = max((ratio(p) for p in people if p != best), default=(0.0, 0.0))
        # Only call someone the interviewer when they clearly ask more than the others do.
        if best is not None and ratio(best)[0] > 0 and ratio(best) > runner_up:
            chosen_interviewer = best
        elif chosen_interviewee is not None and len(people) == 2:
            chosen_interviewer = best  # named the one guest of a two-person interview

    def role(person: str) -> Role:
        if person == chosen_interviewer:
            return "interviewer"
        if chosen_interviewee is not None and person != chosen_interviewee:
            return "other"
        return "interviewee"

    speakers = tuple(Speaker(p, role(p), tuple(aliases[p])) for p in people)
    return Cast(speakers, dict(canonical))


def _resolve_qa(
    labels: list[str], text: str, intro: str, interviewee: str | None, interviewer: str | None
) -> Cast:
    guest = interviewee or _named_in_intro(intro, text)
    host = interviewer or _byline(intro)
    by_label: dict[str, str | None] = {}
    speakers: list[Speaker] = []
    for label in labels:
        qa = is_qa_label(label)
        if qa == "Q":
            by_label[label] = host
            speakers.append(Speaker(host or label, "interviewer", (label,) if host else ()))
        elif qa == "A":
            by_label[label] = guest
            speakers.append(Speaker(guest or label, "interviewee", (label,) if guest else ()))
        else:
            by_label[label] = _display_form(label, text)
            speakers.append(Speaker(by_label[label] or label, "other"))
    unique = tuple(dict((s.name, s) for s in speakers).values())
    return Cast(unique, by_label)


def _pick(
    wanted: str | None, people: list[str], canonical: dict[str, str], option: str, name: str
) -> str | None:
    if wanted is None:
        return None
    key = _fold(wanted)
    for label, person in canonical.items():
        if key in (_fold(label), _fold(person), _fold(_significant(person)[-1])):
            return person
    raise SourceError(
        f"{name}: {option} {wanted!r} names nobody in the transcript; its speakers are "
        + ", ".join(people)
    )


def _match_full_name(label: str, full: list[str]) -> str | None:
    """``LeCun``, ``LECUN``, ``YL``, ``YANN LECUN`` -> ``Yann LeCun``, when that label exists."""
    key = _fold(label)
    for person in full:
        words = _significant(person)
        if key == _fold(person) or key in (_fold(words[-1]), _fold(words[0] + " " + words[-1])):
            return person
        if label.isupper() and len(label) <= 4 and " " not in label:
            initials = "".join(w[0] for w in words).upper()
            capitals = "".join(c for w in words for c in w if c.isupper())
            if label in (initials, capitals):
                return person
    return None


def _display_form(label: str, text: str) -> str:
    """A label's name as the text writes it in mixed case (``LECUN`` -> ``LeCun``) if it does."""
    if not label.isupper():
        return label
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, label.split())) + r"(?!\w)", re.I)
    for match in pattern.finditer(text):
        found = match.group(0)
        if not found.isupper():
            return " ".join(found.split())
    if len(label) <= 3:  # initials stay initials
        return label
    return " ".join(word.capitalize() for word in label.split())


def _named_in_intro(intro: str, text: str) -> str | None:
    """The interviewee, when the introduction names exactly one person it talked with."""
    names = {
        full_form(m.group("who") or m.group("described"), text)
        for m in _INTERVIEW_WITH.finditer(intro)
    }
    return names.pop() if len(names) == 1 else None


def _byline(intro: str) -> str | None:
    match = _BYLINE.search(intro)
    return " ".join(match.group("who").split()) if match else None


def full_form(name: str, text: str) -> str:
    """The longest way the text writes a name that ends like ``name`` ("LeCun" -> "Yann LeCun")."""
    name = " ".join(name.split())
    forms = _names_by_last_word(text).get(name.split()[-1], ())
    return max((f for f in forms if f.endswith(name)), key=len, default=name)


@functools.lru_cache(maxsize=4)
def _names_by_last_word(text: str) -> dict[str, tuple[str, ...]]:
    """Every run of capitalised words in the text, by its last word: one pass per document."""
    found: dict[str, set[str]] = defaultdict(set)
    for match in _FULL_NAME.finditer(text):
        words = match.group(0).split()
        found[words[-1]].add(" ".join(words[-3:]))
    return {last: tuple(sorted(forms)) for last, forms in found.items()}


def _significant(name: str) -> list[str]:
    words = name.split()
    return [w for w in words if w.lower() not in _PARTICLES] or words


def _fold(words: str) -> str:
    return " ".join(words.split()).casefold().replace("’", "'")
