"""Carousels to files: the API behind ``quotecards carousel``, and what a build's carousels use.

A carousel is a :class:`~quotecards.typeset.slides.Deck` (what the cover, the quotes and the end
say; :func:`deck_of` makes one from a source's picks), set as slides
(:func:`quotecards.typeset.slides.slides`), painted by either renderer, and written as:

- numbered images for Instagram: ``01-cover.png``, ``02-<slug of the quote>.png`` ...
  ``NN-end.png``, each with its alt text beside it (``.alt.txt``) and in its ``Description``;
- ``carousel.pdf``, a page a slide, each the slide's size, for a LinkedIn document post;
- ``carousel.json``, the slides in order with their alt text, sha256 and size.

The same inputs give the same bytes, the PDF's too: it carries no date and a fixed producer.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

from quotecards import __version__
from quotecards.errors import QuotecardsError
from quotecards.files import write_atomically
from quotecards.formats import Format, parse_formats
from quotecards.render.cards import output_folder, slug
from quotecards.themes import Theme
from quotecards.typeset.layout import CardText
from quotecards.typeset.slides import MAX_QUOTES, Deck, slides

if TYPE_CHECKING:
    from PIL import Image

    from quotecards.brand import Brand
    from quotecards.model import Document
    from quotecards.render.html import HtmlRenderer
    from quotecards.typeset.layout import Layout

# Instagram's carousels and LinkedIn's document posts both show 1:1 and 4:5 whole.
CAROUSEL_FORMATS = ("square", "portrait")
PDF = "carousel.pdf"
INDEX = "carousel.json"
SCHEMA = "quotecards.carousel/1"
Kind = Literal["cover", "quote", "end"]
_PDF_JPEG = {"quality": 95, "subsampling": 0}  # the PDF's pages: sharp type, no colour bleed
_STALE = re.compile(r"\d{2}-[^/]*\.(?:png|alt\.txt)")

# The words of a cover without the document's own headline (the kicker over the speaker's name)
# and of the end slide, by language: an interview's, then an article's.
_WORDS: dict[str, tuple[str, str, str, str]] = {
    "en": ("In conversation", "On the record",
           "Read the full interview", "Read the full story"),
    "es": ("En conversación", "En sus palabras",
           "Lee la entrevista completa", "Lee el artículo completo"),
    "fr": ("Entretien", "Dans ses mots",
           "Lire l’entretien complet", "Lire l’article complet"),
    "de": ("Im Gespräch", "In eigenen Worten",
           "Das ganze Interview lesen", "Den ganzen Artikel lesen"),
    "it": ("In conversazione", "Con le sue parole",
           "Leggi l’intervista completa", "Leggi l’articolo completo"),
    "pt": ("Em conversa", "Nas suas palavras",
           "Leia a entrevista completa", "Leia o artigo completo"),
    "ja": ("インタビュー", "本人の言葉",
           "インタビュー全文を読む", "記事の全文を読む"),
    "zh": ("访谈", "原话",
           "阅读完整访谈", "阅读全文"),
}  # fmt: skip


class CarouselError(QuotecardsError):
    """A carousel that cannot be made as asked: a format that is not a carousel's, no quote."""


def check_format(fmt: Format) -> Format:
    """``fmt``, if a carousel may take it; else why not, and what to use (a story or a link
    preview is not a carousel)."""
    if fmt.name not in CAROUSEL_FORMATS:
        raise CarouselError(
            f"format {fmt.name!r} ({fmt.label}) is not a carousel format: Instagram and "
            f"LinkedIn show carousels whole in {' or '.join(CAROUSEL_FORMATS)} only; "
            "use --format square or --format portrait"
        )
    return fmt


def carousel_formats(spec: str) -> tuple[Format, ...]:
    """``--format`` for carousels: ``square``, ``portrait`` or both."""
    return tuple(check_format(fmt) for fmt in parse_formats(spec))


def check_top(top: int) -> int:
    """``--top`` for a carousel: at most as many quotes as Instagram has slides for."""
    if top > MAX_QUOTES:
        raise CarouselError(
            f"--top {top}: a carousel holds at most {MAX_QUOTES} quotes (Instagram shows "
            f"{MAX_QUOTES + 2} slides: the cover, the quotes and the end); ask for fewer"
        )
    return top


