"""Draw the example brand kit's logos (templates/logo.png, templates/logo-white.png).

A wordmark set in the vendored Inter, on a transparent background: one dark for light cards, one
white for dark cards.  Run once; the PNGs are committed so that `--brand
templates/brand.example.toml` works as the README says.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "fonts" / "inter" / "Inter-Black.ttf"
WORDS = ("THE EXAMPLE", "REVIEW")


def wordmark(colour: tuple[int, int, int]) -> Image.Image:
    font = ImageFont.truetype(str(FONT), 96)
    small = ImageFont.truetype(str(FONT), 64)
    width, height, bar = 760, 240, 18
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, bar, height), fill=(*colour, 255))
    draw.text((bar + 28, 10), WORDS[0], font=small, fill=(*colour, 255))
    draw.text((bar + 24, 92), WORDS[1], font=font, fill=(*colour, 255))
    return image.crop(image.getbbox())


def main() -> None:
    for name, colour in (("logo.png", (17, 24, 39)), ("logo-white.png", (255, 255, 255))):
        wordmark(colour).save(ROOT / "templates" / name, optimize=True)


if __name__ == "__main__":
    main()
