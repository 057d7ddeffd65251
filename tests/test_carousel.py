"""Carousels as a user gets them: a cover, a slide a quote numbered "2/6", an end slide; numbered
PNGs of the format's size with their alt text, one PDF with a page a slide, the same bytes twice,
in both renderers, from the command line and from a project's build."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageStat

from quotecards.bundle.build import build
from quotecards.bundle.project import ProjectError, load_project
from quotecards.fonts import FontBook
from quotecards.formats import get_format
from quotecards.images import focus_crop
from quotecards.ingest import read_source
from quotecards.render.cards import texts_of
from quotecards.render.carousel import About, deck_of, render_carousel
from quotecards.selector import select
from quotecards.themes import load_themes, parse_themes
from quotecards.typeset.layout import CardText, SpeakerPhoto
from quotecards.typeset.slides import Deck, SlideError, slides
from tests.conftest import ARTICLE, SAMPLE
from tests.test_cli import run

if TYPE_CHECKING:
    from quotecards.render.html import HtmlRenderer
    from quotecards.typeset.layout import Layout

TOP = 4
SLIDES = TOP + 2
PORTRAIT = SAMPLE.parent / "marisol-vega.jpg"  # the bundled sample's speaker, drawn
LONG = (
    "I meant that collapse is the last chapter, not the story. A bridge tells you it is in "
    "trouble for years before anything falls. The cracks, the rust stains, the bearings that "
    "stop moving, the joints that start to hammer every time a truck goes over."
)


def _deck(path: Path = SAMPLE, top: int = TOP, **about: object) -> Deck:
    document = read_source(path)
    picks = select(document, top=top).picks
    return deck_of(texts_of(picks), About.of(document), **about)  # type: ignore[arg-type]


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height, from the page objects themselves (not the page
    tree's /Count), in the order the file holds them."""
    pages = []
    for match in re.finditer(rb"/Type /Page\b(?!s)", pdf):
        start = pdf.rfind(b" obj", 0, match.start())
        end = pdf.find(b"endobj", match.end())
        box = re.search(rb"/MediaBox \[ ?([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ?\]", pdf[start:end])
        assert box is not None, "a page without a MediaBox"
        x0, y0, x1, y1 = (float(v) for v in box.groups())
        pages.append((x1 - x0, y1 - y0))
    return pages


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same carousel asked for twice on the command line, square and portrait."""
    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = run("carousel", str(SAMPLE), "--top", str(TOP), "--format", "square,portrait",
                     "--out", str(out))  # fmt: skip
        assert result.returncode == 0, result.stderr
        outs.append(out)
    return outs[0], outs[1]


def _folder(out: Path, fmt: str) -> Path:
    return out / f"bridge-inspector--carousel--{fmt}--classic"


# -- what a user finds on disk --------------------------------------------------------------


def test_a_carousel_is_a_cover_then_a_slide_a_quote_in_order_then_an_end(made: tuple[Path, Path]):
    folder = _folder(made[0], "square")
    pngs = sorted(p.name for p in folder.glob("*.png"))
    assert len(pngs) == SLIDES
    assert pngs[0] == "01-cover.png" and pngs[-1] == f"{SLIDES:02d}-end.png"
    index = json.loads((folder / "carousel.json").read_text(encoding="utf-8"))
    assert index["schema"] == "quotecards.carousel/1"
    assert [s["path"] for s in index["slides"]] == pngs
    assert [s["kind"] for s in index["slides"]] == ["cover", *["quote"] * TOP, "end"]
    picks = select(read_source(SAMPLE), top=TOP).picks
    assert [s["quote_id"] for s in index["slides"][1:-1]] == [p.id for p in picks]
    assert pngs[1].startswith("02-maintenance-is-invisible")


@pytest.mark.parametrize(("fmt", "size"), [("square", (1080, 1080)), ("portrait", (1080, 1350))])
def test_every_slide_has_the_formats_size_and_the_pdf_a_page_a_slide(
    made: tuple[Path, Path], fmt: str, size: tuple[int, int]
):
    folder = _folder(made[0], fmt)
    pngs = sorted(folder.glob("*.png"))
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == size, png.name
    pages = _pdf_pages((folder / "carousel.pdf").read_bytes())
    assert len(pages) == len(pngs) == SLIDES
    for width, height in pages:
        assert width / height == pytest.approx(size[0] / size[1])
        assert (width, height) == size  # a point a pixel: the slide's own size


def test_each_slide_carries_its_alt_text_beside_it_in_its_png_and_in_the_index(
    made: tuple[Path, Path],
):
    folder = _folder(made[0], "square")
    index = json.loads((folder / "carousel.json").read_text(encoding="utf-8"))
    for number, slide in enumerate(index["slides"], 1):
        beside = (folder / slide["alt_path"]).read_text(encoding="utf-8")
        with Image.open(folder / slide["path"]) as image:
            described = image.text["Description"]  # type: ignore[attr-defined]
            assert image.text["Source"] == SAMPLE.name  # type: ignore[attr-defined]
        assert beside == slide["alt"] + "\n" and described == slide["alt"]
        assert slide["alt"].startswith(f"Slide {number} of {SLIDES}")
    assert "Marisol Vega" in index["slides"][0]["alt"]
    assert "Maintenance is invisible." in index["slides"][1]["alt"]


def test_the_same_inputs_give_the_same_bytes_twice_pngs_and_pdf(made: tuple[Path, Path]):
    first, second = made
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert any(n.suffix == ".pdf" for n in names) and any(n.suffix == ".png" for n in names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    pdf = (_folder(first, "square") / "carousel.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert re.search(rb"/Producer \(", pdf)


def test_a_shorter_carousel_written_over_a_longer_one_leaves_none_of_its_slides(tmp_path: Path):
    for top in ("4", "2"):
        result = run("carousel", str(SAMPLE), "--top", top, "--out", str(tmp_path))
        assert result.returncode == 0, result.stderr
    folder = _folder(tmp_path, "square")
    assert sorted(p.name for p in folder.glob("*.png")) == [
        "01-cover.png",
        "02-maintenance-is-invisible-nobody-cuts-a.png",
        "03-a-closure-is-an-inconvenience-a.png",
        "04-end.png",
    ]
    assert len(_pdf_pages((folder / "carousel.pdf").read_bytes())) == 4


# -- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--format", "story"), ("'story'", "not a carousel format", "square or portrait")),
        (("--format", "square,og"), ("'og'", "not a carousel format")),
        (("--top", "0"), ("--top", "expected 1 or more")),
        (("--top", "19"), ("--top 19", "at most 18 quotes")),
        (("--theme", "nope"), ("nope",)),
    ],
)
def test_what_cannot_be_a_carousel_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, args: tuple[str, ...], needles: tuple[str, ...]
):
    result = run("carousel", str(SAMPLE), *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    error = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(error) == 1, result.stderr
    for needle in needles:
        assert needle in error[0]
    assert not (tmp_path / "out").exists()


def test_the_command_prints_each_slide_and_the_pdf(made: tuple[Path, Path], tmp_path: Path):
    result = run("carousel", str(SAMPLE), "--top", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    folder = _folder(tmp_path, "square")
    assert printed == [
        str(folder / "01-cover.png"),
        str(folder / "02-maintenance-is-invisible-nobody-cuts-a.png"),
        str(folder / "03-a-closure-is-an-inconvenience-a.png"),
        str(folder / "04-end.png"),
        str(folder / "carousel.pdf"),
    ]
    assert "1 carousel of 4 slides" in result.stderr


def test_the_command_line_gives_the_cover_its_photo_and_the_end_its_handle(tmp_path: Path):
    result = run("carousel", str(SAMPLE), "--top", "2", "--photo", str(PORTRAIT),
                 "--handle", "@examplereview", "--source-line", "From our interview, 2026",
                 "--out", str(tmp_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    index = json.loads((_folder(tmp_path, "square") / "carousel.json").read_text("utf-8"))
    cover, *_, end = index["slides"]
    assert "A photograph of Marisol Vega" in cover["alt"]
    assert "@examplereview" in end["alt"] and "From our interview, 2026" in end["alt"]


# -- the layouts -------------------------------------------------------------------------------


def _slides(deck: Deck, fmt: str = "square", theme: str = "classic") -> tuple[Layout, ...]:
    (chosen,) = parse_themes(theme)
    return slides(deck, get_format(fmt), chosen, FontBook.default())


@pytest.mark.parametrize("theme", [t.name for t in load_themes()])
@pytest.mark.parametrize("fmt", ["square", "portrait"])
def test_quote_slides_are_numbered_in_the_top_right_corner_clear_of_everything_else(
    fmt: str, theme: str
):
    deck = _deck()
    # A quote long enough to fill its slide to the top: the number keeps its corner anyway.
    long = CardText(LONG, "Marisol Vega", id="qlong")
    deck = replace(deck, quotes=(*deck.quotes[:-1], long))
    layouts = _slides(deck, fmt, theme)
    assert len(layouts) == SLIDES
    for number, layout in enumerate(layouts, 1):
        (folio,) = layout.lines_of("folio")
        assert folio.text == f"{number}/{SLIDES}"
        safe = layout.format.safe
        assert safe.contains(folio.ink)
        assert folio.ink.right == pytest.approx(layout.text_box.right, abs=2) or (
            folio.ink.right > safe.x + 0.8 * safe.width
        )
        for other in layout.lines:
            if other is not folio:
                apart = other.ink.y > folio.ink.bottom or other.ink.right < folio.ink.x
                assert apart, f"slide {number}: {other.role} {other.text!r} meets the number"
        for line in layout.lines:
            assert safe.contains(line.ink), f"slide {number}: {line.text!r} leaves the safe area"
    quotes = [layout.lines_of("quote") for layout in layouts]
    assert not quotes[0] and not quotes[-1] and all(quotes[1:-1])


def test_the_cover_introduces_the_speaker_and_the_end_says_where_to_read_the_whole():
    cover, *_, end = _slides(_deck())
    said = {line.role: line.text for line in cover.lines}
    assert said["kicker"].casefold() == "in conversation"
    assert " ".join(line.text for line in cover.lines_of("title")) == "Marisol Vega"
    assert cover.lines_of("mark"), "without a photo, the cover carries the theme's large mark"
    assert " ".join(line.text for line in end.lines_of("title")) == "Read the full interview"
    assert [line.text for line in end.lines_of("speaker")] == ["MARISOL VEGA"]


def test_an_article_quoting_several_people_names_them_all_on_its_cover():
    deck = _deck(ARTICLE, top=3)
    assert deck.speaker is None and deck.photo is None
    cover = _slides(deck)[0]
    title = " ".join(line.text for line in cover.lines_of("title"))
    assert title == "Priya Raman & Harold Beck"
    assert [line.text for line in cover.lines_of("kicker")] == ["ON THE RECORD"]
    headline = _slides(_deck(ARTICLE, top=3, title="The River Gate Holds, for Now"))[0]
    assert " ".join(line.text for line in headline.lines_of("speaker")) == (
        "PRIYA RAMAN & HAROLD BECK"
    )


def _with_photo(deck: Deck) -> Deck:
    texts = [replace(t, photo=SpeakerPhoto(PORTRAIT, (0.5, 0.3))) for t in deck.quotes]
    return deck_of(texts, About(interviewee="Marisol Vega"))


@pytest.mark.parametrize("fmt", ["square", "portrait"])
def test_a_speakers_photo_is_a_circle_on_the_cover_clear_of_the_text(fmt: str):
    cover = _slides(_with_photo(_deck()), fmt)[0]
    (placed,) = cover.photos
    assert placed.shape == "circle" and placed.path == PORTRAIT
    assert placed.box.width == placed.box.height >= 0.2 * cover.format.short_side
    assert cover.format.safe.contains(placed.box)
    assert not cover.lines_of("mark"), "the photo stands where the large mark would"
    for line in cover.lines:
        if line.role != "folio":
            assert line.ink.y >= placed.box.bottom, f"{line.text!r} runs into the photo"
    assert "A photograph of Marisol Vega" in cover.alt


def test_a_split_theme_puts_the_speakers_photo_in_its_panel_on_the_cover_not_a_circle():
    cover = _slides(_with_photo(_deck()), "portrait", "headshot")[0]
    (panel,) = cover.photos
    assert panel.shape == "rect" and panel.backdrop and panel.box.y == 0
    for line in cover.lines:
        assert line.ink.y > panel.box.bottom, f"{line.text!r} is on the photo"


def test_both_renderers_paint_the_covers_photo_in_its_circle(html: HtmlRenderer):
    deck = _with_photo(_deck(top=1))
    (theme,) = parse_themes("classic")
    fmt = get_format("square")
    cover = slides(deck, fmt, theme, FontBook.default())[0]
    box = cover.photos[0].box
    # The middle of the circle, where the photo is whole: its pixels are the photo's there.
    w, h = int(box.width), int(box.height)
    middle = (int(0.3 * w), int(0.3 * h), int(0.7 * w), int(0.7 * h))
    inner = (int(box.x) + middle[0], int(box.y) + middle[1])
    inner += (inner[0] + middle[2] - middle[0], inner[1] + middle[3] - middle[1])
    with Image.open(PORTRAIT) as source:
        crop = focus_crop(source.size, (box.width, box.height), (0.5, 0.3))
        expected = source.convert("RGB").resize((w, h), box=crop)
    want = ImageStat.Stat(expected.crop(middle)).mean
    for renderer in ("pillow", "html"):
        made = render_carousel(deck, fmt, theme, renderer=renderer, painter=html)
        with Image.open(_bytes(made.images[0])) as image:
            got = ImageStat.Stat(image.convert("RGB").crop(inner)).mean
        assert all(abs(a - b) < 12 for a, b in zip(got, want, strict=True)), (renderer, got, want)


def test_a_photos_crop_stays_inside_the_photo_at_every_size_of_circle():
    # 313 px, a cover's circle on a square slide, once cropped a hair past the photo's edge.
    with Image.open(PORTRAIT) as image:
        size = image.size
    for side in range(40, 1100):
        left, top, right, bottom = focus_crop(size, (side, side), (0.5, 0.3))
        assert 0 <= left <= right <= size[0] and 0 <= top <= bottom <= size[1], side


def test_a_quote_too_long_for_a_slide_names_the_slide():
    long = " ".join(["Rust doesn’t read the calendar, and neither does the river."] * 12)
    deck = deck_of([CardText(long, "Marisol Vega", id="qlong")], About())
    with pytest.raises(SlideError, match=r"slide 2 of 3: quote qlong .* does not fit"):
        _slides(deck)


# -- both renderers ------------------------------------------------------------------------


def test_chromium_paints_the_same_slides_same_sizes_same_bytes_twice(html: HtmlRenderer):
    deck = _deck(top=2)
    (theme,) = parse_themes("midnight")
    fmt = get_format("portrait")
    first = render_carousel(deck, fmt, theme, source=SAMPLE.name, renderer="html", painter=html)
    again = render_carousel(deck, fmt, theme, source=SAMPLE.name, renderer="html", painter=html)
    assert first.images == again.images and first.pdf == again.pdf
    assert [s.path for s in first.carousel.slides] == [
        "01-cover.png",
        "02-maintenance-is-invisible-nobody-cuts-a.png",
        "03-a-closure-is-an-inconvenience-a.png",
        "04-end.png",
    ]
    assert _pdf_pages(first.pdf) == [(1080.0, 1350.0)] * 4
    pillow = render_carousel(deck, fmt, theme, source=SAMPLE.name)
    layouts = slides(deck, fmt, theme, FontBook.default())
    for layout, chromium, ours in zip(layouts, first.images, pillow.images, strict=True):
        with Image.open(_bytes(chromium)) as a, Image.open(_bytes(ours)) as b:
            assert a.size == b.size == (1080, 1350)
            # Both draw the slide number, the title or quote, where the layout puts them.
            for line in (*layout.lines_of("folio"), *layout.lines_of("title", "quote")[:1]):
                box = line.ink
                crop = (int(box.x), int(box.y), int(box.right) + 1, int(box.bottom) + 1)
                for image in (a, b):
                    lightest = max(image.convert("L").crop(crop).getextrema())
                    assert lightest > 140, f"{line.text!r} is not drawn in {image}"


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


# -- the bundle ----------------------------------------------------------------------------------


def test_a_project_with_carousel_true_bundles_a_carousel_per_source_listed_and_cached(
    tmp_path: Path,
):
    (tmp_path / "bridge-inspector.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "quotecards.toml").write_text(
        'sources = ["*.txt"]\ntop = 3\nformat = ["square", "story"]\ncarousel = true\n',
        encoding="utf-8",
    )
    project = load_project(tmp_path / "quotecards.toml")
    result = build(project, jobs=1)
    assert result.status == "built", result.failed
    assert result.carousels == 1 and result.summary()["carousels"] == 1
    bundle = project.folder
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    (carousel,) = manifest["carousels"]  # square only: a story is no carousel
    assert carousel["source"] == "bridge-inspector.txt" and carousel["format"] == "square"
    folder = bundle / carousel["folder"]
    assert folder == bundle / "bridge-inspector" / "carousel--square--classic"
    assert [s["kind"] for s in carousel["slides"]] == ["cover", "quote", "quote", "quote", "end"]
    for slide in carousel["slides"]:
        data = (bundle / slide["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == slide["sha256"]
        with Image.open(bundle / slide["path"]) as image:
            assert image.size == (slide["width"], slide["height"]) == (1080, 1080)
        assert (bundle / slide["alt_path"]).read_text(encoding="utf-8") == slide["alt"] + "\n"
    pdf = (bundle / carousel["pdf"]["path"]).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == carousel["pdf"]["sha256"]
    assert len(_pdf_pages(pdf)) == carousel["pdf"]["pages"] == 5
    with zipfile.ZipFile(bundle / "cards.zip") as archive:
        zipped = set(archive.namelist())
    assert f"cards/{carousel['pdf']['path']}" in zipped
    assert all(f"cards/{s['path']}" in zipped for s in carousel["slides"])

    again = build(load_project(tmp_path / "quotecards.toml"), jobs=1)
    assert again.status == "unchanged" and again.rendered == ()
    assert (bundle / carousel["pdf"]["path"]).read_bytes() == pdf


def test_a_project_without_carousel_makes_none(tmp_path: Path):
    (tmp_path / "bridge-inspector.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "quotecards.toml").write_text('sources = ["*.txt"]\ntop = 1\n', "utf-8")
    project = load_project(tmp_path / "quotecards.toml")
    assert build(project, jobs=1).status == "built"
    manifest = json.loads((project.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["carousels"] == []
    assert not list(project.folder.rglob("carousel.pdf"))


def test_carousel_in_a_project_file_must_be_true_or_false(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "quotecards.toml").write_text('sources = ["a.txt"]\ncarousel = "yes"\n', "utf-8")
    with pytest.raises(ProjectError, match=r"quotecards.toml:2: carousel: expected true or false"):
        load_project(tmp_path / "quotecards.toml")
