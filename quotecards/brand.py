"""A publication's brand kit, and the one place where it meets a theme.

A brand file (``--brand brand.toml``; ``templates/brand.example.toml`` documents the format)
gives the publication's name or handle, its colours, optionally its typefaces and its logo.  Each
theme says which of its colour roles take which brand colour (its ``[brand]`` table).  The
result must still read: every colour that sets text keeps a WCAG AA contrast of 4.5:1 against all
it may stand on, and the accent, which draws only quotation marks and rules, the 3:1 that WCAG
asks for graphics (1.4.11).  A brand colour that falls short is darkened or lightened just as far
as its use needs, and the change is reported; with ``strict`` it is an error instead.  (A phrase
highlighted in the accent is text: :func:`quotecards.themes.accent_text` makes that one
readable, card by card, and leaves the marks' accent as it is.)
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from quotecards.errors import QuotecardsError
from quotecards.images import ImageError, confined_image
from quotecards.themes import (
    MARGIN,
    NEEDS,
    Theme,
    Typeface,
    backdrop,
    luminance,
    nearest_readable,
    parse_colour,
    worst_contrast,
)

COLOUR_NAMES = ("primary", "accent", "text", "muted")
_LOGO_TYPES = (".png", ".jpg", ".jpeg", ".webp")


class BrandError(QuotecardsError):
    """A brand file that cannot be read, or whose colours cannot be made readable."""


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand kit.  ``name`` and ``handle`` are a card's publication and handle unless others
    are given (see :mod:`quotecards.identity`); ``notes`` tell how its colours were adjusted to
    keep text readable."""

    name: str = ""
    handle: str = ""
    colors: tuple[tuple[str, str], ...] = ()
    quote_face: Typeface | None = None
    label_face: Typeface | None = None
    logo: Path | None = None
    logo_on_dark: Path | None = None
    brackets: Literal["hide", "show"] | None = None
    source: Path | None = field(default=None, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)

    def colour(self, name: str) -> str | None:
        return dict(self.colors).get(name)


@dataclass(frozen=True, slots=True)
class Branded:
    """A theme with a brand applied, and what had to change for its text to stay readable."""

    theme: Theme
    notes: tuple[str, ...] = ()


def apply_brand(theme: Theme, brand: Brand | None, *, strict: bool = False) -> Branded:
    """``theme`` in the brand's colours and typefaces, every text colour kept at AA contrast
    and the accent at the 3:1 of a graphic."""
    if brand is None:
        return Branded(theme)
    colours = {
        role: value
        for role, name in theme.brand_colors
        if (value := brand.colour(name)) is not None
        and (role != "background" or theme.background.kind == "solid")
    }
    branded = replace(
        theme.with_palette(**colours),
        # Only where the theme puts a brand's type: a display sans stays a display sans.
        quote_face=(brand.quote_face if "quote" in theme.brand_fonts else None) or theme.quote_face,
        label_face=(brand.label_face if "label" in theme.brand_fonts else None) or theme.label_face,
        brackets=brand.brackets or theme.brackets,
    )
    notes: list[str] = []
    fixes: dict[str, str] = {}
    where = brand.source.name if brand.source else "brand"
    for role, ink in branded.palette.ink().items():
        need = NEEDS[role]
        ratio = worst_contrast(branded, ink)
        if ratio >= need:
            continue
        use = "text" if need > NEEDS["accent"] else "graphics such as quotation marks and rules"
        problem = (
            f"{where}: {role} colour {ink} has contrast {ratio:.2f}:1 in theme "
            f"{theme.name!r}, below the {need:g}:1 that WCAG asks for {use}"
        )
        better = None
        if not strict:
            # The quote itself goes well past the minimum, to a clean near-black or near-white,
            # rather than to a muddy mid-tone that only just passes.
            targets = (10.0, need + MARGIN) if role == "text" else (need + MARGIN,)
            better = next(
                (c for t in targets if (c := nearest_readable(ink, branded, t)) is not None), None
            )
        if better is None:
            hint = "choose a darker or lighter colour" if strict else "no nearby colour reads"
            raise BrandError(f"{problem}; {hint}")
        fixes[role] = better
        notes.append(f"{problem}; using {better} ({worst_contrast(branded, better):.2f}:1)")
    return Branded(branded.with_palette(**fixes), tuple(notes))


