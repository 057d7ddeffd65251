"""The vendored fonts, and the one service both renderers set type with.

``fonts/fonts.toml`` (beside the ``quotecards`` package, or wherever ``QUOTECARDS_FONTS``
points) lists every font file; this module reads it and answers three questions:

* which file is ``("Source Serif 4", 600, italic)``: :meth:`FontBook.face`;
* which face draws each part of a piece of text: :meth:`FontBook.runs` splits text into
  :class:`Run` s, each drawn by the first face of the fallback chain (the requested face, its
  family's own fallbacks, then the manifest's ``fallback`` list) that has every character of
  the run, and resolves right-to-left text with a compact Unicode bidi algorithm;
* how wide runs are and how they look: :meth:`FontBook.measure` and :meth:`FontBook.draw`, with
  Pillow's raqm layout (HarfBuzz shaping, FriBiDi) when it is available.

Typical use, one line of a quote at a time::

    book = FontBook.default()
    face = book.face("Source Serif 4", 400, italic=True)
    line = book.runs("Machine learning 机器学习 🤖", face, paragraph_direction(quote))
    width = book.measure(line, 48)
    book.draw(image, (x, baseline), line, 48, fill=(20, 20, 20))

Runs are computed per line because bidi reordering is per line.  Pass what the whole quote
says, ``paragraph_direction(quote)`` and ``cjk_language(quote)``, so every line agrees with
it: a line that starts with a Latin word inside an Arabic quote still reads right to left,
and a line of kanji in a Japanese quote keeps the Japanese glyph forms.  Explicit bidi
controls (embeddings, overrides, isolates) are treated as neutral.

TrueType faces are handed to Pillow as an in-memory copy with their overlap flags cleared
(:func:`without_overlap_flags` says why); the files on disk are never changed.

A character no vendored font has raises :class:`MissingGlyphError` instead of drawing a
``.notdef`` box.  Everything is cached (coverage sets, Pillow fonts, widths, runs, emoji tiles),
so the same inputs give the same pixels and repeated calls are cheap.  Pillow is imported
lazily, so importing this module loads the standard library only.
"""

from __future__ import annotations

import io
import os
import struct
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quotecards.errors import QuotecardsError
from quotecards.paths import shipped

if TYPE_CHECKING:
    from PIL import Image, ImageFont

Direction = Literal["ltr", "rtl"]

ENV_VAR = "QUOTECARDS_FONTS"
MANIFEST = "fonts.toml"


class FontError(QuotecardsError):
    """A font that cannot be found, loaded or used as asked."""


class MissingGlyphError(FontError):
    """Text with a character that no vendored font can draw."""

    def __init__(self, message: str, char: str) -> None:
        super().__init__(message)
        self.char = char


@dataclass(frozen=True, slots=True)
class Face:
    """One font file: a family at one weight and style.

    ``strike`` is set for colour bitmap fonts (Noto Color Emoji), whose glyphs exist at that
    pixel size only; they are drawn at it and scaled.
    """

    family: str
    weight: int
    italic: bool
    path: Path
    strike: int | None = None


@dataclass(frozen=True, slots=True)
class Family:
    """A family as the manifest lists it: its faces, licence file and place in the fallbacks."""

    name: str
    role: Literal["text", "fallback"]
    licence: Path
    faces: tuple[Face, ...]
    fallback: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn with one face in one direction.

    ``level`` is the resolved bidi embedding level: even levels are drawn left to right, odd
    ones right to left; :meth:`FontBook.draw` orders runs visually by it.  ``language`` is a
    BCP 47 tag handed to HarfBuzz so CJK text gets its own glyph forms (``ja``, ``ko``).
    """

    text: str
    face: Face
    level: int = 0
    language: str | None = None

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def fonts_directory() -> Path:
    """Where the fonts live: ``$QUOTECARDS_FONTS``, else the shipped ``fonts/``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return shipped("fonts")


