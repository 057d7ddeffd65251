"""The project file (``quotecards.toml``): which sources, which quotes, which cards, and where.

A field for every option of ``quotecards render``, under the option's own name, plus what only a
batch needs (``sources``, ``bundle``, ``keep_going`` and per-source ``[[source]]`` tables).
``examples/README.md`` documents every key.  Paths are relative to the project file.

tomllib reports where a file is not TOML but not where a key is, so errors about keys and
values find the key's line by scanning the text (:class:`_Lines`): every error names the file,
the line and the key, such as ``quotecards.toml:7: top: expected a whole number of 1 or more``.
"""

from __future__ import annotations

import difflib
import glob
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quotecards.errors import QuotecardsError
from quotecards.formats import FORMATS, Format, parse_formats
from quotecards.identity import (
    Identity,
    Profile,
    ProfileEntry,
    ProfileError,
    Profiles,
    merged,
    read_speakers,
    toml_hint,
)
from quotecards.images import ImageError
from quotecards.render import IMAGE_FORMATS, ImageFormat
from quotecards.themes import Theme, load_themes, parse_themes

if TYPE_CHECKING:
    from quotecards.review.file import Review

PROJECT_FILE = "quotecards.toml"
# What `init` offers: every kind of file `read_source` reads (Word, web pages and podcast
# transcripts are extracted first).
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".docx", ".html", ".htm", ".json")
RENDERERS = ("pillow", "html")
Renderer = Literal["pillow", "html"]

_DEFAULT_TOP = 3
_ID = re.compile(r"q[0-9a-f]{10}(-[0-9]+)?")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_GLOB_MAGIC = re.compile(r"[*?[]")
# What a per-source table may set; ``review`` builds the approved quotes of a review file.
_SOURCE_KEYS = (
    "path",
    "top",
    "ids",
    "interviewee",
    "interviewer",
    "speakers",
    "role",
    "review",
    "publication",
    "handle",
    "source_line",
)
_TOP_KEYS = (
    "sources",
    "source",
    "top",
    "interviewee",
    "interviewer",
    "role",
    "publication",
    "handle",
    "source_line",
    "speakers",
    "format",
    "theme",
    "brand",
    "brackets",
    "image",
    "renderer",
    "scale",
    "out",
    "bundle",
    "jobs",
    "keep_going",
    "scheduler",
)


class ProjectError(QuotecardsError):
    """A project file that cannot be read, or a key or value in it that is wrong."""


@dataclass(frozen=True, slots=True)
class Source:
    """One source file and how to pick its quotes: the best ``top``, exactly ``ids``, or the
    approved quotes of a ``review`` file.

    ``label`` is the path relative to the project file, as the manifest shows it.
    """

    path: Path
    label: str
    top: int = _DEFAULT_TOP
    ids: tuple[str, ...] = ()
    interviewee: str | None = None
    interviewer: str | None = None
    role: str = ""
    review: Path | None = None
    # Names for the voices the transcript does not name: (("Speaker 1", "Ana Brasa"), ...).
    speakers: tuple[tuple[str, str], ...] = ()
    # The publication, handle and source line its cards carry (over the brand's name and
    # handle), and its speakers' profiles, photos checked: the project's, then its review
    # file's on top.
    identity: Identity = field(default_factory=Identity)
    profiles: Profiles = ()


@dataclass(frozen=True, slots=True)
class Project:
    """A project file, read and checked: every value already in the type it is used as."""

    path: Path
    sources: tuple[Source, ...]
    formats: tuple[Format, ...]
    themes: tuple[Theme, ...]
    brand: Path | None = None
    brackets: Literal["hide", "show"] | None = None
    image: ImageFormat = "png"
    renderer: Renderer = "pillow"
    scale: int = 1
    out: Path = Path("output")
    bundle: str = "cards"
    jobs: int | None = None
    keep_going: bool = False
    scheduler: str | None = None  # a Dask scheduler's address, or local:N (bundle/distributed.py)

    @property
    def folder(self) -> Path:
        """Where the bundle goes: ``<out>/<bundle>/``."""
        return self.out / self.bundle


