"""What the review page can do to a review file, one change at a time, never over another's.

Every change names the file ``version`` it was based on.  Under a lock, the file is read again
as it stands; if its version is not that one (another tab saved, an editor changed the file),
the change is refused with :class:`~quotecards.review.file.ConflictError` and nothing is
written.  Otherwise the change is applied to the review as it stands against its source and the
file is written atomically.  Each answer is the whole new state, so the page shows what is on
disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quotecards.errors import QuotecardsError
from quotecards.formats import FORMATS, Format, get_format
from quotecards.identity import card_text
from quotecards.model import Document
from quotecards.review.approved import highlight_problem, identity_of
from quotecards.review.edits import MAX_EDIT_CHARS, Check, check_edit, reach_of
from quotecards.review.file import (
    STATUSES,
    UNCERTAIN,
    ConflictError,
    Entry,
    ReviewError,
    check_name,
    is_review_path,
    review_path_for,
    save,
)
from quotecards.review.preview import Previews
from quotecards.review.sync import Current, current, source_of, write_review
from quotecards.themes import get_theme, load_themes
from quotecards.typeset.highlight import check, find
from quotecards.typeset.typography import smarten

MAX_NOTE_CHARS = 2000
MAX_CHOICES = 12


class EditRefused(ReviewError):
    """An edit that breaks the verbatim rule; ``check`` holds the problems and the word diff."""

    def __init__(self, check: Check) -> None:
        super().__init__(check.problems[0] if check.problems else "the edit was refused")
        self.check = check


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_review(
    target: Path,
    *,
    review_path: Path | None = None,
    top: int = 10,
    interviewee: str | None = None,
    interviewer: str | None = None,
    speakers: dict[str, str] | None = None,
) -> Path:
    """The review file for ``target`` (a review file, or a source whose review file is made
    from a first selection when there is none yet)."""
    if is_review_path(target):
        if not target.is_file():
            raise ReviewError(
                f"{target}: no such review file; give the source to start one "
                "(quotecards review SOURCE)"
            )
        return target
    path = review_path or review_path_for(target)
    if not path.exists() or speakers:
        write_review(
            target,
            path,
            top=top,
            interviewee=interviewee,
            interviewer=interviewer,
            speakers=speakers or None,
        )
    return path


class ReviewSession:
    """One review file, as the page sees it and changes it."""

    def __init__(
        self,
        path: Path,
        *,
        root: Path | None = None,
        clock: Callable[[], str] = utc_now,
        previews: Previews | None = None,
    ) -> None:
        self.path = path
        self.root = root
        self.clock = clock
        self.previews = previews or Previews()
        self._lock = threading.Lock()

    def state(self) -> dict[str, Any]:
        with self._lock:
            return _state(current(self.path, self.root))

    def decide(self, version: str, quote_id: str, status: str) -> dict[str, Any]:
        if status not in STATUSES:
            raise ReviewError(f"status {status!r} is not one of {', '.join(STATUSES)}")

        def change(entry: Entry, now: Current) -> Entry:
            if status == "approved":
                _check_approvable(entry, now)
            return replace(entry, status=status)  # type: ignore[arg-type]

        return self._change(version, quote_id, change)

    def edit(self, version: str, quote_id: str, text: str) -> dict[str, Any]:
        def change(entry: Entry, now: Current) -> Entry:
            check = self._check(entry, now, text)
            if not check.ok:
                raise EditRefused(check)
            return replace(entry, text=check.text, spans=check.spans)

        return self._change(version, quote_id, change)

    def credit(self, version: str, quote_id: str, speaker: str) -> dict[str, Any]:
        """Credit the quote to ``speaker`` on purpose (``""``: back to the source's speaker).
        The card carries the name; the file and the manifest say "attributed by the editor"."""
        try:
            name = check_name(speaker)
        except ValueError as error:
            raise ReviewError(str(error)) from None
        return self._change(version, quote_id, lambda e, _: replace(e, editor_speaker=name))

    def reset(self, version: str, quote_id: str) -> dict[str, Any]:
        """Back to the selector's own words."""

        def change(entry: Entry, now: Current) -> Entry:
            return replace(entry, text=entry.selected, spans=entry.selected_spans)

        return self._change(version, quote_id, change)

    def choose(
        self, version: str, quote_id: str, themes: Sequence[str], formats: Sequence[str]
    ) -> dict[str, Any]:
        themes = _names(themes, "theme")
        formats = _names(formats, "format")
        for name in themes:
            get_theme(name)
        for name in formats:
            get_format(name)
        return self._change(
            version, quote_id, lambda e, _: replace(e, themes=themes, formats=formats)
        )

    def highlight(self, version: str, quote_id: str, phrase: str) -> dict[str, Any]:
        """Set ``phrase`` in the accent colour on the quote's cards (``""``: none); refused when
        it is not words of the quote as it stands."""
        if len(phrase) > MAX_EDIT_CHARS:
            raise ReviewError(f"the highlight is longer than {MAX_EDIT_CHARS} characters")

        def change(entry: Entry, now: Current) -> Entry:
            return replace(entry, highlight=check(phrase, entry.text, entry.id))

        return self._change(version, quote_id, change)

    def annotate(self, version: str, quote_id: str, note: str) -> dict[str, Any]:
        if len(note) > MAX_NOTE_CHARS:
            raise ReviewError(f"the note is longer than {MAX_NOTE_CHARS} characters")
        return self._change(version, quote_id, lambda e, _: replace(e, note=note.strip()))

    def name_speaker(self, version: str, label: str, name: str) -> dict[str, Any]:
        """Say who a voice the source does not name is ("Speaker 1" -> "Ana Brasa"; an empty
        name takes it back): the source is read again with the names, every decision kept."""
        label, name = " ".join(label.split()), " ".join(name.split())
        if not label:
            raise ReviewError("say which speaker label to name")
        with self._lock:
            now = current(self.path, self.root)
            if now.version != version:
                raise ConflictError(
                    f"{self.path.name} changed since this page loaded it; the name was not "
                    "saved.  The page now shows the file as it is: name the speaker again.",
                    now.version,
                )
            review = now.review
            names = {k: v for k, v in review.speakers if k != label}
            if name:
                names[label] = name
            write_review(
                source_of(self.path, review, self.root),
                self.path,
                top=review.top,
                interviewee=review.interviewee or None,
                interviewer=review.interviewer or None,
                speakers=names,
            )
            return _state(current(self.path, self.root))

    def check(self, quote_id: str, text: str) -> Check:
        """The verbatim check of a text being typed, saving nothing."""
        with self._lock:
            now = current(self.path, self.root)
        return self._check(now.review.quote(quote_id), now, text)

    def checked(self, quote_id: str, text: str) -> dict[str, Any]:
        """What the page shows as the editor types: the check and, for a text that passes it,
        the score and reasons of those words (not of the words before the trim)."""
        with self._lock:
            now = current(self.path, self.root)
        check = self._check(now.review.quote(quote_id), now, text)
        found = check_json(check)
        if check.ok:
            found.update(_scored(check.text, now.document))
        return found

    def preview(self, quote_id: str, format_name: str, theme_name: str, text: str | None) -> bytes:
        """A card of the quote as saved, or of ``text`` as being typed."""
        with self._lock:
            now = current(self.path, self.root)
        entry = now.review.quote(quote_id)
        said, profiles = identity_of(now.review, self.path)
        card = card_text(
            text or entry.text,
            entry.credited,
            quote_id,
            identity=said,
            profiles=profiles,
            highlight=entry.highlight,
        )
        return self.previews.png(card, format_name, theme_name)

    def _check(self, entry: Entry, now: Current, text: str) -> Check:
        if entry.missing:
            return Check(text, problems=("its words are no longer in the source",))
        base = entry.selected_spans
        reach = reach_of(now.document, base, entry.speaker)
        return check_edit(text, base, now.document.text, reach)

    def _change(
        self, version: str, quote_id: str, change: Callable[[Entry, Current], Entry]
    ) -> dict[str, Any]:
        with self._lock:
            now = current(self.path, self.root)
            if now.version != version:
                raise ConflictError(
                    f"{self.path.name} changed since this page loaded it (another tab, or an "
                    "edit to the file); your change was not saved.  The page now shows the file "
                    "as it is: make the change again.",
                    now.version,
                )
            entry = change(now.review.quote(quote_id), now)
            # An editor acting on a quote has seen it: what it was flagged for is answered.
            entry = replace(entry, updated=self.clock(), problem="")
            review = now.review.with_quote(entry)
            save(self.path, review, now.version)
            return _state(current(self.path, self.root))


def _check_approvable(entry: Entry, now: Current) -> None:
    if entry.missing:
        raise ReviewError(f"{entry.id}: its words are no longer in the source; it cannot be built")
    refused = now.refused.get(entry.id)
    if refused is not None:
        raise EditRefused(refused)
    if not entry.editor_speaker and (entry.attribution == "uncertain" or not entry.speaker):
        raise ReviewError(f"{entry.id}: {UNCERTAIN}")
    problem = highlight_problem(entry)
    if problem:
        raise ReviewError(problem)


def _names(values: Sequence[str], what: str) -> tuple[str, ...]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ReviewError(f"expected a list of {what} names")
    names = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not names:
        raise ReviewError(f"choose at least one {what}")
    if len(names) > MAX_CHOICES:
        raise ReviewError(f"at most {MAX_CHOICES} {what}s a quote")
    return names


def _state(now: Current) -> dict[str, Any]:
    """Everything the page shows, as JSON."""
    review = now.review
    presets = [_format_json(f) for f in FORMATS]
    known = {f.name for f in FORMATS}
    custom = sorted({f for e in review.quotes for f in e.formats} - known)
    return {
        "version": now.version,
        "file": now.path.name,
        "source": review.source,
        "speakers": [s.name for s in now.document.speakers],
        # Voices the source does not name, and the names the review file gives them.
        "unnamed": _unnamed(now.document),
        "named": dict(review.speakers),
        "themes": [{"name": t.name, "description": t.description} for t in load_themes()],
        "formats": presets + [_custom_format_json(name) for name in custom],
        "counts": {status: sum(e.status == status for e in review.quotes) for status in STATUSES},
        "quotes": [_quote(entry, now) for entry in review.quotes],
    }


def _unnamed(document: Document) -> list[str]:
    """The labels of turns that nobody is named for ("Speaker 1", "Dev's iPhone")."""
    return list(
        dict.fromkeys(
            " ".join(turn.label.split())
            for turn in document.turns
            if turn.label and turn.speaker is None
        )
    )


def _format_json(fmt: Format) -> dict[str, str]:
    return {"name": fmt.name, "label": fmt.label, "purpose": fmt.purpose}


def _custom_format_json(name: str) -> dict[str, str]:
    """A size written into the file by hand (``1200x800``), or a name no format has: shown, so
    that the editor can see and untick it."""
    try:
        return _format_json(get_format(name))
    except QuotecardsError as error:
        return {"name": name, "label": "?", "purpose": str(error)}


def _quote(entry: Entry, now: Current) -> dict[str, Any]:
    refused = now.refused.get(entry.id)
    return {
        "id": entry.id,
        "rank": entry.rank,
        "status": entry.status,
        "updated": entry.updated,
        "speaker": entry.speaker,
        "editor_speaker": entry.editor_speaker,
        "attributed_by": entry.attributed_by,
        "kind": entry.kind,
        "attribution": entry.attribution,
        "text": entry.text,
        "display": smarten(entry.text),
        "selected": entry.selected,
        "edited": entry.edited,
        "themes": list(entry.themes),
        "formats": list(entry.formats),
        "note": entry.note,
        "highlight": entry.highlight,
        # The quote as the page shows it, cut where the highlight begins and ends.
        "display_parts": _display_parts(entry),
        "highlight_problem": highlight_problem(entry),
        # An edited quote is scored as it now reads; the selector's score was for other words.
        **(
            _scored(entry.text, now.document)
            if entry.edited
            else {"score": entry.score, "reasons": list(entry.reasons)}
        ),
        "context": entry.context,
        "context_label": _context_label(entry, now.document),
        "missing": entry.missing,
        "problem": entry.problem,
        "refused": None if refused is None else check_json(refused),
    }


def _display_parts(entry: Entry) -> list[list[Any]]:
    """``[[text, highlighted], ...]``: the quote with its typography, the highlight marked."""
    display = smarten(entry.text)
    found = find(entry.highlight, display) if entry.highlight else None
    if found is None:
        return [[display, False]]
    start, end = found
    parts = [[display[:start], False], [display[start:end], True], [display[end:], False]]
    return [part for part in parts if part[0]]


def _scored(text: str, document: Document) -> dict[str, Any]:
    from quotecards.selector.scoring import score_text

    score = score_text(text, document.language)
    return {"score": score.value, "reasons": list(score.reasons)}


def _context_label(entry: Entry, document: Document) -> str:
    """ "Asked" only over the interviewer's question: an answer's context, or a quotation made
    inside the question; any other context is the paragraph the quote stands in."""
    if entry.kind == "answer":
        return "Asked"
    roles = {s.name: s.role for s in document.speakers}
    start = entry.spans[0].start if entry.spans else -1
    for turn in document.turns:
        if turn.span.start <= start < turn.span.end:
            return "Asked" if roles.get(turn.speaker or "") == "interviewer" else "In the source"
    return "In the source"


def check_json(check: Check) -> dict[str, Any]:
    return {
        "ok": check.ok,
        "text": check.text,
        "problems": list(check.problems),
        "headline": check.headline,
        "diff": [[op, text] for op, text in check.diff],
        "diff_text": check.diff_text,
    }
