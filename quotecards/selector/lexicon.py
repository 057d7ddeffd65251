"""The wording of a line in a language other than English, measured with that language's lexicon.

English has its own, finer reading in :mod:`quotecards.selector.features` (a tagger-free grammar
of its tenses, commands and names).  Every other language is read here from a data file,
``quotecards/data/lexicon_<code>.toml``: its small words, fillers, hedges, negations and
contrasts, written by hand, and the word frequencies wordfreq publishes for it
(``wordfreq_<code>.tsv.gz``, as for English).  The result is the same
:class:`~quotecards.selector.features.Features`, so one scoring weighs every language alike.

What is not read outside English, and why, so that nothing is guessed:

- strong words: VADER's valences are English; no line gains or loses for its emotional words;
- commands and verbless fragments: telling a verb from a noun needs each language's morphology;
- tense: past tense is read from the commonest past forms and the endings of the imperfect; a
  line with no mark of the past reads as present (what makes "a general, present-tense claim").

Chinese and Japanese are written without spaces: their lists are found as parts of the line, and
the line's length is its characters turned into words at the measured rate (``CHARS_PER_WORD``).
Word rarity and lexical density are not measured there (they need a word segmenter and a table
per word): they count as neutral, neither a virtue nor a fault.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from quotecards.selector.features import (
    COMMON_ZIPF,
    DATA,
    EDGES,
    UNLISTED_ZIPF,
    Features,
)

__all__ = ["CHARS_PER_WORD", "Lexicon", "base_language", "lexicon", "measure"]

# Characters of Chinese or Japanese per English word, measured on lines written in both
# (README, "Languages"): a card holds about as many characters at these rates as words.
CHARS_PER_WORD = {"ja": 2.0, "zh": 1.2}

# What a language's words are when its lexicon cannot say: neither rare nor common, and as
# much scaffolding as talk usually has, so that neither counts for or against a line.
NEUTRAL_RARITY = 0.7
NEUTRAL_FUNCTION_SHARE = 0.6

# Letters (with inner apostrophes: "aujourd'hui", "l'homme"), numbers, the punctuation that
# matters (sentence ends, Spanish opening marks, clause breaks and typed false starts).
_TOKEN = re.compile(
    r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:/]\d+)*|[.!?\u2026]+|[\u00bf\u00a1]"
    r"|[,;:\u2014\u2013\"\u201c\u00ab(]|-{2,}"
)
_END = frozenset(".!?…")
_BREAK = frozenset({",", ";", ":", "\u2014", "\u2013", "--"})
_OPENS = frozenset({":", '"', "\u201c", "\u00ab", "(", "\u00bf", "\u00a1"})
# Letters of a script written without spaces: kana and CJK ideographs.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff]")
_LATIN_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|\d+")
_CJK_END = re.compile(r"[。！？!?]+")
_CJK_PUNCTUATION = re.compile(r"[\s。！？!?、，,．.・…「」『』（）()“”\"'：:；;～〜ー—-]+")


def base_language(code: str) -> str:
    """``es-MX`` -> ``es``, ``zh-Hans`` -> ``zh``: the lexicons are per language."""
    return code.replace("_", "-").split("-")[0].lower() or "en"


@dataclass(frozen=True, slots=True)
class Phrase:
    """A filler, hedge or contrast of one or more tokens.  In the data files a leading comma
    (",pues") means it counts only set off by punctuation or at a sentence's start ("Pues, ..."
    but not "... pues es caro"), a trailing one ("y eso,") only before punctuation or the end."""

    tokens: tuple[str, ...]
    set_off: bool
    text: str
    closes: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's word lists (see the data files for what each one holds)."""

    code: str
    name: str
    unspaced: bool = False
    capitalised_nouns: bool = False
    function: frozenset[str] = frozenset()
    you: frozenset[str] = frozenset()
    we: frozenset[str] = frozenset()
    i: frozenset[str] = frozenset()
    third: frozenset[str] = frozenset()
    demonstrative: frozenset[str] = frozenset()
    indefinite: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()
    connective: frozenset[str] = frozenset()
    reply: frozenset[str] = frozenset()
    reply_opener: frozenset[str] = frozenset()
    interjection: frozenset[str] = frozenset()
    negation: frozenset[str] = frozenset()
    absolute: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    deictic: frozenset[str] = frozenset()
    unfinished: frozenset[str] = frozenset()
    number: frozenset[str] = frozenset()
    past: frozenset[str] = frozenset()
    past_endings: tuple[str, ...] = ()
    perfect: frozenset[str] = frozenset()
    participle_endings: tuple[str, ...] = ()
    perfect_be: frozenset[str] = frozenset()
    past_pattern: re.Pattern[str] | None = None
    leading: re.Pattern[str] | None = None
    be_participles: frozenset[str] = frozenset()
    contrast: tuple[Phrase, ...] = ()
    fillers: tuple[Phrase, ...] = ()
    hedges: tuple[Phrase, ...] = ()
    zipf: dict[str, float] | None = None

    @property
    def closed(self) -> frozenset[str]:
        """Every word of a closed class: none of them is a content word."""
        return (
            self.function
            | self.you
            | self.we
            | self.i
            | self.third
            | self.demonstrative
            | self.indefinite
            | self.definite
            | self.connective
            | self.negation
        )


