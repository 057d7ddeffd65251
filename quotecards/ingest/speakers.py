"""Who is who: labels resolved to people, and what each of them does.

Names: ``Yann LeCun``, ``LeCun``, ``LECUN`` and ``YL`` are one person when the document holds the
full name, in another label or in its header (a participant list, a key such as ``HB: Harold
Baptiste``, the introduction), and exactly one person there matches; a title before a name
("Mayor Teresa Valdez") is the person's role line, not their name.  A numbered or unknown label
("Speaker 1", "Guest", "Dev's iPhone") is a speaker the transcript does not name: their words are
uncertain until the user names them (``speakers={"Speaker 1": "Ana Brasa"}``).

Roles, by what people do: in a Q/A transcript ``Q`` asks; otherwise the speaker whose turns ask
and hand over the floor is the interviewer (two people) or the moderator (a panel, with
panellists); a participant list may say who moderates; somebody not on it, or an audience label,
is ``other``.  Any of it can be overridden.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from quotecards.errors import SourceError
from quotecards.ingest import names
from quotecards.ingest.base import RawTurn
from quotecards.ingest.transcript import is_qa_label
from quotecards.model import Role, Speaker

_PARTICLES = frozenset(
    "de van von der den da di du del della la le bin ibn al ter y dos das".split()
)
_NAME = r"[A-Z][\w'’-]*"
# A word of a name, or an abbreviated title or an initial before it ("Dr.", "Sgt.", "J.").
_ABBREVIATIONS = "|".join(
    re.escape(word[:-1].capitalize())
    for word in sorted(names.TITLES | names.HONORIFICS, key=len, reverse=True)
    if word.endswith(".")
)
_TITLED_NAME = rf"(?:(?:{_ABBREVIATIONS}|[A-Z])\.|[A-Z][\w'’-]*)"
_FULL_NAME = re.compile(
    rf"(?<![\w'’.-])(?:{_TITLED_NAME}[ \t]+(?:(?:de|van|von|der|da|di|le|la|bin|al)[ \t]+)?){{1,4}}"
    rf"{_NAME}"
)
# Words that make a run of capitalised words a place, a body or a title, not a person.
_NOT_PERSON_WORDS = frozenset(
    """city county council university college school institute department ministry street
    road avenue river lake mountain valley vale bridge hall center centre museum library
    hospital company corp inc ltd llc group foundation society association club festival
    times post news radio press journal magazine review books records church court house
    senate congress parliament agency authority board commission committee service office
    market station airport port harbor harbour island bay beach north south east west new
    saint st. fort mount women men fc united team project program programme network alliance
    coalition cooperative co-op farm farms garden gardens kitchen restaurant cafe hotel
    theatre theater studio studios lab labs academy orchestra band prize award awards day
    week year state states republic kingdom empire party ai tv podcast show episode series
    transcript interview conversation panel q&a""".split()
)
# A few lower-case words of description may stand before a full name ("spoke with hydrologist
# Maria Lopez"), never a word that starts a phrase of its own ("spoke with reporters about ...").
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
    rf"^\s*[*_]*(?:By|Interview by|Interviewed by|Reported by)\s+"
    rf"(?P<who>(?:{_NAME}[ \t]+){{0,3}}{_NAME})",
    re.M,
)
_HOSTED_BY = re.compile(
    rf"\b(?:moderated|hosted|chaired|led|presented)\s+by\s+(?P<who>(?:{_TITLED_NAME}[ \t]+){{0,4}}"
    rf"{_NAME})"
)
_LIST_HEADING = re.compile(
    r"^[ \t]*[*_#]*[ \t]*(?:participants|panel(?:l)?ists|panel|speakers|attendees|present|"
    r"in attendance|cast|guests|on the panel|who's who|key|legend)[ \t]*[*_]*[ \t]*:[ \t]*",
    re.IGNORECASE | re.M,
)
# ``HB: Harold Baptiste``, ``HB = Harold Baptiste``, ``HB — Harold Baptiste``.
_KEY = re.compile(
    rf"(?:^|[;,(]|\s)[ \t]*(?P<key>[A-Z]{{1,4}}|[A-Z][a-z]+)[ \t]*(?:=|:|—|–)[ \t]*"
    rf"(?P<name>(?:{_TITLED_NAME}[ \t]+){{1,4}}{_NAME})(?:[ \t]*\((?P<what>[^()\n]{{1,60}})\))?",
    re.M,
)
# Between the entries of a participant list: a line break, a semicolon, or a comma or "and"
# before the next full name ("Lena Fischer (moderator), Ray Briggs and Hedda Lund").
_ENTRY_BREAK = re.compile(r"[;\n]|,\s+(?=(?:and\s+)?[A-Z][\w'’.-]*\s+[A-Z])|\s+and\s+(?=[A-Z])")
_MODERATES = re.compile(r"\b(?:moderat\w*|host|co-host|interviewer|presenter|emcee)\b", re.I)
# What a host does besides asking: introduces people and hands over the floor.
_FLOOR = re.compile(
    r"\b(?:welcome|joining us|let's (?:go|turn|move|start|hear|bring)|over to you|next question|"
    r"questions? from|the floor|go ahead|please welcome|introduce|"
    r"(?:thank you|thanks),? (?:all|both|everyone)|take it away|let me (?:bring|turn|ask)|"
    r"hands? up|unmute)\b",
    re.IGNORECASE,
)
_ANSWERS = re.compile(r"\b(?:interviewee|narrator|guest|subject)\b", re.I)
_AT_PANEL = re.compile(r"\b(?:panel|panell?ists?|moderat\w+|roundtable|town hall|meeting)\b", re.I)


_ARTICLE = re.compile(r"(?:The|A|An)\s")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Person:
    """Somebody the document's header or introduction names in full."""

    name: str
    title: str = ""
    description: str = ""
    key: str = ""  # the initials or short form a key gives them ("HB")
    listed: bool = False  # on a participant list or in a key
    keyed: bool = False  # in a key of initials, which says who is who, not that it is a panel


