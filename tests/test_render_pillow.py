"""The Pillow renderer, measured in pixels: ink where the layout says, readable colours,
no empty boxes, the same bytes every time, and files only where they belong."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from quotecards.brand import apply_brand, brand_from_data
from quotecards.fonts import FontBook, MissingGlyphError
from quotecards.formats import FORMATS, Box, get_format
from quotecards.model import Candidate, Span
from quotecards.render.cards import render_cards, slug
from quotecards.render.pillow import PillowRenderer
from quotecards.themes import (
    AA,
    TEMPLATES,
    contrast,
    get_theme,
    load_theme,
    load_themes,
    luminance,
    worst_contrast,
)
from quotecards.typeset import CardText, Layout, typeset
from tests.conftest import Interview

GOLDEN = Path(__file__).with_name("golden")


@pytest.fixture(scope="module")
def renderer() -> PillowRenderer:
    return PillowRenderer(FontBook.default())


@pytest.fixture(scope="module")
def seed_top10(interview: Interview) -> list[Candidate]:
    from quotecards.ingest import read_source
    from quotecards.selector import select

    chosen = select(read_source(interview.path), top=10)
    picks = list(getattr(chosen, "picks", chosen))
    assert picks, "the selector offered no quote from the seed interview"
    return picks


def _card(c: Candidate) -> CardText:
    return CardText(c.text, c.speaker, "", "", c.id)


def _ink_box(image: Image.Image) -> Box | None:
    box = image.getchannel("A").getbbox()
    return None if box is None else Box(box[0], box[1], box[2] - box[0], box[3] - box[1])


def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    """Whether ``inner`` lies in ``outer``, give or take ``slack`` pixels of antialiasing."""
    return (
        inner.x >= outer.x - slack
        and inner.y >= outer.y - slack
        and inner.right <= outer.right + slack
        and inner.bottom <= outer.bottom + slack
    )


def test_every_seed_quote_keeps_its_ink_in_its_text_box_and_the_card_in_its_safe_area(
    renderer: PillowRenderer, seed_top10: list[Candidate]
) -> None:
    for candidate in seed_top10:
        for fmt in FORMATS:
            for theme in load_themes():
                layout = typeset(_card(candidate), fmt, theme, renderer.book)
                where = (candidate.id, fmt.name, theme.name)
                quote = _ink_box(renderer.paint(layout, roles={"quote"}, background=False))
                assert quote is not None and _inside(quote, layout.text_box), where
                everything = _ink_box(renderer.paint(layout, background=False))
                assert everything is not None and _inside(everything, fmt.safe, 0), where


def _pixels(image: Image.Image) -> list:
    flattened = getattr(image, "get_flattened_data", None)  # Pillow 13 renames getdata
    return list(flattened() if flattened else image.getdata())


def _worst_rendered_contrast(renderer: PillowRenderer, layout: Layout, role: str) -> float:
    """The contrast between a line's solid ink and the lightest and the darkest background pixel
    around it, both read from the rendered card."""
    card = renderer.paint(layout)
    alpha = renderer.paint(layout, roles={role}, background=False).getchannel("A")
    solid = [p for p, a in zip(_pixels(card), _pixels(alpha), strict=True) if a == 255]
    text = max(set(solid), key=solid.count)
    line = next(line for line in layout.lines if line.role == role)
    region = tuple(
        round(v)
        for v in (line.ink.x - 12, line.ink.y - 12, line.ink.right + 12, line.ink.bottom + 12)
    )
    drawn = renderer.paint(layout, background=False).getchannel("A")
    near_ink = drawn.crop(region).filter(ImageFilter.MaxFilter(5))
    behind = [
        p for p, a in zip(_pixels(card.crop(region)), _pixels(near_ink), strict=True) if a == 0
    ]
    darkest, lightest = min(behind, key=luminance), max(behind, key=luminance)
    return min(contrast(text, darkest), contrast(text, lightest))


@pytest.mark.parametrize("theme_name", [t.name for t in load_themes()])
def test_the_rendered_text_colours_meet_wcag_aa_on_the_rendered_background(
    renderer: PillowRenderer, theme_name: str
) -> None:
    yellow = brand_from_data(
        {"colors": {"primary": "#ffeb3b", "accent": "#f2a900"}}, Path("yellow.toml")
    )
    card = CardText("Machine learning is great.", "Yann LeCun", "Chief AI scientist", "", "q1")
    for brand in (None, yellow):
        theme = apply_brand(get_theme(theme_name), brand).theme
        layout = typeset(card, get_format("square"), theme, renderer.book)
        for role in ("quote", "speaker", "role"):
            assert _worst_rendered_contrast(renderer, layout, role) >= AA, (theme_name, role, brand)


GOLDEN_CARDS = {
    "classic-square": ("classic", "600x600", "We don\u2019t know what it is yet.", "Yann LeCun"),
    "bold-wide": (
        "bold",
        "800x420",
        "Machine learning is great. But we\u2019re missing something big.",
        "Yann LeCun",
    ),
    "midnight-tall": ("midnight", "450x800", "Absolutely not.", "Yann LeCun"),
    "photo-square": (
        "photo",
        "600x600",
        "Pretty soon we\u2019re gonna get human intelligence?",
        "Yann LeCun",
    ),
    "classic-arabic": (
        "classic",
        "600x600",
        "\u0627\u0644\u062a\u0639\u0644\u0645 "
        "\u0627\u0644\u0622\u0644\u064a \u0631\u0627\u0626\u0639.",
        "\u064a\u0627\u0646 \u0644\u064a\u0643\u0648\u0646",
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CARDS))
def test_cards_look_like_the_golden_images(renderer: PillowRenderer, name: str) -> None:
    theme, size, quote, speaker = GOLDEN_CARDS[name]
    layout = typeset(
        CardText(quote, speaker, "", "", "golden"),
        get_format(size),
        get_theme(theme),
        renderer.book,
    )
    image = renderer.paint(layout)
    path = GOLDEN / f"{name}.png"
    if os.environ.get("QUOTECARDS_UPDATE_GOLDEN") or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        image.save(path, optimize=True)
        pytest.skip(f"wrote {path.name}; check it by eye and commit it")
    golden = Image.open(path).convert("RGB")
    assert golden.size == image.size
    difference = ImageChops.difference(golden, image)
    # Another FreeType may move antialiasing by a level or two, never a glyph.
    assert max(ImageStat.Stat(difference).mean) < 1.0, name
    changed = difference.convert("L").point(lambda v: 255 if v > 64 else 0)
    assert (changed.histogram()[255] / (image.width * image.height)) < 0.002, name


SCRIPTS = {
    "emoji": "We\u2019re not doomed \U0001f916 \u2014 we just need better ideas \U0001f680"
    "\U0001f469\u200d\U0001f52c",
    "chinese": "\u6211\u4eec\u8fd8\u4e0d\u77e5\u9053\u5b83\u662f\u4ec0\u4e48\u3002"
    "\u673a\u5668\u5b66\u4e60\u5f88\u68d2\u3002",
    "japanese": "\u6a5f\u68b0\u5b66\u7fd2\u306f\u7d20\u6674\u3089\u3057\u3044\u3002",
    "arabic": "\u0627\u0644\u062a\u0639\u0644\u0645 \u0627\u0644\u0622\u0644\u064a "
    "\u0631\u0627\u0626\u0639\u060c \u0644\u0643\u0646\u0646\u0627 \u0645\u0627 "
    "\u0632\u0644\u0646\u0627 \u0646\u0641\u062a\u0642\u062f \u0634\u064a\u0626\u064b\u0627 "
    "\u0643\u0628\u064a\u0631\u064b\u0627.",
    "hebrew": "\u05dc\u05de\u05d9\u05d3\u05ea \u05de\u05db\u05d5\u05e0\u05d4 \u05d4\u05d9\u05d0 "
    "\u05e0\u05d4\u05d3\u05e8\u05ea.",
}


def _glyph(font: object, char: str) -> bytes:
    image = Image.new("L", (120, 120))
    ImageDraw.Draw(image).text((30, 30), char, font=font, fill=255)  # type: ignore[arg-type]
    return image.tobytes()


@pytest.mark.parametrize("script", sorted(SCRIPTS))
@pytest.mark.parametrize("theme_name", ["classic", "bold", "photo"])
def test_every_character_of_any_script_is_drawn_by_a_font_that_has_it(
    renderer: PillowRenderer, script: str, theme_name: str
) -> None:
    layout = typeset(
        CardText(SCRIPTS[script], "Yann LeCun", "", "", script),
        get_format("square"),
        get_theme(theme_name),
        renderer.book,
    )
    for line in layout.lines:
        for run in line.runs:
            covered = renderer.book.coverage(run.face)
            missing = [
                c
                for c in run.text
                if c.isprintable()
                and not c.isspace()
                and c not in covered
                and c not in "\u200d\ufe0f"
            ]
            assert not missing, (script, run.face.family, missing)
            if not run.face.strike:
                font = renderer.book.font(run.face, 40)
                box = _glyph(font, "\U000f0000")  # private use: the font's .notdef box
                for char in {c for c in run.text if not c.isspace()}:
                    assert _glyph(font, char) != box, (script, char)
    ink = _ink_box(renderer.paint(layout, roles={"quote"}, background=False))
    assert ink is not None and _inside(ink, layout.text_box)


def test_emoji_are_drawn_in_colour(renderer: PillowRenderer) -> None:
    layout = typeset(
        CardText(SCRIPTS["emoji"], "Yann LeCun", "", "", "e"),
        get_format("square"),
        get_theme("classic"),
        renderer.book,
    )
    quote = renderer.paint(layout, roles={"quote"}, background=False).convert("RGB")
    saturated = quote.convert("HSV").getchannel("S").point(lambda s: 255 if s > 120 else 0)
    assert saturated.histogram()[255] > 500


def test_right_to_left_quotes_are_set_flush_right_with_the_mark_hanging_right(
    renderer: PillowRenderer,
) -> None:
    layout = typeset(
        CardText(SCRIPTS["arabic"], "\u064a\u0627\u0646", "", "", "a"),
        get_format("square"),
        get_theme("classic"),
        renderer.book,
    )
    quote = layout.lines_of("quote")
    mark = layout.lines_of("mark")[0]
    right = max(line.x + line.width for line in quote)
    assert all(abs(line.x + line.width - right) < 1 for line in quote)
    assert mark.x >= right - 1


def test_a_character_no_font_has_is_an_error_that_names_it(renderer: PillowRenderer) -> None:
    card = CardText("The glyph \U00010000 has no font here.", "Yann LeCun", "", "", "x")
    with pytest.raises(MissingGlyphError, match="U\\+10000"):
        typeset(card, get_format("square"), get_theme("classic"), renderer.book)


def _candidate(text: str, id_: str = "q1") -> Candidate:
    return Candidate(id_, text, "Yann LeCun", "answer", "confident", (Span(0, len(text)),), 80, ())


def test_two_renders_of_a_card_are_byte_identical_in_one_process_or_many(tmp_path: Path) -> None:
    picks = [
        _candidate("We don\u2019t know what it is yet.", "q1"),
        _candidate("Machine learning is great.", "q2"),
    ]
    fmts, themes = [get_format("square"), get_format("og")], load_themes()
    one = render_cards(picks, fmts, themes, tmp_path / "one", source="a/b/talk.txt", jobs=1)
    two = render_cards(picks, fmts, themes, tmp_path / "two", source="a/b/talk.txt", jobs=2)
    again = render_cards(picks, fmts, themes, tmp_path / "one", source="a/b/talk.txt", jobs=1)
    assert [w.image.name for w in one.written] == [w.image.name for w in two.written]
    for a, b, c in zip(one.written, two.written, again.written, strict=True):
        assert a.image.read_bytes() == b.image.read_bytes() == c.image.read_bytes()


def test_a_png_carries_its_alt_text_and_the_source_name_but_no_path_or_time(
    tmp_path: Path,
) -> None:
    result = render_cards(
        [_candidate("We don\u2019t know what it is yet.")],
        [get_format("square")],
        [get_theme("classic")],
        tmp_path,
        source="/home/someone/interviews/lecun.txt",
    )
    written = result.written[0]
    with Image.open(written.image) as image:
        image.load()
        assert image.text["Description"] == written.alt  # type: ignore[attr-defined]
        assert image.text["Source"] == "lecun.txt"  # type: ignore[attr-defined]
    data = written.image.read_bytes()
    assert b"tIME" not in data and b"/home" not in data
    alt = written.alt_file.read_text(encoding="utf-8")
    assert "We don\u2019t know what it is yet." in alt and "Yann LeCun" in alt
    assert get_theme("classic").description in alt


def test_files_are_named_from_the_quote_its_id_the_format_and_the_theme(tmp_path: Path) -> None:
    result = render_cards(
        [_candidate("We don\u2019t know what it is yet.", "qe56a4867e5")],
        [get_format("og")],
        [get_theme("midnight")],
        tmp_path,
    )
    assert result.written[0].image.name == "we-dont-know-what-it-is--qe56a4867e5--og--midnight.png"
    assert result.written[0].alt_file.name.endswith("--og--midnight.alt.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [result.written[0].image.name, result.written[0].alt_file.name]
    )


def test_nothing_is_written_outside_the_output_folder_whatever_the_id(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = render_cards(
        [_candidate("Absolutely not.", "../../etc/passwd")],
        [get_format("square")],
        [get_theme("bold")],
        out,
    )
    assert all(w.image.parent == out.resolve() for w in result.written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_slugs_are_short_readable_and_never_empty() -> None:
    assert (
        slug("[W]e have to dampen the excitement some people have")
        == "we-have-to-dampen-the-excitement"
    )
    assert slug("\u6211\u4eec\u8fd8\u4e0d\u77e5\u9053") == "\u6211\u4eec\u8fd8\u4e0d\u77e5\u9053"
    assert slug("Caf\u00e9 na\u00efve r\u00e9sum\u00e9") == "cafe-naive-resume"


def test_a_quote_too_long_for_a_format_fails_alone_with_a_message_naming_it(
    tmp_path: Path,
) -> None:
    long = " ".join(["Machine learning is great but we are missing something big."] * 30)
    result = render_cards(
        [_candidate(long, "qlong"), _candidate("Absolutely not.", "qshort")],
        [get_format("og")],
        [get_theme("classic")],
        tmp_path,
    )
    assert [w.quote_id for w in result.written] == ["qshort"]
    (failure,) = result.failed
    assert failure.quote_id == "qlong" and "og" in failure.message and "qlong" in failure.message


@pytest.mark.parametrize(("image_format", "kind"), [("jpeg", "JPEG"), ("webp", "WEBP")])
def test_jpeg_and_webp_are_written_on_request(tmp_path: Path, image_format: str, kind: str) -> None:
    result = render_cards(
        [_candidate("Absolutely not.")],
        [get_format("square")],
        [get_theme("photo")],
        tmp_path,
        image_format=image_format,
    )  # type: ignore[arg-type]
    with Image.open(io.BytesIO(result.written[0].image.read_bytes())) as image:
        assert image.format == kind and image.size == (1080, 1080)


def test_progress_is_reported_once_per_card_in_order(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render_cards(
        [_candidate("Absolutely not.")],
        [get_format("square"), get_format("og")],
        load_themes(),
        tmp_path,
        progress=lambda done, total, _: seen.append((done, total)),
    )
    total = 2 * len(load_themes())
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_a_brand_logo_and_handle_sit_in_the_safe_area_and_the_quote_stays_clear(
    renderer: PillowRenderer, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (11, 61, 145, 255)).save(logo)
    brand = brand_from_data(
        {"name": "The Example Review", "handle": "@examplereview", "logo": "logo.png"},
        tmp_path / "brand.toml",
    )
    card = CardText(
        "We don\u2019t know what it is yet.", "Yann LeCun", "", brand.name, "q", handle=brand.handle
    )
    for fmt in FORMATS:
        layout = typeset(card, fmt, get_theme("classic"), renderer.book, logo=brand.logo)
        assert layout.logo is not None and _inside(layout.logo.box, fmt.safe, 0)
        assert layout.logo.box.y > layout.text_box.bottom
        (handle,) = layout.lines_of("publication")
        assert handle.text == "@examplereview"  # the logo stands for the name
        assert handle.ink.x > layout.logo.box.right


def test_a_gradient_background_runs_from_its_first_colour_to_its_last(
    renderer: PillowRenderer, tmp_path: Path
) -> None:
    source = (TEMPLATES / "midnight.toml").read_text(encoding="utf-8")
    source = source.replace('kind = "solid"', 'kind = "gradient"\ncolors = ["#101820", "#2a3550"]')
    path = tmp_path / "dusk-gradient.toml"
    path.write_text(source, encoding="utf-8")
    theme = load_theme(path)
    layout = typeset(
        CardText("Absolutely not.", "Yann LeCun"), get_format("og"), theme, renderer.book
    )
    card = renderer.paint(layout)
    top, bottom = card.getpixel((5, 0)), card.getpixel((5, card.height - 1))
    assert max(abs(a - b) for a, b in zip(top, (0x10, 0x18, 0x20), strict=True)) <= 2
    assert max(abs(a - b) for a, b in zip(bottom, (0x2A, 0x35, 0x50), strict=True)) <= 2
    assert worst_contrast(theme, theme.palette.text) >= AA
