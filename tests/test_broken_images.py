"""Broken images fail at once, in one line naming the file, in both renderers; a logo or photo
outside the project is refused, as a review file's source is."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from quotecards.brand import load_brand
from quotecards.errors import QuotecardsError
from quotecards.formats import get_format
from quotecards.render.cards import Card, render_planned
from quotecards.themes import TEMPLATES, get_theme, load_theme
from quotecards.typeset import CardText
from tests.cli_runner import quotecards as run
from tests.conftest import SAMPLE


def png(size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def bomb() -> bytes:
    """A PNG whose header claims 60,000 x 60,000 pixels (a few bytes on disk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


BROKEN = {
    "garbage": b"this is not an image at all\n" * 10,
    "empty": b"",
    "truncated": png((300, 300))[:200],
    "bomb": bomb(),
}


def project_with_brand(folder: Path, logo: bytes | None, name: str = "logo.png") -> Path:
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    if logo is not None:
        (folder / name).write_bytes(logo)
    brand = folder / "brand.toml"
    brand.write_text(f'name = "The Ledger"\nlogo = "{name}"\n', encoding="utf-8")
    return brand


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_logo_is_one_line_naming_the_file(tmp_path: Path, kind: str):
    brand = project_with_brand(tmp_path, BROKEN[kind])

    with pytest.raises(QuotecardsError, match=r"logo\.png"):
        load_brand(brand)


@pytest.mark.parametrize("renderer", ["pillow", "html"])
def test_render_with_a_broken_logo_stops_at_once_and_writes_nothing(tmp_path: Path, renderer: str):
    project_with_brand(tmp_path, BROKEN["truncated"])

    done = run(
        "render", str(SAMPLE), "--brand", "brand.toml", "--renderer", renderer,
        "--out", "cards", cwd=tmp_path,
    )  # fmt: skip

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (error,) = [line for line in done.stderr.splitlines() if "error:" in line]
    assert "logo.png" in error
    assert not (tmp_path / "cards").exists() or not any((tmp_path / "cards").iterdir())


def test_a_theme_whose_photo_is_broken_is_refused_when_read(tmp_path: Path):
    (tmp_path / "ruined.jpg").write_bytes(BROKEN["truncated"])
    text = (TEMPLATES / "photo.toml").read_text(encoding="utf-8")
    theme_file = tmp_path / "ruined.toml"
    start = text.index("photo =", text.index("[background]"))
    end = text.index("\n", start)
    theme_file.write_text(text[:start] + 'photo = "ruined.jpg"' + text[end:], encoding="utf-8")

    with pytest.raises(QuotecardsError, match=r"ruined\.jpg"):
        load_theme(theme_file)


def broken_photo_card(tmp_path: Path) -> Card:
    """A card of the photo theme whose photo was broken after the theme was read."""
    photo = tmp_path / "ruined.png"
    photo.write_bytes(BROKEN["garbage"])
    theme = get_theme("photo")
    theme = replace(theme, background=replace(theme.background, photo=photo))
    text = CardText("Nobody cuts a ribbon for maintenance.", "Ann Lee", "", "", "q0123456789")
    return Card(text, get_format("square"), theme, None, "ruined")


def test_the_pillow_renderer_fails_the_card_naming_the_photo(tmp_path: Path):
    written, failed = render_planned([broken_photo_card(tmp_path)], tmp_path / "out", jobs=1)

    assert written == ()
    (failure,) = failed
    assert "ruined.png" in failure.message
    assert "\n" not in failure.message


def test_the_html_renderer_fails_the_card_naming_the_photo(tmp_path: Path):
    from quotecards.render.html import render_planned as render_html

    written, failed = render_html([broken_photo_card(tmp_path)], tmp_path / "out")

    assert written == ()
    (failure,) = failed
    assert "ruined.png" in failure.message
    assert "crashed" not in failure.message


@pytest.mark.parametrize("where", ["absolute", "parent", "symlink"])
def test_a_logo_outside_the_project_is_refused(tmp_path: Path, where: str):
    outside = tmp_path / "elsewhere" / "secret.png"
    outside.parent.mkdir()
    outside.write_bytes(png())
    project = tmp_path / "project"
    project.mkdir()
    names = {"absolute": str(outside), "parent": "../elsewhere/secret.png", "symlink": "logo.png"}
    if where == "symlink":
        (project / "logo.png").symlink_to(outside)
    brand = project_with_brand(project, None, names[where])

    with pytest.raises(QuotecardsError, match="outside the project"):
        load_brand(brand)


def test_a_good_logo_in_the_project_is_used(tmp_path: Path):
    brand = project_with_brand(tmp_path, png())
    assert load_brand(brand).logo == (tmp_path / "logo.png").resolve()
