"""The bundle's gallery and contact sheets group cards by quote, so an editor compares a quote's
looks at a glance: checked on a bundle of the project's own samples, in the page's HTML (parsed
as a browser would), in the contact sheet's pixels, and in real Chromium at phone width."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from quotecards.bundle.build import build
from quotecards.bundle.gallery import index_html
from quotecards.bundle.project import load_project
from quotecards.bundle.sheet import Group, Style, Tile, bundle_layout, fit_label, plan
from quotecards.themes import load_themes
from tests.conftest import ARTICLE, ROOT, SAMPLE

# -- the page, parsed -----------------------------------------------------------------------

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def ancestor(self, tag: str) -> Element | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class Page(HTMLParser):
    """The page as a tree of elements; attribute values and text unescaped, as a browser
    reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(path: Path) -> Element:
    return Page(path.read_text(encoding="utf-8")).root


# -- a bundle of the samples ------------------------------------------------------------------

THEMES = ("classic", "midnight")  # a light and a dark background, told apart in the sheet


@dataclass(frozen=True)
class Bundle:
    folder: Path
    manifest: dict[str, Any]

    def quotes(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """The manifest's assets by (source, quote id), in manifest order."""
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for asset in self.manifest["assets"]:
            grouped.setdefault((asset["source"], asset["quote_id"]), []).append(asset)
        return grouped


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    folder = tmp_path_factory.mktemp("gallery")
    for sample in (SAMPLE, ARTICLE):
        shutil.copyfile(sample, folder / sample.name)
    project = folder / "quotecards.toml"
    project.write_text(
        f'sources = ["{SAMPLE.name}", "{ARTICLE.name}"]\ntop = 2\nformat = ["square", "og"]\n'
        f"theme = {json.dumps(list(THEMES))}\n",
        encoding="utf-8",
    )
    result = build(load_project(project), jobs=1)
    assert result.exit_status == 0
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    return Bundle(result.folder, manifest)


def test_the_gallery_has_one_group_per_quote_holding_every_card_of_that_quote(bundle: Bundle):
    page = parse(bundle.folder / "index.html")
    groups = page.all("section", "quote")
    quotes = bundle.quotes()
    assert len(quotes) == 4 and len(groups) == len(quotes)
    for group, ((source, quote_id), assets) in zip(groups, quotes.items(), strict=True):
        assert group.attrs["data-quote"] == quote_id
        assert group.ancestor("section").all("h2")[0].text() == source  # type: ignore[union-attr]
        # The heading is the quote, word for word, and the speaker is named under it.
        assert group.all("h3")[0].text() == f"“{assets[0]['quote']}”"
        assert assets[0]["speaker"] in group.text()
        assert f"score {assets[0]['score']}" in group.text()
        images = group.all("img")
        links = [img.ancestor("a") for img in images]
        assert [a.attrs["href"] for a in links if a] == [asset["path"] for asset in assets]
        for img, asset in zip(images, assets, strict=True):
            assert img.attrs["alt"] == asset["alt"] and asset["quote"] in img.attrs["alt"]
            assert img.attrs["loading"] == "lazy"
            caption = img.ancestor("figure").all("figcaption")[0].text()  # type: ignore[union-attr]
            assert f"{asset['theme']} · {asset['format']}" in caption
        # A format's themes kept together, formats in the manifest's order.
        lines = [[img.attrs["src"] for img in ul.all("img")] for ul in group.all("ul", "cards")]
        formats = list(dict.fromkeys(asset["format"] for asset in assets))
        by_format = [[a["thumbnail"] for a in assets if a["format"] == f] for f in formats]
        assert lines == by_format
    # No card shown twice, none left out.
    shown = [img.ancestor("a").attrs["href"] for img in page.all("img")]  # type: ignore[union-attr]
    assert sorted(shown) == sorted(a["path"] for a in bundle.manifest["assets"])


def test_every_thumbnail_is_a_small_jpeg_of_its_card_in_the_bundle(bundle: Bundle):
    page = parse(bundle.folder / "index.html")
    by_path = {a["path"]: a for a in bundle.manifest["assets"]}
    for img in page.all("img"):
        asset = by_path[img.ancestor("a").attrs["href"]]  # type: ignore[union-attr]
        thumb = bundle.folder / img.attrs["src"]
        assert img.attrs["src"] == asset["thumbnail"] and thumb.is_file()
        assert thumb.stat().st_size < (bundle.folder / asset["path"]).stat().st_size / 3
        with Image.open(thumb) as opened:
            assert opened.format == "JPEG" and max(opened.size) <= 320
            # The card's proportions, to the pixel the rounding allows.
            assert abs(opened.width / opened.height - asset["width"] / asset["height"]) < 0.02


def test_the_gallery_works_offline_from_the_folder(bundle: Bundle):
    html = (bundle.folder / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"https?:|//|url\(|<script", html)
    page = parse(bundle.folder / "index.html")
    ids = {e.attrs["id"] for e in page.all() if "id" in e.attrs}
    links = [e.attrs["src"] for e in page.all("img")] + [e.attrs["href"] for e in page.all("a")]
    assert len(links) > 2 * len(bundle.manifest["assets"])
    for link in links:
        if link.startswith("#"):
            assert link[1:] in ids, link
        else:
            assert not link.startswith("/") and (bundle.folder / link).is_file(), link


def hostile_manifest(**extra: Any) -> dict[str, Any]:
    asset = {
        "path": "s/q/square--classic.png",
        "alt_path": "s/q/square--classic.alt.txt",
        "width": 10,
        "height": 10,
        "format": "square",
        "theme": "classic",
        "quote_id": "q0",
        "quote": 'Tools & <script>alert("x")</script>',
        "speaker": "A <b>",
        "role": "",
        "source": "a.txt",
        "alt": '"><img src=x>',
        "reasons": ["<i>quotable</i>"],
        "score": 7,
    }
    return {
        "bundle": "cards",
        "generator": {"name": "quotecards", "version": "0"},
        "renderer": {"name": "pillow", "version": "0"},
        "files": {"manifest": "manifest.json", "contact_sheet": "c.jpg", "archive": "c.zip"},
        "assets": [asset],
        "failed": [],
        **extra,
    }


def test_the_gallery_shows_what_the_quotes_say_as_text_never_as_markup():
    page = Page(index_html(hostile_manifest()).decode("utf-8")).root
    assert not page.all("script") and not page.all("i")
    assert len(page.all("img")) == 1 and page.all("img")[0].attrs["alt"] == '"><img src=x>'
    group = page.all("section", "quote")[0]
    assert group.all("h3")[0].text() == '“Tools & <script>alert("x")</script>”'
    assert "A <b>" in group.text() and "<i>quotable</i>" in group.text()


def test_each_carousel_in_the_manifest_gets_its_own_section_with_its_slides_in_order():
    slides = [
        {"path": f"c/slide-{n}.png", "width": 1080, "height": 1350, "alt": f"Slide {n}"}
        for n in (1, 2, 3)
    ]
    loose = [  # slides listed one by one, as assets of kind "carousel"
        {**slide, "kind": "carousel", "carousel": "second", "title": "Second <deck>"}
        for slide in slides[:2]
    ]
    data = hostile_manifest(
        carousels=[{"id": "first", "title": "Bridges", "pdf": "c/first.pdf", "slides": slides}]
    )
    data["assets"] += loose
    page = Page(index_html(data).decode("utf-8")).root
    assert len(page.all("section", "quote")) == 1  # slides are not quote cards
    first, second = page.all("section", "carousel")
    assert first.all("h3")[0].text() == "Bridges" and second.all("h3")[0].text() == "Second <deck>"
    assert [i.attrs["alt"] for i in first.all("img")] == ["Slide 1", "Slide 2", "Slide 3"]
    assert [f.text().split(" ")[0] for f in first.all("figcaption")] == ["1/3", "2/3", "3/3"]
    assert [a.attrs["href"] for a in first.all("a") if a.attrs["href"].endswith(".pdf")] == [
        "c/first.pdf"
    ]
    assert len(second.all("img")) == 2


# -- the contact sheets -------------------------------------------------------------------------


def test_a_sheet_keeps_each_quotes_cards_inside_its_group_and_groups_apart():
    square, og, story = (1080, 1080), (1200, 630), (1080, 1920)
    shapes = [((square, square), (og, og)), ((square,), (og,)), ((story, story), (og, og))]
    style = Style((0, 0, 0), (255, 255, 255))
    layout = plan(shapes, cell=100, per_row=2, style=style)
    boxes = []
    for placed, shape in zip(layout.groups, shapes, strict=True):
        x, y, width, _ = placed.label
        right = max(cx + cw for cx, _, cw, _ in placed.cells)
        bottom = max(cy + ch for _, cy, _, ch in placed.cells)
        assert len(placed.cells) == sum(len(row) for row in shape)
        assert all(cx >= x and cx + cw <= x + width and cy > y for cx, cy, cw, _ in placed.cells)
        boxes.append((x, y, right, bottom))
    for a in boxes:
        for b in boxes:
            if a is not b:  # no two groups overlap; the gutter is wider than a card gap
                apart = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
                assert apart >= style.gutter > style.gap
    # A row of landscape cards is only as tall as they are.
    assert layout.groups[0].cells[2][3] == round(100 * 630 / 1200)
    assert max(p.label[0] + p.label[2] for p in layout.groups) + style.margin == layout.size[0]


def test_a_label_too_long_for_its_group_is_cut_with_an_ellipsis():
    def width(text: str) -> float:
        return 10.0 * len(text)

    assert fit_label("short", 100, width) == "short"
    assert fit_label("a long label that goes on", 100, width) == "a long la…"
    assert fit_label("anything", 5, width) == ""


def brightness(image: Image.Image, x: int, y: int) -> float:
    return sum(image.getpixel((x, y))) / 3  # type: ignore[arg-type]


def test_the_bundles_contact_sheet_shows_each_quote_as_a_labelled_group(bundle: Bundle):
    groups = [
        Group(
            "",
            tuple(
                tuple(Tile(Path(), a["width"], a["height"]) for a in assets if a["format"] == f)
                for f in ("square", "og")
            ),
        )
        for assets in bundle.quotes().values()
    ]
    layout, _ = bundle_layout([g.shape for g in groups])
    with Image.open(bundle.folder / "contact-sheet.jpg") as opened:
        sheet = opened.convert("RGB")
    assert sheet.size == layout.size
    grey = brightness(sheet, 2, 2)
    for placed, assets in zip(layout.groups, bundle.quotes().values(), strict=True):
        # Each card where its group puts it: classic's paper light, midnight's dark.
        for (x, y, w, _), asset in zip(placed.cells, assets, strict=True):
            seen = brightness(sheet, x + w // 2, y + 4)  # the card's top edge: its background
            assert seen > 200 if asset["theme"] == "classic" else seen < 50, asset["path"]
        # The label over it: light ink on the grey.
        x, y, w, h = placed.label
        strip = [brightness(sheet, px, py) for px in range(x, x + w, 2) for py in range(y, y + h)]
        assert max(strip) > 200 and abs(min(strip) - grey) < 40


def test_the_readme_command_makes_the_themes_sheet_a_row_per_quote(tmp_path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(
        r"`\.venv/bin/python (tools/contact_sheet\.py) (docs/themes\.png) (docs/carousel\.png)`",
        readme,
    )
    assert command, "the README no longer says how docs/themes.png and docs/carousel.png are made"
    target = tmp_path / "themes.png"
    strip = tmp_path / "carousel.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / command[1]), str(target), str(strip)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    themes = load_themes()
    with Image.open(strip) as slides:  # cover, four quotes, end, in a row
        assert slides.format == "PNG" and slides.width > 5 * slides.height
    with Image.open(target) as sheet:
        assert sheet.format == "PNG"
        rgb = sheet.convert("RGB")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import contact_sheet as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    quotes = sum(entry[1] for entry in tool.QUOTES)
    layout = plan(
        [(((1, 1),) * len(themes),)] * quotes,
        cell=tool.CELL,
        per_row=1,
        style=tool.STYLE,
        headings=[t.name for t in themes],
    )
    assert rgb.size == layout.size  # a row per quote, a column per theme
    assert target.stat().st_size < 400_000  # small enough for the README
    for _, (x, y, w, h) in layout.headings:  # each column headed by its theme's name
        assert (
            min(brightness(rgb, px, py) for px in range(x, x + w) for py in range(y, y + h)) < 150
        )


# -- in Chromium ----------------------------------------------------------------------------------

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from tests.test_review_browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    driver = playwright_api.sync_playwright().start()
    try:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        driver.stop()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_in_chromium_a_quotes_cards_fit_the_screen_and_load_from_the_folder(
    chromium: Any, bundle: Bundle, width: int, height: int, tmp_path: Path
):
    context = chromium.new_context(viewport={"width": width, "height": height})
    requested: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto((bundle.folder / "index.html").as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(tmp_path / f"gallery-{width}.png"))
        # Nothing wider than the screen, at phone width too: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        first = page.locator("section.quote").first
        boxes = [img.bounding_box() for img in first.locator("img").all()]
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
        # Lazy thumbnails load from the folder once scrolled to.
        first.locator("img").last.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelector('section.quote').querySelectorAll('img')]"
            ".every(i => i.complete && i.naturalWidth > 0)",
            timeout=20_000,
        )
        if width >= 1280:  # a quote's four cards side by side, on one line
            assert len({round(b["y"]) for b in boxes}) == 1
    finally:
        context.close()
    assert requested and all(url.startswith("file://") for url in requested)
