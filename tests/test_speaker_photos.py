"""A speaker's photo on the card: cropped about its focal point, in every format and layout, the
same in Pillow and in Chromium; and six themes on distinct layouts, each taking from a brand
only what it declares."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from quotecards.brand import Brand, apply_brand
from quotecards.fonts import FontBook
from quotecards.formats import FORMATS, Format
from quotecards.images import focus_crop
from quotecards.render.html import HtmlRenderer, Rendered, decode
from quotecards.render.pillow import PillowRenderer
from quotecards.themes import Typeface, get_theme, load_themes
from quotecards.typeset import typeset
from quotecards.typeset.layout import CardText, Layout, SpeakerPhoto
from tests.conftest import SAMPLE

BOOK = FontBook.default()
QUOTE = "A closure is an inconvenience; a collapse is a funeral."
FOCUS = (0.8, 0.25)
RED = (230, 20, 20)


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A grey 1600 x 1200 photo with one red disc, the "face", at FOCUS."""
    path = tmp_path_factory.mktemp("photos") / "face.png"
    image = Image.new("RGB", (1600, 1200), (128, 128, 128))
    x, y = FOCUS[0] * 1600, FOCUS[1] * 1200
    ImageDraw.Draw(image).ellipse((x - 40, y - 40, x + 40, y + 40), fill=RED)
    image.save(path)
    return path


def _card(photo: Path, focus: tuple[float, float] = FOCUS) -> CardText:
    return CardText(
        QUOTE, "Marisol Vega", "Chief bridge inspector", photo=SpeakerPhoto(photo, focus)
    )


def _red_centre(image: Image.Image) -> tuple[float, float] | None:
    """The centroid of the clearly red pixels."""
    rgb = image.convert("RGB")
    red, green, blue = (band.point(lambda v: v) for band in rgb.split())
    mask = Image.eval(red, lambda v: 255 if v > 180 else 0)
    low = Image.eval(green, lambda v: 255 if v < 90 else 0)
    mask = Image.composite(mask, Image.new("L", rgb.size, 0), low)
    blue_low = Image.eval(blue, lambda v: 255 if v < 90 else 0)
    mask = Image.composite(mask, Image.new("L", rgb.size, 0), blue_low)
    box = mask.getbbox()
    if box is None:
        return None
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _expected(layout: Layout, size: tuple[int, int]) -> tuple[float, float]:
    """Where the focal point must land on the card, by the crop both renderers share."""
    panel = next(p for p in layout.photos if p.backdrop)
    box = panel.box
    left, top, right, bottom = focus_crop(size, (box.width, box.height), panel.focus)
    x = box.x + (FOCUS[0] * size[0] - left) / (right - left) * box.width
    y = box.y + (FOCUS[1] * size[1] - top) / (bottom - top) * box.height
    return x, y


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_the_headshot_panel_crops_about_the_focal_point_in_every_format(
    photo: Path, fmt: Format
) -> None:
    layout = typeset(_card(photo), fmt, get_theme("headshot"), BOOK)
    image = PillowRenderer(BOOK).paint(layout)
    found = _red_centre(image)
    assert found is not None, "the face was cropped away"
    expected = _expected(layout, (1600, 1200))
    assert abs(found[0] - expected[0]) <= 3 and abs(found[1] - expected[1]) <= 3, (found, expected)
    panel = layout.photos[0].box
    # The face is inside the panel, and the text keeps clear of the panel.
    assert panel.x <= found[0] <= panel.right and panel.y <= found[1] <= panel.bottom
    for line in layout.lines_of("quote", "speaker", "role"):
        ink = line.ink
        overlaps = ink.x < panel.right and ink.right > panel.x
        overlaps = overlaps and ink.y < panel.bottom and ink.bottom > panel.y
        assert not overlaps, (line.text, ink, panel)


def test_a_crop_about_another_focal_point_shows_another_part_of_the_photo(photo: Path) -> None:
    fmt = next(f for f in FORMATS if f.name == "square")
    theme = get_theme("headshot")
    centred = typeset(_card(photo, (0.2, 0.8)), fmt, theme, BOOK)
    assert _red_centre(PillowRenderer(BOOK).paint(centred)) is None, "the face should be out"
    on_face = typeset(_card(photo), fmt, theme, BOOK)
    assert _red_centre(PillowRenderer(BOOK).paint(on_face)) is not None


