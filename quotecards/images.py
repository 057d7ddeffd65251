"""Image files a card is made with (a brand's logo, a theme's photo, a speaker's photo):
confined and checked once.

A logo or photo is named by a path relative to the file that names it (a brand, a theme, a
project or a review file).  It must stay inside that file's project (the nearest folder above
holding ``quotecards.toml`` or ``.git``, else the file's own folder), as a review file's source
must: a file from someone else cannot put a file from elsewhere on the machine into a card.  It
is decoded in full when that file is read, so that a broken, empty, truncated or oversized image
is one line naming the file, at once, in both renderers, never a traceback or a browser left
waiting for it.  A speaker's photo (:func:`check_photo`) must also be large enough to fill a
card's photo panel without blurring.
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
# A speaker's photo may fill half a 1080 px card: a shorter side under this is visibly blurred.
MIN_PHOTO_SIDE = 400
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
    path = _confined(value, base, where)
    if not path.is_file():
        raise ImageError(f"{where}: {value!r} is not a file (relative to {base})")
    check_image(path, where)
    return path


def confined_photo(value: str, base: Path, where: str) -> Path:
    """A speaker's photo that ``value`` names, relative to ``base`` (the project or review
    file's folder): inside the project, and a usable photo (:func:`check_photo`)."""
    path = _confined(value, base, where)
    check_photo(path, where, shown=value)
    return path


def _confined(value: str, base: Path, where: str) -> Path:
    root = project_root(base)
    path = (base / value).resolve()
    if not path.is_relative_to(root):
        raise ImageError(
            f"{where}: {value!r} is outside the project ({root}); keep the image in the "
            "folder of the file that names it, or below it"
        )
    return path


def check_photo(path: Path, where: str, *, shown: str = "") -> None:
    """Raise :class:`ImageError` unless ``path`` is a speaker's photo a card can use: a file,
    an image that decodes in full, and at least :data:`MIN_PHOTO_SIDE` pixels on its shorter
    side.  ``where`` says who named it (``--photo``, a file and line); ``shown`` is the path as
    it was written there."""
    shown = shown or str(path)
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "no such file"
        raise ImageError(
            f"{where}: {shown}: {what}; give the path of the speaker's photo "
            "(a JPEG, PNG or WebP file)"
        )
    check_image(path, f"{where}: {shown}", named=False)
    width, height = image_size(path)
    if min(width, height) < MIN_PHOTO_SIDE:
        raise ImageError(
            f"{where}: {shown}: {width}x{height} pixels is too small for a card's photo, "
            f"which would be blurred; use a photo at least {MIN_PHOTO_SIDE} pixels on its "
            "shorter side (the original, not a thumbnail)"
        )


def image_size(path: Path) -> tuple[int, int]:
    """An image's width and height in pixels (read from its header; cached while the file stays
    the same)."""
    stat = path.stat()
    return _size(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _size(path: Path, size: int, mtime_ns: int) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def check_image(path: Path, where: str = "", *, named: bool = True) -> None:
    """Raise :class:`ImageError` unless ``path`` decodes in full as an image of sensible size.
    The message starts with ``where`` and, unless ``named`` is false (``where`` names it
    already), the file's name."""
    prefix = f"{where or path}: {path.name}" if named else where
    try:
        stat = path.stat()
        with path.open("rb"):  # a file the user may not read is said so, not called broken
            pass
    except OSError as error:
        raise ImageError(
            f"{prefix}: cannot be read ({error.strerror}); check the file's permissions"
        ) from None
    problem = _problem(path, stat.st_size, stat.st_mtime_ns)
    if problem:
        raise ImageError(f"{prefix}: {problem}")


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
