"""The editorial loop as an editor runs it: the README's five commands from a transcript to
approved cards, and the review file as an input to ``render`` and ``build``."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from quotecards.review.session import ReviewSession
from tests.cli_runner import quotecards
from tests.conftest import ROOT, SAMPLE


def readme_workflow() -> list[list[str]]:
    """The commands of the README's "Editorial workflow" block, as typed there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Editorial workflow", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line]


def images(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.png"))


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """An editor's folder (a git repository) holding one transcript."""
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "interview.txt")
    return tmp_path


def approve_two_and_trim_one(review_path: Path) -> tuple[str, str, str]:
    """What the editor does on the page, through the page's own API: approve two quotes, trim
    the second with an ellipsis, give the first a story card in two themes; reject a third."""
    session = ReviewSession(review_path)
    state = session.state()
    confident = [q for q in state["quotes"] if q["speaker"] and len(q["text"].split()) >= 8]
    first, second = confident[0], confident[1]
    third = next(q for q in state["quotes"] if q["id"] not in (first["id"], second["id"]))
    version = state["version"]
    version = session.decide(version, first["id"], "approved")["version"]
    version = session.decide(version, second["id"], "approved")["version"]
    version = session.decide(version, third["id"], "rejected")["version"]
    trim = " ".join(second["text"].split()[:5]) + " …"
    version = session.edit(version, second["id"], trim)["version"]
    session.choose(version, first["id"], ["bold", "midnight"], ["story"])
    return first["id"], second["id"], trim


def test_the_readme_editorial_workflow_takes_a_transcript_to_approved_cards(desk: Path):
    commands = readme_workflow()
    assert len(commands) == 5
    assert [c[:2] for c in commands] == [
        ["quotecards", "select"],
        ["quotecards", "review"],
        ["quotecards", "render"],
        ["quotecards", "init"],
        ["quotecards", "build"],
    ]
    select, _review, render, init, build = commands

    done = quotecards(*select[1:], cwd=desk)
    assert done.returncode == 0, done.stderr
    review_path = desk / "interview.quotes.toml"
    assert review_path.is_file()

    # Step 2, the page, through the API the page calls.
    first, second, trim = approve_two_and_trim_one(review_path)

    done = quotecards(*render[1:], cwd=desk)
    assert done.returncode == 0, done.stderr
    made = images(desk / "output")
    looks = sorted(
        re.search(r"--(q[0-9a-f]{10})--(\w+)--(\w+)\.png$", p.name).groups() for p in made
    )
    assert looks == sorted(
        [(first, "story", "bold"), (first, "story", "midnight"), (second, "square", "classic")]
    )
    trimmed = next(p for p in made if second in p.name)
    alt = trimmed.with_name(trimmed.name.removesuffix(".png") + ".alt.txt").read_text("utf-8")
    assert trim.removesuffix(" …") in alt and "…" in alt
    assert done.stderr.strip().endswith("3 cards written to output")

    done = quotecards(*init[1:], cwd=desk)
    assert done.returncode == 0, done.stderr
    project = (desk / "quotecards.toml").read_text(encoding="utf-8")
    assert '[[source]]\npath = "interview.txt"\nreview = "interview.quotes.toml"\n' in project

    done = quotecards(*build[1:], "--jobs", "1", cwd=desk)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((desk / "output" / "cards" / "manifest.json").read_text("utf-8"))
    built = {(a["quote_id"], a["format"], a["theme"]): a["quote"] for a in manifest["assets"]}
    assert sorted(built) == looks
    assert built[(second, "square", "classic")].startswith(trim.removesuffix(" …"))


def test_render_of_a_source_uses_its_review_file_and_says_so(desk: Path):
    assert quotecards("select", "interview.txt", "--write-review", cwd=desk).returncode == 0
    first, second, _ = approve_two_and_trim_one(desk / "interview.quotes.toml")

    used = quotecards("render", "interview.txt", "--out", "a", cwd=desk)
    assert used.returncode == 0, used.stderr
    assert "using the review file interview.quotes.toml" in used.stderr
    assert {p.name.split("--")[1] for p in images(desk / "a")} == {first, second}

    fresh = quotecards("render", "interview.txt", "--out", "b", "--ignore-review", cwd=desk)
    assert fresh.returncode == 0, fresh.stderr
    assert "review file" not in fresh.stderr
    assert len(images(desk / "b")) == 3  # the top three, one square classic card each


def test_formats_and_themes_given_on_the_command_line_apply_to_every_approved_quote(desk: Path):
    assert quotecards("select", "interview.txt", "--write-review", cwd=desk).returncode == 0
    first, second, _ = approve_two_and_trim_one(desk / "interview.quotes.toml")
    done = quotecards(
        "render", "interview.quotes.toml", "--format", "og", "--theme", "photo", cwd=desk
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name.split("--", 1)[1] for p in images(desk / "output"))
    assert names == sorted([f"{first}--og--photo.png", f"{second}--og--photo.png"])


def test_a_review_file_with_nothing_approved_is_one_line_and_exit_2(desk: Path):
    assert quotecards("select", "interview.txt", "--write-review", cwd=desk).returncode == 0
    done = quotecards("render", "interview.quotes.toml", cwd=desk)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no approved quote yet" in done.stderr
    assert "quotecards review interview.quotes.toml" in done.stderr
    assert not (desk / "output").exists()


def test_build_of_a_review_file_is_a_bundle_of_its_approved_quotes(desk: Path):
    assert quotecards("select", "interview.txt", "--write-review", cwd=desk).returncode == 0
    first, second, _ = approve_two_and_trim_one(desk / "interview.quotes.toml")
    done = quotecards("build", "interview.quotes.toml", "--jobs", "1", cwd=desk)
    assert done.returncode == 0, done.stderr
    folder = desk / "output" / "interview"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert [s["path"] for s in manifest["sources"]] == ["interview.txt"]
    assert {a["quote_id"] for a in manifest["assets"]} == {first, second}
    assert (folder / "index.html").is_file()
    check = quotecards("build", "interview.quotes.toml", "--check", cwd=desk)
    assert check.returncode == 0, check.stderr


def test_init_names_no_review_for_a_source_without_one(desk: Path):
    done = quotecards("init", cwd=desk)
    assert done.returncode == 0, done.stderr
    assert "review =" not in (desk / "quotecards.toml").read_text(encoding="utf-8")
