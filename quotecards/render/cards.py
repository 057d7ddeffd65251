"""Render batches of cards to files: the API behind ``quotecards render``.

Each card is a quote in one format and one theme.  Cards are set and painted across processes
(``jobs``), each written atomically (a temporary file in the same folder, flushed to disk, then
renamed) under a name made only of a slug of the quote, its id, the format and the theme, so
that nothing lands outside the output folder.  Beside each image goes its alt text
(``<name>.alt.txt``); a PNG also carries it in its ``Description`` text chunk, with the source's
file name (never its path) in ``Source``.  The same inputs give the same bytes.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import re
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from quotecards.brand import Brand, apply_brand, logo_for
from quotecards.errors import QuotecardsError
from quotecards.files import write_atomically
from quotecards.formats import Format
from quotecards.identity import Identity, Profiles, card_text, with_photo
from quotecards.images import check_photo
from quotecards.render import SUFFIXES, ImageFormat
from quotecards.themes import Theme
from quotecards.typeset.layout import CardText, Layout

if TYPE_CHECKING:
    from quotecards.model import Candidate
    from quotecards.render.pillow import PillowRenderer

_SLUG_WORDS = 6
_SLUG_CHARS = 48


@dataclass(frozen=True, slots=True)
class Card:
    """One card to make: what it says, its format and theme (brand applied) and its file stem."""

    text: CardText
    format: Format
    theme: Theme
    logo: Path | None
    stem: str


@dataclass(frozen=True, slots=True)
class Written:
    """A card on disk: the image, its alt text file, and the alt text itself; with
    ``thumbnails``, its thumbnail beside it, and the image's sha256 and size in pixels (so that
    nobody reads the image back to learn them)."""

    image: Path
    alt_file: Path | None  # None when asked for no alt text files (the build's cache)
    alt: str
    quote_id: str
    format: str
    theme: str
    quote_size: int
    thumbnail: Path | None = None
    sha256: str = ""
    size: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Failed:
    """A card that could not be made, and why, in words a user can act on."""

    quote_id: str
    format: str
    theme: str
    message: str
    stem: str = ""  # the file stem the card would have had


@dataclass(frozen=True, slots=True)
class RenderResult:
    """Every card asked for, in order (quote, then format, then theme), written or failed;
    ``notes`` report brand colours adjusted for contrast."""

    written: tuple[Written, ...]
    failed: tuple[Failed, ...]
    notes: tuple[str, ...] = ()


Progress = Callable[[int, int, Written | Failed], None]


def slug(text: str) -> str:
    """``“We don’t know what it is yet.”`` -> ``we-dont-know-what-it-is``: the first words, in
    lower case.  Latin letters lose their accents; Cyrillic and Greek are romanised (Russian
    passport and ELOT 743 tables); a script with no romanisation that a table can do (Chinese,
    Japanese, Arabic, Hebrew, Devanagari, ...) keeps its own letters, NFC, which every current
    file system stores: ``机器学习很糟糕``, ``العمل-الجيد``.  Never anything but letters, marks,
    digits and ``-``, and ``quote`` when no letter is left."""
    text = text.replace("\u2019", "").replace("'", "")
    own = [c for c in text if c.isalpha() and not _romanisable(c)]
    if len(own) * 2 <= sum(c.isalpha() for c in text):
        plain = unicodedata.normalize("NFKD", text.lower().translate(_ROMAN))
        plain = plain.encode("ascii", "ignore").decode().replace("[", "").replace("]", "")
        words = re.findall(r"[a-z0-9]+", plain)[:_SLUG_WORDS]
        limit = _SLUG_CHARS
    else:
        words = _own_words(unicodedata.normalize("NFC", text).casefold())[:_SLUG_WORDS]
        # Three or four bytes a letter in UTF-8: a third of the characters keeps a card's file
        # name well under the 255 bytes file systems allow.
        limit = _SLUG_CHARS // 3
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "quote"


def _romanisable(char: str) -> bool:
    """Whether a letter is Latin (with or without accents), Cyrillic or Greek."""
    return char.lower() in _ROMAN_LETTERS or unicodedata.normalize("NFKD", char)[0].isascii()


# Russian (with Ukrainian, Belarusian and Serbian letters) as in passports (ICAO 9303), and Greek
# as ELOT 743: one letter or digraph each, which a small table does.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y - e iu ia i i ie g u dj"
        " j lj nj c dz".split(),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),
        strict=True,
    )
)
_ROMAN_LETTERS = frozenset(_CYRILLIC) | frozenset(_GREEK) | frozenset("άέήίόύώϊϋΐΰ")
_ROMAN = str.maketrans(
    {
        **{k: "" if v == "-" else v for k, v in _CYRILLIC.items()},
        **_GREEK,
        **{k: _GREEK[unicodedata.normalize("NFD", k)[0]] for k in "άέήίόύώϊϋΐΰ"},
    }
)


def _own_words(text: str) -> list[str]:
    """Words in a script of their own: letters, the marks that vowels and diacritics are written
    with (Arabic, Devanagari, Thai) and digits; never a separator, dot or control character."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text)
    return kept.split()


