"""The HTML renderer in real Chromium: exact sizes, ink inside the safe area, the theme's own
fonts really drawn, a quote's HTML shown as text, nothing fetched from the network, lines set
as the layout measured them, crashes survived, and no Chromium process left behind by anything,
Ctrl-C included."""

from __future__ import annotations

import http.server
import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image

from quotecards.errors import QuotecardsError
from quotecards.fonts import FontBook, FontError
from quotecards.formats import FORMATS, Box, Format, get_format
from quotecards.model import Candidate
from quotecards.render import browser
from quotecards.render.browser import INSTALL_HINT, BrowserError, find_chromium
from quotecards.render.html import HtmlRenderer, Rendered, card_html, card_page, decode
from quotecards.themes import TEMPLATES, Theme, get_theme, load_theme, load_themes
from quotecards.typeset import CardText, Layout, typeset
from tests.conftest import ROOT, Interview

BOOK = FontBook.default()
TOP = 2  # seed quotes drawn in every format and theme


@pytest.fixture(scope="module")
def seed_top(interview: Interview) -> list[Candidate]:
    from quotecards import read_source, select

    picks = list(select(read_source(interview.path), top=10).picks)
    assert picks, "the selector offered no quote from the seed interview"
    return picks[:TOP]


def _layout(quote: str, fmt: Format | str = "square", theme: Theme | str = "classic") -> Layout:
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    theme = get_theme(theme) if isinstance(theme, str) else theme
    return typeset(CardText(quote, "Yann LeCun", "", "", "q1"), fmt, theme, BOOK)


def _ok(result: Rendered | Exception) -> Rendered:
    assert isinstance(result, Rendered), result
    return result


def _inside(inner: tuple[int, int, int, int], outer: Box, slack: float = 1.0) -> bool:
    left, top, right, bottom = inner
    return (
        left >= outer.x - slack
        and top >= outer.y - slack
        and right <= outer.right + slack
        and bottom <= outer.bottom + slack
    )


def test_every_format_of_the_seed_quotes_has_its_exact_size_and_all_ink_in_the_safe_area(
    html: HtmlRenderer, seed_top: list[Candidate]
) -> None:
    layouts = [
        typeset(CardText(c.text, c.speaker, "Chief AI scientist", "", c.id), fmt, theme, BOOK)
        for c in seed_top
        for fmt in FORMATS
        for theme in load_themes()
    ]
    for layout, result in zip(layouts, html.render_many(layouts, background=False), strict=True):
        ink = decode(_ok(result).data, background=False)
        where = (layout.alt[:40], layout.format.name, layout.theme_name)
        assert ink.size == layout.format.size, where
        box = ink.getchannel("A").getbbox()
        assert box is not None and _inside(box, layout.format.safe), (where, box)


def test_the_files_have_the_formats_exact_pixel_size(html: HtmlRenderer) -> None:
    layouts = [_layout("Machine learning sucks.", fmt, "photo") for fmt in FORMATS]
    for layout, result in zip(layouts, html.render_many(layouts), strict=True):
        with Image.open(io.BytesIO(_ok(result).data)) as image:
            assert image.format == "PNG"
            assert image.size == layout.format.size, (layout.format.name, layout.theme_name)


def test_chromium_draws_every_part_of_the_card_in_the_themes_own_fonts(
    html: HtmlRenderer, seed_top: list[Candidate]
) -> None:
    for theme in load_themes():
        layout = typeset(
            CardText(seed_top[0].text, "Yann LeCun", "Chief AI scientist", "The Example Review"),
            get_format("square"),
            theme,
            BOOK,
        )
        used = html.fonts_used(layout)
        mark = theme.mark_face or theme.quote_face
        expected = {
            "quote": theme.quote_face.family,
            "mark": mark.family,
            "speaker": theme.label_face.family,
            "role": theme.label_face.family,
            "publication": theme.label_face.family,
        }
        if layout.lines_of("ornament"):  # the large mark in an empty panel
            expected["ornament"] = mark.family
        assert set(used) == set(expected), theme.name
        for role, family in expected.items():
            for font in used[role]:
                # `custom` is a web font from fonts/; a system font standing in is not.
                assert font.custom and font.family.startswith(family), (theme.name, role, font)


