"""What reading refuses, each in one line that says what to do: files that are not regular files
(a FIFO, /dev/zero), sources past the size cap, UTF-16, a NUL byte anywhere, and the binary
formats people give by mistake (PDF, .doc, .odt, .pages, audio, video)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quotecards.errors import SourceError
from quotecards.ingest import read_source, source
from tests.conftest import ROOT

TRANSCRIPT = "Dana Reyes: Why close it?\n\nAnn Lee: Nobody had checked the welds in twenty years.\n"


def select(path: Path | str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotecards", "select", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        timeout=60,
        check=False,
    )


def one_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    return line


def test_a_fifo_is_refused_at_once(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in one_error(select(fifo, tmp_path))


def test_dev_zero_is_refused_at_once(tmp_path: Path):
    assert "not a regular file" in one_error(select("/dev/zero", tmp_path))


def test_a_source_past_the_size_cap_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text(TRANSCRIPT * 20, encoding="utf-8")
    with pytest.raises(SourceError, match="larger than"):
        read_source(big)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_says_convert_to_utf8(tmp_path: Path, encoding: str):
    path = tmp_path / "interview.txt"
    data = TRANSCRIPT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    line = one_error(select(path, tmp_path))
    assert "UTF-16" in line and "UTF-8" in line


def test_a_nul_byte_after_the_first_8_kb_is_refused(tmp_path: Path):
    path = tmp_path / "interview.txt"
    path.write_bytes((TRANSCRIPT * 200).encode() + b"\x00" + TRANSCRIPT.encode())
    assert "byte 0x00" in one_error(select(path, tmp_path))


def _zip(members: dict[str, bytes]) -> bytes:
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


KINDS = {
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "notes.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Word 97-2003"),
    "notes.odt": (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
        "OpenDocument",
    ),
    "notes.pages": (_zip({"Index/Document.iwa": b"\x00\x01"}), "Pages"),
    "talk.mp3": (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" * 32, "audio"),
    "talk.wav": (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, "audio"),
    "talk.mp4": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32, "video"),
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_binary_format_is_named_with_what_to_give_instead(tmp_path: Path, name: str):
    data, kind = KINDS[name]
    path = tmp_path / name
    path.write_bytes(data)
    line = one_error(select(path, tmp_path))
    assert kind in line
    assert ".txt" in line


def test_a_plain_transcript_is_still_read(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    assert read_source(path).speakers
