"""Building a bundle: the API behind ``quotecards build``.

A build works out what the bundle must hold, then makes only what is missing:

1. **Quotes.**  Each source's picks (its best ``top``, or its ``ids``), cached by the source's
   bytes, the options and the selector's code, so that a warm build never runs the selector.
2. **Cards.**  :func:`quotecards.render.cards.plan` for every source, and for each card a key
   over everything that changes its bytes (``_Builder.card_key``).  Cards whose key is not in the
   cache are rendered, straight into the cache, by :func:`_render_batch`: the one place where
   a renderer is called.
3. **Files.**  Every file of the bundle and its sha256, known without reading the images again:
   images (from the cache), alt texts, ``manifest.json``, ``index.html``, the contact sheet and
   the zip (their hashes are cached by their inputs).
4. **Compare** with the bundle on disk (through the cache's stat index).  ``check`` stops here.
   If nothing differs, nothing is written.  Otherwise the new bundle is made aside (files that
   did not change are hard links to the old bundle's, the others are copied from the cache,
   which a bundle never shares an inode with) and swapped in (:mod:`quotecards.bundle.swap`).

Interrupting any step leaves the old bundle whole; cards already rendered stay cached.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quotecards import __version__
from quotecards.bundle import carousels as carousel_files
from quotecards.bundle import swap
from quotecards.bundle.archive import write_zip, zip_key
from quotecards.bundle.cache import (
    CACHE_DIR,
    CARD_CODE,
    SELECTION_CODE,
    CheckStore,
    Digests,
    Entry,
    Store,
    canonical,
    code_digest,
    key_of,
    plain,
    sha256,
)
from quotecards.bundle.manifest import (
    CONTACT_SHEET,
    GALLERY,
    MANIFEST,
    THUMBNAILS,
    Asset,
    Failure,
    PhotoRecord,
    SourceRecord,
    archive_name,
    dumps,
    failure_record,
    manifest,
)
from quotecards.bundle.project import Project, Renderer, Source
from quotecards.errors import QuotecardsError, SourceError
from quotecards.files import write_atomically
from quotecards.formats import Format, parse_formats
from quotecards.identity import Identity, card_text
from quotecards.render import SUFFIXES, ImageFormat
from quotecards.render.cards import Card, Failed, Written, plan, slug
from quotecards.render.carousel import About, Carousel, deck_of
from quotecards.themes import TEMPLATES, Theme, parse_themes
from quotecards.typeset.layout import CardText
from quotecards.typeset.slides import MAX_QUOTES

if TYPE_CHECKING:
    from quotecards.brand import Brand
    from quotecards.model import Candidate
    from quotecards.render.html import HtmlRenderer

SUMMARY_SCHEMA = "quotecards.build/1"
Status = Literal["built", "unchanged", "failed", "fresh", "stale"]
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Pick:
    """A selected quote, as much of it as a bundle needs (and its selection cache stores)."""

    id: str
    text: str
    speaker: str | None
    kind: str
    spans: tuple[tuple[int, int], ...]
    # What an editor chose for the quote in its review file; empty: the project's.
    formats: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    title: str = ""  # the speaker's title in the document: the role line unless one is set
    # "editor": the editor named the speaker on purpose in the review file; else "source".
    attributed_by: str = "source"
    highlight: str = ""  # the review file's phrase in the accent colour, checked against text
    score: int | None = None  # the selector's, and its reasons: the gallery shows them
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    """A card of the bundle: what to render (stem: its cache key) and where it goes."""

    card: Card
    key: str
    asset: str
    source: Source
    pick: Pick


@dataclass(frozen=True, slots=True)
class Outcome:
    """One card rendered (``error`` None) or failed, for a progress display."""

    asset: str
    error: str | None = None


Progress = Callable[[int, int, Outcome], None]


@dataclass(frozen=True, slots=True)
class Changes:
    """How the bundle on disk differs from the one a build makes now, by path in the bundle."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build (or a check) found and did.

    ``status``: ``built`` (a new bundle is in place), ``unchanged`` (it was up to date),
    ``failed`` (cards failed and nothing was replaced), ``fresh`` or ``stale`` (``check``).
    """

    folder: Path
    status: Status
    cards: int
    rendered: tuple[str, ...]
    failed: tuple[Failure, ...]
    changes: Changes
    notes: tuple[str, ...] = ()
    archive_sha256: str | None = None
    cached: int = 0
    pruned: tuple[int, int] = (0, 0)  # cache files and bytes removed (``prune``)
    carousels: int = 0  # with ``carousel = true``: the carousels in the bundle

    @property
    def exit_status(self) -> int:
        """0 when the bundle is complete and as asked; 1 when a card failed or it is stale."""
        return 1 if self.failed or self.status in ("failed", "stale") else 0

    def summary(self) -> dict[str, Any]:
        """What ``quotecards build --json`` prints (schema ``quotecards.build/1``)."""
        return {
            "schema": SUMMARY_SCHEMA,
            "bundle": self.folder.as_posix(),
            "status": self.status,
            "cards": self.cards,
            "rendered": list(self.rendered),
            "cached": self.cached,
            "added": list(self.changes.added),
            "removed": list(self.changes.removed),
            "changed": list(self.changes.changed),
            "failed": [failure_record(f) for f in self.failed],
            "archive": (self.folder / archive_name(self.folder.name)).as_posix(),
            "archive_sha256": self.archive_sha256,
            "notes": list(self.notes),
            "pruned": {"files": self.pruned[0], "bytes": self.pruned[1]},
            "carousels": self.carousels,
        }


@dataclass(frozen=True, slots=True)
class RendererId:
    """A renderer and everything about it that changes its pixels."""

    name: Renderer
    version: str
    code: str


def build(
    project: Project,
    *,
    jobs: int | None = None,
    keep_going: bool | None = None,
    check: bool = False,
    progress: Progress | None = None,
    chromium: str | None = None,
    prune: bool = False,
    scheduler: str | None = None,
) -> BuildResult:
    """Build ``project``'s bundle, or with ``check`` only compare it with the one on disk.

    ``jobs`` and ``keep_going`` override the project's.  Failed cards fail the build (nothing
    is replaced) unless ``keep_going``, when the bundle is made of the rest; either way they are
    in ``failed`` and :attr:`BuildResult.exit_status` is 1.  ``chromium`` is the browser for the
    HTML renderer (default: as :func:`quotecards.render.browser.find_chromium` decides).
    ``prune``: after a build that succeeded, delete every cache entry it did not use.
    ``scheduler`` (else the project's) renders the cards on a Dask cluster
    (:mod:`quotecards.bundle.distributed`): ``tcp://HOST:8786``, or ``local:N``.
    """
    if check:
        keep = project.keep_going if keep_going is None else keep_going
        return _check(project, jobs, keep, progress, chromium, scheduler or project.scheduler)
    out = project.out
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / CACHE_DIR)
    with swap.locked(store.root):
        swap.check_replaceable(project.folder)
        swap.clean(out, project.bundle)
        store.clean()
        try:
            builder = _Builder(project, store, chromium, scheduler or project.scheduler)
            result = builder.run(
                jobs=jobs or project.jobs,
                keep_going=project.keep_going if keep_going is None else keep_going,
                check=check,
                progress=progress,
            )
            if prune and not check and result.exit_status == 0:
                result = replace(result, pruned=store.prune())
            return result
        finally:
            store.digests.save()


def _check(
    project: Project,
    jobs: int | None,
    keep_going: bool,
    progress: Progress | None,
    chromium: str | None,
    scheduler: str | None,
) -> BuildResult:
    """What a build would change, with nothing written: no lock, no clean-up, no cache entry
    (what must be made to compare is made in a scratch folder outside the project, removed)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="quotecards-check-") as scratch:
        store = CheckStore(project.out / CACHE_DIR, Path(scratch))
        return _Builder(project, store, chromium, scheduler).run(
            jobs=jobs or project.jobs, keep_going=keep_going, check=True, progress=progress
        )


