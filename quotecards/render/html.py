"""The HTML renderer: a Jinja2 template per theme, filled from a layout, fitted and screenshotted
in a pooled Chromium.

For teams who design in HTML and CSS.  The card is the same card as the Pillow renderer's: the
layout (:func:`quotecards.typeset.typeset`) decides every line (the quote's too: its breaks are
the layout's, one set of line breaks for both renderers), where each goes, its size, face and
colour, and the rules and logo; the template (``templates/<theme>.html.j2``, else
``base.html.j2``) draws them with CSS, and ``templates/card.js`` puts each line on its baseline.
The page then measures every line as Chromium set it: one that runs more than a hair wider or
narrower than the layout measured it (another font drew it) is an error, never a card whose
lines no longer fit.

Each page of the pool loads one shell document (``templates/shell.html.j2``) that declares every
vendored face with ``@font-face``; cards are swapped in and out of it, so fonts are fetched and
decoded once per page.  Fonts, the theme's photo and the brand's logo are served to the page by
a Playwright route from their files; every other request is aborted.  Before each screenshot the
page checks that every face the card uses is loaded in ``document.fonts``.

Typical use::

    with HtmlRenderer() as renderer:
        png = renderer.render(layout, "png", {"Description": layout.alt})
        for result in renderer.render_many(layouts):   # all pages of the pool at work
            ...

:func:`render_planned` is the batch API behind ``--renderer html``, the counterpart of
:func:`quotecards.render.cards.render_planned`.
"""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import io
import os
import re
import secrets
import struct
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quotecards.errors import QuotecardsError
from quotecards.fonts import Face, FontBook, FontError
from quotecards.images import check_image, cropped_photo
from quotecards.render import ImageFormat
from quotecards.render.browser import (
    BrowserError,
    Chromium,
    LoopThread,
    PagePool,
    Slot,
)
from quotecards.themes import TEMPLATES, Theme, ThemeError, load_themes
from quotecards.typeset import FitError, Layout
from quotecards.typeset.layout import Role, TextLine

if TYPE_CHECKING:
    from jinja2 import Environment
    from PIL import Image
    from playwright.async_api import Route

    from quotecards.render.cards import Card, Failed, Progress, Written

# A name that can never resolve (RFC 2606): the page's own origin, served only by the route.
ORIGIN = "https://quotecards.invalid"
SHELL = f"{ORIGIN}/"
_SHOW = "([html, spec]) => window.quotecards.show(html, spec)"
_NEXT_FRAME = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)
_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
# How far Chromium's advance of a line may differ from the layout's, in px and as a share of it:
# subpixel positioning and hinting, never another font or another break.
_DRIFT = {"px": 2.0, "share": 0.015}
_CONTENT_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def default_pages() -> int:
    """Pages in the pool: enough to keep every core busy while others wait on a frame."""
    return max(2, min(4, 2 * (os.cpu_count() or 1)))


# -- the page's data ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Font:
    """A CSS font: the family with its fallbacks (the font book's chain), weight and style."""

    stack: str
    weight: int
    style: Literal["normal", "italic"]


@dataclass(frozen=True, slots=True)
class FixedLine:
    """A line of the card, placed by the layout: the quote's lines, its marks, the attribution,
    the publication.  ``x`` is its left end, ``baseline`` its baseline, ``width`` its advance
    as the layout measured it (the page checks Chromium's against it).  ``pieces`` are its text
    cut where the colour changes, ``(text, colour)``, a colour of "" being the line's own: a
    highlighted phrase is a span of the accent inside the one line."""

    role: Role
    text: str
    x: float
    baseline: float
    size: float
    colour: str
    direction: str
    font: Font
    width: float = 0.0
    language: str = ""
    pieces: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Fill:
    """A rule: a rectangle of colour."""

    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True, slots=True)
class Picture:
    """An image served by the route (the logo, a speaker's photo, already cropped to its box),
    scaled into its box; a photo may be cut to a ``circle``."""

    url: str
    x: float
    y: float
    width: float
    height: float
    shape: str = "rect"


@dataclass(frozen=True, slots=True)
class Backdrop:
    """The theme's background: a colour, a gradient over it, or a photo under a scrim (served
    already cropped to the card about its focal point)."""

    colour: str
    gradient: tuple[str, ...] = ()
    angle: float = 180.0
    photo: str = ""
    scrim: str = "#000000"
    scrim_opacity: float = 0.0


