"""The vendored fonts and the font service, on real fonts and real pixels."""

from __future__ import annotations

import hashlib
import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from quotecards import fonts
from quotecards.errors import QuotecardsError
from quotecards.fonts import FontBook, FontError, MissingGlyphError, Run

SIZE = 48


@pytest.fixture(scope="module")
def book() -> FontBook:
    return FontBook.default()


def render(book: FontBook, runs: tuple[Run, ...], size: int = SIZE) -> Image.Image:
    width = int(book.measure(runs, size)) + 40
    image = Image.new("RGB", (width, size * 2), "white")
    book.draw(image, (20, size * 1.4), runs, size, fill="black")
    return image


def ink_columns(image: Image.Image) -> tuple[int, int]:
    bbox = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    assert bbox, "nothing was drawn"
    return bbox[0], bbox[2]


def assert_every_char_has_a_glyph(book: FontBook, runs: tuple[Run, ...]) -> None:
    for run in runs:
        coverage = book.coverage(run.face)
        for char in run.text:
            if unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F:
                continue  # drawn as nothing by design: joiners, variation selectors
            assert char in coverage, f"{run.face.family} has no glyph for {char!r}"


def test_every_face_in_the_manifest_exists_and_opens(book: FontBook) -> None:
    assert len(book.faces()) >= 20
    for face in book.faces():
        font = book.font(face, 24)
        assert font.getbbox("A" if "A" in book.coverage(face) else "😀")[2] > 0, face.path


def test_each_family_ships_its_licence(book: FontBook) -> None:
    for family in book.families.values():
        text = family.licence.read_text(encoding="utf-8")
        assert "SIL Open Font License" in text, family.licence
        assert family.licence.parent == family.faces[0].path.parent


def test_the_manifest_names_a_text_serif_sans_display_face_and_the_fallbacks(
    book: FontBook,
) -> None:
    text = {name for name, family in book.families.items() if family.role == "text"}
    assert {"Source Serif 4", "Inter", "Playfair Display"} <= text
    assert book.fallback[-1] == "Noto Color Emoji"


def test_unknown_family_is_named_with_the_known_ones(book: FontBook) -> None:
    with pytest.raises(QuotecardsError, match=r"'Comic Sans'.*Source Serif 4.*Inter"):
        book.face("Comic Sans")


def test_face_picks_the_nearest_weight_and_the_asked_style(book: FontBook) -> None:
    assert book.face("Inter", 800).weight == 900
    assert book.face("Inter", 450).weight == 400
    assert (
        book.face("Source Serif 4", 600, italic=True).path.name == "SourceSerif4-SemiBoldItalic.ttf"
    )
    assert book.face("Inter", 700, italic=True).italic
    upright_only = book.face("Noto Sans Hebrew", 700, italic=True)
    assert (upright_only.weight, upright_only.italic) == (700, False)


def test_a_latin_quote_is_one_run_in_the_asked_face(book: FontBook) -> None:
    face = book.face("Source Serif 4")
    # Typographic apostrophes and quotes are what real quotes carry.
    quote = "We didn’t fail — we learned 1,000 ways “not” to build it, and that’s fine."
    assert book.runs(quote, face) == (Run(quote, face),)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # A serif face falls back to serif faces: Ming for Chinese and Japanese, serif Hebrew.
        ("机器学习很糟糕", "Noto Serif CJK SC"),
        ("機械学習", "Noto Serif CJK SC"),
        ("기계 학습", "Noto Sans CJK SC"),
        ("التعلم الآلي", "Noto Naskh Arabic"),
        ("למידת מכונה", "Noto Serif Hebrew"),
        ("🤖🔥", "Noto Color Emoji"),
        ("👩\u200d💻", "Noto Color Emoji"),
    ],
)
def test_other_scripts_fall_back_to_a_face_that_has_them_and_draw_ink(
    book: FontBook, text: str, family: str
) -> None:
    runs = book.runs(text, book.face("Source Serif 4"))
    assert [run.face.family for run in runs] == [family]
    assert runs[0].text == text, "spaces and joiners stay inside the run"
    assert_every_char_has_a_glyph(book, runs)
    left, right = ink_columns(render(book, runs))
    assert right - left > SIZE * 0.6


