"""What a line's wording says about its quotability, measured without judging it.

``extract`` reads one candidate (a sentence, a run of sentences, or a trim like
"…efficiently…") and returns :class:`Features`: counts and the words behind them, so that
:mod:`quotecards.selector.scoring` can weigh them and quote the evidence back to an editor.

The measures follow what makes a line travel on its own (Danescu-Niculescu-Mizil et al.,
"You had me at hello: How phrasing affects memorability", ACL 2012): uncommon words in a common
frame, generality (few third-person pronouns, "a" over "the", present over past tense) and
portability (no names, no "here" and "now"); plus what a pull-quote needs: a card-friendly
length, a finished sentence with a verb, no dangling reference, answer fragment or aside, no
hedging or false start, strong words.

There is no part-of-speech tagger: closed word classes are listed here and everything else is
read from the word tables in ``quotecards/data`` (see its README), loaded once, on first use.
"""

from __future__ import annotations

import gzip
import re
import struct
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import chain, compress, islice
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent.parent / "data"

# Words below the 50,000 most frequent (the table's floor is Zipf ~2.5) count as this rare.
UNLISTED_ZIPF = 2.3

# Content words at least this common (Zipf 5.5: "people", "think", "good") carry no rarity.
COMMON_ZIPF = 5.5

# A word in -in whose -ing form is this much commoner (in Zipf) is that form with its g dropped.
G_DROPPED_GAP = 1.2
NOT_G_DROPPED = frozenset({"thin", "kin", "raisin"})

# Letters with inner apostrophes ("don't", "we're"), numbers ("2013", "3.5"), and the
# punctuation that matters: sentence ends, and the commas and dashes that set off fillers.
TOKEN = re.compile(
    r"[A-Za-z]+(?:'[A-Za-z]+)*|\d+(?:[.,:/]\d+)*|[.!?\u2026]+|[,;:\u2014\u2013\"\u201c(]|-+(?=$)|-{2,}"
)
SENTENCE_END = frozenset(".!?…")
# After these a capital letter starts a sentence (or a quotation), not a name.
OPENS_SENTENCE = frozenset({":", '"', "\u201c", "("})
CLAUSE_BREAK = frozenset({",", ";", ":", "\u2014", "\u2013", "--", "-"})
# A trimmed candidate keeps its ellipses and quotation marks; they are not part of the wording.
EDGES = " \t\r\n\"'“”‘’«»()[]…-–—.,;:"

