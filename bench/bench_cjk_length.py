"""How long a Chinese or Japanese line is, in the English words a card holds: characters or
BudouX phrases?  Measured on lines written in both languages (invented, like the corpus), so
that the unit whose rate varies least from line to line, at a rate that fits a card, is chosen.

Characters need nothing; phrases need BudouX (``pip install budoux``), measured when installed.
quotecards counts characters at ``CHARS_PER_WORD`` (selector/lexicon.py).
"""

from __future__ import annotations

import re
import statistics

from quotecards.selector.lexicon import CHARS_PER_WORD

PAIRS = {
    "ja": [
        ("失敗は、ただの情報です。", "Failure is just information."),
        ("えーと、まあ、そうですね。", "Um, well, yes."),
        (
            "良い道具は、使う人の手に合わせて形を変えるものです。",
            "A good tool changes its shape to fit the hand of the person who uses it.",
        ),
        (
            "私たちは毎朝五時に起きて、畑に行きました。",
            "We got up at five every morning and went to the fields.",
        ),
        (
            "急がなければ、職人の仕事は決して嘘をつかない。",
            "If you don't rush, a craftsman's work never lies.",
        ),
        (
            "祖父はいつも、木は人より長く生きると言っていました。",
            "My grandfather always said that wood lives longer than people.",
        ),
        (
            "この町の人たちは、新しいものを怖がるけれど、一度信じたら最後まで支えてくれます。",
            "The people of this town are afraid of new things, but once they trust you they"
            " support you to the end.",
        ),
        ("仕方がないですね。", "It can't be helped."),
    ],
    "zh": [
        ("失败只是信息。", "Failure is just information."),
        (
            "好的工具会随着使用者的手改变形状。",
            "A good tool changes its shape to fit the hand of the person who uses it.",
        ),
        (
            "我们每天早上五点起床，然后去田里。",
            "We got up at five every morning and went to the fields.",
        ),
        ("嗯，那个，就是说，对。", "Um, well, I mean, yes."),
        (
            "这个城市的人害怕新东西，但是一旦信任你，就会支持你到最后。",
            "The people of this town are afraid of new things, but once they trust you they"
            " support you to the end.",
        ),
    ],
}
_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _parsers() -> dict[str, object]:
    try:
        import budoux
    except ImportError:
        return {}
    return {
        "ja": budoux.load_default_japanese_parser(),
        "zh": budoux.load_default_simplified_chinese_parser(),
    }


def main() -> None:
    parsers = _parsers()
    for language, pairs in PAIRS.items():
        chars = [len(_LETTER.findall(cjk)) / len(en.split()) for cjk, en in pairs]
        print(
            f"{language}: {len(pairs)} lines; characters per English word: mean"
            f" {statistics.mean(chars):.2f}, sd {statistics.stdev(chars):.2f}"
            f" (quotecards counts {CHARS_PER_WORD[language]})"
        )
        parser = parsers.get(language)
        if parser is None:
            print(f"{language}: BudouX phrases: not measured (pip install budoux)")
            continue
        phrases = [
            len([p for p in parser.parse(cjk) if _LETTER.search(p)]) / len(en.split())
            for cjk, en in pairs
        ]
        print(
            f"{language}: BudouX phrases per English word: mean {statistics.mean(phrases):.2f},"
            f" sd {statistics.stdev(phrases):.2f}; e.g. " + "|".join(parser.parse(pairs[-1][0]))
        )


if __name__ == "__main__":
    main()
