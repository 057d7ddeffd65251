"""Putting a new bundle in place so that a reader only ever sees a whole one.

A bundle is made aside, in ``<out>/.<bundle>.tmp-XXXX/``, and swapped with the old one in one
step: on Linux ``renameat2(RENAME_EXCHANGE)`` exchanges the two folders atomically; elsewhere
the old folder is renamed aside and the new one into place (two renames; a crash between them
is repaired by the next build, which puts the old folder back).  Ctrl-C, a crash or a kill
before the swap leave the old bundle as it was and a temporary folder that the next build
removes.  Only a folder quotecards made (one holding the bundle's ``manifest.json``) or an empty
one is ever replaced: :func:`check_replaceable` refuses any other, and a symbolic link, before a
build starts and again at the swap.  One build at a time may use an output folder:
:func:`locked` holds an advisory lock on ``<out>/.cache/lock``, which the system drops when the
process dies, however it dies.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quotecards.bundle.manifest import MANIFEST
from quotecards.errors import QuotecardsError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class BusyError(QuotecardsError):
    """Another build is using the output folder."""


class NotABundleError(QuotecardsError):
    """The bundle's place holds something quotecards did not make."""


def check_replaceable(final: Path) -> None:
    """Refuse to replace ``final`` unless it is absent, an empty folder, or a quotecards bundle
    (a folder holding its ``manifest.json``)."""
    if final.is_symlink():
        raise NotABundleError(
            f"{final}: is a symbolic link; quotecards replaces only a bundle folder it made "
            "(set out or bundle to a real folder, or remove the link)"
        )
    if not final.exists():
        return
    if not final.is_dir():
        raise NotABundleError(
            f"{final}: is a file, not a quotecards bundle; quotecards never replaces it "
            "(choose another out or bundle in quotecards.toml, or move it away)"
        )
    # A stat, not a read: a build that changes nothing must not touch a file's access time.
    if (final / MANIFEST).is_file() or not any(final.iterdir()):
        return
    raise NotABundleError(
        f"{final}: exists and is not a quotecards bundle (it has no {MANIFEST}); quotecards "
        "never replaces a folder it did not make: choose another out or bundle in "
        "quotecards.toml, or move the folder away"
    )


@contextmanager
def locked(cache: Path) -> Iterator[None]:
    """Hold the output folder's build lock, or say that another build holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one build at a time is up to the user
        yield
        return
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(
                f"{cache.parent}: another quotecards build is using this output folder; "
                "wait for it to finish"
            ) from None
        _held.add(handle.fileno())
        try:
            yield
        finally:
            _held.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


# An flock belongs to the open file, which a forked process (a render worker) shares: were the
# holder killed, a child still running would keep the folder locked.  A child lets go at once.
_held: set[int] = set()


def _let_go_in_child() -> None:
    if not _held:
        return
    nothing = os.open(os.devnull, os.O_RDONLY)
    for fd in _held:
        os.dup2(nothing, fd)  # the child's copy no longer refers to the lock file
    os.close(nothing)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_let_go_in_child)


def stage(out: Path, bundle: str) -> Path:
    """A new empty folder beside the bundle, to build the next one in."""
    folder = Path(tempfile.mkdtemp(prefix=f".{bundle}.tmp-", dir=out))
    # mkdtemp makes it private (0700); the bundle is shared like any folder the user makes.
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def clean(out: Path, bundle: str) -> None:
    """Remove what an interrupted build left beside the bundle (call with the lock held)."""
    final = out / bundle
    aside = [folder / "bundle" for folder in out.glob(f".{bundle}.old-*")]
    old = next((folder for folder in aside if folder.is_dir()), None)
    if not final.exists() and old is not None:
        # Killed between the two renames of the fallback swap: the old bundle goes back.
        os.rename(old, final)
    for leftover in [*out.glob(f".{bundle}.tmp-*"), *out.glob(f".{bundle}.old-*")]:
        discard(leftover)


def swap(new: Path, final: Path) -> None:
    """Put folder ``new`` at ``final``, replacing any old bundle there in one step."""
    check_replaceable(final)
    if not final.exists():
        os.rename(new, final)
        return
    if _exchange(new, final):
        discard(new)  # now the old bundle
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
    os.rename(final, aside / "bundle")
    os.rename(new, final)
    discard(aside)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two folders atomically, if the system can; whether it did."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.restype = ctypes.c_int
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(b))
