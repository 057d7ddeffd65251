"""The quotability score: a line's wording -> 0..100, with the reasons an editor would give.

Each measure from :mod:`quotecards.selector.features` adds or takes away points; the sum goes
through a logistic curve so that no single trait pins a line to 0 or 100, and the reasons are
the contributions themselves, largest first.

The weights are set from principle, not fitted to any data: what a pull-quote card needs
(a length that fits, a line that stands alone as a finished sentence, no hedging or false
starts), and what makes a line memorable (Danescu-Niculescu-Mizil et al., ACL 2012: uncommon
words in common syntax, general and portable rather than specific wording; and the classic
forms: advice, sweeping claims, contrast, strong words).  A point or two is what one minor trait
is worth; a line that cannot stand alone loses more than any one virtue can give back.  Markers
of generality and specificity are rates: the paper compares lines of one length, and a longer
line is not more specific for having room for one more "he".
"""

from __future__ import annotations

import math
from functools import lru_cache
from operator import itemgetter

from quotecards.model import Score
from quotecards.selector.features import (
    NEGATION_ABSOLUTE,
    PRONOUN_IMPERSONAL,
    Features,
    extract,
)

# Which scoring this is, for benchmarks and evaluations to print beside their figures: the
# feature groups that contributions() weighs, in its order.
MODEL = (
    "quotecards score v3: card fit (flat to 30 words); standing alone (dangling openers,"
    " third-person reference, replies, connectives, asides, cut-off lines, verbless fragments);"
    " generality as rates per 10 words (graded present-tense claim, advice imperatives, past"
    " tense, deixis, sweeping words, you/we/I, a vs the); contrast, absolute negation;"
    " substance (no or one content word), economy (lexical density), distinctiveness (content-word"
    " rarity, function-word scaffold);"
    " strong words, repetition;"
    " fillers, false starts, hedges; names, numbers, questions (rhetorical: a small cost)"
)

# The logistic's width: 10 raw points move a score from 50 to ~70, 25 to ~89, 40 to ~97, so
# that a line needs several virtues, not one, to come near 100.
SCALE = 12.0

# Words a reader takes in as one statement, about a spoken sentence.  Markers of specificity
# or generality ("he", "the", "yesterday", "a", "everyone") are rates, not totals: in a line
# this long or shorter each weighs in full, in a longer one by its share, so that a long line is
# not marked down for having more words to put them in (the paper compares lines of one length).
SPAN = 10

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
    # A card holds ~8-30 words well (the selector cuts only a line past 30); a line of a
    # few words reads at a glance, and past ~45 words a card needs a small font or a cut.  Within
    # what fits, length is the card's constraint, not a virtue of the wording: a short line gets
    # a point more, no more, so that phrasing decides between lines that both fit.
    if n == 0:
        return -60.0, "no words", ""
    if n == 1:
        return -18.0, "too slight to stand alone ({} word)", 1
    if n == 2:
        return -8.0, "too slight to stand alone ({} words)", 2
    if n <= 7:
        return 5.0, "short and punchy ({} words)", n
    if n <= 30:
        return 4.0, "fits a card ({} words)", n
    if n <= 45:
        points = 4.0 - 16.0 * (n - 30) / 15
        return points, "fits a card ({} words)" if points > 0 else "long for a card ({} words)", n
    return max(-12.0 - 1.5 * (n - 45), -45.0), "too long for a card ({} words)", n


