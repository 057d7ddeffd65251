"""Themes: how a card looks, read from ``templates/*.toml`` so that both renderers share them.

A theme is data: colours, typefaces, the range of quote sizes, margins, the style of quotation
marks and the background.  This module reads and checks theme files and holds the colour
arithmetic (WCAG luminance and contrast) that the brand check and the tests use.

A theme file, key by key (``templates/classic.toml`` is a full example)::

    name, description      the name for --theme; a phrase for alt text ("serif type on ...")
    [colors]               #RRGGBB: background, text (the quote), accent (marks, rule),
                           muted (role and publication lines); text colours keep 4.5:1,
                           the accent (a graphic) 3:1
    [background]           kind = solid | gradient | photo
                           gradient: colors = [...], angle (CSS degrees, 180 = downwards)
                           photo: photo (path from the TOML file), scrim, scrim_opacity
    [type]                 quote, label, mark = { family, weight, italic } (mark: optional,
                           the face of the quotation marks, where the quote's own look
                           straight); min_size, max_size (the quote's range: max_size is the
                           display size a two-word quote may reach), name_size, role_size (the
                           attribution's scale; quotecards keeps them above its floors), each a
                           fraction of the short side or "40px"; max_lines (on a square card;
                           taller cards allow more in proportion); leading (line height in
                           sizes); label_upper (speaker in capitals)
    [layout]               kind = column | split | framed (see quotecards/typeset/frames.py:
                           the text in the safe area; a half-bleed panel, the speaker's photo
                           or a block of accent colour, beside the text, or above it on tall
                           cards; a thin accent frame around it); photo = avatar | background |
                           panel | none (what a speaker's photo becomes: a circle beside the
                           name, the card's background under the scrim, the split panel, or
                           nothing); align = start | center; marks = hanging | above | none;
                           rule (accent rule above the attribution); padding (inside the
                           format's safe area, a fraction of the short side); brackets = hide |
                           show (a first letter whose case was changed, "[T]he": shown plain
                           on the card, or with its brackets); footer = bottom-start |
                           bottom-center | bottom-end | top-start | top-center | top-end (the
                           corner of the safe area that holds the logo, the publication and the
                           handle; start is the left of a left-to-right card; by default
                           bottom-start, or bottom-center in a centred theme)
    [brand]                theme colour role = brand colour name (primary, accent, text, muted);
                           fonts = the brand typefaces the theme takes (["quote", "label"] by
                           default; [] keeps the theme's own type whatever the brand)
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from quotecards.errors import QuotecardsError
from quotecards.formats import Format
from quotecards.images import ImageError, confined_image, open_image
from quotecards.paths import shipped
from quotecards.suggest import did_you_mean

TEMPLATES = shipped("templates")
AA = 4.5  # WCAG 2 level AA for body text, which a quote card's smallest line is
GRAPHIC = 3.0  # WCAG 2.1 SC 1.4.11: marks, rules and other graphics against what they touch

Rgb = tuple[int, int, int]
Footer = Literal[
    "bottom-start", "bottom-center", "bottom-end", "top-start", "top-center", "top-end"
]
FOOTERS: tuple[Footer, ...] = get_args(Footer)


class ThemeError(QuotecardsError):
    """A theme that cannot be found or read."""


def parse_colour(value: str) -> Rgb:
    """``#1e1b16`` or ``#fff`` -> ``(30, 27, 22)``."""
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"not a colour: {value!r} (write it as #RRGGBB)")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def hex_colour(rgb: Rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def mix(a: Rgb, b: Rgb, t: float) -> Rgb:
    """The colour ``t`` of the way from ``a`` to ``b``, as paint mixes in sRGB."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: Rgb) -> float:
    """WCAG relative luminance, 0 for black to 1 for white."""
    r, g, b = rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: Rgb, b: Rgb) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True, slots=True)
class Length:
    """A size that scales with the card (``unit="short"``: a fraction of its short side) or not."""

    value: float
    unit: Literal["short", "px"] = "short"

    def px(self, fmt: Format) -> float:
        return self.value * fmt.short_side if self.unit == "short" else self.value


@dataclass(frozen=True, slots=True)
class Typeface:
    family: str
    weight: int = 400
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Background:
    """What lies under the text.

    ``solid`` fills with the palette's background; ``gradient`` runs through ``colors`` along
    ``angle`` (degrees clockwise from "to top", as in CSS); ``photo`` covers the card with an
    image, cropped to fill about ``focus`` (:func:`quotecards.images.focus_crop`), under a flat
    ``scrim`` of the given opacity that keeps text readable wherever it falls.
    """

    kind: Literal["solid", "gradient", "photo"]
    colors: tuple[str, ...] = ()
    angle: float = 180.0
    photo: Path | None = None
    scrim: str = "#000000"
    scrim_opacity: float = 0.0
    focus: tuple[float, float] = (0.5, 0.5)  # the point of the photo kept in view (a speaker's)
    anchor: tuple[float, float] = (0.5, 0.5)  # where on the card that point is brought


@dataclass(frozen=True, slots=True)
class Palette:
    """``text`` sets the quote, ``accent`` its marks and rule, ``muted`` the smaller lines."""

    background: str
    text: str
    accent: str
    muted: str

    def ink(self) -> dict[str, str]:
        """The colours drawn on the background, by role (see :data:`NEEDS` for what each
        must reach)."""
        return {"text": self.text, "accent": self.accent, "muted": self.muted}


# The contrast each colour role needs: the quote and the smaller lines are text; the accent
# draws only quotation marks and rules, graphics that need 3:1, so a brand's gold stays gold.
NEEDS: dict[str, float] = {"text": AA, "muted": AA, "accent": GRAPHIC}


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    description: str
    palette: Palette
    background: Background
    quote_face: Typeface
    label_face: Typeface
    mark_face: Typeface | None
    min_size: Length
    max_size: Length
    name_size: Length
    role_size: Length
    max_lines: int = 7
    leading: float = 1.2
    align: Literal["start", "center"] = "start"
    marks: Literal["hanging", "above", "none"] = "hanging"
    label_upper: bool = False
    rule: bool = False
    padding: float = 0.05
    brackets: Literal["hide", "show"] = "hide"
    footer: Footer = "bottom-start"
    brand_colors: tuple[tuple[str, str], ...] = ()
    kind: Literal["column", "split", "framed"] = "column"
    photo: Literal["avatar", "background", "panel", "none"] = "avatar"
    brand_fonts: tuple[str, ...] = ("quote", "label")
    source: Path | None = field(default=None, compare=False)

    def describe(self) -> str:
        """One line for ``quotecards themes``."""
        return f"{self.name:<10} {self.description}"

    def with_palette(self, **colours: str) -> Theme:
        return replace(self, palette=replace(self.palette, **colours))


def _length(value: Any, where: str) -> Length:
    if isinstance(value, int | float) and 0 < value < 1:
        return Length(float(value), "short")
    if isinstance(value, str) and value.endswith("px"):
        return Length(float(value[:-2]), "px")
    raise ThemeError(
        f"{where}: {value!r} is not a size: give a fraction of the short side "
        "(0.06) or pixels ('40px')"
    )


def _typeface(value: Any, where: str) -> Typeface:
    if not isinstance(value, dict) or "family" not in value:
        raise ThemeError(f'{where}: expected {{ family = "...", weight = 400 }}')
    return Typeface(
        str(value["family"]), int(value.get("weight", 400)), bool(value.get("italic", False))
    )


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> Any:
    if value not in allowed:
        raise ThemeError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def theme_from_data(data: dict[str, Any], source: Path) -> Theme:
    """A theme from the parsed TOML of ``source`` (named in every error)."""
    where = source.name
    try:
        colours = data["colors"]
        for key, value in colours.items():
            parse_colour(value)
            if key not in ("background", "text", "accent", "muted"):
                raise ThemeError(f"{where}: [colors] has an unknown role {key!r}")
        palette = Palette(**{k: colours[k] for k in ("background", "text", "accent", "muted")})
        back = data.get("background", {"kind": "solid"})
        kind = _choice(
            back.get("kind", "solid"), ("solid", "gradient", "photo"), f"{where} [background] kind"
        )
        stops = tuple(back.get("colors", ()))
        for stop in stops:
            parse_colour(stop)
        if kind == "gradient" and len(stops) < 2:
            raise ThemeError(f"{where}: a gradient background needs two colours or more")
        if kind == "photo" and "photo" not in back:
            raise ThemeError(f'{where}: a photo background needs photo = "FILE"')
        try:
            photo = (
                confined_image(str(back["photo"]), source.parent, f"{where} [background] photo")
                if "photo" in back
                else None
            )
        except ImageError as error:
            raise ThemeError(str(error)) from None
        background = Background(
            kind,
            stops,
            float(back.get("angle", 180)),
            photo,
            back.get("scrim", "#000000"),
            float(back.get("scrim_opacity", 0.0)),
        )
        parse_colour(background.scrim)
        kind_of_type = data["type"]  # "type" would shadow the builtin
        layout = data.get("layout", {})
        brand = dict(data.get("brand", {}))
        brand_fonts = brand.pop("fonts", ["quote", "label"])
        if not isinstance(brand_fonts, list) or any(
            f not in ("quote", "label") for f in brand_fonts
        ):
            raise ThemeError(
                f"{where}: [brand] fonts = {brand_fonts!r}: list the brand typefaces the theme "
                'takes, from "quote" and "label" (or [] for none)'
            )
        for role in brand:
            if role not in ("background", "text", "accent", "muted"):
                raise ThemeError(f"{where}: [brand] maps an unknown colour role {role!r}")
        align = _choice(layout.get("align", "start"), ("start", "center"), f"{where} align")
        theme = Theme(
            name=str(data["name"]),
            description=str(data["description"]),
            palette=palette,
            background=background,
            quote_face=_typeface(kind_of_type["quote"], f"{where} [type] quote"),
            label_face=_typeface(kind_of_type["label"], f"{where} [type] label"),
            mark_face=_typeface(kind_of_type["mark"], f"{where} [type] mark")
            if "mark" in kind_of_type
            else None,
            min_size=_length(kind_of_type["min_size"], f"{where} [type] min_size"),
            max_size=_length(kind_of_type["max_size"], f"{where} [type] max_size"),
            name_size=_length(
                kind_of_type.get("name_size", kind_of_type.get("label_size")),
                f"{where} [type] name_size",
            ),
            role_size=_length(
                kind_of_type.get("role_size", kind_of_type.get("label_size")),
                f"{where} [type] role_size",
            ),
            max_lines=int(kind_of_type.get("max_lines", 7)),
            leading=float(kind_of_type.get("leading", 1.2)),
            align=align,
            marks=_choice(
                layout.get("marks", "hanging"), ("hanging", "above", "none"), f"{where} marks"
            ),
            label_upper=bool(kind_of_type.get("label_upper", False)),
            rule=bool(layout.get("rule", False)),
            padding=float(layout.get("padding", 0.05)),
            brackets=_choice(layout.get("brackets", "hide"), ("hide", "show"), f"{where} brackets"),
            footer=_choice(
                layout.get("footer", "bottom-center" if align == "center" else "bottom-start"),
                FOOTERS,
                f"{where} [layout] footer",
            ),
            brand_colors=tuple(sorted(brand.items())),
            kind=_choice(
                layout.get("kind", "column"), ("column", "split", "framed"), f"{where} kind"
            ),
            photo=_choice(
                layout.get("photo", "avatar"),
                ("avatar", "background", "panel", "none"),
                f"{where} photo",
            ),
            brand_fonts=tuple(brand_fonts),
            source=source,
        )
    except KeyError as missing:
        raise ThemeError(f"{where}: missing {missing.args[0]!r}") from None
    except ValueError as bad:
        raise ThemeError(f"{where}: {bad}") from None
    return _checked(theme, where)


# Names a theme cannot take: its template would be one of the page's own (``<name>.html.j2``).
RESERVED_NAMES = ("base", "card", "shell", "gallery")
MIN_TEXT_CONTRAST = 4.5  # WCAG AA, as brand colours are held to


def _checked(theme: Theme, where: str) -> Theme:
    """A theme whose numbers are numbers, whose name is its own, and whose text can be read."""
    if theme.name in RESERVED_NAMES:
        raise ThemeError(
            f"{where}: name {theme.name!r} is reserved for the page's own templates "
            f"({', '.join(RESERVED_NAMES)}); give the theme another name"
        )
    numbers = {
        "[type] leading": theme.leading,
        "[layout] padding": theme.padding,
        "[background] angle": theme.background.angle,
        "[background] scrim_opacity": theme.background.scrim_opacity,
        **{
            f"[type] {key}": getattr(theme, key).value
            for key in ("min_size", "max_size", "name_size", "role_size")
        },
    }
    for key, value in numbers.items():
        if not math.isfinite(value):
            raise ThemeError(f"{where}: {key} = {value!r} is not a number; give a finite value")
    for role in ("text", "muted"):
        colour = getattr(theme.palette, role)
        worst = worst_contrast(theme, colour)
        if worst < MIN_TEXT_CONTRAST:
            raise ThemeError(
                f"{where}: [colors] {role} = {colour!r} has {worst:.1f}:1 contrast on the "
                f"theme's background; text needs {MIN_TEXT_CONTRAST}:1 to be read"
            )
    return theme


def load_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ThemeError(
            f"{path.name}: byte {error.start} is not UTF-8; re-save the theme file as UTF-8"
        ) from None
    except OSError as error:
        raise ThemeError(f"cannot read theme {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"{path.name}: not valid TOML: {error}") from None
    return theme_from_data(data, path)


@cache
def _themes_in(folder: Path) -> tuple[Theme, ...]:
    themes = tuple(
        load_theme(p) for p in sorted(folder.glob("*.toml")) if p.stem != "brand.example"
    )
    names = [t.name for t in themes]
    if len(set(names)) != len(names):
        raise ThemeError(f"{folder}: two theme files share a name")
    return themes


def load_themes(folder: Path = TEMPLATES) -> tuple[Theme, ...]:
    """Every theme in ``folder``, sorted by file name."""
    return _themes_in(folder.resolve())


def get_theme(name: str, folder: Path = TEMPLATES) -> Theme:
    themes = load_themes(folder)
    for theme in themes:
        if theme.name == name.strip().lower():
            return theme
    known = [t.name for t in themes]
    hint = did_you_mean(name, known)
    raise ThemeError(f"unknown theme {name!r}: {hint}use one of {', '.join(known)}, or 'all'")


def parse_themes(spec: str, folder: Path = TEMPLATES) -> tuple[Theme, ...]:
    """``classic,bold`` or ``all`` -> the themes, in the order given, each once."""
    names = [part.strip() for part in spec.split(",") if part.strip()]
    if not names:
        raise ThemeError("no theme given: use a name such as 'classic', a list, or 'all'")
    chosen: dict[str, Theme] = {}
    for name in names:
        for theme in load_themes(folder) if name.lower() == "all" else (get_theme(name, folder),):
            chosen.setdefault(theme.name, theme)
    return tuple(chosen.values())


def _photo_extremes(photo: Path, scrim: Rgb, opacity: float) -> tuple[Rgb, Rgb]:
    """Bounds on the photo under its scrim: the lowest and the highest of each channel.

    Bounds, not pixels, so the check is safe wherever the card's crop falls (luminance grows
    with every channel).
    """
    from PIL import Image

    image = open_image(photo)
    seen = Image.blend(image.convert("RGB"), Image.new("RGB", image.size, scrim), opacity)
    low, high = zip(*seen.getextrema(), strict=True)
    return (low[0], low[1], low[2]), (high[0], high[1], high[2])


@cache
def _extremes_cached(photo: Path, scrim: Rgb, opacity: float) -> tuple[Rgb, Rgb]:
    return _photo_extremes(photo, scrim, opacity)


def backdrop(theme: Theme) -> tuple[Rgb, ...]:
    """The colours text may stand on: the solid colour, every gradient stop, or the bounds of the
    photo under its scrim (the worst contrast is always against one end)."""
    back = theme.background
    if back.kind == "gradient":
        return tuple(parse_colour(c) for c in back.colors)
    if back.kind == "photo" and back.photo is not None:
        return _extremes_cached(back.photo, parse_colour(back.scrim), back.scrim_opacity)
    return (parse_colour(theme.palette.background),)


def worst_contrast(theme: Theme, colour: str) -> float:
    """The lowest contrast of ``colour`` against anything it may be set on in this theme."""
    ink = parse_colour(colour)
    return min(contrast(ink, under) for under in backdrop(theme))


# A colour made to pass is set a little past the line, so that rounding never takes it back under.
MARGIN = 0.05


def nearest_readable(colour: str, theme: Theme, target: float) -> str | None:
    """The colour closest to ``colour``, mixed towards black or white, with ``target`` contrast
    against everything it may stand on in ``theme``; None when neither end reaches it."""
    start = parse_colour(colour)
    unders = backdrop(theme)
    options: list[tuple[float, str]] = []
    for end in ((0, 0, 0), (255, 255, 255)):

        def passes(t: float, end: Rgb = end) -> bool:
            ink = mix(start, end, t)
            return min(contrast(ink, under) for under in unders) >= target

        if not passes(1.0):
            continue
        low, high = 0.0, 1.0
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (low, middle) if passes(middle) else (middle, high)
        options.append((high, hex_colour(mix(start, end, high))))
    return min(options)[1] if options else None


def accent_text(theme: Theme) -> str:
    """The accent as a colour for text (a highlighted phrase of the quote, a carousel's kicker
    and handle): the accent, which is held only to the 3:1 of a graphic (:data:`NEEDS`), so
    where it falls short of text's 4.5:1 on anything it may stand on, the nearest mix of it
    that reads.  The one place that decides it; both renderers take it from the layout."""
    accent = theme.palette.accent
    if worst_contrast(theme, accent) >= AA:
        return accent
    return nearest_readable(accent, theme, AA + MARGIN) or theme.palette.text