_WORD_SETS = (
    "function you we i third demonstrative indefinite definite connective reply reply_opener"
    " interjection negation absolute generic deictic unfinished number past perfect perfect_be"
).split()


@cache
def lexicon(code: str) -> Lexicon:
    """The lexicon of a language; a bare one (words and sentences counted, nothing else read)
    for a language quotecards has none for."""
    code = base_language(code)
    path = DATA / f"lexicon_{code}.toml"
    if not path.is_file():
        return Lexicon(code, code)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    unspaced = bool(raw.get("unspaced", False))
    sets: dict[str, frozenset[str]] = {}
    for key in _WORD_SETS:
        value = raw.get(key, "")
        words = value if isinstance(value, list) else value.split()
        sets[key] = frozenset(w if unspaced else w.casefold() for w in words)
    path = DATA / f"wordfreq_{code}.tsv.gz"
    table = _read_zipf(path) if path.is_file() else None
    return Lexicon(
        code,
        raw.get("name", code),
        unspaced,
        bool(raw.get("capitalised_nouns", False)),
        past_endings=tuple(raw.get("past_endings", "").split()),
        participle_endings=tuple(raw.get("participle_endings", "").split()),
        be_participles=frozenset(_inflected(raw.get("be_participles", "").split())),
        past_pattern=re.compile(raw["past_pattern"]) if "past_pattern" in raw else None,
        leading=_leading(raw, unspaced),
        contrast=_phrases(raw.get("contrast", []), unspaced, table),
        fillers=_phrases(raw.get("fillers", []), unspaced, table),
        hedges=_phrases(raw.get("hedges", []), unspaced, table),
        zipf=table,
        **sets,
    )


def _phrases(
    entries: list[str] | str, unspaced: bool, table: dict[str, float] | None
) -> tuple[Phrase, ...]:
    if isinstance(entries, str):
        entries = entries.split()
    out = []
    for entry in entries:
        text = entry.strip(",").strip().replace("\u2019", "'")
        # Tokenised as a line is, so that "c'est la vie" is found in "C'est la vie."
        tokens = (text,) if unspaced else tuple(_split_elisions(_tokens(text.casefold()), table))
        out.append(Phrase(tokens, entry.startswith(","), text, entry.endswith(",")))
    # Longest first, so that "qué le vas a hacer" is found before "a".
    return tuple(sorted(out, key=lambda p: (-len(p.tokens), -len(p.text))))


def _leading(raw: dict, unspaced: bool) -> re.Pattern[str] | None:
    """What opens a sentence that a card shows without: a conjunction and a space ("Pero "), or
    discourse markers each set off by a comma ("Bueno, pues, "); in Chinese and Japanese the
    markers before a 、 or ，."""
    words = raw.get("leading", "").split()
    marks = raw.get("leading_set_off", [])
    if isinstance(marks, str):
        marks = marks.split()
    if not words and not marks:
        return None
    if unspaced:
        marker = "|".join(map(re.escape, sorted(marks, key=len, reverse=True)))
        return re.compile(rf"(?:(?:{marker})[、，,]\s*)+(?=\S)")
    set_off = "|".join(map(re.escape, sorted(marks, key=len, reverse=True)))
    conjunction = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(
        rf"(?i:(?:(?:{set_off}),[ \t]+|(?:{conjunction})[ \t]+)(?:(?:{set_off}),[ \t]+)*)(?=\S)"
    )


def _inflected(participles: list[str]) -> list[str]:
    """Every form of a participle: French "allé" -> "allée", "allés", "allées"; Italian "stato"
    -> "stata", "stati", "state"."""
    out = []
    for word in participles:
        if word.endswith("o"):
            out += [word[:-1] + ending for ending in "oaie"]
        else:
            out += [word, word + "e", word + "s", word + "es"]
    return out