class _Builder:
    def __init__(
        self, project: Project, store: Store, chromium: str | None, scheduler: str | None = None
    ) -> None:
        self.project = project
        self.scheduler = scheduler
        self.store = store
        self.digests: Digests = store.digests
        self.chromium = chromium
        self.suffix = SUFFIXES[project.image]
        self._plain: dict[Any, Any] = {}

    def run(
        self, *, jobs: int | None, keep_going: bool, check: bool, progress: Progress | None
    ) -> BuildResult:
        project = self.project
        renderer = renderer_identity(project.renderer, self.digests, self.chromium)
        todo, notes, records, wanted = self.plan(renderer)
        entries = {job.key: self.store.entry(job.key, self.suffix) for job in todo}
        missing = list({job.key: job for job in todo if entries[job.key] is None}.values())
        rendered, failures = self.render(missing, entries, jobs, progress)
        carousels, carousel_failures = carousel_files.make(
            self.store,
            wanted,
            renderer=project.renderer,
            chromium=self.chromium,
            scale=project.scale,
        )
        failed = tuple(
            Failure(job.source.label, job.pick.id, job.card.format.name, job.card.theme.name, why)
            for job in todo
            if (why := failures.get(job.key)) is not None
        )
        made = [(job, entry) for job in todo if (entry := entries.get(job.key)) is not None]
        built = [(item, found) for item in wanted if (found := carousels.get(item.key))]
        result = _result(project.folder, len(made), rendered, failed, notes)
        failed += tuple(
            Failure(item.source.label, "", item.format.name, item.theme.name, f"carousel: {why}")
            for item in wanted
            if (why := carousel_failures.get(item.key)) is not None
        )
        result = replace(result, failed=failed, carousels=len(built))
        if failed and not keep_going:
            return replace(result, status="failed")
        files, hashes = self.files(renderer, made, failed, records, built)
        zip_name = archive_name(project.bundle)
        members = [(f"{project.bundle}/{name}", hashes[name]) for name in sorted(files)]
        archive_key = zip_key(members)
        known = self.store.load("zips", archive_key)
        if known is not None or check:
            hashes[zip_name] = known["sha256"] if known else self.zip_hash(files, archive_key)
        changes = self.compare(hashes)
        result = replace(result, changes=changes, archive_sha256=hashes.get(zip_name))
        if check:
            return replace(result, status="stale" if changes else "fresh")
        if not changes and zip_name in hashes:
            return replace(result, status="unchanged")
        return self.publish(files, hashes, archive_key, result)

    # -- 1 and 2: quotes and cards --

    def plan(
        self, renderer: RendererId
    ) -> tuple[list[Job], tuple[str, ...], list[SourceRecord], list[carousel_files.Wanted]]:
        project = self.project
        brand = None
        if project.brand is not None:
            from quotecards.brand import load_brand

            brand = load_brand(project.brand, project.themes)
        if project.brackets is not None:
            from quotecards.brand import Brand

            brand = replace(brand or Brand(), brackets=project.brackets)
        brand_identity = Identity.of(brand)
        selection_code = code_digest(self.digests, SELECTION_CODE)
        fonts = fonts_digest(self.digests)
        folders = source_folders(project.sources)
        jobs: list[Job] = []
        notes: dict[str, None] = dict.fromkeys(brand.notes if brand else ())
        records = []
        wanted: list[carousel_files.Wanted] = []
        for source in project.sources:
            digest, picks, about = self.select(source, selection_code)
            records.append(
                SourceRecord(source.label, digest, folders[source], tuple(p.id for p in picks))
            )
            by_id = {pick.id: pick for pick in picks}
            # Planned once per choice of formats and themes (each plan applies the brand to its
            # themes), then put back in the picks' order.
            alike: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Pick]] = {}
            for pick in picks:
                alike.setdefault((pick.formats, pick.themes), []).append(pick)
            planned: dict[str, list[Card]] = {}
            who = source.identity.over(brand_identity)
            for group in alike.values():
                texts = [_text(p, source, who) for p in group]
                made, brand_notes = plan(texts, *self.looks(source, group[0]), brand)
                notes.update(dict.fromkeys(brand_notes))
                for card in made:
                    planned.setdefault(card.text.id, []).append(card)
            for card in (card for pick in picks for card in planned[pick.id]):
                key = self.card_key(card, source, renderer, fonts)
                pick = by_id[card.text.id]
                asset = "/".join(
                    (
                        folders[source],
                        f"{slug(pick.text)}--{_safe(pick.id)}",
                        f"{_safe(card.format.name)}--{_safe(card.theme.name)}{self.suffix}",
                    )
                )
                jobs.append(Job(replace(card, stem=key), key, asset, source, pick))
            if project.carousel:
                texts = [_text(p, source, who) for p in picks]
                wanted += self.carousels(source, folders[source], texts, about, brand, renderer)
        return jobs, tuple(notes), records, wanted

    def carousels(
        self,
        source: Source,
        folder: str,
        texts: Sequence[CardText],
        about: About,
        brand: Brand | None,
        renderer: RendererId,
    ) -> list[carousel_files.Wanted]:
        """A source's carousels: one in each carousel format and theme of the project, of its
        quotes (at most as many as a carousel holds)."""
        from quotecards.brand import apply_brand, logo_for

        deck = deck_of(texts[:MAX_QUOTES], about)
        code = code_digest(self.digests, (*CARD_CODE[renderer.name], "render/carousel.py"))
        fonts = fonts_digest(self.digests)
        wanted = []
        for fmt in carousel_files.formats_of(self.project):
            for theme in self.project.themes:
                branded = apply_brand(theme, brand).theme
                logo = logo_for(brand, theme)
                key = key_of(
                    {
                        "carousel": self.plain(deck),
                        "format": self.plain(fmt),
                        "theme": self.plain(branded),
                        "logo": self.plain(logo),
                        # Written into the PNGs' Source chunk, so part of the bytes.
                        "source_name": source.path.name,
                        "renderer": {"name": renderer.name, "version": renderer.version},
                        "scale": self.project.scale,
                        "code": code,
                        "fonts": fonts,
                        "quotecards": __version__,
                    }
                )
                where = carousel_files.folder_of(folder, fmt, theme)
                wanted.append(carousel_files.Wanted(source, deck, fmt, branded, logo, key, where))
        return wanted

    def looks(self, source: Source, pick: Pick) -> tuple[tuple[Format, ...], tuple[Theme, ...]]:
        """The formats and themes of a quote's cards: the editor's, from a review file, as on
        the review page and in ``quotecards render``; else the project's."""
        if not (pick.formats or pick.themes):
            return self.project.formats, self.project.themes
        try:
            formats = parse_formats(",".join(pick.formats)) if pick.formats else None
            themes = parse_themes(",".join(pick.themes)) if pick.themes else None
        except QuotecardsError as error:
            raise QuotecardsError(
                f"{source.review or source.label}: quote {pick.id}: {error}; fix it on the review "
                "page or in the file"
            ) from None
        return formats or self.project.formats, themes or self.project.themes

    def select(self, source: Source, code: str) -> tuple[str, tuple[Pick, ...], About]:
        """The source's sha256, its picks and what a carousel's cover takes from it, from the
        cache when the source is unchanged."""
        try:
            digest = sha256(source.path.read_bytes())
        except OSError as error:
            raise SourceError(f"{source.label}: cannot be read ({error.strerror})") from None
        key = key_of(
            {
                "selection": digest,
                "suffix": source.path.suffix.lower(),
                "interviewee": source.interviewee,
                "interviewer": source.interviewer,
                "speakers": dict(source.speakers),
                "top": None if source.ids else source.top,
                "ids": list(source.ids),
                "review": sha256(source.review.read_bytes()) if source.review else None,
                "quotecards": __version__,
                "code": code,
                # A pick cached before a field was added is selected again.
                "pick": [f.name for f in fields(Pick)],
            }
        )
        cached = self.store.load("selections", key)
        # A record from before carousels has no "about": selected again, once.
        if cached is not None and isinstance(cached.get("about"), dict):
            return digest, tuple(_pick(p) for p in cached["picks"]), About(**cached["about"])
        picks, about = read_picks(source)
        record = {"picks": [_pick_data(p) for p in picks], "about": asdict(about)}
        self.store.save("selections", key, record)
        return digest, picks, about

    def card_key(self, card: Card, source: Source, renderer: RendererId, fonts: str) -> str:
        return key_of(
            {
                "text": self.plain(card.text),
                "format": self.plain(card.format),
                "theme": self.plain(card.theme),
                "logo": self.plain(card.logo),
                # Written into the PNG's Source chunk, so part of the bytes.
                "source_name": source.path.name,
                "image": self.project.image,
                "renderer": {"name": renderer.name, "version": renderer.version},
                "scale": self.project.scale,
                "code": renderer.code,
                "fonts": fonts,
                "quotecards": __version__,
            }
        )

    def photo(self, job: Job) -> PhotoRecord | None:
        """The speaker's photo on a card, as the manifest records it."""
        photo = job.card.text.photo
        if photo is None:
            return None
        return PhotoRecord(photo.path.name, self.digests.of(photo.path) or "", photo.focus)

    def plain(self, value: Any) -> Any:
        # Themes and formats are shared by many cards; their files are hashed once.
        if value not in self._plain:
            self._plain[value] = plain(value, self.digests)
        return self._plain[value]

    def render(
        self,
        missing: Sequence[Job],
        entries: dict[str, Entry | None],
        jobs: int | None,
        progress: Progress | None,
    ) -> tuple[tuple[str, ...], dict[str, str]]:
        """Render the cards not in the cache, into the cache; each is kept as it lands, so an
        interrupted build keeps what it made.  The assets rendered, and why keys failed."""
        landing = _Landing(self, entries, len(missing), progress)
        if not missing:
            return (), {}
        landing.named = {job.key: job for job in missing}
        self.store.cards.mkdir(parents=True, exist_ok=True)
        if self.scheduler:
            from quotecards.bundle.distributed import connect, render_on_cluster

            with connect(self.scheduler) as client:
                render_on_cluster(
                    client,
                    self.project.renderer,
                    [job.card for job in missing],
                    self.store.cards,
                    source=[job.source.path.name for job in missing],
                    image_format=self.project.image,
                    scale=self.project.scale,
                    chromium=self.chromium,
                    progress=landing,
                )
            return tuple(landing.rendered), landing.failed
        with ExitStack() as stack:
            painter = None
            if self.project.renderer == "html":
                # One browser for the whole build, not one per source: a launch costs ~2 s.
                from quotecards.render.html import HtmlRenderer

                painter = stack.enter_context(
                    HtmlRenderer(chromium=self.chromium, scale=self.project.scale, themes=())
                )
            # Every source's cards in one batch: one pool of processes (or one browser) for the
            # whole build, kept busy to the end.
            _render_batch(
                self.project.renderer,
                [job.card for job in missing],
                self.store.cards,
                source=[job.source.path.name for job in missing],
                image_format=self.project.image,
                jobs=jobs,
                scale=self.project.scale,
                progress=landing,
                chromium=self.chromium,
                painter=painter,
            )
        return tuple(landing.rendered), landing.failed

    def keep(self, job: Job, written: Written) -> Entry:
        """Store a card the renderer just wrote into the cache folder: thumbnail, record.
        The renderer made the thumbnail where it painted the card, and knows the image's hash
        and size: nothing is read back here."""
        if written.alt_file is not None:
            written.alt_file.unlink(missing_ok=True)  # the record holds the alt text
        thumb = self.store.thumbnail(job.key)
        if written.thumbnail is not None and written.sha256:
            if written.thumbnail != thumb:
                os.replace(written.thumbnail, thumb)
            length = written.image.stat().st_size
            return self.store.add_file(
                job.key, self.suffix, written.sha256, length, written.size, written.alt
            )
        from quotecards.render.thumbnails import thumbnail

        data = written.image.read_bytes()
        small, size = thumbnail(data)
        write_atomically(thumb, small)
        return self.store.add(job.key, self.suffix, data, size, written.alt)

    # -- 3: files --

    def files(
        self,
        renderer: RendererId,
        made: Sequence[tuple[Job, Entry]],
        failed: Sequence[Failure],
        records: Sequence[SourceRecord],
        carousels: Sequence[tuple[carousel_files.Wanted, Carousel]] = (),
    ) -> tuple[dict[str, Path | bytes], dict[str, str]]:
        """Every file of the bundle but the zip: where its bytes come from, and its sha256."""
        files, hashes, decks = carousel_files.files(self.store, carousels)
        assets = []
        for job, entry in made:
            stem = job.asset.removesuffix(self.suffix)
            alt_path, thumb_path = f"{stem}.alt.txt", f"{THUMBNAILS}/{stem}.jpg"
            files[job.asset] = self.store.image(job.key, self.suffix)
            hashes[job.asset] = entry.sha256
            files[alt_path] = (entry.alt + "\n").encode("utf-8")
            files[thumb_path] = self.thumbnail(job.key)
            assets.append(
                _asset(
                    job,
                    entry,
                    alt_path,
                    thumb_path,
                    renderer.name,
                    self.project.image,
                    self.photo(job),
                )
            )
        data = manifest(
            bundle=self.project.bundle,
            version=__version__,
            renderer=renderer.name,
            renderer_version=renderer.version,
            sources=records,
            assets=assets,
            failed=failed,
            carousels=decks,
        )
        files[MANIFEST] = dumps(data)
        files[GALLERY] = self.gallery(data, files[MANIFEST])
        files[CONTACT_SHEET] = self.contact_sheet(made)
        for name, content in files.items():
            if isinstance(content, bytes):
                hashes[name] = sha256(content)
            elif name not in hashes:
                hashes[name] = self.digests.of(content) or ""
        return files, hashes

    def gallery(self, data: dict[str, Any], manifest_bytes: bytes) -> Path:
        """``index.html``, from the cache when this manifest has one (Jinja2 compiles the
        template on every run, which costs more than the rest of a warm build)."""
        from quotecards.bundle import gallery

        key = key_of(
            {
                "gallery": sha256(manifest_bytes),
                "template": self.digests.of(TEMPLATES / gallery.TEMPLATE),
                "code": code_digest(self.digests, ("bundle/gallery.py",)),
            }
        )
        return self.store.derived("pages", key, ".html", lambda: gallery.index_html(data))

    def contact_sheet(self, made: Sequence[tuple[Job, Entry]]) -> Path:
        """The contact sheet, a group per quote and in it a row per format, from the cache
        when these cards, so grouped, have one."""
        from quotecards.bundle import sheet

        quotes: dict[tuple[str, str], tuple[str, dict[str, list[tuple[str, int, int]]]]] = {}
        for job, entry in made:
            _, rows = quotes.setdefault(
                (job.source.label, job.pick.id),
                (sheet.quote_label(job.pick.text, job.pick.speaker), {}),
            )
            rows.setdefault(job.card.format.name, []).append((job.key, entry.width, entry.height))
        groups = [(label, list(rows.values())) for label, rows in quotes.values()]
        sheet_key = key_of(
            {
                "sheet": groups,
                "code": code_digest(self.digests, ("bundle/sheet.py", "render/thumbnails.py")),
                "fonts": fonts_digest(self.digests),  # the labels are set in them
                "pillow": _pillow_version(),
            }
        )

        def make() -> bytes:
            from quotecards.fonts import FontBook

            return sheet.contact_sheet(
                [
                    sheet.Group(
                        label,
                        tuple(
                            tuple(sheet.Tile(self.thumbnail(key), w, h) for key, w, h in row)
                            for row in rows
                        ),
                    )
                    for label, rows in groups
                ],
                FontBook.default(),
            )

        return self.store.derived("sheets", sheet_key, ".jpg", make)

    def thumbnail(self, key: str) -> Path:
        """A card's thumbnail in the cache, made again from its image if deleted by hand."""
        thumb = self.store.thumbnail(key)
        if not thumb.exists():
            from quotecards.render.thumbnails import thumbnail

            small, _ = thumbnail(self.store.image(key, self.suffix).read_bytes())
            write_atomically(thumb, small)
        return thumb

    def zip_hash(self, files: Mapping[str, Path | bytes], key: str) -> str:
        """The sha256 the zip of these files would have (written aside to learn it)."""
        scratch = self.store.root / "zips" / f".{key}.zip.tmp"
        scratch.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest = write_zip(scratch, self.members(files))
        finally:
            scratch.unlink(missing_ok=True)
        self.store.save("zips", key, {"sha256": digest})
        return digest

    def members(self, files: Mapping[str, Path | bytes]) -> list[tuple[str, Path | bytes]]:
        return [(f"{self.project.bundle}/{name}", content) for name, content in files.items()]

    # -- 4: compare and publish --

    def compare(self, hashes: Mapping[str, str]) -> Changes:
        folder = self.project.folder
        on_disk = set(_files_under(folder))
        added = sorted(name for name in hashes if name not in on_disk)
        removed = sorted(on_disk - set(hashes))
        changed = sorted(
            name
            for name in hashes
            if name in on_disk and self.digests.of(folder / name) != hashes[name]
        )
        return Changes(tuple(added), tuple(removed), tuple(changed))

    def publish(
        self,
        files: Mapping[str, Path | bytes],
        hashes: dict[str, str],
        archive_key: str,
        result: BuildResult,
    ) -> BuildResult:
        """Write the new bundle aside and swap it in; unless it is the same as the old one."""
        project = self.project
        folder = project.folder
        changes = result.changes
        differ = {*changes.added, *changes.changed}
        staged = swap.stage(project.out, project.bundle)
        try:
            for name, content in files.items():
                target = staged / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if name not in differ:
                    # The same bytes as in the old bundle, which is about to go: share them.
                    _link(folder / name, target)
                elif isinstance(content, bytes):
                    target.write_bytes(content)
                else:
                    # A copy, never a link: the cache must not change when a bundle file is
                    # edited in place.  Checked as it is copied: a cache file changed in place
                    # (its size and time kept) must not reach a bundle.
                    self.copy_verified(content, target, hashes[name])
            zip_name = archive_name(project.bundle)
            hashes[zip_name] = write_zip(staged / zip_name, self.members(files))
            self.store.save("zips", archive_key, {"sha256": hashes[zip_name]})
            changes = self.compare(hashes)
            if not changes:  # only the zip's hash was unknown, and it is the same
                swap.discard(staged)
                return replace(result, status="unchanged", archive_sha256=hashes[zip_name])
            swap.swap(staged, folder)
        except BaseException:
            swap.discard(staged)
            raise
        self.digests.forget_under(folder)
        for name, digest in hashes.items():
            self.digests.note(folder / name, digest)
        return replace(result, status="built", changes=changes, archive_sha256=hashes[zip_name])

    def copy_verified(self, cached: Path, target: Path, digest: str) -> None:
        data = cached.read_bytes()
        if sha256(data) != digest:
            cached.unlink(missing_ok=True)
            self.digests.forget(cached)
            raise QuotecardsError(
                f"{cached}: this cached card changed on disk after it was made (its sha256 no "
                "longer matches), so it was removed from the cache; run the build again to "
                "render it anew"
            )
        target.write_bytes(data)


