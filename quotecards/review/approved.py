"""The approved quotes of a review file, verified again, ready to render: the API ``build`` uses.

Nothing is rendered that the source does not bear out: each approved quote's text is checked
against the source as it is now (selecting again and merging in memory when the source changed
since the review file was written).  A quote that fails, whose words are gone, or that is
flagged for the editor to look at again stops the build with a message that names the review
file, the quote and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from quotecards.identity import Identity, Profiles, resolve_all, with_photo
from quotecards.model import Candidate, Document, Kind, Span
from quotecards.review.edits import Check
from quotecards.review.file import UNCERTAIN, Entry, Review, ReviewError
from quotecards.review.sync import Current, current
from quotecards.typeset.highlight import HighlightError, check

if TYPE_CHECKING:
    from collections.abc import Sequence

    from quotecards.brand import Brand
    from quotecards.formats import Format
    from quotecards.render import ImageFormat
    from quotecards.render.cards import Progress, RenderResult
    from quotecards.themes import Theme


@dataclass(frozen=True, slots=True)
class ApprovedQuote:
    """An approved quote: a verified :class:`~quotecards.model.Candidate` (the editor's text
    and its spans), with the themes and formats the editor chose, by name."""

    candidate: Candidate
    themes: tuple[str, ...]
    formats: tuple[str, ...]
    note: str = ""
    # "editor" when the editor named the speaker on purpose (``editor_speaker``), else "source".
    attributed_by: str = "source"
    highlight: str = ""  # a phrase of the text set in the accent colour, checked against it

    @property
    def id(self) -> str:
        return self.candidate.id

    @property
    def text(self) -> str:
        return self.candidate.text

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.candidate.spans

    @property
    def speaker(self) -> str | None:
        return self.candidate.speaker

    @property
    def kind(self) -> Kind:
        return self.candidate.kind


def approved_quotes(review_path: Path, *, root: Path | None = None) -> list[ApprovedQuote]:
    """Every approved quote of ``review_path``, in the review's order, verified against its
    source.  Raises :class:`~quotecards.review.file.ReviewError` listing every approved quote
    that cannot be built."""
    return _approved(current(review_path, root))


def _approved(now: Current) -> list[ApprovedQuote]:
    quotes: list[ApprovedQuote] = []
    blocked: list[str] = []
    for entry in now.review.quotes:
        if entry.status != "approved":
            continue
        reason = _blocked(entry, now.refused)
        if reason:
            blocked.append(f"{entry.id} {_clip(entry.text)}: {reason}")
            continue
        candidate = _candidate(entry, now.document)
        quotes.append(
            ApprovedQuote(
                candidate,
                entry.themes,
                entry.formats,
                entry.note,
                entry.attributed_by,
                entry.highlight,
            )
        )
    if blocked:
        raise ReviewError(
            f"{now.path}: {len(blocked)} approved quote(s) cannot be built; fix them with "
            "`quotecards review` or in the file:\n  " + "\n  ".join(blocked)
        )
    return quotes


def _blocked(entry: Entry, refused: dict[str, Check]) -> str:
    if entry.missing:
        return "its words are no longer in the source"
    if entry.id in refused:
        check = refused[entry.id]
        if check.diff:
            return f"the text is refused: {check.headline} ({check.diff_text})"
        return f"refused: {check.headline}"
    if not entry.editor_speaker and (entry.attribution == "uncertain" or not entry.speaker):
        return UNCERTAIN
    if entry.problem:
        return f"flagged for review: {entry.problem}"
    return highlight_problem(entry)


def highlight_problem(entry: Entry) -> str:
    """Why the quote's highlight cannot be set ("" when it can, or there is none)."""
    try:
        check(entry.highlight, entry.text, entry.id)
    except HighlightError as error:
        return str(error)
    return ""


def _candidate(entry: Entry, document: Document) -> Candidate:
    kind: Kind = entry.kind if entry.kind in get_args(Kind) else "answer"  # type: ignore[assignment]
    person = document.speaker(entry.credited)
    return Candidate(
        id=entry.id,
        text=entry.text,
        speaker=entry.credited,
        kind=kind,
        attribution="confident",
        spans=entry.spans,
        score=entry.score,
        reasons=entry.reasons,
        context=entry.context,
        title=person.title if person is not None else "",  # the role line, unless one is given
    )


def render_approved(
    review_path: Path,
    out: Path,
    *,
    brand: Brand | None = None,
    role: str = "",
    identity: Identity | None = None,
    photo: Path | None = None,
    focus: tuple[float, float] | None = None,
    image_format: ImageFormat = "png",
    jobs: int | None = None,
    progress: Progress | None = None,
    root: Path | None = None,
    formats: Sequence[Format] | None = None,
    themes: Sequence[Theme] | None = None,
    renderer: str = "pillow",
    chromium: str | None = None,
    scale: int = 1,
    highlight: str = "",
) -> RenderResult:
    """Render every approved quote of ``review_path`` in its own formats and themes (or in
    ``formats`` and ``themes``, when given, for all of them) into ``out``: exactly the approved
    quotes, nothing else.  Each carries the highlight the review file gives it; ``highlight``
    (``--highlight``) takes its place on each quote that holds it, and is refused when none
    does.  ``identity``, ``photo`` and ``focus`` (the command line's) win over the review file's
    publication, handle, source line and speakers' profiles, which win over the brand's name
    and handle."""
    from quotecards.formats import parse_formats
    from quotecards.images import check_photo
    from quotecards.render.cards import RenderResult, highlighted, plan, render_with, texts_of
    from quotecards.themes import parse_themes

    if photo is not None:
        check_photo(photo, "photo")
    now = current(review_path, root)
    approved = _approved(now)
    said, profiles = identity_of(now.review, review_path)
    who = (identity or Identity()).over(said).over(Identity.of(brand))
    profiles, photo_notes = with_photo(profiles, photo, focus, [q.speaker for q in approved])
    texts = [
        replace(text, highlight=quote.highlight)
        for quote in approved
        for text in texts_of([quote.candidate], role=role, identity=who, profiles=profiles)
    ]
    texts = highlighted(texts, highlight)
    cards = []
    notes: dict[str, None] = {}
    for quote, text in zip(approved, texts, strict=True):
        planned, found = plan(
            [text],
            formats or parse_formats(",".join(quote.formats)),
            themes or parse_themes(",".join(quote.themes)),
            brand,
        )
        cards.extend(planned)
        notes.update(dict.fromkeys(found))
    written, failed = render_with(
        renderer,
        cards,
        out,
        source=now.review.source,
        image_format=image_format,
        jobs=jobs,
        progress=progress,
        chromium=chromium,
        scale=scale,
    )
    return RenderResult(written, failed, (*notes, *photo_notes))


def identity_of(review: Review, review_path: Path) -> tuple[Identity, Profiles]:
    """The publication, handle and source line a review file gives, and its speakers'
    profiles, their photos checked (relative to the review file, inside its project)."""
    said = Identity(review.publication, review.handle, review.source_line)
    return said, resolve_all(review.profiles, review_path.parent, str(review_path))


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"
