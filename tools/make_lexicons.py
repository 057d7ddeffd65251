"""Regenerate the word tables in ``quotecards/data/`` from their upstream packages.

Dev-time only: the runtime reads the shipped tables and never imports these packages.

    .venv/bin/pip install wordfreq vaderSentiment
    .venv/bin/python tools/make_lexicons.py

Writes (gzip with a fixed timestamp, so an unchanged upstream gives identical bytes):

- ``wordfreq_en.tsv.gz``: the most frequent English words with their Zipf frequency
  (log10 of occurrences per billion words), from wordfreq's ``large`` English list.
- ``wordfreq_es.tsv.gz``, ``_fr``, ``_de``, ``_pt``, ``_it``: the same for Spanish, French,
  German, Portuguese and Italian (wordfreq's ``large`` lists for each), with the same cut-off.
- ``vader_valence.tsv.gz``: VADER's word valences (mean human rating, -4 to +4).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from importlib import metadata, resources
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "quotecards" / "data"

# The runtime tokenizer keeps letters and inner apostrophes only, so nothing else can be looked up:
# ASCII letters in English, any letters (accents, "ß" as wordfreq's "ss") in the others.
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
WORD_ANY = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# The languages scored with their own small words (quotecards/data/lexicon_*.toml).
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}
LANGUAGES |= {"pt": "Portuguese", "it": "Italian"}

# 50,000 words reach down to Zipf ~2.5 (about 300 uses per billion words): below that, rarity adds
# nothing an editor would notice, and the table stays a few hundred kilobytes.
TOP_WORDS = 50_000


def _write_gzip_tsv(path: Path, header: str, rows: list[tuple[str, str]]) -> None:
    body = header + "".join(f"{a}\t{b}\n" for a, b in rows)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(body.encode("utf-8"))


def make_wordfreq(top: int, language: str = "en") -> list[tuple[str, str]]:
    import wordfreq

    word = WORD if language == "en" else WORD_ANY
    rows: list[tuple[str, str]] = []
    for found in wordfreq.top_n_list(language, top * 2, wordlist="large"):
        if not word.fullmatch(found):
            continue
        zipf = wordfreq.zipf_frequency(found, language, wordlist="large")
        rows.append((found, f"{zipf:.2f}"))
        if len(rows) == top:
            break
    return rows


def make_vader() -> list[tuple[str, str]]:
    lexicon = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    rows: list[tuple[str, str]] = []
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        token, mean, *_ = line.split("\t")
        # Emoticons ("):", "<3") cannot come out of the tokenizer; keep words only.
        if WORD.fullmatch(token):
            rows.append((token, f"{float(mean):.1f}"))
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=TOP_WORDS, help="how many words to keep")
    args = parser.parse_args(argv)
    try:
        wf, vs = metadata.version("wordfreq"), metadata.version("vaderSentiment")
    except metadata.PackageNotFoundError as exc:
        print(f"error: {exc.name} is not installed: pip install wordfreq vaderSentiment")
        return 1

    written: list[tuple[str, int]] = []
    for language, name in LANGUAGES.items():
        words = make_wordfreq(args.top, language)
        _write_gzip_tsv(
            DATA / f"wordfreq_{language}.tsv.gz",
            f"# word\tzipf; from wordfreq {wf} (large {name} list), CC BY-SA 4.0: see README.md\n",
            words,
        )
        written.append((f"wordfreq_{language}.tsv.gz", len(words)))
    valences = make_vader()
    _write_gzip_tsv(
        DATA / "vader_valence.tsv.gz",
        f"# word\tvalence; from vaderSentiment {vs} vader_lexicon.txt, MIT: see README.md\n",
        valences,
    )
    written.append(("vader_valence.tsv.gz", len(valences)))
    for file, rows in written:
        size = (DATA / file).stat().st_size
        print(f"wrote {DATA / file}: {rows} rows, {size / 1024:.0f} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
