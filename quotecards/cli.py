"""The command line: parse, call the Python API, print.  Nothing is decided here.

Imports of the heavy parts happen inside each command, so ``quotecards --help`` stays quick and
never loads Pillow or Playwright.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from quotecards import __version__
from quotecards.bundle.commands import add_build_commands
from quotecards.console import Progress, count, identity_options, positive, speaker_option
from quotecards.errors import QuotecardsError
from quotecards.review.commands import add_review_commands, add_write_review_options
from quotecards.suggest import did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from quotecards.formats import Format
    from quotecards.identity import Identity, Profiles
    from quotecards.model import Candidate, Document
    from quotecards.render.cards import RenderResult
    from quotecards.selector import Selection
    from quotecards.themes import Theme


_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


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
    except OSError as error:
        # A full disk, a quota or a read-only folder mid-batch: every file is written whole or
        # not at all, so the run stops with one line and what is on disk is sound.
        if error.errno not in _DISK_FULL:
            raise
        where = f"{error.filename}: " if error.filename else ""
        print(
            f"quotecards: error: {where}cannot write ({error.strerror}); free some space and "
            "run again (files already written are whole)",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:
        # The reader went away (``| head``); say nothing more and do not traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


_SOURCE_HELP = (
    "a .txt/.md transcript or article, .vtt/.srt subtitles, a Word .docx, a saved web page "
    "(.html), or a Podcasting 2.0 transcript (.json, .html)"
)


class _Parser(argparse.ArgumentParser):
    """argparse, plus what a user needs after a typo: the command's own usage (argparse leaves a
    subcommand's unknown flags to the top level, whose usage does not help) and the near miss."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            flags = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
            unknown = extras[0]
            hint = did_you_mean(unknown, flags) if unknown.startswith("-") else ""
            word = "argument" if len(extras) == 1 else "arguments"
            self.error(f"unrecognized {word}: {' '.join(extras)}" + (f"; {hint}" if hint else ""))
        return namespace, extras

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            hint = did_you_mean(str(value), choices)
            raise argparse.ArgumentError(
                action,
                f"invalid choice: {value!r} ({hint}choose from {', '.join(choices)})",
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message.rstrip()}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quotecards",
        description="Turn interviews and articles into attributed, verbatim pull-quote cards.",
    )
    parser.add_argument("--version", action="version", version=f"quotecards {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    select = commands.add_parser(
        "select", help="rank the quotable lines of a transcript, article or subtitle file"
    )
    select.add_argument("source", help=_SOURCE_HELP)
    select.add_argument("--top", type=positive, default=10, metavar="N", help="how many (10)")
    _speaker_options(select)
    _reading_options(select)
    select.add_argument("--json", action="store_true", help="print the versioned JSON schema")
    add_write_review_options(select)
    select.set_defaults(run=_select)

    text = commands.add_parser(
        "text",
        help="print the text a source's spans index into (the extracted text of .docx/.html/.json)",
    )
    text.add_argument("source", help="any source that select reads")
    text.set_defaults(run=_text)

    score = commands.add_parser(
        "score",
        help="score lines from stdin (one quote a line, or JSON lines with a 'text' field)",
    )
    _language_option(score)
    score.set_defaults(run=_score)

    render = commands.add_parser(
        "render",
        help="render the top quotes of a source, or the approved quotes of its review file",
        description="Render cards: the approved quotes of a review file (X.quotes.toml, given, "
        "or found beside the source), with the editor's trims, formats and themes; else the "
        "best --top quotes of the source.",
    )
    _reviewed_source(render)
    render.add_argument("--top", type=positive, default=3, metavar="N", help="how many (3)")
    _speaker_options(render)
    _reading_options(render)
    _card_options(render)
    render.set_defaults(run=_render)

    carousel = commands.add_parser(
        "carousel",
        help="make a carousel of a source's top quotes: numbered slides (PNG) and one PDF",
        description="Make a carousel: a cover (title, speaker, photo, publication), one slide "
        "a quote numbered 2/6, 3/6 ..., and an end slide (source line, handle); written as "
        "numbered PNGs for Instagram and one PDF for a LinkedIn document post, with "
        "carousel.json.  The quotes are the approved ones of a review file (X.quotes.toml, "
        "given, or found beside the source), else the best --top of the source.",
    )
    _reviewed_source(carousel)
    carousel.add_argument(
        "--top", type=positive, default=5, metavar="N", help="how many quotes, a slide each (5)"
    )
    _speaker_options(carousel)
    _reading_options(carousel)
    carousel.add_argument(
        "--format",
        default="square",
        metavar="LIST",
        help="square or portrait (4:5), or both, comma-separated (square)",
    )
    carousel.add_argument(
        "--theme", default="classic", metavar="LIST", help="themes, or 'all' (classic)"
    )
    carousel.add_argument(
        "--title",
        default="",
        metavar="TEXT",
        help="the cover's title (the document's headline, else the speaker's name)",
    )
    carousel.add_argument("--brand", metavar="FILE", help="a brand kit (see brand.example.toml)")
    carousel.add_argument("--role", default="", metavar="TEXT", help="a line under the speaker")
    identity_options(carousel)
    carousel.add_argument(
        "--out", default="output", metavar="DIR", help="where each carousel's folder goes (output)"
    )
    _renderer_options(carousel)
    carousel.set_defaults(run=_carousel)

    demo = commands.add_parser(
        "demo", help="pick quotes from the bundled sample interview and render cards"
    )
    demo.add_argument("--out", default="output/demo", metavar="DIR", help="(output/demo)")
    demo.add_argument("--jobs", type=positive, metavar="N", help="processes (every core)")
    _renderer_options(demo)
    demo.set_defaults(run=_demo)

    formats = commands.add_parser("formats", help="list the card formats")
    formats.set_defaults(run=_formats)
    themes = commands.add_parser("themes", help="list the card themes")
    themes.set_defaults(run=_themes)
    doctor = commands.add_parser(
        "doctor", help="report renderers, fonts, raqm/fribidi and the browser found"
    )
    doctor.add_argument("--chromium", metavar="PATH", help="check this Chromium")
    doctor.add_argument("--no-launch", action="store_true", help="do not start the browser")
    doctor.set_defaults(run=_doctor)
    add_review_commands(commands)
    add_build_commands(commands)
    return parser


