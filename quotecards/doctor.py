"""What quotecards runs on, for ``quotecards doctor``: versions, fonts, themes, formats, and
whether each renderer can work here (for HTML: which Chromium, its version, and whether it
starts).  Every check reports a problem as text instead of raising, so one missing piece never
hides the others.
"""

from __future__ import annotations

import importlib.metadata
import platform
import time
from collections.abc import Callable

from quotecards import __version__
from quotecards.errors import QuotecardsError

Report = list[tuple[str, str]]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _safely(check: Callable[[], str], failed: str = "error") -> str:
    try:
        return check()
    except QuotecardsError as error:
        return f"{failed}: {error}"


def _themes() -> str:
    from quotecards.themes import load_themes

    return ", ".join(theme.name for theme in load_themes())


def _formats() -> str:
    from quotecards.formats import FORMATS

    return ", ".join(f"{fmt.name} {fmt.label}" for fmt in FORMATS)


def _fonts() -> str:
    from quotecards.fonts import FontBook

    faces = FontBook.default().faces()
    return f"{len(faces)} faces in {len({face.family for face in faces})} families"


def _browser(chromium: str | None) -> str:
    from quotecards.render.browser import describe, locate_chromium

    found = locate_chromium(chromium)
    return f"{describe(found)} at {found.path} (from {found.found_by})"


def _html(chromium: str | None) -> str:
    """Whether the HTML renderer really works here: a browser launched and a card's shell
    loaded, with how long that took."""
    from quotecards.render.html import HtmlRenderer

    start = time.perf_counter()
    with HtmlRenderer(chromium=chromium, pages=1):
        pass
    took = time.perf_counter() - start
    return f"yes (Chromium started and loaded the card shell in {took:.1f} s)"


def report(chromium: str | None = None, *, launch: bool = True) -> Report:
    """``(label, value)`` rows, in the order to print them.  ``chromium`` is the browser path
    the user gave, if any; ``launch=False`` skips starting the browser (about a second)."""
    from quotecards.fonts import diagnostics

    rows: Report = [
        ("quotecards", __version__),
        ("python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("platform", platform.platform()),
    ]
    text = diagnostics()
    rows += [
        (name, text[name])
        for name in ("pillow", "freetype2", "raqm", "fribidi", "harfbuzz", "layout")
    ]
    rows += [
        ("fonts", f"{text['fonts']}: {_safely(_fonts)}"),
        ("families", text["families"]),
        ("themes", _safely(_themes)),
        ("formats", _formats()),
        ("renderer pillow", "yes"),
        ("jinja2", _version("jinja2")),
        ("playwright", _version("playwright")),
        ("browser", _safely(lambda: _browser(chromium))),
    ]
    if launch:
        rows.append(("renderer html", _safely(lambda: _html(chromium), "no")))
    return rows