class _Landing:
    """The progress callback given to a renderer: keeps each card in the cache as it lands,
    notes failures, and reports both to the caller's progress display."""

    def __init__(
        self,
        builder: _Builder,
        entries: dict[str, Entry | None],
        total: int,
        progress: Progress | None,
    ) -> None:
        self.builder = builder
        self.entries = entries
        self.total = total
        self.progress = progress
        self.named: dict[str, Job] = {}  # by key, the file stem of its card
        self.done = 0
        self.rendered: list[str] = []
        self.failed: dict[str, str] = {}

    def __call__(self, _done: int, _total: int, item: Written | Failed) -> None:
        self.done += 1
        job = self.named[item.image.stem if isinstance(item, Written) else item.stem]
        if isinstance(item, Written):
            self.entries[job.key] = self.builder.keep(job, item)
            self.rendered.append(job.asset)
            outcome = Outcome(job.asset)
        else:
            self.failed[job.key] = item.message
            outcome = Outcome(job.asset, item.message)
        if self.progress is not None:
            self.progress(self.done, self.total, outcome)


def _result(
    folder: Path,
    made: int,
    rendered: tuple[str, ...],
    failed: tuple[Failure, ...],
    notes: tuple[str, ...],
) -> BuildResult:
    return BuildResult(
        folder=folder,
        status="built",
        cards=made,
        rendered=rendered,
        failed=failed,
        changes=Changes(),
        notes=notes,
        cached=made - len(rendered),
    )


