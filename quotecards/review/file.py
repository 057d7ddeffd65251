"""The review file: one plain-text TOML file per source that holds every editorial decision.

It sits beside the source (``interview.txt`` -> ``interview.quotes.toml``) or anywhere in the
project, and is written so that ``git diff`` reads like a change log: one ``[[quote]]`` table per
candidate in the selector's order, the same keys in the same order every time, one reason per
line, and nothing that changes from run to run except an ``updated`` stamp on the quote an editor
touched.  A quote, key by key::

    id              the selector's stable id (a hash of speaker and words)
    status          proposed | approved | rejected
    updated         when an editor last changed the quote (UTC, ISO 8601); "" if never
    speaker         who said it, as the source establishes it ("" when it does not); worked
                    out again from the source every time the file is read: a hand edit that
                    disagrees is refused
    editor_speaker  (only when set) who the editor credits the quote to, on purpose: the card
                    carries this name and the manifest says "attributed by the editor"
    text            what the card says: the source's words, with … for an omission and
                    [brackets] for an insertion
    spans           where those words stand in the source: [[start, end], ...] (str offsets)
    themes, formats what to render it as
    highlight       (only when set) a phrase of the text set in the accent colour; it must be
                    words of the text, as they stand in it, or the quote cannot be built
    note            the editor's note
    missing         true when the quote's words are no longer in the source
    problem         what an editor must look at before the quote can be built
    selected, selected_spans, score, rank, kind, attribution, reasons, context
                    the selector's view (its own text and spans, why it offers the quote, the
                    question that was asked); rank 0: the latest selection no longer offers it

Editors may change ``status``, ``text``, ``editor_speaker``, ``themes``, ``formats``,
``highlight`` and ``note`` by hand: the text is checked against the source again (and its spans
found again) whenever the file is read with its source, and the highlight against the text.
Comments are not kept when quotecards rewrites the file.

Above the quotes, besides where the source is and how it was read, an editor may set what the
cards of this source say about who published them and who is on them (they win over the
project file's, and the command line's win over them; see :mod:`quotecards.identity`)::

    publication     the publication's name ("The Example Review")
    handle          its handle ("@examplereview")
    source_line     a line under the attribution ("From our interview, December 2026")
    [speakers]      "Speaker 1" = "Ana Brasa": who a voice the source does not name is
    [speakers."Yann LeCun"]
                    photo (relative to this file), role, focus = [x, y]: a speaker's profile

quotecards writes these back as they were given.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

from quotecards.errors import QuotecardsError
from quotecards.files import write_atomically
from quotecards.identity import ProfileEntry, ProfileError, read_speakers, toml_hint
from quotecards.model import Span

SCHEMA = "quotecards.review/1"
SUFFIX = ".quotes.toml"
Status = Literal["proposed", "approved", "rejected"]
STATUSES: tuple[Status, ...] = get_args(Status)
UNCERTAIN = "the text does not establish who said it, so it cannot go on a card"
DEFAULT_THEMES = ("classic",)
DEFAULT_FORMATS = ("square",)
MAX_NAME_CHARS = 200

_HEADER = """\
# quotecards review file: the editor's decisions for one source, one [[quote]] per candidate.
# Change status (proposed, approved, rejected), text (… for an omission, [brackets] for an
# insertion), themes, formats, highlight (words of the text, set in the accent colour) and note
# by hand or with `quotecards review`; every text is checked against the source's words.
# `quotecards select --write-review` updates the selector's fields and keeps every decision.
# Comments are not kept when quotecards rewrites this file.
"""


class ReviewError(QuotecardsError):
    """A review file that cannot be read, or a decision that cannot be applied to it."""


class ConflictError(ReviewError):
    """The review file changed on disk since the version the change was based on."""

    def __init__(self, message: str, version: str) -> None:
        super().__init__(message)
        self.version = version


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate quote and what the editor decided about it."""

    id: str
    text: str
    spans: tuple[Span, ...]
    speaker: str | None = None
    kind: str = "answer"
    attribution: str = "confident"
    status: Status = "proposed"
    updated: str = ""
    themes: tuple[str, ...] = DEFAULT_THEMES
    formats: tuple[str, ...] = DEFAULT_FORMATS
    note: str = ""
    selected: str = ""
    selected_spans: tuple[Span, ...] = ()
    score: int = 0
    rank: int = 0
    reasons: tuple[str, ...] = ()
    context: str = ""
    missing: bool = False
    problem: str = ""
    editor_speaker: str = ""
    highlight: str = ""

    def __post_init__(self) -> None:
        # A quote made without the selector's view is its own selection.
        if not self.selected:
            object.__setattr__(self, "selected", self.text)
            object.__setattr__(self, "selected_spans", self.spans)

    @property
    def edited(self) -> bool:
        return self.text != self.selected or self.spans != self.selected_spans

    @property
    def decided(self) -> bool:
        """Whether an editor has put anything into this quote that a resync must keep."""
        return (
            self.status != "proposed"
            or self.edited
            or bool(self.note)
            or bool(self.updated)
            or bool(self.editor_speaker)
            or bool(self.highlight)
        )

    @property
    def credited(self) -> str | None:
        """The name the card carries: the editor's, when the editor named one, else the
        source's."""
        return self.editor_speaker or self.speaker

    @property
    def attributed_by(self) -> str:
        """``editor`` when the editor named the speaker on purpose, else ``source``."""
        return "editor" if self.editor_speaker else "source"


