"""How fast the Pillow renderer makes cards: 1080x1080 PNG, one process and every core.

    .venv/bin/python bench/bench_render.py [--seconds 3]

Cards are the seed interview's top quotes in every theme.  In one process it times each stage
(layout, drawing, PNG encode) on warm caches, then the whole card through the public API
(files written, fsync included), and compares a card with the PNG encode of the same image: the
aim is at most 1.3 times.  Then the API again with one process per core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotecards.formats import get_format  # noqa: E402
from quotecards.render.cards import plan, render_planned  # noqa: E402
from quotecards.render.pillow import PillowRenderer, encode  # noqa: E402
from quotecards.themes import load_themes  # noqa: E402
from quotecards.typeset import CardText, typeset  # noqa: E402

# The seed interview where ../shared is beside the repository, else the bundled sample.
SEED = ROOT.parent / "shared" / "seeds" / "lecun-interview.txt"
if not SEED.exists():
    SEED = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"


def seed_texts() -> list[CardText]:
    from quotecards.ingest import read_source
    from quotecards.selector import select

    picks = select(read_source(SEED), top=10).picks
    return [CardText(c.text, c.speaker, "", "", c.id) for c in picks]


def per_card(seconds: float, work: list, run) -> float:
    """CPU seconds per item of ``work``: the best of as many rounds through it as fit in
    ``seconds``.  CPU time, and the best round, so that other work on the machine (a shared
    two-core box) disturbs the figure as little as it can."""
    rounds: list[float] = []
    start = time.perf_counter()
    while len(rounds) < 3 or time.perf_counter() - start < seconds:
        begin = time.process_time()
        for item in work:
            run(item)
        rounds.append((time.process_time() - begin) / len(work))
    return min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (3)")
    args = parser.parse_args()

    square = get_format("square")
    themes = load_themes()
    texts = seed_texts()
    renderer = PillowRenderer()
    book = renderer.book
    jobs = [(t, th) for t in texts for th in themes]
    layouts = [typeset(t, square, th, book) for t, th in jobs]
    images = [renderer.paint(layout) for layout in layouts]
    meta = {"Description": layouts[0].alt, "Source": SEED.name}

    layout_s = per_card(args.seconds, jobs, lambda job: typeset(job[0], square, job[1], book))
    paint_s = per_card(args.seconds, layouts, renderer.paint)
    encode_s = per_card(args.seconds, images, lambda image: encode(image, "png", meta))
    whole_s = per_card(
        args.seconds,
        jobs,
        lambda job: encode(renderer.paint(typeset(job[0], square, job[1], book)), "png", meta),
    )

    cards, _ = plan(texts, [square], themes)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        rounds = max(1, round(args.seconds * 5 / len(cards)))
        batch = cards * rounds
        timings = {}
        for n in (1, cores):
            best = 0.0
            for _ in range(3):
                start = time.perf_counter()
                render_planned(batch, Path(folder), source=SEED.name, jobs=n)
                best = max(best, len(batch) / (time.perf_counter() - start))
            timings[n] = best

    sizes = [len(encode(image, "png", meta)) for image in images]
    print(f"cards: {len(texts)} seed quotes x {len(themes)} themes, {square.label} PNG")
    print(f"  layout            {layout_s * 1e3:6.1f} ms/card")
    print(f"  drawing           {paint_s * 1e3:6.1f} ms/card")
    print(
        f"  PNG encode        {encode_s * 1e3:6.1f} ms/card  "
        f"(median file {statistics.median(sizes) / 1024:.0f} KiB)"
    )
    print(
        f"  whole card        {whole_s * 1e3:6.1f} ms/card  = {whole_s / encode_s:.2f} x encode "
        "(aim: at most 1.3)"
    )
    print(f"one process, API    {timings[1]:6.1f} cards/s  (best of 3; files written and synced)")
    print(f"{cores} processes, API  {timings[cores]:6.1f} cards/s")


if __name__ == "__main__":
    main()
