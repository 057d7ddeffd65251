"""Commands that cannot do what they are asked say so in one line, exit 2 and write nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotecards", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        timeout=60,
        check=False,
    )


def one_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "error:" in line]
    return line


@pytest.mark.parametrize("renderer", ["pillow", "html"])
def test_render_out_an_existing_file_is_refused(tmp_path: Path, renderer: str):
    taken = tmp_path / "cards.png"
    taken.write_bytes(b"mine")
    line = one_error(
        run("render", str(SAMPLE), "--renderer", renderer, "--out", str(taken), cwd=tmp_path)
    )
    assert "is a file" in line
    assert taken.read_bytes() == b"mine"


def test_review_on_a_port_in_use_is_refused(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    source.write_bytes(SAMPLE.read_bytes())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_error(run("review", "interview.txt", "--port", str(port), cwd=tmp_path))
    assert f"port {port}" in line and "in use" in line


def test_init_lists_a_file_whose_name_starts_with_a_space_so_that_build_accepts_it(
    tmp_path: Path,
):
    (tmp_path / " interview.txt").write_bytes(SAMPLE.read_bytes())
    assert run("init", cwd=tmp_path).returncode == 0
    done = run("build", "--check", cwd=tmp_path)
    assert "no such file" not in done.stderr and "matches no file" not in done.stderr
    assert done.returncode in (0, 1), done.stderr