def _read_zipf(path) -> dict[str, float]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {
            word: float(value)
            for word, value in (line.rstrip("\n").split("\t") for line in lines if line[0] != "#")
        }


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def measure(text: str, lex: Lexicon) -> Features:
    """The features of one candidate line in the lexicon's language.  Pure."""
    if text.isupper():
        text = text.lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip(EDGES + "¿¡「」『』")
    if lex.unspaced:
        return _measure_unspaced(text, lex)
    return _measure_spaced(text, lex)


def _split_elisions(tokens: list[str], table: dict[str, float] | None) -> list[str]:
    """Elisions apart: "l'homme" -> "l'", "homme", where the whole is no word of the table
    ("aujourd'hui" is).  The elided article or pronoun keeps its apostrophe and is not counted
    as a word: "c'est" is one word to a reader, and to a card's length."""
    out: list[str] = []
    for tok in tokens:
        if "'" in tok and (table is None or tok.casefold() not in table):
            *clitics, word = tok.split("'")
            out += [clitic + "'" for clitic in clitics if clitic]
            out.append(word)
        else:
            out.append(tok)
    return out


def _measure_spaced(text: str, lex: Lexicon) -> Features:
    toks = _split_elisions(_tokens(text), lex.zipf)
    lows = [t.casefold() for t in toks]
    n = len(toks)
    is_word = [(t[0].isalpha() or t[0].isdigit()) and t[-1] != "'" for t in toks]
    word_at = [k for k in range(n) if is_word[k]]
    words = len(word_at)
    ends = [k for k in range(n) if toks[k][0] in _END]
    questions = sum("?" in toks[k] for k in ends)
    sentences = len(ends) + (1 if n and is_word[-1] else 0)
    breaks = sum(t.startswith("--") for t in toks)

    def starts_sentence(k: int) -> bool:
        return k == 0 or toks[k - 1] in _OPENS or toks[k - 1][0] in _END

    def closes_at(last: int) -> bool:
        return last == n - 1 or toks[last + 1] in _BREAK or toks[last + 1][0] in _END

    def set_off_at(first: int, last: int) -> bool:
        before = first == 0 or toks[first - 1] in _BREAK or starts_sentence(first)
        return before or closes_at(last)

    # Fillers, hedges and contrasts of several words, longest first, each token used once.
    covered: dict[int, str] = {}
    fillers: list[str] = []
    hedges: list[str] = []
    contrast: list[str] = []
    for kind, phrases in (
        ("filler", lex.fillers),
        ("hedge", lex.hedges),
        ("contrast", lex.contrast),
    ):
        for phrase in phrases:
            size = len(phrase.tokens)
            for k in range(n - size + 1):
                if tuple(lows[k : k + size]) != phrase.tokens or any(
                    j in covered for j in range(k, k + size)
                ):
                    continue
                if phrase.set_off and not set_off_at(k, k + size - 1):
                    continue
                if phrase.closes and not closes_at(k + size - 1):
                    continue
                for j in range(k, k + size):
                    covered[j] = kind
                (fillers if kind == "filler" else hedges if kind == "hedge" else contrast).append(
                    phrase.text
                )

    # The start: a reply ("Sí."), a connective ("Pero"), an aside ("Bueno,"), then the wording.
    reply_opener = connective = aside = opener = ""
    start = n
    for position, k in enumerate(word_at):
        low = lows[k]
        nxt = toks[k + 1] if k + 1 < n else ""
        set_off = nxt == "" or nxt in _BREAK or nxt[0] in _END
        if covered.get(k) == "filler":
            continue
        if low in lex.reply_opener and set_off and not reply_opener:
            reply_opener = low
        elif low in lex.connective and position == 0:
            connective = low
        elif low in lex.interjection and nxt == ",":
            aside = aside or toks[k]
        else:
            start = k
            if low in lex.demonstrative or low in lex.third:
                opener = low
            break

    table = lex.zipf
    closed = lex.closed
    content = function = you = we = i = indefinite = definite = 0
    rarity_sum = 0.0
    rarest, rarest_zipf = "", 99.0
    third: list[str] = []
    resolved: list[str] = []
    past: list[str] = []
    negation: list[str] = []
    generic: list[str] = []
    numbers: list[str] = []
    names: list[str] = []
    deictic: list[str] = []
    stems: list[str] = []
    repeated = ""
    antecedent = n
    for k in word_at:
        tok, low = toks[k], lows[k]
        if k in covered:
            function += covered[k] != "contrast"
            continue
        if tok[0].isdigit() or low in lex.number:
            numbers.append(tok)
            continue
        if len(tok) > 1 and tok[1].isupper():
            continue  # an acronym: "UE", "ONU"
        listed = table is not None and low in table
        if tok[0].isupper() and low not in closed:
            if lex.capitalised_nouns or starts_sentence(k):
                is_name = table is not None and not listed
            else:
                is_name = True
            if is_name:
                names.append(tok)
                antecedent = min(antecedent, k)
                continue
        you += low in lex.you
        we += low in lex.we
        i += low in lex.i
        indefinite += low in lex.indefinite
        definite += low in lex.definite
        if low in lex.third and k != start:
            (resolved if antecedent < k else third).append(low)
        if low in lex.past or (low not in closed and _ends_past(low, lex.past_endings)):
            past.append(low)
        elif lex.perfect and _perfect(lows, k, lex):
            past.append(f"{lows[_auxiliary(lows, k, lex)]} {low}")
        if low in lex.negation and (k >= start or low != reply_opener):
            negation.append(low)
        if low in lex.generic:
            generic.append(low)
        if low in lex.deictic and (k > start or (k == start and not opener)):
            deictic.append(low)
        if low in closed:
            function += 1
            continue
        content += 1
        antecedent = min(antecedent, k)
        z = table.get(low, UNLISTED_ZIPF) if table is not None else COMMON_ZIPF
        rarity_sum += COMMON_ZIPF - z if z < COMMON_ZIPF else 0.0
        if z < rarest_zipf:
            rarest, rarest_zipf = tok, z
        stem = low[:5]
        if stem in stems and not repeated:
            repeated = low
        stems.append(stem)

    replies = [k for k in word_at if lows[k] in lex.reply or k in covered]
    fragment = 0 < words <= 8 and len(replies) == words and (words <= 4 or bool(fillers))
    last = word_at[-1] if word_at else -1
    unfinished = lows[last] if words > 1 and lows[last] in lex.unfinished else ""
    ends_with_question = n > 0 and "?" in toks[-1]
    present = 0 if past or words < 2 else 1
    rarity = rarity_sum / content if content else 0.0
    if table is None:
        rarity = NEUTRAL_RARITY
    share = function / words if words else 0.0
    if not lex.function:
        share = NEUTRAL_FUNCTION_SHARE
    plain = bool(rarest) and table is not None
    return Features(
        words,
        sentences,
        0,
        you,
        we,
        i,
        present,
        indefinite,
        definite,
        content,
        rarity,
        rarest_zipf if plain else 0.0,
        share,
        0.0,
        0.0,
        0.0,
        questions,
        breaks,
        tuple(third),
        tuple(resolved),
        tuple(past),
        tuple(contrast),
        tuple(negation),
        tuple(generic),
        tuple(fillers),
        tuple(hedges),
        tuple(numbers),
        tuple(names),
        tuple(deictic),
        fragment,
        reply_opener,
        opener,
        connective,
        aside,
        "",
        rarest if plain else "",
        "",
        repeated,
        ends_with_question,
        False,
        unfinished,
    )


