"""``manifest.json``: what a bundle holds, for a CMS, a scheduler or a CI gate to read.

Schema ``quotecards.bundle/1`` (documented in ``examples/README.md``); within a version a field
is only ever added.  The manifest has no timestamps and no absolute paths (sources are given
relative to the project file), so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

SCHEMA = "quotecards.bundle/1"
MANIFEST = "manifest.json"
GALLERY = "index.html"
CONTACT_SHEET = "contact-sheet.jpg"
THUMBNAILS = "thumbs"  # the folder of the cards' thumbnails, mirroring the cards' paths


@dataclass(frozen=True, slots=True)
class Asset:
    """One card in the bundle: its file, what it shows, and where its words come from."""

    path: str
    sha256: str
    bytes: int
    width: int
    height: int
    image: str
    format: str
    theme: str
    renderer: str
    quote_id: str
    quote: str
    speaker: str | None
    role: str
    kind: str
    source: str
    spans: tuple[tuple[int, int], ...]
    alt: str
    alt_path: str
    # Who the card credits the quote to: "source" (the source establishes the speaker) or
    # "editor" (named on purpose by the editor in the review file).
    attributed_by: str = "source"
    # The phrase of the quote set in the accent colour ("" for none).
    highlight: str = ""
    # The speaker's photo the card was made with, if any (left out of the record when none).
    photo: PhotoRecord | None = None
    # A small JPEG of the card in the bundle (the gallery shows it, linked to ``path``).
    thumbnail: str = ""
    # The selector's score for the quote and its reasons, so an editor comparing quotes in the
    # gallery sees why each was picked; None where no score is known.
    score: int | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """A speaker's photo: its file name (never its path), its bytes' sha256, and the point of
    it kept in view (x, y as fractions of its width and height)."""

    file: str
    sha256: str
    focus: tuple[float, float]


@dataclass(frozen=True, slots=True)
class SourceRecord:
    path: str
    sha256: str
    folder: str
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Failure:
    """A card that could not be made (only in a ``keep_going`` bundle), and why."""

    source: str
    quote_id: str
    format: str
    theme: str
    message: str


def archive_name(bundle: str) -> str:
    return f"{bundle}.zip"


def manifest(
    *,
    bundle: str,
    version: str,
    renderer: str,
    renderer_version: str,
    sources: Sequence[SourceRecord],
    assets: Sequence[Asset],
    failed: Sequence[Failure] = (),
    carousels: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "generator": {"name": "quotecards", "version": version},
        "bundle": bundle,
        "renderer": {"name": renderer, "version": renderer_version},
        "files": {
            "manifest": MANIFEST,
            "gallery": GALLERY,
            "contact_sheet": CONTACT_SHEET,
            "archive": archive_name(bundle),
        },
        "sources": [
            {"path": s.path, "sha256": s.sha256, "folder": s.folder, "quotes": list(s.quotes)}
            for s in sources
        ],
        "assets": [_asset(a) for a in assets],
        "failed": [failure_record(f) for f in failed],
        # Each source's carousels, with a project's ``carousel = true``: a record each, as
        # render/carousel.py writes carousel.json, with its paths in the bundle and its source.
        "carousels": list(carousels),
    }


def failure_record(failure: Failure) -> dict[str, str]:
    """A card that failed, as the manifest and the build summary both list it."""
    return {
        "source": failure.source,
        "quote_id": failure.quote_id,
        "format": failure.format,
        "theme": failure.theme,
        "message": failure.message,
    }


def _asset(asset: Asset) -> dict[str, Any]:
    record = {f.name: getattr(asset, f.name) for f in fields(asset)}
    record["spans"] = [list(span) for span in asset.spans]
    record["reasons"] = list(asset.reasons)
    photo = record.pop("photo")
    if photo is not None:
        record["photo"] = {"file": photo.file, "sha256": photo.sha256, "focus": list(photo.focus)}
    return record


def dumps(data: dict[str, Any]) -> bytes:
    """The manifest's bytes: indented, UTF-8, keys in schema order, a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
