"""Who a card is from, without a brand kit: the publication, its handle and a source line, set in
the project file, the review file and on the command line, reach the card; speakers' profiles
are read from the same ``speakers`` tables that name voices; and the footer shows the lockup as
a publication would (a logo stands for the name; a separator never opens or closes a line)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from quotecards.bundle.build import build
from quotecards.bundle.project import load_project
from quotecards.fonts import FontBook
from quotecards.formats import FORMATS, Format
from quotecards.identity import Identity, Profile, ProfileEntry
from quotecards.review.file import Review, dumps, parse
from quotecards.review.sync import write_review
from quotecards.themes import FOOTERS, ThemeError, get_theme, load_theme, load_themes
from quotecards.typeset import CardText, Layout, typeset
from quotecards.typeset.compose import SEPARATOR
from tests.cli_runner import quotecards
from tests.conftest import ROOT, SAMPLE

BOOK = FontBook.default()
QUOTE = "Maintenance is invisible. Nobody cuts a ribbon when you replace a bearing."
LOGO = ROOT / "templates" / "logo.png"
CARDS = [(fmt, theme) for fmt in FORMATS for theme in load_themes()]
IDS = [f"{fmt.name}-{theme.name}" for fmt, theme in CARDS]


def portrait(path: Path, size: tuple[int, int] = (600, 800)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (180, 120, 90)).save(path)
    return path


def project(folder: Path, settings: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, folder / "bridge.txt")
    path = folder / "quotecards.toml"
    path.write_text(
        f'sources = ["bridge.txt"]\ntop = 1\nformat = "square"\n{settings}\n', encoding="utf-8"
    )
    return path


def alt_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.alt.txt"))]


# -- the project file --------------------------------------------------------------------------


def test_the_project_file_sets_publication_handle_and_source_line_and_a_source_table_wins(
    tmp_path: Path,
) -> None:
    path = project(
        tmp_path,
        'publication = "The Harbour Courier"\nhandle = "@harbourcourier"\n'
        'source_line = "From our interview, December 2026"\n\n'
        '[[source]]\npath = "bridge.txt"\nsource_line = "From our podcast, March 2026"\n',
    )
    (source,) = load_project(path).sources
    assert source.identity == Identity(
        "The Harbour Courier", "@harbourcourier", "From our podcast, March 2026"
    )
    build(load_project(path), jobs=1)
    (alt,) = alt_texts(tmp_path / "output" / "cards")
    assert "From our podcast, March 2026." in alt
    assert "Published by The Harbour Courier (@harbourcourier)." in alt


def test_a_brand_gives_the_defaults_and_the_project_file_overrides_them(tmp_path: Path) -> None:
    (tmp_path / "brand.toml").write_text(
        'name = "The Example Review"\nhandle = "@examplereview"\n', encoding="utf-8"
    )
    path = project(tmp_path, 'brand = "brand.toml"\nhandle = "@review_desk"')
    build(load_project(path), jobs=1)
    (alt,) = alt_texts(tmp_path / "output" / "cards")
    assert "Published by The Example Review (@review_desk)." in alt


def test_speaker_profiles_and_voice_names_share_the_speakers_table(tmp_path: Path) -> None:
    portrait(tmp_path / "people" / "vega.jpg")
    path = project(
        tmp_path,
        '[speakers]\n"Guest" = "Ana Brasa"\n\n'
        '[speakers."Marisol Vega"]\nphoto = "people/vega.jpg"\nrole = "Chief bridge inspector"\n'
        "focus = [0.5, 0.25]\n\n"
        '[[source]]\npath = "bridge.txt"\nspeakers = { "Host" = "Tom Archer", '
        '"Marisol Vega" = { role = "Chief inspector" } }\n',
    )
    (source,) = load_project(path).sources
    # Labels from both tables; the source's role over the top level's, the photo kept.
    assert dict(source.speakers) == {"Guest": "Ana Brasa", "Host": "Tom Archer"}
    assert dict(source.profiles)["Marisol Vega"] == Profile(
        "Chief inspector", (tmp_path / "people" / "vega.jpg").resolve(), (0.5, 0.25)
    )


def test_a_profile_role_fills_the_role_line_unless_a_role_is_given(tmp_path: Path) -> None:
    profile = '[speakers."Marisol Vega"]\nphoto = "vega.jpg"\nrole = "Chief bridge inspector"\n'
    for name, settings in (
        ("a", ""),
        ("b", profile),
        ("c", f'role = "Guest columnist"\n{profile}'),
    ):
        portrait(tmp_path / name / "vega.jpg")
        build(load_project(project(tmp_path / name, settings)), jobs=1)
    roles = [alt_texts(tmp_path / name / "output" / "cards")[0] for name in "abc"]
    assert "Marisol Vega." in roles[0]
    assert "Marisol Vega, Chief bridge inspector." in roles[1]
    assert "Marisol Vega, Guest columnist." in roles[2]


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        (
            '[speakers."Marisol Vega"]\nfoto = "vega.jpg"\n',
            "quotecards.toml:5: [speakers.\"Marisol Vega\"] foto: unknown key 'foto'; "
            "did you mean 'photo'?",
        ),
        (
            '[speakers."Marisol Vega"]\nfocus = [1.5, 0.3]\n',
            'quotecards.toml:5: [speakers."Marisol Vega"] focus: [1.5, 0.3]: give two numbers '
            "from 0 to 1",
        ),
        (
            'speakers = { "Marisol Vega" = "vega.jpg" }',
            'quotecards.toml:4: [speakers."Marisol Vega"]: "vega.jpg" is a name for the voice '
            "labelled 'Marisol Vega', not a photo; for a photo write a table",
        ),
        ('speakers = ["Marisol Vega"]', "quotecards.toml:4: speakers: expected a table"),
    ],
    ids=["unknown-key", "focus", "photo-as-a-name", "not-a-table"],
)
def test_a_mistake_in_a_speakers_table_is_one_line_naming_the_file_and_line(
    tmp_path: Path, settings: str, said: str
) -> None:
    project(tmp_path, settings)
    done = quotecards("build", cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"quotecards: error: {said}"), line
    assert not (tmp_path / "output" / "cards").exists()


def test_names_written_inline_beside_a_profile_table_are_told_how_to_write_them(
    tmp_path: Path,
) -> None:
    project(tmp_path, 'speakers = { "Guest" = "Ana Brasa" }\n[speakers."Marisol Vega"]\nrole = "X"')
    done = quotecards("build", cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("quotecards: error: quotecards.toml:5: not valid TOML"), line
    assert 'write the names under a [speakers] table ("Guest" = "Ana Brasa"), one a line' in line


# -- the review file ---------------------------------------------------------------------------


def test_a_review_file_keeps_publication_handle_source_line_and_profiles_as_written(
    tmp_path: Path,
) -> None:
    review = Review(
        source="bridge.txt",
        speakers=(("Speaker 1", "Ana Brasa"),),
        publication="The Harbour Courier",
        handle="@harbourcourier",
        source_line="From our interview, December 2026",
        profiles=(
            ProfileEntry("Marisol Vega", "people/vega.jpg", "Chief inspector", (0.5, 0.25)),
            ProfileEntry("Tom Archer", role="Host"),
        ),
    )
    text = dumps(review)
    assert '[speakers."Marisol Vega"]\nphoto = "people/vega.jpg"\n' in text
    assert '[speakers]\n"Speaker 1" = "Ana Brasa"\n' in text
    assert parse(text.encode("utf-8"), "x.quotes.toml") == review
    # A file with no profiles is written as before: the names inline, nothing new.
    plain = dumps(replace(review, profiles=(), publication="", handle="", source_line=""))
    assert 'speakers = { "Speaker 1" = "Ana Brasa" }' in plain
    assert "publication" not in plain and "[speakers" not in plain


def test_a_resync_keeps_what_the_editor_set_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "bridge.txt"
    shutil.copyfile(SAMPLE, source)
    path, _ = write_review(source, top=3)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'formats = ["square"]\n',
        'formats = ["square"]\npublication = "The Harbour Courier"\n'
        'source_line = "From our interview, December 2026"\n\n'
        '[speakers."Marisol Vega"]\nphoto = "people/vega.jpg"\nrole = "Chief inspector"\n'
        "focus = [0.4, 0.2]\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    write_review(source, top=3)
    again = path.read_text(encoding="utf-8")
    assert (
        '[speakers."Marisol Vega"]\nphoto = "people/vega.jpg"\nrole = "Chief inspector"\n' in again
    )
    assert "focus = [0.4, 0.2]\n" in again
    assert 'publication = "The Harbour Courier"\n' in again
    write_review(source, top=3)
    assert path.read_text(encoding="utf-8") == again


def _approved_review(folder: Path, header: str) -> Path:
    source = folder / "bridge.txt"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, source)
    (folder / ".git").mkdir()  # the project's root: the photo must be inside
    path, _ = write_review(source, top=2)
    text = path.read_text(encoding="utf-8")
    text = text.replace('status = "proposed"', 'status = "approved"', 1)
    text = text.replace('formats = ["square"]\n', f'formats = ["square"]\n{header}', 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_line_wins_over_the_review_file_which_wins_over_the_brand(
    tmp_path: Path,
) -> None:
    (tmp_path / "brand.toml").write_text(
        'name = "The Example Review"\nhandle = "@examplereview"\n', encoding="utf-8"
    )
    review = _approved_review(
        tmp_path,
        'publication = "The Harbour Courier"\nsource_line = "From our interview, December 2026"\n',
    )
    done = quotecards(
        *("render", str(review), "--brand", str(tmp_path / "brand.toml")),
        *("--source-line", "From the archive", "--out", str(tmp_path / "cards")),
    )
    assert done.returncode == 0, done.stderr
    (alt,) = alt_texts(tmp_path / "cards")
    assert "From the archive." in alt and "December 2026" not in alt
    assert "Published by The Harbour Courier (@examplereview)." in alt


def test_render_flags_reach_the_card_its_alt_text_and_its_lines(tmp_path: Path) -> None:
    done = quotecards(
        *("render", str(SAMPLE), "--top", "1", "--out", str(tmp_path)),
        *("--publication", "The Harbour Courier", "--handle", "@harbourcourier"),
        *("--source-line", "From our interview, December 2026"),
    )
    assert done.returncode == 0, done.stderr
    (card,) = tmp_path.glob("*.png")
    described = Image.open(card).text["Description"]
    assert "From our interview, December 2026." in described
    assert "Published by The Harbour Courier (@harbourcourier)." in described
    source, handle = "From our interview, December 2026", "@harbourcourier"
    card = CardText(QUOTE, "Marisol Vega", "", "The Harbour Courier", "q", source, handle)
    layout = typeset(card, FORMATS[0], get_theme("classic"), BOOK)
    assert [line.text for line in layout.lines_of("source")] == [
        "From our interview, December 2026"
    ]
    assert [line.text for line in layout.lines_of("publication")] == [
        "The Harbour Courier \u00b7 @harbourcourier"
    ]


# -- the footer --------------------------------------------------------------------------------

LONG_NAME = "The International Review of Civil Engineering and Architecture"
LONG_HANDLE = "@internationalreviewcivileng"  # X allows 15 characters, Instagram 30


def _footer_text(layout: Layout) -> list[str]:
    return [line.text for line in layout.lines_of("publication")]


def _inside(layout: Layout) -> bool:
    safe = layout.format.safe
    boxes = [line.ink for line in layout.lines_of("publication")]
    boxes += [layout.logo.box] if layout.logo is not None else []
    return all(
        safe.x - 1 <= b.x and b.right <= safe.right + 1 and b.y >= safe.y - 1
        and b.bottom <= safe.bottom + 1
        for b in boxes
    )  # fmt: skip


@pytest.mark.parametrize(("fmt", "theme"), CARDS, ids=IDS)
def test_beside_a_logo_the_footer_shows_the_handle_never_the_name_again(
    fmt: Format, theme: object
) -> None:
    for handle in ("@examplereview", LONG_HANDLE, ""):
        card = CardText(QUOTE, "Marisol Vega", "", "The Example Review", "q", handle=handle)
        layout = typeset(card, fmt, theme, BOOK, logo=LOGO)  # type: ignore[arg-type]
        lines = _footer_text(layout)
        assert layout.logo is not None
        assert not any("Example Review" in text for text in lines), lines
        assert "".join(lines).replace(" ", "") == handle
        assert _inside(layout)


@pytest.mark.parametrize(("fmt", "theme"), CARDS, ids=IDS)
def test_a_footer_that_must_wrap_breaks_at_the_separator_and_drops_it(
    fmt: Format, theme: object
) -> None:
    for name, handle in (
        ("The Example Review", "@examplereview"),
        (LONG_NAME, LONG_HANDLE),
        (LONG_NAME, ""),
    ):
        card = CardText(QUOTE, "Marisol Vega", "", name, "q", handle=handle)
        layout = typeset(card, fmt, theme, BOOK)  # type: ignore[arg-type]
        lines = _footer_text(layout)
        for text in lines:
            assert not text.startswith("\u00b7") and not text.endswith("\u00b7"), lines
        words = " ".join(lines).replace(SEPARATOR, " ").split()
        assert words == f"{name} {handle}".split(), lines
        assert _inside(layout)
    # The long pair cannot share a line on a square card: it is broken at the separator.
    square = typeset(CardText(QUOTE, "M", "", LONG_NAME, "q", handle=LONG_HANDLE),
                     FORMATS[0], get_theme("classic"), BOOK)  # fmt: skip
    assert _footer_text(square)[-1] == LONG_HANDLE
    assert all("\u00b7" not in text for text in _footer_text(square))


@pytest.mark.parametrize("corner", FOOTERS)
def test_a_theme_puts_the_lockup_in_the_corner_it_names(corner: str) -> None:
    theme = replace(get_theme("classic"), footer=corner)  # type: ignore[arg-type]
    card = CardText(QUOTE, "Marisol Vega", "", "The Example Review", "q", handle="@er")
    for fmt in FORMATS:
        layout = typeset(card, fmt, theme, BOOK, logo=LOGO)
        assert layout.logo is not None and _inside(layout)
        logo, text = layout.logo.box, layout.text_box
        content = fmt.safe.inset(*(theme.padding * fmt.short_side,) * 4)
        if corner.startswith("top"):
            assert logo.y == pytest.approx(content.y, abs=1) and logo.bottom < text.y
        else:
            assert logo.bottom == pytest.approx(content.bottom, abs=1) and logo.y > text.bottom
        (handle,) = layout.lines_of("publication")
        if corner.endswith("start"):
            assert logo.x == pytest.approx(content.x, abs=1)
        elif corner.endswith("end"):
            assert handle.x + handle.width == pytest.approx(content.right, abs=1)
        else:
            middle = (logo.x + handle.x + handle.width) / 2
            assert middle == pytest.approx(content.x + content.width / 2, abs=1)


def test_a_footer_corner_a_theme_cannot_have_is_one_line(tmp_path: Path) -> None:
    text = (ROOT / "templates" / "classic.toml").read_text(encoding="utf-8")
    path = tmp_path / "corner.toml"
    path.write_text(text.replace("[layout]", '[layout]\nfooter = "middle"'), encoding="utf-8")
    with pytest.raises(ThemeError, match=r"footer: 'middle' is not one of bottom-start"):
        load_theme(path)


def test_the_shipped_themes_keep_their_corners() -> None:
    assert {t.name: t.footer for t in load_themes()} == {
        "bold": "bottom-start",
        "classic": "bottom-start",
        "editorial": "top-center",  # a masthead
        "headshot": "bottom-start",
        "midnight": "bottom-center",
        "photo": "bottom-start",
    }
