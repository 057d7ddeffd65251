"""The bundle's zip, the same bytes for the same files: sorted entries, one fixed timestamp (the
zip epoch, 1980-01-01, or ``SOURCE_DATE_EPOCH`` when set), fixed permissions, no extra fields.

Images are stored as they are (PNG, JPEG and WebP are compressed already, and deflating them
again costs time for nothing); text is deflated at level 9, whose output zlib keeps the same
from run to run for one zlib version (part of :func:`zip_key`).
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from quotecards.bundle.cache import canonical, sha256

# Changed whenever this module writes different bytes for the same members.
WRITER = 1
_STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".zip")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_MODE = 0o100644  # a regular file, rw-r--r--

Member = tuple[str, Path | bytes]


def timestamp() -> tuple[int, int, int, int, int, int]:
    """Every entry's date and time: ``SOURCE_DATE_EPOCH`` (UTC, from 1980 on) if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return _ZIP_EPOCH
    moment = time.gmtime(int(epoch))
    return max(_ZIP_EPOCH, tuple(moment[:6]))  # type: ignore[return-value]


def zip_key(members: Sequence[tuple[str, str]]) -> str:
    """The key of the zip of these ``(name, sha256)`` members: it fixes the zip's bytes."""
    value = {
        "writer": WRITER,
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "time": timestamp(),
        "members": sorted(members),
    }
    return sha256(canonical(value).encode("utf-8"))


def write_zip(path: Path, members: Sequence[Member]) -> str:
    """Write the members (name in the zip, and a file or bytes) to ``path``; its sha256."""
    stamp = timestamp()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in sorted(members, key=lambda member: member[0]):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = _MODE << 16
            stored = name.lower().endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            data = content if isinstance(content, bytes) else content.read_bytes()
            archive.writestr(info, data, compresslevel=None if stored else 9)
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