@dataclass(frozen=True, slots=True)
class Cast:
    """The resolved speakers, and whom each turn label names (``None``: not established)."""

    speakers: tuple[Speaker, ...]
    by_label: dict[str, str | None]
    notes: tuple[str, ...] = ()
    # Labels the transcript does not resolve to a person ("Speaker 1", "A" with two candidates),
    # with what to tell the user.
    unnamed: dict[str, str] = field(default_factory=dict)

    def resolve_name(self, words: str) -> str | None:
        """The speaker a name in running text refers to ("LeCun" -> "Yann LeCun"), if any."""
        key = _fold(words)
        named = set(self.by_label.values())
        for speaker in self.speakers:
            if speaker.name not in named:
                continue
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
    speakers: Mapping[str, str] | None = None,
    name: str = "<text>",
) -> Cast:
    labels = list(dict.fromkeys(" ".join(t.label.split()) for t in turns if t.label))
    given = _given_names(speakers or {}, labels, name)
    if not labels and interviewee is not None:
        # One voice and no labels (a talk's captions): the user says who it is; we never guess.
        person = " ".join(interviewee.split())
        return Cast((Speaker(person, "interviewee"),), {"": person})
    roster = _roster(intro, text)
    if any(is_qa_label(label) for label in labels) and not given.keys() & {
        lab for lab in labels if is_qa_label(lab)
    }:
        return _resolve_qa(labels, text, intro, roster, interviewee, interviewer, given)
    return _resolve_named(turns, labels, text, intro, roster, interviewee, interviewer, given, name)


