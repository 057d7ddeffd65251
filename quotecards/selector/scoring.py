"""The quotability score: a line's wording -> 0..100, with the reasons an editor would give.

Each measure from :mod:`quotecards.selector.features` adds or takes away points; the sum goes
through a logistic curve so that no single trait pins a line to 0 or 100, and the reasons are
the contributions themselves, largest first.

The weights are set from principle, not fitted to any data: what a pull-quote card needs
(a length that fits, a line that stands alone, no hedging), and what makes a line memorable
(Danescu-Niculescu-Mizil et al., ACL 2012: uncommon words in common syntax, general rather than
specific wording; and the classic forms: imperatives, sweeping claims, contrast, strong words).
A point or two is what one minor trait is worth; a line that cannot stand alone loses more
than any one virtue can give back.
"""

from __future__ import annotations

import math
from functools import lru_cache
from operator import itemgetter

from quotecards.model import Score
from quotecards.selector.features import Features, extract

# The logistic's width: 10 raw points move a score from 50 to ~70, 25 to ~89, 40 to ~97, so
# that a line needs several virtues, not one, to come near 100.
SCALE = 12.0

MAX_REASONS = 5
MIN_REASONS = 3

# (points, wording, evidence): the wording has a "{}" for the evidence, which is quoted when it
# is a word or words.  A reason is worded only if it makes the list, and then from a cache:
# scoring runs on every candidate of a transcript, and the same reasons recur.
Evidence = str | int | tuple[str, ...]
Reason = tuple[float, str, Evidence]


def _q(word: str) -> str:
    return f"\u2018{word}\u2019"


@lru_cache(maxsize=1 << 16)
def _say(wording: str, evidence: Evidence, negative: bool) -> str:
    """A reason in words: the evidence quoted into its place, a minus sign if it costs."""
    if isinstance(evidence, tuple):
        evidence = ", ".join(_q(w) for w in list(dict.fromkeys(evidence))[:3])
    elif isinstance(evidence, str) and evidence:
        evidence = _q(evidence)
    text = wording.format(evidence)
    return "\u2212" + text if negative else text


def _count(n: int, first: float, more: float, cap: float) -> float:
    """Points for ``n`` occurrences: the first counts most, and repetition is capped."""
    points = abs(first) + abs(more) * (n - 1)
    return math.copysign(min(points, abs(cap)), first)


def _length(n: int) -> Reason:
    # A card holds ~8-30 words well; a line of a few words reads at a glance, and past ~45
    # words a card needs a small font or a cut.
    if n == 0:
        return -60.0, "no words", ""
    if n == 1:
        return -18.0, "too slight to stand alone ({} word)", 1
    if n == 2:
        return -8.0, "too slight to stand alone ({} words)", 2
    if n <= 7:
        return 8.0, "short and punchy ({} words)", n
    if n <= 16:
        return 4.0, "fits a card ({} words)", n
    if n <= 30:
        return 4.0 * (30 - n) / 14, "fits a card ({} words)", n
    if n <= 45:
        return -12.0 * (n - 30) / 15, "long for a card ({} words)", n
    return max(-12.0 - 1.5 * (n - 45), -45.0), "too long for a card ({} words)", n