def _safe_part(text: str) -> str:
    """A name part that cannot leave its folder: letters, digits, ``-`` and ``_`` only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def card_stem(text: CardText, fmt: Format, theme: Theme) -> str:
    """``we-dont-know-what-it-is--qe56a4867e5--square--classic``."""
    return "--".join(
        (
            slug(text.quote),
            _safe_part(text.id or "quote"),
            _safe_part(fmt.name),
            _safe_part(theme.name),
        )
    )


def plan(
    texts: Sequence[CardText],
    formats: Sequence[Format],
    themes: Sequence[Theme],
    brand: Brand | None = None,
) -> tuple[list[Card], tuple[str, ...]]:
    """The cards to make, in order, and the notes of the brand check for these themes."""
    notes: dict[str, None] = {}
    branded = []
    for theme in themes:
        applied = apply_brand(theme, brand)
        notes.update(dict.fromkeys(applied.notes))
        branded.append((applied.theme, logo_for(brand, theme)))
    cards = [
        Card(text, fmt, theme, logo, card_stem(text, fmt, theme))
        for text in texts
        for fmt in formats
        for theme, logo in branded
    ]
    return cards, tuple(notes)


def texts_of(
    candidates: Iterable[Candidate],
    *,
    role: str = "",
    identity: Identity | None = None,
    profiles: Profiles = (),
) -> list[CardText]:
    """What each selected quote's card says (see :func:`quotecards.identity.card_text`):
    ``role`` under the speaker's name, or else the speaker's profile's, or else the title the
    document gives them ("Mayor")."""
    who = identity or Identity()
    return [
        card_text(
            c.text, c.speaker, c.id, title=c.title, role=role, identity=who, profiles=profiles
        )
        for c in candidates
    ]


def highlighted(texts: list[CardText], phrase: str) -> list[CardText]:
    """``texts`` with ``--highlight``'s phrase on each quote that holds it."""
    if not phrase:
        return texts
    from quotecards.typeset.highlight import apply

    return apply(texts, phrase, "--highlight")


def render_cards(
    candidates: Sequence[Candidate],
    formats: Sequence[Format],
    themes: Sequence[Theme],
    out: Path,
    *,
    source: str = "",
    brand: Brand | None = None,
    role: str = "",
    identity: Identity | None = None,
    photo: Path | None = None,
    focus: tuple[float, float] | None = None,
    image_format: ImageFormat = "png",
    jobs: int | None = None,
    progress: Progress | None = None,
    renderer: str = "pillow",
    chromium: str | None = None,
    scale: int = 1,
    highlight: str = "",
) -> RenderResult:
    """Render every candidate in every format and theme into ``out`` (created if need be).

    ``source`` is the source file's name or path (only its name is stored); ``role`` an optional
    line under the speaker's name; ``identity`` the publication, handle and source line (over
    the brand's name and handle); ``photo`` (with its ``focus``) the photo of the top quote's
    speaker (:func:`quotecards.identity.with_photo`), checked before any card is made;
    ``highlight`` a phrase set in the accent colour on each quote that holds it (refused, before
    anything is rendered, when none does: see :func:`quotecards.typeset.highlight.apply`);
    ``jobs`` the number of processes (default: every core).
    ``progress(done, total, item)`` is called after each card.  Cards that cannot be made (too
    long for a format, a character no font has) are returned in ``failed``; the rest are written.

    ``renderer="html"`` paints in Chromium (:mod:`quotecards.render.html`) instead of Pillow:
    the same files, names and metadata; ``chromium`` is the browser's path (else it is found),
    ``scale=2`` draws at twice the size, and ``jobs`` does not apply (one browser's pages share
    the cards).
    """
    if photo is not None:
        check_photo(photo, "photo")
    profiles, photo_notes = with_photo((), photo, focus, [c.speaker for c in candidates])
    who = (identity or Identity()).over(Identity.of(brand))
    texts = highlighted(texts_of(candidates, role=role, identity=who, profiles=profiles), highlight)
    cards, notes = plan(texts, formats, themes, brand)
    written, failed = render_with(
        renderer,
        cards,
        out,
        source=source,
        image_format=image_format,
        jobs=jobs,
        progress=progress,
        chromium=chromium,
        scale=scale,
    )
    return RenderResult(written, failed, notes + photo_notes)


