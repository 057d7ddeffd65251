"""Builds across machines: the cards of a build rendered on a Dask distributed cluster.

``quotecards build --scheduler tcp://HOST:8786`` (or ``scheduler =`` in the project file) sends
the cards the cache does not have to the cluster's workers, a few cards a task.  A worker sets,
paints and encodes them (Pillow; or HTML in one warm Chromium per worker, started by a worker
plugin on the first HTML task and closed when the plugin is removed or the worker stops) and
sends back the bytes: image, thumbnail, size and alt text.  The client writes them into its
cache as they land, reports progress, and assembles manifest, contact sheet, gallery and zip as
a local build does, so the bundle is the same, byte for byte.

A card travels whole (its text, publication, handle and source line, its format and theme), but
the files it is made with (a brand's logo, a theme's photo, a speaker's photo) travel by their
absolute paths, and a worker reads them itself: every worker must see them at the same paths
(this machine, or a file system shared at the same mount point).  The cache key is the client's,
from the files' bytes as the client sees them.

Dask does the distributing: a task whose worker dies is run again elsewhere (the scheduler's
``allowed-failures``), and a task that raised is retried (``RETRIES``).  ``local:N`` starts a
cluster of N worker processes on this machine, for a trial.  Before any work the client checks
that every worker runs the same quotecards, renderer and fonts as it does: a card's cache key
is the client's, so a worker that would paint other bytes is refused, not trusted.

Dask is an optional dependency (``pip install 'quotecards[dask]'``), imported only here.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotecards.errors import QuotecardsError
from quotecards.render import ImageFormat
from quotecards.render.cards import Card, Failed, Written, source_names, write_card

if TYPE_CHECKING:
    from distributed import Client

    from quotecards.render.html import HtmlRenderer

INSTALL_HINT = "pip install 'quotecards[dask]'"
PLUGIN = "quotecards-browser"
BATCH = 8  # cards a task: enough to hide a task's overhead (~1 ms), few enough to spread
RETRIES = 2  # runs of a task that raised, after the first
_LOCAL = re.compile(r"local(?::(\d+))?")


class ClusterError(QuotecardsError):
    """No Dask, a scheduler that cannot be reached, or workers unlike the client."""


@dataclass(frozen=True, slots=True)
class Painted:
    """A card painted on a worker: what the client writes into its cache."""

    data: bytes
    thumbnail: bytes | None
    size: tuple[int, int]
    alt: str
    quote_size: int


Progress = Callable[[int, int, Written | Failed], None]


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            f"a build on a Dask cluster needs Dask's distributed scheduler: {INSTALL_HINT}"
        ) from None
    return distributed


@contextlib.contextmanager
def connect(scheduler: str) -> Iterator[Client]:
    """A client of the cluster ``scheduler`` names: ``tcp://HOST:8786`` (any address Dask
    takes, ``tls://`` included), or ``local:N`` for N worker processes started here (every core
    with ``local``), stopped again when the block ends."""
    distributed = _dask()
    local = _LOCAL.fullmatch(scheduler.strip())
    quiet = logging.ERROR
    if local:
        workers = int(local.group(1) or os.cpu_count() or 1)
        if workers < 1:
            raise ClusterError(f"scheduler {scheduler!r}: local:N needs N of 1 or more")
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another cluster's
            silence_logs=quiet,
        )
        try:
            with distributed.Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    if "://" not in scheduler:
        raise ClusterError(
            f"scheduler {scheduler!r}: give the scheduler's address, such as "
            "tcp://HOST:8786, or local:N for N workers on this machine"
        )
    try:
        client = distributed.Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler} ({error}); check the address and "
            "that the scheduler runs (`dask scheduler`)"
        ) from None
    with client:
        yield client


# -- on the workers ----------------------------------------------------------------------


@functools.cache
def identity(renderer: str, chromium: str | None) -> dict[str, str]:
    """What decides the bytes a worker paints: quotecards, the renderer and its code, fonts
    (worked out once per process: a running worker does not load new code)."""
    import tempfile

    from quotecards import __version__
    from quotecards.bundle.build import fonts_digest, renderer_identity
    from quotecards.bundle.cache import Digests

    with tempfile.TemporaryDirectory(prefix="quotecards-identity-") as scratch:
        digests = Digests(Path(scratch) / "stat.json")
        found = renderer_identity(renderer, digests, chromium)  # type: ignore[arg-type]
        return {
            "quotecards": __version__,
            "renderer": found.version,
            "code": found.code,
            "fonts": fonts_digest(digests),
        }


try:  # a worker plugin must be one to be registered; the class is defined without Dask too
    from distributed import WorkerPlugin as _Plugin
except ImportError:
    _Plugin = object  # type: ignore[assignment,misc]


class BrowserPlugin(_Plugin):  # type: ignore[misc,valid-type]
    """One warm Chromium per worker for the HTML renderer (a Dask worker plugin): started by
    the worker's first HTML task, closed when the plugin is removed or the worker stops."""

    name = PLUGIN

    def __init__(self, chromium: str | None, scale: int) -> None:
        self.chromium = chromium
        self.scale = scale
        self.renderer: HtmlRenderer | None = None

    def setup(self, worker: Any = None) -> None:
        self.renderer = None

    def teardown(self, worker: Any = None) -> None:
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.close()

    def get(self) -> HtmlRenderer:
        if self.renderer is None:
            from quotecards.render.html import HtmlRenderer

            self.renderer = HtmlRenderer(chromium=self.chromium, scale=self.scale, themes=())
        return self.renderer