def _given_names(speakers: Mapping[str, str], labels: list[str], name: str) -> dict[str, str]:
    """The user's ``LABEL=NAME`` pairs, keyed by the label as the transcript writes it."""
    out: dict[str, str] = {}
    by_fold = {_fold(names.display_name(label)): label for label in labels}
    by_fold.update({_fold(label): label for label in labels})
    for label, person in speakers.items():
        found = by_fold.get(_fold(" ".join(label.split())))
        if found is None or not person.strip():
            raise SourceError(
                f"{name}: --speaker {label!r}={person!r}: no turn is labelled {label!r}; its "
                "labels are " + ", ".join(labels)
            )
        out[found] = " ".join(person.split())
    return out


def _resolve_named(
    turns: Sequence[RawTurn],
    labels: list[str],
    text: str,
    intro: str,
    roster: list[Person],
    interviewee: str | None,
    interviewer: str | None,
    given: dict[str, str],
    name: str,
) -> Cast:
    titles: dict[str, str] = {}
    hosts = [label for label in labels if names.is_host_label(label) and label not in given]
    host = _host_named(intro, roster) if len(hosts) == 1 else None
    canonical: dict[str, str] = {}  # every label -> the person or voice it stands for
    unnamed: dict[str, str] = {}
    cleaned = {label: names.split_title(names.display_name(label)) for label in labels}
    full = [c.name for label, c in cleaned.items() if len(_significant(c.name)) > 1]
    full = [f for f in full if not names.is_unnamed(f)]
    for label in labels:
        clean = cleaned[label]
        if label in given:
            canonical[label] = given[label]
            continue
        if host is not None and label in hosts:
            canonical[label] = host  # "Interviewer:" with a byline, "Moderator:" with a list
            continue
        voice = names.is_unnamed(label) or names.is_host_label(label)
        person = None if voice else _match_full_name(clean.name, full)
        person = person or (None if voice else _from_roster(clean.name, roster))
        bare = label.removeprefix("The ")
        if person is None and names.fold(bare) in names.TITLES:
            # "Mayor:" is the one person the text calls the mayor, or a voice it does not name.
            person = titled(text, bare)
            if person is not None:
                titles[person] = bare
            voice = person is None
        if voice:
            canonical[label] = names.display_name(label)
            unnamed[label] = _unnamed_why(label)
            continue
        canonical[label] = person or _display_form(clean.name, text)
        if clean.title:
            titles[canonical[label]] = clean.title
    for person in roster:
        if person.name in canonical.values() and person.title:
            titles.setdefault(person.name, person.title)
    for person, title in _titles_in(text).items():
        if person in canonical.values():
            titles.setdefault(person, title)
    aliases: dict[str, list[str]] = defaultdict(list)
    for label, person in canonical.items():
        if label != person:
            aliases[person].append(label)
    people = list(dict.fromkeys(canonical.values()))

    # An interviewer's turns end in a question; an answer may hold a rhetorical one mid-turn.
    # A host also introduces people and hands over the floor.
    asks: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    for turn in turns:
        person = canonical.get(" ".join(turn.label.split()))
        if person is not None:
            words = text[turn.segments[0].start : turn.segments[-1].end]
            # "?", and the question marks of Chinese and Japanese ("？") and Arabic ("؟").
            ends_asking = words.rstrip(" \t\r\n\"'”’)」』").endswith(("?", "？", "؟"))
            hosting = _FLOOR.search(words) is not None
            density = sum(map(words.count, "?？؟")) / max(1, len(words.split()))
            asks[person].append((ends_asking or hosting, hosting, density))

    def ratio(person: str) -> tuple[float, float, float]:
        asked = asks[person]
        if not asked:
            return (0.0, 0.0, 0.0)
        n = len(asked)
        return (
            sum(a for a, _, _ in asked) / n,
            sum(h for _, h, _ in asked) / n,
            sum(d for _, _, d in asked) / n,
        )

    audience = {canonical[label] for label in labels if names.is_audience(label)}
    listed = {p.name for p in roster if p.listed}
    outsiders = {p for p in people if listed and p not in listed and p not in given.values()}
    outsiders |= audience
    moderators = [
        p.name for p in roster if p.name in people and _MODERATES.search(p.description) and p.listed
    ]
    hosted = _HOSTED_BY.search(text[: turns[0].label_span.start] if turns else "")
    if hosted is not None:
        host = names.split_title(hosted.group("who")).name
        moderators += [p for p in people if _fold(p) == _fold(host)]
    host_labels = [canonical[label] for label in labels if names.is_host_label(label)]

    chosen_interviewer = _pick(interviewer, people, canonical, "--interviewer", name)
    chosen_interviewee = _pick(interviewee, people, canonical, "--interviewee", name)
    answering = {p.name for p in roster if p.name in people and _ANSWERS.search(p.description)}
    if chosen_interviewee is None and len(answering) == 1:
        chosen_interviewee = answering.pop()  # "MD = Margaret Donnelly (interviewee)"
    if chosen_interviewer is None:
        if len(set(moderators)) == 1:
            chosen_interviewer = moderators[0]
        elif len(set(host_labels)) == 1:
            chosen_interviewer = host_labels[0]
    candidates = [p for p in people if p != chosen_interviewee and p not in outsiders]
    if chosen_interviewer is None and len(people) > 1:
        ranked = sorted(candidates, key=lambda p: ratio(p), reverse=True)
        best = ranked[0] if ranked else None
        runner_up = max((ratio(p) for p in people if p != best), default=(0.0, 0.0, 0.0))
        # Only call someone the host when they clearly ask more than the others do.
        if best is not None and ratio(best)[0] > 0 and ratio(best) > runner_up:
            chosen_interviewer = best
        elif chosen_interviewee is not None and len(people) == 2:
            chosen_interviewer = best  # named the one guest of a two-person interview
    guests = [p for p in people if p != chosen_interviewer and p not in outsiders]
    # Several guests: a panel (or a meeting) when a list, the text or their number says so.
    on_list = [p for p in roster if p.listed and not p.keyed]
    panel = chosen_interviewee is None and (
        len(guests) > 2
        or (len(guests) > 1 and (len(on_list) > 2 or _AT_PANEL.search(text) is not None))
    )
    voices = {canonical[label] for label in unnamed}

    def role(person: str) -> Role:
        if person == chosen_interviewer:
            return "moderator" if panel else "interviewer"
        if person in outsiders or (person in voices and len(guests) > 1):
            return "other"  # an audience member, or one unnamed voice among several
        if chosen_interviewee is not None and person != chosen_interviewee:
            return "other"
        return "panellist" if panel else "interviewee"

    speakers = tuple(Speaker(p, role(p), tuple(aliases[p]), titles.get(p, "")) for p in people)
    by_label: dict[str, str | None] = {
        label: (None if label in unnamed else person) for label, person in canonical.items()
    }
    notes = tuple(
        unnamed[label]
        for label in labels
        if label in unnamed and canonical[label] != chosen_interviewer
    )
    return Cast(speakers, by_label, notes, unnamed)


