"""Rebuild the vendored Noto Sans CJK SC subsets from Debian's fonts-noto-cjk collection.

The full collection is ~20 MB per weight and holds ten faces; quotecards needs one face with
the characters a quote in Chinese, Japanese or Korean actually uses, so the subset keeps the
blocks in ``BLOCKS`` and the ``locl`` lookups that switch Han glyphs to Japanese, Korean and
Traditional Chinese forms when the text is tagged with that language (fonts.py tags kana runs
``ja`` and hangul runs ``ko``).  Hinting is dropped: cards are rendered at display sizes.

Needs fontTools (a developer tool, not a runtime dependency)::

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    .venv/bin/python fonts/subset_cjk.py \\
        deb/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \\
        fonts/noto-sans-cjk-sc/NotoSansCJKsc-Regular-subset.otf

Each weight takes about a minute on one core.
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

FACE_NAME = "Noto Sans CJK SC"

# (first, last, Unicode block): inclusive ranges, whole blocks so coverage is easy to state.
BLOCKS = [
    # Spaces too, so a space between Korean or Chinese words stays in the CJK run.
    (0x0020, 0x0020, "Space"),
    (0x00A0, 0x00A0, "No-break space"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x309F, "Hiragana"),
    (0x30A0, 0x30FF, "Katakana"),
    (0x3130, 0x318F, "Hangul Compatibility Jamo"),
    (0x31F0, 0x31FF, "Katakana Phonetic Extensions"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xAC00, 0xD7AF, "Hangul Syllables"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]
FEATURES = ["ccmp", "kern", "locl", "palt"]


def subset_face(source: str, target: str, face_name: str, unicodes: list[int]) -> None:
    """Cut the face ``face_name`` of the collection ``source`` down to ``unicodes``, keeping the
    layout features cards use, into ``target``; the same inputs give the same bytes."""
    faces = TTCollection(source).fonts
    font = next(f for f in faces if f["name"].getDebugName(1) == face_name)
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    # Vertical metrics serve vertical writing, which cards never use.
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    # Keep the source's timestamp so the same inputs give the same bytes.
    font.recalcTimestamp = False
    font.save(target)


def main(source: str, target: str) -> None:
    unicodes = [c for first, last, _ in BLOCKS for c in range(first, last + 1)]
    subset_face(source, target, FACE_NAME, unicodes)


if __name__ == "__main__":
    main(*sys.argv[1:3])
