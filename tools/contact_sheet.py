"""The README's pictures: the contact sheet, a row per quote of the bundled samples, a column per
theme, each card square and small, labelled in the vendored Inter (quotecards.bundle.sheet lays
it out and paints it, as it does the bundle's contact-sheet.jpg); and, given a second file, one
carousel of the bridge inspector's interview, its slides in a row.

    .venv/bin/python tools/contact_sheet.py docs/themes.png docs/carousel.png

Deterministic: the same fonts and themes give the same bytes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from quotecards import read_source, select  # noqa: E402
from quotecards.bundle.sheet import Group, Style, Tile, paint, plan, quote_label  # noqa: E402
from quotecards.files import write_atomically  # noqa: E402
from quotecards.formats import get_format  # noqa: E402
from quotecards.render.carousel import deck_of, render_carousel  # noqa: E402
from quotecards.render.pillow import PillowRenderer  # noqa: E402
from quotecards.themes import get_theme, load_themes  # noqa: E402
from quotecards.typeset import CardText, typeset  # noqa: E402
from quotecards.typeset.layout import SpeakerPhoto  # noqa: E402

SAMPLES = ROOT / "quotecards" / "samples"
# (sample, how many of its best quotes, the role line, the speaker's photo): quotes of two
# lengths, two speakers, with a photo and without, as the photo layouts show both.
QUOTES = (
    ("bridge-inspector.txt", 2, "Chief bridge inspector", "marisol-vega.jpg"),
    ("flood-barrier.txt", 1, "", ""),
)
FORMAT = "square"
CELL = 200  # px: each card's side
STYLE = Style(background=(232, 232, 227), ink=(60, 60, 56), label_size=13, gutter=22)


def main(target: str) -> None:
    painter = PillowRenderer()
    themes = load_themes()
    size = get_format(FORMAT)
    groups = []
    for name, top, role, photo in QUOTES:
        portrait = SpeakerPhoto(SAMPLES / photo) if photo else None
        for pick in select(read_source(SAMPLES / name), top=top).picks:
            card = CardText(pick.text, pick.speaker, role, "", pick.id, photo=portrait)
            row = []
            for theme in themes:
                image = painter.paint(typeset(card, size, theme, painter.book))
                row.append(Tile(image.resize((CELL, CELL), Image.Resampling.LANCZOS), CELL, CELL))
            groups.append(Group(quote_label(pick.text, pick.speaker), (tuple(row),)))
    layout = plan(
        [group.shape for group in groups],
        cell=CELL,
        per_row=1,
        style=STYLE,
        headings=[theme.name for theme in themes],
    )
    _write_small(paint(groups, layout, STYLE, painter.book), Path(target))


def carousel(target: str, theme: str = "headshot", top: int = 4) -> None:
    """The sample interview's carousel in ``theme``, as ``quotecards carousel`` makes it with
    the portrait, publication, handle and source line, its slides side by side."""
    portrait = SpeakerPhoto(SAMPLES / "marisol-vega.jpg", (0.56, 0.3))
    picks = select(read_source(SAMPLES / "bridge-inspector.txt"), top=top).picks
    texts = [
        CardText(pick.text, pick.speaker, "Chief bridge inspector", "The Example Review",
                 pick.id, source="From a sample interview", handle="@examplereview",
                 photo=portrait)
        for pick in picks
    ]  # fmt: skip
    made = render_carousel(deck_of(texts), get_format(FORMAT), get_theme(theme))
    slides = [Image.open(io.BytesIO(data)).convert("RGB") for data in made.images]
    gutter = STYLE.gutter // 2
    strip = Image.new(
        "RGB", (len(slides) * (CELL + gutter) + gutter, CELL + 2 * gutter), STYLE.background
    )
    for i, slide in enumerate(slides):
        small = slide.resize((CELL, CELL), Image.Resampling.LANCZOS)
        strip.paste(small, (gutter + i * (CELL + gutter), gutter))
    _write_small(strip, Path(target))


def _write_small(image: Image.Image, out: Path) -> None:
    # 256 colours: a fraction of the bytes, and flat themes lose nothing at this size.
    small = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    data = io.BytesIO()
    small.save(data, "PNG", optimize=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, data.getvalue())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/themes.png")
    if len(sys.argv) > 2:
        carousel(sys.argv[2])