@dataclass(frozen=True, slots=True)
class About:
    """What a carousel's cover and end take from the document: its own headline, who answers
    (an interview's interviewee), whether it is an article, and its language."""

    title: str = ""
    interviewee: str | None = None
    article: bool = False
    language: str = "en"

    @classmethod
    def of(cls, document: Document) -> About:
        interviewee = document.interviewee
        return cls(
            document.title,
            interviewee.name if interviewee is not None else None,
            document.shape == "prose",
            document.language,
        )


def deck_of(texts: Sequence[CardText], about: About = About(), *, title: str = "") -> Deck:
    """What a carousel of ``texts`` (the quotes' cards, in order) says.

    The cover is about the interviewee if they are quoted, else about everyone quoted; its
    title is ``title``, else the document's own, else their names under "In conversation" ("On
    the record" for an article), in the document's language where quotecards has the words.
    The publication, handle and source line are the first the cards carry; the role and
    photograph, those of the one person the carousel is about."""
    if not texts:
        raise CarouselError("a carousel needs at least one quote; none was selected")
    quoted = Counter(t.speaker for t in texts if t.speaker)
    names = [name for name, _ in quoted.most_common()]
    if about.interviewee in quoted:
        names = [about.interviewee]
    # A carousel of several people's words is about none of them alone: no one's photo or
    # name stands for it, and the title names them all.
    speaker = names[0] if len(names) == 1 else None
    words = _WORDS.get(about.language.split("-")[0].lower(), _WORDS["en"])
    interview_kicker, article_kicker, interview_call, article_call = words
    title = title.strip() or about.title.strip()
    kicker = ""
    if not title:
        # Without a headline, the cover is who speaks, introduced.
        title = _names(names)
        kicker = article_kicker if about.article else interview_kicker
    theirs = [t for t in texts if t.speaker == speaker]
    return Deck(
        title=" ".join(title.split()),
        speaker=speaker,
        quotes=tuple(texts),
        kicker=kicker,
        people=_names(names),
        role=_first(t.role for t in theirs),
        call=article_call if about.article else interview_call,
        publication=_first(t.publication for t in texts),
        handle=_first(t.handle for t in texts),
        source=_first(t.source for t in texts),
        photo=next((t.photo for t in theirs if t.photo is not None), None),
    )


def _names(names: Sequence[str]) -> str:
    """``A``, ``A & B``, ``A, B & C``; past three, the three quoted most and an ellipsis."""
    if len(names) > 3:
        return ", ".join(names[:3]) + "\u2009\u2026"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " & " + names[-1]
    return names[0] if names else ""


def _first(values: Iterable[str]) -> str:
    return next((v for v in values if v), "")


# -- what a carousel is on disk ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slide:
    """A slide's image: its number, what it shows, its file name in the carousel's folder, its
    alt text, and its bytes' sha256, length and size in pixels."""

    number: int
    kind: Kind
    path: str
    alt: str
    sha256: str
    bytes: int
    width: int
    height: int
    quote_id: str = ""

    @property
    def alt_path(self) -> str:
        return self.path.rsplit(".", 1)[0] + ".alt.txt"


