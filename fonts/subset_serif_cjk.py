"""Build the vendored Noto Serif CJK SC subset from Debian's fonts-noto-cjk collection.

Serif themes set a Chinese or Japanese quote in a Ming (serif) face, as a serif Latin quote
would be; the sans subset (``subset_cjk.py``) stays the fallback for what this one lacks.  To
keep ``fonts/`` reasonable it holds one weight and the characters of the national standard sets
rather than the whole 20,992-ideograph block:

- GB 2312 (the 6,763 hanzi of everyday Simplified Chinese),
- JIS X 0208 (the 6,355 kanji of everyday Japanese, with kana and symbols),
- Big5 level 1 (the 5,401 frequent hanzi of Traditional Chinese),
- CJK Symbols and Punctuation, Hiragana, Katakana, Halfwidth and Fullwidth Forms, the spaces,

with the ``locl`` lookups that give Japanese and Traditional Chinese forms (``fonts.py`` tags a
line with kana ``ja``).  Hangul is left to the sans.  Hinting is dropped: cards are set at
display sizes.  The character sets come from Python's own codecs, so the subset is the same on
every machine; the script is deterministic (same input, same bytes).

Needs fontTools (a developer tool, not a runtime dependency)::

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    .venv/bin/python fonts/subset_serif_cjk.py \\
        deb/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \\
        fonts/noto-serif-cjk-sc/NotoSerifCJKsc-Regular-subset.otf
"""

import sys

from subset_cjk import subset_face  # the sans subset's script, beside this one

FACE_NAME = "Noto Serif CJK SC"
BLOCKS = [
    (0x0020, 0x0020),
    (0x00A0, 0x00A0),
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def _double_byte(codec: str, lead: range, trail: range) -> set[int]:
    """Every character a double-byte codec encodes with these lead and trail bytes."""
    found = set()
    for a in lead:
        for b in trail:
            try:
                found.update(ord(c) for c in bytes((a, b)).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def characters() -> list[int]:
    wanted = {c for first, last in BLOCKS for c in range(first, last + 1)}
    wanted |= _double_byte("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    wanted |= _double_byte("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))
    # Big5 level 1: lead bytes A4-C6 (frequent hanzi), trail bytes 40-7E and A1-FE.
    wanted |= _double_byte("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return sorted(wanted)


def main(source: str, target: str) -> None:
    subset_face(source, target, FACE_NAME, characters())


if __name__ == "__main__":
    main(*sys.argv[1:3])