@dataclass(frozen=True, slots=True)
class Review:
    """A review file's content: where its source is and every quote in it."""

    source: str
    quotes: tuple[Entry, ...] = ()
    source_sha256: str = ""
    top: int = 10
    interviewee: str = ""
    interviewer: str = ""
    themes: tuple[str, ...] = DEFAULT_THEMES
    formats: tuple[str, ...] = DEFAULT_FORMATS
    # Who the voices are that the source does not name: (("Speaker 1", "Ana Brasa"), ...).
    speakers: tuple[tuple[str, str], ...] = ()
    publication: str = ""
    handle: str = ""
    source_line: str = ""
    # Speakers' profiles (photo, role, focus), as written: photos relative to the review file.
    profiles: tuple[ProfileEntry, ...] = ()

    def __post_init__(self) -> None:
        twice = [i for i, n in Counter(q.id for q in self.quotes).items() if n > 1]
        if twice:
            raise ReviewError(f"quote {twice[0]} appears twice; keep one [[quote]] table per id")

    def quote(self, quote_id: str) -> Entry:
        for entry in self.quotes:
            if entry.id == quote_id:
                return entry
        raise ReviewError(f"no quote {quote_id!r} in this review")

    def with_quote(self, entry: Entry) -> Review:
        """This review with ``entry`` in place of the quote with its id."""
        self.quote(entry.id)
        return self.with_quotes(entry if q.id == entry.id else q for q in self.quotes)

    def with_quotes(self, quotes: Iterable[Entry]) -> Review:
        return replace(self, quotes=tuple(quotes))


def review_path_for(source: Path) -> Path:
    """``interview.txt`` -> ``interview.quotes.toml`` beside it."""
    return source.with_name(source.stem + SUFFIX)


