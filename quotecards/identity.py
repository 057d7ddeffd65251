"""Who a card is from and who is on it: the one place where they are settled.

**The publication.**  Its name, its ``handle`` ("@examplereview") and a source line ("From our
interview, December 2026") come from a brand file's ``name`` and ``handle`` (the defaults), the
project file (top level, then each ``[[source]]``), a review file, and the command line
(``--publication``, ``--handle``, ``--source-line``): each one given wins over those before it.

**The speakers.**  A project or review file gives a speaker a profile in a table of their own::

    [speakers."Yann LeCun"]
    photo = "people/lecun.jpg"        # relative to the file; inside its project
    role = "Chief AI Scientist, Meta"  # the line under the name, unless a role is given
    focus = [0.5, 0.3]                 # the point of the photo to keep in view (x, y from 0 to 1)

The same ``speakers`` table names the voices a transcript does not (``"Speaker 1" = "Ana
Brasa"``): a string is a label's name, a table is a speaker's profile.  ``render --photo`` gives
the photo of the speaker of the top quote (:func:`with_photo`).  :func:`card_text` makes what a
card says from a quote and all of this.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotecards.errors import QuotecardsError
from quotecards.suggest import did_you_mean

if TYPE_CHECKING:
    from quotecards.brand import Brand
    from quotecards.typeset.layout import CardText, SpeakerPhoto

PROFILE_KEYS = ("photo", "role", "focus")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
FOCUS_HINT = "give two numbers from 0 to 1, across and down the photo"


class ProfileError(QuotecardsError):
    """A ``speakers`` table, or a value in a speaker's profile, that cannot be used.

    ``speaker`` and ``key`` say where, for the reader of the file to put a line number to."""

    def __init__(self, problem: str, speaker: str = "", key: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.speaker = speaker
        self.key = key


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose card it is: the publication's name, its handle, and the source line."""

    publication: str = ""
    handle: str = ""
    source_line: str = ""

    def over(self, base: Identity) -> Identity:
        """These settings where given, else ``base``'s."""
        return Identity(
            self.publication or base.publication,
            self.handle or base.handle,
            self.source_line or base.source_line,
        )

    @classmethod
    def of(cls, brand: Brand | None) -> Identity:
        """A brand file's defaults: its ``name`` and ``handle``."""
        return cls(brand.name, brand.handle) if brand is not None else cls()


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """A speaker's profile as a project or review file writes it: ``photo`` relative to that
    file, ``focus`` None where it is not given.  A review file writes it back as it is."""

    name: str
    photo: str = ""
    role: str = ""
    focus: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A speaker's profile, checked: the role line, the photo's resolved path and its focus
    (None: the default, upper centre)."""

    role: str = ""
    photo: Path | None = None
    focus: tuple[float, float] | None = None

    def over(self, base: Profile) -> Profile:
        """This profile's settings where given, else ``base``'s."""
        return Profile(
            self.role or base.role,
            self.photo or base.photo,
            self.focus if self.focus is not None else base.focus,
        )

    def speaker_photo(self) -> SpeakerPhoto | None:
        from quotecards.typeset.layout import SpeakerPhoto

        if self.photo is None:
            return None
        if self.focus is None:
            return SpeakerPhoto(self.photo)
        return SpeakerPhoto(self.photo, self.focus)


# By speaker name; a tuple, so that a source holding them can be hashed.
Profiles = tuple[tuple[str, Profile], ...]


def merged(base: Profiles, over: Profiles) -> Profiles:
    """``over``'s profiles on top of ``base``'s, setting by setting."""
    people = dict(base)
    for name, profile in over:
        people[name] = profile.over(people.get(name, Profile()))
    return tuple(people.items())


# -- reading -----------------------------------------------------------------------------------

SPEAKERS_TOML_HINT = (
    'names written inline (speakers = { ... }) cannot be followed by [speakers."Name"] tables: '
    'write the names under a [speakers] table ("Guest" = "Ana Brasa"), one a line, above them'
)


def toml_hint(error: Exception) -> str:
    """``"; <what to do>"`` for the TOML error that mixing the two forms of a ``speakers``
    table gives (a name inline, a profile as a table), else ``""``."""
    return f"; {SPEAKERS_TOML_HINT}" if re.search(r"declare \(.*'speakers'", str(error)) else ""


def read_speakers(value: Any) -> tuple[tuple[tuple[str, str], ...], tuple[ProfileEntry, ...]]:
    """A ``speakers`` table: the labels it names (``"Speaker 1" = "Ana Brasa"``) and the
    profiles it gives (``"Yann LeCun" = { photo = ..., role = ..., focus = ... }``), told apart
    by their values.  Raises :class:`ProfileError`."""
    if not isinstance(value, dict):
        raise ProfileError(
            'expected a table: labels and names such as { "Speaker 1" = "Ana Brasa" }, or a '
            '[speakers."Name"] table with photo, role and focus'
        )
    labels: list[tuple[str, str]] = []
    entries: list[ProfileEntry] = []
    for key, item in value.items():
        name = " ".join(str(key).split())
        if not name:
            raise ProfileError("a speaker's name cannot be empty")
        if isinstance(item, dict):
            entries.append(_entry(name, item))
        elif isinstance(item, str) and item.strip():
            if item.strip().lower().endswith(_IMAGE_SUFFIXES):
                path = json.dumps(item.strip(), ensure_ascii=False)
                raise ProfileError(
                    f"{path} is a name for the voice labelled {name!r}, not a photo; for a "
                    f'photo write a table [speakers."{name}"] holding photo = {path}',
                    name,
                )
            labels.append((name, " ".join(item.split())))
        else:
            raise ProfileError(
                f'"{name}": expected a name (as in "Speaker 1" = "Ana Brasa") or a table of '
                f"{', '.join(PROFILE_KEYS)}, got {item!r}",
                name,
            )
    return tuple(labels), tuple(entries)


def _entry(name: str, table: Mapping[str, Any]) -> ProfileEntry:
    for key in table:
        if key not in PROFILE_KEYS:
            hint = did_you_mean(key, PROFILE_KEYS)
            raise ProfileError(
                f"unknown key {key!r}; {hint}a speaker's table takes {', '.join(PROFILE_KEYS)}",
                name,
                key,
            )
    texts = {}
    for key in ("photo", "role"):
        value = table.get(key, "")
        if not isinstance(value, str):
            raise ProfileError(f"expected a string in quotes, got {value!r}", name, key)
        texts[key] = " ".join(value.split()) if key == "role" else value.strip()
    focus = None
    if "focus" in table:
        try:
            focus = focus_of(table["focus"])
        except ValueError as error:
            raise ProfileError(str(error), name, "focus") from None
    return ProfileEntry(name, texts["photo"], texts["role"], focus)


def focus_of(value: Any) -> tuple[float, float]:
    """``[x, y]``, each from 0 to 1, as a pair of floats; else :class:`ValueError`."""
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not all(math.isfinite(v) and 0 <= v <= 1 for v in value)
    ):
        raise ValueError(f"{_shown(value)}: {FOCUS_HINT}, such as [0.5, 0.3] (upper centre)")
    return (float(value[0]), float(value[1]))


def parse_focus(text: str) -> tuple[float, float]:
    """``--focus 0.5,0.3`` as a pair; else :class:`ValueError`."""
    try:
        return focus_of([float(part) for part in text.split(",")])
    except ValueError:
        raise ValueError(f"{text!r}: {FOCUS_HINT}, as X,Y such as 0.5,0.3 (upper centre)") from None


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(f"{v:g}" if isinstance(v, float) else repr(v) for v in value) + "]"
    return repr(value)


def resolve(entry: ProfileEntry, base: Path, where: str) -> Profile:
    """A profile as written, checked: its photo confined to the project and usable (see
    :func:`quotecards.images.confined_photo`); ``where`` names the file (and line) for errors."""
    from quotecards.images import confined_photo

    photo = confined_photo(entry.photo, base, where) if entry.photo else None
    return Profile(entry.role, photo, entry.focus)


def resolve_all(entries: Sequence[ProfileEntry], base: Path, where: str) -> Profiles:
    return tuple(
        (e.name, resolve(e, base, f'{where}: [speakers."{e.name}"] photo')) for e in entries
    )


# -- the card ----------------------------------------------------------------------------------


def card_text(
    quote: str,
    speaker: str | None,
    quote_id: str,
    *,
    title: str = "",
    role: str = "",
    identity: Identity = Identity(),
    profiles: Profiles = (),
    highlight: str = "",
) -> CardText:
    """What a card says: the quote, its speaker, the role line (the ``role`` given, else the
    speaker's profile's, else the ``title`` the document gives them), the speaker's photo, and
    the publication, handle and source line."""
    from quotecards.typeset.layout import CardText

    profile = dict(profiles).get(speaker or "", Profile())
    return CardText(
        quote,
        speaker,
        role or profile.role or title,
        identity.publication,
        quote_id,
        source=identity.source_line,
        handle=identity.handle,
        photo=profile.speaker_photo(),
        highlight=highlight,
    )


def with_photo(
    profiles: Profiles,
    photo: Path | None,
    focus: tuple[float, float] | None,
    speakers: Sequence[str | None],
) -> tuple[Profiles, tuple[str, ...]]:
    """``render --photo``: ``photo`` (and ``focus``) as the photo of the speaker of the first
    quote of ``speakers`` (the top one), and a note when other speakers' cards go without it:
    a face is never put on another speaker's words."""
    if photo is None:
        return profiles, ()
    named = [s for s in dict.fromkeys(speakers) if s]
    if not named:
        return profiles, ()
    top = named[0]
    people = dict(profiles)
    people[top] = replace(people.get(top, Profile()), photo=photo, focus=focus)
    notes: tuple[str, ...] = ()
    if len(named) > 1:
        others = ", ".join(named[1:])
        notes = (
            f"--photo is {top}'s (the speaker of the top quote); the cards of {others} have no "
            "photo: give each speaker's in a review file's [speakers.\"Name\"] table",
        )
    return tuple(people.items()), notes