@dataclass(frozen=True, slots=True)
class Carousel:
    """A carousel made: its slides in order and its PDF (``carousel.pdf``)."""

    title: str
    format: str
    theme: str
    renderer: str
    slides: tuple[Slide, ...]
    pdf_sha256: str
    pdf_bytes: int

    def record(self, folder: str = "") -> dict[str, Any]:
        """``carousel.json``; in a bundle's manifest, with paths under ``folder``."""
        where = f"{folder}/" if folder else ""
        return {
            "schema": SCHEMA,
            "title": self.title,
            "format": self.format,
            "theme": self.theme,
            "renderer": self.renderer,
            "pdf": {
                "path": where + PDF,
                "sha256": self.pdf_sha256,
                "bytes": self.pdf_bytes,
                "pages": len(self.slides),
            },
            "slides": [
                {
                    "number": s.number,
                    "kind": s.kind,
                    "path": where + s.path,
                    "alt": s.alt,
                    "alt_path": where + s.alt_path,
                    "sha256": s.sha256,
                    "bytes": s.bytes,
                    "width": s.width,
                    "height": s.height,
                    "quote_id": s.quote_id or None,
                }
                for s in self.slides
            ],
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Carousel:
        """A carousel again from its :meth:`record` (without a folder): the build's cache."""
        names = {f.name for f in fields(Slide)}
        slides = tuple(
            Slide(**{k: v or "" if k == "quote_id" else v for k, v in s.items() if k in names})
            for s in data["slides"]
        )
        pdf = data["pdf"]
        return cls(
            data["title"],
            data["format"],
            data["theme"],
            data["renderer"],
            slides,
            pdf["sha256"],
            pdf["bytes"],
        )


def index_bytes(carousel: Carousel) -> bytes:
    """``carousel.json``'s bytes: indented, UTF-8, with a final newline (as the manifest)."""
    return (json.dumps(carousel.record(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def slide_names(deck: Deck) -> list[tuple[Kind, str, str]]:
    """Each slide's kind, file stem (``01-cover``, ``02-<slug>``, ``NN-end``) and quote id."""
    total = deck.count
    names: list[tuple[Kind, str, str]] = [("cover", "01-cover", "")]
    for number, text in enumerate(deck.quotes, 2):
        names.append(("quote", f"{number:02d}-{slug(text.quote)}", text.id))
    names.append(("end", f"{total:02d}-end", ""))
    return names


# -- making one --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Made:
    """A carousel made in memory: its record, each slide's image bytes and the PDF's."""

    carousel: Carousel
    images: tuple[bytes, ...]
    pdf: bytes


def render_carousel(
    deck: Deck,
    fmt: Format,
    theme: Theme,
    *,
    logo: Path | None = None,
    source: str = "",
    renderer: str = "pillow",
    chromium: str | None = None,
    scale: int = 1,
    painter: HtmlRenderer | None = None,
) -> Made:
    """Set and paint every slide of ``deck`` in ``fmt`` and ``theme`` (brand applied; ``logo``
    the brand's for it), and make the PDF; nothing is written.  ``source`` is the source file's
    name, kept in each PNG's ``Source``; ``renderer``, ``chromium`` and ``scale`` are
    ``quotecards render``'s (or pass a running HTML ``painter``)."""
    from quotecards.fonts import FontBook

    check_format(fmt)
    book = painter.book if painter is not None else FontBook.default()
    layouts = slides(deck, fmt, theme, book, logo=logo)
    name = PurePath(source).name if source else ""
    metadata = [{"Description": lay.alt, **({"Source": name} if name else {})} for lay in layouts]
    if renderer == "html":
        images, pages = _paint_html(layouts, theme, metadata, chromium, scale, painter)
    elif renderer == "pillow" and scale == 1:
        images, pages = _paint_pillow(layouts, metadata, book)
    else:
        raise QuotecardsError(
            f"renderer {renderer!r} at scale {scale}: use pillow (1x) or html (1x or 2x)"
        )
    made = []
    for (kind, stem, quote_id), number, data, page, layout in zip(
        slide_names(deck), range(1, deck.count + 1), images, pages, layouts, strict=True
    ):
        made.append(
            Slide(
                number,
                kind,
                f"{stem}.png",
                layout.alt,
                hashlib.sha256(data).hexdigest(),
                len(data),
                page.width,
                page.height,
                quote_id,
            )
        )
    pdf = pdf_of(pages, title=deck.heading, scale=scale)
    carousel = Carousel(
        deck.heading,
        fmt.name,
        theme.name,
        renderer,
        tuple(made),
        hashlib.sha256(pdf).hexdigest(),
        len(pdf),
    )
    return Made(carousel, tuple(images), pdf)


def _paint_pillow(
    layouts: Sequence[Layout], metadata: Sequence[dict[str, str]], book: Any
) -> tuple[list[bytes], list[Image.Image]]:
    from quotecards.render.pillow import PillowRenderer, encode

    painter = PillowRenderer(book)
    pages = [painter.paint(layout) for layout in layouts]
    return [encode(p, "png", m) for p, m in zip(pages, metadata, strict=True)], pages


def _paint_html(
    layouts: Sequence[Layout],
    theme: Theme,
    metadata: Sequence[dict[str, str]],
    chromium: str | None,
    scale: int,
    painter: HtmlRenderer | None,
) -> tuple[list[bytes], list[Image.Image]]:
    from quotecards.render.html import HtmlRenderer, decode

    own = painter is None
    browser = painter or HtmlRenderer(chromium=chromium, scale=scale, themes=())
    browser.themes[theme.name] = theme
    by_layout = {id(layout): meta for layout, meta in zip(layouts, metadata, strict=True)}
    try:
        results = list(browser.render_many(layouts, "png", lambda layout: by_layout[id(layout)]))
    finally:
        if own:
            browser.close()
    images = []
    for number, result in enumerate(results, 1):
        if isinstance(result, QuotecardsError):
            raise CarouselError(f"slide {number} of {len(results)}: {result}")
        images.append(result.data)
    return images, [decode(data) for data in images]


def pdf_of(pages: Sequence[Image.Image], *, title: str, scale: int = 1) -> bytes:
    """One PDF page a slide, each the slide's size (in points: a pixel of the format each, so
    a 2x render is twice as sharp on the same page).  No creation or modification date, and
    quotecards as the producer: the same slides give the same bytes."""
    first, *rest = [page.convert("RGB") for page in pages]
    out = io.BytesIO()
    first.save(
        out,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=72.0 * scale,
        title=title,
        producer=f"quotecards {__version__}",
        creator=f"quotecards {__version__}",
        creationDate=None,
        modDate=None,
        **_PDF_JPEG,
    )
    return out.getvalue()


def write_carousel(made: Made, folder: Path) -> None:
    """Write a carousel into ``folder`` (made if need be), each file atomically: the slides and
    their alt texts, the PDF, ``carousel.json`` last; then remove slides an earlier, longer
    carousel left there, so that the folder holds this carousel only."""
    output_folder(folder)
    carousel = made.carousel
    for slide, data in zip(carousel.slides, made.images, strict=True):
        write_atomically(folder / slide.path, data)
        write_atomically(folder / slide.alt_path, (slide.alt + "\n").encode("utf-8"))
    write_atomically(folder / PDF, made.pdf)
    write_atomically(folder / INDEX, index_bytes(carousel))
    ours = {name for s in carousel.slides for name in (s.path, s.alt_path)}
    for path in folder.iterdir():
        if _STALE.fullmatch(path.name) and path.name not in ours and path.is_file():
            path.unlink()


def carousel_folder(out: Path, source: str, fmt: Format, theme: Theme) -> Path:
    """``<out>/<source>--carousel--<format>--<theme>``: one folder a carousel."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePath(source).stem).strip("-") or "source"
    theme_part = re.sub(r"[^A-Za-z0-9_-]+", "-", theme.name).strip("-") or "theme"
    return out / f"{stem}--carousel--{fmt.name}--{theme_part}"


def make_carousels(
    texts: Sequence[CardText],
    formats: Sequence[Format],
    themes: Sequence[Theme],
    out: Path,
    *,
    source: str,
    about: About = About(),
    title: str = "",
    brand: Brand | None = None,
    renderer: str = "pillow",
    chromium: str | None = None,
    scale: int = 1,
) -> tuple[list[tuple[Path, Carousel]], tuple[str, ...]]:
    """A carousel of ``texts`` in every format and theme, each written into its own folder
    under ``out`` (:func:`carousel_folder`); and the notes of the brand check.  The words of
    the cover and end are :func:`deck_of`'s; one browser paints them all with ``html``."""
    from contextlib import ExitStack

    from quotecards.brand import apply_brand, logo_for

    formats = [check_format(fmt) for fmt in formats]
    deck = deck_of(texts, about, title=title)
    written = []
    notes: dict[str, None] = {}
    with ExitStack() as stack:
        painter = None
        if renderer == "html":
            from quotecards.render.html import HtmlRenderer

            painter = stack.enter_context(HtmlRenderer(chromium=chromium, scale=scale, themes=()))
        for fmt in formats:
            for theme in themes:
                applied = apply_brand(theme, brand)
                notes.update(dict.fromkeys(applied.notes))
                made = render_carousel(
                    deck,
                    fmt,
                    applied.theme,
                    logo=logo_for(brand, theme),
                    source=source,
                    renderer=renderer,
                    chromium=chromium,
                    scale=scale,
                    painter=painter,
                )
                folder = carousel_folder(out, source, fmt, theme)
                write_carousel(made, folder)
                written.append((folder, made.carousel))
    return written, tuple(notes)