def load_project(path: str | os.PathLike[str] = PROJECT_FILE) -> Project:
    """Read and check a project file; :class:`ProjectError` names the file, line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = " (run `quotecards init` to write one)" if path.name == PROJECT_FILE else ""
        raise ProjectError(f"{path}: no such project file{hint}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"{path}: cannot be read: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # "Invalid value (at line 2, column 7)": put the line where every other error has it.
        found = re.search(r"\(at line (\d+), column \d+\)$", str(error))
        where = f"{path}:{found[1]}" if found else str(path)
        raise ProjectError(f"{where}: not valid TOML: {error}{toml_hint(error)}") from None
    return _Reader(path, _Lines(text)).project(data)


class _Lines:
    """Where each key of a TOML text is: the line of ``key =`` in its table (1-based)."""

    _ARRAY = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
    _PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
    _TABLE = re.compile(rf"^\s*\[\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]")
    _KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        table, index = "", 0
        seen: dict[str, int] = {}  # [[table]] headers so far, by name
        for number, line in enumerate(text.splitlines(), 1):
            if match := self._ARRAY.match(line):
                table = match[1]
                index = seen[table] = seen.get(table, -1) + 1
                self.tables.setdefault((table, index), number)
            elif match := self._TABLE.match(line):
                # [speakers."Yann LeCun"] is the table "speakers.Yann LeCun".
                parts = re.findall(self._PART, match[1])
                table, index = ".".join(part.strip("\"'") for part in parts), 0
                self.tables.setdefault((table, index), number)
            elif match := self._KEY.match(line):
                key = match[1] or match[2] or match[3]
                self.keys.setdefault((table, index, key), number)

    def of(self, key: str, table: str = "", index: int = 0) -> int | None:
        """The line of ``key`` in the table, else of the table named ``key``, else of the table."""
        line = self.keys.get((table, index, key))
        if line is None and not table:
            line = self.tables.get((key, 0))
        if line is None and table:
            line = self.tables.get((table, index))
        return line


class _Reader:
    def __init__(self, path: Path, lines: _Lines) -> None:
        self.path = path
        self.lines = lines
        self.base = path.parent
        self.out = self.base / "output"

    def error(self, key: str, problem: str, table: str = "", index: int = 0) -> ProjectError:
        line = self.lines.of(key, table, index)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"[[{table}]] {key}" if table else key
        return ProjectError(f"{where}: {name}: {problem}")

    def unknown(
        self, keys: Iterable[str], known: Sequence[str], table: str = "", index: int = 0
    ) -> None:
        for key in keys:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}"
                raise self.error(key, f"unknown key{hint}", table, index)

    def project(self, data: Mapping[str, Any]) -> Project:
        self.unknown(data, _TOP_KEYS)
        self.out = Path(os.path.normpath(self.base / (self.text(data, "out") or "output")))
        top = self.whole(data, "top", _DEFAULT_TOP)
        labels, profiles = self.speakers(data)
        defaults = {
            "top": top,
            "interviewee": self.text(data, "interviewee"),
            "interviewer": self.text(data, "interviewer"),
            "role": self.text(data, "role") or "",
            "speakers": labels,
            "identity": self.identity(data),
            "profiles": profiles,
        }
        image = self.choice(data, "image", IMAGE_FORMATS, "png")
        renderer = self.choice(data, "renderer", RENDERERS, "pillow")
        scale = data.get("scale", 1)
        if scale not in (1, 2) or isinstance(scale, bool):
            raise self.error("scale", f"expected 1 or 2, got {scale!r}")
        if scale == 2 and renderer != "html":
            raise self.error("scale", 'only renderer = "html" draws at 2x; use scale = 1')
        bundle = self.text(data, "bundle") or "cards"
        if not _NAME.fullmatch(bundle):
            raise self.error(
                "bundle", f"{bundle!r} is not a folder name: use letters, digits, - and _"
            )
        jobs = self.whole(data, "jobs", None)
        keep_going = data.get("keep_going", False)
        if not isinstance(keep_going, bool):
            raise self.error("keep_going", f"expected true or false, got {keep_going!r}")
        brand = self.text(data, "brand")
        brand_path = self.base / brand if brand else None
        if brand_path is not None and not brand_path.is_file():
            raise self.error("brand", f"no such file {brand!r} (relative to {self.path.name})")
        brackets = data.get("brackets")
        if brackets is not None:
            brackets = self.choice(data, "brackets", ("hide", "show"), "hide")
        sources = self.sources(data, defaults)
        self.keep_apart(
            self.out / bundle, sources, brand_path, "out" if "out" in data else "bundle"
        )
        return Project(
            path=self.path,
            sources=sources,
            formats=self.spec(data, "format", "square", parse_formats),
            themes=self.spec(data, "theme", "classic", parse_themes),
            brand=brand_path,
            brackets=brackets,
            image=image,
            renderer=renderer,
            scale=scale,
            out=self.out,
            bundle=bundle,
            jobs=jobs,
            keep_going=keep_going,
            scheduler=self.text(data, "scheduler"),
        )

    def keep_apart(
        self, folder: Path, sources: Sequence[Source], brand: Path | None, key: str
    ) -> None:
        """Refuse a bundle folder that holds the project's own files: a build replaces the whole
        folder, and must never take the project file, a source, a review file or the brand
        with it."""
        where = folder.resolve()
        mine = [("the project file", self.path), ("the brand file", brand)]
        for source in sources:
            mine.append((f"the source {source.label}", source.path))
            mine.append((f"the review file of {source.label}", source.review))
            mine += [(f"the photo of {name}", profile.photo) for name, profile in source.profiles]
        for what, path in mine:
            if path is not None and path.resolve().is_relative_to(where):
                raise self.error(
                    key,
                    f"the bundle folder {folder} holds {what}, and a build replaces the whole "
                    "folder; choose an out and bundle outside the project's files "
                    '(such as out = "output")',
                )

    # -- values --

    def text(
        self, data: Mapping[str, Any], key: str, table: str = "", index: int = 0
    ) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {value!r}", table, index)
        return value.strip() or None

    def whole(
        self, data: Mapping[str, Any], key: str, default: Any, table: str = "", index: int = 0
    ) -> Any:
        if key not in data:
            return default
        value = data[key]
        # bool is an int in Python; ``top = true`` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(
                key, f"expected a whole number of 1 or more, got {value!r}", table, index
            )
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: Sequence[str], default: str
    ) -> Any:
        value = data.get(key, default)
        if value not in allowed:
            raise self.error(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def spec(
        self, data: Mapping[str, Any], key: str, default: str, parse: Callable[[str], Any]
    ) -> Any:
        """``format``/``theme``: a name, a comma-separated list, ``all``, or a list of names."""
        value = data.get(key, default)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str):
            raise self.error(key, f"expected a name or a list of names, got {value!r}")
        try:
            return parse(value)
        except QuotecardsError as error:
            raise self.error(key, str(error)) from None

    # -- sources --

    def sources(self, data: Mapping[str, Any], defaults: dict[str, Any]) -> tuple[Source, ...]:
        patterns = data.get("sources", [])
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise self.error("sources", "expected a list of paths or globs, such as ['*.txt']")
        tables = data.get("source", [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise self.error("source", "write per-source settings as [[source]] tables")
        if not patterns and not tables:
            raise self.error("sources", 'no sources: add sources = ["*.txt"] or a [[source]] table')
        chosen: dict[Path, Source] = {}
        for pattern in patterns:
            for path in self.expand(pattern, "sources"):
                chosen.setdefault(path, self.source(path, defaults))
        # A table is more specific than the plain list: its settings win for the files it names.
        claimed: dict[Path, int] = {}
        for index, table in enumerate(tables):
            self.unknown(table, _SOURCE_KEYS, "source", index)
            settings = self.settings(table, defaults, index)
            pattern = table.get("path")
            if not isinstance(pattern, str) or not pattern.strip():
                raise self.error(
                    "path", "each [[source]] needs a path (a file or a glob)", "source", index
                )
            for path in self.expand(pattern, "path", "source", index):
                if path in claimed:
                    raise self.error(
                        "path",
                        f"{self.label(path)} is already set by [[source]] number "
                        f"{claimed[path] + 1}; name each file in one table only",
                        "source",
                        index,
                    )
                claimed[path] = index
                if settings.get("review") is not None:
                    review = self.check_review(settings["review"], path, index)
                    chosen[path] = self.source(path, self.reviewed(review, settings, index))
                else:
                    chosen[path] = self.source(path, settings)
        return tuple(chosen.values())

    def settings(
        self, table: Mapping[str, Any], defaults: dict[str, Any], index: int
    ) -> dict[str, Any]:
        settings = dict(defaults)
        if sum(key in table for key in ("top", "ids", "review")) > 1:
            raise self.error("ids", "give one of top, ids or review", "source", index)
        if "review" in table:
            # The editor's approved quotes (see `quotecards review`), verified at build time.
            review = self.text(table, "review", "source", index) or ""
            path = Path(os.path.normpath(self.base / review))
            if not path.is_file():
                raise self.error(
                    "review",
                    f"no such review file {review!r} (relative to {self.path.name})",
                    "source",
                    index,
                )
            settings["review"] = path
        settings["top"] = self.whole(table, "top", defaults["top"], "source", index)
        ids = table.get("ids", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise self.error(
                "ids", "expected a list of quote ids, such as ['q1a2b3c4d5e']", "source", index
            )
        for quote_id in ids:
            if not _ID.fullmatch(quote_id):
                raise self.error(
                    "ids",
                    f"{quote_id!r} is not a quote id (q and 10 hex digits, as "
                    "`quotecards select --json` prints)",
                    "source",
                    index,
                )
        if len(set(ids)) != len(ids):
            raise self.error("ids", "a quote id is listed twice", "source", index)
        settings["ids"] = tuple(ids)
        for key in ("interviewee", "interviewer"):
            if key in table:
                settings[key] = self.text(table, key, "source", index)
        if "role" in table:
            settings["role"] = self.text(table, "role", "source", index) or ""
        if "speakers" in table:
            labels, profiles = self.speakers(table, "source", index)
            settings["speakers"] = tuple({**dict(defaults["speakers"]), **dict(labels)}.items())
            settings["profiles"] = merged(defaults["profiles"], profiles)
        settings["identity"] = self.identity(table, "source", index).over(defaults["identity"])
        return settings

    def identity(self, data: Mapping[str, Any], table: str = "", index: int = 0) -> Identity:
        """``publication``, ``handle`` and ``source_line``, as given here."""
        return Identity(
            *(
                " ".join((self.text(data, key, table, index) or "").split())
                for key in ("publication", "handle", "source_line")
            )
        )

    def speakers(
        self, data: Mapping[str, Any], table: str = "", index: int = 0
    ) -> tuple[tuple[tuple[str, str], ...], Profiles]:
        """A ``speakers`` table: who a numbered or unknown label is (``"Speaker 1" = "Ana
        Brasa"``), and the speakers' profiles (``[speakers."Yann LeCun"]`` with photo, role
        and focus), their photos checked."""
        if "speakers" not in data:
            return (), ()
        try:
            labels, entries = read_speakers(data["speakers"])
        except ProfileError as error:
            raise self.profile_error(error, table, index) from None
        return labels, tuple((e.name, self.profile(e, table)) for e in entries)

    def profile(self, entry: ProfileEntry, table: str) -> Profile:
        from quotecards.identity import resolve

        line = None if table else self.lines.of("photo", f"speakers.{entry.name}")
        where = f"{self.path}:{line}" if line else str(self.path)
        try:
            return resolve(entry, self.base, f'{where}: [speakers."{entry.name}"] photo')
        except ImageError as error:
            raise ProjectError(str(error)) from None

    def profile_error(self, error: ProfileError, table: str, index: int) -> ProjectError:
        """A mistake in a ``speakers`` table, at the line of the key it is in."""
        if table or not error.speaker:
            name = f'"{error.speaker}" {error.key}'.strip() if error.speaker else ""
            problem = f"{name}: {error.problem}" if name else error.problem
            return self.error("speakers", problem, table, index)
        line = self.lines.of(error.key, f"speakers.{error.speaker}") if error.key else None
        line = line or self.lines.of("speakers")
        where = f"{self.path}:{line}" if line else str(self.path)
        key = f" {error.key}" if error.key else ""
        return ProjectError(f'{where}: [speakers."{error.speaker}"]{key}: {error.problem}')

    def reviewed(self, review: Review, settings: dict[str, Any], index: int) -> dict[str, Any]:
        """A source's settings with its review file's publication, handle, source line and
        speakers' profiles on top."""
        from quotecards.review.approved import identity_of

        try:
            said, profiles = identity_of(review, settings["review"])
        except QuotecardsError as error:
            raise self.error("review", str(error), "source", index) from None
        return {
            **settings,
            "identity": said.over(settings["identity"]),
            "profiles": merged(settings.get("profiles", ()), profiles),
        }

    def check_review(self, review: Path, path: Path, index: int) -> Review:
        """Refuse a review file made for another source: its quotes would be built and
        recorded as this source's, with spans into words they were never cut from.  The
        review file, read."""
        from quotecards.review.file import ReviewError, parse

        try:
            parsed = parse(review.read_bytes(), self.label(review))
        except (OSError, ReviewError) as error:
            raise self.error("review", str(error), "source", index) from None
        named = (review.resolve().parent / parsed.source).resolve()
        if named != path.resolve():
            shown = Path(os.path.relpath(named, self.base.resolve())).as_posix()
            raise self.error(
                "review",
                f"{self.label(review)} reviews {shown}, not {self.label(path)}; "
                f"give each source its own review file (quotecards select --write-review "
                f"{self.label(path)})",
                "source",
                index,
            )
        return parsed

    def source(self, path: Path, settings: Mapping[str, Any]) -> Source:
        return Source(path, self.label(path), **settings)

    def label(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.base)).as_posix()

    def expand(self, pattern: str, key: str, table: str = "", index: int = 0) -> list[Path]:
        """The files a path or glob names, in sorted order; an error if none."""
        # A name may begin or end with a space (`init` lists such files as they are); a stray
        # space around a name that has none is forgiven.
        if pattern != pattern.strip() and not (self.base / pattern).exists():
            pattern = pattern.strip()
        if not _GLOB_MAGIC.search(pattern):
            path = Path(os.path.normpath(self.base / pattern))
            if not path.is_file():
                raise self.error(
                    key, f"no such file {pattern!r} (relative to {self.path.name})", table, index
                )
            return [path]
        found = sorted(
            Path(os.path.normpath(self.base / name))
            for name in glob.glob(pattern, root_dir=self.base, recursive=True)
        )
        # A glob such as **/*.txt must not read the bundle's own alt texts back in.
        files = [path for path in found if path.is_file() and not path.is_relative_to(self.out)]
        if not files:
            raise self.error(
                key, f"{pattern!r} matches no file (relative to {self.path.name})", table, index
            )
        return files