def render_with(
    renderer: str,
    cards: Sequence[Card],
    out: Path,
    *,
    source: str = "",
    image_format: ImageFormat = "png",
    jobs: int | None = None,
    progress: Progress | None = None,
    chromium: str | None = None,
    scale: int = 1,
) -> tuple[tuple[Written, ...], tuple[Failed, ...]]:
    """Planned cards painted by ``renderer``: Pillow here, or Chromium (``"html"``)."""
    if renderer == "html":
        from quotecards.render.html import render_planned as render_in_chromium

        return render_in_chromium(
            cards,
            out,
            source=source,
            image_format=image_format,
            progress=progress,
            chromium=chromium,
            scale=scale,
        )
    if renderer == "pillow" and scale == 1:
        return render_planned(
            cards, out, source=source, image_format=image_format, jobs=jobs, progress=progress
        )
    raise QuotecardsError(
        f"renderer {renderer!r} at scale {scale}: use pillow (1x) or html (1x or 2x)"
    )


def source_names(source: str | Sequence[str], count: int) -> list[str]:
    """The source file name each of ``count`` cards carries: one for all, or one each."""
    if isinstance(source, str):
        return [PurePath(source).name if source else ""] * count
    if len(source) != count:
        raise ValueError(f"{len(source)} source names for {count} cards")
    return [PurePath(name).name if name else "" for name in source]


def render_planned(
    cards: Sequence[Card],
    out: Path,
    *,
    source: str | Sequence[str] = "",
    image_format: ImageFormat = "png",
    jobs: int | None = None,
    progress: Progress | None = None,
    thumbnails: bool = False,
    alt_files: bool = True,
) -> tuple[tuple[Written, ...], tuple[Failed, ...]]:
    """Render cards already planned (see :func:`plan`), in order; with ``thumbnails``, each
    card's thumbnail too, made in the process that painted it (``<stem>.thumb.jpg``); without
    ``alt_files``, no ``.alt.txt`` beside the images (the alt text is in :class:`Written`).
    ``source`` names the source of every card, or of each card (a sequence as long as
    ``cards``)."""
    output_folder(out)
    folder = out.resolve()
    names = source_names(source, len(cards))
    tasks = [
        (card, folder, name, image_format, thumbnails, alt_files)
        for card, name in zip(cards, names, strict=True)
    ]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    results: list[Written | Failed | None] = [None] * len(tasks)
    if jobs == 1:
        for index, task in enumerate(tasks):
            results[index] = _make(task)
            if progress is not None:
                progress(index + 1, len(tasks), results[index])  # type: ignore[arg-type]
    else:
        # Fork where there is one: workers start at once with the fonts and backgrounds already
        # loaded, and nothing re-runs the caller's __main__ (a script on stdin, a notebook).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_warm, initargs=(os.getpid(),)
        )
        try:
            futures = {pool.submit(_make, task): i for i, task in enumerate(tasks)}
            for done, future in enumerate(as_completed(futures), 1):
                index = futures[future]
                results[index] = future.result()
                if progress is not None:
                    progress(done, len(tasks), results[index])  # type: ignore[arg-type]
        except BrokenProcessPool:
            raise QuotecardsError(
                f"a render worker died (killed, or out of memory) with {len(tasks)} cards "
                "asked for; every card already written is whole: run again, with --jobs 1 "
                "to use less memory"
            ) from None
        finally:
            # On Ctrl-C or an error, drop the cards still queued instead of rendering them all.
            pool.shutdown(wait=True, cancel_futures=True)
    written = tuple(r for r in results if isinstance(r, Written))
    failed = tuple(r for r in results if isinstance(r, Failed))
    return written, failed


_renderer: PillowRenderer | None = None


