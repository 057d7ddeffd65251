"""The values that travel through the pipeline.

source text -> Document (speakers, turns, passages, all with offsets) -> Candidate (scored,
attributed, verified quote).  Every offset is a Python ``str`` index into ``Document.text``: the
file decoded as UTF-8 with any BOM removed and its line endings left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Who asks (``interviewer``; a panel's ``moderator``), who answers (``interviewee``; a panel's
# ``panellist``), and everybody else (``other``: an audience member, somebody quoted).
Role = Literal["interviewer", "interviewee", "moderator", "panellist", "other"]
HOSTS: tuple[Role, ...] = ("interviewer", "moderator")
Shape = Literal["transcript", "prose", "subtitles"]
Kind = Literal["answer", "reported", "narrative"]
Attribution = Literal["confident", "uncertain"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of the source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person in the document, under the name the document gives in full.

    ``title`` is what the document calls them before their name ("Mayor", "Dr."): their role
    line on a card, never part of the name.
    """

    name: str
    role: Role
    aliases: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class Turn:
    """One labelled turn of a transcript or subtitle file.

    ``segments`` are the stretches of the speaker's own words: the paragraphs of a transcript turn
    (a paragraph without a label continues the turn) or the text of each subtitle cue, without
    labels, timings or tags.
    """

    index: int
    label: str
    speaker: str | None
    label_span: Span
    segments: tuple[Span, ...]

    @property
    def span(self) -> Span:
        return Span(self.segments[0].start, self.segments[-1].end)


@dataclass(frozen=True, slots=True)
class Passage:
    """Words said by one person, the material candidates are cut from.

    ``kind`` says how we know: ``answer`` (a turn of the interviewee or a guest), ``reported``
    (a quotation inside a turn, attributed by the text to someone: "you said, '...'"),
    ``narrative`` (a quotation in prose, attributed by "said X" or the like).  ``attribution`` is
    ``uncertain`` whenever the text does not establish the speaker; ``speaker`` is then ``None`` or
    the best the text gives, and ``why`` says what the attribution rests on.
    """

    segments: tuple[Span, ...]
    speaker: str | None
    kind: Kind
    attribution: Attribution
    why: str
    context: str = ""
    turn: int | None = None
    # The second half of a split quotation ('"A," she said, "but B."'): the same person's words
    # go on from the passage before, past the words that say who spoke.
    continues: bool = False

    @property
    def span(self) -> Span:
        return Span(self.segments[0].start, self.segments[-1].end)


@dataclass(frozen=True, slots=True)
class Document:
    """A source read: its text (the file's, or the text extracted from a Word file, web page or
    JSON transcript: every span indexes into ``text``), who speaks, and their words.

    ``layout`` names the layout the reader recognised ("otter", "rev", "labels", "docx", ...), so
    that a guess can be reported; ``language`` is a BCP 47 code ("en", "es", "ja"); ``title`` and
    ``byline`` are the document's own metadata where it has them (a web page's headline).
    """

    source: str
    text: str
    shape: Shape
    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...] = ()
    passages: tuple[Passage, ...] = ()
    intro: Span | None = None
    layout: str = ""
    language: str = "en"
    title: str = ""
    byline: str = ""
    # What the reader could not settle and the user can ("name Speaker 1 with --speaker").
    notes: tuple[str, ...] = ()

    def speaker(self, name: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.name == name), None)

    @property
    def interviewee(self) -> Speaker | None:
        return next((s for s in self.speakers if s.role == "interviewee"), None)

    @property
    def interviewer(self) -> Speaker | None:
        """Who asks the questions: the interviewer, or a panel's moderator."""
        return next((s for s in self.speakers if s.role in HOSTS), None)


@dataclass(frozen=True, slots=True)
class Edit:
    """A change from the verbatim source, recorded so that an editor can see and undo it."""

    kind: Literal["drop-leading", "cut-trailing", "capitalise"]
    span: Span
    note: str


@dataclass(frozen=True, slots=True)
class Score:
    """How quotable a line is, 0 to 100, with the main reasons in words."""

    value: int
    reasons: tuple[str, ...]
    features: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pull-quote: display text, who said it, and where its words stand in the source."""

    id: str
    text: str
    speaker: str | None
    kind: Kind
    attribution: Attribution
    spans: tuple[Span, ...]
    score: int
    reasons: tuple[str, ...]
    context: str = ""
    edits: tuple[Edit, ...] = ()
    # The speaker's title as the document gives it ("Mayor"): the card's role line by default.
    title: str = ""