def is_review_path(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def version_of(data: bytes | None) -> str:
    """What the lost-update check compares: a hash of the file's bytes ("" when it is absent)."""
    return "" if data is None else hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ReviewError(f"{path}: cannot be read ({error.strerror})") from None


def load(path: Path) -> tuple[Review, str]:
    """The review in ``path`` and its version."""
    data = read_bytes(path)
    if data is None:
        raise ReviewError(
            f"{path}: no such review file; create it with `quotecards select --write-review SOURCE`"
        )
    return parse(data, str(path)), version_of(data)


def save(path: Path, review: Review, expected_version: str) -> str:
    """Write ``review`` atomically if the file is still at ``expected_version``; the new version.

    Raises :class:`ConflictError` when someone else (another tab, an editor) wrote it first.
    """
    current = version_of(read_bytes(path))
    if current != expected_version:
        raise ConflictError(
            f"{path.name} changed on disk since it was read; reload it and make the change again",
            current,
        )
    data = dumps(review).encode("utf-8")
    if version_of(data) != current:
        write_atomically(path, data)
    return version_of(data)


# Reading.


def parse(data: bytes, name: str) -> Review:
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReviewError(f"{name}: not UTF-8 text; re-save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ReviewError(f"{name}: not valid TOML: {error}{toml_hint(error)}") from None
    schema = table.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise ReviewError(f"{name}: schema {schema!r} is not {SCHEMA!r}; update quotecards")
    source = _text(table, "source", name, required=True)
    quotes = table.get("quote", [])
    if not isinstance(quotes, list):
        raise ReviewError(f"{name}: 'quote' must be [[quote]] tables")
    labels, profiles = _speakers(table, name)
    return Review(
        source=source,
        quotes=tuple(_entry(q, f"{name}: quote {n}") for n, q in enumerate(quotes, 1)),
        source_sha256=_text(table, "source_sha256", name),
        top=_int(table, "top", name, default=10),
        interviewee=_text(table, "interviewee", name),
        interviewer=_text(table, "interviewer", name),
        themes=_names(table, "themes", name, DEFAULT_THEMES),
        formats=_names(table, "formats", name, DEFAULT_FORMATS),
        speakers=labels,
        publication=_line(table, "publication", name),
        handle=_line(table, "handle", name),
        source_line=_line(table, "source_line", name),
        profiles=profiles,
    )


def _speakers(
    table: dict[str, Any], name: str
) -> tuple[tuple[tuple[str, str], ...], tuple[ProfileEntry, ...]]:
    """The labels the ``speakers`` table names, and the speakers' profiles it gives."""
    try:
        return read_speakers(table.get("speakers", {}))
    except ProfileError as error:
        where = f'[speakers."{error.speaker}"] {error.key}'.strip() if error.speaker else "speakers"
        raise ReviewError(f"{name}: {where}: {error.problem}") from None


def _line(table: dict[str, Any], key: str, where: str) -> str:
    """A line of a card (publication, handle, source line): one line of text, tidied."""
    text = " ".join(_text(table, key, where).split())
    if not text.isprintable():
        raise ReviewError(f"{where}: {key} cannot hold control characters")
    return text


def _entry(table: Any, where: str) -> Entry:
    if not isinstance(table, dict):
        raise ReviewError(f"{where}: expected a [[quote]] table")
    quote_id = _text(table, "id", where, required=True)
    where = f"{where} ({quote_id})"
    status = _text(table, "status", where) or "proposed"
    if status not in STATUSES:
        raise ReviewError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    return Entry(
        id=quote_id,
        text=_text(table, "text", where, required=True),
        spans=_spans(table, "spans", where),
        speaker=_text(table, "speaker", where) or None,
        kind=_text(table, "kind", where) or "answer",
        attribution=_text(table, "attribution", where) or "confident",
        status=status,  # type: ignore[arg-type]
        updated=_text(table, "updated", where),
        themes=_names(table, "themes", where, DEFAULT_THEMES),
        formats=_names(table, "formats", where, DEFAULT_FORMATS),
        note=_text(table, "note", where),
        selected=_text(table, "selected", where),
        selected_spans=_spans(table, "selected_spans", where) if "selected" in table else (),
        score=_int(table, "score", where),
        rank=_int(table, "rank", where),
        reasons=_strings(table, "reasons", where),
        context=_text(table, "context", where),
        missing=bool(table.get("missing", False)),
        problem=_text(table, "problem", where),
        editor_speaker=_name(table, "editor_speaker", where),
        highlight=" ".join(_text(table, "highlight", where).split()),
    )


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            raise ReviewError(f"{where}: missing {key!r}")
        return ""
    if not isinstance(value, str):
        raise ReviewError(f"{where}: {key} must be a string in quotes")
    return value


def check_name(name: str) -> str:
    """An editor's name for a speaker, tidied, or :class:`ValueError` saying what is wrong."""
    name = " ".join(name.split())
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"a speaker's name is at most {MAX_NAME_CHARS} characters")
    if not name.isprintable():
        raise ValueError("a speaker's name cannot hold control characters")
    return name


def _name(table: dict[str, Any], key: str, where: str) -> str:
    try:
        return check_name(_text(table, key, where))
    except ValueError as error:
        raise ReviewError(f"{where}: {key}: {error}") from None


def _int(table: dict[str, Any], key: str, where: str, default: int = 0) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ReviewError(f"{where}: {key} must be a whole number")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReviewError(f'{where}: {key} must be a list of strings, like ["a", "b"]')
    return tuple(value)


def _names(
    table: dict[str, Any], key: str, where: str, default: tuple[str, ...]
) -> tuple[str, ...]:
    if key not in table:
        return default
    return tuple(dict.fromkeys(n.strip() for n in _strings(table, key, where) if n.strip()))


def _spans(table: dict[str, Any], key: str, where: str) -> tuple[Span, ...]:
    value = table.get(key)
    shape = f"{where}: {key} must be a list of [start, end] pairs, like [[120, 188]]"
    if not isinstance(value, list) or not value:
        raise ReviewError(shape)
    spans = []
    for pair in value:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
        ):
            raise ReviewError(shape)
        try:
            spans.append(Span(pair[0], pair[1]))
        except ValueError as error:
            raise ReviewError(f"{where}: {key}: {error}") from None
    return tuple(spans)


