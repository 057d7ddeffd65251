"""The bundle's page, ``index.html``: its cards grouped by quote, so an editor chooses at a glance.

Filled from the manifest by ``templates/gallery.html.j2`` (autoescaped): per source, per quote a
heading (the quote, its speaker, the selector's score and reasons) over its cards, each a
thumbnail linked to the full-size image and labelled theme · format, the themes of a format kept
together (a line of their own where there are many, several formats a line where there are
few); then a section per carousel.  One self-contained page: styles inline, every link relative,
no script, nothing fetched, so it works opened from the folder or from the unzipped archive;
thumbnails load lazily, so a bundle of hundreds of cards opens at once.

The page reads the manifest through :func:`quotes` and :func:`carousels`, which turn its entries
into plain records with every field the template uses, so the template never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from quotecards.themes import TEMPLATES

__all__ = ["TEMPLATE", "carousels", "index_html", "quotes"]

TEMPLATE = "gallery.html.j2"
CAROUSEL = "carousel"  # the kind of a manifest entry that is a carousel, or one of its slides


def index_html(data: dict[str, Any], folder: Path = TEMPLATES) -> bytes:
    """The gallery page for a manifest."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    sources = quotes(data)
    page = environment.get_template(TEMPLATE).render(
        manifest=data,
        sources=sources,
        carousels=carousels(data),
        count=sum(len(q["cards"]) for s in sources for q in s["quotes"]),
        quote_count=sum(len(s["quotes"]) for s in sources),
    )
    return page.encode("utf-8")


def quotes(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The manifest's cards by source, then by quote, in manifest order."""
    folders = {s["path"]: s.get("folder", "") for s in data.get("sources", ())}
    sources: dict[str, dict[str, Any]] = {}
    for asset in data["assets"]:
        if asset.get("kind") == CAROUSEL:
            continue
        path = asset["source"]
        source = sources.setdefault(path, {"path": path, "quotes": {}})
        quote = source["quotes"].get(asset["quote_id"])
        if quote is None:
            quote = source["quotes"][asset["quote_id"]] = {
                "id": asset["quote_id"],
                # Unique on the page where two sources hold the same words (the same id).
                "anchor": "-".join(filter(None, (folders.get(path), asset["quote_id"]))),
                "text": asset["quote"],
                "speaker": asset["speaker"],
                "role": asset.get("role", ""),
                "score": asset.get("score"),
                "reasons": list(asset.get("reasons", ())),
                "cards": [],
                "formats": {},
            }
        card = _card(asset)
        quote["cards"].append(card)
        quote["formats"].setdefault(card["format"], []).append(card)
    return [
        {
            **s,
            "quotes": [{**q, "formats": list(q["formats"].values())} for q in s["quotes"].values()],
        }
        for s in sources.values()
    ]


def carousels(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The manifest's carousels, each with its slides in order.

    Read loosely, as carousels may be listed: entries of ``data["carousels"]`` or assets of kind
    ``"carousel"``; an entry with ``slides`` (a list of images) is a whole carousel, any other
    is one slide, grouped with the others naming the same ``carousel`` (else ``quote_id``).
    A carousel may give ``title``, ``speaker``, ``source``, ``format``, ``theme`` and ``pdf``
    (its one-file version); a slide ``path``, ``alt``, ``width``, ``height`` and ``thumbnail``.
    """
    entries: Iterable[Mapping[str, Any]] = (
        *data.get("carousels", ()),
        *(a for a in data["assets"] if a.get("kind") == CAROUSEL),
    )
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = str(entry.get("carousel") or entry.get("id") or entry.get("quote_id") or "")
        if "slides" in entry:
            key = key or str(entry.get("pdf") or len(found))
        carousel = found.get(key)
        if carousel is None:
            carousel = found[key] = {
                "anchor": f"carousel-{len(found) + 1}",
                "title": entry.get("title") or entry.get("quote") or "Carousel",
                "speaker": entry.get("speaker") or "",
                "source": entry.get("source") or "",
                "look": " · ".join(filter(None, (entry.get("theme"), entry.get("format")))),
                "pdf": entry.get("pdf") or "",
                "slides": [],
            }
        carousel["slides"] += [_card(s) for s in entry.get("slides", (entry,))]
    for carousel in found.values():
        total = len(carousel["slides"])
        for number, slide in enumerate(carousel["slides"], 1):
            slide["label"] = slide["label"] or f"{number}/{total}"
            slide["alt"] = slide["alt"] or f"{carousel['title']}: slide {number} of {total}"
    return list(found.values())


def _card(asset: Mapping[str, Any]) -> dict[str, Any]:
    width, height = asset.get("width") or 1, asset.get("height") or 1
    longest = max(width, height)
    return {
        "path": asset["path"],
        # Older manifests have no thumbnails: the card itself, scaled by the browser.
        "thumbnail": asset.get("thumbnail") or asset["path"],
        "alt": asset.get("alt", ""),
        "alt_path": asset.get("alt_path", ""),
        "width": asset.get("width", 0),
        "height": asset.get("height", 0),
        "theme": asset.get("theme", ""),
        "format": asset.get("format", ""),
        "label": asset.get("label", ""),
        # Each side's share of the longest: the page fits every card in one square box.
        "w": round(width / longest, 4),
        "h": round(height / longest, 4),
    }
