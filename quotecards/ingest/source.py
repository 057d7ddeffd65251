"""Turning a file into the one string every offset points into."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from quotecards.errors import SourceError

BOM = "\ufeff"
# Control characters that never occur in a text document; NUL alone is enough to call it binary.
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | {0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x1A}


# Far past any interview or article (a day of transcript is ~1 MB); a larger "source" is a
# mistake (a log, a database dump, /dev/zero through a link) that would only exhaust memory.
MAX_SOURCE_BYTES = 32 * 1024 * 1024
# The longest run of characters without white space a source may hold (a long URL is ~2,000).
MAX_WORD_CHARS = 20_000
_WORD_RUN = re.compile(r"\S+")


def read_bytes(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file; check the path") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise SourceError(
            f"{path}: is a folder, not a file; name a transcript, article or subtitles file"
        )
    if not stat.S_ISREG(mode):
        # A FIFO would block for ever, a device such as /dev/zero never ends.
        raise SourceError(
            f"{path}: is not a regular file (a pipe, socket or device); save the text to a "
            "file and give that"
        )
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise SourceError(
            f"{path}: cannot be read ({error.strerror}); check its permissions"
        ) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"{path}: is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB, far more than an "
            "interview or article; give the transcript itself, or split it"
        )
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 with any BOM removed and line endings left alone, or an error that says where."""
    if not data.strip():
        raise SourceError(
            f"{name}: the file is empty; give a transcript, article or subtitles file"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            f"{name}: UTF-16 text; convert it to UTF-8 and give that (for example: "
            f"iconv -f utf-16 -t utf-8 {name} > converted.txt)"
        )
    known = binary_kind(data, name)
    if known:
        raise SourceError(f"{name}: {known}")
    head = data[:8192]
    offset = next((i for i, byte in enumerate(head) if byte in _BINARY_BYTES), None)
    if offset is None and b"\x00" in data:  # a NUL further on would reach alt text and files
        offset = data.index(b"\x00")
    if offset is not None:
        raise SourceError(
            f"{name}: looks like a binary file (byte 0x{data[offset]:02x} at byte {offset}), "
            "not text; give a .txt, .md, .vtt or .srt file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            f"{name}: line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8; "
            "re-save the file as UTF-8 (for example: iconv -f cp1252 -t utf-8)"
        ) from None
    text = text.removeprefix(BOM)
    # Sentence and word splitting are linear in a text of words, but a run of hundreds of
    # thousands of characters with no space is no interview: refuse it rather than crawl.
    if len(text) > MAX_WORD_CHARS and max(map(len, text.split()), default=0) > MAX_WORD_CHARS:
        long = next(m for m in _WORD_RUN.finditer(text) if m.end() - m.start() > MAX_WORD_CHARS)
        line, column = line_and_column(text, long.start())
        raise SourceError(
            f"{name}: line {line}, column {column}: {long.end() - long.start():,} characters "
            f"without a space (more than {MAX_WORD_CHARS:,}); this is not running text: give "
            "the transcript itself"
        )
    return text


_TRANSCRIBE = (
    "quotecards reads transcripts, not recordings: transcribe it first and give the .txt, .vtt "
    "or .srt"
)
# (how a file starts, what it is, what to give instead): formats people give by mistake.
_MAGIC = (
    (
        b"%PDF-",
        "a PDF file",
        "copy its text into a .txt file, or export it from the app that made it as .txt or .docx",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Word 97-2003 .doc file",
        "save it as .docx or .txt and give that",
    ),
    (b"{\\rtf", "an RTF file", "save it as .docx or .txt and give that"),
    (b"ID3", "an audio file (MP3)", _TRANSCRIBE),
    (b"\xff\xfb", "an audio file (MP3)", _TRANSCRIBE),
    (b"\xff\xf3", "an audio file (MP3)", _TRANSCRIBE),
    (b"fLaC", "an audio file (FLAC)", _TRANSCRIBE),
    (b"OggS", "an audio file (Ogg)", _TRANSCRIBE),
    (b"\x1a\x45\xdf\xa3", "a video file (WebM/Matroska)", _TRANSCRIBE),
)
_AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".aiff", ".wma")
_VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".wmv")


def binary_kind(data: bytes, name: str) -> str:
    """What a binary file that is not a source is, and what to give instead; "" for anything
    else (text, or a format an extraction step reads: .docx, web pages, JSON)."""
    for magic, kind, instead in _MAGIC:
        if data.startswith(magic):
            return f"{kind}, not text; {instead}"
    suffix = Path(name).suffix.lower()
    if data[:4] == b"RIFF" and data[8:12] in (b"WAVE", b"AVI "):
        kind = "an audio file (WAV)" if data[8:12] == b"WAVE" else "a video file (AVI)"
        return f"{kind}, not text; {_TRANSCRIBE}"
    if data[4:8] == b"ftyp":
        audio = suffix in _AUDIO_SUFFIXES or data[8:11] == b"M4A"
        kind = "an audio file (M4A)" if audio else "a video file (MP4/QuickTime)"
        return f"{kind}, not text; {_TRANSCRIBE}"
    if data[:4] == b"PK\x03\x04":
        if b"application/vnd.oasis.opendocument" in data[:200] or suffix in (".odt", ".ods"):
            return "an OpenDocument (.odt) file, not text; save it as .docx or .txt and give that"
        if suffix == ".pages" or b"Index/Document.iwa" in data[:4096]:
            return "an Apple Pages file, not text; export it as .docx or .txt and give that"
    if suffix in _AUDIO_SUFFIXES:
        return f"an audio file ({suffix}), not text; {_TRANSCRIBE}"
    if suffix in _VIDEO_SUFFIXES:
        return f"a video file ({suffix}), not text; {_TRANSCRIBE}"
    return ""


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