def test_a_character_the_theme_lacks_is_drawn_by_the_vendored_fallback(
    html: HtmlRenderer,
) -> None:
    used = html.fonts_used(
        _layout(
            "Machine learning, \u05dc\u05de\u05d9\u05d3\u05ea "
            "\u05de\u05db\u05d5\u05e0\u05d4, is great."
        )
    )
    families = {font.family: font for font in used["quote"]}
    # The classic theme's serif falls back to the serif Hebrew, as Pillow's chain does.
    assert set(families) == {"Source Serif 4", "Noto Serif Hebrew"}
    assert all(font.custom for font in families.values())
    assert families["Noto Serif Hebrew"].glyphs == 10


def test_a_font_chromium_cannot_load_stops_the_card_with_an_error_naming_it(
    tmp_path: Path,
) -> None:
    fonts = tmp_path / "fonts"
    for source in BOOK.directory.rglob("*"):
        if source.is_file():
            copy = fonts / source.relative_to(BOOK.directory)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.symlink_to(source)
    broken = fonts / "inter" / "Inter-SemiBold.ttf"
    broken.unlink()
    broken.write_bytes(b"\0\1\0\0 not a font")
    renderer = HtmlRenderer(pages=1, book=FontBook.load(fonts))
    with renderer, pytest.raises(QuotecardsError) as error:
        renderer.render(_layout("Machine learning sucks."))
    assert f"Inter 600 ({broken}): error" in str(error.value)
    assert "stand-in font" in str(error.value)
    assert renderer.processes() == []


def test_html_in_a_quote_is_drawn_as_text(html: HtmlRenderer) -> None:
    quote = (
        "Never trust <script>document.title='owned'</script> & never close </div> early "
        "<img src=x onerror=alert(1)>."
    )
    layout = _layout(quote)
    page = card_html(card_page(layout, get_theme("classic"), BOOK))
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page and "&lt;/div&gt;" in page
    blocked = len(html.blocked)
    used = html.fonts_used(layout)
    # Every character is drawn, the tags' included: markup would have drawn none of theirs.
    drawn = sum(font.glyphs for font in used["quote"])
    assert drawn >= len(quote.replace(" ", ""))
    assert html.blocked[blocked:] == [], "the quote's <img> asked for something"


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _theme_with_template(folder: Path, name: str, template: str) -> Theme:
    """The classic theme under another name, drawn by ``template`` (the body of its `style`
    block, or a whole template)."""
    source = (TEMPLATES / "classic.toml").read_text(encoding="utf-8")
    (folder / f"{name}.toml").write_text(
        source.replace('name = "classic"', f'name = "{name}"'), encoding="utf-8"
    )
    (folder / f"{name}.html.j2").write_text(template, encoding="utf-8")
    return load_theme(folder / f"{name}.toml")


def test_nothing_but_the_templates_own_assets_is_fetched(
    html: HtmlRenderer, tmp_path: Path, listener: str
) -> None:
    leaky = _theme_with_template(
        tmp_path,
        "leaky",
        textwrap.dedent(f"""\
        {{% extends "base.html.j2" %}}
        {{% block style %}}
        @import url("{listener}/import.css");
        @font-face {{ font-family: Tracker; src: url("{listener}/font.woff2"); }}
        .card {{ background-image: url("{listener}/pixel.png"); font-family: Tracker; }}
        {{% endblock %}}
        """),
    )
    html.themes[leaky.name] = leaky
    result = html.render(_layout("Absolutely not.", theme=leaky))
    assert result.startswith(b"\x89PNG")
    assert _Counter.hits == []


def test_a_template_that_asks_for_anything_else_fails_and_names_it(
    html: HtmlRenderer, tmp_path: Path
) -> None:
    nosy = _theme_with_template(
        tmp_path,
        "nosy",
        textwrap.dedent("""\
        {% extends "base.html.j2" %}
        {% block logo %}<img src="https://quotecards.invalid/secrets.txt" alt="">{% endblock %}
        """),
    )
    html.themes[nosy.name] = nosy
    with pytest.raises(QuotecardsError, match=r"secrets\.txt.*every other request is blocked"):
        html.render(_layout("Absolutely not.", theme=nosy))
    assert "https://quotecards.invalid/secrets.txt" in html.blocked


