"""Checking a read and a selection against a corpus file's truth (see tests/corpus/README.md).

Shared by tests/test_corpus.py and bench/bench_corpus.py, so both count the same way.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from quotecards.ingest import read_source
from quotecards.integrity import verify
from quotecards.model import Candidate, Document, Span
from quotecards.selector import Selection, select

CORPUS = Path(__file__).resolve().parent / "corpus"

# What is never a word of a quote: timestamps, markup, entities, speaker labels, annotations.
_JUNK = [
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b"),
    re.compile(r"<[^>]+>"),
    re.compile(r"&[a-zA-Z]+;|&#\d+;"),
    re.compile(r"\bSpeaker\s*\d+\b|\bUnknown Speaker\b"),
    re.compile(
        r"[\[(](?:laugh\w*|crosstalk|cross-talk|inaudible|unintelligible|music|applause|silence|"
        r"pause|coughs?|overlapping|background noise|indiscernible|foreign|noise)[^\])]*[\])]",
        re.IGNORECASE,
    ),
    re.compile(r'"(?:speaker|startTime|endTime|body)"'),
]


@dataclass
class Verdict:
    name: str
    document: Document | None = None
    selection: Selection | None = None
    error: str = ""
    misattributed: list[str] = field(default_factory=list)
    false_speakers: list[str] = field(default_factory=list)
    wrong_roles: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    missing_lines: list[str] = field(default_factory=list)
    layout_wrong: str = ""
    main_in_top5: bool = False
    pending: str = ""  # the truth file's "pending": naming it awaits, said as the reason

    @property
    def read_right(self) -> bool:
        """Read, laid out and quoted right, whoever the speakers are named as."""
        return not (
            self.error or self.junk or self.unverified or self.missing_lines or self.layout_wrong
        )

    @property
    def passed(self) -> bool:
        return not (
            self.error
            or self.misattributed
            or self.false_speakers
            or self.wrong_roles
            or self.junk
            or self.unverified
            or self.missing_lines
            or self.layout_wrong
        )


def truth_files() -> list[Path]:
    return sorted(CORPUS.glob("*.truth.toml"))


def load(truth_path: Path) -> dict:
    with truth_path.open("rb") as handle:
        return tomllib.load(handle)


def judge(truth_path: Path, top: int = 50) -> Verdict:
    truth = load(truth_path)
    verdict = Verdict(truth_path.name.removesuffix(".truth.toml"), pending=truth.get("pending", ""))
    try:
        document = read_source(truth_path.parent / truth["source"], **truth.get("options", {}))
        selection = select(document, top=top)
    except Exception as error:  # the verdict records any failure to read as the result
        verdict.error = f"{type(error).__name__}: {error}"
        return verdict
    verdict.document, verdict.selection = document, selection
    verdict.unverified += selection.dropped
    if truth.get("layout") and document.layout != truth["layout"]:
        verdict.layout_wrong = f"layout {document.layout!r}, expected {truth['layout']!r}"
    if truth.get("language") and document.language != truth["language"]:
        verdict.layout_wrong += f" language {document.language!r}, expected {truth['language']!r}"
    roles = truth.get("speakers", {})
    for speaker in document.speakers:
        if speaker.name not in roles:
            verdict.false_speakers.append(speaker.name)
        elif roles[speaker.name] and roles[speaker.name] != speaker.role:
            verdict.wrong_roles.append(f"{speaker.name}: {speaker.role}, not {roles[speaker.name]}")
    lines = _truth_lines(document.text, truth.get("line", []), verdict)
    forbidden = truth.get("forbidden", [])
    for candidate in selection.candidates:
        _check_candidate(candidate, document, lines, forbidden, verdict)
    main = truth.get("main")
    verdict.main_in_top5 = bool(main) and any(c.speaker == main for c in selection.picks[:5])
    return verdict


def _truth_lines(text: str, entries: list[dict], verdict: Verdict) -> list[tuple[Span, str]]:
    lines = []
    for entry in entries:
        start = -1
        for _ in range(entry.get("occurrence", 1)):
            start = text.find(entry["text"], start + 1)
            if start < 0:
                break
        if start < 0:
            verdict.missing_lines.append(entry["text"][:60])
            continue
        lines.append((Span(start, start + len(entry["text"])), entry["speaker"]))
    return lines


def _check_candidate(
    candidate: Candidate,
    document: Document,
    lines: list[tuple[Span, str]],
    forbidden: list[str],
    verdict: Verdict,
) -> None:
    try:
        verify(candidate.text, candidate.spans, document.text)
    except Exception as error:  # recorded, not raised: the verdict counts them
        verdict.unverified.append(f"{candidate.text[:60]!r}: {error}")
    if any(p.search(candidate.text) for p in _JUNK) or any(f in candidate.text for f in forbidden):
        verdict.junk.append(candidate.text[:80])
    if candidate.attribution != "confident":
        return
    for span in candidate.spans:
        holding = [line for line in lines if line[0].contains(span)]
        judged = (
            [min(holding, key=lambda line: len(line[0]))]
            if holding
            else [line for line in lines if line[0].overlaps(span)]
        )
        for _, speaker in judged:
            if speaker != candidate.speaker:
                verdict.misattributed.append(
                    f"{candidate.text[:60]!r} given to {candidate.speaker!r}, said by "
                    f"{speaker or 'nobody the text names'!r}"
                )
                return
