from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from quotecards.render.html import HtmlRenderer

# Speed is measured in bench/, never by tests: no per-example deadline for property tests, which
# a busy machine (or CI's) would otherwise fail at random.
settings.register_profile("quotecards", deadline=None)
settings.load_profile("quotecards")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"
ARTICLE = ROOT / "quotecards" / "samples" / "flood-barrier.txt"


def _checkout() -> Path:
    """The repository's main checkout: ROOT itself, or, for a git worktree, the checkout it hangs
    off (``.git`` is then a file naming ``<main>/.git/worktrees/<name>``), so a worktree finds
    ../shared where its repository has it."""
    marker = ROOT / ".git"
    if marker.is_file():
        text = marker.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.removeprefix("gitdir:").strip())
            common = gitdir / "commondir"
            if common.is_file():
                return (gitdir / common.read_text(encoding="utf-8").strip()).resolve().parent
    return ROOT


# The seed interview lives outside the repository (its text must never be copied in): tests that
# need it run where ../shared exists and are skipped, with this reason, where it does not.  What
# they check is also checked on the project's own samples, which always run.
SEED = _checkout().parent / "shared" / "seeds" / "lecun-interview.txt"
NO_SEED = f"the seed interview is not beside the repository ({SEED}); the samples cover this"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=NO_SEED)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(NO_SEED)
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Interview:
    """A transcript with what a test may rely on: who asks, who answers, and one line the
    interviewer quotes back to the guest (reported speech that is the guest's)."""

    path: Path
    interviewer: str
    interviewee: str
    reported: str
    reported_context: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


INTERVIEWS = {
    "sample": Interview(
        SAMPLE,
        "Tom Archer",
        "Marisol Vega",
        "A bridge doesn’t fail all at once.",
        "You once told a city council",
    ),
    "seed": Interview(
        SEED, "Steven Levy", "Yann LeCun", "Machine learning sucks.", "Why would an AI pioneer"
    ),
}


@pytest.fixture(
    scope="session",
    params=[
        pytest.param("sample"),
        pytest.param("seed", marks=needs_seed),
    ],
)
def interview(request: pytest.FixtureRequest) -> Interview:
    """Every interview at hand: the bundled sample always, the seed where ../shared has it."""
    return INTERVIEWS[request.param]


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