# -- the renderers -------------------------------------------------------------------------


def renderer_identity(name: Renderer, digests: Digests, chromium: str | None = None) -> RendererId:
    """The renderer's name, version (as the manifest shows it) and code, for cache keys."""
    code = code_digest(digests, CARD_CODE[name])
    if name == "html":
        from quotecards.render.browser import describe, locate_chromium

        return RendererId(name, describe(locate_chromium(chromium)), code)
    import PIL
    from PIL import features

    parts = [
        f"{label} {features.version(feature)}"
        for label, feature in (
            ("FreeType", "freetype2"),
            ("raqm", "raqm"),
            ("libjpeg", "jpg"),
            ("libwebp", "webp"),
            ("zlib", "zlib"),
        )
        if features.version(feature)
    ]
    return RendererId(name, f"Pillow {PIL.__version__} ({', '.join(parts)})", code)


def _pillow_version() -> str:
    import PIL

    return PIL.__version__


def _render_batch(
    renderer: Renderer,
    cards: Sequence[Card],
    folder: Path,
    *,
    source: str | Sequence[str],
    image_format: ImageFormat,
    jobs: int | None,
    scale: int,
    progress: Callable[[int, int, Written | Failed], None],
    chromium: str | None,
    painter: HtmlRenderer | None = None,
) -> None:
    """Render ``cards`` into ``folder`` (as ``<stem><suffix>``): the one place a renderer is
    called.  A new renderer needs a ``render_planned`` with this contract, a branch here, its
    code in :data:`quotecards.bundle.cache.CARD_CODE` and its version in
    :func:`renderer_identity`."""
    if renderer == "html":
        from quotecards.render.html import render_planned as render_html

        # As in `quotecards render`, jobs do not apply: one browser's pages share the cards.
        render_html(
            cards,
            folder,
            source=source,
            image_format=image_format,
            progress=progress,
            chromium=chromium,
            scale=scale,
            renderer=painter,
            thumbnails=True,
            alt_files=False,
        )
        return
    from quotecards.render.cards import render_planned

    render_planned(
        cards,
        folder,
        source=source,
        image_format=image_format,
        jobs=jobs,
        progress=progress,
        thumbnails=True,
        alt_files=False,
    )


