"""A review file cannot change who said a quote.

Speaker, kind and attribution are worked out from the source at the quote's spans every time the
file is read: a hand edit that disagrees is refused, naming the quote; a speaker the editor names
on purpose (``editor_speaker``) is built, and the manifest says "attributed by the editor".
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quotecards.review.approved import approved_quotes
from quotecards.review.file import ReviewError, load
from quotecards.review.session import ReviewSession
from quotecards.review.sync import current, write_review

INTERVIEW = """\
Dana Reyes: What did you mean when you said the bridge would fail?

Ann Lee: The girders were never rated for that load. Nobody checked the welds in twenty years, \
and everybody knew it.

Dana Reyes: Who warned you first?

Ann Lee: An engineer on the night shift told me, "Those welds will not hold another winter." \
I believed it at once. We closed the bridge the next morning and nobody thanked us for it.
"""
GIRDERS = "The girders were never rated for that load."
WELDS = "Those welds will not hold another winter."
QUESTION = "What did you mean when you said the bridge would fail?"


@pytest.fixture
def review(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    path, _ = write_review(source)
    return path


def quote_block(path: Path, text: str) -> tuple[str, str]:
    """The ``[[quote]]`` table whose text is ``text``, and the file's whole text."""
    whole = path.read_text(encoding="utf-8")
    for block in whole.split("\n[[quote]]\n")[1:]:
        if f'\ntext = "{text}"\n' in block:
            return block, whole
    raise AssertionError(f"no quote {text!r} in {path}")


def hand_edit(path: Path, quote: str, **values: object) -> str:
    """Change keys of one quote as an editor would in a text editor; the quote's id."""
    block, whole = quote_block(path, quote)
    changed = block
    for key, value in values.items():
        line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
        if re.search(rf"^{key} = .*$", changed, re.MULTILINE):
            changed = re.sub(
                rf"^{key} = .*$", line.replace("\\", "\\\\"), changed, count=1, flags=re.M
            )
        else:
            changed = changed.replace("\nnote = ", f"\n{line}\nnote = ", 1)
    path.write_text(whole.replace(block, changed), encoding="utf-8")
    return re.search(r'^id = "([^"]+)"', block, re.MULTILINE)[1]


def test_a_speaker_changed_by_hand_is_refused_naming_the_quote(review: Path):
    quote_id = hand_edit(review, GIRDERS, speaker="Dana Reyes", status="approved")

    with pytest.raises(ReviewError) as refused:
        approved_quotes(review)

    message = str(refused.value)
    assert quote_id in message
    assert "Ann Lee" in message and "Dana Reyes" in message
    assert "editor_speaker" in message  # what to do, if it was meant


def test_text_and_spans_pointed_at_the_interviewer_s_question_are_refused(review: Path):
    start = INTERVIEW.index(QUESTION)
    quote_id = hand_edit(
        review,
        GIRDERS,
        status="approved",
        text=QUESTION,
        spans=[[start, start + len(QUESTION)]],
        selected=QUESTION,
        selected_spans=[[start, start + len(QUESTION)]],
    )

    with pytest.raises(ReviewError) as refused:
        approved_quotes(review)

    assert quote_id in str(refused.value)
    assert "interviewer" in str(refused.value)


def test_an_uncertain_quote_made_confident_with_a_guessed_speaker_is_refused(review: Path):
    quote_id = hand_edit(
        review, WELDS, speaker="Ann Lee", attribution="confident", status="approved"
    )

    with pytest.raises(ReviewError) as refused:
        approved_quotes(review)

    assert quote_id in str(refused.value)
    assert "does not establish" in str(refused.value)


def test_a_kind_changed_by_hand_is_refused(review: Path):
    quote_id = hand_edit(review, GIRDERS, kind="reported", status="approved")

    with pytest.raises(ReviewError) as refused:
        approved_quotes(review)

    assert quote_id in str(refused.value)


def test_a_speaker_the_editor_names_on_purpose_is_built_as_attributed_by_the_editor(
    review: Path,
):
    hand_edit(review, WELDS, editor_speaker="Sam Okafor", status="approved")

    (quote,) = approved_quotes(review)

    assert quote.speaker == "Sam Okafor"
    assert quote.attributed_by == "editor"
    # The source's own view stays in the file, beside the editor's.
    entry = next(e for e in load(review)[0].quotes if e.text == WELDS)
    assert entry.speaker is None or entry.attribution == "uncertain"
    assert entry.editor_speaker == "Sam Okafor"


