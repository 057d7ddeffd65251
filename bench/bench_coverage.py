"""How much of each card the text fills: coverage per format and quote length, every theme.

    .venv/bin/python bench/bench_coverage.py [--pixels]

Coverage is the area of the text block's box (the quote, its marks and the attribution) over
the format's safe area; the target is 0.50 to 0.75 (README, Cards).  By default it is read from
the layout (``Layout.coverage``); ``--pixels`` paints every card with Pillow and measures the
ink instead.  Quotes of 2 to 30 words, written for this bench, with a name and a role.  Each
cell is the lowest and highest coverage over the themes, then the quote sizes (px) they got.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotecards.fonts import FontBook  # noqa: E402
from quotecards.formats import FORMATS  # noqa: E402
from quotecards.themes import load_themes  # noqa: E402
from quotecards.typeset import CardText, Layout, typeset  # noqa: E402
from quotecards.typeset.layout import TEXT_ROLES  # noqa: E402

QUOTES = {
    2: "Ship relentlessly.",
    4: "Machine learning is great.",
    6: "Nobody knows what intelligence really is.",
    12: "The bridge was never the problem; the way we inspected it was.",
    15: "The hardest part of the job is admitting that the plan you loved has failed.",
    20: (
        "We built the model to answer questions, and it turned out the questions were the part "
        "nobody had thought about."
    ),
    30: (
        "We measured the bridge every morning for a year, and we learned that the steel moves "
        "more than the drawings admitted, so we stopped trusting drawings and trusted the steel."
    ),
}
LOW, HIGH = 0.50, 0.75


def painted(layout: Layout) -> float:
    from quotecards.render.pillow import PillowRenderer

    image = PillowRenderer().paint(layout, roles=TEXT_ROLES, background=False)
    box = image.getchannel("A").getbbox()
    if box is None:
        return 0.0
    safe = layout.format.safe
    return (box[2] - box[0]) * (box[3] - box[1]) / (safe.width * safe.height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pixels", action="store_true", help="measure painted ink")
    args = parser.parse_args()
    book = FontBook.default()
    themes = load_themes()
    print(f"coverage of the safe area (target {LOW:.2f}-{HIGH:.2f}), min-max over "
          f"{len(themes)} themes, and quote sizes in px")  # fmt: skip
    print(f"{'words':>5}  " + "  ".join(f"{fmt.name:>20}" for fmt in FORMATS))
    outside = 0
    for words, text in QUOTES.items():
        assert len(text.split()) == words, (words, text)
        cells = []
        for fmt in FORMATS:
            values, sizes = [], []
            for theme in themes:
                card = CardText(text, "Yann LeCun", "Chief AI Scientist, Meta")
                layout = typeset(card, fmt, theme, book)
                values.append(painted(layout) if args.pixels else layout.coverage())
                sizes.append(layout.quote_size)
            outside += sum(not LOW <= v <= HIGH for v in values)
            cells.append(f"{min(values):.2f}-{max(values):.2f} {min(sizes):>3}-{max(sizes):<3}px")
        print(f"{words:>5}  " + "  ".join(f"{cell:>20}" for cell in cells))
    total = len(QUOTES) * len(FORMATS) * len(themes)
    print(f"{total - outside} of {total} cards within {LOW:.2f}-{HIGH:.2f}")


if __name__ == "__main__":
    main()
