"""The command line as a user drives it: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import quotecards as run
from tests.conftest import ROOT, SAMPLE, Interview


def test_select_prints_a_ranked_table(interview: Interview):
    result = run("select", str(interview.path), "--top", "5")
    assert result.returncode == 0, result.stderr
    assert interview.reported in result.stdout
    assert f"{interview.interviewee} (reported)" in result.stdout
    assert "  1. " in result.stdout


def test_select_json_follows_the_schema_and_spans_slice_the_source(interview: Interview):
    result = run("select", str(interview.path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "quotecards.selector/1"
    assert data["source"] == str(interview.path)
    assert {s["name"] for s in data["speakers"]} == {interview.interviewer, interview.interviewee}
    for candidate in data["candidates"]:
        assert set(candidate) >= {
            "id",
            "text",
            "speaker",
            "kind",
            "attribution",
            "spans",
            "score",
            "reasons",
            "context",
        }
        assert candidate["kind"] in ("answer", "reported", "narrative")
        assert candidate["attribution"] in ("confident", "uncertain")
        assert 0 <= candidate["score"] <= 100
        sliced = " ".join(interview.text[a:b] for a, b in candidate["spans"])
        assert candidate["text"].strip("…")[-8:] in sliced
    reported = next(c for c in data["candidates"] if c["text"] == interview.reported)
    assert reported["rank"] <= 5
    assert interview.reported_context in reported["context"]


def test_score_reads_lines_and_json_lines_in_order():
    lines = 'Machine learning sucks.\n{"text": "Um, you know, it is sort of fine."}\n'
    result = run("score", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == [
        "Machine learning sucks.",
        "Um, you know, it is sort of fine.",
    ]
    assert out[0]["score"] > out[1]["score"]
    assert all(o["reasons"] for o in out)


def test_score_rejects_a_bad_json_line_with_its_number():
    result = run("score", stdin='fine line\n{"txt": 3}\n')
    assert result.returncode == 2
    assert "line 2" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait\n", "line 1, column 4"),
        (b"No labels and no quotations here.\n", "no speaker labels"),
    ],
)
def test_bad_input_gets_one_line_and_exit_status_2(tmp_path: Path, content, needle):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("select", str(path))
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_folder_is_refused(tmp_path: Path):
    result = run("select", str(tmp_path))
    assert result.returncode == 2 and "folder" in result.stderr


def test_help_does_not_import_pillow_or_playwright():
    code = (
        "import sys, quotecards.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PIL', 'playwright')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_formats_and_themes_are_listed():
    formats = run("formats")
    assert formats.returncode == 0
    for name in ("square", "portrait", "story", "landscape", "og", "linkedin"):
        assert name in formats.stdout
    themes = run("themes")
    assert themes.returncode == 0 and len(themes.stdout.strip().splitlines()) >= 4


def test_render_writes_cards_and_alt_text_only_inside_out(tmp_path: Path):
    out = tmp_path / "cards"
    result = run("render", str(SAMPLE), "--top", "2", "--format", "square,og",
                 "--theme", "classic", "--out", str(out), "--jobs", "1")  # fmt: skip
    assert result.returncode == 0, result.stderr
    images = sorted(out.glob("*.png"))
    assert len(images) == 4
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        p.name for p in out.iterdir()
    )
    for image in images:
        alt = image.with_name(image.name.removesuffix(".png") + ".alt.txt")
        assert alt.read_text(encoding="utf-8").strip()
    assert [str(p) for p in images] == sorted(result.stdout.split())


def test_render_refuses_an_unknown_theme_with_one_line(tmp_path: Path):
    result = run("render", str(SAMPLE), "--theme", "nope", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "nope" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_recognised_layout_is_said_on_stderr_and_a_chosen_one_is_not(tmp_path: Path):
    path = tmp_path / "ferry.txt"
    path.write_text(
        "Dana Whitfield (00:00:07):\nHow long have you run the crossing?\n\n"
        "Rosa Eriksen (00:00:12):\nTwenty-two years. A ferry is a promise you keep forty times "
        "a day.\n",
        encoding="utf-8",
    )
    guessed = run("select", str(path))
    assert guessed.returncode == 0, guessed.stderr
    assert guessed.stderr.strip().splitlines() == [
        f"quotecards: {path}: read as a Rev (or Temi) transcript (layout 'rev')"
    ]
    chosen = run("select", str(path), "--layout", "rev")
    assert chosen.returncode == 0 and chosen.stderr == ""
    assert "A ferry is a promise you keep forty times a day." in chosen.stdout


def test_strict_makes_a_failed_verification_fatal(tmp_path: Path, monkeypatch, capsys):
    """A broken draft (as a bug in cutting would make) is dropped with one warning line; with
    --strict the run stops with exit status 2."""
    import quotecards.selector as selector
    from quotecards.cli import main

    real = selector.drafts

    def with_a_broken_draft(document):
        for draft in real(document):
            yield draft._replace(text=draft.text.replace("promise", "pledge"))

    monkeypatch.setattr(selector, "drafts", with_a_broken_draft)
    path = tmp_path / "ferry.txt"
    path.write_text(
        "Dana Whitfield: How long?\n\nRosa Eriksen: A ferry is a promise you keep forty times a "
        "day. The water is never the same twice.\n",
        encoding="utf-8",
    )
    assert main(["select", str(path), "--layout", "labels"]) == 0
    out = capsys.readouterr()
    assert "The water is never the same twice." in out.out and "pledge" not in out.out
    warnings = out.err.strip().splitlines()  # one line for each draft holding the broken word
    assert warnings and all(
        w.startswith("quotecards: warning: dropped a candidate that failed the verbatim check: ")
        and "pledge" in w
        for w in warnings
    )
    assert main(["select", str(path), "--layout", "labels", "--strict"]) == 2
    [error] = capsys.readouterr().err.strip().splitlines()
    assert error.startswith(f"quotecards: error: {path}: line 3: the words differ")


def test_captions_without_punctuation_get_one_line_asking_for_a_transcript(tmp_path: Path):
    words = ("so the thing about rivers is that they remember every flood and we " * 8).split()
    cues = ["WEBVTT", ""]
    for n in range(0, len(words), 8):
        second = n // 8
        cues += [
            f"00:00:{second:02d}.000 --> 00:00:{second:02d}.900",
            " ".join(words[n : n + 8]),
            "",
        ]
    path = tmp_path / "talk.vtt"
    path.write_text("\n".join(cues), encoding="utf-8")
    result = run("select", str(path), "--interviewee", "Maria Lopez")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "no sentence punctuation" in line and "punctuated transcript" in line
