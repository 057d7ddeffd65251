"""Which language a source is in, from its own letters and words, offline.

Two steps, each one an editor can check:

1. The script.  Kana is Japanese; Han ideographs without kana Chinese; Hangul Korean; and
   Arabic, Hebrew, Greek, Devanagari and Thai letters their main language.  Cyrillic is
   Russian, or Ukrainian where its own letters (і, ї, є, ґ) appear.
2. For Latin letters, the words: a naive Bayes over the word frequencies quotecards ships for
   scoring (wordfreq's tables, ``quotecards/data/wordfreq_<code>.tsv.gz``): every word adds
   the log of how often each language uses it, and the likeliest language wins.  Short words
   decide most of it ("the", "que", "und", "les"), which is why it works on a few lines of talk.
   English stays the answer unless another language is clearly likelier (``MARGIN``), so that a
   line of names and borrowed words is not moved to a language it is not in.

``bench/bench_language.py`` measures it on the turns of the corpus files (README, "Languages").
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import cache
from itertools import islice

from quotecards.selector.features import DATA

__all__ = ["LATIN_LANGUAGES", "detect"]

# The languages with a word table, and so with their own scoring.
LATIN_LANGUAGES = ("en", "es", "fr", "de", "pt", "it")

# How many of each table's commonest words vote: past a few thousand, words say more about the
# topic than the language, and loading them costs more (on the corpus, 10,000 reads as well as
# 20,000 at half the loading time; 5,000 misreads two more short sentences).
VOTERS = 10_000
# A word a table does not hold is about as rare as its rarest entry, less a margin for words no
# table of the language would list (names, typos).
UNSEEN_BELOW = 0.5
# How much likelier (log10) another language must be than English to win.
MARGIN = 3.0
# Words read: enough for any interview's language, and the time stays flat on a long file.
MAX_WORDS = 3000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@cache
def _table(code: str) -> tuple[dict[str, float], float]:
    """A language's commonest words with their Zipf frequency, and the Zipf of a word unseen."""
    with gzip.open(DATA / f"wordfreq_{code}.tsv.gz", "rt", encoding="utf-8") as lines:
        rows = (line.rstrip("\n").split("\t") for line in lines if line[0] != "#")
        table = {word: float(value) for word, value in islice(rows, VOTERS)}
    return table, min(table.values()) - UNSEEN_BELOW


def detect(text: str) -> str:
    """The BCP 47 code of the language ``text`` is written in; "en" when nothing says otherwise."""
    sample = text[:50_000]
    letters = Counter()
    for code, pattern in _SCRIPTS:
        letters[code] = len(pattern.findall(sample))
    latin = len(_LATIN.findall(sample))
    script, count = max(letters.items(), key=lambda item: item[1])
    if letters["ja"] and letters["ja"] * 10 >= letters["zh"]:
        # Japanese mixes kana into its kanji: a tenth as many kana is Japanese, not Chinese.
        script, count = "ja", letters["ja"] + letters["zh"]
    if count > latin:
        if script == "ru" and _UKRAINIAN.search(sample):
            return "uk"
        return script
    return likeliest(sample)


def _zipf(word: str, table: dict[str, float], unseen: float) -> float:
    """A word's frequency; an elided one ("l'homme", "c'est") by its parts where it is no entry."""
    found = table.get(word)
    if found is not None:
        return found
    if "'" in word:
        parts = [part for part in word.split("'") if part]
        return sum(table.get(part, unseen) for part in parts) / max(1, len(parts))
    return unseen


def likeliest(text: str) -> str:
    """The language of Latin-script text, by the words it uses (see the module's docstring)."""
    counts = Counter(
        m.group(0).casefold().replace("’", "'") for m in islice(_WORD.finditer(text), MAX_WORDS)
    )
    if not counts:
        return "en"
    scores: dict[str, float] = {}
    for code in LATIN_LANGUAGES:
        table, unseen = _table(code)
        scores[code] = sum(n * _zipf(word, table, unseen) for word, n in counts.items())
    best = max(scores, key=lambda code: scores[code])
    if best != "en" and scores[best] - scores["en"] < MARGIN:
        return "en"
    return best
