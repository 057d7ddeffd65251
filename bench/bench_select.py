"""Benchmark: ``select`` on transcripts of growing size (aim: 1 MB in under 2 s on one core).

Builds deterministic synthetic transcripts from the bundled sample's sentences, reshuffled into
new turns, and times reading + selecting each one.  ``select`` runs on one thread; ``make bench``
pins it to one core (``taskset -c 0 python bench/bench_select.py``) so that the scheduler does
not move it mid-run.
"""

from __future__ import annotations

import platform
import random
import re
import statistics
import time
from pathlib import Path

from quotecards.ingest import read_text
from quotecards.selector import select

SAMPLE = Path(__file__).resolve().parent.parent / "quotecards" / "samples" / "bridge-inspector.txt"


def transcript(size: int, seed: int = 7) -> str:
    sample = SAMPLE.read_text(encoding="utf-8")
    answers = [
        line.split(": ", 1)[1] for line in sample.splitlines() if line.startswith("Marisol Vega: ")
    ]
    questions = [
        line.split(": ", 1)[1] for line in sample.splitlines() if line.startswith("Tom Archer: ")
    ]
    sentences = [s for a in answers for s in re.split(r"(?<=[.?!])\s+", a)]
    rng = random.Random(seed)
    parts = [sample.split("\nTom Archer:")[0], "\n"]
    length = sum(map(len, parts))
    while length < size:
        turn = (
            f"Tom Archer: {rng.choice(questions)}\nMarisol Vega: "
            + " ".join(rng.sample(sentences, rng.randint(2, 7)))
            + "\n"
        )
        parts.append(turn)
        length += len(turn)
    return "".join(parts)


def timed(text: str, repeats: int = 5) -> tuple[float, float]:
    """Best and median of ``repeats`` runs: on a shared machine the best is the code's own cost,
    the median what a user waits."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        select(read_text(text, "bench.txt"), top=10)
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"{'size':>9} {'best s':>7} {'median s':>9} {'median s/MB':>12}")
    select(read_text(transcript(50_000, seed=1), "warm.txt"))  # load the word tables once
    for megabytes in (0.25, 0.5, 1.0, 2.0):
        text = transcript(int(megabytes * 1_000_000))
        best, median = timed(text)
        size = len(text.encode()) / 1e6
        print(f"{size:>7.2f}MB {best:>7.2f} {median:>9.2f} {median / size:>12.2f}")


if __name__ == "__main__":
    main()
