"""``quotecards build`` and ``quotecards init``: parse, call :mod:`quotecards.bundle`, print.

:func:`add_build_commands` adds both to the CLI's subcommands.  Only ``argparse`` and the
standard library are imported here; the build itself is imported when a command runs, so that
``quotecards --help`` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotecards.console import Progress, count, positive

if TYPE_CHECKING:
    from quotecards.bundle.build import BuildResult, Outcome


def add_build_commands(subparsers: Any) -> None:
    """Add ``build`` and ``init`` to ``subparsers`` (what ``add_subparsers()`` returned)."""
    build = subparsers.add_parser(
        "build",
        help="build the asset bundle a project file describes (see `quotecards init`)",
        description="Build a bundle of cards (images, manifest.json, alt texts, contact sheet, "
        "index.html, zip) from a project file; only cards whose inputs changed are rendered.",
    )
    build.add_argument(
        "project",
        nargs="?",
        default="quotecards.toml",
        help="the project file (quotecards.toml), or a review file (*.quotes.toml): its approved "
        "quotes, as a bundle of their own",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list what a build would change and exit 1 if anything would",
    )
    build.add_argument("--jobs", type=positive, metavar="N", help="processes (every core)")
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="bundle the cards that could be made when some fail (still exits 1)",
    )
    build.add_argument(
        "--chromium", metavar="PATH", help='the browser for renderer = "html" (found if not)'
    )
    build.add_argument(
        "--prune",
        action="store_true",
        help="after a build that succeeds, delete the cache entries it did not use",
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="render on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N "
        "for N worker processes here (needs pip install 'quotecards[dask]')",
    )
    build.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    build.set_defaults(run=run_build)

    init = subparsers.add_parser(
        "init",
        help="write a starter quotecards.toml for the transcripts in this folder",
        description="Write a commented quotecards.toml whose sources are the transcripts "
        "(*.txt, *.md, *.vtt, *.srt) in the current folder; never overwrites one.",
    )
    init.set_defaults(run=run_init)


def run_build(args: argparse.Namespace) -> int:
    from quotecards.bundle.build import build
    from quotecards.bundle.project import load_project, review_project
    from quotecards.review.file import is_review_path

    if is_review_path(Path(args.project)):
        project = review_project(Path(args.project))
    else:
        project = load_project(args.project)
    progress = Progress(sys.stderr, _log_line)
    try:
        result = build(
            project,
            jobs=args.jobs,
            keep_going=True if args.keep_going else None,
            check=args.check,
            progress=progress,
            chromium=args.chromium,
            prune=args.prune,
            scheduler=args.scheduler,
        )
    finally:
        progress.close()
    for note in result.notes:
        print(f"quotecards: note: {note}", file=sys.stderr)
    for failure in result.failed:
        which = f"{failure.quote_id} in " if failure.quote_id else ""  # a carousel has no id
        print(
            f"quotecards: error: {failure.source}: {which}"
            f"{failure.format}/{failure.theme}: {failure.message}",
            file=sys.stderr,
        )
    if args.json:
        json.dump(result.summary(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.check:
        for sign, names in (
            ("+", result.changes.added),
            ("-", result.changes.removed),
            ("~", result.changes.changed),
        ):
            for name in names:
                print(f"{sign} {name}")
    print(f"quotecards: {_said(result)}", file=sys.stderr)
    files, size = result.pruned
    if args.prune and files:
        pruned = count(files, "cache file")
        print(f"quotecards: pruned {pruned} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return result.exit_status


def _said(result: BuildResult) -> str:
    folder = result.folder
    counts = (
        f"{count(result.cards, 'card')}, {len(result.rendered)} rendered, "
        f"{result.cached} from cache"
    ) + (f"; {count(result.carousels, 'carousel')}" if result.carousels else "")
    changes = result.changes
    moved = (
        f"{len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.changed)} changed"
    )
    failed = f"; {len(result.failed)} failed" if result.failed else ""
    if result.status == "failed":
        return f"{folder}: not replaced: {count(len(result.failed), 'card')} failed ({counts})"
    if result.status == "fresh":
        return f"{folder} is up to date ({counts}){failed}"
    if result.status == "stale":
        return f"{folder} is stale: a build would change files ({moved}){failed}"
    if result.status == "unchanged":
        return f"{folder} is up to date ({counts}){failed}"
    return f"{folder} built ({counts}; {moved}){failed}"


def run_init(args: argparse.Namespace) -> int:
    from quotecards.bundle.project import load_project, write_starter

    path = write_starter(Path.cwd())
    sources = count(len(load_project(path).sources), "source")
    print(f"quotecards: wrote {path.name} with {sources}; next: quotecards build")
    return 0


def _log_line(done: int, total: int, outcome: Outcome) -> str:
    what = "rendered" if outcome.error is None else "failed"
    return f"quotecards: {what} {done}/{total} {outcome.asset}"
