"""No Chromium outlives ``quotecards render --renderer html``: not after Ctrl-C, not after SIGTERM,
not after a crash mid-batch (SIGSEGV, SIGKILL: no Python cleanup runs at all).  Counted on the
real process tree of a real run, every Chromium process of it (zygotes, renderers, GPU)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotecards.render.browser import find_chromium, processes

ROOT = Path(__file__).resolve().parent.parent


def _table() -> dict[int, tuple[int, str]]:
    """Every live process: its parent and command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if state != "Z":
            found[int(entry.name)] = (int(parent), command)
    return found


def _descendants(root: int) -> dict[int, str]:
    table = _table()
    found: dict[int, str] = {}
    for pid, (_, command) in table.items():
        ancestor = pid
        while ancestor in table and ancestor > 1:
            ancestor = table[ancestor][0]
            if ancestor == root:
                found[pid] = command
                break
    return found


def _chromium(tree: dict[int, str]) -> dict[int, str]:
    name = find_chromium().path.name
    return {pid: command for pid, command in tree.items() if name in command.split(" ")[0]}


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_table())


@pytest.mark.parametrize(
    ("how", "statuses"),
    [
        ("SIGINT", (130, -signal.SIGINT, 1)),
        ("SIGTERM", (143, -signal.SIGTERM)),
        ("SIGSEGV", (-signal.SIGSEGV,)),
        ("SIGKILL", (-signal.SIGKILL,)),
    ],
)
def test_no_chromium_process_outlives_a_batch_stopped_mid_way(
    how: str, statuses: tuple[int, ...], tmp_path: Path, seed_path: Path
) -> None:
    out = tmp_path / "cards"
    run = subprocess.Popen(
        [
            *(sys.executable, "-c", "import sys, quotecards.cli as c; sys.exit(c.main())"),
            *("render", str(seed_path)),
            *("--top", "7", "--format", "all", "--theme", "all", "--renderer", "html"),
            *("--out", str(out)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        # pytest-xdist workers ignore SIGINT and children inherit that: give Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.png"))) < 3:  # mid-batch: some cards written, most not
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            assert time.monotonic() < deadline, "no card was written in two minutes"
            time.sleep(0.05)
        tree = _descendants(run.pid)
        browsers = _chromium(tree)
        assert len(browsers) >= 3, tree  # the browser, a zygote, a renderer at least
        if how == "SIGINT":
            os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        else:
            run.send_signal(getattr(signal, how))
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode in statuses
    # After a kill nothing of Python's runs: Playwright's driver sees its pipe close and takes
    # the browser down, which takes a moment.
    deadline = time.monotonic() + 15
    while _alive(set(tree)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(set(tree)) == set(), {pid: tree[pid] for pid in _alive(set(tree))}
    if how in ("SIGINT", "SIGTERM"):  # a run that could clean up left no profile behind
        assert not list(tmp_path.glob("quotecards-chromium-*"))
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_pool_counts_every_process_of_its_browser_and_none_survives_close() -> None:
    from quotecards.fonts import FontBook
    from quotecards.formats import get_format
    from quotecards.render.html import HtmlRenderer
    from quotecards.themes import get_theme
    from quotecards.typeset import CardText, typeset

    layout = typeset(
        CardText("Machine learning sucks.", "Yann LeCun"),
        get_format("square"),
        get_theme("classic"),
        FontBook.default(),
    )
    with HtmlRenderer(pages=2) as renderer:
        renderer.render(layout)
        pool = renderer._pool
        assert pool is not None
        counted = set(processes(pool.profile, pool.mark))
        tree = set(_chromium(_descendants(os.getpid())))
        assert tree and tree <= counted
    assert _alive(counted) == set()
