"""The build cache (``<out>/.cache/``): content-addressed, so a card is rendered once per content.

A card's key is the sha256 of a canonical JSON of everything that changes its bytes (see
:func:`card_key`); its image, alt text, thumbnail and a small JSON record are stored under that
key in ``cards/``.  The record is written last, so a record means a complete entry, and a build
killed halfway leaves only whole entries behind.  Selections, contact sheets and the zip's hash
are cached the same way, each keyed by its inputs.

Reading every file again on every build would cost more than the build itself on a warm cache,
so :class:`Digests` remembers each file's sha256 by its size, modification time and inode (in
``stat.json``, as git's index does): a file whose stat is unchanged is not read again, and one
that was touched is hashed afresh, so an edited or damaged file is still noticed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from quotecards.files import write_atomically
from quotecards.render.thumbnails import SUFFIX as THUMBNAIL_SUFFIX

CACHE_DIR = ".cache"
# Bumped when what is stored, or how a key is made, changes: old entries are then never hit.
LAYOUT = 1
PACKAGE = Path(__file__).resolve().parent.parent

# The code each cached result depends on, besides the quotecards version: an edit to any of
# these files (a checkout of another commit, or work in progress) must not hit old entries.
# Package-relative files and folders; a folder means every file in it.
SELECTION_CODE = (
    "ingest",
    "selector",
    "review",
    "model.py",
    "integrity.py",
    "sentences.py",
    "data",
)
CARD_CODE = {
    "pillow": (
        "typeset",
        "render/__init__.py",
        "render/cards.py",
        "render/pillow.py",
        "render/thumbnails.py",
        "fonts.py",
        "themes.py",
        "brand.py",
        "formats.py",
        "sentences.py",
    ),
    "html": (
        "typeset",
        "render/__init__.py",
        "render/cards.py",
        "render/html.py",
        "render/thumbnails.py",
        "render/browser.py",
        "fonts.py",
        "themes.py",
        "brand.py",
        "formats.py",
        "sentences.py",
        "../templates",
    ),
}

# Digests already computed by this process, by stat: builds run from tests or a long-lived
# process do not hash the fonts again for each new cache folder.
_SEEN: dict[tuple[str, int, int, int], str] = {}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stat_key(path: Path, stat: os.stat_result) -> tuple[str, int, int, int]:
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


class Digests:
    """sha256 of files, read only when a file's size, mtime or inode changed since last time."""

    def __init__(self, index: Path) -> None:
        self.index = index
        self.changed = False
        try:
            self.known: dict[str, list[Any]] = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def of(self, path: Path) -> str | None:
        """The file's sha256, or None if there is no such file."""
        path = Path(os.path.abspath(path))
        try:
            stat = path.stat()
        except OSError:
            return None
        key = _stat_key(path, stat)
        record = self.known.get(key[0])
        if record is not None and tuple(record[:3]) == key[1:]:
            return record[3]
        digest = _SEEN.get(key)
        if digest is None:
            try:
                digest = _file_sha256(path)
            except OSError:
                return None
        self._remember(key, digest)
        return digest

    def note(self, path: Path, digest: str) -> None:
        """Remember the digest of a file just written, so that it is not read back."""
        path = Path(os.path.abspath(path))
        self._remember(_stat_key(path, path.stat()), digest)

    def forget(self, path: Path) -> None:
        if self.known.pop(os.path.abspath(path), None) is not None:
            self.changed = True

    def forget_under(self, folder: Path) -> None:
        prefix = os.path.join(os.path.abspath(folder), "")
        for name in [name for name in self.known if name.startswith(prefix)]:
            del self.known[name]
            self.changed = True

    def save(self) -> None:
        if self.changed:
            self.index.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps(self.known, sort_keys=True, separators=(",", ":"))
            write_atomically(self.index, data.encode("utf-8"))
            self.changed = False

    def _remember(self, key: tuple[str, int, int, int], digest: str) -> None:
        _SEEN[key] = digest
        record = [key[1], key[2], key[3], digest]
        if self.known.get(key[0]) != record:
            self.known[key[0]] = record
            self.changed = True


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def code_digest(digests: Digests, parts: Iterable[str], root: Path = PACKAGE) -> str:
    """One hash over the source files (``*.py``) and data files of ``parts`` of the package."""
    entries = []
    for part in parts:
        where = (root / part).resolve()
        files = sorted(p for p in where.rglob("*") if p.is_file()) if where.is_dir() else [where]
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            entries.append((path.relative_to(root.parent).as_posix(), digests.of(path)))
    return sha256(canonical(entries).encode("utf-8"))


def canonical(value: Any) -> str:
    """Compact JSON with sorted keys: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plain(value: Any, digests: Digests) -> Any:
    """``value`` as JSON data for a key: dataclasses by field (fields left out of comparison,
    such as where a theme was read from, are left out), files by their content's sha256."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name), digests)
            for f in dataclasses.fields(value)
            if f.compare
        }
    if isinstance(value, PurePath):
        return {"file": digests.of(Path(value))}
    if isinstance(value, tuple | list):
        return [plain(item, digests) for item in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v, digests) for k, v in value.items()}
    return value


