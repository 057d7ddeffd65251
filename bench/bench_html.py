"""How fast the HTML renderer makes cards: 1080x1080 PNG from a warm pool of pages, against a
browser launched for every card.

    .venv/bin/python bench/bench_html.py [--seconds 10] [--pages N] [--launches 5]

Cards are the seed interview's top quotes in every theme, set once beforehand (setting type is
the layout's cost, the same for both renderers: bench_render.py times it).  Timed, in wall-clock
seconds since the work is spread over Chromium's processes: layout to PNG bytes with their alt
text chunk.

* warm: one HtmlRenderer, every page of its pool at work, as ``quotecards render --renderer
  html`` runs; the best and the median of as many rounds through the cards as fit in
  ``--seconds``.
* per launch: what html2image does, a browser started for each card and closed after it: here an
  HtmlRenderer with one page, opened and closed per card, so the page's work is the same and
  only the launch differs.

The aim, on two cores: at least 25 cards a second warm, more than 25 times the per-launch way.

And the two aims of the command as a user runs it (issue 15):

* first card: ``quotecards render --renderer html`` for one card, from the command's start to its
  exit with the file written (a fresh process each time, Python's start-up and the selector
  included): at most 2.0 s;
* mix: the seed's top 7 quotes in every format and every theme (168 cards, so the page changes
  size and theme all the time), timed from the first card written to the last: at least 25
  cards a second after the first; with the CPU seconds a card costs over every process (Python,
  Playwright's driver and Chromium's), which moves less than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_seconds, describe  # noqa: E402

from quotecards.fonts import FontBook  # noqa: E402
from quotecards.formats import get_format  # noqa: E402
from quotecards.render.browser import locate_chromium  # noqa: E402
from quotecards.render.html import HtmlRenderer, Rendered, default_pages  # noqa: E402
from quotecards.themes import load_themes  # noqa: E402
from quotecards.typeset import CardText, Layout, typeset  # noqa: E402

# The seed interview where ../shared is beside the repository, else the bundled sample.
SEED = ROOT.parent / "shared" / "seeds" / "lecun-interview.txt"
if not SEED.exists():
    SEED = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"


def seed_layouts() -> list[Layout]:
    from quotecards import read_source, select

    book = FontBook.default()
    square = get_format("square")
    picks = select(read_source(SEED), top=10).picks
    return [
        typeset(CardText(c.text, c.speaker, "", "", c.id), square, theme, book)
        for c in picks
        for theme in load_themes()
    ]


def metadata(layout: Layout) -> dict[str, str]:
    return {"Description": layout.alt, "Source": SEED.name}


def warm(layouts: list[Layout], pages: int, seconds: float) -> list[float]:
    """Cards per second of each round through ``layouts`` on one warm pool."""
    rates = []
    with HtmlRenderer(pages=pages) as renderer:
        list(renderer.render_many(layouts, "png", metadata))  # fonts loaded in every page
        start = time.perf_counter()
        while len(rates) < 3 or time.perf_counter() - start < seconds:
            begin = time.perf_counter()
            results = list(renderer.render_many(layouts, "png", metadata))
            rates.append(len(layouts) / (time.perf_counter() - begin))
            assert all(isinstance(r, Rendered) for r in results), results
    return rates


def per_launch(layouts: list[Layout], launches: int) -> float:
    """Cards per second with a browser started and stopped for each card."""
    begin = time.perf_counter()
    for layout in layouts[:launches]:
        with HtmlRenderer(pages=1) as renderer:
            renderer.render(layout, "png", metadata(layout))
    return launches / (time.perf_counter() - begin)


def first_card(runs: int) -> list[float]:
    """Seconds from the command's start to its end, one card written, in a fresh process."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="quotecards-bench-") as folder:
            command = [
                *(sys.executable, "-c", "import sys, quotecards.cli as c; sys.exit(c.main())"),
                *("render", str(SEED), "--top", "1", "--format", "square", "--theme"),
                *("classic", "--renderer", "html", "--out", folder),
            ]
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
            assert len(list(Path(folder).glob("*.png"))) == 1
    return times


def mix(rounds: int) -> tuple[list[float], list[float], int]:
    """Cards per second after the first, and CPU seconds a card, of each round of the seed's top
    7 quotes in every format and theme, each round a new browser as ``quotecards render`` has."""
    from quotecards import read_source, select
    from quotecards.formats import FORMATS
    from quotecards.render.cards import render_cards

    picks = select(read_source(SEED), top=10).picks[:7]
    rates, costs = [], []
    count = 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="quotecards-bench-") as folder:
            stamps: list[float] = []
            cpu = cpu_seconds()
            result = render_cards(
                picks,
                FORMATS,
                load_themes(),
                Path(folder),
                source=str(SEED),
                renderer="html",
                progress=lambda *_, stamps=stamps: stamps.append(time.perf_counter()),
            )
            costs.append((cpu_seconds() - cpu) / len(stamps))
            assert not result.failed, result.failed
            count = len(stamps)
            rates.append((count - 1) / (stamps[-1] - stamps[0]))
    return rates, costs, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="warm rounds for (10)")
    parser.add_argument(
        "--pages",
        type=int,
        default=default_pages(),
        help=f"pages in the pool ({default_pages()} here)",
    )
    parser.add_argument("--launches", type=int, default=5, help="cards rendered per launch (5)")
    parser.add_argument("--runs", type=int, default=5, help="first-card commands timed (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the mix (3)")
    args = parser.parse_args()

    from quotecards.render.browser import describe as browser

    print(describe())
    print(f"browser: {browser(locate_chromium())}")
    firsts = first_card(args.runs)
    print(
        f"first card, command start to file written: {min(firsts):.2f} s best, "
        f"{statistics.median(firsts):.2f} s median of {len(firsts)}; aim <= 2.0 s: "
        f"{'met' if statistics.median(firsts) <= 2.0 else 'NOT met'} (median)"
    )
    mixed, costs, count = mix(args.rounds)
    print(
        f"mix of {count} cards (7 quotes x 6 formats x every theme), after the first: "
        f"{max(mixed):.1f} cards/s best, {statistics.median(mixed):.1f} median of {len(mixed)}; "
        f"{1000 * statistics.median(costs):.0f} ms CPU a card (all processes); aim >= 25 cards/s: "
        f"{'met' if statistics.median(mixed) >= 25 else 'NOT met'} (median)"
    )
    print(describe())

    layouts = seed_layouts()
    rates = warm(layouts, args.pages, args.seconds)
    launched = per_launch(layouts, min(args.launches, len(layouts)))
    best, median = max(rates), statistics.median(rates)
    print(f"cards: {len(layouts)} seed quotes x themes, 1080x1080 PNG; {os.cpu_count()} cores")
    print(
        f"warm pool ({args.pages} pages): {best:6.1f} cards/s best, {median:6.1f} median "
        f"of {len(rates)} rounds"
    )
    print(f"browser per card:        {launched:6.2f} cards/s ({1 / launched:.2f} s a card)")
    print(f"warm / per launch:       {median / launched:6.1f} x (median)")
    print(f"aim: >= 25 cards/s warm: {'met' if median >= 25 else 'NOT met'} (median)")


if __name__ == "__main__":
    main()
