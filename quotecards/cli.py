"""The command line: parse, call the Python API, print.  Nothing is decided here.

Imports of the heavy parts happen inside each command, so ``quotecards --help`` stays quick and
never loads Pillow or Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence

from quotecards import __version__
from quotecards.errors import QuotecardsError

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except QuotecardsError as error:
        print(f"quotecards: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("quotecards: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); say nothing more and do not traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotecards",
        description="Turn interviews and articles into attributed, verbatim pull-quote cards.",
    )
    parser.add_argument("--version", action="version", version=f"quotecards {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    select = commands.add_parser(
        "select", help="rank the quotable lines of a transcript, article or subtitle file"
    )
    select.add_argument("source", help="a .txt/.md transcript or article, or a .vtt/.srt file")
    select.add_argument("--top", type=_positive, default=10, metavar="N", help="how many (10)")
    _speaker_options(select)
    select.add_argument("--json", action="store_true", help="print the versioned JSON schema")
    select.set_defaults(run=_select)

    score = commands.add_parser(
        "score",
        help="score lines from stdin (one quote a line, or JSON lines with a 'text' field)",
    )
    score.set_defaults(run=_score)
    return parser


def _speaker_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interviewee", metavar="NAME", help="who answers (names A: in Q/A files)")
    parser.add_argument("--interviewer", metavar="NAME", help="who asks the questions")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {number}")
    return number


def _select(args: argparse.Namespace) -> int:
    from quotecards import schema
    from quotecards.ingest import read_source
    from quotecards.selector import select

    document = read_source(args.source, interviewee=args.interviewee, interviewer=args.interviewer)
    result = select(document, top=args.top)
    if args.json:
        json.dump(schema.selection(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    _print_table(result)
    return 0


def _print_table(result) -> None:
    width = max(60, min(120, shutil.get_terminal_size((100, 24)).columns))
    document = result.document
    people = ", ".join(f"{s.name} ({s.role})" for s in document.speakers) or "none named"
    print(f"{document.source}: {document.shape}; speakers: {people}")
    if not result.picks:
        print("No quote with an established speaker was found.")
    _print_rows(result.picks, width, start=1)
    if result.uncertain:
        print("\nNot offered as picks: the text does not establish who said these.")
        _print_rows(result.uncertain, width, start=len(result.picks) + 1)


def _print_rows(candidates, width: int, start: int) -> None:
    indent = " " * 11
    for rank, c in enumerate(candidates, start):
        speaker = c.speaker or "speaker not established"
        print(f"\n{rank:>3}. {c.score:>3}  {speaker} ({c.kind})")
        print(textwrap.fill(f"“{c.text}”", width, initial_indent=indent, subsequent_indent=indent))
        if c.reasons:
            reasons = "; ".join(c.reasons)
            print(textwrap.fill(reasons, width, initial_indent=indent, subsequent_indent=indent))


def _score(args: argparse.Namespace) -> int:
    from quotecards import schema
    from quotecards.selector.scoring import score_text

    if sys.stdin is None or sys.stdin.isatty():
        raise QuotecardsError(
            "score reads quotes from standard input; pipe them in, one a line: "
            "quotecards score < quotes.txt"
        )
    for number, line in enumerate(sys.stdin, 1):
        text = line.rstrip("\r\n")
        if text.lstrip().startswith("{"):
            try:
                record = json.loads(text)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise QuotecardsError(
                    f"<stdin>: line {number}: expected a quote or a JSON object with a "
                    "string 'text' field"
                ) from None
        result = schema.score(text, score_text(text))
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