ARTICLE_INDEFINITE = frozenset({"a", "an"})
PRONOUN_THIRD = frozenset(
    {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
    | {"they", "them", "their", "theirs", "themselves", "it", "its", "itself"}
)
# "it" is as often a dummy subject ("it's raining", "it's not personal") as a reference, and it
# never points to particular people: the others are what ties a line to a story about someone.
PRONOUN_IMPERSONAL = frozenset({"it", "its", "itself"})
DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
PRONOUN_YOU = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya"})
PRONOUN_WE = frozenset({"we", "us", "our", "ours", "ourselves"})
PRONOUN_I = frozenset({"i", "me", "my", "mine", "myself"})
SUBJECT = frozenset({"i", "you", "we", "they", "he", "she", "it", "there"})
SUBJECT_OR_WHO = SUBJECT | {"who"}

# Opening words that continue an earlier sentence rather than start a thought ("Then I figured
# it out": the next step of a story whose start is missing).
CONNECTIVE = frozenset({"and", "but", "or", "nor", "so", "because", "which", "also", "plus"})
CONNECTIVE |= frozenset({"then"})
# Words a reply is made of; a line of nothing else is an answer fragment.
REPLY = frozenset(
    {"yes", "yeah", "yep", "yup", "no", "nope", "nah", "not", "right", "exactly", "absolutely"}
    | {"sure", "certainly", "definitely", "indeed", "okay", "ok", "alright", "correct", "true"}
    | {"of", "course", "fine", "well", "oh", "ah", "maybe", "perhaps", "never", "thanks"}
    | {"thank", "you", "really", "totally", "precisely", "agreed", "agree", "good", "great"}
    | {"so", "i", "think", "guess", "hope", "see", "know", "mean", "me", "too", "neither"}
    | {"either", "probably", "at", "all", "quite", "huh", "wow", "what", "why", "how", "and"}
    | {"that's", "it", "is", "hello", "hi", "hey", "please", "both", "am", "do", "don't", "it's"}
)
# Reply words that, opening a longer line, mark it as the second half of an exchange.
REPLY_OPENER = frozenset({"yes", "yeah", "yep", "no", "nope", "nah", "right", "exactly"})
REPLY_OPENER |= frozenset({"absolutely", "sure", "correct", "okay", "ok", "indeed", "true"})
# Interjections skipped before looking for an imperative ("Well, don't admire people").
INTERJECTION = frozenset({"well", "oh", "ah", "so", "now", "and", "but", "please", "okay", "ok"})
INTERJECTION |= frozenset({"hey", "look", "listen", "alright", "then", "just"})

CONTRAST = frozenset({"but", "yet", "however", "instead", "although", "though", "rather"})
CONTRAST |= frozenset({"unless", "whereas", "except"})
NEGATION = frozenset({"not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither"})
NEGATION |= frozenset({"nor", "cannot", "without"})
# Negations that make a sweeping claim ("nothing ever changes") rather than deny what was just
# said ("I don't know", "no, it isn't"): only these are a turn of thought in themselves.
NEGATION_ABSOLUTE = frozenset({"never", "nothing", "nobody", "none", "nowhere", "neither", "nor"})
# Quantifiers and universals that make a statement about everyone rather than someone.
GENERIC = frozenset({"everyone", "everybody", "everything", "anything", "anyone", "anybody"})
GENERIC |= frozenset({"always", "every", "all", "whoever", "whatever", "whenever", "people"})
GENERIC |= frozenset({"life", "man", "men", "world", "nobody", "nothing", "never"})

# Verbs that commonly open a command or a piece of advice; a line that starts with one
# ("Never X", "Keep your friends close") is the classic memorable form.
IMPERATIVE_VERB = frozenset(
    {"be", "go", "get", "take", "make", "keep", "stop", "try", "look", "remember", "forget"}
    | {"think", "trust", "believe", "follow", "give", "show", "tell", "leave", "stay", "run"}
    | {"love", "find", "put", "say", "ask", "hold", "bring", "wait", "watch", "shut", "turn"}
    | {"move", "pick", "play", "use", "help", "fight", "live", "dream", "choose", "fear"}
    | {"learn", "read", "write", "work", "start", "build", "speak", "feel", "treat", "kill"}
    | {"call", "sit", "stand", "walk", "open", "close", "eat", "drink", "enjoy", "relax"}
    | {"breathe", "smile", "buy", "pay", "spend", "save", "ignore", "imagine", "consider"}
    | {"admire", "expect", "let", "listen", "hear", "mind", "worry", "panic", "shoot", "come"}
    | {"know", "do", "face", "change", "hope", "lose", "win", "give", "seize", "carpe"}
)
IMPERATIVE_WORD = frozenset({"don't", "never", "always", "let's", "do", "please"})
# A command is advice when it is about conduct ("Never trust a system you cannot inspect",
# "Keep your friends close"), and stage business when it moves someone about the scene: a bare
# one ("Sit down.", "Let's go."), one whose verb takes a particle of place or a pointer ("Get
# out", "Come here", "Put it down"), or one with a "here" or "now" in it.  The second kind is
# as tied to its moment as a "this" (spatial deixis); "never" and "always" make any advice.
ADVICE_OPENER = frozenset({"never", "always"})
STAGE_PARTICLE = frozenset({"in", "out", "up", "down", "on", "off", "over", "back", "away"})
STAGE_PARTICLE |= frozenset({"inside", "outside", "here", "there", "it", "that", "this"})
OBJECT_PERSON = frozenset({"me", "him", "her", "us", "them"})

PRESENT = frozenset(
    {"is", "are", "am", "isn't", "aren't", "do", "does", "don't", "doesn't", "can", "can't"}
    | {"cannot", "will", "won't", "must", "mustn't", "should", "shouldn't", "have", "has"}
    | {"haven't", "hasn't", "may", "might", "need", "needs", "ain't", "gotta", "gonna"}
    | {"wanna", "got", "want", "wants", "know", "knows", "think", "thinks", "mean", "means"}
)
PAST = frozenset(
    {"was", "were", "wasn't", "weren't", "had", "hadn't", "did", "didn't", "said", "went"}
    | {"came", "took", "knew", "thought", "told", "saw", "felt", "left", "gave", "found"}
    | {"became", "began", "brought", "bought", "kept", "held", "stood", "sat", "ran", "met"}
    | {"paid", "sent", "spent", "lost", "heard", "meant", "wrote", "spoke", "broke", "chose"}
    | {"drove", "ate", "fell", "forgot", "understood", "won", "wore", "grew", "drew", "threw"}
    | {"flew", "caught", "taught", "fought", "sought", "built", "slept", "woke", "hid", "rode"}
    | {"sang", "swam", "shook", "struck", "stole", "wept", "ago"}
)
# Verbs and auxiliaries that make a clause of a line whatever their tense; with PRESENT and PAST
# (less "ago", which dates a clause but is none) they tell a sentence from a fragment.
VERB_OTHER = frozenset({"would", "could", "wouldn't", "couldn't", "shall", "be", "been", "being"})
VERBAL = PRESENT | PAST - {"ago"} | VERB_OTHER
# The -s form of a verb follows a content word or one of these ("machine learning sucks").
SINGULAR_SUBJECT = frozenset({"he", "she", "it", "this", "that", "who", "what", "one", "nobody"})
SINGULAR_SUBJECT |= frozenset({"everyone", "everybody", "everything", "nothing", "something"})
SINGULAR_SUBJECT |= frozenset({"someone", "somebody", "anyone", "anything", "which", "life"})
# Contractions that carry a present-tense verb: "we're", "I'm", "you've", "it's".
PRESENT_SUFFIX = frozenset({"'re", "'m", "'ve", "'ll"})
IS_BEFORE_S = SINGULAR_SUBJECT | DEMONSTRATIVE | {"there", "here", "what's", "where", "how"}
# "I'd", "you'd": had or would, a verb either way.
VERB_SUFFIX = PRESENT_SUFFIX | {"'d"}
# Adverbs that stand between a subject and its verb ("nothing ever changes").
PREVERBAL = frozenset({"never", "ever", "always", "just", "only", "still", "really", "also"})
PREVERBAL |= frozenset({"often", "sometimes", "usually", "rarely", "already", "even", "all"})
# Plural subjects without an -s, before a bare present verb ("children grow up fast"); plurals in
# -s are told by their ending ("dogs bark").
PLURAL_SUBJECT = frozenset({"people", "men", "women", "children", "folks", "police"})
# What follows a verb that opens a command, whatever the verb ("hand me", "sell the car").
OBJECT_START = frozenset({"me", "him", "her", "us", "them", "it", "yourself", "the", "a", "an"})
OBJECT_START |= frozenset({"my", "your", "his", "our", "their", "this", "these", "those"})
OBJECT_START |= frozenset({"up", "out", "down", "off", "away", "back"})

# Words that point at the speaker's own place and moment: a line that needs its "here" and "now"
# does not travel (portability, Danescu-Niculescu-Mizil et al.).  Not "that" or "there": as
# often a conjunction ("I know that...") or an existential ("there is...") as a pointer.
DEICTIC = frozenset({"here", "now", "today", "tonight", "tomorrow", "yesterday"})
DEICTIC |= frozenset({"this", "these", "those"})
# Abbreviated titles, whose full stop does not end a sentence: in "Mr. Smith", "Smith" is a name
# and not the word "smith" starting a sentence.
TITLE = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "lt", "sgt", "capt", "prof"})
# Words that open a sentence set off by a comma without addressing anyone ("Sorry, I can't"):
# any other capitalised word in that place is a name or a term of address ("Jack, listen",
# "Honey, ...").
DISCOURSE = frozenset({"sorry", "hello", "goodbye", "congratulations", "anyway", "damn"})
DISCOURSE |= frozenset({"wait", "besides", "meanwhile", "still", "first", "second", "finally"})
NOT_ADDRESS = DISCOURSE | REPLY | INTERJECTION