def test_a_mixed_line_keeps_each_script_in_its_own_face(book: FontBook) -> None:
    text = "Bridges 桥梁 جسور גשרים 🌉 done"
    runs = book.runs(text, book.face("Inter"))
    assert "".join(run.text for run in runs) == text
    assert_every_char_has_a_glyph(book, runs)
    families = [run.face.family for run in runs if run.text.strip()]
    assert families == [
        "Inter", "Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew",
        "Noto Color Emoji", "Inter",
    ]  # fmt: skip


def test_emoji_are_drawn_in_colour_at_the_text_size(book: FontBook) -> None:
    runs = book.runs("🤖🔥", book.face("Inter"))
    image = render(book, runs)
    saturation = image.convert("HSV").getchannel("S").histogram()
    coloured = sum(saturation[100:])
    assert coloured > SIZE * SIZE * 0.3
    left, right = ink_columns(image)
    assert SIZE * 1.6 < right - left < SIZE * 2.6


def test_a_zwj_sequence_is_one_emoji_wide(book: FontBook) -> None:
    face = book.face("Inter")
    joined = book.measure(book.runs("👩\u200d💻", face), SIZE)
    assert joined == pytest.approx(book.measure(book.runs("💻", face), SIZE), rel=0.01)


def test_a_character_no_font_has_raises_naming_its_code_point(book: FontBook) -> None:
    with pytest.raises(MissingGlyphError, match=r"U\+0F00 TIBETAN SYLLABLE OM \(ༀ\)") as caught:
        book.runs("He chanted ༀ before the vote", book.face("Source Serif 4"))
    assert caught.value.char == "ༀ"
    assert "He chanted" in str(caught.value)
    assert isinstance(caught.value, QuotecardsError)


def test_arabic_is_drawn_right_to_left(book: FontBook) -> None:
    face = book.face("Inter")
    line = render(book, book.runs("التعلم الآلي", face))
    second_word = render(book, book.runs("الآلي", face))
    # The second logical word sits at the left end: its pixels match the word drawn alone.
    width = int(book.measure(book.runs("الآلي", face), SIZE)) + 20
    assert (
        ImageChops.difference(
            line.crop((0, 0, width, 96)), second_word.crop((0, 0, width, 96))
        ).getbbox()
        is None
    )
    assert ink_columns(line)[1] > width + SIZE, "the first word is drawn to its right"


def test_numbers_in_an_arabic_sentence_read_left_to_right_and_sit_after_the_words(
    book: FontBook,
) -> None:
    face = book.face("Inter")
    runs = book.runs("عام 2024", face)
    assert [(run.text, run.level) for run in runs] == [("عام ", 1), ("2024", 2)]
    line = render(book, runs)
    number = render(book, book.runs("2024", face))
    width = int(book.measure(book.runs("2024", face), SIZE)) + 20
    assert (
        ImageChops.difference(
            line.crop((0, 0, width, 96)), number.crop((0, 0, width, 96))
        ).getbbox()
        is None
    )


def test_arabic_inside_an_english_line_keeps_the_english_order(book: FontBook) -> None:
    runs = book.runs("He said التعلم الآلي today", book.face("Inter"))
    assert [(run.text, run.level) for run in runs] == [
        ("He said ", 0),
        ("التعلم الآلي", 1),
        (" today", 0),
    ]


def test_kana_selects_japanese_glyph_forms(book: FontBook) -> None:
    face = book.face("Inter")
    japanese = book.runs("直す", face)
    chinese = book.runs("直接", face)
    assert japanese[0].language == "ja" and chinese[0].language is None
    glyph = [
        render(book, (Run("直", run[0].face, 0, run[0].language),)) for run in (japanese, chinese)
    ]
    assert ImageChops.difference(*glyph).getbbox() is not None


def test_a_line_follows_its_quote_for_direction_and_glyph_forms(book: FontBook) -> None:
    face = book.face("Inter")
    arabic_quote = "قال المهندس: Python rocks"
    direction = fonts.paragraph_direction(arabic_quote)
    (latin,) = [run for run in book.runs("Python rocks", face, direction) if run.text.strip()]
    assert latin.level == 2, "Latin inside a right-to-left paragraph"
    language = fonts.cjk_language("機械学習研究所で働いています")
    (kanji,) = book.runs("機械学習研究所", face, language=language)
    assert kanji.language == "ja"
    assert book.runs("機械学習研究所", face)[0].language is None