@dataclass(frozen=True, slots=True)
class Asset:
    """A file the card's page may load, at ``url``; a photo is cropped about ``focus`` to
    ``cover`` a box of that many CSS pixels before it is served."""

    url: str
    path: Path
    cover: tuple[int, int] | None = None
    focus: tuple[tuple[float, float], tuple[float, float]] = ((0.5, 0.5), (0.5, 0.5))


@dataclass(frozen=True, slots=True)
class CardPage:
    """Everything a card's template and ``card.js`` read: the layout's frame, as data."""

    theme: str
    template: str
    folders: tuple[Path, ...]
    width: int
    height: int
    background: Backdrop | None
    rules: tuple[Fill, ...]
    logo: Picture | None
    lines: tuple[FixedLine, ...]
    photos: tuple[Picture, ...]
    quote_size: int
    faces: tuple[Face, ...]
    assets: tuple[Asset, ...]
    preview: str = ""

    def spec(self, book: FontBook) -> dict[str, Any]:
        """What ``quotecards.show`` takes besides the HTML: the faces to load, and how wide
        the layout measured each line."""
        return {
            "faces": [
                {
                    "family": f.family,
                    "weight": f.weight,
                    "italic": f.italic,
                    "file": str(f.path),
                }
                for f in self.faces
            ],
            "widths": [line.width for line in self.lines],
            "tolerance": _DRIFT,
        }


