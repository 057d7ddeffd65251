"""bench/eval_cornell.py runs on a pairs file of the documented shape and refuses a missing one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "eval_cornell.py"

# Invented lines in the file's shape: title, quote-site form, script form, other line.
PAIRS = """the bridge
Sunlight is cheaper than steel!
101 Sunlight is cheaper than steel.
102 I went to the office on Tuesday.

the river
Never trust a drawing you haven't walked.
201 Never trust a drawing you haven't walked.
202 Well, I suppose it was fine, you know.
"""


def test_eval_prints_aggregate_accuracy_and_no_line(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.txt"
    pairs.write_text(PAIRS, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(pairs)], capture_output=True, text=True, check=True
    )
    assert "2 pairs from" in run.stdout
    assert "score_text" in run.stdout and "1.000" in run.stdout
    assert "Sunlight" not in run.stdout and "drawing" not in run.stdout


def test_eval_without_a_pairs_file_says_where_it_looked(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "missing.txt" in run.stderr and "Traceback" not in run.stderr
