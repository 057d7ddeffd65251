"""Image files a card is made with (a brand's logo, a theme's photo): confined and checked once.

A logo or photo is named by a path relative to its brand or theme file.  It must stay inside
that file's project (the nearest folder above holding ``quotecards.toml`` or ``.git``, else the
file's own folder), as a review file's source must: a brand or theme from someone else cannot
put a file from elsewhere on the machine into a card.  It is decoded in full when its brand or
theme is read, so that a broken, empty, truncated or oversized image is one line naming the
file, at once, in both renderers, never a traceback or a browser left waiting for it.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from quotecards.errors import QuotecardsError

if TYPE_CHECKING:
    from PIL import Image

# Far past any card's need (a 7,000 x 7,000 photo), and short of what a decompression bomb
# makes a process allocate.
MAX_PIXELS = 50_000_000
PROJECT_MARKERS = ("quotecards.toml", ".git")


class ImageError(QuotecardsError):
    """A logo or photo that cannot be used: outside the project, missing, or not an image."""


def project_root(folder: Path) -> Path:
    """The nearest folder at or above ``folder`` holding a project marker, else ``folder``."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return folder


def confined_image(value: str, base: Path, where: str) -> Path:
    """The image ``value`` names, relative to ``base`` (the brand or theme file's folder):
    resolved (links followed), inside the project, and decodable; else :class:`ImageError`."""
    root = project_root(base)
    path = (base / value).resolve()
    if not path.is_relative_to(root):
        raise ImageError(
            f"{where}: {value!r} is outside the project ({root}); keep the image in the "
            "folder of the file that names it, or below it"
        )
    if not path.is_file():
        raise ImageError(f"{where}: {value!r} is not a file (relative to {base})")
    check_image(path, where)
    return path


def check_image(path: Path, where: str = "") -> None:
    """Raise :class:`ImageError` unless ``path`` decodes in full as an image of sensible size."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ImageError(
            f"{where or path}: {path.name}: cannot be read ({error.strerror})"
        ) from None
    problem = _problem(path, stat.st_size, stat.st_mtime_ns)
    if problem:
        raise ImageError(f"{where or path}: {path.name}: {problem}")


def open_image(path: Path) -> Image.Image:
    """``path`` decoded (checked first), for a renderer to paint with."""
    from PIL import Image

    check_image(path)
    with Image.open(path) as image:
        image.load()
        return image.copy()


@lru_cache(maxsize=64)
def _problem(path: Path, size: int, mtime_ns: int) -> str:
    """What is wrong with the image file, or ""; cached while the file stays the same."""
    from PIL import Image, UnidentifiedImageError

    if size == 0:
        return "the file is empty; give a PNG, JPEG or WebP image"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (
                        f"{width}x{height} pixels is far larger than a card needs; "
                        f"use an image of at most {MAX_PIXELS // 1_000_000} megapixels"
                    )
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (
            "the image claims to be too large to decode safely; "
            f"use an image of at most {MAX_PIXELS // 1_000_000} megapixels"
        )
    except UnidentifiedImageError:
        return "not an image Pillow can read; give a PNG, JPEG or WebP image"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return f"a broken image ({error}); export it again as PNG, JPEG or WebP"
    return ""


def focus_crop(
    size: tuple[int, int],
    box: tuple[float, float],
    focus: tuple[float, float],
    anchor: tuple[float, float] = (0.5, 0.5),
) -> tuple[float, float, float, float]:
    """The part of an image of ``size`` that covers a box of ``box`` (width, height) pixels,
    bringing the point ``focus`` (fractions of the image's width and height) as near the
    point ``anchor`` of the box (its centre, unless told) as the image allows: ``(left, top,
    right, bottom)`` in the image's pixels.  Both renderers crop a speaker's photo with it, so
    they show the same face in the same place."""
    width, height = size
    scale = max(box[0] / width, box[1] / height)
    crop_w, crop_h = box[0] / scale, box[1] / scale
    left = min(max(focus[0] * width - anchor[0] * crop_w, 0.0), width - crop_w)
    top = min(max(focus[1] * height - anchor[1] * crop_h, 0.0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


@lru_cache(maxsize=32)
def cropped_photo(
    path: Path,
    size: tuple[int, int],
    focus: tuple[float, float],
    mtime_ns: int = 0,
    anchor: tuple[float, float] = (0.5, 0.5),
) -> Image.Image:
    """The photo at ``path`` cropped about ``focus`` (brought to ``anchor``) to cover ``size``
    pixels (RGB, Lanczos): what both renderers paint, cached per file version, size and focal
    point."""
    from PIL import Image

    photo = open_image(path).convert("RGB")
    box = focus_crop(photo.size, size, focus, anchor)
    return photo.resize(size, Image.Resampling.LANCZOS, box=box)
