"""The README's contact sheet: one quote of the bundled sample in every theme, in the square,
story and og formats, side by side at a small size.

    .venv/bin/python tools/contact_sheet.py docs/themes.png

Deterministic: the same fonts and themes give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from quotecards import read_source, select  # noqa: E402
from quotecards.formats import get_format  # noqa: E402
from quotecards.render.pillow import PillowRenderer  # noqa: E402
from quotecards.themes import load_themes  # noqa: E402
from quotecards.typeset import CardText, typeset  # noqa: E402

SAMPLE = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"
FORMATS = ("square", "story", "og")
ROW = 220  # px: the height of each row of thumbnails
GAP = 12
PAPER = (250, 250, 247)


def main(target: str) -> None:
    pick = select(read_source(SAMPLE), top=1).picks[0]
    card = CardText(pick.text, pick.speaker, "Bridge inspector", "", pick.id)
    painter = PillowRenderer()
    rows = []
    for theme in load_themes():
        row = []
        for name in FORMATS:
            image = painter.paint(typeset(card, get_format(name), theme, painter.book))
            width = round(image.width * ROW / image.height)
            row.append(image.resize((width, ROW), Image.Resampling.LANCZOS))
        rows.append(row)
    width = GAP + max(sum(i.width + GAP for i in row) for row in rows)
    sheet = Image.new("RGB", (width, GAP + len(rows) * (ROW + GAP)), PAPER)
    for r, row in enumerate(rows):
        x = GAP
        for image in row:
            sheet.paste(image, (x, GAP + r * (ROW + GAP)))
            x += image.width + GAP
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    # 256 colours: a fraction of the bytes, and flat themes lose nothing at this size.
    sheet.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/themes.png")