def fonts_digest(digests: Digests) -> str:
    """One hash over the font manifest and every font file it lists (by content)."""
    from quotecards.fonts import MANIFEST as FONTS_MANIFEST
    from quotecards.fonts import FontBook

    book = FontBook.default()
    files = [book.directory / FONTS_MANIFEST, *sorted(face.path for face in book.faces())]
    entries = [(os.path.relpath(p, book.directory), digests.of(p)) for p in files]
    return sha256(canonical(entries).encode("utf-8"))


# -- quotes ----------------------------------------------------------------------------------


def select_picks(source: Source) -> tuple[Pick, ...]:
    """Run the selector on a source: its best ``top`` quotes, exactly its ``ids``, or the
    approved quotes of its review file (in the project's formats and themes)."""
    return read_picks(source)[0]


def read_picks(source: Source) -> tuple[tuple[Pick, ...], About]:
    """:func:`select_picks`, and what a carousel's cover takes from the document."""
    from quotecards.ingest import read_source
    from quotecards.selector import select

    if source.review is not None:
        from quotecards.review.approved import approved_in
        from quotecards.review.sync import current

        now = current(source.review)
        approved = approved_in(now)
        if not approved:
            raise QuotecardsError(
                f"{source.label}: the review file approves no quote yet; approve some with "
                f"`quotecards review {source.review.name}`"
            )
        picks = tuple(
            replace(
                _from_candidate(quote.candidate),
                formats=quote.formats,
                themes=quote.themes,
                attributed_by=quote.attributed_by,
                highlight=quote.highlight,
            )
            for quote in approved
        )
        return picks, About.of(now.document)

    document = read_source(
        source.path,
        interviewee=source.interviewee,
        interviewer=source.interviewer,
        speakers=dict(source.speakers),
    )
    if not source.ids:
        picks = select(document, top=source.top).picks
        if not picks:
            raise QuotecardsError(
                f"{source.label}: no quote with an established speaker; see `quotecards select "
                f"{source.label}` (and set interviewee in a [[source]] table for Q/A files)"
            )
        return tuple(_from_candidate(c) for c in picks), About.of(document)
    # Greedy diversity makes the best N a prefix of the best N+1: every id `select --json`
    # lists is among the picks when all of them are asked for.
    every = select(document, top=max(1, len(document.text)))
    confident = {c.id: c for c in every.picks}
    doubtful = {c.id for c in every.uncertain}
    found = []
    for quote_id in source.ids:
        if quote_id in doubtful:
            raise QuotecardsError(
                f"{source.label}: quote {quote_id}: the text does not establish who said it, so "
                "it cannot go on a card"
            )
        if quote_id not in confident:
            raise QuotecardsError(
                f"{source.label}: no quote with id {quote_id} (an id changes when the words do); "
                f"see `quotecards select {source.label} --json`"
            )
        found.append(_from_candidate(confident[quote_id]))
    return tuple(found), About.of(document)


