"""Transcription-tool exports: each read in the layout the tool writes, the layout said.

The samples are written in each tool's own layout (see the comment at the top of each reader in
``quotecards/ingest/``); the reading corpus (``tests/corpus/``) holds longer files of each.
"""

from __future__ import annotations

import pytest

from quotecards.errors import SourceError
from quotecards.ingest import read_text
from quotecards.ingest.layouts import NAMES


def _turns(document):
    """(label, [segment words]) for each turn, as the text holds them."""
    return [
        (turn.label, [span.of(document.text) for span in turn.segments]) for turn in document.turns
    ]


OTTER = """\
Speaker 1  0:02\x20\x20
Thanks for coming in. Let's start with the flood.

Unknown Speaker  0:09\x20\x20
It was the worst week of my life. The water came up through the floor.
We lost everything on the ground floor.

Speaker 1  1:02:03
And then?

Unknown Speaker\t1:02:11
And then we started again.

Transcribed by https://otter.ai
"""


def test_otter_headers_give_turns_and_the_footer_is_not_speech():
    document = read_text(OTTER, "flood.txt")
    assert document.layout == "otter" and document.shape == "transcript"
    assert _turns(document) == [
        ("Speaker 1", ["Thanks for coming in. Let's start with the flood."]),
        (
            "Unknown Speaker",
            [
                "It was the worst week of my life. The water came up through the floor.",
                "We lost everything on the ground floor.",
            ],
        ),
        ("Speaker 1", ["And then?"]),
        ("Unknown Speaker", ["And then we started again."]),
    ]
    for turn in document.turns:
        assert turn.label_span.of(OTTER) == turn.label


REV = """\
Dana Whitfield (00:00:07):
How long have you run the crossing?

Speaker 2 (00:00:12): Twenty-two years. [laughs] Long enough to know the fog.

Dana Whitfield (00:01:23):
And the bridge?

Speaker 2 (00:01:30):
A bridge gets you there faster. [crosstalk 00:01:34]
"""


def test_rev_headers_with_the_words_below_or_on_the_same_line():
    document = read_text(REV, "ferry.txt")
    assert document.layout == "rev"
    assert _turns(document) == [
        ("Dana Whitfield", ["How long have you run the crossing?"]),
        ("Speaker 2", ["Twenty-two years. [laughs] Long enough to know the fog."]),
        ("Dana Whitfield", ["And the bridge?"]),
        ("Speaker 2", ["A bridge gets you there faster."]),  # the closing annotation trimmed
    ]


DESCRIPT = """\
[00:00:00] Mariana Quist: Welcome back to Small Hours.

[00:00:04] Tomás Ferreira: Thanks. It's good to be here.

[00:00:09] Tomás Ferreira: I should say I'm normally asleep at this time.

[00:00:15] And a paragraph with no name goes on with the speaker before it.

[00:00:21] Mariana Quist: What time does your day start?
"""


def test_descript_paragraphs_open_with_a_time_and_a_name():
    document = read_text(DESCRIPT, "baker.txt")
    assert document.layout == "descript"
    assert _turns(document) == [
        ("Mariana Quist", ["Welcome back to Small Hours."]),
        (
            "Tomás Ferreira",
            [
                "Thanks. It's good to be here.",
                "I should say I'm normally asleep at this time.",
                "And a paragraph with no name goes on with the speaker before it.",
            ],
        ),
        ("Mariana Quist", ["What time does your day start?"]),
    ]


SONIX = """\
yard.mp3: this mp3 audio file was automatically transcribed by Sonix with the best \
speech-to-text algorithms. This transcript may contain errors.

Wren Adeyemi: [00:00:05] What are we looking at?

Cal Mendoza: [00:00:09] That's the Agnes May, built in 1938.

[00:00:20] She came to us with half her planks soft.

Automatically convert your audio files to text with Sonix. Sonix is the best online, \
automated transcription service.

Sonix uses cutting-edge artificial intelligence to convert your mp3 files to text.
"""


def test_sonix_promotion_at_the_top_and_the_end_is_never_speech():
    document = read_text(SONIX, "yard.txt")
    assert document.layout == "sonix"
    assert _turns(document) == [
        ("Wren Adeyemi", ["What are we looking at?"]),
        (
            "Cal Mendoza",
            ["That's the Agnes May, built in 1938.", "She came to us with half her planks soft."],
        ),
    ]


TRINT = """\
[00:00:00] Joanna Pike
So this is the seed library.

[00:00:06] Imani Okonkwo-Baird:
It is. You borrow seeds in spring and bring seeds back in autumn.

That's the late fee.

[00:00:31] Joanna Pike
Why does that matter?
"""


def test_trint_time_and_name_on_a_line_of_their_own():
    document = read_text(TRINT, "seeds.txt")
    assert document.layout == "trint"
    assert _turns(document) == [
        ("Joanna Pike", ["So this is the seed library."]),
        (
            "Imani Okonkwo-Baird",
            [
                "It is. You borrow seeds in spring and bring seeds back in autumn.",
                "That's the late fee.",
            ],
        ),
        ("Joanna Pike", ["Why does that matter?"]),
    ]