def test_the_manifest_says_which_quotes_the_editor_attributed(review: Path):
    hand_edit(review, WELDS, editor_speaker="Sam Okafor", status="approved")
    hand_edit(review, GIRDERS, status="approved")
    folder = review.parent
    (folder / "quotecards.toml").write_text(
        '[[source]]\npath = "interview.txt"\nreview = "interview.quotes.toml"\n', encoding="utf-8"
    )

    done = subprocess.run(
        [sys.executable, "-m", "quotecards", "build"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    manifest = json.loads((folder / "output/cards/manifest.json").read_text(encoding="utf-8"))
    by_quote = {a["quote"]: a for a in manifest["assets"]}
    assert by_quote[WELDS]["speaker"] == "Sam Okafor"
    assert by_quote[WELDS]["attributed_by"] == "editor"
    assert by_quote[GIRDERS]["speaker"] == "Ann Lee"
    assert by_quote[GIRDERS]["attributed_by"] == "source"


def test_a_build_of_a_hand_changed_speaker_fails_with_one_line_and_writes_nothing(review: Path):
    hand_edit(review, GIRDERS, speaker="Dana Reyes", status="approved")
    folder = review.parent
    (folder / "quotecards.toml").write_text(
        '[[source]]\npath = "interview.txt"\nreview = "interview.quotes.toml"\n', encoding="utf-8"
    )

    done = subprocess.run(
        [sys.executable, "-m", "quotecards", "build"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert not (folder / "output/cards").exists()


def test_the_page_cannot_approve_a_hand_changed_speaker(review: Path):
    hand_edit(review, GIRDERS, speaker="Dana Reyes")
    session = ReviewSession(review)
    state = session.state()
    quote = next(q for q in state["quotes"] if q["text"] == GIRDERS)
    assert quote["refused"] is not None

    with pytest.raises(ReviewError):
        session.decide(state["version"], quote["id"], "approved")


def test_the_page_records_a_speaker_the_editor_names_as_attributed_by_the_editor(review: Path):
    session = ReviewSession(review)
    state = session.state()
    quote = next(q for q in state["quotes"] if q["text"] == WELDS)

    state = session.credit(state["version"], quote["id"], "Sam Okafor")
    state = session.decide(state["version"], quote["id"], "approved")

    shown = next(q for q in state["quotes"] if q["id"] == quote["id"])
    assert shown["editor_speaker"] == "Sam Okafor"
    assert shown["attributed_by"] == "editor"
    assert 'editor_speaker = "Sam Okafor"' in review.read_text(encoding="utf-8")
    (built,) = approved_quotes(review)
    assert built.speaker == "Sam Okafor"


def test_every_quote_the_selector_offers_agrees_with_its_source(review: Path, seed_path: Path):
    # The check must never refuse the selector's own work.
    assert current(review).refused == {}
    seed = review.parent / "seed.txt"
    seed.write_bytes(seed_path.read_bytes())
    path, _ = write_review(seed, top=40)
    assert current(path).refused == {}


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(
    "truth", sorted(CORPUS.glob("*.truth.toml")), ids=lambda p: p.name.removesuffix(".truth.toml")
)
def test_the_source_s_view_of_every_candidate_is_the_selector_s(truth: Path):
    import tomllib

    from quotecards.ingest import read_source
    from quotecards.review.attribution import said_at
    from quotecards.selector import select

    spec = tomllib.loads(truth.read_text(encoding="utf-8"))
    document = read_source(truth.parent / spec["source"], **spec.get("options", {}))
    for candidate in select(document, top=60).candidates:
        said = said_at(document, candidate.spans)
        assert (said.speaker, said.kind, said.attribution) == (
            candidate.speaker,
            candidate.kind,
            candidate.attribution,
        ), candidate.text


def test_the_source_s_view_of_the_seed_and_subtitles_is_the_selector_s(seed_path: Path):
    from quotecards.ingest import read_source, read_text
    from quotecards.review.attribution import said_at
    from quotecards.selector import select

    vtt = (
        "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Ann Lee>Nobody checked the welds in twenty years\n\n"
        "00:04.000 --> 00:08.000\n<v Ann Lee>and everybody knew it. We closed the bridge.\n\n"
        "00:08.000 --> 00:10.000\n<v Dana Reyes>Why did nobody listen?\n"
    )
    for document in (read_source(seed_path), read_text(vtt, "talk.vtt", suffix=".vtt")):
        for candidate in select(document, top=200).candidates:
            said = said_at(document, candidate.spans)
            assert (said.speaker, said.kind, said.attribution) == (
                candidate.speaker,
                candidate.kind,
                candidate.attribution,
            ), candidate.text
