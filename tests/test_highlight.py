"""A highlight: one phrase of the quote in the accent colour, in both renderers, with every glyph
where it was; refused, in one line, when the phrase is not words of the quote; carried by the
review file, the review page and the build."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from quotecards.errors import QuotecardsError
from quotecards.fonts import FontBook
from quotecards.formats import get_format
from quotecards.render.pillow import PillowRenderer
from quotecards.review.approved import approved_quotes, render_approved
from quotecards.review.file import dumps, load, parse
from quotecards.review.session import ReviewSession
from quotecards.review.sync import write_review
from quotecards.themes import AA, Theme, get_theme, parse_colour, worst_contrast
from quotecards.typeset import CardText, Layout, TextLine, typeset
from tests.cli_runner import quotecards
from tests.conftest import SAMPLE

BOOK = FontBook.default()
PILLOW = PillowRenderer(BOOK)
# From the bundled sample interview; classic and bold set it over four lines, the highlighted
# phrase over the last two.
QUOTE = "A closure is an inconvenience; a collapse is a funeral."
PHRASE = "a collapse is a funeral"
QUOTE_ID = "q31fd82d4b5"


def card(quote: str = QUOTE, highlight: str = "", theme: Theme | str = "classic") -> Layout:
    theme = get_theme(theme) if isinstance(theme, str) else theme
    text = CardText(quote, "Marisol Vega", id=QUOTE_ID, highlight=highlight)
    return typeset(text, get_format("square"), theme, BOOK)


def rgb(colour: str) -> tuple[int, int, int]:
    return parse_colour(colour)


def near(a: tuple[int, ...], b: tuple[int, int, int], slack: int = 3) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a[:3], b, strict=True))


def phrase_columns(line: TextLine) -> tuple[float, float]:
    """Where the highlighted stretch of a left-to-right line starts and ends on the card,
    measured on its own: the advance of the text before it, and of the text up to its end."""
    start, end = line.accents[0]
    face = line.runs[0].face

    def advance(text: str) -> float:
        return BOOK.measure(BOOK.runs(text, face, "ltr"), line.size) if text else 0.0

    return line.x + advance(line.text[:start]), line.x + advance(line.text[:end])


def colours_by_line(
    image: Image.Image, layout: Layout, text: str, accent: str
) -> list[tuple[list[int], list[int]]]:
    """For each quote line: the columns of its opaque pixels in the accent, and in the text
    colour."""
    pixels = image.load()
    out = []
    for line in layout.lines_of("quote"):
        box = line.ink
        accented, plain = [], []
        for y in range(int(box.y), int(box.bottom) + 1):
            for x in range(max(0, int(box.x) - 2), min(image.width, int(box.right) + 3)):
                pixel = pixels[x, y]
                if pixel[3] != 255:
                    continue
                if near(pixel, rgb(accent)):
                    accented.append(x)
                elif near(pixel, rgb(text)):
                    plain.append(x)
        out.append((accented, plain))
    return out


def assert_only_the_phrase_is_accented(image: Image.Image, layout: Layout, slack: float) -> None:
    lines = layout.lines_of("quote")
    accent = next(line.accent for line in lines if line.accents)
    found = colours_by_line(image, layout, lines[0].colour, accent)
    for line, (accented, plain) in zip(lines, found, strict=True):
        rest = "".join(text for text, colour in line.pieces() if colour == line.colour)
        assert bool(plain) == bool(rest.strip()), f"text-colour ink on {line.text!r}: {rest!r}"
        if not line.accents:
            assert not accented, f"accent ink on {line.text!r}, which holds none of the phrase"
            continue
        left, right = phrase_columns(line)
        assert accented, f"no accent ink on {line.text!r}"
        assert min(accented) >= left - slack and max(accented) <= right + slack, line.text
        assert not [x for x in plain if left + slack < x < right - slack], line.text


# -- typesetting ------------------------------------------------------------------------------


def test_a_phrase_across_a_line_break_marks_its_share_of_each_line():
    lines = card(highlight=PHRASE).lines_of("quote")
    marked = [(line.text, line.text[a:b]) for line in lines for a, b in line.accents]
    assert " ".join(part for _, part in marked) == PHRASE
    assert len(marked) == 2, "the phrase should fall over a break on this card"


def test_quote_marks_spacing_and_a_bracketed_capital_do_not_stop_a_match():
    quote = 'She said "[t]he  bridge is fine" -- and it was.'
    lines = card(quote, highlight='"the bridge\nis fine"').lines_of("quote")
    marked = " ".join(line.text[a:b] for line in lines for a, b in line.accents)
    assert marked == "\u2018the bridge is fine\u2019"


def test_a_phrase_that_is_not_in_the_quote_is_refused_not_dropped():
    for phrase in ("deep learning rocks", "A Collapse", "a  collapse  was"):
        with pytest.raises(QuotecardsError, match=r"not in quote q31fd82d4b5 \("):
            card(highlight=phrase)


# -- pixels -----------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["classic", "bold"])
def test_pillow_sets_the_phrase_in_the_accent_and_the_rest_in_the_text_colour(theme: str):
    layout = card(highlight=PHRASE, theme=theme)
    image = PILLOW.paint(layout, roles=("quote",), background=False)
    assert_only_the_phrase_is_accented(image, layout, slack=1.0)
    # No fringe: every pixel with ink is exactly one of the two colours, however faint.
    accent = next(line.accent for line in layout.lines if line.accents)
    inks = {p[:3] for p in image.get_flattened_data() if p[3]}
    assert inks == {rgb(layout.lines_of("quote")[0].colour), rgb(accent)}


def test_pillow_moves_no_glyph_only_the_colour_changes():
    plain, marked = card(), card(highlight=PHRASE)
    assert [line.text for line in plain.lines] == [line.text for line in marked.lines]
    a = PILLOW.paint(plain, background=False)
    b = PILLOW.paint(marked, background=False)
    assert ImageChops.difference(a.getchannel("A"), b.getchannel("A")).getbbox() is None
    assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is not None


def test_chromium_sets_the_phrase_in_the_accent_and_moves_no_glyph(html: Any):
    plain, marked = card(), card(highlight=PHRASE)
    image = html.paint(marked, roles=("quote",), background=False)
    assert_only_the_phrase_is_accented(image, marked, slack=2.0)
    before = html.paint(plain, roles=("quote",), background=False).getchannel("A")
    after = image.getchannel("A")
    # The same glyphs in the same places; Chromium's text gamma, which follows the colour,
    # shades a glyph's edge by a few levels at most.
    assert before.getbbox() == after.getbbox()
    assert ImageChops.difference(before, after).getextrema()[1] <= 16


def test_an_accent_too_faint_for_text_is_deepened_for_the_highlight_only():
    faint = get_theme("classic").with_palette(accent="#f2a900")  # gold on paper: about 2:1
    assert worst_contrast(faint, "#f2a900") < AA
    layout = card(highlight=PHRASE, theme=faint)
    colour = next(line.accent for line in layout.lines if line.accents)
    assert worst_contrast(faint, colour) >= AA
    assert {line.colour for line in layout.lines_of("mark")} == {"#f2a900"}
    image = PILLOW.paint(layout, roles=("quote",), background=False)
    assert rgb(colour) in {p[:3] for p in image.get_flattened_data() if p[3] == 255}


# -- the command line -------------------------------------------------------------------------


def test_render_refuses_a_phrase_not_in_the_quote_in_one_line(tmp_path: Path):
    out = tmp_path / "cards"
    result = quotecards(
        "render", str(SAMPLE), "--top", "1", "--highlight", "deep learning rocks", "--out", str(out)
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, result.stderr
    assert re.fullmatch(
        r'quotecards: error: --highlight "deep learning rocks": not in quote q[0-9a-f]{10} '
        r'\(".+"\); give words exactly as they appear in the quote',
        errors[0],
    )
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_render_highlights_the_quote_that_holds_the_phrase_and_leaves_the_others(tmp_path: Path):
    out = tmp_path / "cards"
    result = quotecards(
        "render", str(SAMPLE), "--top", "3", "--highlight", PHRASE, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    accent = rgb(get_theme("classic").palette.accent)
    cards = sorted(out.glob("*.png"))
    assert len(cards) == 3
    for path in cards:
        with Image.open(path) as image:
            # The marks are in the accent on every card; only a highlight fills a word with it.
            count = sum(1 for p in image.convert("RGB").get_flattened_data() if p == accent)
        assert (count > 4000) == (QUOTE_ID in path.name), (path.name, count)


def test_render_refuses_a_phrase_that_none_of_its_quotes_holds(tmp_path: Path):
    result = quotecards(
        "render", str(SAMPLE), "--top", "3", "--highlight", "deep learning", "--out", str(tmp_path)
    )
    assert result.returncode == 2
    assert '--highlight "deep learning": in none of the 3 quotes' in result.stderr
    assert not list(tmp_path.glob("*.png"))


# -- the review file, the page and the build --------------------------------------------------


@pytest.fixture
def review(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    shutil.copyfile(SAMPLE, source)
    path, _ = write_review(source, top=3)
    return path


def set_quote(path: Path, quote_id: str, **keys: str) -> None:
    """Edit one [[quote]] of the review file by hand, as an editor would."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f'id = "{quote_id}"')
    end = text.find("[[quote]]", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    for key, value in keys.items():
        line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
        if re.search(rf"^{key} = ", block, flags=re.M):
            start_of = re.search(rf"^{key} = .*$", block, flags=re.M)
            assert start_of is not None
            block = block[: start_of.start()] + line + block[start_of.end() :]
        else:
            block = block.replace("\nnote = ", f"\n{line}\nnote = ", 1)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_the_review_files_highlight_round_trips(review: Path):
    set_quote(review, QUOTE_ID, highlight="a  collapse\nis a funeral")
    loaded, _ = load(review)
    entry = loaded.quote(QUOTE_ID)
    assert entry.highlight == PHRASE
    written = dumps(loaded)
    assert f'highlight = "{PHRASE}"' in written
    assert parse(written.encode("utf-8"), "again") == loaded
    untouched = [e for e in loaded.quotes if e.id != QUOTE_ID]
    assert all(e.highlight == "" for e in untouched)
    assert written.count("highlight = ") == 1


def test_an_approved_quote_renders_with_its_review_file_highlight(review: Path, tmp_path: Path):
    set_quote(review, QUOTE_ID, status="approved", highlight=PHRASE)
    (quote,) = approved_quotes(review)
    assert quote.highlight == PHRASE
    result = render_approved(review, tmp_path / "cards", jobs=1)
    (written,) = result.written
    accent = rgb(get_theme("classic").palette.accent)
    with Image.open(written.image) as image:
        count = sum(1 for p in image.convert("RGB").get_flattened_data() if p == accent)
    assert count > 4000


def test_a_highlight_not_in_the_text_stops_the_quote_from_being_built(review: Path):
    set_quote(review, QUOTE_ID, status="approved", highlight="a collapse is a wedding")
    with pytest.raises(QuotecardsError) as refused:
        approved_quotes(review)
    assert '"a collapse is a wedding": not in quote q31fd82d4b5' in str(refused.value)
    result = quotecards("render", str(review), "--out", str(review.parent / "cards"))
    assert result.returncode == 2 and "a collapse is a wedding" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_review_page_saves_a_highlight_and_refuses_words_not_in_the_quote(review: Path):
    session = ReviewSession(review, clock=lambda: "2026-12-01T10:00:00Z")
    version = session.state()["version"]
    with pytest.raises(QuotecardsError, match=r'"the bridge": not in quote q31fd82d4b5'):
        session.highlight(version, QUOTE_ID, "the bridge")
    assert "highlight = " not in review.read_text(encoding="utf-8")
    state = session.highlight(version, QUOTE_ID, "  a collapse ")
    shown = next(q for q in state["quotes"] if q["id"] == QUOTE_ID)
    assert shown["highlight"] == "a collapse"
    assert [part for part, marked in shown["display_parts"] if marked] == ["a collapse"]
    assert load(review)[0].quote(QUOTE_ID).highlight == "a collapse"
    # An edit that cuts the highlighted words is kept, and the page says what stops the build.
    state = session.edit(state["version"], QUOTE_ID, "A closure is an inconvenience")
    shown = next(q for q in state["quotes"] if q["id"] == QUOTE_ID)
    assert "not in quote" in shown["highlight_problem"]
    state = session.highlight(state["version"], QUOTE_ID, "")
    assert "highlight = " not in review.read_text(encoding="utf-8")


@pytest.fixture
def page_server(review: Path) -> Iterator[Any]:
    from quotecards.review.server import ReviewServer

    running = ReviewServer(ReviewSession(review)).start()
    try:
        yield running
    finally:
        running.stop()


def test_an_editor_selects_words_in_the_quote_and_presses_highlight(page_server: Any):
    playwright = pytest.importorskip("playwright.sync_api")
    from quotecards.render.browser import BrowserError, locate_chromium

    try:
        chromium = str(locate_chromium(os.environ.get("QUOTECARDS_CHROMIUM")).path)
    except BrowserError as error:
        pytest.skip(str(error))
    driver = playwright.sync_playwright().start()
    try:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(page_server.url)
            article = page.locator(f'.quote[data-id="{QUOTE_ID}"]')
            article.wait_for()
            article.locator(".text").evaluate(
                """(block, words) => {
                    const node = block.firstChild.nextSibling || block.firstChild;
                    const at = node.textContent.indexOf(words);
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + words.length);
                    getSelection().removeAllRanges();
                    getSelection().addRange(range);
                }""",
                "a collapse",
            )
            article.get_by_role("button", name="Highlight selection").click()
            page.locator(f'.quote[data-id="{QUOTE_ID}"] .text mark').wait_for()
            assert page.locator(f'.quote[data-id="{QUOTE_ID}"] .text mark').inner_text() == (
                "a collapse"
            )
            assert article.locator(".highlight").input_value() == "a collapse"
            # Typed words that are not the quote's: refused, in the banner, nothing saved.
            field = page.locator(f'.quote[data-id="{QUOTE_ID}"] .highlight')
            field.fill("a collapse is a wedding")
            field.press("Enter")
            page.locator("#banner:not([hidden])").wait_for()
            assert "not in quote" in page.locator("#banner-text").inner_text()
        finally:
            browser.close()
    finally:
        driver.stop()
    assert load(page_server.session.path)[0].quote(QUOTE_ID).highlight == "a collapse"


def test_a_changed_highlight_rebuilds_the_card_and_the_manifest_says_it(review: Path):
    from quotecards.bundle.build import build
    from quotecards.bundle.project import load_project

    set_quote(review, QUOTE_ID, status="approved", highlight="a collapse")
    project = review.parent / "quotecards.toml"
    project.write_text(
        'format = "square"\ntheme = "classic"\n\n'
        f'[[source]]\npath = "interview.txt"\nreview = "{review.name}"\n',
        encoding="utf-8",
    )

    def built() -> dict[str, Any]:
        result = build(load_project(project), jobs=1)
        assert result.exit_status == 0
        manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
        (asset,) = manifest["assets"]
        return asset

    first = built()
    assert first["highlight"] == "a collapse"
    set_quote(review, QUOTE_ID, highlight="a funeral")
    second = built()
    assert second["highlight"] == "a funeral"
    assert second["sha256"] != first["sha256"]
