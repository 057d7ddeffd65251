"""Other languages: detection, scoring with each language's own small words, Chinese and Japanese
sentences and lengths, speaker labels in any script, readable file names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quotecards import read_source, read_text, score_text, select
from quotecards.ingest.language import detect
from quotecards.model import Span
from quotecards.render.cards import slug
from quotecards.sentences import split

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Machine learning sucks. We are missing something big.", "en"),
        ("Nadie te regala la tierra: la trabajas o la pierdes.", "es"),
        ("Le pain ne ment jamais, et le four non plus.", "fr"),
        ("Wer nie scheitert, hat nie etwas gewagt.", "de"),
        ("O pão não mente, e o forno também não.", "pt"),
        ("Il pane non mente mai, e nemmeno il forno.", "it"),
        ("失敗は、ただの情報です。", "ja"),
        ("失败只是信息。", "zh"),
        ("Иван: Добрый день, рад вас видеть.", "ru"),
        ("ليلى: مرحبا بكم في البرنامج.", "ar"),
    ],
)
def test_the_language_of_a_text_is_detected(text: str, language: str) -> None:
    assert detect(text) == language


def test_an_english_line_of_names_stays_english() -> None:
    assert detect("Yann LeCun: Hello, Martin.") == "en"


@pytest.mark.parametrize(
    ("language", "filler", "strong"),
    [
        ("es", "Qué le vas a hacer.", "Nadie te regala la tierra: la trabajas o la pierdes."),
        ("es", "O sea, bueno, pues nada.", "Un pueblo que no cuida su agua no tiene futuro."),
        ("fr", "Euh, bon, du coup, voilà.", "Le pain ne ment jamais."),
        ("de", "Na ja, so ist das eben.", "Wer nie scheitert, hat nie etwas gewagt."),
        ("pt", "Pois é, fazer o quê.", "Quem planta pressa colhe pão cru."),
        ("it", "Boh, cioè, che ci vuoi fare.", "Il pane non mente mai."),
        ("ja", "仕方がないですね。", "失敗は、ただの情報です。"),
        ("zh", "嗯，那个，就是说，没办法。", "失败只是信息。"),
    ],
)
def test_a_filler_scores_below_a_strong_line(language: str, filler: str, strong: str) -> None:
    low, high = score_text(filler, language), score_text(strong, language)
    assert low.value < 40 < 60 < high.value, (low, high)


def test_a_filler_is_named_as_one_in_the_reasons() -> None:
    score = score_text("Bueno, pues, yo creo que, o sea, un poco sí, ¿no?", "es")
    assert any("filler" in reason for reason in score.reasons)
    assert any("hedging" in reason for reason in score.reasons)


def test_english_is_scored_as_before_whatever_the_default() -> None:
    line = "Machine learning sucks."
    assert score_text(line) == score_text(line, "en") == score_text(line, "en-GB")


def test_a_cjk_line_is_counted_in_words_and_never_scores_as_no_words() -> None:
    score = score_text("良い道具は、使う人の手に合わせて形を変えるものです。", "ja")
    assert score.value > 60
    assert "fits a card (12 words)" in score.reasons
    assert not any("no words" in reason for reason in score.reasons)
    assert score_text("好的工具会随着使用者的手改变形状。", "zh").features["words"] > 5


def test_cjk_sentences_end_at_full_stops_and_keep_their_closing_brackets() -> None:
    text = "機械学習は最悪です。でも、役に立つ！本当に？「はい。」と彼は言った。最後"
    assert [s.of(text) for s in split(text, Span(0, len(text)))] == [
        "機械学習は最悪です。",
        "でも、役に立つ！",
        "本当に？",
        "「はい。」と彼は言った。",
        "最後",
    ]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "山田：今日はどうも。\n佐藤：よろしくお願いします。\n山田：始めましょうか？\n佐藤：はい。\n",
            ["山田", "佐藤"],
        ),
        ("ليلى: مرحبا بكم.\nسمير: شكرا لك.\nليلى: كيف بدأت؟\nسمير: صغيرا.\n", ["ليلى", "سمير"]),
        (
            "Иван: Добрый день.\nМария: Здравствуйте.\nИван: Как вы начали?\nМария: С малого.\n",
            ["Иван", "Мария"],
        ),
        (
            "Ana María: Hola.\nJorge Pérez: Buenas.\nAna María: ¿Cómo empezó?\n",
            ["Ana María", "Jorge Pérez"],
        ),
    ],
)
def test_speaker_labels_in_any_script_are_read(text: str, labels: list[str]) -> None:
    document = read_text(text)
    assert document.shape == "transcript"
    assert list(dict.fromkeys(t.label for t in document.turns)) == labels
    for turn in document.turns:
        assert text[turn.label_span.start : turn.label_span.end] == turn.label
        assert not turn.segments[0].of(text).startswith(("：", ":"))


def test_the_one_who_asks_in_japanese_or_arabic_is_the_interviewer() -> None:
    ja = read_text("山田：今日はどうも。\n佐藤：よろしく。\n山田：始めましょうか？\n佐藤：はい。\n")
    assert ja.interviewer is not None and ja.interviewer.name == "山田"
    ar = read_text("ليلى: مرحبا بكم.\nسمير: شكرا لك.\nليلى: كيف بدأت؟\nسمير: صغيرا.\n")
    assert ar.interviewer is not None and ar.interviewer.name == "ليلى"


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Машинное обучение — это отстой.", "mashinnoe-obuchenie-eto-otstoi"),
        ("Η μηχανική μάθηση είναι χάλια.", "i-michaniki-mathisi-einai-chalia"),
        ("¿Qué le vas a hacer?", "que-le-vas-a-hacer"),
        ("机器学习很糟糕。", "机器学习很糟糕"),
        ("「失敗は、ただの情報です。」", "失敗は-ただの情報です"),
        ("العمل الجيد لا يحتاج إلى ضجيج.", "العمل-الجيد-لا"),
    ],
)
def test_a_non_latin_quote_gets_a_readable_file_name(quote: str, expected: str) -> None:
    assert slug(quote) == expected


def test_a_slug_never_holds_a_separator_or_control_character() -> None:
    name = slug("../機械\u202e/学習\u200b\\は:最悪*です")
    assert name and not set(name) & set("/\\:*.\u202e\u200b")
    assert len(name.encode("utf-8")) < 100


def test_the_language_can_be_given_instead_of_detected(tmp_path: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_text(
        "Ana: ¿Qué opinas del pan?\nLuis: El pan no miente nunca.\nAna: ¿Nunca?\nLuis: Nunca.\n",
        encoding="utf-8",
    )
    assert read_source(source).language == "es"
    assert read_source(source, language="pt").language == "pt"
    assert select(read_source(source)).document.language == "es"


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotecards", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_score_reads_each_line_in_its_language_or_the_one_given() -> None:
    lines = "Qué le vas a hacer.\nNadie te regala la tierra: la trabajas o la pierdes.\n"
    detected = [
        json.loads(line)["score"] for line in _cli("score", stdin=lines).stdout.split("\n") if line
    ]
    assert detected[0] < 40 < 60 < detected[1]
    as_english = _cli("score", "--language", "en", stdin=lines)
    assert [json.loads(line)["score"] for line in as_english.stdout.splitlines()] != detected


def test_a_bad_language_code_is_one_line_and_exit_2() -> None:
    run = _cli("score", "--language", "spanish!", stdin="Hola.\n")
    assert run.returncode == 2
    assert "not a language code" in run.stderr


def _rank(picks: list[str], words: str) -> int:
    """Where the first pick holding ``words`` ranks; past the end when none does."""
    return next((n for n, text in enumerate(picks, 1) if words in text), len(picks) + 1)


@pytest.mark.parametrize(
    ("name", "language", "fillers", "strong"),
    [
        (
            "es-apicultora",
            "es",
            ["Qué le vas a hacer.", "Es lo que hay.", "Bueno, es complicado, ¿no?"],
            "La miel barata no es barata",
        ),
        ("fr-boulangere", "fr", ["C'est la vie.", "Voilà."], "Le pain ne ment jamais."),
        (
            "pt-feirante",
            "pt",
            ["Fazer o quê.", "É isso aí.", "Quatro e pouco."],
            "não perdoa balança",
        ),
        ("it-liutaio", "it", ["che ci vuoi fare", "Eh, dipende."], "Non perdona la fretta."),
        (
            "de-schreinerin",
            "de",
            ["[S]o ist das eben.", "Ja, genau.", "gute Frage"],
            "Holz verzeiht nichts",
        ),
        ("zh-taoci", "zh", ["没办法。", "好的，谢谢。", "这个没办法比。"], "人会用一辈子。"),
        (
            "ja-mokko",
            "ja",
            ["仕方がないですね。", "それはそれでいいと思います"],
            "失敗は、ただの情報です。",
        ),
    ],
)
def test_in_an_interview_fillers_rank_low_and_a_strong_line_high(
    name: str, language: str, fillers: list[str], strong: str
) -> None:
    document = read_source(CORPUS / f"{name}.txt")
    assert document.language == language
    picks = [c.text for c in select(document, top=50).picks]
    assert _rank(picks, strong) <= 5, picks[:5]
    for filler in fillers:
        # In the bottom part of the ranking, well below a strong line.
        assert _rank(picks, filler) > max(5, 0.6 * len(picks)), (filler, picks)
    # Offered, as every sentence is, but at the bottom: ranked, not hidden.
    assert _rank(picks, fillers[0]) <= len(picks)


def test_a_japanese_line_is_a_pick_with_its_length_in_words() -> None:
    picks = select(read_source(CORPUS / "ja-mokko.txt"), top=5).picks
    best = next(c for c in picks if "失敗は、ただの情報です。" in c.text)
    assert best.score >= 70
    assert any(reason.startswith("fits a card (") for reason in best.reasons), best.reasons
    assert best.speaker == "石田"


def test_a_chinese_transcript_is_read_cut_and_scored() -> None:
    text = (
        "王芳：您做陶瓷多少年了？\n"
        "李明：嗯，那个，二十多年了吧。\n"
        "王芳：您觉得手工还有未来吗？\n"
        "李明：机器做得快，但是手做得慢的东西，人会用一辈子。没办法。\n"
    )
    document = read_text(text)
    assert document.language == "zh"
    assert [s.name for s in document.speakers] == ["王芳", "李明"]
    assert document.interviewer is not None and document.interviewer.name == "王芳"
    picks = select(document).picks
    assert picks[0].text == "机器做得快，但是手做得慢的东西，人会用一辈子。"
    assert picks[0].speaker == "李明"
    assert any(reason.startswith("fits a card (") for reason in picks[0].reasons)
    assert picks[-1].score < 30
