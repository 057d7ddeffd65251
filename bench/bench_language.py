"""Language detection (quotecards/ingest/language.py) on short interview texts: every sentence of
every truth line of the reading corpus (tests/corpus/: turns and quotations) judged alone, by
length, then every corpus file as a whole.  A file's truth names its language ("en" when it
names none)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_truth import CORPUS, load, truth_files

from quotecards.ingest import read_source
from quotecards.ingest.language import detect
from quotecards.model import Span
from quotecards.sentences import split

BUCKETS = ((1, 5), (6, 15), (16, 10_000))


def _words(text: str) -> int:
    # Chinese and Japanese at two characters a word, as the score counts them, roughly.
    cjk = sum("\u3040" <= c <= "\u9fff" for c in text)
    return len(text.split()) + cjk // 2


def main() -> None:
    right: Counter[tuple[str, int]] = Counter()
    total: Counter[tuple[str, int]] = Counter()
    wrong: list[str] = []
    files_right = files = 0
    started = time.perf_counter()
    for path in truth_files():
        truth = load(path)
        language = truth.get("language", "en")
        files += 1
        files_right += read_source(CORPUS / truth["source"]).language == language
        units = [
            span.of(line["text"])
            for line in truth.get("line", [])
            for span in split(line["text"], Span(0, len(line["text"])))
        ]
        for text in units:
            n = _words(text)
            bucket = next(i for i, (lo, hi) in enumerate(BUCKETS) if lo <= n <= hi)
            found = detect(text)
            total[language, bucket] += 1
            right[language, bucket] += found == language
            if found != language:
                wrong.append(f"  {language} read as {found}: {text[:70]}")
    elapsed = time.perf_counter() - started
    languages = sorted({language for language, _ in total})
    print("language detection on the sentences of the corpus's truth lines, alone (right / all)")
    print(
        "          "
        + "".join(f"{f'{lo}-{hi}' if hi < 10_000 else f'{lo}+':>10}" for lo, hi in BUCKETS)
        + "     all"
    )
    for language in languages:
        cells = []
        for bucket in range(len(BUCKETS)):
            n = total[language, bucket]
            cells.append(f"{right[language, bucket]:>4}/{n:<4}" if n else f"{'-':>9} ")
        all_right = sum(right[language, b] for b in range(len(BUCKETS)))
        all_n = sum(total[language, b] for b in range(len(BUCKETS)))
        print(f"  {language:<6}  " + " ".join(cells) + f"  {all_right / all_n:6.1%}")
    lines_right, lines = sum(right.values()), sum(total.values())
    print(
        f"sentences: {lines_right}/{lines} right ({lines_right / lines:.1%});"
        f" files: {files_right}/{files}"
    )
    print(f"time: {elapsed:.2f} s for {lines} sentences and {files} files (tables loaded once)")
    if wrong:
        print("misread:")
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
