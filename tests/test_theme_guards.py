"""A theme or brand file with a bad value is one line naming the file and the key, never a
traceback, a theme that renders unreadable text, or a theme that takes a page's template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotecards.brand import BrandError, load_brand
from quotecards.themes import TEMPLATES, ThemeError, load_theme

CLASSIC = (TEMPLATES / "classic.toml").read_text(encoding="utf-8")


def theme_file(folder: Path, change: tuple[str, str] | None = None, data: bytes | None = None):
    text = CLASSIC.replace('name = "classic"', 'name = "mine"')
    if change is not None:
        key, value = change
        text, count = re.subn(rf"^{key} = [^#\n]*", f"{key} = {value}", text, count=1, flags=re.M)
        assert count == 1, key
    path = folder / "mine.toml"
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "change",
    [
        ("leading", "nan"),
        ("leading", "inf"),
        ("padding", "nan"),
        ("min_size", '"nanpx"'),
        ("max_size", '"infpx"'),
    ],
    ids=lambda c: f"{c[0]}={c[1]}",
)
def test_a_value_that_is_not_a_number_is_refused(tmp_path: Path, change: tuple[str, str]):
    with pytest.raises(ThemeError, match=change[0]):
        load_theme(theme_file(tmp_path, change))


@pytest.mark.parametrize("name", ["shell", "gallery", "base", "card"])
def test_a_theme_cannot_take_the_name_of_a_page_template(tmp_path: Path, name: str):
    with pytest.raises(ThemeError, match="reserved"):
        load_theme(theme_file(tmp_path, ("name", f'"{name}"')))


def test_a_theme_file_that_is_not_utf8_is_one_error(tmp_path: Path):
    data = CLASSIC.replace("warm off-white", "caf\xe9").encode("latin-1")
    with pytest.raises(ThemeError, match="UTF-8"):
        load_theme(theme_file(tmp_path, data=data))


def test_a_theme_whose_text_cannot_be_read_on_its_background_is_refused(tmp_path: Path):
    with pytest.raises(ThemeError, match="contrast"):
        load_theme(theme_file(tmp_path, ("text", '"#f5f0e6"')))


@pytest.mark.parametrize(
    "text",
    ['[fonts]\nquote = { family = "Inter", weight = "bold" }\n', 'colors = "red"\n'],
    ids=["weight-bold", "colors-red"],
)
def test_a_brand_value_of_the_wrong_kind_is_one_error(tmp_path: Path, text: str):
    path = tmp_path / "brand.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BrandError):
        load_brand(path)