def test_measure_grows_with_the_text(book: FontBook) -> None:
    face = book.face("Playfair Display", 700)
    words = ["Every", "card", "we", "render", "is", "one", "more", "chance"]
    widths = [book.measure(book.runs(" ".join(words[:n]), face), SIZE) for n in range(1, 8)]
    assert widths == sorted(widths) and len(set(widths)) == len(widths)
    assert book.measure(book.runs("abc", face), 2 * SIZE) == pytest.approx(
        2 * book.measure(book.runs("abc", face), SIZE), rel=0.02
    )


def test_the_same_line_gives_the_same_pixels(book: FontBook) -> None:
    runs = book.runs("Same in, same out: 同じ 🤖 عربي", book.face("Source Serif 4", italic=True))
    first, second = render(book, runs), render(book, runs)
    assert first.tobytes() == second.tobytes()


def test_emoji_on_a_transparent_card_keep_their_alpha_at_the_edges(book: FontBook) -> None:
    runs = book.runs("🤖", book.face("Inter"))
    image = Image.new("RGBA", (40, 40))
    book.draw(image, (-20, 30), runs, SIZE, fill="black")  # hangs over the left edge
    assert image.getchannel("A").getbbox() is not None


def test_right_to_left_text_without_raqm_says_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "_raqm", lambda: False)
    fresh = FontBook.load(fonts.fonts_directory())
    with pytest.raises(FontError, match="apt-get install libfribidi0"):
        fresh.runs("למידת מכונה", fresh.face("Inter"))


def test_the_fonts_directory_can_be_moved_with_an_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, book: FontBook
) -> None:
    inter = book.face("Inter")
    shutil.copy(inter.path, tmp_path / "Inter.ttf")
    shutil.copy(book.families["Inter"].licence, tmp_path / "OFL.txt")
    (tmp_path / "fonts.toml").write_text(
        '[[family]]\nname = "Inter"\nlicence = "OFL.txt"\n'
        'faces = [{ weight = 400, file = "Inter.ttf" }]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("QUOTECARDS_FONTS", str(tmp_path))
    moved = FontBook.default()
    assert [face.path for face in moved.faces()] == [tmp_path / "Inter.ttf"]
    with pytest.raises(MissingGlyphError, match="U\\+6865"):
        moved.runs("桥", moved.face("Inter"))


def test_a_missing_manifest_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="QUOTECARDS_FONTS"):
        FontBook.load(tmp_path)


def test_diagnostics_report_the_shaping_libraries_and_the_fonts() -> None:
    report = fonts.diagnostics()
    assert {"raqm", "fribidi", "harfbuzz", "fonts", "families"} <= set(report)
    assert "Noto Color Emoji (1)" in report["families"]


def test_the_cmap_reader_agrees_with_fonttools(book: FontBook) -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    for family in ("Inter", "Noto Sans Arabic", "Noto Color Emoji"):
        face = book.face(family)
        expected = {chr(c) for c in ttlib.TTFont(face.path, lazy=True).getBestCmap()}
        assert book.coverage(face) == expected, family


