"""The review page in real Chromium: an editor approves, trims and is refused a word change;
the review file then holds exactly those decisions, and exactly the approved quotes render."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quotecards.review.approved import approved_quotes, render_approved
from quotecards.review.file import load
from quotecards.review.server import ReviewServer
from quotecards.review.session import ReviewSession
from quotecards.review.sync import write_review
from tests.conftest import Interview

playwright_api = pytest.importorskip("playwright.sync_api")


def _chromium() -> str:
    """The browser quotecards itself would use (the headless shell where installed), so the
    page is tested wherever `make test` set one up."""
    from quotecards.render.browser import BrowserError, locate_chromium

    try:
        return str(locate_chromium(os.environ.get("QUOTECARDS_CHROMIUM")).path)
    except BrowserError as error:
        return f"<none: {error}>"


CHROMIUM = _chromium()
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    driver = playwright_api.sync_playwright().start()
    try:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        driver.stop()


@pytest.fixture
def server(tmp_path: Path, interview: Interview) -> Iterator[ReviewServer]:
    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    shutil.copyfile(interview.path, source)
    path, _ = write_review(source)
    running = ReviewServer(ReviewSession(path)).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def context(browser: Any, server: ReviewServer) -> Iterator[Any]:
    """A fresh browser context, closed before the server stops (so no connection is open)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        yield context
    finally:
        context.close()


def open_page(context: Any, server: ReviewServer, errors: list[str]) -> Any:
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if _unexpected(m) else None)
    page.goto(server.url)
    page.locator(".quote").first.wait_for()
    return page


def _unexpected(message: Any) -> bool:
    """A console error other than the browser's note of an answer the page expects (a refused
    edit, a conflict)."""
    expected = ("409 (Conflict)", "422 (Unprocessable")
    return message.type == "error" and not any(e in message.text for e in expected)


def quote(page: Any, quote_id: str, status: str | None = None) -> Any:
    selector = f'.quote[data-id="{quote_id}"]'
    return page.locator(selector + (f'[data-status="{status}"]' if status else ""))


def test_an_editor_approves_two_trims_one_and_is_refused_a_word_change(
    context: Any, server: ReviewServer, tmp_path: Path
):
    errors: list[str] = []
    review, _ = load(server.session.path)
    long = [q for q in review.quotes if len(q.text.split()) >= 8 and q.attribution == "confident"]
    first = review.quotes[0] if review.quotes[0] not in long[:2] else long[2]
    trimmed, changed = long[0], long[1]
    page = open_page(context, server, errors)

    for chosen in (first, trimmed):
        quote(page, chosen.id).get_by_role("button", name="Approve").click()
        quote(page, chosen.id, "approved").wait_for()
    assert page.locator('[data-count="approved"]').inner_text() == "2"

    words = trimmed.text.split()
    trim = " ".join(words[:4]) + " …"
    card = quote(page, trimmed.id)
    card.get_by_role("button", name="Edit").click()
    card.locator("textarea").fill(trim)
    card.locator(".check.ok").wait_for()
    card.get_by_role("button", name="Save edit").click()
    quote(page, trimmed.id).locator("blockquote", has_text=trim).wait_for()

    wrong = changed.text.split()
    wrong[2] = "zebra"
    card = quote(page, changed.id)
    card.get_by_role("button", name="Edit").click()
    card.locator("textarea").fill(" ".join(wrong))
    card.locator(".check.refused").wait_for()
    assert "Refused" in card.locator(".verdict").inner_text()
    assert card.locator("ins").filter(has_text="zebra").count() == 1
    assert card.get_by_role("button", name="Save edit").is_disabled()
    card.get_by_role("button", name="Cancel").click()
    quote(page, changed.id).locator(".editor").wait_for(state="hidden")

    saved, _ = load(server.session.path)
    decided = {q.id: (q.status, q.text) for q in saved.quotes if q.status != "proposed" or q.edited}
    assert decided == {first.id: ("approved", first.text), trimmed.id: ("approved", trim)}
    assert saved.quote(changed.id).text == changed.text
    assert "zebra" not in server.session.path.read_text(encoding="utf-8")

    built = approved_quotes(server.session.path)
    assert {q.id: q.text for q in built} == {first.id: first.text, trimmed.id: trim}
    result = render_approved(server.session.path, tmp_path / "cards", jobs=1)
    assert not result.failed
    assert sorted(w.quote_id for w in result.written) == sorted([first.id, trimmed.id])
    trimmed_card = next(w for w in result.written if w.quote_id == trimmed.id)
    quoted = trimmed_card.alt.split("“", 1)[1].split("”", 1)[0]
    assert words[3].strip(",.") in quoted and words[5] not in quoted.split()
    assert errors == []


