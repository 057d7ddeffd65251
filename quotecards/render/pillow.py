"""The default renderer: paints a layout with Pillow.  Fast, no browser, the same bytes every time.

Backgrounds (a gradient, a photo cropped to the card and dimmed by its scrim) and scaled logos
are cached per process, since every card of a format and theme shares them; a card copies its
background and draws its type on top.  PNG is written with fast zlib settings and no timestamp,
so that the encode stays cheap and two renders of a card are byte-identical.
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

from quotecards.fonts import FontBook
from quotecards.images import cropped_photo, open_image
from quotecards.render import ImageFormat
from quotecards.themes import Background, parse_colour
from quotecards.typeset.layout import Layout, Photo, Role, TextLine
from quotecards.typeset.lines import accent_spans

# zlib level 1 with the RLE strategy: flat colour and antialiased type compress almost as well
# as at level 6 for a fraction of the time (bench/bench_render.py measures it).
PNG_OPTIONS = {"compress_level": 1, "compress_type": 3}
JPEG_OPTIONS = {"quality": 92, "subsampling": 0, "optimize": False, "progressive": False}
WEBP_OPTIONS = {"quality": 90, "method": 4}


class PillowRenderer:
    """Paints :class:`~quotecards.typeset.Layout` s with the vendored fonts."""

    name = "pillow"

    def __init__(self, book: FontBook | None = None) -> None:
        self.book = book or FontBook.default()

    def paint(
        self,
        layout: Layout,
        *,
        roles: Collection[Role] | None = None,
        background: bool = True,
    ) -> Image.Image:
        """The card as an RGB image; with ``background=False``, an RGBA image of only what is
        drawn on it (not the frame's panels, photos in them, or the mark in an empty one), and
        with ``roles``, only those lines (tests measure ink this way)."""
        if background:
            image = _background(layout.background, layout.background_colour, layout.size).copy()
        else:
            image = Image.new("RGBA", layout.size, (0, 0, 0, 0))
        pen = ImageDraw.Draw(image)
        if roles is None:
            for rule in (*(layout.panels if background else ()), *layout.rules):
                box = rule.box
                pen.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=rule.colour)
            for photo in layout.photos:
                if background or not photo.backdrop:
                    _paste_photo(image, photo)
            if layout.logo is not None:
                box = layout.logo.box
                logo = _logo(layout.logo.path, (round(box.width), round(box.height)))
                image.paste(logo, (round(box.x), round(box.y)), logo)
        for line in layout.lines:
            if (roles is None and (background or line.role != "ornament")) or (
                roles is not None and line.role in roles
            ):
                if line.accents:
                    self._draw_accented(image, line)
                else:
                    self.book.draw(
                        image, (line.x, line.baseline), line.runs, line.size, line.colour
                    )
        return image

    def _draw_accented(self, image: Image.Image, line: TextLine) -> None:
        """A line with a highlighted stretch: drawn whole twice, once in each colour, onto clear
        tiles, and the accent's x ranges (:func:`~quotecards.typeset.lines.accent_spans`) taken
        from the second.  Every glyph is where the plain line puts it, shaped with its
        neighbours, and each pixel gets one colour: no fringe of the other around a glyph.
        Colour emoji keep their own colours in both."""
        pad = math.ceil(line.size / 2)
        left, top = max(0, math.floor(line.ink.x) - pad), max(0, math.floor(line.ink.y) - pad)
        right = min(image.width, math.ceil(line.ink.right) + pad)
        bottom = min(image.height, math.ceil(line.ink.bottom) + pad)
        if right <= left or bottom <= top:
            return
        origin = (line.x - left, line.baseline - top)
        tiles = []
        for colour in (line.colour, line.accent):
            tile = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
            self.book.draw(tile, origin, line.runs, line.size, colour)
            tiles.append(tile)
        tile, accent = tiles
        for x0, x1 in accent_spans(self.book, line):
            # A pixel takes the colour of the range its centre falls in.
            a = max(0, math.floor(x0 + 0.5) - left) if math.isfinite(x0) else 0
            b = min(tile.width, math.floor(x1 + 0.5) - left) if math.isfinite(x1) else tile.width
            if a < b:
                tile.paste(accent.crop((a, 0, b, tile.height)), (a, 0))
        if image.mode == "RGBA":
            image.alpha_composite(tile, (left, top))
        else:
            image.paste(tile, (left, top), tile)

    def render(
        self,
        layout: Layout,
        image_format: ImageFormat = "png",
        metadata: Mapping[str, str] | None = None,
    ) -> bytes:
        return encode(self.paint(layout), image_format, metadata or {})


def _paste_photo(image: Image.Image, photo: Photo) -> None:
    box = photo.box
    size = (round(box.width), round(box.height))
    mtime = photo.path.stat().st_mtime_ns if photo.path.exists() else 0
    tile = cropped_photo(photo.path, size, photo.focus, mtime)
    mask = _circle(size) if photo.shape == "circle" else None
    image.paste(tile, (round(box.x), round(box.y)), mask)


_SUPERSAMPLE = 4  # a circle's edge drawn this many times larger, then reduced: a smooth edge


@lru_cache(maxsize=16)
def _circle(size: tuple[int, int]) -> Image.Image:
    big = Image.new("L", (size[0] * _SUPERSAMPLE, size[1] * _SUPERSAMPLE), 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)


def encode(image: Image.Image, image_format: ImageFormat, metadata: Mapping[str, str]) -> bytes:
    """Image bytes with nothing that changes from run to run (no time, no paths)."""
    out = io.BytesIO()
    if image_format == "png":
        info = PngImagePlugin.PngInfo()
        for key, value in metadata.items():
            # Latin-1 goes in tEXt; anything else (curly quotes, names in any script) in iTXt.
            info.add_text(key, value)
        image.save(out, "PNG", pnginfo=info, **PNG_OPTIONS)
    elif image_format == "jpeg":
        comment = metadata.get("Description", "").encode("utf-8")
        image.convert("RGB").save(out, "JPEG", comment=comment, **JPEG_OPTIONS)
    elif image_format == "webp":
        image.save(out, "WEBP", **WEBP_OPTIONS)
    else:
        raise ValueError(f"unknown image format {image_format!r}: use png, jpeg or webp")
    return out.getvalue()


@lru_cache(maxsize=64)
def _background(back: Background, colour: str, size: tuple[int, int]) -> Image.Image:
    if back.kind == "photo" and back.photo is not None:
        return _photo(back, size)
    if back.kind == "gradient":
        return _gradient(back.colors, back.angle, size)
    return Image.new("RGB", size, parse_colour(colour))


def _photo(back: Background, size: tuple[int, int]) -> Image.Image:
    """The photo scaled to cover the card, cropped about its focal point, under the scrim."""
    assert back.photo is not None
    photo = cropped_photo(back.photo, size, back.focus, 0, back.anchor)
    return Image.blend(photo, Image.new("RGB", size, parse_colour(back.scrim)), back.scrim_opacity)


def _gradient(stops: tuple[str, ...], angle: float, size: tuple[int, int]) -> Image.Image:
    """A linear gradient through ``stops`` along ``angle`` (CSS degrees: 180 runs top to bottom).

    The ramp is a 256-level lookup, so the gradient costs one resize and three table lookups.
    """
    colours = [parse_colour(s) for s in stops]
    luts: list[list[int]] = [[], [], []]
    for i in range(256):
        t = i / 255 * (len(colours) - 1)
        k = min(int(t), len(colours) - 2)
        f = t - k
        for channel in range(3):
            a, b = colours[k][channel], colours[k + 1][channel]
            luts[channel].append(round(a + (b - a) * f))
    width, height = size
    theta = math.radians(angle)
    dx, dy = math.sin(theta), -math.cos(theta)
    span = abs(width * dx) + abs(height * dy)
    # The ramp along the gradient line, as an affine map from pixel to 0..255.
    ramp = Image.frombytes("L", (256, 1), bytes(range(256)))
    scale = 255 / span if span else 0.0
    offset = 127.5 - scale * (dx * width / 2 + dy * height / 2)
    plane = ramp.transform(
        size,
        Image.Transform.AFFINE,
        (scale * dx, scale * dy, offset, 0, 0, 0),
        resample=Image.Resampling.BILINEAR,
    )
    return Image.merge("RGB", [plane.point(lut) for lut in luts])


@lru_cache(maxsize=16)
def _logo(path: Path, size: tuple[int, int]) -> Image.Image:
    return open_image(path).convert("RGBA").resize(size, Image.Resampling.LANCZOS)
