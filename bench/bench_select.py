"""Benchmark: ``select`` on transcripts of growing size (aim: 1 MB in under 2 s on one core).

Builds deterministic synthetic transcripts from the bundled sample's sentences, reshuffled into
new turns, and times reading + selecting each one.  Run: ``python bench/bench_select.py``.
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


def timed(text: str, repeats: int = 3) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        select(read_text(text, "bench.txt"), top=10)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"{'size':>9} {'seconds':>8} {'s/MB':>6}")
    for megabytes in (0.25, 0.5, 1.0, 2.0):
        text = transcript(int(megabytes * 1_000_000))
        seconds = timed(text)
        print(f"{len(text.encode()) / 1e6:>7.2f}MB {seconds:>8.2f} {seconds / megabytes:>6.2f}")


if __name__ == "__main__":
    main()