def _ends_past(low: str, endings: tuple[str, ...]) -> bool:
    """A past ending with a stem of three letters or more before it: "llegaba", "parlait", but
    not "acaba" or "fait"."""
    return any(low.endswith(e) and len(low) >= len(e) + 3 for e in endings)


# Words that stand between an auxiliary and its participle: "n'ai jamais vu", "ha sempre detto".
_BETWEEN = frozenset({"pas", "jamais", "plus", "rien", "toujours", "sempre", "mai", "già", "ya"})


def _auxiliary(lows: list[str], k: int, lex: Lexicon) -> int:
    """Where the auxiliary before word ``k`` stands, or -1."""
    j = k - 1
    while j >= 0 and lows[j] in _BETWEEN:
        j -= 1
    return j if j >= 0 and (lows[j] in lex.perfect or lows[j] in lex.perfect_be) else -1


def _perfect(lows: list[str], k: int, lex: Lexicon) -> bool:
    """Whether word ``k`` is a participle after its auxiliary: the perfect, a past tense."""
    low = lows[k]
    at = _auxiliary(lows, k, lex)
    if at < 0:
        return False
    if lows[at] in lex.perfect_be and lows[at] not in lex.perfect:
        return low in lex.be_participles
    return len(low) > 2 and low.endswith(lex.participle_endings) and low not in lex.closed