def _card_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        metavar="LIST",
        help="formats, comma-separated, or 'all'; presets or WxH such as 1200x800 (square, "
        "or each quote's own from a review file)",
    )
    parser.add_argument(
        "--theme",
        metavar="LIST",
        help="themes, or 'all' (classic, or each quote's own from a review file)",
    )
    parser.add_argument("--brand", metavar="FILE", help="a brand kit (see brand.example.toml)")
    parser.add_argument("--role", default="", metavar="TEXT", help="a line under the speaker")
    identity_options(parser)
    parser.add_argument(
        "--highlight",
        default="",
        metavar="PHRASE",
        help="words of the quote to set in the accent colour, on each quote that holds them "
        "(refused if none does)",
    )
    parser.add_argument(
        "--image", choices=("png", "jpeg", "webp"), default="png", help="file type (png)"
    )
    parser.add_argument("--out", default="output", metavar="DIR", help="output folder (output)")
    parser.add_argument("--jobs", type=positive, metavar="N", help="processes (every core)")
    _renderer_options(parser)


def _renderer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--renderer", choices=("pillow", "html"), default="pillow", help="pillow or html (pillow)"
    )
    parser.add_argument("--chromium", metavar="PATH", help="the Chromium for --renderer html")
    parser.add_argument(
        "--scale", type=int, choices=(1, 2), default=1, help="device scale, html only (1)"
    )