def _host_named(intro: str, roster: list[Person]) -> str | None:
    """Who a lone "Host:"/"Interviewer:"/"Moderator:" label is: the byline's author, or the one
    person a participant list says moderates."""
    byline = _byline(intro)
    if byline is not None:
        return names.split_title(byline).name
    hosting = {p.name for p in roster if p.listed and _MODERATES.search(p.description)}
    return hosting.pop() if len(hosting) == 1 else None


def _unnamed_why(label: str) -> str:
    shown = names.display_name(label)
    what = "a device name, not a person" if names.is_device(label) else "not a name"
    return (
        f"the transcript calls this speaker only ‘{shown}’ ({what}); name them with "
        f'--speaker "{shown}=NAME"'
    )


def _resolve_qa(
    labels: list[str],
    text: str,
    intro: str,
    roster: list[Person],
    interviewee: str | None,
    interviewer: str | None,
    given: dict[str, str],
) -> Cast:
    host = interviewer or _byline(intro) or given.get(_label_for(labels, "Q") or "")
    a_label = _label_for(labels, "A")
    candidates: list[str] = []
    guest = interviewee or given.get(a_label or "")
    if guest is None:
        guest, candidates = _guest_in_intro(intro, text, host)
    by_label: dict[str, str | None] = {}
    speakers: list[Speaker] = []
    unnamed: dict[str, str] = {}
    titles = _titles_in(text)
    for label in labels:
        qa = is_qa_label(label)
        if qa == "Q":
            by_label[label] = host
            speakers.append(
                Speaker(
                    host or label,
                    "interviewer",
                    (label,) if host else (),
                    titles.get(host or "", ""),
                )
            )
        elif qa == "A":
            by_label[label] = guest
            speakers.append(
                Speaker(
                    guest or label,
                    "interviewee",
                    (label,) if guest else (),
                    titles.get(guest or "", ""),
                )
            )
            if guest is None:
                if len(candidates) > 1:
                    unnamed[label] = (
                        f"the introduction names {_listed(candidates)}: say which one answers "
                        f"with --interviewee"
                    )
                else:
                    unnamed[label] = (
                        f"the transcript calls this speaker only ‘{label}’; name them with "
                        "--interviewee"
                    )
        elif label in given:
            by_label[label] = given[label]
            speakers.append(Speaker(given[label], "other"))
        elif names.is_unnamed(label):
            by_label[label] = None
            unnamed[label] = _unnamed_why(label)
            speakers.append(Speaker(names.display_name(label), "other"))
        else:
            person = _from_roster(label, roster) or _display_form(label, text)
            by_label[label] = person
            speakers.append(Speaker(person, "other", (), titles.get(person, "")))
    unique = tuple(dict((s.name, s) for s in speakers).values())
    return Cast(unique, by_label, tuple(unnamed.values()), unnamed)