def _from_candidate(candidate: Candidate) -> Pick:
    spans = tuple((span.start, span.end) for span in candidate.spans)
    return Pick(
        candidate.id,
        candidate.text,
        candidate.speaker,
        candidate.kind,
        spans,
        title=candidate.title,
        score=candidate.score,
        reasons=candidate.reasons,
    )


def _text(pick: Pick, source: Source, who: Identity) -> CardText:
    """What a pick's card (or carousel slide) says."""
    return card_text(
        pick.text,
        pick.speaker,
        pick.id,
        title=pick.title,
        role=source.role,
        identity=who,
        profiles=source.profiles,
        highlight=pick.highlight,
    )


def _pick(data: Mapping[str, Any]) -> Pick:
    spans = tuple((int(a), int(b)) for a, b in data["spans"])
    looks = tuple(data.get("formats", ())), tuple(data.get("themes", ()))
    return Pick(
        data["id"],
        data["text"],
        data["speaker"],
        data["kind"],
        spans,
        *looks,
        data.get("title", ""),
        data.get("attributed_by", "source"),
        data.get("highlight", ""),
        data.get("score"),
        tuple(data.get("reasons", ())),
    )


def _pick_data(pick: Pick) -> dict[str, Any]:
    return {
        "id": pick.id,
        "text": pick.text,
        "speaker": pick.speaker,
        "kind": pick.kind,
        "spans": [list(span) for span in pick.spans],
        "formats": list(pick.formats),
        "themes": list(pick.themes),
        "title": pick.title,
        "attributed_by": pick.attributed_by,
        "highlight": pick.highlight,
        "score": pick.score,
        "reasons": list(pick.reasons),
    }