_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def language_code(value: str) -> str:
    """A BCP 47 language code for ``--language``: "es", "pt-BR", "zh-Hans"."""
    if not _LANGUAGE_CODE.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a language code; give one such as es, fr, de, pt, it, ja or zh"
        )
    return value.replace("_", "-")


def _reviewed_source(parser: argparse.ArgumentParser) -> None:
    """A source whose review file, beside it, chooses the quotes unless told otherwise."""
    parser.add_argument("source", help=_SOURCE_HELP + ", or a review file (*.quotes.toml)")
    parser.add_argument(
        "--ignore-review",
        action="store_true",
        help="pick the top quotes afresh even when a review file is beside the source",
    )


def _speaker_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interviewee", metavar="NAME", help="who answers (names A: in Q/A files)")
    parser.add_argument("--interviewer", metavar="NAME", help="who asks the questions")
    speaker_option(parser)
    _language_option(parser)


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        metavar="CODE",
        type=language_code,
        help="the source's language, such as es, fr, de, pt, it, ja, zh (detected)",
    )


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layout",
        metavar="NAME",
        help="how to read the source, when not as recognised: otter, rev, descript, sonix, "
        "trint, zoom, vtt, srt, labels or prose",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) when a candidate fails the verbatim check, instead of dropping it",
    )


def _read(args: argparse.Namespace) -> Document:
    """The source, read with the speaker options and as ``--layout`` says or as recognised; a
    recognised layout, and what the reading could not settle, are said on stderr."""
    from quotecards.ingest import describe_layout, read_source

    document = read_source(
        args.source,
        interviewee=args.interviewee,
        interviewer=args.interviewer,
        speakers=dict(args.speaker),
        language=args.language,
        layout=args.layout,
    )
    if not args.layout:
        print(f"quotecards: {describe_layout(document)}", file=sys.stderr)
    for note in document.notes:
        print(f"quotecards: note: {note}", file=sys.stderr)
    return document


def _warn_dropped(result: Selection) -> None:
    for line in result.dropped:
        print(f"quotecards: warning: {line}", file=sys.stderr)


