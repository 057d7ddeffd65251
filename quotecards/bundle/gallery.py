"""The bundle's two ways to look at it: ``index.html`` and a contact sheet.

``index.html`` is filled from the manifest by ``templates/gallery.html.j2`` (autoescaped): one
self-contained page, styles inline, every link relative, nothing fetched, so it works opened
from the folder or from the unzipped archive.  The contact sheet is one JPEG with every card in
manifest order, from thumbnails made once per card when it is rendered (decoding every image
for each sheet would cost more than a warm build).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quotecards.render.thumbnails import JPEG as _JPEG
from quotecards.render.thumbnails import THUMBNAIL, thumbnail
from quotecards.themes import TEMPLATES

__all__ = ["THUMBNAIL", "contact_sheet", "index_html", "sheet_layout", "thumbnail"]

TEMPLATE = "gallery.html.j2"
_GAP = 12
_MARGIN = 24
_MAX_PIXELS = 16_000_000  # keep the sheet small enough to open anywhere
_SHEET_BACKGROUND = (96, 96, 92)  # a mid grey, so that light and dark cards both stand out


def sheet_layout(count: int, per_quote: int) -> tuple[int, int]:
    """Columns and cell size: whole quotes per row, the sheet about 4:3 and at most 16 MP."""
    if count == 0:
        return 1, THUMBNAIL
    per_quote = max(1, per_quote)
    quotes = math.ceil(count / per_quote)
    per_row = max(1, round(math.sqrt(quotes * 4 / (3 * per_quote))))
    columns = min(count, per_quote * per_row)
    rows = math.ceil(count / columns)
    cell = min(THUMBNAIL, int(math.sqrt(_MAX_PIXELS / (columns * rows))) - _GAP)
    return columns, max(48, cell)


def contact_sheet(thumbnails: Sequence[Path], per_quote: int) -> bytes:
    """Every thumbnail in order on one JPEG, each centred in its cell."""
    from PIL import Image

    columns, cell = sheet_layout(len(thumbnails), per_quote)
    rows = max(1, math.ceil(len(thumbnails) / columns))
    width = 2 * _MARGIN + columns * cell + (columns - 1) * _GAP
    height = 2 * _MARGIN + rows * cell + (rows - 1) * _GAP
    sheet = Image.new("RGB", (width, height), _SHEET_BACKGROUND)
    for index, path in enumerate(thumbnails):
        with Image.open(path) as opened:
            opened.draft("RGB", (cell, cell))
            thumb = opened.convert("RGB")
        if max(thumb.size) > cell:
            thumb.thumbnail((cell, cell), Image.Resampling.BILINEAR)
        row, column = divmod(index, columns)
        x = _MARGIN + column * (cell + _GAP) + (cell - thumb.width) // 2
        y = _MARGIN + row * (cell + _GAP) + (cell - thumb.height) // 2
        sheet.paste(thumb, (x, y))
    out = io.BytesIO()
    sheet.save(out, "JPEG", **_JPEG)
    return out.getvalue()


def _groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Assets by source, then by quote, in manifest order."""
    sources: dict[str, dict[str, Any]] = {}
    for asset in data["assets"]:
        source = sources.setdefault(asset["source"], {"path": asset["source"], "quotes": {}})
        quote = source["quotes"].setdefault(
            asset["quote_id"],
            {
                "id": asset["quote_id"],
                "text": asset["quote"],
                "speaker": asset["speaker"],
                "role": asset["role"],
                "assets": [],
            },
        )
        quote["assets"].append(asset)
    return [{**s, "quotes": list(s["quotes"].values())} for s in sources.values()]


def index_html(data: dict[str, Any], folder: Path = TEMPLATES) -> bytes:
    """The gallery page for a manifest."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    page = environment.get_template(TEMPLATE).render(
        manifest=data,
        sources=_groups(data),
        count=len(data["assets"]),
    )
    return page.encode("utf-8")