def contributions(f: Features, absolute: frozenset[str] = NEGATION_ABSOLUTE) -> list[Reason]:
    """Every (points, wording, evidence) the features earn, in no particular order.

    ``absolute`` are the language's sweeping negations ("never", "nunca", "jamais")."""
    length = _length(f.words)
    if f.fragment:
        # An answer fragment ("No.", "Yes, exactly.") is nothing else: its brevity is no virtue.
        fragment = (-35.0, "answer fragment: means little without its question", "")
        return [fragment, length] if length[0] < 0 else [fragment]
    out = [length]
    add = out.append
    share = SPAN / f.words if f.words > SPAN else 1.0

    # Standing alone.
    if f.opener:
        # "it" is often a dummy subject ("it's not personal"); the others always point back.
        opener = -9.0 if f.opener in {"it", "its"} else -14.0
        add((opener, "opens with {}: needs context", f.opener))
    if f.third_person:
        # "he", "they" with no one named before them: someone the reader has not met.  A bare
        # "it" points back too, but as often at nothing ("it's not personal"): half as much.
        people = [w for w in f.third_person if w not in PRONOUN_IMPERSONAL]
        if people:
            third = share * _count(len(people), -8, -3, -14)
            add((third, "refers to {}: needs context", tuple(people)))
        things = len(f.third_person) - len(people)
        if things:
            add((share * _count(things, -4, -2, -6), "refers to {}: needs context", "it"))
    if f.third_resolved:
        # Resolved inside the line, "he" or "they" still ties it to particular people (the
        # paper counts them all, referent or not): half the cost.  A resolved "it" ("open
        # research is messy, but it works") ties it to nothing.
        resolved = [w for w in f.third_resolved if w not in PRONOUN_IMPERSONAL]
        if resolved:
            third = share * _count(len(resolved), -4, -2, -8)
            add((third, "third-person {}: specific", resolved[0]))
    if f.reply_opener:
        add((-5.0, "opens with a reply ({})", f.reply_opener.capitalize()))
    if f.connective:
        add((-4.0, "opens with {}: continues an earlier thought", f.connective))
    if f.aside:
        # "Well,", "Oh,", "Look,": the speaker turning to the listener, not the statement (and
        # the selector offers the line without it, which should win).
        add((-3.0, "opens with {}: a conversational aside", f.aside + ","))
    if f.unfinished:
        add((-12.0, "stops on {}: cut off mid-sentence", f.unfinished))
    if f.verbless:
        # No subject and verb: an exclamation, a list or an aside ("The money, the house, all
        # of it"), which means something only beside the lines around it.
        add((-8.0, "no verb: a fragment, not a sentence", ""))

    # Generality: the portable, present-tense, anyone-could-say-it form.  In a line of a
    # sentence's length one specific (a past tense, a "he", a name, a "here", a question) makes
    # it a story; in a longer one it costs the claim its share.
    if f.words >= 2 and (f.present or f.imperative) and not (f.opener or f.ends_with_question):
        specifics = len(f.past) + len(f.third_person) + len(f.names) + len(f.numbers)
        specifics += len(f.deictic) + f.questions
        if specifics * share < 1.0:
            add((8.0 * (1.0 - specifics * share), "general, present-tense claim", ""))
    if f.imperative:
        add((7.0, "imperative: {}", f.imperative.capitalize() + " \u2026"))
    if f.past:
        past = share * _count(len(f.past), -4, -3, -10)
        add((past, "past tense ({}): a story", f.past[0]))
    if f.deictic:
        deictic = share * _count(len(f.deictic), -3, -1.5, -6)
        add((deictic, "points at {}: tied to the moment", f.deictic))
    if f.generic:
        add((share * _count(len(f.generic), 3, 1.5, 6), "sweeping: {}", f.generic[0]))
    if f.you:
        add((3.0, "speaks to {}", "you"))
    if f.we:
        add((2.0, "first-person stance: {}", "we"))
    elif f.i:
        add((1.0, "first-person stance: {}", "I"))
    articles = share * max(-6.0, min(4.0, 2.0 * f.indefinite - 1.5 * f.definite))
    if articles > 0:
        add((articles, "indefinite \u2018a\u2019: general", ""))
    elif articles < 0:
        add((articles, "definite \u2018the\u2019 \u00d7{}: specific", f.definite))

    # Turns of thought.
    if f.contrast:
        add((_count(len(f.contrast), 5, 2, 7), "contrast: {}", f.contrast[0]))
    if f.negation:
        # An absolute ("never", "nothing") is a claim; a plain "not" is as often a denial of
        # what the other person said, which dialogue is full of: a minor trait.
        sweeping = [w for w in f.negation if w in absolute]
        if sweeping:
            add((_count(len(sweeping), 4, 1.5, 6), "negation: {}", sweeping[0]))
        else:
            add((1.5, "negation: {}", f.negation[0]))

    # Wording: uncommon words on common syntax, strong words, no padding.
    if not f.content and not f.names and f.words >= 3:
        # Nothing but scaffolding ("we don't know what it is yet"): a line with no noun, verb
        # or adjective of its own says nothing a card can carry.
        add((-8.0, "vague: no content words", ""))
    elif f.content:
        if f.content == 1 and f.words >= 4:
            # The same principle a step up: content words are the ideas a line carries, and a
            # line of several words with only one ("I don't know about that") is small talk.
            add((-4.0, "says little: one content word", ""))
        # Centred on everyday speech: content words averaging Zipf ~4.8 ("machine", "people",
        # "dampen" together) neither gain nor lose.
        rarity = max(-6.0, min(10.0, 10.0 * (f.rarity - 0.7)))
        if rarity > 0 and f.rarest_zipf < 4.5:
            add((rarity, "uncommon word: {}", f.rarest))
        elif rarity < 0:
            add((rarity, "everyday words only", ""))
    if f.words >= 4:
        # Lexical density (Ure, 1971): the share of words that carry meaning.  Talk is about 60%
        # small words ("I mean, it's just that we..."); a line that was worth remembering packs
        # more in ("omit needless words"), up to where it turns into a list or jargon (below).
        economy = max(-4.0, min(5.0, 20.0 * (0.6 - f.function_share)))
        add((economy, "economical wording" if economy > 0 else "wordy: mostly small words", ""))
    if f.words >= 6 and f.function_share < 0.3:
        # Memorable lines hang rare words on common syntax; without the function words a line
        # reads as a list or as jargon.
        add((-40.0 * (0.3 - f.function_share), "dense, technical wording", ""))
    if f.strongest:
        # One strong word makes a line land; more of them are a density, a rate like the
        # specifics, and count at half.
        strongest = 3.5 * f.strongest_strength
        points = min(12.0, strongest + 0.5 * share * (f.intensity - f.strongest_strength))
        label = "strong word: {}" if strongest >= 5.0 else "evaluative word: {}"
        add((points, label, f.strongest))
    if f.repeated:
        # Repetition across a line (antithesis, anaphora: "keep your friends close, but your
        # enemies closer") is the oldest device for making words stick.
        add((4.0, "repetition: {}", f.repeated))
    if f.fillers:
        add((_count(len(f.fillers), -8, -4, -16), "filler: {}", f.fillers[0]))
    if f.breaks:
        add((_count(f.breaks, -4, -2, -8), "broken off ({}): a false start", "--"))
    if f.hedges:
        add((_count(len(f.hedges), -6, -3, -12), "hedging: {}", f.hedges[0]))

    # Specifics that tie a line to one story.
    if f.numbers:
        add((share * _count(len(f.numbers), -3, -2, -8), "specific: {}", f.numbers[0]))
    if f.names:
        add((share * _count(len(f.names), -3, -2, -9), "names {}: tied to one story", f.names))
    if f.ends_with_question:
        # The interviewer's questions are never candidates: a question in an answer is the
        # speaker's own, rhetorical move ("Why would anyone trust that?").  It can land on a
        # card, but it claims nothing.
        add((-3.0, "a question, not a claim", ""))
    elif f.questions:
        add((-2.0, "asks a question", ""))
    return out