def css_string(text: str) -> str:
    """``Source Serif 4`` -> ``"Source Serif 4"``, escaped for CSS (quotes, backslashes, ``<``
    and control characters), so no name can end a declaration or a ``<style>`` element."""
    out = []
    for char in text:
        if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _px(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "px"


def _font_path(book: FontBook, face: Face) -> str:
    try:
        return face.path.relative_to(book.directory).as_posix()
    except ValueError:
        return face.path.name


def font_url(book: FontBook, face: Face) -> str:
    return f"{ORIGIN}/fonts/{_font_path(book, face)}"


def asset_url(
    path: Path,
    cover: tuple[int, int] | None = None,
    focus: tuple[tuple[float, float], tuple[float, float]] = ((0.5, 0.5), (0.5, 0.5)),
) -> str:
    """A stable URL for a photo or logo file, named by a hash of its path and, for a cropped
    photo, of its box and focal point (no path leaks)."""
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    if cover is not None:
        where = hashlib.sha256(repr(focus).encode()).hexdigest()[:8]
        return f"{ORIGIN}/assets/{digest}-{cover[0]}x{cover[1]}-{where}.png"
    return f"{ORIGIN}/assets/{digest}{path.suffix.lower()}"


def covering(
    path: Path,
    size: tuple[int, int],
    focus: tuple[tuple[float, float], tuple[float, float]] = ((0.5, 0.5), (0.5, 0.5)),
) -> bytes:
    """The photo cropped about ``focus`` (the focal point, and the point of the box it is
    brought to) to cover ``size`` pixels, as PNG.

    Cropped once per box, with the crop and the Lanczos filter the Pillow renderer uses
    (:func:`quotecards.images.cropped_photo`), rather than by Chromium on every card: the two
    renderers show the same face in the same place, and a large photo costs no screenshot a
    resampling.
    """
    out = io.BytesIO()
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    cropped_photo(path, size, focus[0], mtime, focus[1]).save(out, "PNG", compress_level=1)
    return out.getvalue()


def _stack(book: FontBook, family: str) -> str:
    """The CSS family list for ``family``: the font book's fallback chain, in its order, so
    Chromium picks the same face for each character as :meth:`FontBook.runs` does."""
    names = [family, *book.families[family].fallback, *book.fallback]
    return ", ".join(css_string(name) for name in dict.fromkeys(names))


def _face_of(book: FontBook, lines: Sequence[TextLine]) -> Face:
    """The face asked for on these lines: the first run in a text family, not a fallback."""
    faces = [run.face for line in lines for run in line.runs]
    return next((f for f in faces if book.families[f.family].role == "text"), faces[0])


def _font(book: FontBook, face: Face) -> Font:
    return Font(_stack(book, face.family), face.weight, "italic" if face.italic else "normal")


def card_page(
    layout: Layout,
    theme: Theme,
    book: FontBook,
    *,
    roles: Iterable[Role] | None = None,
    background: bool = True,
) -> CardPage:
    """The page's data for ``layout`` in ``theme``.  Colours and faces come from the layout,
    so a brand's survive.

    With ``roles``, only lines of those roles are drawn (and no rules or logo), and with
    ``background=False`` nothing under them, as :meth:`PillowRenderer.paint` does: tests
    measure ink this way.
    """
    shown = frozenset(roles) if roles is not None else None
    quotes = layout.lines_of("quote")
    if not quotes:
        raise FitError(f"the layout for theme {theme.name!r} has no quote to set")
    # Without the background, the frame goes too: its panels, photos and ornament.
    drawn = [
        line
        for line in layout.lines
        if (shown is None and (background or line.role != "ornament"))
        or (shown is not None and line.role in shown)
    ]
    # The renderer's own faces (its book may sit elsewhere than the layout's): the page loads
    # them by family, weight and style.
    faces = dict.fromkeys(
        book.face(run.face.family, run.face.weight, run.face.italic)
        for line in drawn
        for run in line.runs
    )
    backdrop, assets = _backdrop(layout) if background else (None, [])
    logo = None
    if shown is None and layout.logo is not None:
        b = layout.logo.box
        logo = Picture(asset_url(layout.logo.path), b.x, b.y, b.width, b.height)
        assets.append(Asset(logo.url, layout.logo.path))
    photos = []
    for photo in layout.photos if shown is None else ():
        if photo.backdrop and not background:
            continue
        b = photo.box
        size = (round(b.width), round(b.height))
        focus = (photo.focus, (0.5, 0.5))
        url = asset_url(photo.path, size, focus)
        photos.append(Picture(url, b.x, b.y, b.width, b.height, photo.shape))
        assets.append(Asset(url, photo.path, size, focus))
    rules = (
        tuple(
            Fill(r.box.x, r.box.y, r.box.width, r.box.height, r.colour)
            for r in (*(layout.panels if background else ()), *layout.rules)
        )
        if shown is None
        else ()
    )
    template, folders = _template(theme)
    words = " ".join(line.text for line in quotes).split()
    return CardPage(
        theme=theme.name if _SAFE_NAME.fullmatch(theme.name) else "custom",
        template=template,
        folders=folders,
        width=layout.format.width,
        height=layout.format.height,
        background=backdrop,
        rules=rules,
        logo=logo,
        photos=tuple(photos),
        lines=tuple(
            FixedLine(
                line.role,
                line.text,
                line.x,
                line.baseline,
                line.size,
                line.colour,
                line.direction,
                _font(book, _face_of(book, [line])),
                line.width,
                next((run.language for run in line.runs if run.language), "") or "",
                _pieces(line),
            )
            for line in drawn
        ),
        quote_size=layout.quote_size,
        faces=tuple(faces),
        assets=tuple(assets),
        preview=" ".join(words[:6]) + (" \u2026" if len(words) > 6 else ""),
    )


def _pieces(line: TextLine) -> tuple[tuple[str, str], ...]:
    if not line.accents:
        return ((line.text, ""),)
    return tuple((text, "" if colour == line.colour else colour) for text, colour in line.pieces())


def _backdrop(layout: Layout) -> tuple[Backdrop, list[Asset]]:
    back = layout.background
    photo = ""
    assets = []
    if back.kind == "photo" and back.photo is not None:
        focus = (back.focus, back.anchor)
        photo = asset_url(back.photo, layout.format.size, focus)
        assets.append(Asset(photo, back.photo, layout.format.size, focus))
    gradient = back.colors if back.kind == "gradient" else ()
    backdrop = Backdrop(
        layout.background_colour, gradient, back.angle, photo, back.scrim, back.scrim_opacity
    )
    return backdrop, assets


def _template(theme: Theme) -> tuple[str, tuple[Path, ...]]:
    """The theme's own template (``<name>.html.j2`` beside its TOML file, or in
    ``templates/``), else ``base.html.j2``; and the folders Jinja looks in."""
    folder = theme.source.parent if theme.source is not None else TEMPLATES
    folders = tuple(dict.fromkeys((folder.resolve(), TEMPLATES)))
    own = f"{theme.name}.html.j2"
    if _SAFE_NAME.fullmatch(theme.name) and any((f / own).is_file() for f in folders):
        return own, folders
    return "base.html.j2", folders


@cache
def _environment(folders: tuple[Path, ...]) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    environment.filters["css_string"] = css_string
    environment.filters["px"] = _px
    return environment


def card_html(page: CardPage) -> str:
    """The card's HTML fragment, from its theme's template (autoescaped)."""
    return _environment(page.folders).get_template(page.template).render(page=page)


def shell_html(book: FontBook, nonce: str) -> str:
    """The document every page loads once: @font-face for every vendored face, CSS, script."""
    from markupsafe import Markup

    environment = _environment((TEMPLATES,))
    faces = [
        {"family": f.family, "weight": f.weight, "italic": f.italic, "url": font_url(book, f)}
        for f in book.faces()
    ]
    return environment.get_template("shell.html.j2").render(
        faces=faces,
        css=Markup((TEMPLATES / "card.css").read_text(encoding="utf-8")),
        script=Markup((TEMPLATES / "card.js").read_text(encoding="utf-8")),
        nonce=nonce,
        origin=ORIGIN,
    )


# -- image bytes --------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def png_with_text(png: bytes, metadata: Mapping[str, str]) -> bytes:
    """``png`` with ``metadata`` as text chunks after its header, as Pillow writes them: tEXt
    for Latin-1, iTXt (UTF-8) for anything else.  No re-encoding: Chromium's pixels, as drawn."""
    if png[12:16] != b"IHDR":
        raise ValueError("not a PNG from Chromium: no IHDR chunk first")
    chunks = []
    for key, value in metadata.items():
        keyword = key.encode("latin-1")
        try:
            chunks.append(_chunk(b"tEXt", keyword + b"\0" + value.encode("latin-1")))
        except UnicodeEncodeError:
            chunks.append(_chunk(b"iTXt", keyword + b"\0\0\0\0\0" + value.encode("utf-8")))
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, its 13 bytes, CRC
    return png[:header_end] + b"".join(chunks) + png[header_end:]


def encode_screenshot(png: bytes, image_format: ImageFormat, metadata: Mapping[str, str]) -> bytes:
    """The file's bytes: the screenshot with its metadata, or re-encoded as JPEG or WebP with
    the Pillow renderer's settings."""
    if image_format == "png":
        return png_with_text(png, metadata)
    from PIL import Image

    from quotecards.render.pillow import encode

    with Image.open(io.BytesIO(png)) as image:
        return encode(image.convert("RGB"), image_format, metadata)


def decode(png: bytes, background: bool = True) -> Image.Image:
    """A screenshot as an image: RGB, or RGBA when it was painted without a background."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB" if background else "RGBA")


# -- the renderer -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    """A card's image bytes, the quote's size, and how many quote lines the page drew."""

    data: bytes
    quote_size: int
    lines: int


@dataclass(frozen=True, slots=True)
class PlatformFont:
    """A font Chromium really drew with (DevTools' ``CSS.getPlatformFontsForNode``)."""

    family: str
    postscript: str
    custom: bool  # a web font from @font-face, not a system font
    glyphs: int


@dataclass(frozen=True, slots=True)
class _Painted:
    png: bytes
    size: int
    lines: int


class HtmlRenderer:
    """Paints layouts in Chromium, through one browser with a pool of ``pages``.

    ``chromium`` is a browser path (else :func:`~quotecards.render.browser.find_chromium`
    decides); ``scale`` the device scale factor (2 gives images twice the format's size);
    ``themes`` the themes layouts may name (default: every theme in ``templates/``; pass the
    brand-applied ones).  The browser starts on first use; use the renderer as a context
    manager, or call :meth:`close`, so that it stops.
    """

    name = "html"

    def __init__(
        self,
        *,
        chromium: str | os.PathLike[str] | None = None,
        pages: int | None = None,
        scale: int = 1,
        themes: Iterable[Theme] | None = None,
        book: FontBook | None = None,
    ) -> None:
        if scale not in (1, 2):
            raise QuotecardsError(f"scale {scale!r}: the HTML renderer draws at 1x or 2x")
        self.book = book or FontBook.default()
        self.scale = scale
        self.pages = max(1, pages or default_pages())
        self.themes = {t.name: t for t in (load_themes() if themes is None else themes)}
        self.blocked: list[str] = []
        self.broken: dict[str, str] = {}  # asset URL -> why its file cannot be served
        self._chromium = chromium
        self._loop: LoopThread | None = None
        self._pool: PagePool | None = None
        self._pools: list[PagePool] = []
        # What the route serves, by URL: how to get the bytes (once) and their type.
        self._assets: dict[str, tuple[Callable[[], bytes], str]] = {}
        self._bytes: dict[str, bytes] = {}

    def __enter__(self) -> HtmlRenderer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- lifecycle --

    def start(self) -> HtmlRenderer:
        """Launch the browser and load the shell into every page (once)."""
        if self._pool is not None:
            return self
        nonce = secrets.token_urlsafe(16)
        shell = shell_html(self.book, nonce).encode()
        self._assets[SHELL] = (lambda: shell, "text/html; charset=utf-8")
        for face in self.book.faces():
            url = font_url(self.book, face)
            self._assets[url] = (face.path.read_bytes, _content_type(face.path))
        loop = LoopThread()
        pool = PagePool(
            self._chromium,
            size=self.pages,
            scale=self.scale,
            route=self._serve,
            prepare=self._prepare,
        )
        loop.on_close(pool.close, pool.reap)
        self._pools.append(pool)
        try:
            loop.run(pool.start())
        except BaseException:
            loop.close()
            raise
        self._loop, self._pool = loop, pool
        return self

    def close(self) -> None:
        """Stop the browser; no Chromium process of this renderer outlives the call."""
        loop, self._loop, self._pool = self._loop, None, None
        if loop is not None:
            loop.close()

    @property
    def chromium(self) -> Chromium | None:
        return self._pool.chromium if self._pool is not None else None

    @property
    def version(self) -> str:
        return self._pool.version if self._pool is not None else ""

    @property
    def restarts(self) -> int:
        """How many times the browser was relaunched after dying."""
        return self._pool.restarts if self._pool is not None else 0

    def processes(self) -> list[int]:
        """Ids of this renderer's live Chromium processes: none once it is closed."""
        return sorted({pid for pool in self._pools for pid in pool.processes()})

    # -- rendering --

    def render(
        self,
        layout: Layout,
        image_format: ImageFormat = "png",
        metadata: Mapping[str, str] | None = None,
    ) -> bytes:
        """One card's image bytes (the :class:`~quotecards.render.Renderer` protocol)."""
        (result,) = self.render_many([layout], image_format, lambda _: metadata or {})
        if isinstance(result, QuotecardsError):
            raise result
        return result.data

    def render_many(
        self,
        layouts: Iterable[Layout],
        image_format: ImageFormat = "png",
        metadata: Callable[[Layout], Mapping[str, str]] | None = None,
        *,
        roles: Iterable[Role] | None = None,
        background: bool = True,
    ) -> Iterator[Rendered | QuotecardsError]:
        """Render every layout, all pages at work, yielding results in order.

        A card that cannot be made (Chromium sets a line at another width, a font does not load)
        yields its error and the rest go on.  ``layouts`` is read as pages free up, so a
        generator that sets each card can keep ahead of the browser.  ``roles`` and
        ``background`` are :meth:`paint`'s.
        """
        self.start()
        shown = tuple(roles) if roles is not None else None
        pending: deque[tuple[Layout, concurrent.futures.Future[_Painted] | QuotecardsError]]
        pending = deque()
        try:
            for layout in layouts:
                pending.append((layout, self._submit(layout, shown, background)))
                while len(pending) > 2 * self.pages:
                    yield self._collect(*pending.popleft(), image_format, metadata)
            while pending:
                yield self._collect(*pending.popleft(), image_format, metadata)
        finally:
            for _, future in pending:
                if isinstance(future, concurrent.futures.Future):
                    future.cancel()

    def paint(
        self, layout: Layout, *, roles: Iterable[Role] | None = None, background: bool = True
    ) -> Image.Image:
        """The card as an image: RGB, or with ``background=False`` RGBA with only what is drawn
        on it; with ``roles``, only those lines (as :meth:`PillowRenderer.paint`)."""
        (result,) = self.render_many([layout], roles=roles, background=background)
        if isinstance(result, QuotecardsError):
            raise result
        return decode(result.data, background)

    def fonts_used(self, layout: Layout) -> dict[str, tuple[PlatformFont, ...]]:
        """The fonts Chromium really drew each part of the card with, by role (``quote``,
        ``mark``, ``speaker``...), as DevTools reports them: the honest test that no system
        font stood in for a vendored one."""
        self.start()
        assert self._loop is not None and self._pool is not None
        page = card_page(layout, self._theme(layout), self.book)
        self._register(page)
        job = partial(self._platform_fonts, page, card_html(page))
        return self._loop.run(self._pool.run(job, _what(page)))

    # -- inside --

    def _theme(self, layout: Layout) -> Theme:
        theme = self.themes.get(layout.theme_name)
        if theme is None:
            known = ", ".join(self.themes) or "none"
            raise ThemeError(
                f"the HTML renderer was not given theme {layout.theme_name!r} "
                f"(it has: {known}); pass it in themes="
            )
        return theme

    def _register(self, page: CardPage) -> None:
        for asset in page.assets:
            # Decoded here first (once per file): a broken photo or logo fails its card in
            # words, at once, rather than leaving the page waiting for the image.
            check_image(asset.path)
            if asset.cover is not None:
                size = (asset.cover[0] * self.scale, asset.cover[1] * self.scale)
                self._assets.setdefault(
                    asset.url, (partial(covering, asset.path, size, asset.focus), "image/png")
                )
            else:
                self._assets.setdefault(
                    asset.url, (asset.path.read_bytes, _content_type(asset.path))
                )

    def _submit(
        self, layout: Layout, roles: Iterable[Role] | None, background: bool
    ) -> concurrent.futures.Future[_Painted] | QuotecardsError:
        self.start()
        assert self._loop is not None and self._pool is not None
        try:
            page = card_page(
                layout, self._theme(layout), self.book, roles=roles, background=background
            )
            self._register(page)
        except QuotecardsError as error:
            return error
        job = partial(self._paint, page, card_html(page))
        return self._loop.submit(self._pool.run(job, _what(page)))

    def _collect(
        self,
        layout: Layout,
        future: concurrent.futures.Future[_Painted] | QuotecardsError,
        image_format: ImageFormat,
        metadata: Callable[[Layout], Mapping[str, str]] | None,
    ) -> Rendered | QuotecardsError:
        if isinstance(future, QuotecardsError):
            return future
        try:
            painted = LoopThread.wait(future)
        except QuotecardsError as error:
            return error
        data = encode_screenshot(
            painted.png, image_format, metadata(layout) if metadata is not None else {}
        )
        return Rendered(data, painted.size, painted.lines)

    async def _serve(self, route: Route) -> None:
        """The route every request of every page goes through: the shell, fonts, the photo and
        the logo are served from their files; anything else is aborted, so a card never reaches
        the network."""
        url = route.request.url.split("#", 1)[0]
        found = self._assets.get(url)
        if found is None:
            self.blocked.append(url)
            await route.abort("blockedbyclient")
            return
        load, content_type = found
        if url not in self._bytes:
            try:
                self._bytes[url] = load()
            except QuotecardsError as error:
                # A photo or logo broken since its theme or brand was read: the card fails
                # with this, at once, instead of the page waiting for an answer.
                self.broken[url] = str(error)
                await route.abort("failed")
                return
        await route.fulfill(status=200, body=self._bytes[url], content_type=content_type)

    async def _prepare(self, slot: Slot) -> None:
        slot.state.clear()
        await slot.page.goto(SHELL, wait_until="load")

    async def _show(self, page: CardPage, html: str, slot: Slot) -> dict[str, Any]:
        viewport = (page.width, page.height)
        if slot.state.get("viewport") != viewport:
            await self._resize(slot, viewport)
        transparent = page.background is None
        if slot.state.get("transparent", False) != transparent:
            clear = {"color": {"r": 0, "g": 0, "b": 0, "a": 0}} if transparent else {}
            await slot.cdp.send("Emulation.setDefaultBackgroundColorOverride", clear)
            slot.state["transparent"] = transparent
        answer: dict[str, Any] = await slot.page.evaluate(_SHOW, [html, page.spec(self.book)])
        error = answer.get("error")
        if error == "drift":
            off = "; ".join(
                f"{d['role']} \u201c{d['text']}\u201d: {d['drawn']:.1f} px, not {d['width']:.1f}"
                for d in answer["lines"]
            )
            raise FontError(
                f"Chromium set lines of {_what(page)} at other widths than the layout measured "
                f"({off}): another font drew them, so the layout's line breaks would not hold; "
                f"check the files in {self.book.directory} and its fonts.toml"
            )
        if error == "fonts":
            faces = "; ".join(
                f"{m['family']} {m['weight']}{' italic' if m['italic'] else ''} "
                f"({m['file']}): {m['status']}"
                for m in answer["missing"]
            )
            raise FontError(
                f"Chromium did not load the card's fonts ({faces}), so it would "
                f"have drawn in a stand-in font; check the files in {self.book.directory} and "
                "its fonts.toml"
            )
        if error == "images":
            broken = [self.broken[url] for url in answer["images"] if url in self.broken]
            if broken:
                raise QuotecardsError(broken[0])
            raise QuotecardsError(
                f"the {page.template} template asks for {', '.join(answer['images'])}, which "
                "the card cannot load: a template may use only the theme's photo and the "
                "brand's logo, and every other request is blocked"
            )
        return answer

    async def _resize(self, slot: Slot, viewport: tuple[int, int]) -> None:
        """Make the page ``viewport`` CSS pixels.

        Through DevTools' device metrics only: Playwright's ``set_viewport_size`` also resizes
        the window, which reaches the drawing surface over a few frames, and a screenshot taken
        meanwhile has part of the card missing or another card's pixels.
        """
        await slot.cdp.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": viewport[0],
                "height": viewport[1],
                "deviceScaleFactor": self.scale,
                "mobile": False,
                "screenWidth": viewport[0],
                "screenHeight": viewport[1],
            },
        )
        slot.state["viewport"] = viewport

    async def _paint(self, page: CardPage, html: str, slot: Slot) -> _Painted:
        answer = await self._show(page, html, slot)
        clip = {"x": 0, "y": 0, "width": page.width, "height": page.height, "scale": 1}
        want = (page.width * self.scale, page.height * self.scale)
        for _ in range(3):
            shot = await slot.cdp.send(
                "Page.captureScreenshot",
                {"format": "png", "optimizeForSpeed": True, "clip": clip},
            )
            png = base64.b64decode(shot["data"])
            # A frame drawn while a resize is still on its way has the old size: take the
            # next one.
            if png_size(png) == want:
                return _Painted(png, page.quote_size, int(answer["lines"]))
            await slot.page.evaluate(_NEXT_FRAME)
        raise BrowserError(
            f"Chromium kept drawing {page.width}x{page.height} cards at {png_size(png)}, not {want}"
        )

    async def _platform_fonts(
        self, page: CardPage, html: str, slot: Slot
    ) -> dict[str, tuple[PlatformFont, ...]]:
        await self._show(page, html, slot)
        cdp = slot.cdp
        await cdp.send("DOM.enable")
        await cdp.send("CSS.enable")
        try:
            root = (await cdp.send("DOM.getDocument", {"depth": -1}))["root"]["nodeId"]
            found = await cdp.send(
                "DOM.querySelectorAll", {"nodeId": root, "selector": "#card [data-role]"}
            )
            used: dict[str, dict[str, PlatformFont]] = {}
            for node in found["nodeIds"]:
                attributes = (await cdp.send("DOM.getAttributes", {"nodeId": node}))["attributes"]
                role = dict(zip(attributes[::2], attributes[1::2], strict=True))["data-role"]
                fonts = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})
                for f in fonts["fonts"]:
                    key = f.get("postScriptName", "") or f["familyName"]
                    # A role set in several lines (the quote) counts the glyphs of all of them.
                    before = used.get(role, {}).get(key)
                    font = PlatformFont(
                        f["familyName"],
                        f.get("postScriptName", ""),
                        bool(f.get("isCustomFont")),
                        int(f["glyphCount"]) + (before.glyphs if before else 0),
                    )
                    used.setdefault(role, {})[key] = font
            return {role: tuple(fonts.values()) for role, fonts in used.items()}
        finally:
            await cdp.send("CSS.disable")
            await cdp.send("DOM.disable")