# Words a finished sentence does not end on: a line that stops on one was cut off ("I was going
# to tell you about the --"), and a card cannot carry it.
UNFINISHED = frozenset({"a", "an", "the", "and", "or", "nor", "but", "because", "if", "than"})
UNFINISHED |= frozenset({"your", "our", "their", "whose", "every", "very"})

NUMBER_WORD = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
    | {"thirteen", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred"}
    | {"thousand", "million", "billion", "trillion", "percent", "dozen", "half"}
)

# Fillers say nothing; hedges weaken the claim.  Both as they are spoken: "you know" and "I
# mean" only when set off by commas or ending the sentence, "kind of" / "sort of" only when no
# determiner makes them a noun phrase ("what kind of man").
FILLER_WORD = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm"})
FILLER_SET_OFF = frozenset({("you", "know"), ("i", "mean"), ("you", "see")})
FILLER_PHRASE = frozenset({("or", "something"), ("and", "stuff"), ("and", "everything")})
FILLERS = FILLER_WORD | {f"{a} {b}" for a, b in FILLER_SET_OFF | FILLER_PHRASE} | {"like,"}
HEDGE_WORD = frozenset({"maybe", "perhaps", "probably", "possibly", "somewhat", "basically"})
HEDGE_WORD |= frozenset({"kinda", "sorta", "arguably", "presumably", "hopefully", "somehow"})
HEDGE_PHRASE = frozenset(
    {("i", "think"), ("i", "guess"), ("i", "suppose"), ("i", "believe"), ("i", "feel")}
    | {("it", "seems"), ("a", "bit"), ("more", "or", "less"), ("in", "a", "way")}
    | {("to", "some", "extent")}
)
HEDGE_NOUN_OF = frozenset({"kind", "sort"})
# Fillers and hedges are found from their last word, which is rarer than their first ("a bit").
HEDGE_TRIGGER = (
    FILLER_WORD
    | HEDGE_WORD
    | HEDGE_NOUN_OF
    | {"like"}
    | {phrase[-1] for phrase in FILLER_SET_OFF | FILLER_PHRASE | HEDGE_PHRASE}
)
DETERMINER = frozenset({"what", "this", "that", "a", "the", "any", "some", "every", "same"})
DETERMINER |= frozenset({"which", "one", "no", "another", "each", "these", "those", "its"})

# Closed-class words: the syntactic scaffolding.  Everything else is a content word, whose
# rarity is what "uncommon words" measures.
FUNCTION = frozenset(
    ARTICLE_INDEFINITE
    | PRONOUN_THIRD
    | DEMONSTRATIVE
    | PRONOUN_YOU
    | PRONOUN_WE
    | PRONOUN_I
    | CONNECTIVE
    | FILLER_WORD
    | HEDGE_WORD
    | {"the", "of", "to", "in", "for", "on", "with", "at", "by", "from", "up", "about", "into"}
    | {"over", "after", "before", "under", "between", "out", "off", "down", "through", "as"}
    | {"than", "like", "if", "then", "when", "while", "where", "why", "how", "what", "who"}
    | {"whom", "whose", "there", "here", "is", "are", "am", "was", "were", "be", "been"}
    | {"being", "do", "does", "did", "have", "has", "had", "will", "would", "shall", "should"}
    | {"can", "could", "may", "might", "must", "not", "no", "just", "only", "very", "too"}
    | {"also", "even", "still", "some", "any", "each", "other", "such", "own", "same", "more"}
    | {"most", "much", "many", "few", "one", "ones", "get", "got", "go", "going"}
    | {"gonna", "wanna", "gotta", "oh", "yes", "yeah", "ok", "okay", "well", "now", "again"}
    | {"ever", "once", "cannot", "let", "let's", "lot", "thing", "things", "way", "really"}
    | {"something", "someone", "somebody", "anything", "anyone", "everything", "everyone"}
    | {"nothing", "nobody", "all", "both", "either", "neither", "every", "whatever", "whoever"}
    | {"against", "around", "because", "since", "until", "unless", "although", "though", "yet"}
    | {"without", "within", "upon", "onto", "toward", "towards", "across", "along", "behind"}
    | {"know", "think", "say", "said", "make", "made", "want", "need", "mean", "right", "sure"}
)