def _label_for(labels: list[str], qa: str) -> str | None:
    return next((label for label in labels if is_qa_label(label) == qa), None)


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


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
    """``LeCun``, ``LECUN``, ``YL``, ``YANN LECUN`` -> ``Yann LeCun``, when exactly one label
    holds that full name."""
    matches = {person for person in full if _matches(label, person)}
    return matches.pop() if len(matches) == 1 else None


def _matches(label: str, person: str, key: str = "") -> bool:
    folded = _fold(label)
    words = _significant(person)
    if folded == _fold(person) or (key and label == key):
        return True
    if folded in (_fold(words[-1]), _fold(words[0] + " " + words[-1])):
        return True
    if " " not in label and label.isupper() and len(label) <= 4:
        initials = "".join(w[0] for w in words).upper()
        capitals = "".join(c for w in words for c in w if c.isupper())
        return label in (initials, capitals)
    return False


def _from_roster(label: str, roster: list[Person]) -> str | None:
    """The one person of the header or introduction a short label means: by a key, a surname,
    a first name or initials.  Two people that match, and it means neither."""
    keyed = {p.name for p in roster if p.key and p.key == label}
    if len(keyed) == 1:
        return keyed.pop()
    found = {p.name for p in roster if _matches(label, p.name)}
    if not found and " " not in label:
        found = {p.name for p in roster if _fold(label) == _fold(_significant(p.name)[0])}
    return found.pop() if len(found) == 1 else None


def _roster(intro: str, text: str) -> list[Person]:
    """Everybody the header or introduction names in full: a participant list, a key, and the
    full names in its sentences."""
    people: dict[str, Person] = {}

    def add(person: Person) -> None:
        old = people.get(person.name)
        if old is None:
            people[person.name] = person
        else:
            people[person.name] = Person(
                person.name,
                old.title or person.title,
                old.description or person.description,
                old.key or person.key,
                old.listed or person.listed,
                old.keyed or person.keyed,
            )

    for match in _KEY.finditer(intro):
        name = names.split_title(match.group("name"))
        if _is_person(name.name) and match.group("key").isupper():
            what = match.group("what") or ""
            add(Person(name.name, name.title, what, match.group("key"), True, keyed=True))
    for entry in _list_entries(intro):
        add(entry)
    for found in _people_in(intro):
        add(Person(found.name, found.title))
    return list(people.values())


