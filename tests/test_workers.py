"""After ``kill -9`` of a build (or the OOM killer), its Pillow workers die with it, and the
build lock does not outlive the process that held it: the next build just runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from quotecards.bundle.build import build
from quotecards.bundle.project import load_project
from tests.conftest import ROOT
from tests.test_build import make_project

KILLED_AFTER_ONE_CARD = """
import os, signal, sys
from pathlib import Path
from quotecards.bundle.build import build
from quotecards.bundle.project import load_project

def landed(*_):
    children = set()
    for task in Path("/proc/self/task").iterdir():
        children |= set((task / "children").read_text().split())
    print(" ".join(sorted(children)), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

build(load_project(sys.argv[1]), jobs=2, progress=landed)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_killing_a_build_takes_its_workers_and_its_lock_with_it(tmp_path: Path):
    path = make_project(tmp_path, 'top = 3\nformat = "all"\ntheme = ["classic", "bold"]')

    said = tmp_path / "said.txt"
    # Into a file, not a pipe: a surviving worker would hold a pipe open.
    with said.open("w") as out:
        killed = subprocess.Popen(
            [sys.executable, "-c", KILLED_AFTER_ONE_CARD, str(path)],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        assert killed.wait(timeout=120) == -signal.SIGKILL, said.read_text()
    workers = [int(pid) for pid in said.read_text().split()]
    assert workers, "the build had no worker processes"
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)  # leave the machine as it was, then fail
    assert survivors == []
    # The lock went with its holder: the next build runs.
    assert build(load_project(path), jobs=1).status == "built"


FORKED_THEN_KILLED = """
import os, signal, sys, time
from pathlib import Path
from quotecards.bundle import swap

with swap.locked(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:
        time.sleep(60)  # a child that outlives its parent (no parent-death signal here)
        os._exit(0)
    Path(sys.argv[2]).write_text(str(child))
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_lock_whose_holder_was_killed_is_free_though_its_child_lives_on(tmp_path: Path):
    from quotecards.bundle import swap

    cache, said = tmp_path / ".cache", tmp_path / "child.txt"
    killed = subprocess.run(
        [sys.executable, "-c", FORKED_THEN_KILLED, str(cache), str(said)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    child = int(said.read_text())
    try:
        assert alive(child)
        with swap.locked(cache):
            pass
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_worker_killed_mid_batch_is_one_error_not_a_traceback(tmp_path: Path):
    from quotecards.errors import QuotecardsError
    from quotecards.formats import FORMATS
    from quotecards.render.cards import plan, render_planned
    from quotecards.themes import get_theme
    from quotecards.typeset import CardText

    texts = [
        CardText(f"Line {n} of the inspection report.", "Ann Lee", "", "", f"q{n}")
        for n in range(6)
    ]
    cards, _ = plan(texts, FORMATS, (get_theme("classic"),))

    def kill_a_worker(*_: object) -> None:
        children = set()
        for task in Path("/proc/self/task").iterdir():
            children |= {int(pid) for pid in (task / "children").read_text().split()}
        workers = [pid for pid in children if alive(pid)]
        if workers:
            os.kill(workers[0], signal.SIGKILL)

    try:
        render_planned(cards, tmp_path / "out", jobs=2, progress=kill_a_worker)
    except QuotecardsError as error:
        assert "worker" in str(error)
        assert "\n" not in str(error)
    else:
        raise AssertionError("a batch whose worker was killed reported success")