def test_a_line_chromium_sets_at_another_width_than_the_layout_fails_alone_naming_it(
    html: HtmlRenderer,
) -> None:
    layout = _layout("We don\u2019t know what it is yet.")
    # As if the layout had measured its first line with another font: the page must not draw
    # a card whose line breaks no longer hold.
    first = layout.lines_of("quote")[0]
    lines = tuple(
        replace(line, width=line.width * 0.8) if line is first else line for line in layout.lines
    )
    failed, made = html.render_many([replace(layout, lines=lines), layout])
    assert isinstance(failed, FontError)
    assert isinstance(made, Rendered)
    assert first.text in str(failed) and "another font" in str(failed)


def test_a_png_carries_its_alt_text_and_source_and_jpeg_and_webp_are_made(
    html: HtmlRenderer,
) -> None:
    layout = _layout("We don\u2019t know what it is yet.")
    metadata = {"Description": layout.alt, "Source": "interview.txt"}
    with Image.open(io.BytesIO(html.render(layout, "png", metadata))) as png:
        assert dict(png.text) == metadata
    for image_format, kind in (("jpeg", "JPEG"), ("webp", "WEBP")):
        with Image.open(io.BytesIO(html.render(layout, image_format, metadata))) as image:
            assert image.format == kind and image.size == (1080, 1080)


def test_scale_two_draws_twice_the_pixels() -> None:
    with HtmlRenderer(pages=1, scale=2) as renderer:
        data = renderer.render(_layout("Absolutely not.", "og"))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (2400, 1260)
    assert renderer.processes() == []


def _kind(pid: int) -> str:
    """``browser`` for Chromium's main process, else its ``--type`` (renderer, gpu-process...)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    found = re.search(r"--type=([\w-]+)", command)
    if found:
        return found.group(1)
    return (
        "browser"
        if command.split(" ")[0].endswith(
            ("/chromium", "/chrome", *(f"/{name}" for name in browser.SHELL_NAMES))
        )
        else "other"
    )


def test_a_crashed_page_or_browser_is_restarted_and_its_card_retried() -> None:
    layout = _layout("Machine learning sucks.")
    with HtmlRenderer(pages=1) as renderer:
        first = renderer.render(layout)
        for pid in renderer.processes():
            if _kind(pid) == "renderer":
                os.kill(pid, signal.SIGKILL)
        assert renderer.render(layout) == first
        assert renderer.restarts == 0
        (main,) = [pid for pid in renderer.processes() if _kind(pid) == "browser"]
        os.kill(main, signal.SIGKILL)
        assert renderer.render(layout) == first
        assert renderer.restarts == 1
    assert renderer.processes() == []


_INTERRUPTED = """
from quotecards.fonts import FontBook
from quotecards.formats import get_format
from quotecards.render.html import HtmlRenderer
from quotecards.themes import get_theme
from quotecards.typeset import CardText, typeset

layout = typeset(CardText("Machine learning sucks.", "Yann LeCun"), get_format("square"),
                 get_theme("classic"), FontBook.default())
