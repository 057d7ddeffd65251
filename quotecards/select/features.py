"""What a line's wording says about its quotability, measured without judging it.

``extract`` reads one candidate (a sentence, a run of sentences, or a trim like
"…efficiently…") and returns :class:`Features`: counts and the words behind them, so that
:mod:`quotecards.select.scoring` can weigh them and quote the evidence back to an editor.

The measures follow what makes a line travel on its own (Danescu-Niculescu-Mizil et al.,
"You had me at hello: How phrasing affects memorability", ACL 2012): uncommon words in a common
frame, and generality (few third-person pronouns, "a" over "the", present over past tense);
plus what a pull-quote needs: a card-friendly length, no dangling reference or answer fragment,
no hedging, strong words.

There is no part-of-speech tagger: closed word classes are listed here and everything else is
read from the word tables in ``quotecards/data`` (see its README), loaded once, on first use.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# Words below the 50,000 most frequent (the table's floor is Zipf ~2.5) count as this rare.
UNLISTED_ZIPF = 2.3

# Content words at least this common (Zipf 5.5: "people", "think", "good") carry no rarity.
COMMON_ZIPF = 5.5

# Letters with inner apostrophes ("don't", "we're"), numbers ("2013", "3.5"), and the
# punctuation that matters: sentence ends, and the commas and dashes that set off fillers.
TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*|\d+(?:[.,:/]\d+)*|[.!?…]+|[,;:—–]|-{2,}| - ")
SENTENCE_END = frozenset(".!?…")
CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "--", " - "})
# A trimmed candidate keeps its ellipses and quotation marks; they are not part of the wording.
EDGES = " \t\r\n\"'“”‘’«»()[]…-–—.,;:"

ARTICLE_INDEFINITE = frozenset({"a", "an"})
PRONOUN_THIRD = frozenset(
    {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
    | {"they", "them", "their", "theirs", "themselves", "it", "its", "itself"}
)
DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
PRONOUN_YOU = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya"})
PRONOUN_WE = frozenset({"we", "us", "our", "ours", "ourselves"})
PRONOUN_I = frozenset({"i", "me", "my", "mine", "myself"})
SUBJECT = frozenset({"i", "you", "we", "they", "he", "she", "it", "there"})

# Opening words that continue an earlier sentence rather than start a thought.
CONNECTIVE = frozenset({"and", "but", "or", "nor", "so", "because", "which", "also", "plus"})
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
NEGATION |= frozenset({"nor", "cannot", "without", "no-one"})
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
    | {"sang", "swam", "shook", "struck", "stole", "wept", "ago", "yesterday"}
)
# After these an -ed word is a participle (perfect, passive, or an adjective), not past tense.
PARTICIPLE_BEFORE = frozenset(
    {"is", "are", "am", "be", "been", "being", "was", "were", "have", "has", "had", "get"}
    | {"got", "gets", "getting", "i'm", "you're", "we're", "they're", "it's", "he's", "she's"}
    | {"i've", "you've", "we've", "they've", "that's", "isn't", "aren't", "a", "an", "the"}
    | {"so", "very", "too", "not", "never", "feel", "feels", "look", "looks", "seem", "seems"}
    | {"become", "becomes", "stay", "stays", "remain", "more", "most", "less", "least"}
)
# The -s form of a verb follows a content word or one of these ("machine learning sucks").
SINGULAR_SUBJECT = frozenset({"he", "she", "it", "this", "that", "who", "what", "one", "nobody"})
SINGULAR_SUBJECT |= frozenset({"everyone", "everybody", "everything", "nothing", "something"})
SINGULAR_SUBJECT |= frozenset({"someone", "somebody", "anyone", "anything", "which", "life"})
# Contractions that carry a present-tense verb: "we're", "I'm", "you've", "it's".
PRESENT_SUFFIX = frozenset({"'re", "'m", "'ve", "'ll"})
IS_BEFORE_S = SINGULAR_SUBJECT | DEMONSTRATIVE | {"there", "here", "what's", "where", "how"}

NUMBER_WORD = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
    | {"thirteen", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred"}
    | {"thousand", "million", "billion", "trillion", "percent", "dozen", "half"}
)

# Fillers say nothing; hedges weaken the claim.  Both as they are spoken: "you know" and "I
# mean" only when set off by commas or ending the sentence, "kind of" / "sort of" only when no
# determiner makes them a noun phrase ("what kind of man").
FILLER_WORD = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm", "uh-huh"})
FILLER_SET_OFF = frozenset({("you", "know"), ("i", "mean"), ("you", "see")})
FILLER_PHRASE = frozenset({("or", "something"), ("and", "stuff"), ("and", "everything")})
HEDGE_WORD = frozenset({"maybe", "perhaps", "probably", "possibly", "somewhat", "basically"})
HEDGE_WORD |= frozenset({"kinda", "sorta", "arguably", "presumably", "hopefully", "somehow"})
# A pair, and the third word it needs ("more or less"), or "" when two words make the hedge.
HEDGE_PHRASE = {
    ("i", "think"): "",
    ("i", "guess"): "",
    ("i", "suppose"): "",
    ("i", "believe"): "",
    ("i", "feel"): "",
    ("it", "seems"): "",
    ("a", "bit"): "",
    ("more", "or"): "less",
    ("in", "a"): "way",
    ("to", "some"): "extent",
}
HEDGE_NOUN_OF = frozenset({"kind", "sort"})
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
    | {"the", "of", "to", "in", "for", "on", "with", "at", "by", "from", "up", "about", "into"}
    | {"over", "after", "before", "under", "between", "out", "off", "down", "through", "as"}
    | {"than", "like", "if", "then", "when", "while", "where", "why", "how", "what", "who"}
    | {"whom", "whose", "there", "here", "is", "are", "am", "was", "were", "be", "been"}
    | {"being", "do", "does", "did", "have", "has", "had", "will", "would", "shall", "should"}
    | {"can", "could", "may", "might", "must", "not", "no", "just", "only", "very", "too"}
    | {"also", "even", "still", "some", "any", "each", "other", "such", "own", "same", "more"}
    | {"most", "much", "many", "few", "own", "one", "ones", "own", "get", "got", "go", "going"}
    | {"gonna", "wanna", "gotta", "oh", "yes", "yeah", "ok", "okay", "well", "now", "again"}
    | {"ever", "once", "cannot", "let", "let's", "lot", "thing", "things", "way", "really"}
    | {"something", "someone", "somebody", "anything", "anyone", "everything", "everyone"}
    | {"nothing", "nobody", "all", "both", "either", "neither", "every", "whatever", "whoever"}
    | {"against", "around", "because", "since", "until", "unless", "although", "though", "yet"}
    | {"without", "within", "upon", "onto", "toward", "towards", "across", "along", "behind"}
    | {"know", "think", "say", "said", "make", "made", "want", "need", "mean", "right", "sure"}
)


@dataclass(frozen=True, slots=True)
class Features:
    """Counts and the words behind them; no weights, no verdict."""

    words: int
    sentences: int
    fragment: bool  # nothing but reply words: "No.", "Yes, exactly."
    reply_opener: str  # "no" in "No. We're missing something big."
    opener: str  # a dangling first word: "this", "they", "it"
    connective: str  # an opening "and", "but", "so"
    imperative: str  # the word that opens a command: "never", "don't", "keep"
    third_person: tuple[str, ...]
    you: int
    we: int
    i: int
    present: int
    past: tuple[str, ...]
    indefinite: int
    definite: int
    contrast: tuple[str, ...]
    negation: tuple[str, ...]
    generic: tuple[str, ...]
    content: int
    rarity: float  # mean over content words of how far below everyday frequency each lies
    rarest: str
    rarest_zipf: float
    function_share: float
    intensity: float  # sum of |valence| over content words
    strongest: str
    strongest_valence: float
    fillers: tuple[str, ...]
    hedges: tuple[str, ...]
    numbers: tuple[str, ...]
    names: tuple[str, ...]
    questions: int  # sentences that end in "?"
    ends_with_question: bool
    longest_sentence: int

    def as_dict(self) -> dict[str, float]:
        """The numbers, for debugging and JSON; word lists become their counts."""
        out: dict[str, float] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, tuple):
                out[name] = float(len(value))
            elif isinstance(value, str):
                out[name] = float(bool(value))
            else:
                out[name] = float(value)
        return out


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


def _base(low: str) -> str:
    """ "they're" -> "they", "don't" -> "don't": the pronoun inside a contraction."""
    head, sep, tail = low.partition("'")
    if sep and tail != "t":
        return head
    return low


def extract(text: str) -> Features:
    """Measure one candidate line.  Pure: the same text always gives the same features."""
    zipfs = zipf_table()
    valences = valence_table()
    tokens = TOKEN.findall(text.replace("’", "'").replace("‘", "'").strip(EDGES))
    # An all-capitals line is shouted, not a string of acronyms.
    shouted = text.isupper()

    words = sentences = questions = sentence_words = longest = 0
    fragment = True
    reply_opener = opener = connective = imperative = ""
    third: list[str] = []
    past: list[str] = []
    contrast: list[str] = []
    negation: list[str] = []
    generic: list[str] = []
    fillers: list[str] = []
    hedges: list[str] = []
    numbers: list[str] = []
    names: list[str] = []
    you = we = i = present = indefinite = definite = function = 0
    content = 0
    rarity_sum = 0.0
    rarest = ""
    rarest_zipf = 9.0
    intensity = 0.0
    strongest = ""
    strongest_valence = 0.0
    lows = [t.lower() for t in tokens]
    # The wording proper starts after any reply ("No."), connective ("But") or interjection
    # ("Well,"): that is where a dangling reference or an imperative is looked for.
    opening = True
    prev = ""  # previous token, lower case, punctuation included
    prev_word = ""  # previous word token, lower case
    initial = True  # at the start of a sentence
    n = len(tokens)
    for k, tok in enumerate(tokens):
        low = lows[k]
        first = tok[0]
        if first in SENTENCE_END:
            if sentence_words:
                sentences += 1
                longest = max(longest, sentence_words)
                if "?" in tok:
                    questions += 1
            sentence_words = 0
            initial = True
            prev = low
            continue
        if not (first.isalpha() or first.isdigit()):
            if low == ":":
                initial = True
            prev = low
            continue

        words += 1
        sentence_words += 1
        nxt = lows[k + 1] if k + 1 < n else ""
        base = _base(low)
        if low not in REPLY:
            fragment = False

        preamble = opening
        if opening:
            if low in REPLY_OPENER and (nxt == "" or nxt in CLAUSE_BREAK or nxt[0] in SENTENCE_END):
                reply_opener = reply_opener or low
            elif low in CONNECTIVE and not connective and words == 1:
                connective = low
            elif low in INTERJECTION and nxt == ",":
                pass
            else:
                opening = preamble = False
                if base in DEMONSTRATIVE or base in PRONOUN_THIRD:
                    opener = base
                if (low in IMPERATIVE_WORD and not (low == "do" and nxt in SUBJECT)) or (
                    low in IMPERATIVE_VERB and nxt not in SUBJECT and nxt not in PRESENT
                ):
                    imperative = low

        if base in PRONOUN_THIRD:
            if base != opener or third or preamble:
                third.append(low)
        elif base in PRONOUN_YOU:
            you += 1
        elif base in PRONOUN_WE:
            we += 1
        elif base in PRONOUN_I:
            i += 1
        if low in ARTICLE_INDEFINITE:
            indefinite += 1
        elif low == "the":
            definite += 1

        if low in PRESENT or (base != low and low[len(base) :] in PRESENT_SUFFIX):
            present += 1
        elif base != low and low.endswith("'s") and base in IS_BEFORE_S:
            present += 1
        elif low in PAST:
            past.append(low)
        elif (
            len(low) > 4
            and low.endswith("ed")
            and not low.endswith("eed")
            and prev_word
            and prev_word not in PARTICIPLE_BEFORE
            and low in zipfs
        ):
            past.append(low)
        elif (
            len(low) > 3
            and low[-1] == "s"
            and low[-2] not in "su'"
            and low not in FUNCTION
            and (prev_word in SINGULAR_SUBJECT or (prev_word and prev_word not in FUNCTION))
        ):
            present += 1

        # "yet" contrasts only at the head of a clause ("yet it moves"), not as "not yet".
        if not preamble and low in CONTRAST and (low != "yet" or prev in CLAUSE_BREAK or initial):
            contrast.append(low)
        if (low in NEGATION or low.endswith("n't")) and not (preamble and low == reply_opener):
            negation.append(low)
        if low in GENERIC:
            generic.append(low)

        # Fillers and hedges, judged with their neighbours.
        pair = (low, nxt)
        after = lows[k + 2] if k + 2 < n else ""
        hedged = True
        if low in FILLER_WORD:
            fillers.append(low)
        elif pair in FILLER_SET_OFF and (
            after == "" or after in CLAUSE_BREAK or after[0] in SENTENCE_END
        ):
            fillers.append(f"{low} {nxt}")
        elif pair in FILLER_PHRASE and (after == "" or after[0] in SENTENCE_END):
            fillers.append(f"{low} {nxt}")
        elif low == "like" and nxt == ",":
            fillers.append("like,")
        elif low in HEDGE_WORD:
            hedges.append(low)
        elif low in HEDGE_NOUN_OF and nxt == "of" and prev_word not in DETERMINER:
            hedges.append(f"{low} of")
        elif pair in HEDGE_PHRASE and HEDGE_PHRASE[pair] in ("", after):
            hedges.append(" ".join((low, nxt, HEDGE_PHRASE[pair])).rstrip())
        else:
            hedged = False

        if first.isdigit() or low in NUMBER_WORD:
            numbers.append(tok)
        elif (
            first.isupper()
            and not initial
            and not shouted
            and base != "i"
            and (len(tok) <= 5 or not tok.isupper())
        ):
            names.append(tok)
        elif hedged or base in FUNCTION or low.endswith("n't"):
            function += 1
        else:
            z = zipfs.get(low)
            if z is None:
                z = zipf(low)
            content += 1
            if z < COMMON_ZIPF:
                rarity_sum += COMMON_ZIPF - z
            if z < rarest_zipf:
                rarest, rarest_zipf = tok, z
            v = valences.get(low)
            if v is not None:
                intensity += abs(v)
                if abs(v) > abs(strongest_valence):
                    strongest, strongest_valence = tok, v

        initial = False
        prev = low
        prev_word = low

    if sentence_words:
        sentences += 1
        longest = max(longest, sentence_words)
    ends_with_question = bool(tokens) and "?" in tokens[-1]
    return Features(
        words=words,
        sentences=sentences,
        fragment=fragment and words > 0,
        reply_opener=reply_opener,
        opener=opener,
        connective=connective,
        imperative=imperative if not ends_with_question else "",
        third_person=tuple(third),
        you=you,
        we=we,
        i=i,
        present=present,
        past=tuple(past),
        indefinite=indefinite,
        definite=definite,
        contrast=tuple(contrast),
        negation=tuple(negation),
        generic=tuple(generic),
        content=content,
        rarity=rarity_sum / content if content else 0.0,
        rarest=rarest,
        rarest_zipf=rarest_zipf if rarest else 0.0,
        function_share=function / words if words else 0.0,
        intensity=intensity,
        strongest=strongest,
        strongest_valence=strongest_valence,
        fillers=tuple(fillers),
        hedges=tuple(hedges),
        numbers=tuple(numbers),
        names=tuple(names),
        questions=questions,
        ends_with_question=ends_with_question,
        longest_sentence=longest,
    )
