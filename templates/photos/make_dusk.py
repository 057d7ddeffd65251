"""Draw ``dusk.jpg``, the background of the ``photo`` theme: city lights at dusk, out of focus.

Procedural, so that the project owns it outright (CC0, see README.md here) and anyone can redraw
it: ``python templates/photos/make_dusk.py``.  A sky graded from night blue to a low orange glow,
and street lights blurred into overlapping bokeh discs, as a long lens wide open would see them.
"""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = 1920
SEED = 20240107
SKY = [(0.0, (12, 18, 44)), (0.5, (44, 40, 90)), (0.78, (140, 72, 92)), (1.0, (214, 128, 84))]
LIGHTS = [(255, 190, 110), (255, 150, 80), (255, 226, 170), (120, 160, 255), (255, 110, 100)]


def sky(size: int) -> Image.Image:
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / (size - 1)
        for (t0, c0), (t1, c1) in pairwise(SKY):
            if t0 <= t <= t1:
                f = (t - t0) / (t1 - t0)
                colour = tuple(round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
                column.putpixel((0, y), colour)
                break
    return column.resize((size, size))


def bokeh(size: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGB", (size, size))
    for _ in range(110):
        r = rng.randint(size // 48, size // 11)
        cx = rng.randint(-r, size + r)
        cy = round(size * (0.3 + 0.8 * rng.random() ** 0.7))
        glow = rng.uniform(0.12, 0.42)
        colour = tuple(round(c * glow) for c in rng.choice(LIGHTS))
        disc = Image.new("RGB", (size, size))
        ImageDraw.Draw(disc).ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        layer = ImageChops.add(layer, disc)
    return layer.filter(ImageFilter.GaussianBlur(size / 320))


def main() -> None:
    rng = random.Random(SEED)
    image = ImageChops.add(sky(SIZE), bokeh(SIZE, rng))
    image.save(Path(__file__).with_name("dusk.jpg"), quality=88, optimize=True)


if __name__ == "__main__":
    main()