def _warm(parent: int | None = None) -> None:
    global _renderer
    if parent is not None:
        _die_with(parent)
    # Ctrl-C goes to the whole process group: the parent stops the batch; workers just finish
    # the card in hand rather than each printing a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from quotecards.render.pillow import PillowRenderer

    _renderer = PillowRenderer()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Make this worker die when the process that started it does, however it dies (``kill -9``,
    the OOM killer): on Linux by a parent-death signal.  A worker left behind would keep
    rendering for nobody and hold what its parent held."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _make(task: tuple[Card, Path, str, ImageFormat, bool, bool]) -> Written | Failed:
    """Set, paint, encode and write one card (in whichever process runs it)."""
    card, folder, source_name, image_format, thumbnails, alt_files = task
    made = paint_card(card, source_name, image_format, thumbnails)
    if isinstance(made, Failed):
        return made
    data, thumbnail, size, layout = made
    return write_card(
        card,
        folder,
        image_format,
        data,
        layout.alt,
        layout.quote_size,
        thumbnail=thumbnail,
        size=size,
        alt_file=alt_files,
    )


def paint_card(
    card: Card, source_name: str, image_format: ImageFormat, thumbnails: bool = False
) -> tuple[bytes, bytes | None, tuple[int, int], Layout] | Failed:
    """One card with Pillow, in memory: its image bytes, its thumbnail (with ``thumbnails``),
    its size in pixels and its layout; or why it cannot be made."""
    from quotecards.render.pillow import encode
    from quotecards.render.thumbnails import thumbnail, thumbnail_of
    from quotecards.typeset import typeset

    global _renderer
    if _renderer is None:
        # Not _warm(): this may run on a thread (a Dask worker's), where signals cannot be set.
        from quotecards.render.pillow import PillowRenderer

        _renderer = PillowRenderer()
    try:
        layout = typeset(card.text, card.format, card.theme, _renderer.book, logo=card.logo)
        # A photo or logo broken after its theme or brand was read fails its card, in words.
        image = _renderer.paint(layout)
    except QuotecardsError as error:
        return failure(card, str(error))
    data = encode(image, image_format, card_metadata(layout, source_name))
    small = None
    if thumbnails:
        # A PNG decodes to these very pixels; a lossy format's thumbnail is made from its bytes.
        small = thumbnail_of(image) if image_format == "png" else thumbnail(data)[0]
    return data, small, image.size, layout


def card_metadata(layout: Layout, source_name: str) -> dict[str, str]:
    """What goes into the image file: the alt text, and the source's file name if there is one."""
    return {"Description": layout.alt, **({"Source": source_name} if source_name else {})}


def write_card(
    card: Card,
    folder: Path,
    image_format: ImageFormat,
    data: bytes,
    alt: str,
    quote_size: int,
    *,
    thumbnail: bytes | None = None,
    size: tuple[int, int] = (0, 0),
    alt_file: bool = True,
) -> Written:
    """Write a painted card and its alt text beside it (unless ``alt_file`` is false; and its
    thumbnail, if given), each atomically, inside ``folder``; every renderer's batch ends
    here."""
    from quotecards.render.thumbnails import SUFFIX

    image = _inside(folder, card.stem + SUFFIXES[image_format])
    write_atomically(image, data)
    alt_path = None
    if alt_file:
        alt_path = _inside(folder, card.stem + ".alt.txt")
        write_atomically(alt_path, (alt + "\n").encode("utf-8"))
    small = None
    if thumbnail is not None:
        small = _inside(folder, card.stem + SUFFIX)
        write_atomically(small, thumbnail)
    return Written(
        image,
        alt_path,
        alt,
        card.text.id,
        card.format.name,
        card.theme.name,
        quote_size,
        small,
        hashlib.sha256(data).hexdigest(),
        size,
    )


def failure(card: Card, message: str) -> Failed:
    return Failed(card.text.id, card.format.name, card.theme.name, message, card.stem)


def output_folder(out: Path) -> Path:
    """Make the folder cards are written to, or say in one line why it cannot be."""
    if out.exists() and not out.is_dir():
        raise QuotecardsError(
            f"{out}: is a file, not a folder; give --out a folder (it is made if need be)"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise QuotecardsError(f"{out}: cannot make the folder ({error.strerror})") from None
    return out


def _inside(folder: Path, name: str) -> Path:
    path = folder / name
    if path.parent != folder or name.startswith("."):
        raise ValueError(f"refusing to write {name!r} outside {folder}")
    return path