def paint_batch(
    batch: Sequence[tuple[Card, str]],
    renderer: str,
    image_format: ImageFormat,
    thumbnails: bool,
) -> list[Painted | Failed]:
    """Paint cards (each with its source's file name) on a worker, in order."""
    if renderer == "html":
        return _paint_html(batch, image_format, thumbnails)
    from quotecards.render.cards import paint_card

    results: list[Painted | Failed] = []
    for card, name in batch:
        made = paint_card(card, name, image_format, thumbnails)
        if isinstance(made, Failed):
            results.append(made)
            continue
        data, small, size, layout = made
        results.append(Painted(data, small, size, layout.alt, layout.quote_size))
    return results


def _paint_html(
    batch: Sequence[tuple[Card, str]], image_format: ImageFormat, thumbnails: bool
) -> list[Painted | Failed]:
    from distributed import get_worker

    from quotecards.render.cards import card_metadata, failure
    from quotecards.render.thumbnails import thumbnail
    from quotecards.typeset import typeset
    from quotecards.typeset.layout import Layout

    plugin = get_worker().plugins[PLUGIN]
    painter = plugin.get()
    painter.themes.update({card.theme.name: card.theme for card, _ in batch})
    results: list[Painted | Failed | None] = [None] * len(batch)
    laid: list[tuple[int, Layout]] = []
    for index, (card, _) in enumerate(batch):
        try:
            layout = typeset(card.text, card.format, card.theme, painter.book, logo=card.logo)
        except QuotecardsError as error:
            results[index] = failure(card, str(error))
            continue
        laid.append((index, layout))
    names = {id(layout): batch[index][1] for index, layout in laid}
    outcomes = painter.render_many(
        [layout for _, layout in laid],
        image_format,
        lambda layout: card_metadata(layout, names[id(layout)]),
    )
    for (index, layout), outcome in zip(laid, outcomes, strict=True):
        card = batch[index][0]
        if isinstance(outcome, QuotecardsError):
            results[index] = failure(card, str(outcome))
            continue
        small, size = thumbnail(outcome.data) if thumbnails else (None, (0, 0))
        results[index] = Painted(outcome.data, small, size, layout.alt, outcome.quote_size)
    return [r for r in results if r is not None]


# -- on the client -------------------------------------------------------------------------


def check_workers(client: Client, renderer: str, chromium: str | None) -> int:
    """Refuse workers that would paint other bytes than this machine; how many there are."""
    mine = identity.__wrapped__(renderer, chromium)  # this process's code as it is now
    theirs = client.run(identity, renderer, chromium)
    if not theirs:
        raise ClusterError(
            "the Dask cluster has no workers; start some (`dask worker ADDRESS`) or use local:N"
        )
    for worker, found in sorted(theirs.items()):
        differ = [key for key in mine if found.get(key) != mine[key]]
        if differ:
            detail = ", ".join(f"{key} {found.get(key)!r} here {mine[key]!r}" for key in differ)
            raise ClusterError(
                f"Dask worker {worker} would paint other bytes than this machine ({detail}); "
                "install the same quotecards (and renderer and fonts) on every worker"
            )
    return len(theirs)


def render_on_cluster(
    client: Client,
    renderer: str,
    cards: Sequence[Card],
    folder: Path,
    *,
    source: str | Sequence[str] = "",
    image_format: ImageFormat = "png",
    scale: int = 1,
    chromium: str | None = None,
    progress: Progress | None = None,
    thumbnails: bool = True,
    alt_files: bool = False,
) -> tuple[tuple[Written, ...], tuple[Failed, ...]]:
    """:func:`quotecards.render.cards.render_planned`'s contract, painted on the cluster: each
    card written into ``folder`` as it lands, ``progress`` called for each, in landing order;
    what was written and what failed, in the cards' order."""
    distributed = _dask()
    folder.mkdir(parents=True, exist_ok=True)
    folder = folder.resolve()
    check_workers(client, renderer, chromium)
    names = source_names(source, len(cards))
    pairs = list(zip(cards, names, strict=True))
    batches = [pairs[start : start + BATCH] for start in range(0, len(pairs), BATCH)]
    if renderer == "html":
        client.register_plugin(BrowserPlugin(chromium, scale), name=PLUGIN)
    results: list[Written | Failed | None] = [None] * len(cards)
    futures = client.map(
        paint_batch,
        batches,
        renderer=renderer,
        image_format=image_format,
        thumbnails=thumbnails,
        pure=False,
        retries=RETRIES,
    )
    first = {future.key: number * BATCH for number, future in enumerate(futures)}
    done = 0
    try:
        for future, painted in distributed.as_completed(futures, with_results=True):
            start = first[future.key]
            for offset, made in enumerate(painted):
                card = cards[start + offset]
                item: Written | Failed
                if isinstance(made, Failed):
                    item = made
                else:
                    item = write_card(
                        card,
                        folder,
                        image_format,
                        made.data,
                        made.alt,
                        made.quote_size,
                        thumbnail=made.thumbnail,
                        size=made.size,
                        alt_file=alt_files,
                    )
                results[start + offset] = item
                done += 1
                if progress is not None:
                    progress(done, len(cards), item)
            future.release()
    finally:
        pending = [future for future in futures if not future.done()]
        if pending:  # Ctrl-C or an error here: the cluster drops what is left
            with contextlib.suppress(Exception):
                client.cancel(pending)
        if renderer == "html":
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(PLUGIN)
    written = tuple(r for r in results if isinstance(r, Written))
    failed = tuple(r for r in results if isinstance(r, Failed))
    return written, failed