def _list_entries(intro: str) -> list[Person]:
    out: list[Person] = []
    for heading in _LIST_HEADING.finditer(intro):
        rest = intro[heading.end() :]
        block = re.split(r"\n[ \t]*\n", rest, maxsplit=1)[0]
        for piece in _ENTRY_BREAK.split(block):
            piece = piece.strip(" \t*-•·")
            match = re.match(rf"(?P<name>(?:{_TITLED_NAME}[ \t]+){{1,4}}{_NAME})", piece)
            if match is None:
                continue
            name = names.split_title(match.group("name"))
            if not _is_person(name.name):
                continue
            described = piece[match.end() :].strip(" \t,()—–-:")
            out.append(Person(name.name, name.title, described, "", True))
    return out


def _people_in(chunk: str) -> list[names.Name]:
    """The people a stretch of text names in full, titles split off, sentence openers and
    headline words ("Rooftop Honey:") left out."""
    out: list[names.Name] = []
    for match in _FULL_NAME.finditer(chunk):
        after = chunk[match.end() : match.end() + 2]
        if after.startswith(":"):
            continue  # a headline's or a label's words
        before = chunk[max(0, match.start() - 4) : match.start()]
        if _ARTICLE.match(match.group(0)) or _ARTICLE_BEFORE.search(before):
            continue  # "The Depot Hives", "the Harbour Festival": a thing, not a person
        cleaned = names.clean(match.group(0))
        words = cleaned.name.split()
        if len(_significant(cleaned.name)) < 2 and not cleaned.title:
            continue
        if len(words) < 2 and cleaned.title:
            continue  # "Mayor Valdez": a surname; the full form is found elsewhere
        if _is_person(cleaned.name):
            out.append(cleaned)
    return out


def _is_person(name: str) -> bool:
    words = name.split()
    if len(words) < 2 or names.is_generic(name):
        return False
    return not any(_fold(w).rstrip(".,'’s") in _NOT_PERSON_WORDS for w in words) and not any(
        _fold(w) in names.FUNCTION_WORDS for w in words
    )


@functools.lru_cache(maxsize=4)
def _titles_in(text: str) -> dict[str, str]:
    """Each person the text names with a title before their name ("Councilwoman Teresa
    Oduya"), and that title, when the text gives them only one."""
    seen: dict[str, set[str]] = defaultdict(set)
    for match in _FULL_NAME.finditer(text):
        cleaned = names.clean(match.group(0))
        if cleaned.title and _is_person(cleaned.name):
            seen[cleaned.name].add(cleaned.title)
    return {person: titles.pop() for person, titles in seen.items() if len(titles) == 1}


def titled(text: str, title: str) -> str | None:
    """The one person the text names with ``title`` ("the mayor" -> Teresa Valdez), if exactly
    one."""
    key = _fold(title)
    found = {p for p, t in _titles_in(text).items() if _fold(t).endswith(key)}
    return found.pop() if len(found) == 1 else None


def title_of(text: str, person: str) -> str:
    return _titles_in(text).get(person, "")


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


def _guest_in_intro(intro: str, text: str, host: str | None) -> tuple[str | None, list[str]]:
    """The interviewee of a Q/A, when the headline or introduction names exactly one person
    besides the interviewer and the byline, and the people it names when it names several."""
    said = {
        full_form(m.group("who") or m.group("described"), text)
        for m in _INTERVIEW_WITH.finditer(intro)
    }
    said = {s for s in said if _is_person(s) or len(s.split()) == 1}
    if len(said) == 1:
        return names.split_title(said.pop()).name, []
    if len(said) > 1:
        return None, sorted(said)
    byline = _byline(intro)
    excluded = {_fold(n) for n in (host, byline) if n}
    found: list[str] = []
    for match in _FULL_NAME.finditer(intro):
        before = intro[max(0, match.start() - 12) : match.start()]
        if re.search(r"\b(?:about|of|regarding|on)\s+$", before):
            continue  # talked about somebody: not whom the interview is with
        for person in _people_in(match.group(0)):
            if _fold(person.name) not in excluded and person.name not in found:
                found.append(person.name)
    # A surname alone of somebody named in full is the same person.
    if len(found) == 1:
        return found[0], []
    return None, found