class Features(NamedTuple):
    """Counts and the words behind them; no weights, no verdict.

    A named tuple rather than a frozen dataclass: it is built once per candidate, tens of
    thousands of times a transcript, and a frozen dataclass's ``__init__`` costs several times
    more.  It stays inside the select step; the :class:`~quotecards.model.Score` is what travels.
    The numbers come first and the word lists next, so that :meth:`as_dict` takes them by slice.
    """

    words: int
    sentences: int
    verbs: int  # listed verbs and auxiliaries: "is", "can't", "would", "went", "we're"
    you: int
    we: int
    i: int
    present: int
    indefinite: int
    definite: int
    content: int
    rarity: float  # mean over content words of how far below everyday frequency each lies
    rarest_zipf: float
    function_share: float
    intensity: float  # summed strength (see _strength) of the content words
    strongest_valence: float
    strongest_strength: float
    questions: int  # sentences that end in "?"
    breaks: int  # "--" inside the line: a false start or a broken-off clause
    third_person: tuple[str, ...]  # with nothing before them in the line to point back to
    third_resolved: tuple[str, ...]  # after a content word that they may well refer to
    past: tuple[str, ...]
    contrast: tuple[str, ...]
    negation: tuple[str, ...]
    generic: tuple[str, ...]
    fillers: tuple[str, ...]
    hedges: tuple[str, ...]
    numbers: tuple[str, ...]
    names: tuple[str, ...]
    deictic: tuple[str, ...]  # "here", "now", "this": pointing at the speaker's moment
    fragment: bool  # a few reply words and nothing else: "No.", "Yes, exactly."
    reply_opener: str  # "no" in "No. We're missing something big."
    opener: str  # a dangling first word: "this", "they", "it"
    connective: str  # an opening "and", "but", "so"
    aside: str  # an opening interjection set off by a comma: "Well", "Oh", "Look"
    imperative: str  # the word that opens advice: "never", "don't", "keep"; not "sit down"
    rarest: str
    strongest: str
    repeated: str  # a content word said twice ("close ... closer"): parallelism
    ends_with_question: bool
    verbless: bool  # three words or more and no verb: a fragment, not a sentence
    unfinished: str  # the word a cut-off line stops on: "the" in "I was going to the"

    def as_dict(self) -> dict[str, float]:
        """The numbers, for debugging and JSON, with each word list as its count."""
        out: dict[str, float] = dict(zip(_NUMBERS, self[:_N_NUMBERS], strict=True))
        out.update(zip(_LISTS, map(len, self[_N_NUMBERS:_N_LISTS]), strict=True))
        return out


_N_NUMBERS = 18
_new_features = tuple.__new__
_N_LISTS = _N_NUMBERS + 11
_NUMBERS = Features._fields[:_N_NUMBERS]
_LISTS = Features._fields[_N_NUMBERS:_N_LISTS]


def _read_table(name: str) -> dict[str, float]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as lines:
        return {
            word: float(value)
            for word, value in (line.rstrip("\n").split("\t") for line in lines if line[0] != "#")
        }


@cache
def zipf_table() -> dict[str, float]:
    """Zipf frequency of the 50,000 commonest English words (wordfreq, CC BY-SA 4.0)."""
    return _read_table("wordfreq_en.tsv.gz")


@cache
def valence_table() -> dict[str, float]:
    """VADER's mean human valence rating of a word, -4 to +4 (MIT)."""
    return _read_table("vader_valence.tsv.gz")


def zipf(word: str) -> float:
    """How common a lower-case word is: log10 of its uses per billion words."""
    table = zipf_table()
    found = table.get(word)
    if found is None and word.endswith("'s"):
        found = table.get(word[:-2])
    return UNLISTED_ZIPF if found is None else found


def _spelt(low: str) -> str:
    """A word as written out: a dropped g ("talkin'", "nothin'") is how a script spells speech,
    not a choice of word, when the word in -ing is far commoner ("thin", "kin" stay)."""
    dropped = low.endswith("in") and low not in NOT_G_DROPPED
    if dropped and zipf(low + "g") - zipf(low) >= G_DROPPED_GAP:
        return low + "g"
    return low


def _strength(valence: float, zipf: float) -> float:
    """How strongly a word lands: its rated valence, less for praise worn smooth by use.

    Bad is stronger than good (Baumeister et al., 2001), and a quote with an edge travels
    further: negative words ("sucks", "damn", "useless") count in full.  Positive ones count at
    three quarters, and everyday praise ("great", "good", "love", Zipf ~6) is bleached by
    frequency to a quarter of that; at Zipf 4.5 or rarer ("triumph") nothing is taken off.
    """
    if valence < 0:
        return -valence
    return valence * 0.75 * min(1.0, max(0.25, (6.3 - zipf) / 1.8))


