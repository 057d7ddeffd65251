"""The review file: what it holds, that it diffs well, that a resync never loses a decision,
and that an edit keeps to the source's words or is refused with a word diff."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecards import integrity
from quotecards.ingest import read_source
from quotecards.model import Span
from quotecards.review.approved import approved_quotes, render_approved
from quotecards.review.commands import (
    add_review_commands,
    add_write_review_options,
    write_review_from_args,
)
from quotecards.review.edits import check_edit, reach_of, source_words
from quotecards.review.file import (
    ConflictError,
    Entry,
    Review,
    ReviewError,
    dumps,
    load,
    parse,
    save,
    version_of,
)
from quotecards.review.sync import current, write_review
from quotecards.selector import select
from tests.conftest import ROOT, Interview

NOW = "2025-03-01T09:30:00Z"


@pytest.fixture
def source(tmp_path: Path, interview: Interview) -> Path:
    """An interview (the sample; the seed too where ../shared has it), copied into a project of
    its own (a folder with ``.git``)."""
    (tmp_path / ".git").mkdir()
    copy = tmp_path / "interview.txt"
    shutil.copyfile(interview.path, copy)
    return copy


def decide(path: Path, quote_id: str, **changes: object) -> None:
    review, version = load(path)
    entry = replace(review.quote(quote_id), updated=NOW, **changes)  # type: ignore[arg-type]
    save(path, review.with_quote(entry), version)


def long_quote(review: Review, skip: int = 0) -> Entry:
    """A confident quote of eight words or more (the selector's ranking may change; these tests
    do not depend on which)."""
    found = [
        q
        for q in review.quotes
        if q.attribution == "confident" and len(q.text.split()) >= 8 and "…" not in q.text
    ]
    return found[skip]


# What the file holds.


def test_a_new_review_file_lists_every_candidate_with_its_score_reasons_and_status(
    source: Path, interview: Interview
):
    path, _ = write_review(source)

    assert path == source.with_name("interview.quotes.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["source"] == "interview.txt"
    document = read_source(source)
    expected = select(document, top=10).candidates
    assert [q["id"] for q in data["quote"]] == [c.id for c in expected]
    for rank, quote in enumerate(data["quote"], 1):
        assert quote["status"] == "proposed"
        assert quote["rank"] == rank
        assert 0 <= quote["score"] <= 100 and quote["reasons"]
        spans = [Span(a, b) for a, b in quote["spans"]]
        assert not integrity.problems(quote["text"], spans, interview.text)
    assert any(q["context"] for q in data["quote"]), "the question that was asked"


def test_the_file_is_the_same_bytes_every_time_and_reads_back_as_written(source: Path):
    path, _ = write_review(source)
    first = path.read_bytes()
    write_review(source)
    assert path.read_bytes() == first
    assert dumps(parse(first, "x")).encode("utf-8") == first


def test_a_decision_changes_only_its_own_lines(source: Path):
    path, review = write_review(source)
    before = path.read_text(encoding="utf-8").splitlines()
    decide(path, review.quotes[1].id, status="approved", note="lead card")
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ('status = "proposed"', 'status = "approved"'),
        ('updated = ""', f'updated = "{NOW}"'),
        ('note = ""', 'note = "lead card"'),
    ]


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, note=_TEXT, reasons=st.lists(_TEXT, max_size=3), speaker=_TEXT)
def test_any_text_survives_the_toml_writer(text: str, note: str, reasons: list[str], speaker: str):
    entry = Entry(
        id="q1",
        text=text,
        spans=(Span(0, 3),),
        speaker=speaker or None,
        note=note,
        reasons=tuple(reasons),
        context=note + text,
    )
    review = Review(source='dir/"odd" \\ name.txt', quotes=(entry,))
    data = dumps(review).encode("utf-8")
    assert parse(data, "x") == review
    assert tomllib.loads(data.decode())["quote"][0]["text"] == text


def test_saving_over_a_newer_version_is_refused_and_leaves_no_temporary_file(source: Path):
    path, review = write_review(source)
    stale = version_of(path.read_bytes())
    path.write_text(path.read_text(encoding="utf-8").replace('note = ""', 'note = "x"', 1))

    with pytest.raises(ConflictError, match="changed on disk"):
        save(path, review, stale)
    assert 'note = "x"' in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".git",
        "interview.quotes.toml",
        "interview.txt",
    ]


def test_a_broken_file_is_reported_with_its_line(source: Path):
    path, _ = write_review(source)
    path.write_text(path.read_text(encoding="utf-8").replace('status = "proposed"', "status = ", 1))
    with pytest.raises(ReviewError, match=r"interview\.quotes\.toml: not valid TOML: .*line \d+"):
        load(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("status = \n", 'status = "maybe"\n', 1)
    )
    with pytest.raises(ReviewError, match="status 'maybe' is not one of proposed, approved"):
        load(path)


# Resyncing without losing a decision.


def test_rewriting_after_the_source_shifts_keeps_every_decision(source: Path):
    path, review = write_review(source)
    approved, edited, rejected = review.quotes[0], long_quote(review), review.quotes[-1]
    words = edited.text.split()
    trim = " ".join(words[:4]) + " …"
    decide(path, approved.id, status="approved", themes=("bold", "classic"))
    decide(path, rejected.id, status="rejected", note="off topic")
    check = check_edit(trim, edited.spans, source.read_text(encoding="utf-8"))
    decide(path, edited.id, text=trim, spans=check.spans, status="approved")

    preface = "Editor’s note: this transcript was corrected.\n"
    shifted = preface + source.read_text(encoding="utf-8")
    source.write_text(shifted, encoding="utf-8")
    _, again = write_review(source)

    assert again.quote(approved.id).status == "approved"
    assert again.quote(approved.id).themes == ("bold", "classic")
    assert again.quote(rejected.id).note == "off topic"
    moved = again.quote(edited.id)
    assert moved.text == trim and moved.updated == NOW
    assert not integrity.problems(moved.text, moved.spans, shifted)
    assert moved.spans == tuple(
        Span(s.start + len(preface), s.end + len(preface)) for s in check.spans
    )
    assert not any(q.problem for q in again.quotes)


def test_a_decided_quote_whose_words_were_retouched_keeps_its_decision_and_is_flagged(
    source: Path,
):
    path, review = write_review(source)
    # One sentence, so that the retouched sentence is still offered as one quote.
    quote = next(
        q
        for q in review.quotes
        if q.attribution == "confident"
        and ". " not in q.text.strip()
        and len(q.text.split()) >= 8
        and "…" not in q.text
    )
    decide(path, quote.id, status="approved")
    text = source.read_text(encoding="utf-8")
    word = quote.text.split()[3]
    start = text.index(word, quote.spans[0].start)
    source.write_text(text[:start] + "truly " + text[start:], encoding="utf-8")

    _, again = write_review(source)

    carried = [q for q in again.quotes if q.status == "approved"]
    assert len(carried) == 1 and carried[0].id != quote.id
    assert "{+truly+}" in carried[0].problem and "decide again" in carried[0].problem
    with pytest.raises(ReviewError, match="flagged for review"):
        approved_quotes(path)


def test_a_decided_quote_whose_words_left_the_source_is_kept_and_flagged_missing(source: Path):
    path, review = write_review(source)
    quote = long_quote(review)
    decide(path, quote.id, status="approved", note="keep")
    text = source.read_text(encoding="utf-8")
    start, end = quote.spans[0].start, quote.spans[-1].end
    source.write_text(text[:start] + "Then we talked about jazz." + text[end:], encoding="utf-8")

    _, again = write_review(source)

    kept = again.quote(quote.id)
    assert kept.missing and kept.status == "approved" and kept.note == "keep"
    assert kept.rank == 0
    assert "missing = true" in (source.with_name("interview.quotes.toml")).read_text()
    with pytest.raises(ReviewError, match="no longer in the source"):
        approved_quotes(path)


def test_a_decided_quote_no_longer_offered_stays_where_it_was(source: Path):
    path, review = write_review(source)
    last = review.quotes[len(review.quotes) // 2]
    decide(path, last.id, status="rejected")

    _, again = write_review(source, top=1)

    assert again.quote(last.id).status == "rejected"
    assert again.quote(last.id).rank == 0
    proposed_and_unoffered = [q for q in again.quotes if q.rank == 0 and q.status == "proposed"]
    assert proposed_and_unoffered == [], "an undecided proposal that is no longer offered goes"


def test_a_selector_that_cuts_a_decided_quote_differently_carries_the_decision_with_a_flag(
    source: Path,
):
    path, review = write_review(source)
    quote = long_quote(review)
    decide(path, quote.id, status="approved", note="lead")
    document = read_source(source)
    selection = select(document, top=10)
    old = next(c for c in selection.candidates if c.id == quote.id)
    shorter = " ".join(old.text.split()[:-2]) + " …"
    cut = check_edit(shorter, old.spans, document.text)
    changed = replace(old, id="qfeedc0ffee", text=shorter, spans=cut.spans)
    picks = tuple(changed if c.id == quote.id else c for c in selection.picks)

    _, again = write_review(source, selection=replace(selection, picks=picks))

    carried = again.quote("qfeedc0ffee")
    assert (carried.status, carried.note, carried.text) == ("approved", "lead", shorter)
    assert "decide again" in carried.problem
    assert quote.id not in {q.id for q in again.quotes}


def test_a_changed_source_is_merged_when_the_review_is_read(source: Path):
    path, review = write_review(source)
    quote = review.quotes[0]
    decide(path, quote.id, status="approved")
    source.write_text("Preface.\n" + source.read_text(encoding="utf-8"), encoding="utf-8")

    [approved] = approved_quotes(path)

    assert approved.id == quote.id
    assert approved.spans[0].start == quote.spans[0].start + len("Preface.\n")


# Edits: mapped onto the source, or refused with a word diff.


@pytest.fixture
def quote_and_text(source: Path) -> tuple[Entry, str, tuple[Span, ...]]:
    _, review = write_review(source)
    quote = long_quote(review)
    document = read_source(source)
    return quote, document.text, reach_of(document, quote.spans, quote.speaker)


def test_a_trim_with_an_ellipsis_is_mapped_onto_the_source(quote_and_text):
    quote, text, reach = quote_and_text
    words = quote.text.split()
    trimmed = " ".join(words[:3]) + " … " + " ".join(words[-3:])

    check = check_edit(trimmed, quote.spans, text, reach)

    assert check.ok, check.problems
    assert len(check.spans) == 2
    assert quote.spans[0].start == check.spans[0].start
    assert quote.spans[-1].end == check.spans[-1].end
    integrity.verify(trimmed, check.spans, text)


def test_a_changed_word_is_refused_with_a_word_diff(quote_and_text):
    quote, text, reach = quote_and_text
    words = quote.text.split()
    original = words[2]
    words[2] = "zebra"

    check = check_edit(" ".join(words), quote.spans, text, reach)

    assert not check.ok
    assert f"[-{original.strip('.,;')}" in check.diff_text and "{+zebra" in check.diff_text
    assert ("added", "zebra") in check.diff


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda w: [w[1], w[0], *w[2:]], id="reordered"),
        pytest.param(lambda w: [*w[:2], "really", *w[2:]], id="added"),
        pytest.param(lambda w: [*w[:2], *w[4:]], id="dropped without an ellipsis"),
    ],
)
def test_a_reordered_added_or_silently_dropped_word_is_refused(quote_and_text, change):
    quote, text, reach = quote_and_text
    check = check_edit(" ".join(change(quote.text.split())), quote.spans, text, reach)
    assert not check.ok
    assert check.diff_text


def test_a_bracketed_insertion_and_capital_pass_and_a_bare_capital_does_not(quote_and_text):
    quote, text, reach = quote_and_text
    words = quote.text.split()
    with_insertion = " ".join([*words[:3], "[really]", *words[3:]])
    assert check_edit(with_insertion, quote.spans, text, reach).ok

    lower = next(i for i, w in enumerate(words) if i and w[0].islower() and w.isalpha())
    bracketed = " ".join(
        ["…", f"[{words[lower][0].upper()}]{words[lower][1:]}", *words[lower + 1 :]]
    )
    assert check_edit(bracketed, quote.spans, text, reach).ok
    bare = " ".join([words[lower].capitalize(), *words[lower + 1 :]])
    assert not check_edit(bare, quote.spans, text, reach).ok


def test_an_edit_may_restore_words_the_selector_cut_from_the_same_paragraph():
    from quotecards.ingest import read_text

    # The selector cuts only a sentence too long for a card as it stands (over 30 words).
    document = read_text(
        "Ann Lee: What happened?\n"
        "Bo Chen: The river always wins against the engineers who fight it with concrete and "
        "money and pride, as every flood in the last hundred years along this valley has shown "
        "the people who live here.\n"
    )
    cut = next(
        c
        for c in select(document, top=30).candidates
        if any(e.kind == "cut-trailing" for e in c.edits)
    )
    edit = next(e for e in cut.edits if e.kind == "cut-trailing")
    restored = cut.text.rstrip("…") + document.text[edit.span.start : edit.span.end]

    check = check_edit(
        restored, cut.spans, document.text, reach_of(document, cut.spans, cut.speaker)
    )

    assert check.ok, check.problems
    assert check.spans[-1].end == edit.span.end


def test_source_words_are_the_integrity_rule_s_words_with_offsets(interview: Interview):
    text = interview.text
    words = source_words(text, [Span(0, len(text))])
    assert [w.text for w in words] == integrity.tokens(text)
    for word in words[:200]:
        assert integrity.tokens(text[word.start : word.end]) == [word.text]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c.'’*_-—…“”\n")), max_size=40))
def test_offsets_survive_every_typographic_form(text: str):
    # The source's words as the verbatim rule reads them (Markdown emphasis set aside).
    whole = [Span(0, len(text))]
    assert [w.text for w in source_words(text, whole)] == integrity.source_tokens(whole, text)


# Hand edits in the file, and what build receives.


def test_a_text_trimmed_by_hand_in_the_file_is_mapped_and_built(source: Path):
    path, review = write_review(source)
    quote = long_quote(review)
    words = quote.text.split()
    trimmed = " ".join(words[:5]) + "…"
    raw = path.read_text(encoding="utf-8")
    block = raw[raw.index(f'id = "{quote.id}"') :]
    block = block[: block.index("[[quote]]")] if "[[quote]]" in block else block
    hand = block.replace('status = "proposed"', 'status = "approved"').replace(
        f"text = {_toml(quote.text)}", f"text = {_toml(trimmed)}", 1
    )
    path.write_text(raw.replace(block, hand), encoding="utf-8")

    [approved] = approved_quotes(path)

    assert approved.text == trimmed
    assert approved.spans[0].start == quote.spans[0].start
    assert approved.spans[-1].end < quote.spans[-1].end
    integrity.verify(approved.text, approved.spans, source.read_text(encoding="utf-8"))


def test_a_word_changed_by_hand_in_the_file_stops_the_build_with_a_word_diff(source: Path):
    path, review = write_review(source)
    quote = long_quote(review)
    words = quote.text.split()
    original = words[1]
    words[1] = "zebra"
    raw = path.read_text(encoding="utf-8")
    path.write_text(
        raw.replace(f"text = {_toml(quote.text)}", f"text = {_toml(' '.join(words))}", 1),
        encoding="utf-8",
    )
    decide(path, quote.id, status="approved")

    with pytest.raises(ReviewError) as error:
        approved_quotes(path)
    assert quote.id in str(error.value) and "{+zebra+}" in str(error.value)
    assert f"[-{original}" in str(error.value)
    assert quote.id in current(path).refused


def test_a_review_file_cannot_reach_a_source_outside_its_project(source: Path, tmp_path: Path):
    outside = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    shutil.copyfile(source, outside)
    try:
        path, _ = write_review(source)
        raw = path.read_text(encoding="utf-8")
        path.write_text(
            raw.replace('source = "interview.txt"', f'source = "../{outside.name}"'),
            encoding="utf-8",
        )
        with pytest.raises(ReviewError, match="outside the project"):
            current(path)
        with pytest.raises(ReviewError, match="outside the project"):
            approved_quotes(path)
    finally:
        outside.unlink()


def test_render_approved_renders_exactly_the_approved_quotes(source: Path, tmp_path: Path):
    path, review = write_review(source)
    first, second = review.quotes[0], long_quote(review, 1)
    decide(path, first.id, status="approved", formats=("square", "story"))
    decide(path, second.id, status="approved", themes=("midnight",))
    decide(path, review.quotes[-1].id, status="rejected")

    result = render_approved(path, tmp_path / "cards", jobs=1)

    assert not result.failed
    made = {(w.quote_id, w.format, w.theme) for w in result.written}
    assert made == {
        (first.id, "square", "classic"),
        (first.id, "story", "classic"),
        (second.id, "square", "midnight"),
    }
    assert sorted(p.suffix for p in (tmp_path / "cards").iterdir()) == [".png"] * 3 + [".txt"] * 3


# The command line wiring.


def test_select_write_review_writes_the_file_and_says_so_on_stderr(source: Path, capsys):
    parser = argparse.ArgumentParser(prog="quotecards")
    commands = parser.add_subparsers()
    select_parser = commands.add_parser("select")
    select_parser.add_argument("source")
    select_parser.add_argument("--top", type=int, default=10)
    select_parser.add_argument("--interviewee")
    select_parser.add_argument("--interviewer")
    add_write_review_options(select_parser)
    add_review_commands(commands)
    args = parser.parse_args(["select", str(source), "--write-review", "--top", "3"])
    review_file = source.with_name("picked.quotes.toml")
    args.review = str(review_file)

    selection = select(read_source(source), top=3)
    assert write_review_from_args(args, selection) == review_file

    assert review_file.exists()
    assert "review file" in capsys.readouterr().err
    review_args = parser.parse_args(["review", str(review_file), "--no-browser"])
    assert review_args.no_browser and review_args.run.__name__ == "run_review"


def test_the_review_commands_import_nothing_heavy():
    code = (
        "import sys, quotecards.review.commands\n"
        "heavy = {'PIL', 'playwright', 'jinja2', 'quotecards.review.server', 'quotecards.ingest'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def _toml(text: str) -> str:
    return dumps(Review(source=text)).split("source = ", 1)[1].split("\n", 1)[0]
