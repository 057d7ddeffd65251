"""WebVTT and SubRip readers: who speaks, and the exact offsets of their words."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quotecards.errors import SourceError
from quotecards.ingest.base import RawTurn
from quotecards.ingest.subtitles import looks_like_srt, looks_like_vtt, read_srt, read_vtt
from quotecards.model import Span

VTT_INTERVIEW = """\
WEBVTT - The Long Interview, episode 12
Kind: captions
Language: en

NOTE
Speaker names as given by the production office.

STYLE
::cue(v[voice="Yann LeCun"]) { color: yellow }

intro-1
00:00:01.000 --> 00:00:04.200 align:start position:10%
<v José Ñúñez>Welcome back. Ten years ago you said
that deep learning would eat the world.

intro-2
00:00:04.300 --> 00:00:07.900
<v.guest Yann LeCun>I said <i>machine</i> learning,
and I still think it will.</v>

00:00:08.000 --> 00:00:11.500
It is <b>R&amp;D</b>, not magic &lt;yet&gt;.

00:00:11.600 --> 00:00:13.000
<v José Ñúñez><c.yellow>Is that</c> a promise?

00:00:13.100 --> 00:00:15.000
- Yes.
- <00:00:14.000>Really?

00:00:15.100 --> 00:00:18.000
LECUN: A promise is a prediction
with a deadline.
"""

VTT_TURNS = [
    (
        "José Ñúñez",
        ["Welcome back. Ten years ago you said", "that deep learning would eat the world."],
    ),
    (
        "Yann LeCun",
        [
            "I said",
            "machine",
            "learning,",
            "and I still think it will.",
            "It is",
            "R&amp;D",
            ", not magic &lt;yet&gt;.",
        ],
    ),
    ("José Ñúñez", ["Is that", "a promise?"]),
    ("", ["Yes."]),
    ("", ["Really?"]),
    ("LECUN", ["A promise is a prediction", "with a deadline."]),
]

SRT_INTERVIEW = """\
1
00:00:01,000 --> 00:00:03,500
JOSÉ ÑÚÑEZ: Professor LeCun, thank you
for joining us.

2
00:00:03,600 --> 00:00:06,000
Yann LeCun: <i>Gracias</i>, José.
It's a pleasure.

3
00:00:06,100 --> 00:00:09,000
{\\an8}Most of what we call AI
is <font color="#ffff00">pattern matching</font>.

4
00:00:09,100 --> 00:00:12,000
JOSÉ ÑÚÑEZ: So it knows nothing?

5
00:00:12,100 --> 00:00:14,000
-In a sense.
-Only in a sense.