def changed_bytes(before: bytes, after: bytes) -> dict[int, tuple[int, int]]:
    assert len(before) == len(after)
    return {i: (a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}


def test_overlap_flags_are_cleared_in_memory_only(tmp_path: Path, book: FontBook) -> None:
    # Playfair Display reserves its name under the OFL: a modified copy must never be written.
    playfair = book.face("Playfair Display", 900)
    shutil.copy(playfair.path, tmp_path / "Playfair.ttf")
    shutil.copy(book.families["Playfair Display"].licence, tmp_path / "OFL.txt")
    (tmp_path / "fonts.toml").write_text(
        '[[family]]\nname = "Playfair Display"\nlicence = "OFL.txt"\n'
        'faces = [{ weight = 900, file = "Playfair.ttf" }]\n',
        encoding="utf-8",
    )
    on_disk = (tmp_path / "Playfair.ttf").read_bytes()
    digest = hashlib.sha256(on_disk).hexdigest()

    copy = FontBook.load(tmp_path)
    face = copy.face("Playfair Display", 900)
    render(copy, copy.runs("“Œ&fi” sucks", face))

    assert hashlib.sha256(face.path.read_bytes()).hexdigest() == digest
    in_memory = copy.font(face, SIZE).font_bytes
    changed = changed_bytes(on_disk, in_memory)
    assert changed, "Pillow draws with the file's own bytes, flags and all"
    # OVERLAP_SIMPLE is 0x40 of a flag byte, OVERLAP_COMPOUND 0x04 of a component's high byte.
    assert {before ^ after for before, after in changed.values()} <= {0x40, 0x04}
    assert all(after & before == after for before, after in changed.values()), "bits only cleared"


def test_fonts_without_glyf_outlines_are_loaded_from_their_files(book: FontBook) -> None:
    for family in ("Noto Sans CJK SC", "Noto Color Emoji"):
        face = book.face(family)
        data = face.path.read_bytes()
        assert fonts.without_overlap_flags(data) is data, family
        assert not hasattr(book.font(face, SIZE), "font_bytes"), family


@pytest.mark.parametrize(
    ("family", "weight", "italic"),
    [
        ("Inter", 900, False),  # long loca offsets
        ("Source Serif 4", 700, True),  # short loca offsets
        ("Playfair Display", 900, False),
        ("Noto Sans Arabic", 400, False),
        ("Noto Naskh Arabic", 700, False),
        ("Noto Sans Hebrew", 400, False),
    ],
)
def test_clearing_overlap_flags_changes_those_bits_and_no_other_byte(
    book: FontBook, family: str, weight: int, italic: bool
) -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    glyf = pytest.importorskip("fontTools.ttLib.tables._g_l_y_f")

    def flags_set(data: bytes) -> int:
        font = ttlib.TTFont(io.BytesIO(data))
        count = 0
        for name in font.getGlyphOrder():
            glyph = font["glyf"][name]
            if glyph.isComposite():
                count += sum(1 for c in glyph.components if c.flags & glyf.OVERLAP_COMPOUND)
            elif glyph.numberOfContours > 0:
                count += bool(glyph.flags[0] & glyf.flagOverlapSimple)
        return count

    original = book.face(family, weight, italic).path.read_bytes()
    patched = fonts.without_overlap_flags(original)
    flagged = flags_set(original)
    assert flagged > 0, "the vendored file sets the flags"
    assert flags_set(patched) == 0
    # One byte per flag, and fontTools finds none left: every other byte is unchanged.
    assert len(changed_bytes(original, patched)) == flagged


@pytest.mark.parametrize(
    ("family", "weight", "italic", "text"),
    [
        ("Inter", 900, False, "Machine learning sucks."),
        ("Source Serif 4", 700, True, "We’re missing something big"),
        ("Playfair Display", 700, True, "“Œ&fi” We’re missing"),  # its heaviest italic
        ("Noto Naskh Arabic", 400, False, "التعلم رائع"),
    ],
)
def test_patched_font_draws_the_same_glyph_shapes(
    book: FontBook, family: str, weight: int, italic: bool, text: str
) -> None:
    size = 96
    face = book.face(family, weight, italic)
    from_file = ImageFont.truetype(str(face.path), size, layout_engine=ImageFont.Layout.RAQM)
    drawn = []
    for font in (from_file, book.font(face, size)):
        image = Image.new("L", (int(font.getlength(text)) + 2 * size, 2 * size))
        ImageDraw.Draw(image).text((size, 1.5 * size), text, font=font, fill=255, anchor="ls")
        drawn.append(image)
    assert drawn[0].getbbox() == drawn[1].getbbox()
    histogram = ImageChops.difference(*drawn).histogram()
    ink = drawn[0].point(lambda v: 255 if v else 0).histogram()[255]
    # Without oversampling an edge pixel two overlapping contours share comes out a little
    # darker: a few pixels at joins, never a seam (a run of pixels from background to ink).
    assert sum(level * count for level, count in enumerate(histogram)) / ink < 2
    assert sum(histogram[33:]) / ink < 0.005
