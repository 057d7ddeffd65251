from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from quotecards.render.html import HtmlRenderer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "lecun-interview.txt"
SAMPLE = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"the seed interview is missing at {SEED}; the tests read it from ../shared")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def no_chromium_survives_the_session() -> Iterator[None]:
    yield
    from quotecards.render import browser

    assert browser.survivors() == [], "Chromium processes outlived the test session"


@pytest.fixture(scope="module")
def html() -> Iterator[HtmlRenderer]:
    """One real Chromium with a pool of pages for a test module; none of it may outlive it."""
    from quotecards.render.html import HtmlRenderer

    renderer = HtmlRenderer(pages=3)
    with renderer:
        yield renderer
    assert renderer.processes() == []
