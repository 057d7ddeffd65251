"""Card formats: the presets people ask for by name, custom sizes, and their safe areas."""

from __future__ import annotations

import pytest

from quotecards.formats import FORMATS, FormatError, get_format, parse_formats

PRESETS = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1600, 900),
    "og": (1200, 630),
    "linkedin": (1200, 627),
}


def test_every_preset_has_the_size_the_platforms_ask_for() -> None:
    assert {f.name: f.size for f in FORMATS} == PRESETS


def test_each_safe_area_lies_inside_its_card_with_a_border_on_every_side() -> None:
    for fmt in FORMATS:
        safe = fmt.safe
        assert safe.x > 0 and safe.y > 0
        assert safe.right < fmt.width and safe.bottom < fmt.height
        assert min(fmt.border) >= 0.05 * fmt.short_side


def test_a_story_keeps_text_clear_of_the_profile_and_reply_bars() -> None:
    story = get_format("story")
    assert story.safe.y >= 250
    assert story.height - story.safe.bottom >= 340


def test_a_custom_size_is_accepted_with_the_default_border() -> None:
    fmt = get_format("1200x800")
    assert (fmt.name, fmt.size) == ("1200x800", (1200, 800))
    assert fmt.border == (48, 48, 48, 48)


@pytest.mark.parametrize("spec", ["poster", "12x12", "1200x99999", "wide", "x100"])
def test_an_unknown_or_unreasonable_format_is_an_error_that_lists_the_choices(spec: str) -> None:
    with pytest.raises(FormatError, match=spec):
        get_format(spec)


def test_a_list_keeps_its_order_and_drops_repeats() -> None:
    assert [f.name for f in parse_formats("og, square,og,800x800")] == ["og", "square", "800x800"]


def test_all_means_every_preset() -> None:
    assert parse_formats("all") == FORMATS


def test_the_formats_listing_shows_name_size_and_safe_area() -> None:
    line = get_format("story").describe()
    assert line.split()[:2] == ["story", "1080x1920"]
    assert "safe 950x1330 at 65,250" in line
    assert "top 250, bottom 340" in line