def test_a_second_tab_is_told_of_the_first_tabs_change_and_shows_it(
    context: Any, server: ReviewServer
):
    errors: list[str] = []
    review, _ = load(server.session.path)
    one, two = review.quotes[0].id, review.quotes[1].id
    context.clock.install()
    first_tab = open_page(context, server, errors)
    second_tab = open_page(context, server, errors)
    # The second tab must not have polled the file since the first tab's change: with the pages'
    # clock stopped, its timer cannot fire between the two clicks, however slow the machine.
    context.clock.pause_at(time.time() * 1000 + 1)

    quote(first_tab, one).get_by_role("button", name="Approve").click()
    quote(first_tab, one, "approved").wait_for()
    quote(second_tab, two).get_by_role("button", name="Reject").click()

    banner = second_tab.locator("#banner")
    banner.wait_for()
    assert "changed since this page loaded it" in banner.inner_text()
    quote(second_tab, one, "approved").wait_for()  # the second tab now shows the file as it is
    assert load(server.session.path)[0].quote(two).status == "proposed"

    quote(second_tab, two).get_by_role("button", name="Reject").click()
    quote(second_tab, two, "rejected").wait_for()
    saved, _ = load(server.session.path)
    assert (saved.quote(one).status, saved.quote(two).status) == ("approved", "rejected")
    assert errors == []


def test_a_preview_of_each_chosen_format_and_theme_is_shown(context: Any, server: ReviewServer):
    errors: list[str] = []
    page = open_page(context, server, errors)
    first = load(server.session.path)[0].quotes[0].id
    card = quote(page, first)
    card.get_by_label("story").check()
    quote(page, first).locator("figure.preview").nth(1).wait_for()
    card = quote(page, first)
    card.get_by_label("midnight").check()
    quote(page, first).locator("figure.preview").nth(3).wait_for()
    images = quote(page, first).locator("figure.preview img")
    images.nth(3).wait_for()
    captions = quote(page, first).locator("figcaption").all_inner_texts()
    assert captions == [
        "square · classic",
        "square · midnight",
        "story · classic",
        "story · midnight",
    ]
    assert all(w > 0 for w in images.evaluate_all("els => els.map(e => e.naturalWidth)"))
    saved = load(server.session.path)[0].quote(first)
    assert (saved.formats, saved.themes) == (("square", "story"), ("classic", "midnight"))
    assert errors == []


def test_an_editor_names_a_numbered_speaker_on_the_page(browser: Any, tmp_path: Path):
    from tests.test_speakers import MEETING

    (tmp_path / ".git").mkdir()
    source = tmp_path / "meeting.txt"
    source.write_text(MEETING, encoding="utf-8")
    path, review = write_review(source)
    assert not [q for q in review.quotes if q.attribution == "confident"]
    running = ReviewServer(ReviewSession(path)).start()
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        errors: list[str] = []
        page = open_page(context, running, errors)
        voices = page.locator("#voices")
        voices.wait_for()
        box = voices.locator('input[data-label="Speaker3"]')
        box.fill("Ana Brasa")
        box.locator("xpath=..").get_by_role("button", name="Save name").click()
        page.locator(".quote .speaker", has_text="Ana Brasa").first.wait_for()
        assert not errors
    finally:
        context.close()
        running.stop()
    saved, _ = load(path)
    assert dict(saved.speakers) == {"Speaker3": "Ana Brasa"}
    assert {q.speaker for q in saved.quotes if q.attribution == "confident"} == {"Ana Brasa"}