6
00:00:14,100 --> 00:00:17,500
Yann LeCun: <b>Current systems</b> have no model of the world,
and that will change.
"""

SRT_TURNS = [
    ("JOSÉ ÑÚÑEZ", ["Professor LeCun, thank you", "for joining us."]),
    (
        "Yann LeCun",
        [
            "Gracias",
            ", José.",
            "It's a pleasure.",
            "Most of what we call AI",
            "is",
            "pattern matching",
            ".",
        ],
    ),
    ("JOSÉ ÑÚÑEZ", ["So it knows nothing?"]),
    ("", ["In a sense."]),
    ("", ["Only in a sense."]),
    ("Yann LeCun", ["Current systems", "have no model of the world,", "and that will change."]),
]

SAMPLES = [
    pytest.param(read_vtt, VTT_INTERVIEW, VTT_TURNS, id="vtt"),
    pytest.param(read_srt, SRT_INTERVIEW, SRT_TURNS, id="srt"),
]
LINE_ENDINGS = [pytest.param("\n", id="lf"), pytest.param("\r\n", id="crlf")]
TIMING = re.compile(r"\d+:\d{2}[:.,]\d")


def words(text: str, turns: list[RawTurn]) -> list[tuple[str, list[str]]]:
    return [(turn.label, [span.of(text) for span in turn.segments]) for turn in turns]


def srt(cues: list[str]) -> str:
    return "".join(
        f"{n}\n00:00:{n:02},000 --> 00:00:{n:02},500\n{cue}\n\n" for n, cue in enumerate(cues, 1)
    )


@pytest.mark.parametrize("newline", LINE_ENDINGS)
@pytest.mark.parametrize(("read", "sample", "expected"), SAMPLES)
def test_every_segment_slices_back_to_the_spoken_words(read, sample, expected, newline):
    text = sample.replace("\n", newline)
    assert words(text, read(text)) == expected


@pytest.mark.parametrize("newline", LINE_ENDINGS)
@pytest.mark.parametrize(("read", "sample", "expected"), SAMPLES)
def test_no_segment_holds_a_tag_a_timing_line_or_a_line_break(read, sample, expected, newline):
    text = sample.replace("\n", newline)
    for turn in read(text):
        for span in turn.segments:
            segment = span.of(text)
            assert segment == segment.strip() != ""
            assert "<" not in segment and "{\\" not in segment
            assert "-->" not in segment and not TIMING.search(segment)
            assert "\n" not in segment and "\r" not in segment


@pytest.mark.parametrize(("read", "sample", "expected"), SAMPLES)
def test_label_span_covers_the_name_as_written(read, sample, expected):
    for turn in read(sample):
        if turn.label:
            assert turn.label_span.of(sample) == turn.label
        else:
            assert turn.label_span.start == turn.label_span.end == turn.segments[0].start


def test_the_name_in_a_voice_tag_is_the_label_not_the_tag():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.loud.guest   Yann LeCun >Hello.\n"
    [turn] = read_vtt(text)
    assert turn.label == "Yann LeCun"
    assert text[turn.label_span.start - 3 : turn.label_span.end + 2] == "   Yann LeCun >"


def test_consecutive_cues_by_one_speaker_make_one_turn():
    text = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v Yann LeCun>The first half\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Yann LeCun>of a sentence\n\n"
        "00:00:03.000 --> 00:00:04.000\nand its end.\n"
    )
    assert words(text, read_vtt(text)) == [
        ("Yann LeCun", ["The first half", "of a sentence", "and its end."])
    ]


def test_an_unlabelled_first_cue_has_an_unknown_speaker():
    text = "1\n00:00:01,000 --> 00:00:02,000\n(applause) Thank you.\n\n"
    text += "2\n00:00:02,000 --> 00:00:03,000\nLECUN: Thanks.\n"
    unknown, lecun = read_srt(text)
    words_start = text.index("(applause)")
    assert unknown.label == ""
    assert unknown.label_span == Span(words_start, words_start)
    assert words(text, [unknown, lecun]) == [
        ("", ["(applause) Thank you."]),
        ("LECUN", ["Thanks."]),
    ]


def test_a_dialogue_dash_starts_a_new_unlabelled_turn_each_time():
    text = "1\n00:00:01,000 --> 00:00:02,000\nLECUN: Well.\n- Yes.\n\u2013 Oui.\n-No.\n"
    assert words(text, read_srt(text)) == [
        ("LECUN", ["Well."]),
        ("", ["Yes."]),
        ("", ["Oui."]),
        ("", ["No."]),
    ]


def test_a_minus_sign_or_a_double_dash_is_not_a_dialogue_dash():
    text = "1\n00:00:01,000 --> 00:00:02,000\nLECUN: It was cold.\n-5 degrees.\n--and windy.\n"
    assert words(text, read_srt(text)) == [
        ("LECUN", ["It was cold.", "-5 degrees.", "--and windy."])
    ]


def test_a_capitalised_word_before_a_colon_names_a_speaker_only_when_it_recurs():
    cues = ["Yann: Hello.", "Look: it works.", "Yann: Indeed.", "LeCun: Yes.", "Yann LeCun: Bye."]
    text = srt(cues)
    assert words(text, read_srt(text)) == [
        ("Yann", ["Hello.", "Look: it works.", "Indeed."]),
        ("LeCun", ["Yes."]),
        ("Yann LeCun", ["Bye."]),
    ]


def test_names_with_particles_and_accents_are_labels():
    text = srt(["Ana de la Cruz: Hola.", "José Ñúñez: Buenas.", "Machine learning: a field."])
    assert words(text, read_srt(text)) == [
        ("Ana de la Cruz", ["Hola."]),
        ("José Ñúñez", ["Buenas.", "Machine learning: a field."]),
    ]


def test_a_label_inside_italics_is_still_a_label():
    text = srt(["<i>LECUN:</i> Hello.", "<i>- Yes.</i>", "<b> HOST: </b>No."])
    assert words(text, read_srt(text)) == [("LECUN", ["Hello."]), ("", ["Yes."]), ("HOST", ["No."])]


def test_words_after_a_voice_tag_are_never_read_as_a_label():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Yann LeCun>Answer: no.\nQ: why?\n"
    assert words(text, read_vtt(text)) == [("Yann LeCun", ["Answer: no.", "Q: why?"])]


def test_a_dash_after_a_voice_tag_does_not_hide_the_speaker():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann Lee>- Hi.</v>\n<v Bo Ek>- Hello.\n"
    assert words(text, read_vtt(text)) == [("Ann Lee", ["Hi."]), ("Bo Ek", ["Hello."])]


def test_a_name_prefix_works_in_webvtt_too():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nQ: Why?\nA: Because.\n"
    assert words(text, read_vtt(text)) == [("Q", ["Why?"]), ("A", ["Because."])]


def test_a_voice_tag_without_a_name_leaves_the_speaker_unknown():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v>Hello.\n"
    assert words(text, read_vtt(text)) == [("", ["Hello."])]


def test_a_label_with_no_words_makes_no_turn():
    text = srt(["LECUN: Yes.", "HOST:", "LECUN: And more."])
    assert words(text, read_srt(text)) == [("LECUN", ["Yes.", "And more."])]


def test_a_label_alone_on_its_line_names_the_words_below_it():
    text = srt(["LECUN:\nI disagree."])
    assert words(text, read_srt(text)) == [("LECUN", ["I disagree."])]


def test_character_references_stay_as_written():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Tom &amp; Jerry>Fish &amp; chips &lt;3\n"
    [turn] = read_vtt(text)
    assert turn.label == "Tom &amp; Jerry"
    assert [s.of(text) for s in turn.segments] == ["Fish &amp; chips &lt;3"]


def test_srt_keeps_a_literal_less_than_sign_and_drops_positioning_codes():
    text = srt(["{\\an8}LECUN: 5 < 10, and <u>always</u> will be."])
    assert words(text, read_srt(text)) == [("LECUN", ["5 < 10, and", "always", "will be."])]


def test_webvtt_swallows_an_unclosed_tag_as_a_player_would():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine <i so far\n"
    assert words(text, read_vtt(text)) == [("", ["Fine"])]


def test_a_cue_that_lost_its_blank_line_is_still_a_cue():
    vtt = (
        "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v A B>One.\n"
        "00:00:02.000 --> 00:00:03.000\n<v C D>Two.\n"
    )
    srt_text = (
        "1\n00:00:01,000 --> 00:00:02,000\nA B: One.\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    )
    assert words(vtt, read_vtt(vtt)) == [("A B", ["One."]), ("C D", ["Two."])]
    assert words(srt_text, read_srt(srt_text)) == [("A B", ["One.", "Two."])]


def test_a_lone_carriage_return_does_not_split_a_cue():
    text = "1\r\r\n00:00:01,000 --> 00:00:02,000\r\r\nLECUN: Yes.\r\r\n"
    assert words(text, read_srt(text)) == [("LECUN", ["Yes."])]


def test_srt_accepts_a_missing_cue_number_and_a_full_stop_before_milliseconds():
    text = "00:00:01.000 --> 00:00:02.000 X1:10 X2:20 Y1:5 Y2:15\nLECUN: Yes.\n"
    assert words(text, read_srt(text)) == [("LECUN", ["Yes."])]


def test_cues_with_no_words_give_no_turns():
    assert read_srt("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n", True),
        ("WEBVTT - Title\r\n", True),
        ("WEBVTT", True),
        ("WEBVTTX\n", False),
        (" WEBVTT\n", False),
        (SRT_INTERVIEW, False),
    ],
)
def test_looks_like_vtt_wants_the_signature_first(text, expected):
    assert looks_like_vtt(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SRT_INTERVIEW, True),
        ("\r\n\r\n1\r\n00:00:01,000 --> 00:00:04,000\r\nHi.\r\n", True),
        ("1\n0:00:01,000 --> 0:00:04,000\n", True),
        ("1\nHello.\n", False),
        ("00:00:01,000 --> 00:00:04,000\nHi.\n", False),
        ("Q: 1\n00:00:01,000 --> 00:00:04,000\n", False),
        (VTT_INTERVIEW, False),
        ("", False),
    ],
)
def test_looks_like_srt_wants_a_cue_number_then_a_timing_line(text, expected):
    assert looks_like_srt(text) is expected


SRT_TIMING = '"00:00:01,000 --> 00:00:04,000"'
VTT_TIMING = '"00:00:01.000 --> 00:00:04.000"'


@pytest.mark.parametrize("newline", LINE_ENDINGS)
@pytest.mark.parametrize(
    ("read", "text", "message"),
    [
        pytest.param(
            read_srt,
            "1\n00:00:01,000 --> 00:00:04,000\nHello.\n\n2\n00:00:01 -> 4\nWorld.\n",
            f'line 6: expected a timing line like {SRT_TIMING}, found "00:00:01 -> 4"',
            id="srt-bad-timing",
        ),
        pytest.param(
            read_srt,
            "1\n00:00:01,000 --> 00:00:04,000\nHello.\n\n2\n",
            f"line 6: expected a timing line like {SRT_TIMING}, found the end of the file",
            id="srt-number-without-timing-at-end",
        ),
        pytest.param(
            read_srt,
            "1\n\n2\n00:00:01,000 --> 00:00:04,000\nHello.\n",
            f"line 2: expected a timing line like {SRT_TIMING}, found a blank line",
            id="srt-number-without-timing",
        ),
        pytest.param(
            read_srt,
            "1\n00:00:01,000 --> 00:00:04,000\nHello.\n\nand goodbye.\n",
            f"line 5: expected a cue number followed by a timing line like {SRT_TIMING}, "
            'found "and goodbye."',
            id="srt-stray-text",
        ),
        pytest.param(
            read_srt,
            "00:00:01 --> 00:00:04\nHello.\n",
            f'line 1: expected a timing line like {SRT_TIMING}, found "00:00:01 --> 00:00:04"',
            id="srt-timing-without-milliseconds",
        ),
        pytest.param(
            read_srt,
            "\n\n",
            f"line 3: expected a cue: a number, then a timing line like {SRT_TIMING}, "
            "found the end of the file",
            id="srt-no-cues",
        ),
        pytest.param(
            read_vtt,
            "1\n00:00:01.000 --> 00:00:04.000\nHello.\n",
            'line 1: expected "WEBVTT" at the start of a WebVTT file, found "1"',
            id="vtt-no-signature",
        ),
        pytest.param(
            read_vtt,
            "WEBVTT\n\n00:00:01 --> 00:00:04\nHello.\n",
            f'line 3: expected a timing line like {VTT_TIMING}, found "00:00:01 --> 00:00:04"',
            id="vtt-timing-without-milliseconds",
        ),
        pytest.param(
            read_vtt,
            "WEBVTT\n\nintro\n00:01.000 -> 00:04.000\nHello.\n",
            f'line 4: expected a timing line like {VTT_TIMING}, found "00:01.000 -> 00:04.000"',
            id="vtt-arrow-too-short-after-identifier",
        ),
        pytest.param(
            read_vtt,
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello.\n\nand goodbye.\n",
            f'line 6: expected a timing line like {VTT_TIMING}, found "and goodbye."',
            id="vtt-stray-text",
        ),
        pytest.param(
            read_vtt,
            "WEBVTT\n\nNOTE no cues yet\n",
            f"line 4: expected a cue: a timing line like {VTT_TIMING}, found the end of the file",
            id="vtt-no-cues",
        ),
    ],
)
def test_malformed_files_are_refused_with_the_line_and_what_was_expected(
    read, text, message, newline
):
    with pytest.raises(SourceError) as raised:
        read(text.replace("\n", newline), name="interview.sub")
    assert str(raised.value) == f"interview.sub: {message}"
    assert "\n" not in str(raised.value)


def test_a_long_offending_line_is_clipped_in_the_message():
    with pytest.raises(SourceError, match=r'found "0{57}\.\.\."$'):
        read_srt("0" * 80 + " -> 1\nHello.\n")


# Property: whatever the speakers, words and markup, the segments give the words back in order.

SPEAKERS = ("Yann LeCun", "José Ñúñez", "LECUN", None)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzçéñü.,?!'&", min_size=1, max_size=8)
VTT_MARKUP = [("<i>", "</i>"), ("<b>", "</b>"), ("<c.yellow>", "</c>"), ("<lang en>", "</lang>")]
VTT_MARKUP += [("<00:00:01.500>", ""), ("<ruby>", "</ruby>")]
SRT_MARKUP = [("<i>", "</i>"), ("<b>", "</b>"), ('<font color="#ffff00">', "</font>")]
SRT_MARKUP += [("{\\an8}", "")]


@st.composite
def marked_up(draw, words: list[str], markup: list[tuple[str, str]]) -> str:
    if not draw(st.booleans()):
        return " ".join(words)
    first = draw(st.integers(0, len(words) - 1))
    last = draw(st.integers(first, len(words) - 1))
    opening, closing = draw(st.sampled_from(markup))
    marked = list(words)
    marked[first] = opening + marked[first]
    marked[last] += closing
    return " ".join(marked)


@st.composite
def subtitle_files(draw) -> tuple[str, bool, list[tuple[str, list[str]]]]:
    """A WebVTT or SubRip file and the turns it holds, merged as the readers should merge them."""
    vtt = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    markup = VTT_MARKUP if vtt else SRT_MARKUP
    blocks: list[str] = ["WEBVTT"] if vtt else []
    expected: list[tuple[str, list[str]]] = []
    shown_before: list[str] = []
    for number in range(1, draw(st.integers(1, 8)) + 1):
        speaker = draw(st.sampled_from(SPEAKERS))
        lines = draw(st.lists(st.lists(WORD, min_size=1, max_size=5), min_size=1, max_size=3))
        payload = [draw(marked_up(line, markup)) for line in lines]
        # A line of the cue before shown again is how timed captions roll (tested apart, with
        # YouTube's captions): here every cue says new words.
        shown = [" ".join(line) for line in lines]
        assume(not (vtt and set(shown) & set(shown_before)))
        shown_before = shown
        if speaker is not None and vtt and draw(st.booleans()):
            closing = "</v>" if draw(st.booleans()) else ""
            payload[0] = f"<v {speaker}>{payload[0]}"
            payload[-1] += closing
        elif speaker is not None:
            payload[0] = f"{speaker}: {payload[0]}"
        if vtt:
            head = [f"cue-{number}"] if draw(st.booleans()) else []
            head.append("00:00:01.000 --> 00:00:02.000 line:90%")
        else:
            head = [str(number), "00:00:01,000 --> 00:00:02,000"]
        blocks.append(newline.join(head + payload))

        said = [word for line in lines for word in line]
        if expected and speaker in (None, expected[-1][0]):
            expected[-1][1].extend(said)
        else:
            expected.append((speaker or "", said))
    return (newline * 2).join(blocks) + newline, vtt, expected


@given(subtitle_files())
def test_segments_give_back_each_speakers_words_in_order(generated):
    text, vtt, expected = generated
    turns = (read_vtt if vtt else read_srt)(text)
    said = [(turn.label, " ".join(s.of(text) for s in turn.segments).split()) for turn in turns]
    assert said == expected
    for turn in turns:
        assert turn.label_span.of(text) == turn.label
        for span in turn.segments:
            segment = span.of(text)
            assert segment == segment.strip() != ""
            assert not {"<", "\n", "\r"} & set(segment) and "-->" not in segment


FRAGMENTS = ["WEBVTT", "\n", "\r\n", " ", "1", "00:00:01.000 --> 00:00:02.000", "-->", "NOTE"]
FRAGMENTS += ["00:00:01,000 --> 00:00:02,000", "<v A B>", "</v>", "<i>", "<", ">", "- ", "LECUN:"]
FRAGMENTS += ["Yann:", "word", "é", "{\\an8}", ":", "\t"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join), st.booleans())
def test_any_input_gives_clean_segments_or_a_one_line_source_error(text, vtt):
    try:
        turns = (read_vtt if vtt else read_srt)(text)
    except SourceError as error:
        assert "\n" not in str(error)
        return
    for turn in turns:
        assert turn.segments and turn.label_span.of(text) == turn.label
        for span in turn.segments:
            segment = span.of(text)
            assert segment == segment.strip() != ""
            assert "\n" not in segment and "-->" not in segment
            assert not vtt or "<" not in segment


# YouTube writes a line of one space (\x20 here) as a cue's first or last line.
YOUTUBE = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.310 align:start position:0%
\x20
so<00:00:00.359><c> the</c><00:00:00.480><c> biggest</c><00:00:00.799><c> mistake</c>

00:00:02.310 --> 00:00:02.320 align:start position:0%
so the biggest mistake
\x20

00:00:02.320 --> 00:00:04.630 align:start position:0%
so the biggest mistake
cities<00:00:02.600><c> make</c><00:00:02.840><c> is</c><00:00:03.000><c> treating</c>

00:00:04.630 --> 00:00:04.640 align:start position:0%
cities make is treating
\x20
"""


