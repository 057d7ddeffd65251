"""How fast ``quotecards build`` is: 100 quotes in 6 formats (600 cards), cold and warm.

    .venv/bin/python bench/bench_build.py [--sources 10] [--top 10] [--jobs N]

Ten made-up interviews (generated here, so that the numbers do not move when the seed or the
sample change) give ten quotes each; the project asks for every format.  Each step runs the
command line in a fresh process, as a user or a CI job would, and is timed from the outside:

* cold: an empty output folder, every card rendered, against a bare render of the same cards
  (what ``quotecards render`` does: select, then render every card with one process per core,
  no cache, no bundle), also in a fresh process: the aim is a cold build at 0.8x the bare
  render's throughput or better.  CPU seconds (of the process and its workers) are shown too:
  on a busy machine they move less than wall time;
* warm: nothing changed (the aim: under 1 s);
* one quote changed: the words of one quote edited, so that its 6 cards are rendered again;
* check: ``build --check`` on the fresh bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_seconds, describe  # noqa: E402

SUBJECTS = (
    "Every harbour pilot", "A good night editor", "The late shift at a hospital",
    "A county road crew", "A careful land surveyor", "The oldest ferry captain",
    "Every rural clinic nurse", "A patient archivist", "The youngest welder on site",
    "A small-town newsroom", "A stubborn lighthouse keeper", "The quietest dispatcher",
)  # fmt: skip
VERBS = (
    "remembers", "protects", "rebuilds", "measures", "questions", "celebrates",
    "underestimates", "carries", "defends", "notices", "outlasts", "forgives",
)  # fmt: skip
OBJECTS = (
    "the storm nobody forecast", "the cost of a quiet failure",
    "the people who keep the lights on", "a promise made at a funeral",
    "the bridge that everyone drives over", "the budget line nobody reads",
    "the mistake that almost sank us", "a river that changed its course",
    "the rules written after a disaster", "the silence after a siren",
    "a town that refused to move", "the map that was always wrong",
)  # fmt: skip
ENDINGS = (
    "", " long after the cameras leave", " every single winter", " without asking for thanks",
    " better than any report", " before anyone else does",
)  # fmt: skip
HOSTS = ("Robin", "Avery", "Jordan", "Quinn", "Rowan", "Emerson", "Harper", "Sawyer", "Reese",
         "Morgan", "Parker")  # fmt: skip
GUESTS = ("Casey", "Dana", "Ellis", "Frankie", "Greer", "Hollis", "Indra", "Jules", "Kit",
          "Lane", "Marlow")  # fmt: skip
QUESTIONS = (
    "What stays with you from those years?", "Who taught you the most?",
    "What do outsiders get wrong?", "Why does it matter now?",
    "What would you change first?", "What keeps you up at night?",
)  # fmt: skip


def interview(number: int, answers: int, rng: random.Random) -> str:
    """A transcript: an interviewer's questions, and one quotable sentence in each answer, no
    two of which share a subject or an object (so that none repeats another)."""
    host = f"{HOSTS[number % len(HOSTS)]} Hale"
    guest = f"{GUESTS[number % len(GUESTS)]} Morrow"
    subjects = rng.sample(SUBJECTS, answers)
    objects = rng.sample(OBJECTS, answers)
    lines = []
    for subject, thing in zip(subjects, objects, strict=True):
        said = f"{subject} {rng.choice(VERBS)} {thing}{rng.choice(ENDINGS)}."
        lines += [f"{host}: {rng.choice(QUESTIONS)}", "", f"{guest}: {said}", ""]
    return "\n".join(lines)


def command(folder: Path) -> list[str]:
    """``quotecards build`` in a fresh process (through the CLI's own ``main``)."""
    code = (
        "import sys, quotecards.cli as cli\n"
        "from quotecards.bundle.commands import add_build_commands\n"
        "made = cli._parser\n"
        "def parser():\n"
        "    p = made()\n"
        "    sub = next(a for a in p._actions if isinstance(getattr(a, 'choices', None), dict))\n"
        "    if 'build' not in sub.choices:\n"
        "        add_build_commands(sub)\n"
        "    return p\n"
        "cli._parser = parser\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    return [sys.executable, "-c", code, "build", str(folder / "quotecards.toml")]


def timed(folder: Path, *extra: str) -> tuple[float, dict]:
    seconds, summary, _ = timed_cpu(folder, *extra)
    return seconds, summary


def timed_cpu(folder: Path, *extra: str) -> tuple[float, dict, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cpu = cpu_seconds()
    start = time.perf_counter()
    done = subprocess.run(
        [*command(folder), "--json", *extra], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1) or not done.stdout:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr}")
    return seconds, json.loads(done.stdout), cpu_seconds() - cpu


BARE = """
import sys
from pathlib import Path
from quotecards.formats import FORMATS
from quotecards.ingest import read_source
from quotecards.render.cards import plan, render_planned, texts_of
from quotecards.selector import select
from quotecards.themes import get_theme

folder, out, top, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cards, names = [], []
for path in sorted(folder.glob("*.txt")):
    picks = select(read_source(path), top=top).picks
    made, _ = plan(texts_of(picks), FORMATS, [get_theme("classic")])
    cards += made
    names += [path.name] * len(made)
written, failed = render_planned(cards, out, source=names, jobs=jobs or None)
print(len(written))
"""


def bare_render(folder: Path, top: int, jobs: int | None) -> tuple[float, int, float]:
    """Seconds, cards and CPU seconds of rendering the project's cards without ``build``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="quotecards-bare-") as out:
        cpu = cpu_seconds()
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", BARE, str(folder), out, str(top), str(jobs or 0)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return time.perf_counter() - start, int(done.stdout), cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10, help="interviews (10)")
    parser.add_argument("--top", type=int, default=10, help="quotes from each (10)")
    parser.add_argument("--jobs", type=int, help="processes (every core)")
    parser.add_argument("--keep", action="store_true", help="keep the project folder")
    args = parser.parse_args()

    rng = random.Random(20240521)
    folder = Path(tempfile.mkdtemp(prefix="quotecards-bench-"))
    for number in range(1, args.sources + 1):
        text = interview(number, args.top + 2, rng)
        (folder / f"interview-{number:02}.txt").write_text(text, encoding="utf-8")
    jobs = f"jobs = {args.jobs}\n" if args.jobs else ""
    (folder / "quotecards.toml").write_text(
        f'sources = ["*.txt"]\ntop = {args.top}\nformat = "all"\ntheme = "classic"\n{jobs}',
        encoding="utf-8",
    )
    cores = os.cpu_count() or 1
    print(f"project: {args.sources} interviews x {args.top} quotes x 6 formats, {cores} cores")

    def report(step: str, seconds: float, summary: dict) -> None:
        print(
            f"  {step:<18} {seconds:7.2f} s   {summary['cards']:4} cards, "
            f"{len(summary['rendered']):4} rendered, status {summary['status']}"
        )

    print(describe())
    bare, count, bare_cpu = bare_render(folder, args.top, args.jobs)
    cold, summary, cold_cpu = timed_cpu(folder)
    report("cold", cold, summary)
    print(
        f"  {'bare render':<18} {bare:7.2f} s   {count:4} cards; cold build / bare render "
        f"throughput {bare / cold:.2f}x (CPU {bare_cpu:.1f} s vs {cold_cpu:.1f} s: "
        f"{bare_cpu / cold_cpu:.2f}x); aim >= 0.8x: {'met' if bare / cold >= 0.8 else 'NOT met'}"
    )
    warm = [timed(folder) for _ in range(3)]
    for _, summary in warm:
        assert not summary["rendered"] and summary["status"] == "unchanged", summary
    best = min(seconds for seconds, _ in warm)
    report("warm (best of 3)", best, warm[0][1])
    print(f"  {'':<18} aim: under 1 s: {'met' if best < 1 else 'NOT met'}")

    bundle = folder / "output" / "cards"
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    quote = manifest["assets"][0]["quote"]
    first = folder / manifest["assets"][0]["source"]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace(quote, quote.replace(".", ", still."), 1), encoding="utf-8")
    report("one quote changed", *timed(folder))
    report("check (fresh)", *timed(folder, "--check"))
    print(describe())

    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    archive = (bundle / "cards.zip").stat().st_size
    print(f"  bundle {size / 1e6:.1f} MB on disk, of which cards.zip {archive / 1e6:.1f} MB")
    if args.keep:
        print(f"  kept: {folder}")
    else:
        import shutil

        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