def _magnitude(reason: Reason) -> float:
    return -abs(reason[0])


_points_of = itemgetter(0)


def _absolute(language: str) -> frozenset[str]:
    if language == "en":
        return NEGATION_ABSOLUTE
    from quotecards.selector.lexicon import lexicon

    return lexicon(language).absolute if not language.startswith("en") else NEGATION_ABSOLUTE


def score_value(text: str, language: str = "en") -> int:
    """Just the 0..100 value of :func:`score_text`: the selector ranks tens of thousands of
    candidates and words the reasons only for the few it keeps."""
    return value_of(extract(text, language), language)


def value_of(features: Features, language: str = "en") -> int:
    """:func:`score_value` of a text whose features are measured already."""
    raw = sum(map(_points_of, contributions(features, _absolute(language))))
    return round(100.0 / (1.0 + math.exp(-raw / SCALE)))


def score_text(text: str, language: str = "en") -> Score:
    """How quotable ``text`` is on its own, 0..100, with its main reasons, largest first.

    ``language`` is a BCP 47 code ("en", "es", "ja"): each language is read with its own small
    words, fillers and hedges (:mod:`quotecards.selector.lexicon`).  Pure and deterministic: it
    reads only the text and the shipped word tables.  Negative reasons start with a minus sign:
    "−opens with ‘this’: needs context".
    """
    f = extract(text, language)
    parts = contributions(f, _absolute(language))
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
