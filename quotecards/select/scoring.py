"""The quotability score: a line's wording -> 0..100, with the reasons an editor would give.

Each measure from :mod:`quotecards.select.features` adds or takes away points; the sum goes
through a logistic curve so that no single trait pins a line to 0 or 100, and the reasons are
the contributions themselves, largest first.

The weights are set from principle, not fitted to any data: what a pull-quote card needs
(a length that fits, a line that stands alone, no hedging), and what makes a line memorable
(Danescu-Niculescu-Mizil et al., ACL 2012: uncommon words in common syntax, general rather than
specific wording; and the classic forms: imperatives, sweeping claims, contrast, strong words).
One point is roughly what a single minor trait is worth; a line that cannot stand alone loses
more than any one virtue can give back.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from quotecards.model import Score
from quotecards.select.features import Features, extract

# Raw points that move the score from 50 to ~73 (and from 50 to ~27 the other way).
SCALE = 15.0

MAX_REASONS = 5
MIN_REASONS = 3

MINUS = "\u2212"
ELLIPSIS = " \u2026"


def _q(word: str) -> str:
    return f"\u2018{word}\u2019"


def _count(n: int, first: float, more: float, cap: float) -> float:
    """Points for ``n`` occurrences: the first counts most, and repetition is capped."""
    if n <= 0:
        return 0.0
    return math.copysign(min(abs(first) + abs(more) * (n - 1), abs(cap)), first)


def _length(f: Features) -> tuple[float, str]:
    # A card holds ~8-30 words well; short lines read at a glance, and past ~45 words a card
    # needs a small font or a cut.
    n = f.words
    if n == 0:
        return -60.0, "no words"
    if n == 1:
        return -18.0, "too slight to stand alone (1 word)"
    if n == 2:
        return -8.0, "too slight to stand alone (2 words)"
    if n <= 7:
        return 6.0, f"short and punchy ({n} words)"
    if n <= 16:
        return 4.0, f"fits a card ({n} words)"
    if n <= 30:
        return 4.0 * (30 - n) / 14, f"fits a card ({n} words)"
    if n <= 45:
        return -12.0 * (n - 30) / 15, f"long for a card ({n} words)"
    return max(-12.0 - (n - 45), -45.0), f"too long for a card ({n} words)"


def _standalone(f: Features) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    if f.opener:
        # "it" is often a dummy subject ("it's not personal"); the others always point back.
        points = -9.0 if f.opener in {"it", "its"} else -14.0
        out.append((points, f"opens with {_q(f.opener)}: needs context"))
    if f.third_person:
        words = ", ".join(_q(w) for w in dict.fromkeys(f.third_person))
        out.append((_count(len(f.third_person), -4, -3, -12), f"refers to {words}: needs context"))
    if f.reply_opener:
        out.append((-5.0, f"opens with a reply ({_q(f.reply_opener.capitalize())})"))
    if f.connective:
        out.append((-4.0, f"opens with {_q(f.connective)}: continues an earlier thought"))
    return out


def _generality(f: Features) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    general = (
        f.words >= 2
        and not f.past
        and not f.third_person
        and not f.opener
        and not f.names
        and not f.numbers
        and not f.ends_with_question
        and (f.present > 0 or bool(f.imperative))
    )
    if general:
        out.append((8.0, "general, present-tense claim"))
    if f.imperative:
        out.append((7.0, f"imperative: {_q(f.imperative.capitalize() + ELLIPSIS)}"))
    if f.past:
        out.append((_count(len(f.past), -4, -3, -10), f"past tense ({_q(f.past[0])}): a story"))
    if f.generic:
        out.append((_count(len(f.generic), 3, 1.5, 6), f"sweeping: {_q(f.generic[0])}"))
    if f.you:
        out.append((3.0, f"speaks to {_q('you')}"))
    if f.we:
        out.append((2.0, f"first-person stance: {_q('we')}"))
    elif f.i:
        out.append((1.0, f"first-person stance: {_q('I')}"))
    articles = max(-6.0, min(4.0, 2.0 * f.indefinite - 1.5 * f.definite))
    if articles > 0:
        out.append((articles, f"indefinite {_q('a')}: general"))
    elif articles < 0:
        out.append((articles, f"definite {_q('the')} \u00d7{f.definite}: specific"))
    return out


def _turns(f: Features) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    if f.contrast:
        out.append((_count(len(f.contrast), 5, 2, 7), f"contrast: {_q(f.contrast[0])}"))
    if f.negation:
        out.append((_count(len(f.negation), 4, 1.5, 6), f"negation: {_q(f.negation[0])}"))
    return out


def _wording(f: Features) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    if f.content:
        # Centred on everyday speech: content words averaging Zipf ~4.8 ("machine", "people",
        # "dampen" together) neither gain nor lose.
        points = max(-6.0, min(10.0, 10.0 * (f.rarity - 0.7)))
        if points > 0 and f.rarest_zipf < 4.5:
            out.append((points, f"uncommon word: {_q(f.rarest)}"))
        elif points < 0:
            out.append((points, "everyday words only"))
    if f.words >= 6 and f.function_share < 0.3:
        # Memorable lines hang rare words on common syntax; without the function words a line
        # reads as a list or as jargon.
        out.append((-40.0 * (0.3 - f.function_share), "dense, technical wording"))
    if f.strongest:
        strong = abs(f.strongest_valence)
        points = min(12.0, 3.5 * strong + (f.intensity - strong))
        label = "strong word" if strong >= 1.5 else "feeling"
        out.append((points, f"{label}: {_q(f.strongest)}"))
    if f.fillers:
        out.append((_count(len(f.fillers), -8, -4, -16), f"filler: {_q(f.fillers[0])}"))
    if f.hedges:
        out.append((_count(len(f.hedges), -6, -3, -12), f"hedging: {_q(f.hedges[0])}"))
    return out


def _specifics(f: Features) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    if f.numbers:
        out.append((_count(len(f.numbers), -3, -2, -8), f"specific: {_q(f.numbers[0])}"))
    if f.names:
        names = ", ".join(_q(w) for w in dict.fromkeys(f.names[:3]))
        out.append((_count(len(f.names), -3, -2, -9), f"names {names}: tied to one story"))
    if f.ends_with_question:
        out.append((-6.0, "a question, not a claim"))
    elif f.questions:
        out.append((-2.0, "asks a question"))
    return out


PARTS: tuple[Callable[[Features], list[tuple[float, str]]], ...] = (
    _standalone,
    _generality,
    _turns,
    _wording,
    _specifics,
)


def contributions(f: Features) -> list[tuple[float, str]]:
    """Every (points, reason) the features earn, in no particular order."""
    length = _length(f)
    if f.fragment:
        # An answer fragment is nothing else: its length or wording cannot redeem it.
        return [(-35.0, "answer fragment: means little without its question"), length]
    out = [length]
    for part in PARTS:
        out.extend(part(f))
    return out


def _reason(points: float, why: str) -> str:
    return why if points >= 0 else MINUS + why


def score_text(text: str) -> Score:
    """How quotable ``text`` is on its own, 0..100, with its main reasons, largest first.

    Pure and deterministic: it reads only the text and the shipped word tables.
    """
    f = extract(text)
    parts = contributions(f)
    raw = sum(points for points, _ in parts)
    value = round(100.0 / (1.0 + math.exp(-raw / SCALE)))
    ranked = sorted(parts, key=lambda p: -abs(p[0]))
    reasons = [_reason(p, why) for p, why in ranked if abs(p) >= 1.0][:MAX_REASONS]
    if len(reasons) < MIN_REASONS:
        # Small contributions still tell the editor what was looked at.
        reasons += [_reason(p, why) for p, why in ranked if 0 < abs(p) < 1.0]
        reasons = reasons[:MIN_REASONS]
    features = f.as_dict()
    features["raw"] = raw
    return Score(value=value, reasons=tuple(reasons), features=features)