# -- the starter file ------------------------------------------------------------------------


def transcripts_in(folder: Path) -> list[Path]:
    """The files of ``folder`` (not its subfolders) that look like sources, by suffix."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in TRANSCRIPT_SUFFIXES
        and not path.name.startswith(".")
    )


def usable(path: Path) -> str | None:
    """Why ``build`` could not use ``path`` with the starter settings, or None if it can."""
    from quotecards.ingest import read_source
    from quotecards.selector import select

    try:
        if not select(read_source(path), top=1).picks:
            return "no quote with an established speaker"
    except QuotecardsError as error:
        return str(error).removeprefix(f"{path}: ")
    return None


def starter(folder: Path) -> str:
    """The text of a commented starter project for the transcripts in ``folder``.

    Only files a build can use with these settings are listed, so that ``init`` then ``build``
    works with no editing; the others are named in a comment with the reason.
    """
    found = transcripts_in(folder)
    if not found:
        raise ProjectError(
            f"{folder}: no transcripts here ({', '.join('*' + s for s in TRANSCRIPT_SUFFIXES)}); "
            "run `quotecards init` in a folder of interviews"
        )
    reasons = {path: usable(path) for path in found}
    good = [path for path in found if reasons[path] is None]
    if not good:
        why = "; ".join(f"{path.name}: {reasons[path]}" for path in found)
        raise ProjectError(f"{folder}: no usable transcript here ({why})")
    listed = "\n".join(f"    {_toml_string(glob.escape(path.name))}," for path in good)
    skipped = "".join(
        f"# Left out, {reasons[path]}: {path.name}\n" for path in found if reasons[path]
    )
    formats = ", ".join(f.name for f in FORMATS)
    themes = ", ".join(t.name for t in load_themes())
    text = _STARTER.format(
        sources=listed, skipped=skipped, formats=formats, themes=themes, top=_DEFAULT_TOP
    )
    return text + "".join(_reviewed(path) for path in good)


def _reviewed(source: Path) -> str:
    """A [[source]] table for a source an editor has a review file for: the build then makes
    exactly the quotes approved in it (tables go last: TOML puts every key after one in it)."""
    from quotecards.review.file import review_path_for

    review = review_path_for(source)
    if not review.is_file():
        return ""
    return (
        f"\n# {source.name} has a review file: build the quotes approved in it, each in the "
        "formats\n# and themes chosen on the review page (`quotecards review`).\n"
        f"[[source]]\npath = {_toml_string(glob.escape(source.name))}\n"
        f"review = {_toml_string(review.name)}\n"
    )


def review_project(review_path: Path) -> Project:
    """The project ``quotecards build X.quotes.toml`` builds: the review file's source, with
    exactly its approved quotes, into ``output/<source name>/`` beside the review file."""
    from quotecards.review.file import load
    from quotecards.review.sync import source_of

    review, _ = load(review_path)
    source = source_of(review_path, review)
    folder = review_path.parent
    bundle = re.sub(r"[^A-Za-z0-9_-]+", "-", source.stem).strip("-_") or "cards"
    label = Path(os.path.relpath(source, folder)).as_posix()
    text = (
        f"bundle = {_toml_string(bundle)}\n\n[[source]]\n"
        f"path = {_toml_string(glob.escape(label))}\nreview = {_toml_string(review_path.name)}\n"
    )
    # Read as if it were a project file beside the review file, so errors and paths read alike.
    return _Reader(folder / review_path.name, _Lines(text)).project(tomllib.loads(text))


def write_starter(folder: Path) -> Path:
    """Write ``folder/quotecards.toml``; never over an existing one."""
    path = folder / PROJECT_FILE
    if path.exists():
        raise ProjectError(f"{path}: already exists; edit it, or move it away to start afresh")
    text = starter(folder)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise ProjectError(
            f"{path}: already exists; edit it, or move it away to start afresh"
        ) from None
    return path


def _toml_string(text: str) -> str:
    # JSON's string escapes are a subset of a TOML basic string's.
    return json.dumps(text, ensure_ascii=False)


_STARTER = """\
# A quotecards project: `quotecards build` turns these sources into a bundle of cards in
# output/cards/ (images, manifest.json, alt texts, a contact sheet, index.html and a zip).
# Every key but the sources is optional; paths are relative to this file.
# All keys: examples/README.md in the quotecards repository.

