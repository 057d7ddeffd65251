"""A review file and its source, together: finding one from the other, and keeping them in step.

``write_review`` is the API behind ``quotecards select --write-review``; ``current`` reads a
review as it stands against its source now (selecting again and merging, in memory, when the
source changed since the file was written), which is what the review page and ``build`` see.

A review file names its source by a path relative to itself.  That path must stay inside the
project (the nearest folder above the review file holding ``quotecards.toml`` or ``.git``, else
the review file's own folder): a review file from someone else cannot make quotecards read, show
or render a file from elsewhere on the machine.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from quotecards.ingest import read_source
from quotecards.model import Document
from quotecards.review.edits import Check
from quotecards.review.file import (
    Review,
    ReviewError,
    is_review_path,
    parse,
    read_bytes,
    review_path_for,
    save,
    version_of,
)
from quotecards.review.merge import merge, reconcile
from quotecards.selector import Selection, select

PROJECT_MARKERS = ("quotecards.toml", ".git")


@dataclass(frozen=True, slots=True)
class Current:
    """A review as it stands: the file's ``version`` (what a change must be based on), the
    review brought up to the source, the source's document, and the quotes whose text the
    source does not bear out.  ``changed`` says the review differs from the file's content."""

    path: Path
    version: str
    review: Review
    document: Document
    refused: dict[str, Check]
    changed: bool


def project_root(path: Path) -> Path:
    """The nearest folder at or above ``path``'s folder that holds a project marker, else the
    folder itself."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return folder


def source_of(review_path: Path, review: Review, root: Path | None = None) -> Path:
    """The source a review file names, refused when it resolves outside the project."""
    root = (root or project_root(review_path)).resolve()
    source = (review_path.resolve().parent / review.source).resolve()
    if not source.is_relative_to(root):
        raise ReviewError(
            f"{review_path}: its source {review.source!r} is outside the project ({root}); "
            "keep the source and its review file under one folder holding quotecards.toml or .git"
        )
    return source


def relative_source(review_path: Path, source: Path) -> str:
    """How a review file names its source: relative to itself, with forward slashes."""
    relative = os.path.relpath(source.resolve(), review_path.resolve().parent)
    return Path(relative).as_posix()


def source_digest(source: Path) -> str:
    data = read_bytes(source)
    if data is None:
        raise ReviewError(f"{source}: the review's source is missing; check the path")
    return hashlib.sha256(data).hexdigest()


def write_review(
    source: Path,
    review_path: Path | None = None,
    *,
    top: int = 10,
    interviewee: str | None = None,
    interviewer: str | None = None,
    speakers: Mapping[str, str] | None = None,
    selection: Selection | None = None,
) -> tuple[Path, Review]:
    """Create or update the review file of ``source`` (``SOURCE.quotes.toml`` beside it unless
    ``review_path`` is given) from a new selection, keeping every decision already in it.

    ``selection`` is used as given when the caller has already selected (with ``top`` and the
    speaker options it was made with); otherwise the source is read and selected here.
    ``speakers`` names voices the source does not (``{"Speaker 1": "Ana Brasa"}``); without it
    the names the review file already gives are kept.
    """
    review_path = review_path or review_path_for(source)
    if is_review_path(source):
        raise ReviewError(f"{source}: is a review file; give the source it reviews")
    data = read_bytes(review_path)
    stored = None if data is None else parse(data, str(review_path))
    if speakers is None:
        speakers = dict(stored.speakers) if stored is not None else {}
        if speakers:
            selection = None  # made without the names the review file gives: made again
    if selection is None:
        document = read_source(
            source, interviewee=interviewee, interviewer=interviewer, speakers=speakers
        )
        selection = select(document, top=top)
    header = Review(
        source=relative_source(review_path, source),
        top=top,
        interviewee=interviewee or "",
        interviewer=interviewer or "",
        speakers=tuple(speakers.items()),
    )
    source_of(review_path, header)  # a review file that could not reach its source is not made
    previous = header if stored is None else stored
    previous = replace(
        previous,
        source=header.source,
        top=top,
        interviewee=header.interviewee,
        interviewer=header.interviewer,
        speakers=header.speakers,
    )
    review = merge(previous, selection, source_digest(source))
    review = reconcile(review, selection.document).review
    review_path.parent.mkdir(parents=True, exist_ok=True)
    save(review_path, review, version_of(data))
    return review_path, review


def current(review_path: Path, root: Path | None = None) -> Current:
    """The review in ``review_path`` against its source as it is now (nothing is written)."""
    data = read_bytes(review_path)
    if data is None:
        raise ReviewError(
            f"{review_path}: no such review file; create it with "
            "`quotecards select --write-review SOURCE` or `quotecards review SOURCE`"
        )
    stored = parse(data, str(review_path))
    source = source_of(review_path, stored, root)
    digest = source_digest(source)
    document = read_source(
        source,
        interviewee=stored.interviewee or None,
        interviewer=stored.interviewer or None,
        speakers=dict(stored.speakers),
    )
    review = stored
    if digest != stored.source_sha256:
        review = merge(stored, select(document, top=stored.top), digest)
    reconciled = reconcile(review, document)
    return Current(
        review_path,
        version_of(data),
        reconciled.review,
        document,
        reconciled.refused,
        reconciled.review != stored,
    )