def test_chromium_crops_the_photo_where_pillow_does(photo: Path, html: HtmlRenderer) -> None:
    layouts = [typeset(_card(photo), fmt, get_theme("headshot"), BOOK) for fmt in FORMATS]
    for layout, result in zip(layouts, html.render_many(layouts), strict=True):
        assert isinstance(result, Rendered), result
        found = _red_centre(decode(result.data))
        expected = _expected(layout, (1600, 1200))
        assert found is not None, layout.format.name
        assert abs(found[0] - expected[0]) <= 3 and abs(found[1] - expected[1]) <= 3, (
            layout.format.name,
            found,
            expected,
        )


def test_an_avatar_is_a_circle_beside_the_name(photo: Path) -> None:
    fmt = next(f for f in FORMATS if f.name == "square")
    layout = typeset(_card(photo, (0.5, 0.5)), fmt, get_theme("classic"), BOOK)
    (avatar,) = layout.photos
    assert avatar.shape == "circle" and avatar.box.width == avatar.box.height
    image = PillowRenderer(BOOK).paint(layout)
    box = avatar.box
    corner = image.getpixel((round(box.x) + 2, round(box.y) + 2))
    middle = image.getpixel((round(box.x + box.width / 2), round(box.y + box.height / 2)))
    assert corner == (0xF5, 0xF0, 0xE6), "the corner of a circle's box shows the paper"
    assert middle == (128, 128, 128), "the middle shows the photo"
    name = layout.lines_of("speaker")[0]
    assert name.x >= box.right, "the name starts after the photo"
    assert box.y < name.baseline < box.bottom, "the photo stands beside the name"
    assert "With a photo of Marisol Vega." in layout.alt


def test_the_photo_theme_puts_the_speakers_photo_behind_the_text_never_across_the_face(
    photo: Path,
) -> None:
    for fmt in FORMATS:
        layout = typeset(_card(photo), fmt, get_theme("photo"), BOOK)
        if layout.background.kind == "photo":
            assert layout.background.photo == photo
        else:  # a portrait photo on a wide card stands in a panel beside the text
            assert layout.photos and layout.photos[0].backdrop
        area = layout.text_area
        assert area is not None
        for line in layout.lines_of("quote", "speaker"):
            assert area.contains(line.ink) or area.x <= line.ink.x, (fmt.name, line.text)


def test_six_themes_on_at_least_four_distinct_layouts() -> None:
    themes = load_themes()
    assert len(themes) >= 6
    layouts = {(t.kind, t.photo, t.marks, t.align) for t in themes}
    assert len(layouts) >= 4
    assert {"column", "split", "framed"} <= {t.kind for t in themes}


def test_a_brand_font_goes_only_where_the_theme_puts_it() -> None:
    brand = Brand(name="The Review", quote_face=Typeface("Source Serif 4", 600))
    taken = {t.name: apply_brand(t, brand).theme.quote_face.family for t in load_themes()}
    assert taken["classic"] == "Source Serif 4"
    assert taken["bold"] == "Inter" and taken["midnight"] == "Inter"
    assert taken["photo"] == "Playfair Display"


def test_the_headshot_theme_without_a_photo_sets_a_mark_in_its_panel() -> None:
    for fmt in FORMATS:
        layout = typeset(CardText(QUOTE, "Marisol Vega"), fmt, get_theme("headshot"), BOOK)
        (panel,) = layout.panels
        (ornament,) = layout.lines_of("ornament")
        assert panel.box.contains(ornament.ink), fmt.name
        assert not layout.photos


def test_the_review_page_previews_the_card_with_the_review_files_photo_and_publication(
    photo: Path, tmp_path: Path
) -> None:
    import shutil

    from quotecards.review.session import ReviewSession
    from quotecards.review.sync import write_review

    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    shutil.copyfile(SAMPLE, source)
    shutil.copyfile(photo, tmp_path / "vega.png")
    review, _ = write_review(source, top=1)
    session = ReviewSession(review)
    quote = session.state()["quotes"][0]
    plain = Image.open(io.BytesIO(session.preview(quote["id"], "square", "headshot", None)))
    assert _red_centre(plain) is None  # no photo yet: the panel is the accent block
    text = review.read_text(encoding="utf-8")
    review.write_text(
        text.replace(
            "\n[[quote]]",
            '\npublication = "The Harbour Courier"\n\n[speakers."Marisol Vega"]\n'
            'photo = "vega.png"\nfocus = [0.8, 0.25]\n\n[[quote]]',
            1,
        ),
        encoding="utf-8",
    )
    shown = Image.open(io.BytesIO(session.preview(quote["id"], "square", "headshot", None)))
    assert _red_centre(shown) is not None, "the preview shows the speaker's photo"