def unspaced_words(text: str, code: str) -> int:
    """A Chinese or Japanese line's length in words: its characters at the measured rate, and
    each Latin word or number in it as one."""
    chars = len(_UNSPACED.findall(text))
    others = len(_LATIN_WORD.findall(_UNSPACED.sub(" ", text)))
    if not chars:
        return others
    return max(1, round(chars / CHARS_PER_WORD.get(code, 1.0))) + others


def _found(text: str, entries: frozenset[str] | tuple[Phrase, ...]) -> list[str]:
    """Each entry found in ``text``, longest first, every character counted once."""
    names = sorted(
        (e.text if isinstance(e, Phrase) else e for e in entries), key=lambda e: (-len(e), e)
    )
    out: list[tuple[int, str]] = []
    taken = [False] * len(text)
    for name in names:
        at = text.find(name)
        while at >= 0:
            if not any(taken[at : at + len(name)]):
                out.append((at, name))
                taken[at : at + len(name)] = [True] * len(name)
            at = text.find(name, at + len(name))
    return [name for _, name in sorted(out)]


# Two ideographs or katakana: about a word of Chinese or a content word of Japanese (hiragana is
# mostly grammar, which repeats in any sentence).
_CONTENT_PAIR = re.compile(r"(?=([\u4e00-\u9fff\u3400-\u4dbf\u30a1-\u30fa\u30fc]{2}))")


def _repeated_unspaced(text: str) -> str:
    """The first pair of content characters said twice ("安い椅子は…良い椅子は"): parallelism."""
    seen: dict[str, int] = {}
    for match in _CONTENT_PAIR.finditer(text):
        pair, at = match.group(1), match.start()
        if pair in seen and at >= seen[pair] + 2:
            return pair
        seen.setdefault(pair, at)
    return ""


def _opening(text: str, words: frozenset[str]) -> str:
    """The longest of ``words`` that ``text`` opens with, or ""."""
    return max((w for w in words if text.startswith(w)), key=len, default="")


def _measure_unspaced(text: str, lex: Lexicon) -> Features:
    words = unspaced_words(text, lex.code)
    marks = _CJK_END.findall(text)
    questions = sum(("?" in m or "？" in m) for m in marks)
    sentences = len(marks) + (0 if _CJK_END.search(text[-1:] or ".") else 1) if text else 0
    fillers = _found(text, lex.fillers)
    hedges = _found(text, lex.hedges)
    padding = sum(map(len, fillers + hedges))
    content = max(0, words - round(padding / CHARS_PER_WORD.get(lex.code, 1.0)))
    # Replies and fillers are all the line says: "はい、そうですね。", "仕方がないですね。"
    rest = text
    for entry in sorted([*fillers, *hedges, *lex.reply], key=lambda e: (-len(e), e)):
        rest = rest.replace(entry, " ")
    fragment = words > 0 and not _CJK_PUNCTUATION.sub("", rest)
    opener = next(
        (
            w
            for w in sorted(lex.demonstrative | lex.third, key=len, reverse=True)
            if text.startswith(w)
        ),
        "",
    )
    connective = next(
        (w for w in sorted(lex.connective, key=len, reverse=True) if text.startswith(w)), ""
    )
    past = _found(text, lex.past)
    if lex.past_pattern is not None and not past:
        past = lex.past_pattern.findall(text)
    return Features(
        words,
        sentences,
        0,
        0,
        0,
        0,
        0 if past or words < 2 else 1,
        0,
        0,
        content,
        NEUTRAL_RARITY,
        0.0,
        NEUTRAL_FUNCTION_SHARE,
        0.0,
        0.0,
        0.0,
        questions,
        text.count("--") + text.count("——"),
        tuple(w for w in _found(text, lex.third) if not text.startswith(w)),
        (),
        tuple(past),
        tuple(_found(text, lex.contrast)),
        tuple(_found(text, lex.negation)),
        tuple(_found(text, lex.generic)),
        tuple(fillers),
        tuple(hedges),
        tuple(re.findall(r"[0-9０-９]+", text)),
        (),
        tuple(_found(text, lex.deictic)),
        fragment,
        "",
        opener,
        connective,
        "",
        "",
        "",
        "",
        _repeated_unspaced(text),
        bool(marks) and ("?" in marks[-1] or "？" in marks[-1]) and text.endswith(marks[-1]),
        False,
        "",
    )
