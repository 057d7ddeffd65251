"""What a person's name is, and what only looks like one.

One place for the words that decide it: titles and honorifics stand before a name and are not
part of it ("Mayor Teresa Valdez" is Teresa Valdez, the mayor); pronouns and contractions
("You've", "I'd"), sentence openers ("Under Kinsella", "After the vote"), generic nouns
("People", "Critics") and document fields ("Date", "PARTICIPANTS") are never anybody; numbered
and unknown labels ("Speaker 1", "Unknown Speaker", "Guest") and device names ("Dev's iPhone")
are somebody the text does not name; a meeting's pronoun tag ("Keisha Morgan (she/her)") is not
part of a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that stand before a name as a title or a job ("Mayor", "Reporter"), folded: the
# person's role line, never part of their name.
TITLES = frozenset(
    """mayor councilwoman councilman councillor councilor councilmember alderman alderwoman
    senator sen. representative rep. congresswoman congressman assemblywoman assemblyman
    governor gov. president vice chair chairwoman chairman chairperson commissioner minister
    secretary ambassador chancellor dean provost principal superintendent treasurer
    professor prof. dr. dr doctor judge justice magistrate sheriff deputy chief inspector
    detective officer sergeant sgt. lieutenant lt. captain capt. colonel col. general gen.
    admiral commander coach chef nurse pastor reverend rev. father bishop rabbi imam cantor
    sister brother elder trustee director state city county federal assistant acting former
    interim prime first lady lord dame sir
    reporter correspondent columnist editor photographer author writer novelist poet
    historian economist engineer architect planner designer artist musician singer actor
    farmer beekeeper scientist researcher lawyer attorney activist founder owner manager
    producer presenter host anchor curator librarian teacher student""".split()
)
# Polite forms of address: dropped, never a role.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. mx mx. miss mister madam".split())
# Capitalised only because they open a sentence or a heading: never part of a name.
FUNCTION_WORDS = frozenset(
    """a an the this that these those some any each every no all both either neither
    i you he she it we they me him her us them my your his its our their mine yours
    i'd i'm i've i'll you've you'd you're you'll we've we'd we're we'll they've they'd they're
    he'd he's she'd she's it's that's there's here's let's
    and but or nor so yet for if when while as because since though although unless until
    after before during under over above below between among through throughout across
    about against along around at by from in into of off on onto out to toward towards upon
    with within without beyond behind beside besides near past via per like unlike
    then now today tonight yesterday tomorrow still also even just only yes no not well oh
    okay ok please thanks thank hello hi hey dear sure right look listen so-called
    what who whom whose which where why how whatever whoever however
    there here again once twice last next first second third finally meanwhile instead
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    is are was were be been being has have had do does did will would can could should must
    shall might later earlier soon eventually afterwards afterward recently lately ultimately
    originally initially first-time sometimes often never always usually
    inside outside upstairs downstairs downtown nearby elsewhere overall""".split()
)
# Nouns for people that name nobody: "People say", "Critics said", "Mom told me".
GENERIC = frozenset(
    """people person persons everyone everybody someone somebody anyone anybody nobody noone
    others other many most few several folks critics officials experts residents neighbors
    neighbours locals analysts economists scientists researchers doctors nurses parents
    teachers students kids children women men girls boys friends fans supporters opponents
    police authorities witnesses observers historians activists voters skeptics sceptics
    advocates users customers staff workers employees engineers officers leaders members
    farmers beekeepers journalists reporters readers viewers listeners sources insiders
    spokesperson spokeswoman spokesman representatives mom mum dad mother father grandma
    grandpa grandmother grandfather nana granny auntie aunt uncle sister brother son daughter
    wife husband partner boss colleague colleagues everyone's somebody's
    audience crowd public government company council committee board court team staff
    administration department agency police""".split()
)
# Fields of a document's header, keys of data formats and boilerplate: never a speaker.
FIELDS = frozenset(
    """note notes editor's editors editor update updated correction corrections photo
    photograph photos source sources disclosure transcript transcription related warning
    example date time location subject caption credit credits image video audio listen read
    watch tags tag topics topic summary background context ps p.s important tip tldr also edit
    edited participants participant attendees present absent apologies panel panelists
    panellists speakers cast key legend recorded recording duration length runtime episode
    season show title headline byline dateline venue place event meeting agenda minutes
    keywords language format filename file id start end timestamp body type version
    copyright advertisement sponsored share follow subscribe contents index chapter part
    section appendix footnote q&a interview""".split()
)
_PRONOUN_TAG = re.compile(
    r"\s*\(\s*(?:she|he|they|ze|xe|zie|it|any|e|fae|ey)\s*/\s*[a-z]+(?:\s*/\s*[a-z]+)*\s*\)\s*$",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"(?:^|['’]s\s+)(?:i?Phone|iPad|Android|Galaxy\b.*|Pixel\b.*|MacBook(?:\s+(?:Pro|Air))?|"
    r"Laptop|PC|Desktop|Computer|Mac|Tablet|Chromebook|Surface\b.*|Conference Room.*|Room\s*\d*|"
    r"Zoom Room.*|Call-?in User.*|Phone User.*)\s*\d*$",
    re.IGNORECASE,
)
_UNNAMED = re.compile(
    r"(?:(?:unknown|unidentified|new|other)\s+)?(?:speaker|participant|voice|caller|attendee|"
    r"person|guest|user|audience(?:\s+member)?|member of the audience|questioner|man|woman|"
    r"interviewee|respondent|panel(?:l)?ist)(?:\s*#?\s*\d+|\s+[A-Z])?|(?:speaker|participant)"
    r"\s*\d+|unknown|unidentified|inaudible|crosstalk|multiple speakers|all|several|group|crowd|"
    r"everyone|everybody|both|together|chorus|audience",
    re.IGNORECASE,
)
_AUDIENCE = re.compile(
    r"(?:audience(?:\s+member)?|member of the audience|questioner|caller|attendee)\b",
    re.IGNORECASE,
)
_HOST = re.compile(r"(?:host|co-?host|moderator|interviewer|presenter|anchor|chair)\s*\d*$", re.I)
_CONTRACTION = re.compile(r"['’](?:ve|d|m|ll|re|s)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Name:
    """A name as the text gives it, split into the person's name and the title before it."""

    name: str
    title: str = ""


def fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def split_title(words: str) -> Name:
    """``"Mayor Teresa Valdez"`` -> Name("Teresa Valdez", "Mayor"); honorifics are dropped."""
    parts = words.split()
    title: list[str] = []
    while len(parts) > 1 and (fold(parts[0]) in TITLES or fold(parts[0]) in HONORIFICS):
        if fold(parts[0]) not in HONORIFICS:
            title.append(parts[0])
        parts = parts[1:]
    # "Vice President" keeps both words; "Sister" alone before one name is a title only when a
    # name follows it.
    return Name(" ".join(parts), " ".join(title))


def strip_openers(words: str) -> str:
    """``"Under Kinsella"`` -> ``"Kinsella"``: capitalised words that open a sentence go."""
    parts = words.split()
    while parts and (fold(parts[0]) in FUNCTION_WORDS or _CONTRACTION.search(parts[0])):
        parts = parts[1:]
    return " ".join(parts)


def clean(words: str) -> Name:
    """A run of capitalised words as a name: sentence openers and generic nouns before it go
    ("Under Kinsella", "Residents Ann Lee"), a title is split off ("Mayor Teresa Valdez")."""
    parts = strip_openers(words).split()
    while len(parts) > 1 and fold(parts[0]) in GENERIC and fold(parts[0]) not in TITLES:
        parts = parts[1:]
    return split_title(" ".join(parts))


def pronoun(word: str) -> str | None:
    """``"You've"`` -> ``"you"``, ``"I'd"`` -> ``"i"``; ``None`` when ``word`` is no pronoun."""
    base = _CONTRACTION.sub("", fold(word.strip()))
    return base if base in {"i", "you", "he", "she", "we", "they", "it", "one"} else None


def is_generic(words: str) -> bool:
    """Whether ``words`` name nobody: a pronoun, a generic noun, a field, an opener alone."""
    parts = [fold(p).strip(".,") for p in words.split()]
    if not parts:
        return True
    if len(parts) == 1 and (pronoun(parts[0]) is not None or parts[0] in FUNCTION_WORDS):
        return True
    return parts[-1] in GENERIC or parts[0] in GENERIC or " ".join(parts) in FIELDS


def is_field(label: str) -> bool:
    parts = fold(label).split()
    return bool(parts) and (" ".join(parts) in FIELDS or parts[0] in FIELDS)


def display_name(label: str) -> str:
    """A meeting's display name without its pronoun tag: ``Keisha Morgan (she/her)`` -> the name."""
    return _PRONOUN_TAG.sub("", label).strip()


def is_device(label: str) -> bool:
    """``Dev's iPhone``, ``iPad``, ``Conference Room 2``: a device, not a person."""
    return _DEVICE.search(display_name(label)) is not None


def is_unnamed(label: str) -> bool:
    """``Speaker 1``, ``Speaker3``, ``Unknown Speaker``, ``Guest``, ``Audience Member``: a voice
    the transcript does not name (a device name is one too)."""
    label = display_name(label)
    return _UNNAMED.fullmatch(label.strip()) is not None or is_device(label)


def is_audience(label: str) -> bool:
    return _AUDIENCE.match(display_name(label).strip()) is not None


def is_host_label(label: str) -> bool:
    """``Host``, ``Moderator``, ``Interviewer``: a label that says what somebody does."""
    return _HOST.fullmatch(display_name(label).strip()) is not None