def test_youtube_captions_parse_and_their_rolling_lines_are_read_once():
    turns = read_vtt(YOUTUBE)
    words = " ".join(YOUTUBE[s.start : s.end] for t in turns for s in t.segments)
    assert words.split() == "so the biggest mistake cities make is treating".split()


def test_unlabelled_captions_are_nobodys_until_the_user_names_the_voice():
    from quotecards.ingest import read_text
    from quotecards.integrity import verify
    from quotecards.selector import select

    anonymous = select(read_text(YOUTUBE, "talk.vtt"))
    assert not anonymous.picks and anonymous.uncertain
    named = select(read_text(YOUTUBE, "talk.vtt", interviewee="Maria Lopez"))
    assert named.picks and {c.speaker for c in named.picks} == {"Maria Lopez"}
    for pick in named.picks:
        verify(pick.text, pick.spans, YOUTUBE)
        assert pick.text.count("mistake") == 1  # the rolling repeat is not quoted twice


NUMBERED_SRT = """1
00:00:01,000 --> 00:00:04,000
Speaker 1: Welcome back. What got you into rope making?

2
00:00:04,500 --> 00:00:09,000
Speaker 2: A broken swing. A rope is only as strong as the hands that twist it.

3
00:00:09,500 --> 00:00:12,000
Speaker 1: And the business side?

4
00:00:12,500 --> 00:00:16,000
Speaker 2: Nobody gets rich on rope.
"""


def test_numbered_voices_in_subtitles_are_speakers_whose_words_stay_uncertain_until_named():
    from quotecards.ingest import read_text
    from quotecards.selector import select

    turns = read_srt(NUMBERED_SRT)
    assert [t.label for t in turns] == ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"]
    assert all("Speaker" not in s.of(NUMBERED_SRT) for t in turns for s in t.segments)
    unnamed = select(read_text(NUMBERED_SRT, "rope.srt", suffix=".srt"), top=5)
    assert unnamed.picks == () and unnamed.uncertain
    named = select(
        read_text(NUMBERED_SRT, "rope.srt", suffix=".srt", speakers={"Speaker 2": "Mara Quill"}),
        top=5,
    )
    assert named.picks and {c.speaker for c in named.picks} == {"Mara Quill"}