# What one token is, as bit flags, worked out once per distinct token (see _lexeme): scoring
# runs on every candidate of a transcript, and the same few thousand words recur throughout.
END = 1 << 0  # ends a sentence: . ! ? …
BREAK = 1 << 1  # sets off a clause: , ; : dashes
OPENS = 1 << 2  # opens a sentence or quotation: : “ (
WORD = 1 << 3
NUMBER = 1 << 4
ACRONYM = 1 << 5  # "AI", "LLMs"
CAPITAL = 1 << 6
NAME_AT_START = 1 << 7  # a name even at the start of a sentence: "LeCun", "Yann"
FUNCTION_WORD = 1 << 8
CONTEXT = 1 << 9  # its meaning depends on its neighbours: looked at one by one (_measure)
REPLY_OPEN = 1 << 10
CONNECT = 1 << 11
INTERJECT = 1 << 12
POINTER = 1 << 13  # a demonstrative or third-person pronoun, the dangling kind of opener
THIRD = 1 << 14
PRESENT_FORM = 1 << 15
PAST_FORM = 1 << 16
ED_FORM = 1 << 17  # a listed word in -ed: past tense right after its subject
S_FORM = 1 << 18  # a word in -s: a present-tense verb after a noun ("learning sucks")
SUBJECT_WORD = 1 << 19
SINGULAR = 1 << 20
CONTRASTS = 1 << 21
NEGATES = 1 << 22
GENERIC_WORD = 1 << 23
HEDGY = 1 << 24  # a filler or hedge by itself, or the last word of one
DETERMINES = 1 << 25
IMPERATIVE_V = 1 << 26
IMPERATIVE_W = 1 << 27
NOT_REPLY = 1 << 28  # a word no reply is made of
PLAIN = 1 << 29  # a lower-case content word: its frequency and strength count as they are
# Thirty flags keep every flag set a small integer, which Python combines fastest; the rarer
# tests (a deictic, a title, a word that could address someone) look the word up in its set.

# The two kinds of contextual token: closed-class words counted where they stand, and words
# whose class (name, number, hedge, content) depends on their neighbours.
CLOSED_CLASS = THIRD | PAST_FORM | CONTRASTS | NEGATES | GENERIC_WORD
OPEN_CLASS = NUMBER | ACRONYM | HEDGY | CAPITAL
# The flags that make a token contextual.  A capitalised function word ("The", "We") is only
# ever a sentence start, and an -s word only matters while a line shows no other present tense.
CONTEXTUAL = (CAPITAL | NUMBER | THIRD | PAST_FORM | ED_FORM | CONTRASTS | NEGATES) | (
    GENERIC_WORD | HEDGY
)

# Context-free counts travel packed in one integer per token, so that a line's totals are a
# single sum: 32-bit counts, then the plain content words' rarity and strength in thousandths,
# 64 bits each: room for any text that fits in memory.
_FIELD = 32
_COUNTS = (
    "words",
    "verbs",
    "function",
    "you",
    "we",
    "i",
    "indefinite",
    "definite",
    "present",
    "content",
    "not_reply",
    "contextual",
    "ends",
    "questions",
    "breaks",
)
_MILLI = 1000
_UNPACK = struct.Struct(f"<{len(_COUNTS)}I2Q")

# (flags, lower case, zipf, strength, stem, packed counts, token as written, rarity, rank,
# contextual, verb-like): strength, stem, rarity and rank (zipf, to find the rarest) are those of
# a plain content word, and 0, "" or _NOT_PLAIN for every other token; the last two are flags
# as booleans, for selecting tokens at C speed.
Lexeme = tuple[int, str, float, float, str, int, str, float, float, bool, bool]
_NOT_PLAIN = 99.0
_strength_of = itemgetter(3)
_stem_of = itemgetter(4)
_packed_of = itemgetter(5)
_rank_of = itemgetter(8)
_in_context = itemgetter(9)
_verb_like = itemgetter(10)


class _Chunks(dict[str, tuple[Lexeme, ...]]):
    """The tokens of each whitespace-separated chunk ("away.", "“societal-scale"), as lexemes,
    worked out on first sight."""

    def __missing__(self, chunk: str) -> tuple[Lexeme, ...]:
        if len(self) >= _CHUNKS_MAX:
            self.clear()
        found = self[chunk] = tuple(_lexeme(tok) for tok in TOKEN.findall(chunk))
        return found


# Enough for any vocabulary a transcript has; a long-running process clears it past this.
_CHUNKS_MAX = 200_000
_CHUNKS = _Chunks()


def _rarity(z: float) -> float:
    """How far below everyday frequency (Zipf 5.5: "people", "think") a content word lies."""
    return COMMON_ZIPF - z if z < COMMON_ZIPF else 0.0


