"""Properties over generated transcripts: every candidate is the source's words, in its spans,
and belongs to the person whose turn or attribution holds them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotecards.ingest import read_text
from quotecards.integrity import verify
from quotecards.selector import select

PEOPLE = ["Ada Brightwater", "Bo Chen", "Carla Núñez"]
WORDS = st.sampled_from(
    "the a river bridge never always we you I build learn nothing data rust steel "
    "because but and so well model machines humans think know fail win lose".split()
)
ENDS = st.sampled_from([".", "?", "!", "…"])


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=14))
    return words[0].capitalize() + " " + " ".join(words[1:]) + draw(ENDS)


@st.composite
def paragraph(draw) -> str:
    parts = draw(st.lists(sentence(), min_size=1, max_size=4))
    if draw(st.booleans()):
        quoted = draw(sentence())
        verb = draw(st.sampled_from(["you said", "I said", "my boss told me", "Bo Chen said"]))
        parts.insert(draw(st.integers(0, len(parts))), f"Once {verb}, “{quoted}”")
    if draw(st.booleans()):
        parts[0] = (
            draw(st.sampled_from(["But ", "So, ", "Well, "])) + parts[0][0].lower() + parts[0][1:]
        )
    return " ".join(parts)


@st.composite
def transcript(draw) -> str:
    people = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=3, unique=True))
    lines = []
    if draw(st.booleans()):
        lines.append(f"I talked with {people[1]} about rivers. “{draw(sentence())}” they said.")
    for turn in range(draw(st.integers(2, 8))):
        who = people[turn % len(people)]
        paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=3))
        lines.append(f"{who}: " + paragraphs[0])
        lines.extend(paragraphs[1:])
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcript())
def test_candidates_are_verbatim_and_attributed_to_who_holds_them(text: str):
    document = read_text(text)
    for candidate in select(document, top=40).candidates:
        verify(candidate.text, candidate.spans, text)
        for span in candidate.spans:
            assert text[span.start : span.end].strip() == text[span.start : span.end]
        holders = [
            p
            for p in document.passages
            if all(any(seg.contains(span) for seg in p.segments) for span in candidate.spans)
        ]
        assert holders, candidate.text
        innermost = min(holders, key=lambda p: len(p.span))
        assert candidate.speaker == innermost.speaker
        assert candidate.kind == innermost.kind
        assert candidate.attribution == innermost.attribution
        if candidate.kind == "answer":
            turn = document.turns[innermost.turn]
            assert turn.speaker == candidate.speaker
