"""Turning a file into the one string every offset points into."""

from __future__ import annotations

from pathlib import Path

from quotecards.errors import SourceError

BOM = "\ufeff"
# Control characters that never occur in a text document; NUL alone is enough to call it binary.
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | {0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x1A}


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise SourceError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise SourceError(
            f"{path}: is a folder, not a file; name a transcript, article or subtitles file"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(
            f"{path}: cannot be read ({error.strerror}); check its permissions"
        ) from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 with any BOM removed and line endings left alone, or an error that says where."""
    if not data.strip():
        raise SourceError(
            f"{name}: the file is empty; give a transcript, article or subtitles file"
        )
    head = data[:8192]
    if any(byte in _BINARY_BYTES for byte in head):
        offset = next(i for i, byte in enumerate(head) if byte in _BINARY_BYTES)
        raise SourceError(
            f"{name}: looks like a binary file (byte 0x{head[offset]:02x} at byte {offset}), "
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
    return text.removeprefix(BOM)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
