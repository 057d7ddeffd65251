"""``build --check`` writes nothing anywhere in the project, and still says exactly what a build
would change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli_runner import quotecards
from tests.conftest import SAMPLE


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file, folder and link under ``folder``: its kind, size and mtime (ns)."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        stat = path.lstat()
        kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
        size = 0 if kind == "dir" else stat.st_size
        found[path.relative_to(folder).as_posix()] = (kind, size, stat.st_mtime_ns)
    return found


def test_check_after_a_source_changed_writes_nothing_and_lists_what_a_build_changes(
    tmp_path: Path,
):
    shutil.copyfile(SAMPLE, tmp_path / "interview.txt")
    (tmp_path / "quotecards.toml").write_text(
        'sources = ["interview.txt"]\ntop = 3\nformat = ["square", "og"]\n', encoding="utf-8"
    )
    assert quotecards("build", "--jobs", "1", cwd=tmp_path).returncode == 0
    source = tmp_path / "interview.txt"
    text = source.read_text(encoding="utf-8")
    old = "a collapse is a funeral."
    source.write_text(text.replace(old, "a collapse is a funeral for a whole town."), "utf-8")
    before = snapshot(tmp_path)

    check = quotecards("build", "--check", "--jobs", "1", cwd=tmp_path)

    assert snapshot(tmp_path) == before  # not a card, a record, a lock or a digest index
    assert check.returncode == 1, check.stderr
    listed = sorted(line for line in check.stdout.splitlines() if line[:2] in ("+ ", "- ", "~ "))
    assert any(line.startswith("+ ") for line in listed), check.stdout
    assert any(line.startswith("- ") for line in listed), check.stdout

    # What the check listed is exactly what the build then changes, and nothing rendered by the
    # check is taken for cached: the build renders the changed quote's cards itself.
    build = quotecards("build", "--json", "--jobs", "1", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    summary = json.loads(build.stdout)
    expected = sorted(
        [f"+ {n}" for n in summary["added"]]
        + [f"- {n}" for n in summary["removed"]]
        + [f"~ {n}" for n in summary["changed"]]
    )
    assert listed == expected
    assert len(summary["rendered"]) == 2  # the new pick, in two formats
    assert quotecards("build", "--check", cwd=tmp_path).returncode == 0
