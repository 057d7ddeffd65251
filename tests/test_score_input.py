"""``quotecards score`` on bad input: one line naming the line, exit 2, nothing on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def score(data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quotecards", "score"],
        input=data,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"Machine learning sucks.\nCaf\xe9 culture is dead.\n", "line 2"),
        (b"Fine words.\n" + b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "line 2"),
        (b'Fine words.\n{"text": "half a pair \\ud800 here"}\n', "line 2"),
    ],
    ids=["not-utf8", "deeply-nested-json", "lone-surrogate"],
)
def test_bad_input_is_one_line_and_nothing_is_written(data: bytes, said: str):
    done = score(data)

    assert done.returncode == 2
    assert done.stdout == b""
    error = done.stderr.decode("utf-8")
    assert "Traceback" not in error
    (line,) = error.strip().splitlines()
    assert said in line


def test_good_input_is_scored_as_before():
    done = score(b'Machine learning sucks.\n{"text": "Nobody cuts a ribbon."}\n')
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [line["text"] for line in lines] == ["Machine learning sucks.", "Nobody cuts a ribbon."]