@lru_cache(maxsize=1 << 17)
def _lexeme(tok: str) -> Lexeme:
    """What one token is: flags, frequency, emotional strength, stem and counts."""
    first = tok[0]
    if not (first.isalpha() or first.isdigit()):
        flags = END if first in SENTENCE_END else 0
        flags |= (OPENS if tok in OPENS_SENTENCE else 0) | (BREAK if tok in CLAUSE_BREAK else 0)
        packed = 0
        if flags & END:
            packed = 1 << (_FIELD * _COUNTS.index("ends"))
            packed |= ("?" in tok) << (_FIELD * _COUNTS.index("questions"))
        elif tok.startswith("--"):
            # Typed speech marks a false start or a broken-off clause with a double hyphen
            # ("we were -- we are building"); prose has its dashes ("—") instead.
            packed = 1 << (_FIELD * _COUNTS.index("breaks"))
        return flags, tok, 0.0, 0.0, "", packed, tok, 0.0, _NOT_PLAIN, False, False
    low = _spelt(tok.lower())
    head, apostrophe, tail = low.partition("'")
    base = head if apostrophe and tail != "t" else low
    table = zipf_table()
    z = zipf(low)
    valence = valence_table().get(low)
    function = base in FUNCTION or low.endswith("n't")
    suffix = low[len(base) :] if base != low else ""
    present = low in PRESENT or suffix in PRESENT_SUFFIX or (suffix == "'s" and base in IS_BEFORE_S)
    verb = present or low in VERBAL or suffix in VERB_SUFFIX
    flags = WORD
    for on, test in (
        (NUMBER, first.isdigit() or low in NUMBER_WORD),
        (ACRONYM, len(tok) > 1 and tok[1].isupper()),
        (CAPITAL, first.isupper() and base != "i"),
        (
            NAME_AT_START,
            any(c.isupper() for c in tok[1:])
            or (low not in table and not (low.endswith("'s") and low[:-2] in table)),
        ),
        (FUNCTION_WORD, function),
        (NOT_REPLY, low not in REPLY),
        (REPLY_OPEN, low in REPLY_OPENER),
        (CONNECT, low in CONNECTIVE),
        (INTERJECT, low in INTERJECTION),
        (POINTER, base in DEMONSTRATIVE or base in PRONOUN_THIRD),
        (THIRD, base in PRONOUN_THIRD),
        (PRESENT_FORM, present),
        (PAST_FORM, low in PAST),
        (ED_FORM, len(low) > 4 and low.endswith("ed") and not low.endswith("eed") and low in table),
        (S_FORM, len(low) > 3 and low[-1] == "s" and low[-2] not in "su'" and not function),
        (SUBJECT_WORD, low in SUBJECT_OR_WHO),
        (SINGULAR, low in SINGULAR_SUBJECT),
        (CONTRASTS, low in CONTRAST),
        (NEGATES, low in NEGATION or low.endswith("n't")),
        (GENERIC_WORD, low in GENERIC),
        (HEDGY, low in HEDGE_TRIGGER),
        (DETERMINES, low in DETERMINER),
        (IMPERATIVE_V, low in IMPERATIVE_VERB),
        (IMPERATIVE_W, low in IMPERATIVE_WORD),
    ):
        if test:
            flags |= on
    # Capitalised and hedge-prone words are content or not depending on where they stand.
    if not (function or flags & (NUMBER | ACRONYM | CAPITAL | HEDGY)):
        flags |= PLAIN
    if low in DEICTIC or (
        flags & CONTEXTUAL and not (flags & CAPITAL == flags & CONTEXTUAL and function)
    ):
        flags |= CONTEXT
    plain = bool(flags & PLAIN)
    strength = _strength(valence, z) if valence is not None and plain else 0.0
    rarity = _rarity(z) if plain else 0.0
    counts = (
        True,
        verb,
        function,
        base in PRONOUN_YOU,
        base in PRONOUN_WE,
        base in PRONOUN_I,
        low in ARTICLE_INDEFINITE,
        low == "the",
        present,
        plain,
        bool(flags & NOT_REPLY),
        bool(flags & CONTEXT),
        False,
        False,
    )
    packed = sum(int(c) << (_FIELD * n) for n, c in enumerate(counts))
    top = _FIELD * len(_COUNTS)
    packed |= round(rarity * _MILLI) << top | round(strength * _MILLI) << (top + 64)
    stem = low[:5] if plain else ""
    rank = z if plain else _NOT_PLAIN
    verb_like = bool(flags & (S_FORM | PLAIN))
    return (
        flags,
        low,
        z,
        strength,
        stem,
        packed,
        tok,
        rarity,
        rank,
        bool(flags & CONTEXT),
        verb_like,
    )


NO_TOKEN: Lexeme = (0, "", 0.0, 0.0, "", 0, "", 0.0, _NOT_PLAIN, False, False)


def _hedge(infos: list[Lexeme], k: int) -> str:
    """The filler or hedge that ends at token ``k``, judged with its neighbours, or ""."""
    low, nxt = infos[k][1], infos[k + 1][1]
    if low in FILLER_WORD or low in HEDGE_WORD:
        return low
    if low == "like":
        return "like," if nxt == "," else ""
    before = infos[k - 1] if k else NO_TOKEN
    if low in HEDGE_NOUN_OF:
        return f"{low} of" if nxt == "of" and not before[0] & DETERMINES else ""
    pair = (before[1], low)
    if pair in FILLER_SET_OFF:
        # Set off by punctuation: "you know," but not "what you know about it".
        ends = nxt == "" or nxt in CLAUSE_BREAK or nxt[0] in SENTENCE_END
        set_off = nxt or k < 2 or infos[k - 2][0] & (END | BREAK | OPENS)
        return " ".join(pair) if ends and set_off else ""
    if pair in FILLER_PHRASE:
        return " ".join(pair) if nxt == "" or nxt[0] in SENTENCE_END else ""
    if pair in HEDGE_PHRASE:
        return " ".join(pair)
    if k >= 2 and (infos[k - 2][1], *pair) in HEDGE_PHRASE:
        return " ".join((infos[k - 2][1], *pair))
    return ""


def _sentence_start(infos: list[Lexeme], k: int) -> bool:
    """Whether token ``k`` starts a sentence or a quotation, where every word is capitalised."""
    if k == 0 or infos[k - 1][0] & OPENS:
        return True
    return bool(infos[k - 1][0] & END) and not (k >= 2 and infos[k - 2][1] in TITLE)


def _is_name(infos: list[Lexeme], k: int) -> bool:
    """A capitalised word that names someone or something: "Biden", "LeCun's", "Tuesday".

    Mid-sentence a capital is enough.  At the start of a sentence every word has one, so there
    only an inner capital ("LeCun"), a word that is no common English word ("Yann"), or a word
    set off by a comma to address someone ("Jack, listen") counts.
    """
    flags = infos[k][0]
    if not flags & CAPITAL or flags & (ACRONYM | NUMBER):
        return False
    return (
        bool(flags & NAME_AT_START)
        or not _sentence_start(infos, k)
        or (infos[k + 1][1] == "," and _addresses(infos[k]))
    )