def is_dark(theme: Theme) -> bool:
    """Whether light ink suits the theme's background better than dark ink does."""
    unders = backdrop(theme)
    mean = sum(luminance(c) for c in unders) / len(unders)
    return 1.05 / (mean + 0.05) > (mean + 0.05) / 0.05


def logo_for(brand: Brand | None, theme: Theme) -> Path | None:
    """The brand's logo for this theme: the light version on a dark background, if there is one."""
    if brand is None:
        return None
    if brand.logo_on_dark is not None and is_dark(theme):
        return brand.logo_on_dark
    return brand.logo


def _face(value: Any, where: str) -> Typeface:
    if isinstance(value, str):
        return Typeface(value)
    if isinstance(value, dict) and "family" in value:
        weight = value.get("weight", 400)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 1000:
            raise BrandError(
                f"{where}: weight = {weight!r} is not a number from 1 to 1000 "
                "(400 regular, 700 bold)"
            )
        return Typeface(str(value["family"]), weight, bool(value.get("italic", False)))
    raise BrandError(f'{where}: give a family name or {{ family = "...", weight = 400 }}')


def _logo(value: Any, base: Path, where: str) -> Path | None:
    if value is None:
        return None
    path = (base / str(value)).resolve()
    if path.suffix.lower() not in _LOGO_TYPES:
        raise BrandError(
            f"{where}: {value!r} is not a PNG, JPEG or WebP file next to the brand file"
        )
    # Inside the project, and decoded in full now: a broken logo is one line, at once.
    try:
        return confined_image(str(value), base, where)
    except ImageError as error:
        raise BrandError(str(error)) from None


def brand_from_data(data: dict[str, Any], source: Path) -> Brand:
    where = source.name
    unknown = set(data) - {"name", "handle", "colors", "fonts", "logo", "logo_on_dark", "brackets"}
    if unknown:
        raise BrandError(f"{where}: unknown key {sorted(unknown)[0]!r} (see brand.example.toml)")
    colours = data.get("colors", {})
    fonts = data.get("fonts", {})
    for key, table in (("colors", colours), ("fonts", fonts)):
        if not isinstance(table, dict):
            raise BrandError(
                f"{where}: {key} must be a [{key}] table (see brand.example.toml), not {table!r}"
            )
    for name, value in colours.items():
        if name not in COLOUR_NAMES:
            raise BrandError(f"{where}: [colors] {name!r} is not one of {', '.join(COLOUR_NAMES)}")
        try:
            parse_colour(value)
        except (ValueError, AttributeError):
            raise BrandError(
                f"{where}: [colors] {name} = {value!r} is not a #RRGGBB colour"
            ) from None
    fonts = data.get("fonts", {})
    brackets = data.get("brackets")
    if brackets not in (None, "hide", "show"):
        raise BrandError(
            f'{where}: brackets = {brackets!r}: use "show" to keep "[T]he" on cards as edited, '
            'or "hide" (the default) to show a changed first letter plainly'
        )
    return Brand(
        name=str(data.get("name", "")).strip(),
        handle=str(data.get("handle", "")).strip(),
        colors=tuple(sorted((k, v.lower()) for k, v in colours.items())),
        quote_face=_face(fonts["quote"], f"{where} [fonts] quote") if "quote" in fonts else None,
        label_face=_face(fonts["label"], f"{where} [fonts] label") if "label" in fonts else None,
        logo=_logo(data.get("logo"), source.parent, f"{where} logo"),
        logo_on_dark=_logo(data.get("logo_on_dark"), source.parent, f"{where} logo_on_dark"),
        brackets=brackets,
        source=source,
    )


def _check_families(brand: Brand) -> None:
    from quotecards.fonts import FontBook

    families = FontBook.default().families
    for role, face in (("quote", brand.quote_face), ("label", brand.label_face)):
        if face is not None and face.family not in families:
            where = brand.source.name if brand.source else "brand"
            raise BrandError(
                f"{where}: [fonts] {role} family {face.family!r} is not vendored; "
                f"use one of {', '.join(families)}"
            )


def load_brand(path: Path, themes: Sequence[Theme] = (), *, strict: bool = False) -> Brand:
    """Read a brand file and check it against ``themes``; ``notes`` report adjusted colours."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BrandError(f"cannot read brand file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise BrandError(f"{path.name}: not valid TOML: {error}") from None
    brand = brand_from_data(data, path)
    _check_families(brand)
    notes = tuple(n for theme in themes for n in apply_brand(theme, brand, strict=strict).notes)
    return replace(brand, notes=notes)
