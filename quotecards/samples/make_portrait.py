"""Draw ``marisol-vega.jpg``: an illustrated portrait of the sample interview's inspector.

The sample interview's speaker is invented, so no photograph of her exists; the demo and the
tests use this drawing instead (CC0 1.0, the project's own work).  Head and shoulders against a
soft backdrop, the face in the upper third, a little right of centre, so that a crop about the
default focal point (upper centre) and a crop about ``FOCUS`` can be told apart.  Drawn four
times larger and reduced, so every edge is smooth; the same bytes every run.

    python quotecards/samples/make_portrait.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 1500)
FOCUS = (0.56, 0.3)  # the middle of her face, as fractions of the width and height
_K = 4  # supersampling


def _backdrop(size: tuple[int, int]) -> Image.Image:
    """A warm grey studio backdrop, lighter behind the head."""
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height))
    light = Image.radial_gradient("L").resize((width * 2, height * 2))
    left, top = width // 2 - 200, height // 2 + 100
    light = light.crop((left, top, left + width, top + height))
    low = Image.new("RGB", size, (92, 98, 104))
    high = Image.new("RGB", size, (196, 192, 184))
    base = Image.composite(low, high, ramp)
    return Image.composite(base, high, light)


def draw() -> Image.Image:
    width, height = SIZE[0] * _K, SIZE[1] * _K
    image = _backdrop((width, height))
    pen = ImageDraw.Draw(image)
    cx, cy = FOCUS[0] * width, FOCUS[1] * height
    head_w, head_h = 0.3 * width, 0.24 * height

    def ellipse(x: float, y: float, w: float, h: float, fill: tuple[int, int, int]) -> None:
        pen.ellipse((x - w / 2, y - h / 2, x + w / 2, y + h / 2), fill=fill)

    # Shoulders: a dark jacket over a high-visibility vest.
    pen.rounded_rectangle(
        (cx - 0.46 * width, cy + 0.25 * height, cx + 0.46 * width, height + 400),
        radius=int(0.16 * width),
        fill=(38, 44, 56),
    )
    pen.polygon(
        [
            (cx - 0.2 * width, cy + 0.27 * height),
            (cx + 0.2 * width, cy + 0.27 * height),
            (cx + 0.26 * width, height),
            (cx - 0.26 * width, height),
        ],
        fill=(226, 196, 40),
    )
    pen.polygon(
        [
            (cx - 0.1 * width, cy + 0.25 * height),
            (cx + 0.1 * width, cy + 0.25 * height),
            (cx, cy + 0.38 * height),
        ],
        fill=(236, 232, 224),
    )
    # Neck, then hair behind the head, the head, and hair over the brow.
    skin = (176, 122, 92)
    neck = (cx - 0.07 * width, cy + 0.05 * height, cx + 0.07 * width, cy + 0.27 * height)
    pen.rectangle(neck, fill=(150, 100, 74))
    ellipse(cx, cy - 0.01 * height, head_w * 1.22, head_h * 1.18, (44, 30, 26))
    pen.rounded_rectangle(
        (cx - head_w * 0.61, cy - 0.05 * height, cx + head_w * 0.61, cy + 0.19 * height),
        radius=int(0.22 * head_w),
        fill=(44, 30, 26),
    )
    ellipse(cx, cy + 0.01 * height, head_w, head_h, skin)
    pen.chord(
        (cx - head_w * 0.56, cy - head_h * 0.62, cx + head_w * 0.56, cy + head_h * 0.05),
        180,
        360,
        fill=(44, 30, 26),
    )
    # Eyes, brows and a mouth: enough to read as a face at a glance.
    for side in (-1, 1):
        ex = cx + side * 0.21 * head_w
        ellipse(ex, cy + 0.03 * height, 0.1 * head_w, 0.05 * head_h, (40, 28, 24))
        pen.line(
            (ex - 0.08 * head_w, cy - 0.005 * height, ex + 0.08 * head_w, cy - 0.01 * height),
            fill=(44, 30, 26),
            width=int(0.02 * head_w),
        )
    pen.arc(
        (cx - 0.15 * head_w, cy + 0.06 * height, cx + 0.15 * head_w, cy + 0.1 * height),
        20,
        160,
        fill=(120, 56, 50),
        width=int(0.025 * head_w),
    )
    image = image.filter(ImageFilter.GaussianBlur(2))
    return image.resize(SIZE, Image.Resampling.LANCZOS)


if __name__ == "__main__":
    out = Path(__file__).with_name("marisol-vega.jpg")
    draw().save(out, "JPEG", quality=88, optimize=True)
    print(f"wrote {out}")