def _opening(infos: list[Lexeme]) -> tuple[str, str, str, str, int, str]:
    """Reply, connective, aside, dangling opener (and where it is) and imperative of a line's
    start.

    The wording proper starts after any reply ("No."), connective ("But"), interjection
    ("Well,") or address ("Jack,"): that is where a dangling reference or an imperative is
    looked for.
    """
    reply = connective = aside = ""
    words = 0
    for k, lexeme in enumerate(infos):
        flags, low = lexeme[0], lexeme[1]
        if not flags & WORD:
            if not flags:  # the end: every punctuation token has a flag
                break
            continue
        words += 1
        next_flags, nxt = infos[k + 1][:2]
        if flags & REPLY_OPEN and (not next_flags or next_flags & (END | BREAK)):
            reply = reply or low
        elif flags & CONNECT and words == 1:
            connective = low
        elif flags & INTERJECT and nxt == ",":
            aside = aside or lexeme[6]
        elif not (nxt == "," and _addresses(lexeme)):
            opener = low.partition("'")[0] if flags & POINTER else ""
            if (flags & IMPERATIVE_W and not (low == "do" and next_flags & SUBJECT_WORD)) or (
                flags & IMPERATIVE_V and not next_flags & (SUBJECT_WORD | PRESENT_FORM)
            ):
                return reply, connective, aside, opener, k, low
            return reply, connective, aside, opener, k, ""
    # No wording proper ("No, no, no."): it would start at the first of the two end markers.
    return reply, connective, aside, "", len(infos) - 2, ""


def extract(text: str, language: str = "en") -> Features:
    """Measure one candidate line.  Pure: the same text always gives the same features.

    ``language`` is a BCP 47 code: English is read here; any other language with the word lists
    of :mod:`quotecards.selector.lexicon` (Spanish, French, German, Portuguese, Italian, Chinese,
    Japanese, and a bare count of words and sentences for the rest).

    The caches behind it (word tables, tokens, chunks) only remember what a word is; they never
    carry anything from one line to the next.
    """
    if language != "en" and not language.startswith(("en-", "en_")):
        from quotecards.selector import lexicon

        return lexicon.measure(text, lexicon.lexicon(language))
    zipf_table()
    if text.isupper():
        # A shouted line is not a string of acronyms or names.
        text = text.lower()
    return _measure(text.replace("\u2019", "'").replace("\u2018", "'").strip(EDGES))


def _repeated(infos: list[Lexeme], stems_at: list[str], also_content: set[int]) -> str:
    """The first content word whose stem came before: "closer" after "close"."""
    at: Iterable[int] = compress(range(len(stems_at)), stems_at)
    if also_content:
        at = sorted({*at, *also_content})
    seen: set[str] = set()
    for k in at:
        stem = stems_at[k] or infos[k][1][:5]
        if stem in seen:
            return infos[k][1]
        seen.add(stem)
    return ""


