"""How builds scale: a synthetic archive built with 1 and 2 local processes, and on a local Dask
cluster with 1 and 2 workers.

    .venv/bin/python bench/bench_scale.py [--sources 200] [--top 2] [--format square]

The archive is made-up interviews (``bench_build.interview``, so the numbers do not move when the
seed changes).  One build first selects every source's quotes (cached); then each setting
renders every card from an empty card cache and makes the bundle, timed from the outside of
``build``: cards per second, and each setting against one local process (the scaling ratio).
The Dask cluster is started before its timing (``LocalCluster``, one thread a worker), as a
cluster one points ``--scheduler`` at would be; the plan at the end is what 100,000 stories x 6
formats would cost at the measured rate per worker.
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build import interview  # noqa: E402
from machine import describe  # noqa: E402

from quotecards.bundle.build import build  # noqa: E402
from quotecards.bundle.project import load_project  # noqa: E402

ARCHIVE = 100_000 * 6  # cards: 100,000 stories in 6 formats


def make_archive(folder: Path, sources: int, top: int, fmt: str) -> Path:
    rng = random.Random(20261201)
    for number in range(1, sources + 1):
        text = interview(number, top + 2, rng)
        (folder / f"story-{number:04}.txt").write_text(text, encoding="utf-8")
    path = folder / "quotecards.toml"
    path.write_text(
        f'sources = ["*.txt"]\ntop = {top}\nformat = "{fmt}"\ntheme = "classic"\n',
        encoding="utf-8",
    )
    return path


def cold(path: Path, **options: object) -> tuple[float, int]:
    """Seconds and cards of a build with an empty card cache (selections kept)."""
    out = path.parent / "output"
    shutil.rmtree(out / "cards", ignore_errors=True)
    for kind in ("cards", "sheets", "pages", "zips"):
        shutil.rmtree(out / ".cache" / kind, ignore_errors=True)
    start = time.perf_counter()
    result = build(load_project(path), **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    assert result.status == "built" and not result.failed, result.failed
    assert len(result.rendered) == result.cards
    return seconds, result.cards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200, help="stories (200)")
    parser.add_argument("--top", type=int, default=2, help="quotes from each (2)")
    parser.add_argument("--format", default="square", help="card formats (square)")
    parser.add_argument("--no-dask", action="store_true", help="local processes only")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="quotecards-scale-"))
    try:
        path = make_archive(folder, args.sources, args.top, args.format)
        print(describe())
        start = time.perf_counter()
        build(load_project(path), jobs=1)  # selects (and caches) every source's quotes
        print(f"archive: {args.sources} stories; selection {time.perf_counter() - start:.1f} s")
        rows: list[tuple[str, int, float, int]] = []
        for jobs in (1, 2):
            seconds, cards = cold(path, jobs=jobs)
            rows.append((f"local, {jobs} process{'es' if jobs > 1 else ''}", jobs, seconds, cards))
            report(rows)
        if not args.no_dask:
            from distributed import LocalCluster

            for workers in (1, 2):
                with LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                ) as cluster:
                    cold(path, scheduler=cluster.scheduler_address)  # workers warmed up
                    seconds, cards = cold(path, scheduler=cluster.scheduler_address)
                name = f"Dask, {workers} worker{'s' if workers > 1 else ''}"
                rows.append((name, workers, seconds, cards))
                report(rows)
        plan(rows)
        print(describe())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(rows: list[tuple[str, int, float, int]]) -> None:
    name, _, seconds, cards = rows[-1]
    base = rows[0][3] / rows[0][2]
    rate = cards / seconds
    print(
        f"  {name:<20} {cards:5} cards in {seconds:6.1f} s: {rate:5.1f} cards/s, "
        f"{rate / base:4.2f}x one local process"
    )


def plan(rows: list[tuple[str, int, float, int]]) -> None:
    """What the archive costs at the best measured rate per worker (or process)."""
    per = max(cards / seconds / workers for _, workers, seconds, cards in rows)
    print(f"plan: {per:.1f} cards/s per core; 100,000 stories x 6 formats = {ARCHIVE:,} cards:")
    for workers in (1, 8, 32, 128):
        hours = ARCHIVE / (per * workers) / 3600
        print(f"  {workers:4} workers: {hours:7.2f} h ({ARCHIVE / workers:,.0f} cards each)")


if __name__ == "__main__":
    main()
