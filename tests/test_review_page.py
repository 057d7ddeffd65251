"""The review page shows what the card will show: the score and reasons of the words as trimmed,
recomputed on every change; "Asked" only over a question; typographic apostrophes; a word diff
spaced as text is.  Checked through the page's API and in real Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quotecards.review.server import ReviewServer
from quotecards.review.session import ReviewSession
from quotecards.review.sync import write_review
from quotecards.selector.scoring import score_text
from tests.conftest import SAMPLE
from tests.test_review_browser import ARGS, CHROMIUM, open_page, quote

playwright_api = pytest.importorskip("playwright.sync_api")

# Vega's answer ends "…a collapse is a funeral."; the trim keeps its first clause.
FUNERAL = "A closure is an inconvenience; a collapse is a funeral."
TRIM = "A closure is an inconvenience …"


@pytest.fixture
def session(tmp_path: Path) -> ReviewSession:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "interview.txt")
    path, _ = write_review(tmp_path / "interview.txt")
    return ReviewSession(path)


def by_text(state: dict[str, Any], text: str) -> dict[str, Any]:
    return next(q for q in state["quotes"] if q["text"] == text)


def test_a_trim_is_scored_as_it_reads_while_typed_and_once_saved(session: ReviewSession):
    state = session.state()
    whole = by_text(state, FUNERAL)
    assert any("collapse" in r for r in whole["reasons"])

    typed = session.checked(whole["id"], TRIM)
    expected = score_text(TRIM)
    assert typed["ok"] and (typed["score"], typed["reasons"]) == (
        expected.value,
        list(expected.reasons),
    )
    assert not any("collapse" in r for r in typed["reasons"])
    refused = session.checked(whole["id"], "A closure is a zebra.")
    assert not refused["ok"] and "score" not in refused

    saved = session.edit(state["version"], whole["id"], TRIM)
    trimmed = next(q for q in saved["quotes"] if q["id"] == whole["id"])
    assert (trimmed["score"], trimmed["reasons"]) == (expected.value, list(expected.reasons))


def test_only_a_question_is_labelled_asked(session: ReviewSession):
    quotes = session.state()["quotes"]
    labels = {q["text"]: q["context_label"] for q in quotes if q["context"]}
    assert labels[FUNERAL] == "Asked"
    assert labels["A bridge doesn’t fail all at once."] == "Asked"  # quoted in the question
    uncertain = [q for q in quotes if q["attribution"] == "uncertain" and q["context"]]
    assert uncertain, "the sample has a quotation whose speaker the text does not establish"
    assert {q["context_label"] for q in uncertain} == {"In the source"}


def test_the_page_curls_apostrophes_as_the_card_does(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    source = tmp_path / "straight.txt"
    source.write_text(
        "Ann Lee: What did you learn?\n"
        "Bo Chen: Rivers don't wait for permits, and floods don't read the budget.\n",
        encoding="utf-8",
    )
    path, _ = write_review(source)
    [shown] = [q for q in ReviewSession(path).state()["quotes"] if "permits" in q["text"]]
    assert "'" in shown["text"]  # the file keeps the source's characters
    assert shown["display"] == shown["text"].replace("'", "’")


@pytest.fixture
def page_server(tmp_path: Path) -> Iterator[ReviewServer]:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "interview.txt")
    path, _ = write_review(tmp_path / "interview.txt")
    running = ReviewServer(ReviewSession(path)).start()
    try:
        yield running
    finally:
        running.stop()


def test_in_chromium_the_score_follows_the_trim_and_the_diff_is_spaced_as_text(
    page_server: ReviewServer, tmp_path: Path
):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    whole = by_text(page_server.session.state(), FUNERAL)
    errors: list[str] = []
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1300, "height": 900})
            page = open_page(context, page_server, errors)
            card = quote(page, whole["id"])
            assert "collapse" in card.locator(".reasons").inner_text()
            card.get_by_role("button", name="Edit").click()
            card.locator("textarea").fill(TRIM)
            card.locator(".check.ok").wait_for()
            score = str(score_text(TRIM).value)
            card.locator(".score-value", has_text=score).wait_for()
            assert "collapse" not in card.locator(".reasons").inner_text()

            card.locator("textarea").fill("A closure is an inconvenience; a collapse is a zebra.")
            card.locator(".check.refused").wait_for()
            diff = card.locator(".diff").inner_text()
            assert "zebra." in diff.replace("\n", " ") or "zebra ." not in diff
            assert " ." not in diff and " ;" not in diff, diff
            assert "inconvenience;" in diff
            page.screenshot(path=str(tmp_path / "review-page.png"), full_page=False)
            context.close()
        finally:
            browser.close()
    assert errors == []