def _select(args: argparse.Namespace) -> int:
    from quotecards import schema
    from quotecards.selector import select

    document = _read(args)
    result = select(document, top=args.top, strict=args.strict)
    _warn_dropped(result)
    if args.write_review:
        from quotecards.review.commands import write_review_from_args

        write_review_from_args(args, result)
    if args.json:
        json.dump(schema.selection(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    _print_table(result)
    return 0


def _text(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quotecards.ingest.extract import read
    from quotecards.ingest.source import read_bytes

    path = Path(args.source)
    sys.stdout.write(read(path, read_bytes(path)).text)
    return 0


def _print_table(result: Selection) -> None:
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


def _print_rows(candidates: Sequence[Candidate], width: int, start: int) -> None:
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
    from quotecards.ingest.language import detect
    from quotecards.selector.scoring import score_text

    if sys.stdin is None or sys.stdin.isatty():
        raise QuotecardsError(
            "score reads quotes from standard input; pipe them in, one a line: "
            "quotecards score < quotes.txt"
        )
    # Every line is read and scored before anything is written: bad input writes nothing.
    out: list[str] = []
    for number, raw in enumerate(sys.stdin.buffer, 1):
        text = _score_line(raw, number)
        language = args.language or detect(text)
        result = schema.score(text, score_text(text, language))
        out.append(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.write("".join(out))
    sys.stdout.flush()
    return 0


def _score_line(raw: bytes, number: int) -> str:
    """One line of ``score``'s input as text: a quote, or a JSON object's ``text``."""
    where = f"<stdin>: line {number}"
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        raise QuotecardsError(
            f"{where}: byte 0x{raw[error.start]:02x} is not UTF-8; give UTF-8 text "
            "(for example: iconv -f cp1252 -t utf-8)"
        ) from None
    if text.lstrip().startswith("{"):
        try:
            record = json.loads(text)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError
        except RecursionError:
            raise QuotecardsError(f"{where}: the JSON is nested too deeply") from None
        except (ValueError, KeyError, TypeError):
            raise QuotecardsError(
                f"{where}: expected a quote or a JSON object with a string 'text' field"
            ) from None
    surrogate = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    if surrogate is not None:
        raise QuotecardsError(
            f"{where}: the text holds half a UTF-16 pair (U+{ord(surrogate):04X}), which is not "
            "a character; fix the JSON's \\u escapes"
        )
    return text


def _render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quotecards.review.file import is_review_path, review_path_for

    looks = _looks(args)  # a mistyped theme or format is said before any reading
    who = _identity(args)  # and a photo that cannot be used
    source = Path(args.source)
    if is_review_path(source):
        return _render_review(source, args, looks, who)
    review = review_path_for(source)
    if review.is_file() and not args.ignore_review:
        print(
            f"quotecards: using the review file {review}: its approved quotes, as edited "
            "(--ignore-review picks afresh)",
            file=sys.stderr,
        )
        return _render_review(review, args, looks, who)
    return _render_document(_read(args), args, who, top=args.top)


def _photo(args: argparse.Namespace) -> Path | None:
    """``--photo``, checked (and ``--focus``, which needs it)."""
    from pathlib import Path

    from quotecards.images import check_photo

    if args.photo is None:
        if args.focus is not None:
            raise QuotecardsError("--focus is the point of --photo to keep in view; give --photo")
        return None
    path = Path(args.photo)
    check_photo(path, "--photo")
    return path.resolve()


def _identity(args: argparse.Namespace) -> dict[str, Any]:
    """What the command line says about who a card is from and whose photo it shows."""
    from quotecards.identity import Identity

    words = (args.publication, args.handle, args.source_line)
    identity = Identity(*(" ".join(word.split()) for word in words))
    return {"identity": identity, "photo": _photo(args), "focus": args.focus}


def _looks(args: argparse.Namespace) -> tuple[tuple[Format, ...], tuple[Theme, ...]]:
    """``--format`` and ``--theme`` as given: none means the review file's choice, else
    square and classic."""
    from quotecards.formats import parse_formats
    from quotecards.themes import parse_themes

    formats = parse_formats(args.format) if args.format else ()
    themes = parse_themes(args.theme) if args.theme else ()
    return formats, themes


def _render_review(
    review: Path,
    args: argparse.Namespace,
    looks: tuple[tuple[Format, ...], tuple[Theme, ...]],
    who: dict[str, Any],
) -> int:
    from pathlib import Path

    from quotecards.brand import load_brand
    from quotecards.review.approved import approved_quotes, render_approved
    from quotecards.themes import load_themes

    if not approved_quotes(review):
        raise QuotecardsError(
            f"{review}: no approved quote yet; approve some with `quotecards review {review}`"
            + ("" if review.name == args.source else ", or add --ignore-review to pick afresh")
        )
    formats, themes = looks
    brand = load_brand(Path(args.brand), themes or load_themes()) if args.brand else None
    progress = Progress(sys.stderr)
    try:
        result = render_approved(
            review,
            Path(args.out),
            brand=brand,
            role=args.role,
            **who,
            image_format=args.image,
            jobs=args.jobs,
            progress=progress,
            formats=formats or None,
            themes=themes or None,
            renderer=args.renderer,
            chromium=args.chromium,
            scale=args.scale,
            highlight=args.highlight,
        )
    finally:
        progress.close()
    return _report(result, args.out, paths=True)


def _render_document(
    document: Document,
    args: argparse.Namespace,
    who: dict[str, Any],
    *,
    top: int,
    paths: bool = True,
) -> int:
    from pathlib import Path

    from quotecards.brand import load_brand
    from quotecards.formats import parse_formats
    from quotecards.render.cards import render_cards
    from quotecards.selector import select
    from quotecards.themes import parse_themes

    formats, themes = _looks(args)
    formats = formats or parse_formats("square")
    themes = themes or parse_themes("classic")
    brand = load_brand(Path(args.brand), themes) if args.brand else None
    selection = select(document, top=top, strict=getattr(args, "strict", False))
    _warn_dropped(selection)
    picks = selection.picks
    if not picks:
        raise QuotecardsError(
            f"{document.source}: no quote with an established speaker to render; "
            "see `quotecards select` (and --interviewee for Q/A transcripts)"
        )
    progress = Progress(sys.stderr)
    try:
        result = render_cards(
            picks,
            formats,
            themes,
            Path(args.out),
            source=document.source,
            brand=brand,
            role=args.role,
            **who,
            image_format=args.image,
            jobs=args.jobs,
            progress=progress,
            renderer=args.renderer,
            chromium=args.chromium,
            scale=args.scale,
            highlight=args.highlight,
        )
    finally:
        progress.close()
    return _report(result, args.out, paths=paths)


def _carousel(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quotecards.brand import load_brand
    from quotecards.identity import Identity, with_photo
    from quotecards.render.cards import texts_of
    from quotecards.render.carousel import PDF, About, carousel_formats, check_top, make_carousels
    from quotecards.themes import parse_themes

    # What is asked for is checked before any reading: a story is not a carousel.
    formats = carousel_formats(args.format)
    themes = parse_themes(args.theme)
    check_top(args.top)
    asked = _identity(args)  # and a photo that cannot be used
    brand = load_brand(Path(args.brand), themes) if args.brand else None
    quotes = _carousel_quotes(args)
    # As `render` settles them: the command line's over the review file's over the brand's.
    who = asked["identity"].over(quotes.identity).over(Identity.of(brand))
    speakers = [c.speaker for c in quotes.candidates]
    profiles, photo_notes = with_photo(quotes.profiles, asked["photo"], asked["focus"], speakers)
    written, notes = make_carousels(
        texts_of(quotes.candidates, role=args.role, identity=who, profiles=profiles),
        formats,
        themes,
        Path(args.out),
        source=quotes.source,
        about=About.of(quotes.document),
        title=args.title,
        brand=brand,
        renderer=args.renderer,
        chromium=args.chromium,
        scale=args.scale,
    )
    for note in (*notes, *photo_notes):
        print(f"quotecards: note: {note}", file=sys.stderr)
    for folder, made in written:
        for slide in made.slides:
            print(folder / slide.path)
        print(folder / PDF)
    slides = written[0][1].slides if written else ()
    print(
        f"quotecards: {count(len(written), 'carousel')} of {count(len(slides), 'slide')} "
        f"(PNG and PDF) written to {args.out}",
        file=sys.stderr,
    )
    return 0


@dataclass(frozen=True, slots=True)
class _Quotes:
    """A carousel's quotes and what they come with: the document (for the cover), the source's
    name, and a review file's publication, handle, source line and speakers' profiles."""

    document: Document
    source: str
    candidates: list[Candidate]
    identity: Identity
    profiles: Profiles = ()


def _carousel_quotes(args: argparse.Namespace) -> _Quotes:
    """The first --top approved quotes of a review file (given, or beside the source), else
    the best --top picks of the source."""
    from pathlib import Path

    from quotecards.identity import Identity
    from quotecards.review.file import is_review_path, review_path_for

    given = Path(args.source)
    review = given if is_review_path(given) else review_path_for(given)
    if review == given or (review.is_file() and not args.ignore_review):
        from quotecards.review.approved import approved_in, identity_of
        from quotecards.review.sync import current

        if review != given:
            print(
                f"quotecards: using the review file {review}: its approved quotes, as edited "
                "(--ignore-review picks afresh)",
                file=sys.stderr,
            )
        now = current(review)
        approved = approved_in(now)
        if not approved:
            raise QuotecardsError(
                f"{review}: no approved quote yet; approve some with `quotecards review {review}`"
                + ("" if review == given else ", or add --ignore-review to pick afresh")
            )
        said, profiles = identity_of(now.review, review)
        candidates = [quote.candidate for quote in approved[: args.top]]
        return _Quotes(now.document, now.review.source, candidates, said, profiles)
    from quotecards.selector import select

    document = _read(args)
    selection = select(document, top=args.top, strict=args.strict)
    _warn_dropped(selection)
    if not selection.picks:
        raise QuotecardsError(
            f"{document.source}: no quote with an established speaker for a carousel; "
            "see `quotecards select` (and --interviewee for Q/A transcripts)"
        )
    return _Quotes(document, document.source, list(selection.picks), Identity())


def _report(result: RenderResult, out: str, *, paths: bool) -> int:
    """Notes and failures on stderr; each card's path on stdout (for scripts), then a count."""
    for note in result.notes:
        print(f"quotecards: note: {note}", file=sys.stderr)
    if paths:
        for card in result.written:
            print(card.image)
    for failure in result.failed:
        print(
            f"quotecards: error: {failure.quote_id} in {failure.format}/{failure.theme}: "
            f"{failure.message}",
            file=sys.stderr,
        )
    print(
        f"quotecards: {count(len(result.written), 'card')} written to {out}"
        + (f", {len(result.failed)} failed" if result.failed else ""),
        file=sys.stderr,
    )
    return 1 if result.failed else 0


def _demo(args: argparse.Namespace) -> int:
    from importlib.resources import as_file, files
    from pathlib import Path

    from quotecards.bundle.build import build
    from quotecards.bundle.project import Project, Source
    from quotecards.formats import FORMATS
    from quotecards.identity import Identity, Profile
    from quotecards.ingest import read_source
    from quotecards.selector import select
    from quotecards.themes import load_themes

    folder = Path(args.out)
    # The example publication of templates/brand.example.toml, so the demo's cards are signed.
    signed = Identity("The Example Review", "@examplereview", "From a sample interview")
    with as_file(files("quotecards") / "samples" / "bridge-inspector.txt") as sample:
        _print_table(select(read_source(sample), top=5))
        print()
        # The demo is a bundle like any other, so that it has a gallery page to open.
        project = Project(
            path=sample.parent / "quotecards.toml",
            sources=(
                Source(
                    sample,
                    sample.name,
                    top=3,
                    identity=signed,
                    # An illustrated portrait (the interview is invented; samples/make_portrait.py)
                    profiles=(
                        (
                            "Marisol Vega",
                            Profile(
                                "Chief bridge inspector",
                                sample.parent / "marisol-vega.jpg",
                                (0.56, 0.3),
                            ),
                        ),
                    ),
                ),
            ),
            formats=FORMATS,
            themes=load_themes(),
            renderer=args.renderer,
            scale=args.scale,
            out=folder.parent,
            bundle=folder.name,
        )
        progress = Progress(sys.stderr)
        try:
            result = build(project, jobs=args.jobs, progress=progress, chromium=args.chromium)
        finally:
            progress.close()
    for failure in result.failed:
        print(f"quotecards: error: {failure.quote_id}: {failure.message}", file=sys.stderr)
    looks = len(FORMATS) * len(project.themes)
    print(
        f"{count(result.cards, 'card')}: {count(result.cards // looks, 'quote')} in "
        f"{len(FORMATS)} formats and {len(project.themes)} themes, in {folder}/\n"
        f"Open {folder / 'index.html'} to see them all "
        f"(or {folder / 'contact-sheet.jpg'}).",
    )
    return result.exit_status


def _formats(args: argparse.Namespace) -> int:
    from quotecards.formats import FORMATS

    for fmt in FORMATS:
        print(fmt.describe())
    print("any WxH, such as 1200x800, also works")
    return 0


def _themes(args: argparse.Namespace) -> int:
    from quotecards.themes import load_themes

    for theme in load_themes():
        print(theme.describe())
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from quotecards.doctor import report

    rows = report(args.chromium, launch=not args.no_launch)
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:>{width}}: {value}")
    return 0