def key_of(value: Any) -> str:
    return sha256(canonical({"layout": LAYOUT, "value": value}).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Entry:
    """A cached card: its image's hash, size in bytes and pixels, and its alt text."""

    key: str
    suffix: str
    sha256: str
    bytes: int
    width: int
    height: int
    alt: str


class Store:
    """The cache folder: cards, selections, contact sheets and zip hashes, by key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cards = root / "cards"
        self.digests = Digests(root / "stat.json")
        # The keys this build looked up or stored, by kind: what :meth:`prune` keeps.
        self.used: dict[str, set[str]] = {}

    def image(self, key: str, suffix: str) -> Path:
        return self.cards / f"{key}{suffix}"

    def thumbnail(self, key: str) -> Path:
        return self.cards / f"{key}{THUMBNAIL_SUFFIX}"

    def file(self, kind: str, name: str) -> Path:
        """A stored file of ``kind`` (a carousel's slide or PDF), to read."""
        return self.root / kind / name

    def entry(self, key: str, suffix: str) -> Entry | None:
        """The card stored under ``key``, if its record exists and its image is intact."""
        record = self.load("cards", key)  # marks the card as used
        if record is None:
            return None
        try:
            entry = Entry(key=key, suffix=suffix, **record)
        except TypeError:
            return None
        if self.digests.of(self.image(key, suffix)) != entry.sha256:
            return None
        return entry

    def add(self, key: str, suffix: str, data: bytes, size: tuple[int, int], alt: str) -> Entry:
        """Record a card whose image was just written to :meth:`image`."""
        return self.add_file(key, suffix, sha256(data), len(data), size, alt)

    def add_file(
        self, key: str, suffix: str, digest: str, length: int, size: tuple[int, int], alt: str
    ) -> Entry:
        """Record a card whose image, of this sha256 and length, was just written to
        :meth:`image` (and its thumbnail to :meth:`thumbnail`)."""
        entry = Entry(key, suffix, digest, length, size[0], size[1], alt)
        self.digests.note(self.image(key, suffix), entry.sha256)
        record = {f: getattr(entry, f) for f in ("sha256", "bytes", "width", "height", "alt")}
        self.save("cards", key, record)
        return entry

    def derived(self, kind: str, key: str, suffix: str, make: Callable[[], bytes]) -> Path:
        """The file of ``kind`` (a page, a contact sheet) stored under ``key``: made with
        ``make`` unless it is there and still has the hash it was stored with."""
        path = self.root / kind / f"{key}{suffix}"
        record = self.load(kind, key)
        if record is not None and self.digests.of(path) == record.get("sha256"):
            return path
        data = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        self.digests.note(path, sha256(data))
        self.save(kind, key, {"sha256": sha256(data)})
        return path

    def load(self, kind: str, key: str) -> Any:
        self.used.setdefault(kind, set()).add(key)
        try:
            return json.loads((self.root / kind / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, kind: str, key: str, value: Any) -> None:
        self.used.setdefault(kind, set()).add(key)
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        # Not flushed to disk one by one (a build records hundreds): a record that a power cut
        # left empty or that names an image whose bytes differ is a miss, never a wrong hit.
        write_atomically(folder / f"{key}.json", canonical(value).encode("utf-8"), sync=False)

    def clean(self) -> None:
        """Remove what an interrupted build left: temporary files, and cards written but never
        recorded (the renderer goes on for a moment after Ctrl-C).  Call with the lock held."""
        for folder in (self.root / kind for kind in ("sheets", "pages", "zips", "carousels")):
            if folder.is_dir():
                for leftover in folder.glob(".*.tmp"):
                    leftover.unlink(missing_ok=True)
        if not self.cards.is_dir():
            return
        names = os.listdir(self.cards)
        recorded = {name.removesuffix(".json") for name in names if name.endswith(".json")}
        for name in names:
            if name.startswith(".") or name.partition(".")[0] not in recorded:
                (self.cards / name).unlink(missing_ok=True)

    def prune(self) -> tuple[int, int]:
        """Delete every entry this build did not use (the cache otherwise only grows, and CI
        saves and restores all of it): the number of files and bytes removed.  Call with the
        lock held, after a build that succeeded."""
        files = removed = 0
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            used = self.used.get(folder.name, set())
            for path in folder.iterdir():
                # "<key>.png", "<key>.thumb.jpg", "<key>.json": an entry is its key's files.
                if path.name.partition(".")[0] in used or not path.is_file():
                    continue
                removed += path.stat().st_size
                path.unlink()
                self.digests.forget(path)
                files += 1
        return files, removed


class CheckStore(Store):
    """The cache as ``build --check`` sees it: read from ``base``, never written.

    What a check must make to compare (a changed card, the gallery page, the zip it hashes) is
    made in ``scratch``, a folder of its own outside the project that the caller removes, and
    read from there; the cache and its digest index are left exactly as they were.
    """

    def __init__(self, base: Path, scratch: Path) -> None:
        super().__init__(scratch)
        self.base = base
        self.digests = Digests(base / "stat.json")
        self.digests.save = lambda: None  # type: ignore[method-assign]

    def image(self, key: str, suffix: str) -> Path:
        return self._either(Path("cards") / f"{key}{suffix}")

    def thumbnail(self, key: str) -> Path:
        return self._either(Path("cards") / f"{key}{THUMBNAIL_SUFFIX}")

    def file(self, kind: str, name: str) -> Path:
        return self._either(Path(kind) / name)

    def derived(self, kind: str, key: str, suffix: str, make: Callable[[], bytes]) -> Path:
        kept = self.base / kind / f"{key}{suffix}"
        record = self.load(kind, key)
        if record is not None and self.digests.of(kept) == record.get("sha256"):
            return kept
        return super().derived(kind, key, suffix, make)

    def load(self, kind: str, key: str) -> Any:
        for root in (self.root, self.base):
            self.root, kept = root, self.root
            try:
                found = super().load(kind, key)
            finally:
                self.root = kept
            if found is not None:
                return found
        return None

    def clean(self) -> None:
        return None

    def prune(self) -> tuple[int, int]:
        raise RuntimeError("a check prunes nothing")

    def _either(self, name: Path) -> Path:
        made = self.root / name
        return made if made.exists() or not (self.base / name).exists() else self.base / name