# -- names and files -------------------------------------------------------------------------


def _safe(text: str) -> str:
    """A name part that cannot leave its folder: letters, digits, ``-`` and ``_`` only."""
    return _UNSAFE.sub("-", text).strip("-") or "x"


def source_folders(sources: Sequence[Source]) -> dict[Source, str]:
    """Each source's folder in the bundle: its file name without the suffix, or, where two
    sources share that, its whole path from the project file."""
    short = {s: _safe(s.path.stem).lower() for s in sources}
    counts: dict[str, int] = {}
    for name in short.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        s: name if counts[name] == 1 else _safe(s.label.replace("/", "--")).lower()
        for s, name in short.items()
    }


def _asset(
    job: Job,
    entry: Entry,
    alt_path: str,
    thumbnail: str,
    renderer: str,
    image: str,
    photo: PhotoRecord | None,
) -> Asset:
    card = job.card
    return Asset(
        path=job.asset,
        sha256=entry.sha256,
        bytes=entry.bytes,
        width=entry.width,
        height=entry.height,
        image=image,
        format=card.format.name,
        theme=card.theme.name,
        renderer=renderer,
        quote_id=job.pick.id,
        quote=job.pick.text,
        speaker=job.pick.speaker,
        role=card.text.role,
        kind=job.pick.kind,
        source=job.source.label,
        spans=job.pick.spans,
        alt=entry.alt,
        alt_path=alt_path,
        attributed_by=job.pick.attributed_by,
        highlight=card.text.highlight,
        photo=photo,
        thumbnail=thumbnail,
        score=job.pick.score,
        reasons=job.pick.reasons,
    )


def _files_under(folder: Path) -> list[str]:
    found = []
    for root, _, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in names]
    return found


def _link(source: Path, target: Path) -> None:
    """Hard-link a file of the old bundle into the new one; copy where links cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
