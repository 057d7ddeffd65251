"""Writing files so that nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

_umask_lock = threading.Lock()
_umask_value: list[int] = []


def write_atomically(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` so that ``path`` is either absent, its old self, or complete: never half.

    A temporary file in the same folder, flushed to disk, then renamed over ``path``.  With
    ``sync=False`` it is not flushed: a process that dies still leaves the old file or the new
    one, but a power cut may leave it empty; for files whose reader checks them (a cache).
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            if sync:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask, read once: reading it means setting it, which a file created on
    another thread at that moment would see, so it happens a single time, under a lock."""
    with _umask_lock:
        if not _umask_value:
            umask = os.umask(0o077)
            os.umask(umask)
            _umask_value.append(umask)
        return _umask_value[0]
