"""What the README's Cards section promises, checked on pixels in both renderers: the
attribution never clips and never leaves the safe area, however long; a story keeps its covered
zones clear of anything the text decides; the text block fills its card; the type floors hold;
a changed first letter loses its brackets on the card and keeps them everywhere else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from quotecards.brand import apply_brand, brand_from_data
from quotecards.fonts import FontBook
from quotecards.formats import FORMATS, Format, get_format
from quotecards.render.html import HtmlRenderer, Rendered, decode
from quotecards.render.pillow import PillowRenderer
from quotecards.themes import Theme, get_theme, load_themes
from quotecards.typeset import CardText, Layout, typeset
from quotecards.typeset.compose import FILL_MAX, FILL_MIN
from quotecards.typeset.labels import LabelError, floor
from quotecards.typeset.layout import TEXT_ROLES

BOOK = FontBook.default()
NAME = "Maria Fernanda Castellanos-Villarreal de la Torres"  # 50 characters
# 90 characters
ROLE = "Senior Vice President for Global Research Partnerships and Strategic Initiatives, NYU Law."
QUOTE = "We don't know what it is yet, but we know that it isn't what everybody says it is."
# Quotes of 2, 6, 15 and 30 words, written for these tests.
BY_LENGTH = {
    2: "Ship relentlessly.",
    6: "Nobody knows what intelligence really is.",
    15: "The hardest part of the job is admitting that the plan you loved has failed.",
    30: (
        "We measured the bridge every morning for a year, and we learned that the steel moves "
        "more than the drawings admitted, so we stopped trusting drawings and trusted the steel."
    ),
}
CARDS = [(fmt, theme) for fmt in FORMATS for theme in load_themes()]
IDS = [f"{fmt.name}-{theme.name}" for fmt, theme in CARDS]


def _long(fmt: Format, theme: Theme) -> Layout:
    card = CardText(QUOTE, NAME, ROLE, "The Example Review", "q1", handle="@examplereview")
    return typeset(card, fmt, theme, BOOK)


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.getchannel("A").getbbox()
    assert box is not None, "nothing drawn"
    return box


def _inside_safe(box: tuple[int, int, int, int], fmt: Format) -> bool:
    safe = fmt.safe
    left, top, right, bottom = box
    # One pixel of antialiasing either way.
    return (
        left >= safe.x - 1
        and top >= safe.y - 1
        and right <= safe.right + 1
        and bottom <= safe.bottom + 1
    )


def _html_ink(
    html: HtmlRenderer, layouts: list[Layout], roles: tuple[str, ...] | None = None
) -> Iterator[tuple[Layout, Image.Image]]:
    for layout, result in zip(
        layouts, html.render_many(layouts, roles=roles, background=False), strict=True
    ):
        assert isinstance(result, Rendered), result
        yield layout, decode(result.data, background=False)


def test_the_test_name_and_role_are_as_long_as_the_guarantee_says() -> None:
    assert len(NAME) == 50 and len(ROLE) == 90
    assert [len(q.split()) for q in BY_LENGTH.values()] == list(BY_LENGTH)


@pytest.mark.parametrize(("fmt", "theme"), CARDS, ids=IDS)
def test_a_long_name_and_role_stay_in_the_safe_area_in_pillow(fmt: Format, theme: Theme) -> None:
    layout = _long(fmt, theme)
    drawn = PillowRenderer(BOOK).paint(layout, background=False)
    assert _inside_safe(_ink(drawn), fmt), (_ink(drawn), fmt.safe)
    # Every line of the attribution is there, whole: the name and role may wrap, never vanish.
    # A double name may break after its hyphen: that line joins the next without a space.
    said = " ".join(line.text for line in layout.lines_of("speaker")).replace("- ", "-")
    assert said.replace("\u2014\u2009", "").lower() == NAME.lower()
    assert " ".join(line.text for line in layout.lines_of("role")) == ROLE


def test_a_long_name_and_role_stay_in_the_safe_area_in_chromium(html: HtmlRenderer) -> None:
    layouts = [_long(fmt, theme) for fmt, theme in CARDS]
    for layout, drawn in _html_ink(html, layouts):
        where = (layout.format.name, layout.theme_name, _ink(drawn))
        assert _inside_safe(_ink(drawn), layout.format), where


@pytest.mark.parametrize(("fmt", "theme"), CARDS, ids=IDS)
def test_the_name_and_role_meet_their_floors_even_when_they_must_shrink(
    fmt: Format, theme: Theme
) -> None:
    for layout in (_long(fmt, theme), typeset(CardText(QUOTE, "Ada", "Analyst"), fmt, theme, BOOK)):
        for line in layout.lines_of("speaker"):
            assert line.size >= max(28, 0.035 * fmt.short_side)
            # The capitals of the name, as painted, are as tall as a name at its floor sets them.
            assert line.ink.height >= 0.6 * floor("speaker", fmt)
        for line in layout.lines_of("role", "publication"):
            assert line.size >= max(22, 0.028 * fmt.short_side)


def _story_text(layout: Layout) -> Image.Image:
    return PillowRenderer(BOOK).paint(layout, roles=TEXT_ROLES, background=False)


def _clear_of_the_story_bars(drawn: Image.Image) -> bool:
    alpha = drawn.getchannel("A")
    width, height = drawn.size
    top = alpha.crop((0, 0, width, 250)).getbbox()
    bottom = alpha.crop((0, height - 340, width, height)).getbbox()
    return top is None and bottom is None


def test_a_story_keeps_everything_the_text_decides_out_of_the_top_250_and_bottom_340_px(
    html: HtmlRenderer,
) -> None:
    story = get_format("story")
    layouts = [
        typeset(CardText(text, NAME, ROLE), story, theme, BOOK)
        for theme in load_themes()
        for text in (*BY_LENGTH.values(), QUOTE)
    ]
    for layout in layouts:
        assert _clear_of_the_story_bars(_story_text(layout)), (layout.theme_name, layout.alt)
    for layout, drawn in _html_ink(html, layouts, TEXT_ROLES):
        assert _clear_of_the_story_bars(drawn), (layout.theme_name, layout.alt)


@pytest.mark.parametrize(("fmt", "theme"), CARDS, ids=IDS)
def test_the_text_block_covers_half_to_three_quarters_of_the_safe_area(
    fmt: Format, theme: Theme
) -> None:
    painter = PillowRenderer(BOOK)
    # Beside a panel or inside a frame the column is narrower than the card: a two-word quote
    # is held back by its longest word sooner, and the frame's room is part of the design.
    low, high = (0.5, 0.75) if theme.kind == "column" else (0.3, 0.78)
    for words, text in BY_LENGTH.items():
        layout = typeset(CardText(text, "Yann LeCun", "Chief AI Scientist, Meta"), fmt, theme, BOOK)
        # The text's own area: the safe area, less a panel beside or above it.
        safe = layout.text_area or fmt.safe
        left, top, right, bottom = _ink(painter.paint(layout, roles=TEXT_ROLES, background=False))
        painted = (right - left) * (bottom - top) / (safe.width * safe.height)
        where = (words, layout.quote_size, round(painted, 3))
        assert low <= painted <= high, where
        if theme.kind == "column":
            assert FILL_MIN - 0.02 <= layout.coverage() <= FILL_MAX + 0.02, where
        else:
            assert layout.coverage() <= high, where


def test_a_two_word_quote_is_set_at_display_size() -> None:
    for fmt in FORMATS:
        layout = typeset(CardText("Absolutely not.", "Yann LeCun"), fmt, get_theme("classic"), BOOK)
        assert layout.quote_size >= 0.14 * fmt.short_side, fmt.name


def test_wide_cards_set_a_short_quote_in_two_lines_not_three() -> None:
    card = CardText("Machine learning is great.", "Yann LeCun")
    for name in ("landscape", "og", "linkedin"):
        for theme in load_themes():
            layout = typeset(card, get_format(name), theme, BOOK)
            area = layout.text_area or layout.format.safe
            if area.width < 1.5 * area.height:
                continue  # beside a panel the column is not wide any more
            assert len(layout.lines_of("quote")) <= 2, (name, theme.name)


def test_a_role_too_long_even_at_its_floor_is_an_error_naming_it_and_the_format() -> None:
    role = "Chair of " + " and ".join(["the Committee on Very Long Titles"] * 12)
    with pytest.raises(LabelError) as error:
        typeset(CardText(QUOTE, "Yann LeCun", role), get_format("og"), get_theme("bold"), BOOK)
    message = str(error.value)
    assert "the role \u201cChair of the Committee" in message
    assert "og format (1200x630)" in message and "22 px" in message


def _quote_text(layout: Layout) -> str:
    return " ".join(line.text for line in layout.lines_of("quote"))


def test_a_changed_first_letter_is_printed_plainly_and_the_alt_text_keeps_the_edit() -> None:
    card = CardText("[T]he model is not the product [every day].", "Yann LeCun")
    layout = typeset(card, get_format("square"), get_theme("classic"), BOOK)
    assert _quote_text(layout).startswith("The model")
    assert "[every day]" in _quote_text(layout)  # an inserted word keeps its brackets
    assert "[T]he model" in layout.alt


def test_a_brand_or_project_that_shows_brackets_keeps_them_on_the_card() -> None:
    shows = brand_from_data({"brackets": "show"}, Path("house.toml"))
    theme = apply_brand(get_theme("classic"), shows).theme
    card = CardText("[T]he model is not the product.", "Yann LeCun")
    layout = typeset(card, get_format("square"), theme, BOOK)
    assert _quote_text(layout).startswith("[T]he model")


def test_marks_read_curly_in_every_theme_and_share_one_colour() -> None:
    card = CardText("Machine learning is great.", "Yann LeCun")
    for theme in load_themes():
        layout = typeset(card, get_format("square"), theme, BOOK)
        marks = layout.lines_of("mark")
        assert marks and {m.text for m in marks} <= {"\u201c", "\u201d"}
        assert len({m.colour for m in marks}) == 1
        # The marks are drawn in a serif face: Inter's own marks look like inch marks.
        assert all(run.face.family != "Inter" for m in marks for run in m.runs), theme.name


@pytest.mark.parametrize(
    ("quote", "opening", "closing"),
    [
        ("\u00abLa science avance lentement.\u00bb", "\u00ab", "\u00bb"),
        ("\u201eDie Wissenschaft ist langsam.\u201c", "\u201e", "\u201c"),
        ("\u300c\u79d1\u5b66\u306f\u9045\u3044\u3002\u300d", "\u300c", "\u300d"),
    ],
)
def test_a_quote_keeps_the_marks_its_source_uses(quote: str, opening: str, closing: str) -> None:
    layout = typeset(CardText(quote, "A"), get_format("square"), get_theme("classic"), BOOK)
    assert [m.text for m in layout.lines_of("mark")] == [opening, closing]
    assert opening not in _quote_text(layout) and closing not in _quote_text(layout)


def test_an_arabic_quote_hangs_its_guillemets_outward_and_dashes_from_the_right() -> None:
    card = CardText(
        "\u0627\u0644\u0639\u0644\u0645 \u0646\u0648\u0631.", "\u0623\u062d\u0645\u062f"
    )
    layout = typeset(card, get_format("square"), get_theme("bold"), BOOK)
    opening, closing = layout.lines_of("mark")
    quote = layout.lines_of("quote")
    # No giant mark above an Arabic quote: the marks hang at the text's size, pointing outward.
    assert opening.size == closing.size == layout.quote_size
    assert opening.text == "\u00bb" and opening.x >= quote[0].x + quote[0].width - 1
    assert closing.text == "\u00ab" and closing.x + closing.width <= quote[-1].x + 1
    (speaker,) = layout.lines_of("speaker")
    assert speaker.direction == "rtl" and speaker.text.startswith("\u2014")


def test_a_project_may_keep_brackets_on_its_cards_and_says_what_it_accepts(tmp_path: Path) -> None:
    from quotecards.bundle.project import ProjectError, load_project
    from tests.conftest import SAMPLE

    (tmp_path / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    path = tmp_path / "quotecards.toml"
    path.write_text(f'sources = ["{SAMPLE.name}"]\nbrackets = "show"\n', encoding="utf-8")
    assert load_project(path).brackets == "show"
    path.write_text(f'sources = ["{SAMPLE.name}"]\nbrackets = "maybe"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match=r"brackets.*'maybe'.*hide, show"):
        load_project(path)
