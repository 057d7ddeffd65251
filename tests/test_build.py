"""``quotecards build`` and ``init``: bundles that are complete, reproducible, incremental and
never half-written.  Small projects (the bundled sample, two or three quotes, one or two
formats) keep these quick; ``bench/bench_build.py`` measures the big ones."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quotecards.bundle import swap
from quotecards.bundle.archive import write_zip
from quotecards.bundle.build import BuildResult, build
from quotecards.bundle.project import ProjectError, load_project
from quotecards.errors import QuotecardsError
from quotecards.integrity import verify
from quotecards.model import Span
from tests.cli_runner import quotecards
from tests.conftest import ARTICLE, ROOT, SAMPLE


def make_project(folder: Path, settings: str = 'top = 2\nformat = ["square"]') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, folder / SAMPLE.name)
    path = folder / "quotecards.toml"
    path.write_text(f'sources = ["{SAMPLE.name}"]\n{settings}\n', encoding="utf-8")
    return path


def run_build(path: Path, **options: object) -> BuildResult:
    return build(load_project(path), jobs=1, **options)  # type: ignore[arg-type]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def assert_intact(folder: Path, before: dict[str, bytes]) -> None:
    """The bundle is exactly as it was, and every asset matches the manifest's hash."""
    assert files_of(folder) == before
    for asset in manifest_of(folder)["assets"]:
        assert sha((folder / asset["path"]).read_bytes()) == asset["sha256"]


# -- reproducible ------------------------------------------------------------------------------


def test_two_builds_of_the_same_inputs_give_the_same_zip_and_files(tmp_path: Path):
    first = run_build(make_project(tmp_path / "a", 'top = 2\nformat = ["square", "og"]'))
    second = run_build(make_project(tmp_path / "b", 'top = 2\nformat = ["square", "og"]'))
    assert first.status == second.status == "built"
    assert len(first.rendered) == len(second.rendered) == 4
    zip_a = (first.folder / "cards.zip").read_bytes()
    assert sha(zip_a) == sha((second.folder / "cards.zip").read_bytes()) == first.archive_sha256
    assert files_of(first.folder) == files_of(second.folder)


def test_the_zip_has_sorted_entries_one_timestamp_and_fixed_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    members = [("b/2.txt", b"two"), ("a/1.png", b"\x89PNG one"), ("b/1.txt", b"one")]
    first = write_zip(tmp_path / "1.zip", members)
    assert write_zip(tmp_path / "2.zip", list(reversed(members))) == first
    with zipfile.ZipFile(tmp_path / "1.zip") as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["a/1.png", "b/1.txt", "b/2.txt"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.extra for i in infos} == {b""}
    assert infos[0].compress_type == zipfile.ZIP_STORED  # images are compressed already

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_zip(tmp_path / "3.zip", members)
    with zipfile.ZipFile(tmp_path / "3.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# -- incremental -------------------------------------------------------------------------------


def test_a_second_build_renders_nothing_and_writes_nothing(tmp_path: Path):
    path = make_project(tmp_path)
    first = run_build(path)
    # Listed before any stat: listing a folder moves its access time (relatime), once.
    paths = list(first.folder.rglob("*"))
    stats = {p: p.stat() for p in paths}
    second = run_build(path)
    assert second.status == "unchanged"
    assert second.rendered == ()
    assert second.cached == second.cards == first.cards == 2
    assert {p: p.stat() for p in first.folder.rglob("*")} == stats


def test_changing_one_quote_renders_only_its_cards_and_removes_the_old_ones(tmp_path: Path):
    path = make_project(tmp_path, 'top = 3\nformat = ["square", "og"]')
    first = run_build(path)
    before = manifest_of(first.folder)
    old = "a collapse is a funeral."
    source = tmp_path / SAMPLE.name
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, "a collapse is a funeral for a whole town."), "utf-8")

    second = run_build(path)
    after = manifest_of(second.folder)
    was = {a["quote_id"] for a in before["assets"]}
    now = {a["quote_id"] for a in after["assets"]}
    assert now - was and was - now, "the edit should have changed one pick"
    new_assets = {a["path"] for a in after["assets"] if a["quote_id"] in now - was}
    gone_assets = {a["path"] for a in before["assets"] if a["quote_id"] in was - now}
    assert set(second.rendered) == new_assets
    assert gone_assets <= set(second.changes.removed)
    for name in gone_assets:
        assert not (second.folder / name).exists()
    kept = {a["path"]: a["sha256"] for a in after["assets"] if a["quote_id"] in now & was}
    assert kept and all(sha((second.folder / p).read_bytes()) == h for p, h in kept.items())


