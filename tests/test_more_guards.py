"""More of what a hostile or unlucky input can do, each now one line and nothing half-done:
an absurd "word", a full disk, a cache image corrupted in place, a review server held open by a
half-sent request."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quotecards.bundle.build import build
from quotecards.bundle.project import load_project
from quotecards.errors import QuotecardsError
from tests.conftest import ROOT, SAMPLE
from tests.test_build import make_project


def run(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotecards", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        timeout=60,
        check=False,
        **options,  # type: ignore[arg-type]
    )


def test_one_unbroken_megabyte_word_is_refused_at_once(tmp_path: Path):
    path = tmp_path / "interview.txt"
    path.write_text(
        "Dana Reyes: What did the report say?\n\nAnn Lee: It said " + "a" * 1_000_000 + "\n",
        encoding="utf-8",
    )

    done = run("select", str(path), cwd=tmp_path)

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "characters without a space" in done.stderr


def _small_files() -> None:
    # A disk that fills up: no file may grow past 20 KB (a card is larger).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_mid_batch_is_one_line(tmp_path: Path):
    done = run(
        "render", str(SAMPLE), "--top", "2", "--jobs", "1", "--out", "cards",
        cwd=tmp_path, preexec_fn=_small_files,
    )  # fmt: skip

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "error:" in line]
    assert "too large" in line or "space" in line
    assert not list((tmp_path / "cards").glob(".*tmp*"))


def test_a_cache_image_corrupted_in_place_never_reaches_a_bundle(tmp_path: Path):
    path = make_project(tmp_path)
    first = build(load_project(path), jobs=1)
    cached = sorted((tmp_path / "output" / ".cache" / "cards").glob("*.png"))
    assert cached
    victim = cached[0]
    stat = victim.stat()
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, same mtime: only the bytes differ
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for card in first.folder.rglob("*.png"):
        card.unlink()  # the bundle must be made again from the cache

    with pytest.raises(QuotecardsError, match="changed"):
        build(load_project(path), jobs=1)
    # The bad entry is gone: the next build renders it anew and the bundle is whole.
    again = build(load_project(path), jobs=1)
    assert again.status == "built"
    assert build(load_project(path), jobs=1, check=True).status == "fresh"


def test_ctrl_c_stops_review_though_a_client_holds_a_request_half_sent(tmp_path: Path):
    from quotecards.review.server import ReviewServer
    from quotecards.review.session import ReviewSession
    from quotecards.review.sync import write_review

    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    source.write_bytes(SAMPLE.read_bytes())
    path, _ = write_review(source)
    server = ReviewServer(ReviewSession(path)).start()
    client = socket.create_connection(("127.0.0.1", server.port))
    client.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    stop = threading.Event()

    def trickle() -> None:  # a byte every second: never idle long enough to time out
        while not stop.wait(1):
            try:
                client.sendall(b"X")
            except OSError:
                return

    threading.Thread(target=trickle, daemon=True).start()
    time.sleep(0.5)
    stopper = threading.Thread(target=server.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=20)
    stop.set()
    client.close()
    assert not stopper.is_alive(), "stopping the server waited for the half-sent request"
