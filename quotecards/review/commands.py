"""The command-line wiring of review: ``quotecards review`` and ``select --write-review``.

Thin, like the rest of the CLI: parse, call :mod:`quotecards.review`, print.  Nothing heavy is
imported until a command runs, so ``quotecards --help`` stays quick.  ``quotecards/cli.py``
calls :func:`add_review_commands` with its subparsers, :func:`add_write_review_options` with the
``select`` parser, and :func:`write_review_from_args` after selecting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quotecards.console import count, positive, speaker_option

if TYPE_CHECKING:
    from quotecards.selector import Selection

# Browsers that would take over the terminal the server prints to.
_CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m"})


def add_review_commands(subparsers: argparse._SubParsersAction) -> None:
    review = subparsers.add_parser(
        "review",
        help="approve, reject and edit quotes on a local page, saved to the review file",
        description=(
            "Serve a local review page for a source or its review file (SOURCE.quotes.toml, "
            "made from a first selection when there is none).  The page is at 127.0.0.1 on a "
            "free port, behind a token printed with its address."
        ),
    )
    review.add_argument(
        "target", metavar="SOURCE|REVIEW_FILE", help="a transcript or article, or a *.quotes.toml"
    )
    _review_file_option(review)
    review.add_argument(
        "--top", type=positive, default=10, metavar="N", help="candidates for a new review (10)"
    )
    review.add_argument("--interviewee", metavar="NAME", help="who answers (names A: in Q/A files)")
    review.add_argument("--interviewer", metavar="NAME", help="who asks the questions")
    speaker_option(review)
    review.add_argument(
        "--no-browser", action="store_true", help="print the address without opening a browser"
    )
    review.add_argument(
        "--port", type=_port, default=0, metavar="N", help="a fixed port (default: a free one)"
    )
    review.set_defaults(run=run_review)


def add_write_review_options(select: argparse.ArgumentParser) -> None:
    """``--write-review`` and ``--review FILE`` for ``quotecards select``."""
    select.add_argument(
        "--write-review",
        action="store_true",
        help="create or update the review file, keeping every decision already in it",
    )
    _review_file_option(select)


def write_review_from_args(args: argparse.Namespace, selection: Selection) -> Path:
    """Write the review file for ``select --write-review``; says what it did on stderr (stdout
    may be JSON)."""
    from quotecards.review.sync import write_review

    path, review = write_review(
        Path(args.source),
        Path(args.review) if args.review else None,
        top=args.top,
        interviewee=args.interviewee,
        interviewer=args.interviewer,
        speakers=dict(getattr(args, "speaker", ())) or None,
        selection=selection,
    )
    counts = {s: sum(q.status == s for q in review.quotes) for s in ("approved", "rejected")}
    print(
        f"quotecards: review file {path}: {count(len(review.quotes), 'quote')}, "
        f"{counts['approved']} approved, {counts['rejected']} rejected",
        file=sys.stderr,
    )
    return path


def run_review(args: argparse.Namespace) -> int:
    from quotecards.review.server import ReviewServer
    from quotecards.review.session import ReviewSession, open_review

    path = open_review(
        Path(args.target),
        review_path=Path(args.review) if args.review else None,
        top=args.top,
        interviewee=args.interviewee,
        interviewer=args.interviewer,
        speakers=dict(getattr(args, "speaker", ())) or None,
    )
    session = ReviewSession(path)
    session.state()  # a review file that cannot be read fails here, not in the browser
    server = ReviewServer(session, port=args.port)
    try:
        print(server.url, flush=True)
        print(f"quotecards: reviewing {path}; press Ctrl-C to stop", file=sys.stderr, flush=True)
        if not args.no_browser:
            _open_browser(server.url)
        server.serve()
    except KeyboardInterrupt:
        print("quotecards: review stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


def _open_browser(url: str) -> None:
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        print("quotecards: no browser found; open the address above", file=sys.stderr)
        return
    if getattr(browser, "name", "") in _CONSOLE_BROWSERS:
        print("quotecards: open the address above in a browser", file=sys.stderr)
        return
    browser.open(url)


def _review_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--review",
        metavar="FILE",
        help="the review file (default: SOURCE.quotes.toml beside the source)",
    )


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {number}")
    return number
