"""A build never deletes a folder it did not make.

The bundle folder ``<out>/<bundle>`` is replaced only when it is a quotecards bundle (it holds
the bundle's ``manifest.json``) or empty; an ``out``/``bundle`` that holds the project file or
a source is refused before anything is read; a bundle folder that is a symbolic link is refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotecards.bundle import swap
from quotecards.bundle.build import build
from quotecards.bundle.project import ProjectError, load_project
from quotecards.errors import QuotecardsError
from tests.conftest import SAMPLE
from tests.test_build import files_of, quotecards


def project(folder: Path, settings: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, folder / SAMPLE.name)
    path = folder / "quotecards.toml"
    path.write_text(f'sources = ["{SAMPLE.name}"]\ntop = 1\n{settings}\n', encoding="utf-8")
    return path


def test_a_hand_made_folder_at_the_bundle_s_place_is_never_replaced(tmp_path: Path):
    project(tmp_path, 'out = "site"\nbundle = "static"')
    style = tmp_path / "site" / "static" / "style.css"
    style.parent.mkdir(parents=True)
    style.write_text("body { color: teal }\n", encoding="utf-8")

    done = quotecards("build", cwd=tmp_path)

    assert done.returncode == 2, done.stderr
    assert "not a quotecards bundle" in done.stderr
    assert "Traceback" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if "error:" in line]) == 1
    assert style.read_text(encoding="utf-8") == "body { color: teal }\n"
    assert sorted(p.name for p in (tmp_path / "site").iterdir() if p.name != ".cache") == ["static"]


def test_an_out_and_bundle_naming_the_project_folder_are_refused(tmp_path: Path):
    folder = tmp_path / "interviews"
    path = project(folder, 'out = ".."\nbundle = "interviews"')
    before = files_of(folder)

    with pytest.raises(ProjectError, match="holds the project file"):
        load_project(path)
    done = quotecards("build", cwd=folder)

    assert done.returncode == 2
    assert files_of(folder) == before


def test_a_bundle_folder_that_holds_a_source_is_refused(tmp_path: Path):
    path = project(tmp_path, 'out = "."\nbundle = "texts"')
    (tmp_path / "texts").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "texts" / "other.txt")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'sources = ["{SAMPLE.name}"]', 'sources = ["texts/other.txt"]'
        ),
        encoding="utf-8",
    )

    with pytest.raises(ProjectError, match=r"holds the source texts/other\.txt"):
        load_project(path)


def test_a_bundle_folder_that_is_a_symbolic_link_is_refused_and_nothing_is_left(tmp_path: Path):
    path = project(tmp_path, "")
    first = build(load_project(path), jobs=1)
    assert first.status == "built"
    real = tmp_path / "elsewhere"
    (tmp_path / "output" / "cards").rename(real)
    (tmp_path / "output" / "cards").symlink_to(real, target_is_directory=True)
    (tmp_path / SAMPLE.name).write_text(
        (tmp_path / SAMPLE.name).read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )

    with pytest.raises(QuotecardsError, match="symbolic link"):
        build(load_project(path), jobs=1)

    assert (tmp_path / "output" / "cards").is_symlink()
    assert not list((tmp_path / "output").glob(".cards.tmp-*"))


def test_a_bundle_of_its_own_and_an_empty_folder_are_replaced(tmp_path: Path):
    path = project(tmp_path, "")
    (tmp_path / "output" / "cards").mkdir(parents=True)
    assert build(load_project(path), jobs=1).status == "built"
    (tmp_path / SAMPLE.name).write_text(
        (tmp_path / SAMPLE.name).read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert build(load_project(path), jobs=1).status == "built"


def test_the_swap_itself_refuses_a_folder_without_a_manifest(tmp_path: Path):
    old, new = tmp_path / "cards", tmp_path / "new"
    old.mkdir()
    (old / "notes.txt").write_text("mine")
    new.mkdir()

    with pytest.raises(QuotecardsError, match="not a quotecards bundle"):
        swap.swap(new, old)

    assert (old / "notes.txt").read_text() == "mine"


def test_a_source_whose_review_file_reviews_another_source_is_refused(tmp_path: Path):
    from quotecards.review.sync import write_review

    (tmp_path / ".git").mkdir()
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    shutil.copyfile(SAMPLE, second)
    first.write_text(
        "Dana Reyes: Why close the road?\n\nAnn Lee: Nobody should drive over a bridge that "
        "nobody has inspected in twenty years.\n",
        encoding="utf-8",
    )
    write_review(second)
    path = tmp_path / "quotecards.toml"
    path.write_text(
        '[[source]]\npath = "first.txt"\nreview = "second.quotes.toml"\n', encoding="utf-8"
    )

    with pytest.raises(ProjectError, match=r"second\.quotes\.toml reviews second\.txt, not first"):
        load_project(path)
    done = quotecards("build", cwd=tmp_path)
    assert done.returncode == 2
    assert not (tmp_path / "output" / "cards").exists()