def paragraph_direction(text: str) -> Direction:
    """The direction of the first strong character (Unicode bidi rules P2 and P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def cjk_language(text: str) -> str | None:
    """``ja`` for text with kana, ``ko`` for text with hangul, else ``None``.

    It picks the glyph forms of Han characters: None keeps the font's Simplified Chinese ones.
    """
    for char in text:
        code = ord(char)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
            return "ja"
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            return "ko"
    return None


class FontBook:
    """The vendored fonts: faces by family, fallback, measuring and drawing.

    Build one with :meth:`default` (cached) or :meth:`load`; the book is immutable apart from
    its caches.
    """

    def __init__(
        self, directory: Path, families: Mapping[str, Family], fallback: Sequence[str]
    ) -> None:
        unknown = [name for name in fallback if name not in families]
        for family in families.values():
            unknown += [name for name in family.fallback if name not in families]
        if unknown:
            raise FontError(
                f"{directory / MANIFEST}: fallback names unknown families {unknown}; "
                f"known: {', '.join(families)}"
            )
        self.directory = directory
        self.families: Mapping[str, Family] = dict(families)
        self.fallback: tuple[str, ...] = tuple(fallback)
        # Bounded caches live on the instance so two books never share stale entries.
        self._runs = lru_cache(maxsize=4096)(self._split)
        self._advance = lru_cache(maxsize=16384)(self._measure_run)
        self._font = lru_cache(maxsize=256)(self._load_font)
        self._tile = lru_cache(maxsize=1024)(self._emoji_tile)
        self._chain = cache(self._fallback_chain)

    @classmethod
    def default(cls) -> FontBook:
        """The book for :func:`fonts_directory`, loaded once per directory."""
        return _load_cached(fonts_directory().resolve())

    @classmethod
    def load(cls, directory: Path) -> FontBook:
        """Read ``directory/fonts.toml``; every listed file must exist."""
        manifest = directory / MANIFEST
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FontError(
                f"no font manifest at {manifest}; run from a quotecards checkout or set "
                f"{ENV_VAR} to a directory with {MANIFEST}"
            ) from None
        except tomllib.TOMLDecodeError as error:
            raise FontError(f"{manifest}: {error}") from None
        try:
            families = {f.name: f for f in (_family(directory, e) for e in data["family"])}
            fallback = data.get("fallback", [])
        except (KeyError, TypeError, ValueError) as error:
            raise FontError(f"{manifest}: malformed family entry ({error!r})") from None
        missing = [
            str(path)
            for family in families.values()
            for path in (family.licence, *(face.path for face in family.faces))
            if not path.is_file()
        ]
        if missing:
            raise FontError(f"{manifest} lists files that do not exist: {', '.join(missing)}")
        return cls(directory, families, fallback)

    def faces(self) -> tuple[Face, ...]:
        """Every face in the manifest, in manifest order (for @font-face and fontconfig)."""
        return tuple(face for family in self.families.values() for face in family.faces)

    def face(self, family: str, weight: int = 400, italic: bool = False) -> Face:
        """The family's face nearest to ``weight``, preferring the asked style.

        Ties go to the heavier face for bold-ish requests (>= 500) and the lighter one
        otherwise, as CSS font matching does.
        """
        found = self.families.get(family)
        if found is None:
            raise FontError(
                f"unknown font family {family!r}; {self.directory / MANIFEST} has: "
                f"{', '.join(self.families)}"
            )
        candidates = [f for f in found.faces if f.italic == italic] or list(found.faces)
        heavier_first = weight >= 500
        return min(
            candidates,
            key=lambda f: (abs(f.weight - weight), (f.weight < weight) == heavier_first),
        )

    def font(self, face: Face, size: float) -> ImageFont.FreeTypeFont:
        """A Pillow font for ``face`` at ``size`` px (at its strike for bitmap faces)."""
        return self._font(face, face.strike or size)

    def runs(
        self,
        text: str,
        face: Face,
        direction: Direction | None = None,
        language: str | None = None,
    ) -> tuple[Run, ...]:
        """Split one line of ``text`` into runs in logical order.

        ``direction`` is the paragraph's base direction and ``language`` the tag for its CJK
        glyph forms; ``None`` takes each from ``text`` (:func:`paragraph_direction`,
        :func:`cjk_language`).

        Raises :class:`MissingGlyphError` for a character no face in the chain has, and
        :class:`FontError` for right-to-left text when raqm cannot lay it out.
        """
        return self._runs(text, face, direction, language)

    def measure(self, runs: Sequence[Run], size: float) -> float:
        """The advance width of ``runs`` at ``size`` px."""
        return sum(self._advance(run, size) for run in runs)

    def draw(
        self,
        image: Image.Image,
        xy: tuple[float, float],
        runs: Sequence[Run],
        size: float,
        fill: str | tuple[int, ...],
    ) -> None:
        """Draw one line of ``runs`` with its left end at ``xy[0]`` and baseline at ``xy[1]``.

        Runs come in logical order and are placed in visual order; colour emoji keep their
        own colours and ignore ``fill``.  ``image`` must be RGB or RGBA for emoji.
        """
        from PIL import ImageDraw

        pen = ImageDraw.Draw(image)
        x, baseline = xy
        for run in visual_order(runs):
            if run.face.strike:
                self._paste_emoji(image, x, baseline, run, size)
            else:
                pen.text(
                    (x, baseline),
                    run.text,
                    font=self.font(run.face, size),
                    fill=fill,
                    anchor="ls",
                    **self._shaping(run),
                )
            x += self._advance(run, size)

    def coverage(self, face: Face) -> frozenset[str]:
        """The characters ``face`` maps to a glyph."""
        return _coverage(face.path)

    # -- runs ---------------------------------------------------------------------------

    def _fallback_chain(self, face: Face) -> tuple[Face, ...]:
        names = (*self.families[face.family].fallback, *self.fallback)
        chain = [face]
        for name in names:
            if all(f.family != name for f in chain):
                chain.append(self.face(name, face.weight, face.italic))
        return tuple(chain)

    def _split(
        self, text: str, face: Face, direction: Direction | None, language: str | None
    ) -> tuple[Run, ...]:
        if not text:
            return ()
        direction = direction or paragraph_direction(text)
        # The common case, a Latin quote in a Latin face, is one run: a set comparison.
        if (
            direction == "ltr"
            and face.strike is None
            and not _has_rtl(face.path)
            and set(text) <= _coverage(face.path)
            and _EMOJI_STYLE.isdisjoint(text)
        ):
            return (Run(text, face),)

        clusters = _clusters(text)
        chain = self._chain(face)
        faces = [_pick(cluster, chain) for cluster in clusters]
        for index, picked in enumerate(faces):
            if picked is None and not _is_space(clusters[index]):
                raise _missing(text, clusters[index], chain)

        base = 1 if direction == "rtl" else 0
        levels = _levels(clusters, base)
        if any(level % 2 for level in levels):
            _require_bidi()
        resolved = _attach_spaces(clusters, faces, levels, chain, text)

        language = language or cjk_language(text)
        runs: list[Run] = []
        start = 0
        for index in range(1, len(clusters) + 1):
            if (
                index == len(clusters)
                or resolved[index] is not resolved[start]  # faces all come from `chain`
                or levels[index] != levels[start]
            ):
                chunk = "".join(clusters[start:index])
                tag = language if language and _has_cjk(chunk) else None
                runs.append(Run(chunk, resolved[start], levels[start], tag))
                start = index
        return tuple(runs)

    # -- measuring and drawing ----------------------------------------------------------

    def _load_font(self, face: Face, size: float) -> ImageFont.FreeTypeFont:
        from PIL import ImageFont

        layout = ImageFont.Layout.RAQM if _raqm() else ImageFont.Layout.BASIC
        try:
            drawable = _drawable_bytes(face.path)
            # Pillow keeps what it reads from the stream as FreeType's memory for the face, and
            # BytesIO hands back the cached bytes object itself: every size shares one copy.
            source = str(face.path) if drawable is None else io.BytesIO(drawable)
            return ImageFont.truetype(source, size, layout_engine=layout)
        except OSError as error:
            raise FontError(f"cannot load {face.path} at {size} px: {error}") from None

    def _shaping(self, run: Run) -> dict[str, Any]:
        # Pillow refuses direction and language without raqm; runs() already refused RTL.
        if not _raqm():
            return {}
        return {"direction": "rtl" if run.rtl else "ltr", "language": run.language}

    def _measure_run(self, run: Run, size: float) -> float:
        font = self.font(run.face, size)
        width = font.getlength(run.text, **self._shaping(run))
        if run.face.strike:
            width *= size / font.size
        return width

    def _emoji_tile(self, run: Run, size: float) -> tuple[Image.Image, float, float]:
        """The run drawn at its strike and scaled to ``size``, with its offset from the origin."""
        from PIL import Image, ImageDraw

        font = self.font(run.face, size)
        shaping = self._shaping(run)
        left, top, right, bottom = font.getbbox(run.text, anchor="ls", **shaping)
        tile = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)))
        ImageDraw.Draw(tile).text(
            (-left, -top), run.text, font=font, anchor="ls", embedded_color=True, **shaping
        )
        scale = size / font.size
        width = max(1, round(tile.width * scale))
        height = max(1, round(tile.height * scale))
        return tile.resize((width, height), Image.Resampling.LANCZOS), left * scale, top * scale

    def _paste_emoji(
        self, image: Image.Image, x: float, baseline: float, run: Run, size: float
    ) -> None:
        tile, dx, dy = self._tile(run, size)
        left, top = round(x + dx), round(baseline + dy)
        if image.mode != "RGBA":
            image.paste(tile, (left, top), tile)
            return
        # alpha_composite wants the tile inside the image: clip what hangs over an edge.
        box = (
            max(0, -left),
            max(0, -top),
            min(tile.width, image.width - left),
            min(tile.height, image.height - top),
        )
        if box[0] < box[2] and box[1] < box[3]:
            image.alpha_composite(tile, (left + box[0], top + box[1]), box)


@cache
def _load_cached(directory: Path) -> FontBook:
    return FontBook.load(directory)


def _family(directory: Path, entry: dict[str, Any]) -> Family:
    name = entry["name"]
    faces = tuple(
        Face(
            family=name,
            weight=int(face["weight"]),
            italic=bool(face.get("italic", False)),
            path=directory / face["file"],
            strike=face.get("strike"),
        )
        for face in entry["faces"]
    )
    role = entry.get("role", "text")
    if role not in ("text", "fallback") or not faces:
        raise ValueError(f"{name}: role must be text or fallback, and faces must not be empty")
    return Family(name, role, directory / entry["licence"], faces, tuple(entry.get("fallback", ())))


# -- overlap flags ----------------------------------------------------------------------

# Flags of the glyf table (OpenType spec, "glyf - Glyph Data").
_OVERLAP_SIMPLE = 0x40  # on the first point flag of a simple glyph
_ARG_1_AND_2_ARE_WORDS = 0x0001
_WE_HAVE_A_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
_WE_HAVE_A_TWO_BY_TWO = 0x0080
_OVERLAP_COMPOUND = 0x0400  # on a component of a composite glyph


def without_overlap_flags(font: bytes) -> bytes:
    """``font`` (a TrueType file) with OVERLAP_SIMPLE and OVERLAP_COMPOUND cleared in ``glyf``.

    Returns ``font`` itself when nothing is set, and for fonts without a ``glyf`` table (CFF,
    bitmap-only).  Every other byte is left as it is.

    Why: the Google Fonts builds set these flags on every glyph, and since FreeType 2.10.3 a
    flagged glyph is rendered with 4x4 oversampling, which made drawing a card two to three times
    slower.  The oversampling only mitigates the faint darkening of antialiased pixels where
    two contours of a glyph overlap.  At card sizes that darkening is invisible: compared
    between 11 and 160 px it touches single edge pixels at joins (a serif meeting a stem, the
    crotch of a W), and the lines cannot be told apart at 1x or zoomed 4x.  This is a run-time
    change in memory: the files in ``fonts/`` stay exactly as vendored and nothing modified is
    distributed, so the Reserved Font Names of Source Serif 4 and Playfair Display are
    respected.

    Table checksums (and ``head.checkSumAdjustment``) are left stale on purpose: neither
    FreeType nor HarfBuzz verifies them, and these bytes never leave the process.
    """
    tables = _truetype_tables(font)
    if not {b"head", b"maxp", b"loca", b"glyf"} <= tables.keys():
        return font
    (long_offsets,) = struct.unpack_from(">h", font, tables[b"head"][0] + 50)
    (glyphs,) = struct.unpack_from(">H", font, tables[b"maxp"][0] + 4)
    loca = tables[b"loca"][0]
    if long_offsets:
        offsets: Sequence[int] = struct.unpack_from(f">{glyphs + 1}I", font, loca)
    else:
        offsets = [2 * half for half in struct.unpack_from(f">{glyphs + 1}H", font, loca)]
    glyf, glyf_length = tables[b"glyf"]
    patched = bytearray(font)
    for start, end in pairwise(offsets):
        # Bounds come from loca, so a malformed glyph can only be skipped, never write
        # outside its own bytes.
        at, stop = glyf + start, glyf + min(end, glyf_length)
        if stop - at < 10:
            continue  # an empty glyph (a space) or no room for the header
        (contours,) = struct.unpack_from(">h", font, at)
        if contours > 0:
            instructions = at + 10 + 2 * contours  # after the header and endPtsOfContours
            if instructions + 2 <= stop:
                first_flag = instructions + 2 + struct.unpack_from(">H", font, instructions)[0]
                if first_flag < stop:
                    patched[first_flag] &= ~_OVERLAP_SIMPLE & 0xFF
        elif contours < 0:
            component = at + 10
            while component + 4 <= stop:
                (flags,) = struct.unpack_from(">H", font, component)
                if flags & _OVERLAP_COMPOUND:
                    struct.pack_into(">H", patched, component, flags & ~_OVERLAP_COMPOUND)
                if not flags & _MORE_COMPONENTS:
                    break
                component += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
                if flags & _WE_HAVE_A_SCALE:
                    component += 2
                elif flags & _WE_HAVE_AN_X_AND_Y_SCALE:
                    component += 4
                elif flags & _WE_HAVE_A_TWO_BY_TWO:
                    component += 8
    return font if patched == font else bytes(patched)


@cache
def _drawable_bytes(path: Path) -> bytes | None:
    """What Pillow should load for ``path``: :func:`without_overlap_flags` of the file, or None
    to load the file itself because there was nothing to clear.

    Patched once per face per process, on the face's first use: 0.3 to 3 ms of CPU for a
    vendored face.  The CJK and emoji faces have no glyf table and are never read whole here.
    """
    try:
        with path.open("rb") as file:
            start = file.read(12)
            start += file.read(16 * struct.unpack_from(">H", start, 4)[0])
            if b"glyf" not in _truetype_tables(start):
                return None
            font = start + file.read()
        patched = without_overlap_flags(font)
    except struct.error:
        return None  # truncated tables: let FreeType judge the file as it is
    return None if patched is font else patched


def _truetype_tables(font: bytes) -> dict[bytes, tuple[int, int]]:
    """Table tag -> (offset, length) from the start of a TrueType file; empty for CFF ("OTTO")
    fonts and collections, which :func:`without_overlap_flags` leaves alone."""
    if font[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return {}
    (count,) = struct.unpack_from(">H", font, 4)
    return {
        tag: (offset, length)
        for tag, _, offset, length in struct.iter_unpack(">4sIII", font[12 : 12 + 16 * count])
    }


# -- coverage ---------------------------------------------------------------------------


@cache
def _coverage(path: Path) -> frozenset[str]:
    """The characters the font at ``path`` maps to a real glyph, from its cmap table.

    Read directly (formats 4 and 12, the ones fonts carry for Unicode) rather than through
    fontTools, which is not a runtime dependency and takes six times as long on the CJK face.
    """
    with path.open("rb") as file:
        tag, count = struct.unpack(">4sH", file.read(6))
        if tag == b"ttcf":
            raise FontError(f"{path}: font collections are not supported; vendor one face")
        file.seek(12)
        directory = file.read(16 * count)
        for index in range(count):
            name, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * index)
            if name == b"cmap":
                file.seek(offset)
                return frozenset(map(chr, _cmap_codepoints(file.read(length))))
    raise FontError(f"{path}: no cmap table, so no character can be drawn with it")


# (platform, encoding) pairs in order of preference: full Unicode first, then the BMP.
_CMAP_PREFERENCE = [(3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)]


def _cmap_codepoints(cmap: bytes) -> list[int]:
    _, count = struct.unpack_from(">HH", cmap)
    subtables: dict[tuple[int, int], int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * index)
        if struct.unpack_from(">H", cmap, offset)[0] in (4, 12):
            subtables.setdefault((platform, encoding), offset)
    for key in _CMAP_PREFERENCE:
        if key in subtables:
            offset = subtables[key]
            if struct.unpack_from(">H", cmap, offset)[0] == 12:
                return _format_12(cmap, offset)
            return _format_4(cmap, offset)
    return []


def _format_12(cmap: bytes, offset: int) -> list[int]:
    (groups,) = struct.unpack_from(">I", cmap, offset + 12)
    codepoints: list[int] = []
    for start, end, glyph in struct.iter_unpack(
        ">III", cmap[offset + 16 : offset + 16 + 12 * groups]
    ):
        # Only the group's first character can map to glyph 0 (.notdef).
        codepoints.extend(range(start + (glyph == 0), end + 1))
    return codepoints


def _format_4(cmap: bytes, offset: int) -> list[int]:
    (segments,) = struct.unpack_from(">H", cmap, offset + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", cmap, offset + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, offset + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", cmap, offset + 16 + 4 * segments)
    range_at = offset + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", cmap, range_at)
    codepoints: list[int] = []
    for index, (start, end, delta, range_offset) in enumerate(
        zip(starts, ends, deltas, range_offsets, strict=True)
    ):
        for char in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (char + delta) & 0xFFFF
            else:
                at = range_at + 2 * index + range_offset + 2 * (char - start)
                glyph = struct.unpack_from(">H", cmap, at)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                codepoints.append(char)
    return codepoints


@cache
def _has_rtl(path: Path) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in _coverage(path))


# -- clusters and fallback --------------------------------------------------------------

_ZWJ = "\u200d"
_TEXT_STYLE = "\ufe0e"
# VS16 asks for the emoji picture; a keycap is drawn by the emoji font.
_EMOJI_STYLE = frozenset("\ufe0f\u20e3")


def _joins_previous(char: str) -> bool:
    """Marks, variation selectors, skin tones and tag characters belong to the character before."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _clusters(text: str) -> list[str]:
    """Split text into clusters that must share one face: a base and what joins it.

    A zero-width joiner also pulls in the character after it (emoji ZWJ sequences), and
    regional indicators pair up into flags.
    """
    clusters: list[str] = []
    after_joiner = False
    for char in text:
        if clusters and (
            after_joiner
            or _joins_previous(char)
            or (
                _is_regional_indicator(char)
                and len(clusters[-1]) == 1
                and _is_regional_indicator(clusters[-1])
            )
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
        after_joiner = char == _ZWJ
    return clusters


def _ignorable(char: str) -> bool:
    """Characters HarfBuzz draws as nothing, so no font needs to map them."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def _is_space(cluster: str) -> bool:
    """Whitespace and invisible controls, which take a neighbour's face."""
    return all(unicodedata.category(c) == "Zs" or _ignorable(c) for c in cluster)


def _pick(cluster: str, chain: tuple[Face, ...]) -> Face | None:
    """The first face that has every visible character of the cluster."""
    if len(cluster) == 1 and not _ignorable(cluster):  # most clusters: one plain character
        return next((face for face in chain if cluster in _coverage(face.path)), None)
    needed = {c for c in cluster if not _ignorable(c)}
    if not needed:
        return None
    if not _EMOJI_STYLE.isdisjoint(cluster):
        chain = tuple(sorted(chain, key=lambda f: f.strike is None))
    elif _TEXT_STYLE in cluster:
        chain = tuple(sorted(chain, key=lambda f: f.strike is not None))
    for face in chain:
        if needed <= _coverage(face.path):
            return face
    return None


def _attach_spaces(
    clusters: list[str],
    faces: list[Face | None],
    levels: list[int],
    chain: tuple[Face, ...],
    text: str,
) -> list[Face]:
    """Give whitespace the face of a neighbour at its level, so words stay in one run.

    The previous neighbour wins, then the next one; bitmap (emoji) faces never take spaces,
    whose width would come from the emoji font.
    """

    def usable(face: Face | None, cluster: str) -> bool:
        if face is None or face.strike:
            return False
        return {c for c in cluster if not _ignorable(c)} <= _coverage(face.path)

    for index, cluster in enumerate(clusters):
        if not _is_space(cluster):
            continue
        before = faces[index - 1] if index else None
        if before is not None and levels[index - 1] == levels[index] and usable(before, cluster):
            faces[index] = before
            continue
        ahead = next((i for i in range(index + 1, len(faces)) if faces[i] is not None), None)
        if ahead is not None and levels[ahead] == levels[index] and usable(faces[ahead], cluster):
            faces[index] = faces[ahead]
            continue
        fallback = next((f for f in chain if usable(f, cluster)), None)
        if fallback is None:
            raise _missing(text, cluster, chain)
        faces[index] = fallback
    return [face for face in faces if face is not None]


def _missing(text: str, cluster: str, chain: tuple[Face, ...]) -> MissingGlyphError:
    char = next(
        (
            c
            for c in cluster
            if not _ignorable(c) and not any(c in _coverage(f.path) for f in chain)
        ),
        next(c for c in cluster if not _ignorable(c)),
    )
    # Python's Unicode tables can be older than the text: a new character may have no name.
    name = unicodedata.name(char, "<control>" if unicodedata.category(char) == "Cc" else "")
    shown = " ".join(
        part for part in (f"U+{ord(char):04X}", name, f"({char})" * char.isprintable()) if part
    )
    at = text.index(char)
    context = text[max(0, at - 24) : at + 24]
    context = ("…" if at > 24 else "") + context + ("…" if at + 24 < len(text) else "")
    tried = ", ".join(face.family for face in chain)
    return MissingGlyphError(
        f"no vendored font has {shown} in {context!r} "
        f"(tried {tried}); pick another quote, or add a font that has it to fonts/{MANIFEST}",
        char,
    )


def _has_cjk(text: str) -> bool:
    return any(
        0x2E80 <= ord(c) <= 0x9FFF
        or 0xAC00 <= ord(c) <= 0xD7AF
        or 0xF900 <= ord(c) <= 0xFAFF
        or 0xFF00 <= ord(c) <= 0xFFEF
        for c in text
    )


# -- bidi -------------------------------------------------------------------------------

_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
# Explicit embeddings and isolates are not modelled: they act as ordinary neutrals.
_AS_NEUTRAL = frozenset(
    {"BN", "NSM", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)
_TRAILING = frozenset({"B", "S", "WS", "BN", "LRI", "RLI", "FSI", "PDI"})


def _levels(clusters: list[str], base: int) -> list[int]:
    """Bidi levels per cluster: rules W2-W7, N1-N2, I1-I2 and L1 of UAX #9, one line."""
    original = [unicodedata.bidirectional(cluster[0]) for cluster in clusters]
    if base == 0 and not any(kind in ("R", "AL", "AN") for kind in original):
        return [0] * len(clusters)
    kinds = ["ON" if kind in _AS_NEUTRAL else kind for kind in original]
    count = len(kinds)
    edge = "R" if base else "L"

    strong = edge
    for index, kind in enumerate(kinds):  # W2, W3
        if kind in ("L", "R", "AL"):
            strong = kind
        if kind == "EN" and strong == "AL":
            kinds[index] = "AN"
    kinds = ["R" if kind == "AL" else kind for kind in kinds]
    for index in range(1, count - 1):  # W4
        before, kind, after = kinds[index - 1 : index + 2]
        if before == after and (
            (kind == "ES" and before == "EN") or (kind == "CS" and before in ("EN", "AN"))
        ):
            kinds[index] = before
    for index in range(count):  # W5
        if kinds[index] == "EN":
            for step in (-1, 1):
                other = index + step
                while 0 <= other < count and kinds[other] == "ET":
                    kinds[other] = "EN"
                    other += step
    kinds = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in kinds]  # W6
    strong = edge
    for index, kind in enumerate(kinds):  # W7
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            kinds[index] = "L"

    index = 0
    while index < count:  # N1, N2: numbers count as R
        if kinds[index] not in _NEUTRAL:
            index += 1
            continue
        end = index
        while end < count and kinds[end] in _NEUTRAL:
            end += 1
        before = edge if index == 0 else ("L" if kinds[index - 1] == "L" else "R")
        after = edge if end == count else ("L" if kinds[end] == "L" else "R")
        kinds[index:end] = [before if before == after else edge] * (end - index)
        index = end

    if base == 0:  # I1
        levels = [0 if kind == "L" else 1 if kind == "R" else 2 for kind in kinds]
    else:  # I2
        levels = [1 if kind == "R" else 2 for kind in kinds]
    for index in range(count - 1, -1, -1):  # L1: trailing whitespace takes the paragraph's level
        if original[index] not in _TRAILING:
            break
        levels[index] = base
    return levels


def visual_order(runs: Sequence[Run]) -> list[Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse each stretch."""
    order = list(runs)
    odd = [run.level for run in order if run.level % 2]
    if not odd:
        return order
    for level in range(max(run.level for run in order), min(odd) - 1, -1):
        index = 0
        while index < len(order):
            if order[index].level < level:
                index += 1
                continue
            end = index
            while end < len(order) and order[end].level >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order


# -- the platform -----------------------------------------------------------------------


@cache
def _raqm() -> bool:
    from PIL import features

    return bool(features.check_feature("raqm") and features.check_feature("fribidi"))


def _require_bidi() -> None:
    if not _raqm():
        from PIL import features

        raise FontError(
            "right-to-left text needs Pillow's raqm layout with FriBiDi "
            f"(raqm: {features.version('raqm') or 'missing'}, "
            f"fribidi: {features.version('fribidi') or 'missing'}); "
            "on Debian run `apt-get install libfribidi0` and try again"
        )


def diagnostics() -> dict[str, str]:
    """What text rendering depends on, for ``quotecards doctor`` to print."""
    import PIL
    from PIL import features

    report = {"pillow": PIL.__version__}
    for name in ("freetype2", "raqm", "fribidi", "harfbuzz"):
        report[name] = features.version(name) or "missing"
    report["layout"] = "raqm" if _raqm() else "basic (no right-to-left text, no CJK forms)"
    report["fonts"] = str(fonts_directory())
    try:
        book = FontBook.default()
    except FontError as error:
        report["families"] = f"error: {error}"
    else:
        report["families"] = ", ".join(
            f"{family.name} ({len(family.faces)})" for family in book.families.values()
        )
    return report