with HtmlRenderer(pages=2) as renderer:
    renderer.render(layout)
    print(*renderer.processes(), flush=True)
    while True:
        renderer.render(layout)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _mentioning(text: str) -> list[int]:
    """Live processes with ``text`` on their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if _alive(pid)]


@pytest.mark.parametrize(("how", "status"), [("SIGINT", (130, -2, 1)), ("SIGTERM", (143,))])
def test_an_interrupted_run_leaves_no_chromium_behind(
    how: str, status: tuple[int, ...], tmp_path: Path
) -> None:
    # The browser's profile goes in $TMPDIR: every process of it names this folder.
    run = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        # pytest-xdist workers ignore SIGINT and children inherit that: give Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        line = run.stdout.readline() if run.stdout else ""
        assert line, run.stderr.read() if run.stderr else "no output"
        started = [int(pid) for pid in line.split()]
        assert started and _mentioning(str(tmp_path))
        if how == "SIGINT":
            os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        else:
            run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode in status
    assert [pid for pid in started if _alive(pid)] == []
    assert _mentioning(str(tmp_path)) == []
    assert list(tmp_path.iterdir()) == []


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\necho 'Chromium 1.2.3'\n")
    path.chmod(0o755)
    return path


def test_no_chromium_anywhere_is_one_message_that_says_how_to_install_one(
    tmp_path: Path,
) -> None:
    with pytest.raises(BrowserError) as error:
        find_chromium(environ={"PATH": str(tmp_path)})
    message = str(error.value)
    assert INSTALL_HINT in message
    for advice in (
        "apt-get install chromium",
        "playwright install chromium",
        "QUOTECARDS_CHROMIUM",
    ):
        assert advice in message


def test_the_browser_is_the_one_asked_for_then_playwrights_then_the_systems(
    tmp_path: Path,
) -> None:
    system = _executable(tmp_path / "chromium")
    bundled = _executable(tmp_path / "playwright-chrome")
    mine = _executable(tmp_path / "my-chrome")
    path = {"PATH": str(tmp_path)}
    assert find_chromium(environ=path).path == system
    assert find_chromium(bundled=str(bundled), environ=path).path == bundled
    chosen = find_chromium(bundled=str(bundled), environ={**path, "QUOTECARDS_CHROMIUM": str(mine)})
    assert (chosen.path, chosen.found_by) == (mine, "$QUOTECARDS_CHROMIUM")
    assert find_chromium(system, environ={**path, "QUOTECARDS_CHROMIUM": str(mine)}).path == system
    with pytest.raises(BrowserError, match=r"nope.*not an executable"):
        find_chromium(tmp_path / "nope", environ=path)
    assert browser.chromium_version(mine) == "Chromium 1.2.3"


def test_loading_the_renderer_and_doctor_does_not_load_playwright() -> None:
    code = (
        "import sys, quotecards.render.html, quotecards.render.browser, quotecards.doctor; "
        "print(sorted(m for m in sys.modules if m.startswith('playwright')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_doctor_names_the_browser_and_its_version_or_how_to_install_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quotecards.doctor import report

    rows = dict(report(launch=False))  # the fixtures show that the browser starts
    assert re.search(r"Chrom\w* \d+\.\d+\.\d+", rows["browser"]), rows["browser"]
    assert rows["renderer pillow"] == "yes"
    for key in ("pillow", "raqm", "fribidi", "harfbuzz", "fonts", "themes", "formats"):
        assert rows[key] and not rows[key].startswith("error"), key
    monkeypatch.setenv("QUOTECARDS_CHROMIUM", "/nonexistent/chrome")
    rows = dict(report(launch=False))
    assert rows["browser"].startswith("error:") and "apt-get install chromium" in rows["browser"]


def test_a_batch_writes_the_same_files_names_and_alt_text_as_the_pillow_renderer(
    html: HtmlRenderer, tmp_path: Path, seed_top: list[Candidate]
) -> None:
    from quotecards.render import cards
    from quotecards.render.html import render_planned

    planned, _ = cards.plan(
        cards.texts_of(seed_top[:1]), [get_format("square"), get_format("og")], load_themes()
    )
    pillow, _ = cards.render_planned(planned, tmp_path / "pillow", source="x/interview.txt", jobs=1)
    seen: list[int] = []
    written, failed = render_planned(
        planned,
        tmp_path / "html",
        source="x/interview.txt",
        progress=lambda done, total, _: seen.append(done),
        renderer=html,
    )
    assert failed == () and seen == list(range(1, len(planned) + 1))
    assert [w.image.name for w in written] == [w.image.name for w in pillow]
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == sorted(
        p.name for p in (tmp_path / "pillow").iterdir()
    )
    for ours, theirs in zip(written, pillow, strict=True):
        assert ours.alt_file.read_bytes() == theirs.alt_file.read_bytes()
        with Image.open(ours.image) as a, Image.open(theirs.image) as b:
            assert a.size == b.size and a.text == b.text
            assert a.text["Source"] == "interview.txt"