# Writing.  tomllib only reads; the subset written here is small enough to write by hand.


def dumps(review: Review) -> str:
    lines = [_HEADER]
    lines.append(f"schema = {_string(SCHEMA)}")
    lines.append(f"source = {_string(review.source)}")
    lines.append(f"source_sha256 = {_string(review.source_sha256)}")
    lines.append(f"top = {review.top}")
    if review.interviewee:
        lines.append(f"interviewee = {_string(review.interviewee)}")
    if review.interviewer:
        lines.append(f"interviewer = {_string(review.interviewer)}")
    if review.speakers and not review.profiles:
        pairs = ", ".join(f"{_string(k)} = {_string(v)}" for k, v in review.speakers)
        lines.append(f"speakers = {{ {pairs} }}")
    for key in ("publication", "handle", "source_line"):
        if value := getattr(review, key):
            lines.append(f"{key} = {_string(value)}")
    lines.append(f"themes = {_array(review.themes)}")
    lines.append(f"formats = {_array(review.formats)}")
    if review.profiles:
        # A table of its own per speaker: labels then go in a [speakers] table above them, as
        # TOML lets no table add to an inline one.
        if review.speakers:
            lines += ["", "[speakers]"]
            lines += [f"{_string(k)} = {_string(v)}" for k, v in review.speakers]
        for profile in review.profiles:
            lines += ["", f"[speakers.{_string(profile.name)}]", *_profile_lines(profile)]
    for entry in review.quotes:
        lines.append("")
        lines.append("[[quote]]")
        lines.extend(_entry_lines(entry))
    return "\n".join(lines) + "\n"


def _profile_lines(profile: ProfileEntry) -> list[str]:
    out = [f"photo = {_string(profile.photo)}"] if profile.photo else []
    if profile.role:
        out.append(f"role = {_string(profile.role)}")
    if profile.focus is not None:
        out.append(f"focus = [{profile.focus[0]!r}, {profile.focus[1]!r}]")
    return out


def _entry_lines(entry: Entry) -> list[str]:
    out = [
        f"id = {_string(entry.id)}",
        f"status = {_string(entry.status)}",
        f"updated = {_string(entry.updated)}",
        f"speaker = {_string(entry.speaker or '')}",
        *([f"editor_speaker = {_string(entry.editor_speaker)}"] if entry.editor_speaker else []),
        f"text = {_string(entry.text)}",
        f"spans = {_span_array(entry.spans)}",
        f"themes = {_array(entry.themes)}",
        f"formats = {_array(entry.formats)}",
        *([f"highlight = {_string(entry.highlight)}"] if entry.highlight else []),
        f"note = {_string(entry.note)}",
    ]
    if entry.missing:
        out.append("missing = true")
    if entry.problem:
        out.append(f"problem = {_string(entry.problem)}")
    out += [
        _SELECTOR_COMMENT,
        f"selected = {_string(entry.selected)}",
        f"selected_spans = {_span_array(entry.selected_spans)}",
        f"score = {entry.score}",
        f"rank = {entry.rank}",
        f"kind = {_string(entry.kind)}",
        f"attribution = {_string(entry.attribution)}",
        f"reasons = {_array(entry.reasons, multiline=True)}",
        f"context = {_string(entry.context)}",
    ]
    return out


_SELECTOR_COMMENT = "# the selector's view, rewritten by `quotecards select --write-review`"
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, the rest as is
    (curly quotes and accents stay readable in a diff)."""
    out = ['"']
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise ReviewError(f"cannot write a lone surrogate (U+{ord(char):04X}) to TOML")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _array(values: Sequence[str], *, multiline: bool = False) -> str:
    if multiline and values:
        return "[\n" + "".join(f"  {_string(v)},\n" for v in values) + "]"
    return "[" + ", ".join(_string(v) for v in values) + "]"


def _span_array(spans: Sequence[Span]) -> str:
    return "[" + ", ".join(f"[{s.start}, {s.end}]" for s in spans) + "]"
