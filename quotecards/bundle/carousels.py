"""A bundle's carousels (``carousel = true`` in the project file), cached as its cards are.

Each source gets a carousel of its quotes (its best ``top``, its ``ids`` or its review file's
approved quotes, in order) in each of the project's carousel formats (square, portrait; square
when the project has neither) and each of its themes.  A carousel's key covers everything that
changes its bytes; its slides, its PDF and its record are kept in the cache under that key
(``carousels/<key>.<slide>.png``, ``<key>.pdf``, then ``<key>.json``: a record means a whole
entry), so a warm build paints nothing.  In the bundle it goes to
``<source folder>/carousel--<format>--<theme>/``: the numbered PNGs and their alt texts,
``carousel.pdf`` and ``carousel.json``; the manifest lists it under ``carousels``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotecards.bundle.cache import Store, sha256
from quotecards.bundle.project import Project, Source
from quotecards.errors import QuotecardsError
from quotecards.files import write_atomically
from quotecards.formats import Format, get_format
from quotecards.render.carousel import (
    CAROUSEL_FORMATS,
    INDEX,
    PDF,
    Carousel,
    index_bytes,
    render_carousel,
)
from quotecards.themes import Theme
from quotecards.typeset.slides import Deck

KIND = "carousels"


@dataclass(frozen=True, slots=True)
class Wanted:
    """A carousel the bundle holds: whose, what it says, in which format and theme (the brand
    applied, with its logo), its cache key and its folder in the bundle."""

    source: Source
    deck: Deck
    format: Format
    theme: Theme
    logo: Path | None
    key: str
    folder: str


def formats_of(project: Project) -> tuple[Format, ...]:
    """The project's formats a carousel takes, else square."""
    chosen = tuple(f for f in project.formats if f.name in CAROUSEL_FORMATS)
    return chosen or (get_format("square"),)


def folder_of(source_folder: str, fmt: Format, theme: Theme) -> str:
    return f"{source_folder}/carousel--{fmt.name}--{theme.name}"


def make(
    store: Store,
    wanted: Sequence[Wanted],
    *,
    renderer: str,
    chromium: str | None,
    scale: int,
) -> tuple[dict[str, Carousel], dict[str, str]]:
    """Every wanted carousel, by key: from the cache, else painted (one browser for all, with
    ``html``) and kept in it; and, by key, why those that could not be made failed."""
    made: dict[str, Carousel] = {}
    failed: dict[str, str] = {}
    missing = []
    for item in wanted:
        found = cached(store, item.key)
        if found is not None:
            made[item.key] = found
        elif item.key not in made:
            missing.append(item)
    if not missing:
        return made, failed
    with ExitStack() as stack:
        painter = None
        if renderer == "html":
            from quotecards.render.html import HtmlRenderer

            painter = stack.enter_context(HtmlRenderer(chromium=chromium, scale=scale, themes=()))
        for item in missing:
            if item.key in made:
                continue
            try:
                result = render_carousel(
                    item.deck,
                    item.format,
                    item.theme,
                    logo=item.logo,
                    source=item.source.path.name,
                    renderer=renderer,
                    chromium=chromium,
                    scale=scale,
                    painter=painter,
                )
            except QuotecardsError as error:
                failed[item.key] = str(error)
                continue
            made[item.key] = keep(store, item.key, result.carousel, result.images, result.pdf)
    return made, failed


def cached(store: Store, key: str) -> Carousel | None:
    """The carousel kept under ``key``, if its record exists and every file is intact."""
    record = store.load(KIND, key)
    if record is None:
        return None
    try:
        carousel = Carousel.from_record(record)
    except (KeyError, TypeError):
        return None
    kept = [(_slide_name(key, s.path), s.sha256) for s in carousel.slides]
    kept.append((f"{key}.pdf", carousel.pdf_sha256))
    if any(store.digests.of(store.file(KIND, name)) != digest for name, digest in kept):
        return None
    return carousel


def keep(
    store: Store, key: str, carousel: Carousel, images: Sequence[bytes], pdf: bytes
) -> Carousel:
    """Store a carousel just made: its slides and PDF, then its record."""
    folder = store.root / KIND
    folder.mkdir(parents=True, exist_ok=True)
    for slide, data in zip(carousel.slides, images, strict=True):
        path = folder / _slide_name(key, slide.path)
        write_atomically(path, data)
        store.digests.note(path, slide.sha256)
    write_atomically(folder / f"{key}.pdf", pdf)
    store.digests.note(folder / f"{key}.pdf", carousel.pdf_sha256)
    store.save(KIND, key, carousel.record())
    return carousel


def files(
    store: Store, built: Sequence[tuple[Wanted, Carousel]]
) -> tuple[dict[str, Path | bytes], dict[str, str], list[dict[str, Any]]]:
    """The bundle's files of these carousels (where their bytes are), their sha256, and their
    records for the manifest."""
    found: dict[str, Path | bytes] = {}
    hashes: dict[str, str] = {}
    records = []
    for item, carousel in built:
        folder = item.folder
        for slide in carousel.slides:
            image = f"{folder}/{slide.path}"
            found[image] = store.file(KIND, _slide_name(item.key, slide.path))
            hashes[image] = slide.sha256
            found[f"{folder}/{slide.alt_path}"] = (slide.alt + "\n").encode("utf-8")
        found[f"{folder}/{PDF}"] = store.file(KIND, f"{item.key}.pdf")
        hashes[f"{folder}/{PDF}"] = carousel.pdf_sha256
        index = index_bytes(carousel)
        found[f"{folder}/{INDEX}"] = index
        hashes[f"{folder}/{INDEX}"] = sha256(index)
        records.append({"source": item.source.label, "folder": folder, **carousel.record(folder)})
    return found, hashes, records


def _slide_name(key: str, name: str) -> str:
    """``<key>.01-cover.png``: an entry's files all begin with its key (what pruning keeps)."""
    return f"{key}.{name}"