def _byline(intro: str) -> str | None:
    match = _BYLINE.search(intro)
    return " ".join(match.group("who").split()) if match else None


def full_form(name: str, text: str) -> str:
    """The longest way the text writes a name that ends like ``name`` ("LeCun" -> "Yann LeCun"),
    or, for a first name alone, the one full name it starts ("Hedda" -> "Hedda Lund");
    titles and sentence openers ("Mayor", "Under") are not part of it.  When the text names two
    people it could mean ("Jo Park", "Al Park"), ``name`` as given (see :func:`namesakes`)."""
    name = " ".join(name.split())
    found = namesakes(name, text)
    return found[0] if len(found) == 1 else name


def namesakes(name: str, text: str) -> list[str]:
    """The people of the text ``name`` may mean: the full forms that end like it (one person when
    each is a longer way of writing the next: "Lee", "Ann Lee", "Mary Ann Lee"), or for a first
    name alone, the full names it starts."""
    name = " ".join(name.split())
    forms = _names_by_last_word(text)
    ending = sorted(
        (f for f in forms.get(name.split()[-1], ()) if f == name or f.endswith(" " + name)),
        key=len,
    )
    if ending:
        chains: list[list[str]] = []  # each: one person's forms, longest first
        for form in reversed(ending):
            chain = next((c for c in chains if c[0] == form or c[0].endswith(" " + form)), None)
            if chain is None:
                chains.append([form])
            else:
                chain.append(form)
        # The longest form seen anywhere but at a sentence's start, else the shortest full one:
        # a sentence's first word may be capitalised only for that ("Later Lena Park").
        clear = _clear_forms(text)
        return [next((f for f in c if f in clear), _shortest_full(c)) for c in chains]
    if " " not in name:
        starting = sorted({f for fs in forms.values() for f in fs if f.split()[0] == name})
        if starting:
            return starting
    return [name]


def _shortest_full(forms: list[str]) -> str:
    full = [f for f in forms if len(f.split()) > 1]
    return full[-1] if full else forms[0]


@functools.lru_cache(maxsize=4)
def _clear_forms(text: str) -> frozenset[str]:
    """The names the text writes somewhere other than at a sentence's start, where a capital
    may be only the sentence's ("Later Lena Park")."""
    found: set[str] = set()
    for match in _FULL_NAME.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()].rstrip(' \t*_"“‘(')
        if before and before[-1] not in ".!?\n:":
            found.add(" ".join(names.clean(match.group(0)).name.split()[-3:]))
    return frozenset(found)


@functools.lru_cache(maxsize=4)
def _names_by_last_word(text: str) -> dict[str, tuple[str, ...]]:
    """Every run of capitalised words in the text that may be a person's name, by its last
    word: one pass per document."""
    found: dict[str, set[str]] = defaultdict(set)
    for match in _FULL_NAME.finditer(text):
        cleaned = names.clean(match.group(0)).name
        words = cleaned.split()
        if not words or (len(words) > 1 and not _is_person(" ".join(words[-3:]))):
            continue
        found[words[-1]].add(" ".join(words[-3:]))
    return {last: tuple(sorted(forms)) for last, forms in found.items()}


def _significant(name: str) -> list[str]:
    words = name.split()
    return [w for w in words if w.lower() not in _PARTICLES] or words


def _fold(words: str) -> str:
    return " ".join(words.split()).casefold().replace("’", "'")