def contributions(f: Features) -> list[Reason]:
    """Every (points, wording, evidence) the features earn, in no particular order."""
    length = _length(f.words)
    if f.fragment:
        # An answer fragment ("No.", "Yes, exactly.") is nothing else: its brevity is no virtue.
        fragment = (-35.0, "answer fragment: means little without its question", "")
        return [fragment, length] if length[0] < 0 else [fragment]
    out = [length]
    add = out.append

    # Standing alone.
    if f.opener:
        # "it" is often a dummy subject ("it's not personal"); the others always point back.
        opener = -9.0 if f.opener in {"it", "its"} else -14.0
        add((opener, "opens with {}: needs context", f.opener))
    if f.third_person:
        third = _count(len(f.third_person), -8, -3, -14)
        add((third, "refers to {}: needs context", f.third_person))
    if f.third_resolved:
        # Resolved inside the line, a third-person pronoun still ties it to particular people.
        resolved = _count(len(f.third_resolved), -2, -1, -5)
        add((resolved, "third-person {}: specific", f.third_resolved[0]))
    if f.reply_opener:
        add((-5.0, "opens with a reply ({})", f.reply_opener.capitalize()))
    if f.connective:
        add((-4.0, "opens with {}: continues an earlier thought", f.connective))

    # Generality: the portable, present-tense, anyone-could-say-it form.
    if (
        f.words >= 2
        and (f.present or f.imperative)
        and not (f.past or f.third_person or f.opener or f.names or f.numbers or f.questions)
    ):
        add((8.0, "general, present-tense claim", ""))
    if f.imperative:
        add((7.0, "imperative: {}", f.imperative.capitalize() + " \u2026"))
    if f.past:
        add((_count(len(f.past), -4, -3, -10), "past tense ({}): a story", f.past[0]))
    if f.generic:
        add((_count(len(f.generic), 3, 1.5, 6), "sweeping: {}", f.generic[0]))
    if f.you:
        add((3.0, "speaks to {}", "you"))
    if f.we:
        add((2.0, "first-person stance: {}", "we"))
    elif f.i:
        add((1.0, "first-person stance: {}", "I"))
    articles = max(-6.0, min(4.0, 2.0 * f.indefinite - 1.5 * f.definite))
    if articles > 0:
        add((articles, "indefinite \u2018a\u2019: general", ""))
    elif articles < 0:
        add((articles, "definite \u2018the\u2019 \u00d7{}: specific", f.definite))

    # Turns of thought.
    if f.contrast:
        add((_count(len(f.contrast), 5, 2, 7), "contrast: {}", f.contrast[0]))
    if f.negation:
        add((_count(len(f.negation), 4, 1.5, 6), "negation: {}", f.negation[0]))

    # Wording: uncommon words on common syntax, strong words, no padding.
    if not f.content and not f.names and f.words >= 3:
        # Nothing but scaffolding ("we don't know what it is yet"): a line with no noun, verb
        # or adjective of its own says nothing a card can carry.
        add((-8.0, "vague: no content words", ""))
    elif f.content:
        # Centred on everyday speech: content words averaging Zipf ~4.8 ("machine", "people",
        # "dampen" together) neither gain nor lose.
        rarity = max(-6.0, min(10.0, 10.0 * (f.rarity - 0.7)))
        if rarity > 0 and f.rarest_zipf < 4.5:
            add((rarity, "uncommon word: {}", f.rarest))
        elif rarity < 0:
            add((rarity, "everyday words only", ""))
    if f.words >= 6 and f.function_share < 0.3:
        # Memorable lines hang rare words on common syntax; without the function words a line
        # reads as a list or as jargon.
        add((-40.0 * (0.3 - f.function_share), "dense, technical wording", ""))
    if f.strongest:
        strongest = 3.5 * f.strongest_strength
        points = min(12.0, strongest + f.intensity - f.strongest_strength)
        label = "strong word: {}" if strongest >= 5.0 else "evaluative word: {}"
        add((points, label, f.strongest))
    if f.repeated:
        # Repetition across a line (antithesis, anaphora: "keep your friends close, but your
        # enemies closer") is the oldest device for making words stick.
        add((4.0, "repetition: {}", f.repeated))
    if f.fillers:
        add((_count(len(f.fillers), -8, -4, -16), "filler: {}", f.fillers[0]))
    if f.hedges:
        add((_count(len(f.hedges), -6, -3, -12), "hedging: {}", f.hedges[0]))

    # Specifics that tie a line to one story.
    if f.numbers:
        add((_count(len(f.numbers), -3, -2, -8), "specific: {}", f.numbers[0]))
    if f.names:
        add((_count(len(f.names), -3, -2, -9), "names {}: tied to one story", f.names))
    if f.ends_with_question:
        add((-6.0, "a question, not a claim", ""))
    elif f.questions:
        add((-2.0, "asks a question", ""))
    return out


def _magnitude(reason: Reason) -> float:
    return -abs(reason[0])


_points_of = itemgetter(0)


def score_value(text: str) -> int:
    """Just the 0..100 value of :func:`score_text`: the selector ranks tens of thousands of
    candidates and words the reasons only for the few it keeps."""
    raw = sum(map(_points_of, contributions(extract(text))))
    return round(100.0 / (1.0 + math.exp(-raw / SCALE)))


def score_text(text: str) -> Score:
    """How quotable ``text`` is on its own, 0..100, with its main reasons, largest first.

    Pure and deterministic: it reads only the text and the shipped word tables.  Negative
    reasons start with a minus sign: "−opens with ‘this’: needs context".
    """
    f = extract(text)
    parts = contributions(f)
    raw = sum(map(_points_of, parts))
    value = round(100.0 / (1.0 + math.exp(-raw / SCALE)))
    parts.sort(key=_magnitude)
    # Reasons worth a point or more; if fewer than three, the small ones still tell the editor
    # what was looked at.
    shown = [p for p in parts[:MAX_REASONS] if abs(p[0]) >= 1.0]
    if len(shown) < MIN_REASONS:
        shown = [p for p in parts[:MIN_REASONS] if p[0]] or parts[:1]
    reasons = tuple([_say(wording, evidence, points < 0) for points, wording, evidence in shown])
    features = f.as_dict()
    features["raw"] = raw
    return Score(value=value, reasons=reasons, features=features)