ZOOM = """\
WEBVTT

1
00:00:03.120 --> 00:00:07.890
Samira Haddad (she/her): Okay, I think we're recording.

2
00:00:08.520 --> 00:00:12.010
Samira Haddad (she/her): We have one item tonight, the heating.

3
00:00:12.640 --> 00:00:15.300
Dev's iPhone: Sorry, can I jump in?

4
00:00:15.930 --> 00:00:19.100
Samira Haddad (she/her): Of course, Dev.

5
00:00:19.730 --> 00:00:22.400
jo.baker@uni.example: Can everyone hear me?
"""


def test_zoom_cues_of_one_speaker_make_one_turn_under_the_display_name():
    document = read_text(ZOOM, "meeting.vtt")
    assert document.layout == "zoom" and document.shape == "subtitles"
    assert _turns(document) == [
        (
            "Samira Haddad (she/her)",
            ["Okay, I think we're recording.", "We have one item tonight, the heating."],
        ),
        ("Dev's iPhone", ["Sorry, can I jump in?"]),
        ("Samira Haddad (she/her)", ["Of course, Dev."]),
        ("jo.baker@uni.example", ["Can everyone hear me?"]),  # a display name is what was typed
    ]


DESCRIPT_SRT = """\
1
00:00:01,000 --> 00:00:03,500
Lena Brandt: Oskar, what brought you to clocks?

2
00:00:04,000 --> 00:00:07,200
Oskar Vik: My grandfather's watch stopped the day he died.

3
00:00:07,600 --> 00:00:09,900
I fixed it. I was fourteen.
"""


def test_descript_srt_names_the_speaker_before_the_words():
    document = read_text(DESCRIPT_SRT, "clocks.srt")
    assert document.layout == "srt"
    assert [(label, words) for label, words in _turns(document)] == [
        ("Lena Brandt", ["Oskar, what brought you to clocks?"]),
        (
            "Oskar Vik",
            ["My grandfather's watch stopped the day he died.", "I fixed it. I was fourteen."],
        ),
    ]


def test_plain_labels_are_still_the_labels_layout():
    document = read_text("Ann Lee: Why?\n\nBo Chen: Because it works.\n", "qa.txt")
    assert document.layout == "labels"


def test_a_timestamp_or_annotation_at_a_paragraphs_edge_is_not_in_the_turn():
    text = (
        "Ann Lee: [00:00:05] Why?\n\nBo Chen: [00:00:09] Because it works. [laughs]\n\n"
        "[music]\n\n[00:01:12] It always [laughs] has.\n"
    )
    document = read_text(text, "qa.txt")
    assert _turns(document) == [
        ("Ann Lee", ["Why?"]),
        ("Bo Chen", ["Because it works.", "It always [laughs] has."]),
    ]


def test_a_layout_can_be_chosen_instead_of_recognised():
    assert read_text(OTTER, "flood.txt", layout="otter").layout == "otter"
    with pytest.raises(SourceError, match=r"read as a Rev .* found no speaker turns"):
        read_text(OTTER, "flood.txt", layout="rev")
    with pytest.raises(SourceError, match=r"no speaker labels like 'Name: words' \(--layout"):
        read_text(OTTER, "flood.txt", layout="labels")
    with pytest.raises(SourceError, match="unknown layout 'otr'; choose one of: "):
        read_text(OTTER, "flood.txt", layout="otr")
    assert set(NAMES) >= {"otter", "rev", "descript", "sonix", "trint", "zoom", "vtt", "srt"}


def test_an_unrecognised_text_names_the_layouts_tried_and_how_to_label_speakers():
    with pytest.raises(SourceError) as caught:
        read_text("Notes from Tuesday\nBring the ladder and the blue paint.\n", "notes.txt")
    message = str(caught.value)
    assert "\n" not in message
    for layout in ("otter", "rev", "descript", "sonix", "trint", "labels"):
        assert layout in message
    assert "label each turn like 'Name: words'" in message


def _captions(words: list[str], per_cue: int = 8) -> str:
    cues = ["WEBVTT", ""]
    for n in range(0, len(words), per_cue):
        second = n // per_cue
        cues += [
            f"00:00:{second:02d}.000 --> 00:00:{second:02d}.900",
            " ".join(words[n : n + per_cue]),
            "",
        ]
    return "\n".join(cues)


def test_long_captions_without_punctuation_ask_for_a_punctuated_transcript():
    words = (
        "so the thing about rivers is that they remember every flood and we forget " * 6
    ).split()
    with pytest.raises(SourceError) as caught:
        read_text(_captions(words), "talk.vtt")
    message = str(caught.value)
    assert "no sentence punctuation" in message and "punctuated transcript" in message
    assert "\n" not in message


def test_punctuated_captions_are_read_as_before():
    words = ("Rivers remember every flood. We forget them within a year. " * 6).split()
    document = read_text(_captions(words), "talk.vtt", interviewee="Maria Lopez")
    assert document.layout == "vtt" and document.turns