def test_prune_keeps_exactly_the_cache_the_current_bundle_needs(tmp_path: Path):
    path = make_project(tmp_path, 'top = 2\nformat = ["square"]')
    cards = tmp_path / "output" / ".cache" / "cards"
    run_build(path)
    path.write_text(path.read_text("utf-8").replace('"square"', '"og"'), "utf-8")
    kept = run_build(path)  # without prune the square cards stay cached
    assert len({p.name.partition(".")[0] for p in cards.iterdir()}) == 4

    cache = cards.parent
    before = {p for p in cache.rglob("*") if p.is_file()}
    pruned = quotecards("build", "--prune", "--json", cwd=tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    gone = before - {p for p in cache.rglob("*") if p.is_file()}
    # The two square cards (image, thumbnail, record each), and the old contact sheet, page
    # and zip record.
    assert len([p for p in gone if p.parent == cards]) == 6
    assert {p.parent.name for p in gone} == {"cards", "sheets", "pages", "zips"}
    summary = json.loads(pruned.stdout)
    assert summary["pruned"]["files"] == len(gone)
    assert f"pruned {len(gone)} cache files" in pruned.stderr
    keys = {p.name.partition(".")[0] for p in cards.iterdir()}
    assert len(keys) == 2 and all(len(list(cards.glob(f"{k}.*"))) == 3 for k in keys)
    again = run_build(path, prune=True)
    assert again.status == "unchanged" and again.rendered == () and again.pruned == (0, 0)
    assert files_of(again.folder) == files_of(kept.folder)


def test_a_failed_build_prunes_nothing(tmp_path: Path):
    path = make_project(tmp_path)
    run_build(path)
    cache = tmp_path / "output" / ".cache"
    before = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
    (tmp_path / SAMPLE.name).write_text("", encoding="utf-8")
    with pytest.raises(QuotecardsError):
        run_build(path, prune=True)
    after = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
    assert set(before) <= set(after)


def test_choosing_another_quote_by_id_renders_only_its_cards(tmp_path: Path):
    from quotecards.ingest import read_source
    from quotecards.selector import select

    a, b, c = (pick.id for pick in select(read_source(SAMPLE), top=3).picks)
    path = make_project(tmp_path)
    path.write_text(f'[[source]]\npath = "{SAMPLE.name}"\nids = ["{a}", "{b}"]\n', "utf-8")
    first = run_build(path)
    before = manifest_of(first.folder)["assets"]
    assert [x["quote_id"] for x in before] == [a, b]
    assert len(first.rendered) == 2

    path.write_text(path.read_text(encoding="utf-8").replace(b, c), encoding="utf-8")
    second = run_build(path)
    after = manifest_of(second.folder)["assets"]
    assert [x["quote_id"] for x in after] == [a, c]
    assert second.rendered == (after[1]["path"],)
    assert before[1]["path"] in second.changes.removed
    assert not (second.folder / before[1]["path"]).exists()


def test_a_quote_id_that_is_not_in_the_source_is_an_error(tmp_path: Path):
    path = make_project(tmp_path)
    path.write_text(f'[[source]]\npath = "{SAMPLE.name}"\nids = ["q0000000000"]\n', "utf-8")
    with pytest.raises(
        QuotecardsError, match=r"bridge-inspector.txt: no quote with id q0000000000"
    ):
        run_build(path)


# -- --check -----------------------------------------------------------------------------------


def test_check_fails_on_a_stale_bundle_and_passes_on_a_fresh_one(tmp_path: Path):
    path = make_project(tmp_path)
    built = quotecards("build", "--jobs", "1", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    fresh = quotecards("build", "--check", cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout == ""
    assert "is up to date" in fresh.stderr

    folder = tmp_path / "output" / "cards"
    before = files_of(folder)
    path.write_text(path.read_text().replace('["square"]', '["square", "og"]'), "utf-8")
    stale = quotecards("build", "--check", "--jobs", "1", cwd=tmp_path)
    assert stale.returncode == 1, stale.stderr
    lines = stale.stdout.splitlines()
    assert sum(1 for line in lines if re.fullmatch(r"\+ .*/og--classic\.png", line)) == 2
    assert "~ manifest.json" in lines and "~ cards.zip" in lines
    assert "is stale" in stale.stderr
    assert files_of(folder) == before  # a check changes nothing

    assert quotecards("build", cwd=tmp_path).returncode == 0
    assert quotecards("build", "--check", cwd=tmp_path).returncode == 0


def test_check_notices_a_file_changed_in_the_bundle_and_a_build_restores_it(tmp_path: Path):
    path = make_project(tmp_path)
    result = run_build(path)
    index = result.folder / "index.html"
    index.write_text("<p>edited by hand</p>", encoding="utf-8")
    (result.folder / "stray.txt").write_text("not from the build", encoding="utf-8")
    check = run_build(path, check=True)
    assert check.status == "stale" and check.exit_status == 1
    assert check.changes.changed == ("index.html",)
    assert check.changes.removed == ("stray.txt",)
    assert run_build(path).status == "built"
    assert "edited by hand" not in index.read_text(encoding="utf-8")
    assert not (result.folder / "stray.txt").exists()
    assert run_build(path, check=True).status == "fresh"


# -- safe --------------------------------------------------------------------------------------

# Runs a build in a child process and kills it (SIGKILL: no cleanup of any kind) at a chosen
# point: after the first card is rendered, or while the new bundle is being written aside.
KILLED_BUILD = """
import os, signal, sys
from quotecards.bundle import build as b
from quotecards.bundle.project import load_project

def die(*_):
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[2] == "staging":
    b.write_zip = die
b.build(load_project(sys.argv[1]), jobs=1, progress=die if sys.argv[2] == "rendering" else None)
"""


@pytest.mark.parametrize("moment", ["rendering", "staging"])
def test_a_build_killed_halfway_leaves_the_previous_bundle_intact(tmp_path: Path, moment: str):
    path = make_project(tmp_path)
    folder = run_build(path).folder
    before = files_of(folder)
    path.write_text(path.read_text().replace('["square"]', '["square", "og"]'), "utf-8")

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(path), moment],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert_intact(folder, before)
    leftovers = list(folder.parent.glob(".cards.tmp-*"))
    assert bool(leftovers) == (moment == "staging")

    result = run_build(path)
    assert result.status == "built"
    assert not list(folder.parent.glob(".cards.*"))
    assert len(manifest_of(folder)["assets"]) == 4
    # The card written just before the kill was never recorded; it is not left lying about.
    cached = {p.name for p in (folder.parent / ".cache" / "cards").iterdir()}
    keys = {name.removesuffix(".json") for name in cached if name.endswith(".json")}
    assert {name.partition(".")[0] for name in cached} == keys


# An interview one of whose quotes has a character that no vendored font draws.
UNDRAWABLE = """\
Dana Reyes: Thanks for joining us. What do inspectors look for first?
Ada Brightwater: Rust tells the truth long before the engineers do.
Dana Reyes: And the mark painted on your hard hat?
Ada Brightwater: The eye \U00013080 watches every bridge we sign off.
"""


def test_a_failing_card_fails_the_build_and_keep_going_bundles_the_rest(tmp_path: Path):
    path = make_project(tmp_path)
    folder = run_build(path).folder
    before = files_of(folder)
    (tmp_path / "talk.txt").write_text(UNDRAWABLE, encoding="utf-8")
    path.write_text(path.read_text().replace('"]', '", "talk.txt"]', 1), "utf-8")

    failed = quotecards("build", "--jobs", "1", cwd=tmp_path)
    assert failed.returncode == 1
    assert re.search(
        r"error: talk.txt: q\w+ in square/classic: no vendored font has U\+13080", failed.stderr
    )
    assert "not replaced" in failed.stderr
    assert_intact(folder, before)

    kept = quotecards("build", "--jobs", "1", "--keep-going", "--json", cwd=tmp_path)
    assert kept.returncode == 1
    summary = json.loads(kept.stdout)
    assert summary["status"] == "built"
    assert [f["source"] for f in summary["failed"]] == ["talk.txt"]
    data = manifest_of(folder)
    assert [a["quote"] for a in data["assets"] if a["source"] == "talk.txt"] == [
        "Rust tells the truth long before the engineers do."
    ]
    assert len(data["assets"]) == 3
    assert data["failed"] == summary["failed"]


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path):
    path = make_project(tmp_path)
    with (
        swap.locked(tmp_path / "output" / ".cache"),
        pytest.raises(QuotecardsError, match="another quotecards build"),
    ):
        run_build(path)


def test_a_new_bundle_is_swapped_in_whole(tmp_path: Path):
    old, new = tmp_path / "bundle", tmp_path / "new"
    old.mkdir()
    (old / "a").write_text("old")
    (old / "manifest.json").write_text("{}")
    new.mkdir()
    (new / "a").write_text("new")
    swap.swap(new, old)
    assert (old / "a").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


# -- what is in the bundle ---------------------------------------------------------------------


def test_the_manifest_describes_every_asset_and_has_no_absolute_paths(tmp_path: Path):
    from PIL import Image

    path = make_project(tmp_path, 'top = 2\nformat = ["square", "og"]\ntheme = "classic"')
    text = path.read_text().replace(f'["{SAMPLE.name}"]', f'["{SAMPLE.name}", "{ARTICLE}"]')
    path.write_text(text, encoding="utf-8")
    result = run_build(path)
    folder = result.folder
    raw = (folder / "manifest.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert str(tmp_path) not in raw
    assert not any(text.startswith("/") for text in strings_in(data))
    assert data["schema"] == "quotecards.bundle/1"
    assert data["generator"]["name"] == "quotecards" and data["generator"]["version"]
    assert data["renderer"]["name"] == "pillow" and "Pillow" in data["renderer"]["version"]
    assert [s["folder"] for s in data["sources"]] == ["bridge-inspector", "flood-barrier"]
    assert len(data["assets"]) == 8
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*.png")} == {
        a["path"] for a in data["assets"]
    }
    for asset in data["assets"]:
        image = folder / asset["path"]
        assert sha(image.read_bytes()) == asset["sha256"]
        assert image.stat().st_size == asset["bytes"]
        with Image.open(image) as opened:
            assert opened.size == (asset["width"], asset["height"])
        assert (folder / asset["alt_path"]).read_text(encoding="utf-8") == asset["alt"] + "\n"
        assert asset["quote"] in asset["alt"]
        source = (path.parent / asset["source"]).resolve()
        spans = tuple(Span(start, end) for start, end in asset["spans"])
        verify(asset["quote"], spans, source.read_text("utf-8"))
        assert asset["format"] in ("square", "og") and asset["theme"] == "classic"
        assert asset["renderer"] == "pillow" and asset["image"] == "png"
    article_assets = [a for a in data["assets"] if a["source"].endswith(ARTICLE.name)]
    assert {a["speaker"] for a in article_assets} <= {"Priya Raman", "Harold Beck"}

    with zipfile.ZipFile(folder / "cards.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert set(names) == {f"cards/{n}" for n in files_of(folder) if n != "cards.zip"}
        assert archive.read("cards/manifest.json") == raw.encode("utf-8")
    with Image.open(folder / "contact-sheet.jpg") as sheet:
        assert sheet.format == "JPEG" and sheet.width > 600


# -- the project file --------------------------------------------------------------------------


PROJECT_ERRORS = [
    (
        'sources = ["x.txt"]\ntop = 2\nfromat = "square"\n',
        r":3: fromat: unknown key; did you mean 'format'\?",
    ),
    ('sources = ["x.txt"]\n\ntop = 0\n', r":3: top: expected a whole number of 1 or more, got 0"),
    ('sources = ["x.txt"]\ntop = true\n', r":2: top: expected a whole number"),
    ('sources = ["x.txt"]\nformat = ["square", "sqare"]\n', r":2: format: unknown format 'sqare'"),
    ('sources = ["x.txt"]\ntheme = "gothic"\n', r":2: theme: unknown theme 'gothic'"),
    ('sources = ["x.txt"]\nrenderer = "gpu"\n', r":2: renderer: 'gpu' is not one of pillow, html"),
    ('sources = ["x.txt"]\nscale = 2\n', r":2: scale: only renderer = \"html\" draws at 2x"),
    ('sources = ["x.txt"]\nimage = "gif"\n', r":2: image: 'gif' is not one of png, jpeg, webp"),
    ('sources = ["x.txt"]\nbrand = "none.toml"\n', r":2: brand: no such file 'none.toml'"),
    ('sources = ["x.txt"]\nbundle = "../up"\n', r":2: bundle: '../up' is not a folder name"),
    ('sources = ["*.vtt"]\n', r":1: sources: '\*.vtt' matches no file"),
    ('sources = ["missing.txt"]\n', r":1: sources: no such file 'missing.txt'"),
    (
        '[[source]]\npath = "x.txt"\n\n[[source]]\npath = "x.txt"\nids = ["q12"]\n',
        r":6: \[\[source\]\] ids: 'q12' is not a quote id",
    ),
    (
        '[[source]]\npath = "x.txt"\nrole = "CTO"\nspeaker = "Ada"\n',
        r":4: \[\[source\]\] speaker: unknown key",
    ),
    (
        '[[source]]\npath = "x.txt"\ntop = 2\nids = ["q0123456789"]\n',
        r":4: \[\[source\]\] ids: give one of top, ids or review",
    ),
    (
        '[[source]]\npath = "x.txt"\n[[source]]\npath = "*.txt"\n',
        r":4: \[\[source\]\] path: x.txt is already set by \[\[source\]\] number 1",
    ),
    ('sources = ["x.txt"]\n[build]\njobs = 2\n', r":2: build: unknown key"),
    ("top = 3\n", r"sources: no sources"),
    ('sources = ["x.txt"]\ntop = = 3\n', r":2: not valid TOML: Invalid value"),
]


@pytest.mark.parametrize(("text", "expected"), PROJECT_ERRORS)
def test_project_errors_name_the_file_the_line_and_the_key(
    tmp_path: Path, text: str, expected: str
):
    (tmp_path / "x.txt").write_text("A: words\n", encoding="utf-8")
    path = tmp_path / "quotecards.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as error:
        load_project(path)
    assert str(error.value).startswith(str(path))
    assert re.search(expected, str(error.value)), str(error.value)


def test_a_project_error_is_one_line_and_exit_status_2(tmp_path: Path):
    make_project(tmp_path, "top = -1")
    result = quotecards("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "quotecards: error: quotecards.toml:2: top: expected a whole number of 1 or more, got -1\n"
    )
    missing = quotecards("build", "elsewhere.toml", cwd=tmp_path)
    assert missing.returncode == 2 and "no such project file" in missing.stderr


def test_source_tables_override_the_defaults_for_their_files(tmp_path: Path):
    (tmp_path / "a").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "a" / "interview.txt")
    (tmp_path / "b").mkdir()
    shutil.copyfile(ARTICLE, tmp_path / "b" / "interview.txt")
    path = tmp_path / "quotecards.toml"
    path.write_text(
        'sources = ["*/*.txt"]\ntop = 1\nrole = "Guest"\n\n'
        '[[source]]\npath = "b/interview.txt"\ntop = 2\nrole = "Chief AI scientist"\n',
        encoding="utf-8",
    )
    project = load_project(path)
    assert [(s.label, s.top, s.role) for s in project.sources] == [
        ("a/interview.txt", 1, "Guest"),
        ("b/interview.txt", 2, "Chief AI scientist"),
    ]
    data = manifest_of(run_build(path).folder)
    # Two sources with one file name get folders named after their whole paths.
    assert [s["folder"] for s in data["sources"]] == ["a--interview-txt", "b--interview-txt"]
    roles = ["Guest", "Chief AI scientist", "Chief AI scientist"]
    assert [a["role"] for a in data["assets"]] == roles


def test_a_recursive_glob_never_reads_the_bundle_itself(tmp_path: Path):
    path = make_project(tmp_path)
    path.write_text(path.read_text().replace(f'["{SAMPLE.name}"]', '["**/*.txt"]'), "utf-8")
    assert run_build(path).status == "built"
    assert [s.label for s in load_project(path).sources] == [SAMPLE.name]
    assert run_build(path).status == "unchanged"


# -- init --------------------------------------------------------------------------------------


def test_init_writes_a_project_that_builds_without_editing(tmp_path: Path):
    shutil.copyfile(SAMPLE, tmp_path / SAMPLE.name)
    shutil.copyfile(ARTICLE, tmp_path / "flood [2023].txt")
    (tmp_path / "README.md").write_text("# Interviews\n\nNotes for the desk.\n", "utf-8")
    init = quotecards("init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    text = (tmp_path / "quotecards.toml").read_text(encoding="utf-8")
    assert '"bridge-inspector.txt"' in text and '"flood [[]2023].txt"' in text
    assert re.search(r"^# Left out, .*: README\.md$", text, re.MULTILINE)

    built = quotecards("build", "--jobs", "1", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    data = manifest_of(tmp_path / "output" / "cards")
    assert [s["path"] for s in data["sources"]] == ["bridge-inspector.txt", "flood [2023].txt"]
    assert len(data["assets"]) == 6  # three quotes of each, one square card each

    again = quotecards("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "quotecards.toml").read_text(encoding="utf-8") == text


def test_init_offers_word_files_web_pages_and_podcast_transcripts(tmp_path: Path):
    corpus = Path(__file__).resolve().parent / "corpus"
    for name in ("docx-qa-bold.docx", "web-ferry-drills.html", "podcast-seed-bank.json"):
        shutil.copyfile(corpus / name, tmp_path / name)
    init = quotecards("init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    text = (tmp_path / "quotecards.toml").read_text(encoding="utf-8")
    for name in ("docx-qa-bold.docx", "web-ferry-drills.html", "podcast-seed-bank.json"):
        assert f'    "{name}",' in text, text
    built = quotecards("build", "--jobs", "1", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    sources = [s["path"] for s in manifest_of(tmp_path / "output" / "cards")["sources"]]
    assert sources == ["docx-qa-bold.docx", "podcast-seed-bank.json", "web-ferry-drills.html"]


def test_init_in_a_folder_without_transcripts_is_an_error(tmp_path: Path):
    result = quotecards("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "no transcripts here" in result.stderr
    assert not (tmp_path / "quotecards.toml").exists()


def test_help_does_not_import_the_build():
    code = (
        "import sys; from quotecards.bundle.commands import add_build_commands; "
        "import argparse; p = argparse.ArgumentParser(); add_build_commands(p.add_subparsers()); "
        "print(sorted(m for m in sys.modules if m.startswith(('quotecards.bundle.build', 'PIL', "
        "'jinja2', 'playwright', 'quotecards.render'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_the_example_project_is_valid():
    project = load_project(ROOT / "examples" / "quotecards.toml")
    assert [s.label for s in project.sources] == [
        "../quotecards/samples/bridge-inspector.txt",
        "../quotecards/samples/flood-barrier.txt",
    ]
    assert project.sources[0].role == "Chief bridge inspector"
    assert [f.name for f in project.formats] == ["square", "story", "og"]
    assert project.folder.resolve() == ROOT / "output" / "sample"


def test_build_renders_exactly_the_approved_quotes_of_a_review_file(tmp_path: Path):
    from quotecards.review.sync import write_review

    source = tmp_path / "interview.txt"
    source.write_bytes(SAMPLE.read_bytes())
    review_path, _ = write_review(source, top=5)
    text = review_path.read_text(encoding="utf-8")
    ids = re.findall(r'^id = "(q[0-9a-f]{10})"', text, flags=re.M)
    approved = ids[:2]
    # An editor approves two quotes by hand and rejects a third.
    for quote_id, status in (
        (approved[0], "approved"),
        (approved[1], "approved"),
        (ids[2], "rejected"),
    ):
        text = text.replace(
            f'id = "{quote_id}"\nstatus = "proposed"', f'id = "{quote_id}"\nstatus = "{status}"'
        )
    review_path.write_text(text, encoding="utf-8")
    project = tmp_path / "quotecards.toml"
    project.write_text(
        'format = "square"\ntheme = "classic"\njobs = 1\n\n'
        f'[[source]]\npath = "interview.txt"\nreview = "{review_path.name}"\n',
        encoding="utf-8",
    )
    result = build(load_project(project), jobs=1)
    assert result.exit_status == 0
    manifests = list((tmp_path / "output").glob("*/manifest.json"))
    manifest = json.loads(manifests[0].read_text(encoding="utf-8"))
    assert sorted({asset["quote_id"] for asset in manifest["assets"]}) == sorted(approved)


def test_build_makes_each_approved_quote_in_the_formats_and_themes_its_editor_chose(
    tmp_path: Path,
):
    from quotecards.review.sync import write_review

    source = tmp_path / "interview.txt"
    source.write_bytes(SAMPLE.read_bytes())
    review_path, _ = write_review(source, top=3)
    text = review_path.read_text(encoding="utf-8")
    first, second = re.findall(r'^id = "(q[0-9a-f]{10})"', text, flags=re.M)[:2]
    for quote_id in (first, second):
        text = text.replace(
            f'id = "{quote_id}"\nstatus = "proposed"', f'id = "{quote_id}"\nstatus = "approved"'
        )
    # The editor picks a story card in two themes for the first quote, as the review page does.
    block = text.index(f'id = "{first}"')
    end = text.find("[[quote]]", block)
    chosen = text[block:end].replace('themes = ["classic"]', 'themes = ["bold", "midnight"]')
    chosen = chosen.replace('formats = ["square"]', 'formats = ["story"]')
    review_path.write_text(text[:block] + chosen + text[end:], encoding="utf-8")
    project = tmp_path / "quotecards.toml"
    project.write_text(
        'format = "og"\ntheme = "classic"\n\n'
        f'[[source]]\npath = "interview.txt"\nreview = "{review_path.name}"\n',
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.exit_status == 0
    looks = {(a["quote_id"], a["format"], a["theme"]) for a in manifest_of(result.folder)["assets"]}
    # The second quote was left as written: the review file's defaults, square and classic.
    assert looks == {
        (first, "story", "bold"),
        (first, "story", "midnight"),
        (second, "square", "classic"),
    }

    text = review_path.read_text(encoding="utf-8").replace('"midnight"', '"gothic"')
    review_path.write_text(text, encoding="utf-8")
    refused = quotecards("build", cwd=tmp_path)
    assert refused.returncode == 2
    assert f"{review_path.name}" in refused.stderr and "gothic" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_html_build_of_two_sources_paints_them_in_one_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from PIL import Image

    from quotecards.render.browser import PagePool

    launches: list[PagePool] = []
    real_start = PagePool.start

    async def counted_start(self: PagePool) -> None:
        launches.append(self)  # a spy: the real browser still launches and paints
        await real_start(self)

    monkeypatch.setattr(PagePool, "start", counted_start)
    for name, text in (("a", SAMPLE), ("b", ARTICLE)):
        (tmp_path / name).mkdir()
        shutil.copyfile(text, tmp_path / name / "interview.txt")
    path = tmp_path / "quotecards.toml"
    path.write_text(
        'sources = ["*/*.txt"]\ntop = 1\nformat = ["og"]\nrenderer = "html"\n', encoding="utf-8"
    )
    result = run_build(path)
    assert len(launches) == 1
    data = manifest_of(result.folder)
    assert len(data["assets"]) == 2
    for asset in data["assets"]:
        with Image.open(result.folder / asset["path"]) as image:
            assert image.size == (1200, 630)