# Transcripts, articles or subtitle files (.txt, .md, .vtt, .srt): paths or globs.
sources = [
{sources}
]
{skipped}
# The best N quotes of each source.  To choose quotes by hand, give a source its own table
# with their ids (from `quotecards select FILE --json`):
#   [[source]]
#   path = "interview.txt"
#   ids = ["q1a2b3c4d5e", "q0f9e8d7c6b"]
top = {top}

# Card formats: {formats},
# a size such as "1200x800", or "all".
format = ["square"]

# Themes: {themes}, or "all".
theme = ["classic"]

# renderer = "pillow"        # or "html" (draws in Chromium)
# scale = 1                  # 2: twice the pixels (renderer = "html" only)
# image = "png"              # png, jpeg or webp
# brand = "brand.toml"       # a brand kit: name, colours, fonts, logo
# brackets = "hide"          # "show" keeps "[T]he" on cards; "hide" prints "The" (the edit stays
#                            # in the review file, manifest and alt text either way)
# role = ""                  # a line under the speaker's name
# publication = ""           # who published the cards (a brand file's name otherwise)
# handle = ""                # its handle, such as "@examplereview"
# source_line = ""           # such as "From our interview, December 2026"
# interviewee = ""           # who answers, when the file does not say (Q:/A: transcripts)
# interviewer = ""           # who asks
# In a [[source]] table, speakers = {{ "Speaker 1" = "Ana Brasa" }} names the voices a
# transcript does not ("Speaker 1", "Guest", "Dev's iPhone").  A speaker's photo, role and
# focus go in a table of their own, after the keys here:
#   [speakers."Ana Brasa"]
#   photo = "people/brasa.jpg"   # at least 400 px on its shorter side
#   role = "Chief engineer"
#   focus = [0.5, 0.3]           # the point kept in view when the photo is cropped
# jobs = 2                   # processes (default: every core)
# keep_going = false         # true: a card that fails leaves the rest to be bundled
# scheduler = "tcp://HOST:8786"  # render on a Dask cluster (pip install 'quotecards[dask]');
#                                # "local:4": four worker processes here, for a trial

out = "output"               # the folder that holds bundles (and their cache, .cache/)
bundle = "cards"             # this bundle: output/cards/ and output/cards/cards.zip
"""