def _content_type(path: Path) -> str:
    return _CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _what(page: CardPage) -> str:
    return f"the {page.theme} card \u201c{page.preview}\u201d ({page.width}x{page.height})"


# -- batches to files ---------------------------------------------------------------------


def render_planned(
    cards: Sequence[Card],
    out: Path,
    *,
    source: str | Sequence[str] = "",
    image_format: ImageFormat = "png",
    progress: Progress | None = None,
    chromium: str | os.PathLike[str] | None = None,
    pages: int | None = None,
    scale: int = 1,
    renderer: HtmlRenderer | None = None,
    thumbnails: bool = False,
    alt_files: bool = True,
) -> tuple[tuple[Written, ...], tuple[Failed, ...]]:
    """:func:`quotecards.render.cards.render_planned` with the HTML renderer: the same files,
    names, alt text files and metadata, in the same order, painted by one pooled Chromium
    (``thumbnails`` too, made on the threads that write the files; ``alt_files`` as there).

    ``chromium``, ``pages`` and ``scale`` are :class:`HtmlRenderer`'s; or pass a running
    ``renderer`` to keep its browser for the next batch (it is left open).
    """
    from quotecards.render.cards import (
        Failed,
        Written,
        card_metadata,
        failure,
        output_folder,
        source_names,
    )
    from quotecards.typeset import typeset

    output_folder(out)
    folder = out.resolve()
    names = source_names(source, len(cards))
    named: dict[int, str] = {}  # the source name of each layout in the browser, by its id
    results: list[Written | Failed | None] = [None] * len(cards)
    order: deque[tuple[int, Layout]] = deque()
    done = 0

    def record(index: int, item: Written | Failed) -> None:
        nonlocal done
        results[index] = item
        done += 1
        if progress is not None:
            progress(done, len(cards), item)

    def metadata(layout: Layout) -> dict[str, str]:
        return card_metadata(layout, named.pop(id(layout), ""))

    painter = renderer or HtmlRenderer(chromium=chromium, pages=pages, scale=scale, themes=())
    painter.themes.update({card.theme.name: card.theme for card in cards})

    def layouts() -> Iterator[Layout]:
        for index, card in enumerate(cards):
            try:
                layout = typeset(card.text, card.format, card.theme, painter.book, logo=card.logo)
            except QuotecardsError as error:
                record(index, failure(card, str(error)))
                continue
            order.append((index, layout))
            named[id(layout)] = names[index]
            yield layout

    # Files are written (and flushed to disk) on threads of their own, so that waiting for the
    # disk never stalls the pages; progress is still reported here, in order.
    writing: deque[tuple[int, concurrent.futures.Future[Written]]] = deque()

    def landed(wait: int) -> None:
        while writing and (len(writing) > wait or writing[0][1].done()):
            index, future = writing.popleft()
            record(index, future.result())

    try:
        with concurrent.futures.ThreadPoolExecutor(2, "quotecards-write") as writer:
            for outcome in painter.render_many(layouts(), image_format, metadata):
                index, layout = order.popleft()
                card = cards[index]
                if isinstance(outcome, QuotecardsError):
                    named.pop(id(layout), None)
                    record(index, failure(card, str(outcome)))
                    continue
                write = partial(
                    _write, card, folder, image_format, outcome, layout.alt, thumbnails, alt_files
                )
                writing.append((index, writer.submit(write)))
                landed(wait=8)
            landed(wait=0)
    finally:
        if renderer is None:
            painter.close()
    written = tuple(r for r in results if isinstance(r, Written))
    failures = tuple(r for r in results if isinstance(r, Failed))
    return written, failures


def _write(
    card: Card,
    folder: Path,
    image_format: ImageFormat,
    painted: Rendered,
    alt: str,
    thumbnails: bool,
    alt_files: bool,
) -> Written:
    from quotecards.render.cards import write_card
    from quotecards.render.thumbnails import thumbnail

    small, size = thumbnail(painted.data) if thumbnails else (None, (0, 0))
    return write_card(
        card,
        folder,
        image_format,
        painted.data,
        alt,
        painted.quote_size,
        thumbnail=small,
        size=size,
        alt_file=alt_files,
    )