def _measure(text: str) -> Features:
    """The features of a normalised line: its tokens summed, then the contextual ones read."""
    infos = list(chain.from_iterable(map(_CHUNKS.__getitem__, text.split())))
    n = len(infos)
    infos.append(NO_TOKEN)
    infos.append(NO_TOKEN)
    reply_opener, connective, aside, opener, start, command = _opening(infos)

    # Context-free: summed over all tokens at once.
    packed = sum(map(_packed_of, infos)).to_bytes(_UNPACK.size, "little")
    *counts, rarity_milli, strength_milli = _UNPACK.unpack(packed)
    (words, verbs, function, you, we, i, indefinite, definite, present, content) = counts[:10]
    not_reply, contextual, sentences, questions, breaks = counts[10:]
    rarity_sum = rarity_milli / _MILLI
    intensity = strength_milli / _MILLI
    rarest = min(infos, key=_rank_of)
    strongest = max(infos, key=_strength_of)
    stems_at = list(map(_stem_of, infos))
    stems = list(filter(None, stems_at))
    antecedent = stems_at.index(stems[0]) if stems else n

    # In context: the few tokens whose meaning depends on their neighbours.
    third: list[str] = []
    resolved: list[str] = []
    past: list[str] = []
    contrast: list[str] = []
    negation: list[str] = []
    generic: list[str] = []
    fillers: list[str] = []
    hedges: list[str] = []
    numbers: list[str] = []
    names: list[str] = []
    deictic: list[str] = []
    also_content: set[int] = set()
    if contextual:
        for k in compress(range(n), map(_in_context, infos)):
            lexeme = infos[k]
            flags, low = lexeme[0], lexeme[1]
            if flags & CLOSED_CLASS:
                if flags & THIRD and k != start:
                    (resolved if antecedent < k else third).append(low)
                if flags & PAST_FORM:
                    past.append(low)
                # "yet" contrasts only at the head of a clause ("yet it moves"), not "not yet".
                if (
                    flags & CONTRASTS
                    and k >= start
                    and (low != "yet" or k == 0 or infos[k - 1][0] & (END | BREAK))
                ):
                    contrast.append(low)
                if flags & NEGATES and (k >= start or low != reply_opener):
                    negation.append(low)
                if flags & GENERIC_WORD:
                    generic.append(low)
            if flags & OPEN_CLASS:
                if flags & NUMBER:
                    numbers.append(lexeme[6])
                    continue
                if flags & ACRONYM:
                    continue  # "AI", "LLMs": neither a name to avoid nor a word to look up
                if flags & HEDGY:
                    hedged = _hedge(infos, k)
                    if hedged:
                        (fillers if hedged in FILLERS else hedges).append(hedged)
                        function += not flags & FUNCTION_WORD  # "kind of": scaffolding here
                        continue
                if flags & CAPITAL and _is_name(infos, k):
                    names.append(lexeme[6])
                    antecedent = min(antecedent, k)
                    continue
                if not flags & FUNCTION_WORD:
                    # A capitalised sentence start ("Machine") or an unhedged "kind": content.
                    lexeme = _as_content(lexeme)
                    content += 1
                    rarity_sum += lexeme[7]
                    intensity += lexeme[3]
                    stems.append(lexeme[4])
                    also_content.add(k)
                    antecedent = min(antecedent, k)
                    rarest = min(rarest, lexeme, key=_rank_of)
                    strongest = max(strongest, lexeme, key=_strength_of)
            if low in DEICTIC and (k > start or (k == start and not opener)):
                # A dangling opener ("This is...") is already counted as one; a "Now," or "Look
                # here," before the wording proper is a discourse marker, not a pointer.
                deictic.append(low)
            if flags & ED_FORM:
                # Past only right after its subject: elsewhere an -ed word is as often a
                # participle ("a model called Llama", "supercharged misinformation").
                before = infos[k - 1][0] if k else 0
                if before & SUBJECT_WORD or (k and _is_name(infos, k - 1)):
                    past.append(low)
    if not (present or past) and (
        not verbs or not (third or opener or names or numbers or questions or deictic)
    ):
        # A verb in -s after a noun or "he", "everyone" ("machine learning sucks"), or any
        # plain word after "I", "we", "they" ("we ship it").  Looked for only where it decides
        # whether a line is a general, present-tense claim or whether it has a verb at all: a
        # slow pass, and rarely needed.
        for k in compress(range(1, n), map(_verb_like, islice(infos, 1, None))):
            flags, (before, word_before) = infos[k][0], infos[k - 1][:2]
            if word_before in PREVERBAL and k >= 2:
                # "nothing ever changes", "we always ship": the subject stands before the adverb.
                before, word_before = infos[k - 2][:2]
            if (
                flags & S_FORM
                and before & WORD
                and (before & SINGULAR or not before & FUNCTION_WORD)
            ) or (
                flags & PLAIN
                and (before & (SUBJECT_WORD | S_FORM) or word_before in PLURAL_SUBJECT)
                and not flags & ED_FORM
            ):
                present += 1
    if n and infos[n - 1][0] & WORD:
        sentences += 1

    repeated = ""
    if len(set(stems)) < len(stems):
        repeated = _repeated(infos, stems_at, also_content)
    ends_with_question = n > 0 and "?" in infos[n - 1][6]
    imperative = "" if ends_with_question else command
    if imperative and imperative not in ADVICE_OPENER:
        # Stage business, not advice (see ADVICE_OPENER): a bare command, a particle of place
        # after the verb (or after its "me"), or a "here" or "now" in the line.
        after = start + 2 if infos[start + 1][1] in OBJECT_PERSON else start + 1
        if words <= 3 or deictic or infos[after][1] in STAGE_PARTICLE:
            imperative = ""
    last = n - 1
    while last > 0 and not infos[last][0] & WORD:
        last -= 1
    unfinished = infos[last][1] if words > 1 and infos[last][1] in UNFINISHED else ""
    strong = strongest[3] > 0
    plain = rarest[8] != _NOT_PLAIN
    # In field order, straight into the tuple: binding 41 arguments by name costs more than the
    # rest of building it.
    return _new_features(
        Features,
        (
            words,
            sentences,
            verbs,
            you,
            we,
            i,
            present,
            indefinite,
            definite,
            content,
            rarity_sum / content if content else 0.0,
            rarest[8] if plain else 0.0,
            function / words if words else 0.0,
            intensity,
            valence_table()[strongest[1]] if strong else 0.0,
            strongest[3],
            questions,
            breaks,
            tuple(third) if third else (),
            tuple(resolved) if resolved else (),
            tuple(past) if past else (),
            tuple(contrast) if contrast else (),
            tuple(negation) if negation else (),
            tuple(generic) if generic else (),
            tuple(fillers) if fillers else (),
            tuple(hedges) if hedges else (),
            tuple(numbers) if numbers else (),
            tuple(names) if names else (),
            tuple(deictic) if deictic else (),
            0 < words <= 4 and not not_reply,
            reply_opener,
            opener,
            connective,
            aside,
            imperative,
            rarest[6] if plain else "",
            strongest[6] if strong else "",
            repeated,
            ends_with_question,
            words >= 3 and not (verbs or present or past or command or _commands(infos, start)),
            unfinished,
        ),
    )


def _addresses(lexeme: Lexeme) -> bool:
    """Whether a word set off by a comma at the start of a sentence addresses someone: a name or
    a term of address ("Jack,", "Honey,"), not an interjection or an adverb ("Well,", "Sorry,",
    "Honestly,")."""
    flags, low = lexeme[0], lexeme[1]
    return not (flags & FUNCTION_WORD or low in NOT_ADDRESS or low.endswith("ly"))


def _commands(infos: list[Lexeme], k: int) -> bool:
    """Whether the wording proper, at token ``k``, opens with a command whose verb is not
    listed: an open-class word before an object or particle ("Hand me", "Sell the car")."""
    flags = infos[k][0]
    return bool(flags & WORD and not flags & FUNCTION_WORD and infos[k + 1][1] in OBJECT_START)


@lru_cache(maxsize=1 << 14)
def _as_content(lexeme: Lexeme) -> Lexeme:
    """A capitalised or hedge-prone word's lexeme when it turns out to be a plain content word."""
    flags, low, z, _, _, packed, tok, _, _, context, verb_like = lexeme
    valence = valence_table().get(low)
    strength = _strength(valence, z) if valence is not None else 0.0
    return flags | PLAIN, low, z, strength, low[:5], packed, tok, _rarity(z), z, context, verb_like
