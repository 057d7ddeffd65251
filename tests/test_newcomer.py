"""What a newcomer meets first: typos answered with the near miss and the command's own usage,
counts in good English, and a demo that ends by saying where to look."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import quotecards
from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["render", str(SAMPLE), "--theme", "clasic"], "did you mean 'classic'?"),
        (["render", str(SAMPLE), "--format", "sqare"], "did you mean 'square'?"),
        (["render", str(SAMPLE), "--renderer", "htm"], "did you mean 'html'?"),
        (["select", str(SAMPLE), "--tpo", "5"], "did you mean '--top'?"),
        (["selct", str(SAMPLE)], "did you mean 'select'?"),
    ],
)
def test_a_typo_is_answered_with_the_near_miss(args: list[str], suggestion: str, tmp_path: Path):
    result = quotecards(*args, "--out", str(tmp_path / "x")) if args[0] == "render" else None
    result = result or quotecards(*args)
    assert result.returncode == 2
    assert suggestion in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_bad_flag_shows_the_subcommands_own_usage():
    result = quotecards("select", "--tpo", "5", str(SAMPLE))
    assert result.returncode == 2
    assert result.stderr.startswith("usage: quotecards select ")
    assert "--write-review" in result.stderr  # select's options, not the list of commands
    assert "quotecards select: error: unrecognized argument" in result.stderr


def test_one_card_is_one_card(tmp_path: Path):
    result = quotecards("render", str(SAMPLE), "--top", "1", "--out", str(tmp_path), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"quotecards: 1 card written to {tmp_path}"


def test_the_demo_ends_with_a_short_summary_of_where_to_look(tmp_path: Path):
    result = quotecards("demo", "--out", "output/demo", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "output" / "demo"
    *_, count, where = result.stdout.strip().splitlines()
    assert count == "108 cards: 3 quotes in 6 formats and 6 themes, in output/demo/"
    assert where.startswith("Open output/demo/index.html")
    assert (folder / "index.html").is_file()
    assert len(list(folder.rglob("*.png"))) == 108
    assert str(tmp_path) not in result.stdout + result.stderr  # no absolute paths listed
    assert len((result.stdout + result.stderr).splitlines()) < 60
