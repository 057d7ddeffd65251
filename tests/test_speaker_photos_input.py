"""A speaker's photo as an input: ``render --photo``, and ``photo`` in a project or review file's
``[speakers."Name"]`` table.  A photo that cannot be used is one line naming the file, before
any card is made; the photo's bytes (not its name or date) and its focus are part of a card's
cache key; the manifest records which photo each card was made with."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from quotecards.bundle.build import build
from quotecards.bundle.project import load_project
from quotecards.fonts import FontBook
from quotecards.formats import get_format
from quotecards.identity import Profile, with_photo
from quotecards.images import MIN_PHOTO_SIDE
from quotecards.review.sync import write_review
from quotecards.themes import load_themes
from quotecards.typeset import CardText, typeset
from quotecards.typeset.layout import SpeakerPhoto
from tests.cli_runner import quotecards
from tests.conftest import SAMPLE

TWO_VOICES = """\
Ana Brasa: Maintenance is invisible. Nobody cuts a ribbon when you replace a bearing.
Tom Archer: A closure is an inconvenience; a collapse is a funeral.
Ana Brasa: Rust doesn't read the calendar, and neither does a flood.
Tom Archer: Nothing comes out of nowhere. It came out of a budget meeting.
"""


def portrait(path: Path, size: tuple[int, int] = (600, 800), colour=(180, 120, 90)) -> Path:
    """A photo-like image: a face-coloured oval on a backdrop, so that a crop shows where it
    fell."""
    from PIL import ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (40, 60, 80))
    w, h = size
    ImageDraw.Draw(image).ellipse((w * 0.3, h * 0.15, w * 0.7, h * 0.45), fill=colour)
    image.save(path, quality=90)
    return path


def project(folder: Path, settings: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, folder / "bridge.txt")
    path = folder / "quotecards.toml"
    path.write_text(
        f'sources = ["bridge.txt"]\ntop = 1\nformat = "square"\n{settings}\n', encoding="utf-8"
    )
    return path


PROFILE = '[speakers."Marisol Vega"]\nphoto = "people/vega.jpg"\nfocus = [0.5, 0.3]\n'


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "output" / "cards" / "manifest.json").read_text("utf-8"))


# -- one line, before any card -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (None, "--photo: {name}: no such file; give the path of the speaker's photo"),
        (
            "small",
            f"is too small for a card's photo, which would be blurred; use a photo at "
            f"least {MIN_PHOTO_SIDE} pixels on its shorter side",
        ),
        ("text", "--photo: {name}: not an image Pillow can read; give a PNG, JPEG or WebP"),
        ("empty", "--photo: {name}: the file is empty; give a PNG, JPEG or WebP image"),
        ("folder", "--photo: {name}: is a folder; give the path of the speaker's photo"),
    ],
    ids=["missing", "too-small", "not-an-image", "empty", "folder"],
)
def test_a_photo_that_cannot_be_used_is_one_line_naming_it_and_nothing_is_rendered(
    tmp_path: Path, make: str | None, said: str
) -> None:
    photo = tmp_path / "lecun.jpg"
    if make == "small":
        portrait(photo, (520, 380))
    elif make == "text":
        photo.write_text("not a photo", encoding="utf-8")
    elif make == "empty":
        photo.write_bytes(b"")
    elif make == "folder":
        photo.mkdir()
    out = tmp_path / "cards"
    done = quotecards("render", str(SAMPLE), "--top", "1", "--photo", str(photo), "--out", str(out))
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()  # said before the source is even read
    assert line.startswith("quotecards: error: --photo: "), line
    assert str(photo) in line
    assert said.format(name=photo) in line
    assert not out.exists()


def test_a_focus_outside_the_photo_is_refused_with_the_range(tmp_path: Path) -> None:
    photo = portrait(tmp_path / "vega.jpg")
    done = quotecards("render", str(SAMPLE), "--photo", str(photo), "--focus", "1.2,0.3")
    assert done.returncode == 2
    assert "argument --focus: '1.2,0.3': give two numbers from 0 to 1" in done.stderr
    done = quotecards("render", str(SAMPLE), "--focus", "0.5,0.3", "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "quotecards: error: --focus is the point of --photo to keep in view; give --photo"
    )


def test_a_missing_photo_in_the_project_file_stops_the_build_before_any_card(
    tmp_path: Path,
) -> None:
    project(tmp_path, PROFILE)  # people/vega.jpg is not there
    done = quotecards("build", cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line == (
        'quotecards: error: quotecards.toml:5: [speakers."Marisol Vega"] photo: people/vega.jpg: '
        "no such file; give the path of the speaker's photo (a JPEG, PNG or WebP file)"
    )
    assert not (tmp_path / "output").exists()


def test_a_photo_outside_the_project_is_refused(tmp_path: Path) -> None:
    portrait(tmp_path / "elsewhere" / "vega.jpg")
    project(tmp_path / "work", PROFILE.replace("people/vega.jpg", "../elsewhere/vega.jpg"))
    done = quotecards("build", cwd=tmp_path / "work")
    assert done.returncode == 2
    assert "'../elsewhere/vega.jpg' is outside the project" in done.stderr


def test_a_too_small_photo_in_a_review_file_stops_render_before_any_card(tmp_path: Path) -> None:
    source = tmp_path / "bridge.txt"
    shutil.copyfile(SAMPLE, source)
    (tmp_path / ".git").mkdir()
    portrait(tmp_path / "people" / "vega.jpg", (300, 300))
    path, _ = write_review(source, top=2)
    text = path.read_text("utf-8").replace('status = "proposed"', 'status = "approved"', 1)
    path.write_text(text.replace('formats = ["square"]\n', f'formats = ["square"]\n{PROFILE}', 1))
    out = tmp_path / "cards"
    done = quotecards("render", str(path), "--out", str(out))
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f'quotecards: error: {path}: [speakers."Marisol Vega"] photo: '), line
    assert "people/vega.jpg: 300x300 pixels is too small for a card's photo" in line
    assert not out.exists()


# -- whose photo -------------------------------------------------------------------------------


def test_photo_goes_to_the_top_quotes_speaker_and_never_on_another_speakers_words(
    tmp_path: Path,
) -> None:
    photo = portrait(tmp_path / "brasa.jpg")
    people, notes = with_photo((), photo, (0.4, 0.2), ["Ana Brasa", "Tom Archer", "Ana Brasa"])
    assert people == (("Ana Brasa", Profile("", photo, (0.4, 0.2))),)
    assert notes and "the cards of Tom Archer have no photo" in notes[0]

    transcript = tmp_path / "talk.txt"
    transcript.write_text(TWO_VOICES, encoding="utf-8")
    done = quotecards(
        *("render", str(transcript), "--top", "4", "--photo", str(photo)),
        *("--out", str(tmp_path / "cards"), "--jobs", "1"),
    )
    assert done.returncode == 0, done.stderr
    assert (
        "quotecards: note: --photo is Ana Brasa's (the speaker of the top quote); the cards of "
        "Tom Archer have no photo" in done.stderr
    )
    assert len(list((tmp_path / "cards").glob("*.png"))) == 4  # and every card is made


# -- the cache key and the manifest ------------------------------------------------------------


def test_new_photo_bytes_under_the_same_name_render_the_card_again(tmp_path: Path) -> None:
    photo = portrait(tmp_path / "people" / "vega.jpg")
    path = project(tmp_path, PROFILE)
    first = build(load_project(path), jobs=1)
    assert len(first.rendered) == 1
    before = manifest_of(tmp_path)["assets"][0]["photo"]
    assert before == {
        "file": "vega.jpg",
        "sha256": hashlib.sha256(photo.read_bytes()).hexdigest(),
        "focus": [0.5, 0.3],
    }
    # Touched, same bytes: still the same card.
    os.utime(photo, (1_000_000, 1_000_000))
    assert build(load_project(path), jobs=1).rendered == ()
    # Another picture under the same name: the card is made again, and the manifest says so.
    portrait(photo, colour=(90, 160, 200))
    again = build(load_project(path), jobs=1)
    assert len(again.rendered) == 1
    after = manifest_of(tmp_path)["assets"][0]["photo"]
    assert after["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest() != before["sha256"]


@pytest.mark.parametrize(
    "change",
    [
        ("focus = [0.5, 0.3]", "focus = [0.5, 0.6]"),
        ('handle = "@courier"', 'handle = "@courier_news"'),
        ('publication = "The Courier"', 'publication = "The Evening Courier"'),
        ('source_line = "From our interview"', 'source_line = "From our podcast"'),
    ],
    ids=["focus", "handle", "publication", "source-line"],
)
def test_focus_publication_handle_and_source_line_are_part_of_the_cache_key(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    portrait(tmp_path / "people" / "vega.jpg")
    settings = (
        'publication = "The Courier"\nhandle = "@courier"\nsource_line = "From our interview"\n'
        + PROFILE
    )
    path = project(tmp_path, settings)
    build(load_project(path), jobs=1)
    assert build(load_project(path), jobs=1).rendered == ()
    path.write_text(path.read_text("utf-8").replace(*change), encoding="utf-8")
    assert len(build(load_project(path), jobs=1).rendered) == 1


def test_a_card_without_a_photo_has_no_photo_in_the_manifest(tmp_path: Path) -> None:
    build(load_project(project(tmp_path)), jobs=1)
    assert "photo" not in manifest_of(tmp_path)["assets"][0]


def test_a_card_that_shows_the_photo_changes_when_its_bytes_do(tmp_path: Path) -> None:
    """Pixels, for the themes that draw the speaker's photo (none did before issue 13's headshot
    layout; the test waits for one)."""
    first = portrait(tmp_path / "a" / "vega.jpg")
    card = CardText(
        "Rust doesn\u2019t read the calendar.", "Marisol Vega", photo=SpeakerPhoto(first)
    )
    book = FontBook.default()
    fmt = get_format("square")
    showing = [t for t in load_themes() if typeset(card, fmt, t, book).photos]
    if not showing:
        pytest.skip("no theme draws the speaker's photo yet")
    theme = showing[0]
    path = project(tmp_path / "a", f'theme = "{theme.name}"\n{PROFILE}'.replace("people/", ""))
    build(load_project(path), jobs=1)
    (image,) = (tmp_path / "a" / "output" / "cards").rglob("*.png")
    old = image.read_bytes()
    portrait(first, colour=(90, 160, 200))
    assert len(build(load_project(path), jobs=1).rendered) == 1
    (image,) = (tmp_path / "a" / "output" / "cards").rglob("*.png")
    assert image.read_bytes() != old


def test_a_cluster_build_carries_the_publication_and_the_photo_like_a_local_one(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    settings = 'publication = "The Courier"\nhandle = "@courier"\n' + PROFILE
    zips = []
    for name, extra in (("here", ""), ("cluster", 'scheduler = "local:1"\n')):
        portrait(tmp_path / name / "people" / "vega.jpg")
        build(load_project(project(tmp_path / name, extra + settings)), jobs=1)
        zips.append((tmp_path / name / "output" / "cards" / "cards.zip").read_bytes())
    assert zips[0] == zips[1]
    alt = next((tmp_path / "cluster" / "output" / "cards").rglob("*.alt.txt")).read_text("utf-8")
    assert "Published by The Courier (@courier)." in alt
