"""Annotate: sentence sentiment in [-1, 1], calibrated for news.

Built on the reference VADER implementation (``vaderSentiment`` 3.3.2) rather than
NLTK's copy, because the reference carries fixes NLTK's lags behind: a repeated
word is negated by its own position (NLTK looks up the first occurrence), and
"no problem" / "no doubt" read as positive. The kit adds what news needs:

* quote marks are turned into spaces before scoring, so a quoted word
  (“great”, ''great'') is still found in the lexicon;
* VADER's lexicon is widened with the Opinion Lexicon of Hu & Liu (2004; about
  6,800 words, shipped inside the ``labMTsimple`` wheel) for words VADER lacks,
  and with the kit's news supplement (``analysis/data/sentiment_news_lexicon.csv``:
  escalation, sanctions, casualties, ceasefire, ...), which wins over both;
* other lexicons that VADER's social-media lexicon misses are blended in: MPQA
  subjectivity clues (Wilson et al. 2005, from news), the Warriner et al. (2013)
  valence norms for 13,915 English lemmas (both from the same wheel) and AFINN-165
  (Nielsen 2011, from the ``afinn`` package). They are read with negation, with
  contextual valence shifters ("reduce casualties", "prevent abuse", "fewer deaths";
  ``analysis/data/sentiment_shifters.csv``) and with VADER's "but" rule, and their
  evidence for and against is kept apart, since readers weigh bad news more. They list
  mostly lemmas, so inflected forms ("deficits", "wounded") take their lemma's entry
  (simplemma's English dictionary);
* the Warriner norms are carried to about 60,000 words by word embeddings
  (``analysis/data/induced_valence.csv``, made by ``benchmarks/induce_valence.py``), and
  the mean induced valence of a sentence's words is one more input. Readers react to
  words no lexicon lists ("overspending" -1.1, "austerity" -0.7 on that scale); this is
  where they are heard.
  It is measured from the level of plain reporting, so a wire-style sentence scores
  about 0.

The blend weights live in ``analysis/data/sentiment_weights.csv``, fitted by
``benchmarks/fit_sentiment.py`` on the dev half by least squares on the readers' mean
rating / 4. A score therefore estimates how a panel of readers would rate the sentence
on their -4..+4 scale, divided by 4: it is calibrated, so strongly worded sentences land
around +-0.2 to +-0.4 rather than near +-1, and plain reporting lands inside the neutral
band of +-0.05.

>>> round(sentence_sentiment("The ceasefire collapsed amid heavy shelling and mounting casualties."), 2)
-0.31
>>> round(sentence_sentiment("The committee met on Tuesday."), 2)
-0.01
"""
from __future__ import annotations

import csv
import math
import os
import re
import string
from functools import lru_cache, partial
from itertools import compress, count, repeat
from operator import is_not, mul

import numpy as np

from . import resources

__all__ = ["sentence_sentiment", "sentiment_scores", "sentiment_features", "vader_compound", "POSITIVE", "NEGATIVE"]

# A sentence is positive above +0.05 and negative below -0.05 (VADER's own convention).
POSITIVE = 0.05
NEGATIVE = -0.05
# Valence given to Opinion Lexicon words that VADER lacks (VADER's scale is -4..4);
# chosen on the dev half among 0.8, 1.2, 1.6, 2.0.
OPINION_LEXICON_VALENCE = 1.2

_QUOTES = re.compile(r"``|''|[“”„‟«»\"]|(?<!\w)[‘’']|[‘’'](?!\w)")
_CURLY_APOSTROPHE = re.compile(r"(?<=\w)[’‘](?=\w)")
_QUOTE_CHARS = frozenset("`'\"“”„‟«»‘’")
_PUNCTUATION = string.punctuation


def _labmt_data() -> str:
    import labMTsimple

    return os.path.join(os.path.dirname(labMTsimple.__file__), "data")


@lru_cache(maxsize=1)
def _opinion_lexicon() -> dict:
    root = os.path.join(_labmt_data(), "OL")
    out = {}
    for name, sign in (("negative-words-clean.txt", -1), ("positive-words-clean.txt", 1)):
        with open(os.path.join(root, name), encoding="latin-1") as fh:
            for line in fh:
                w = line.strip()
                if w and not w.startswith(";"):
                    out[w] = sign
    return out


@lru_cache(maxsize=1)
def _mpqa() -> dict:
    """word -> +-1 (weak) or +-2 (strong subjective clue)."""
    path = os.path.join(_labmt_data(), "MPQA", "subjectivity_clues_hltemnlp05", "subjclueslen1-HLTEMNLP05.tff")
    out = {}
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            d = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            sign = {"positive": 1, "negative": -1}.get(d.get("priorpolarity"), 0)
            if sign and "word1" in d:
                out[d["word1"]] = sign * (2 if d.get("type") == "strongsubj" else 1)
    return out


@lru_cache(maxsize=1)
def _warriner() -> dict:
    """lemma -> valence centred on 0 (Warriner et al. 2013 rate 1..9, 5 neutral)."""
    path = os.path.join(_labmt_data(), "WK", "BRM-emot-submit.csv")
    with open(path, encoding="utf-8") as fh:
        return {row["Word"]: float(row["V.Mean.Sum"]) - 5.0 for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def news_lexicon() -> dict:
    return {r["word"]: float(r["valence"]) for r in resources.read_table("sentiment_news_lexicon.csv")}


@lru_cache(maxsize=1)
def _weights() -> dict:
    return {r["feature"]: float(r["weight"]) for r in resources.read_table("sentiment_weights.csv")}


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment import vaderSentiment as vs

    class NewsAnalyzer(vs.SentimentIntensityAnalyzer):
        """The reference analyser with its hot paths made faster, same rules and same scores (a
        test compares them with an untouched reference analyser): the reference's per-word rules
        (``sentiment_valence`` with its negation, idiom and "least" checks) lower-case the whole
        sentence again for each sentiment word, ``_valence`` runs them on the words lower-cased
        once; ``compound`` skips the positive/negative/neutral shares; text without emoji skips
        the character-by-character emoji pass. ``_negation_check`` and ``_special_idioms_check``
        stay overridden, on the same lower-cased words, for the reference path that emoji text
        still takes."""

        _negators = frozenset(vs.NEGATE)
        _lowered = ((), ())  # (words, the same words lower-cased) of the sentence being scored

        def _lows(self, words_and_emoticons) -> list:
            """The sentence's words lower-cased, once per sentence (the reference path of emoji
            text lands here without ``_sentiments`` having lower-cased them)."""
            words, lows = self._lowered
            if words is not words_and_emoticons:
                lows = [str(w).lower() for w in words_and_emoticons]
                self._lowered = (words_and_emoticons, lows)
            return lows

        def _special_idioms_check(self, valence, words_and_emoticons, i):
            # The reference's idiom and booster n-gram checks, on the sentence's words lower-cased once.
            lows = self._lows(words_and_emoticons)
            special = vs.SPECIAL_CASES
            twoone = f"{lows[i - 2]} {lows[i - 1]}"
            threetwo = f"{lows[i - 3]} {lows[i - 2]}"
            threetwoone = f"{lows[i - 3]} {twoone}"
            for seq in (f"{lows[i - 1]} {lows[i]}", f"{twoone} {lows[i]}", twoone, threetwoone, threetwo):
                if seq in special:
                    valence = special[seq]
                    break
            if len(lows) - 1 > i:
                zeroone = f"{lows[i]} {lows[i + 1]}"
                if zeroone in special:
                    valence = special[zeroone]
            if len(lows) - 1 > i + 1:
                zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
                if zeroonetwo in special:
                    valence = special[zeroonetwo]
            for n_gram in (threetwoone, threetwo, twoone):
                if n_gram in vs.BOOSTER_DICT:
                    valence = valence + vs.BOOSTER_DICT[n_gram]
            return valence

        def polarity_scores(self, text):
            # The reference first rebuilds the text one character at a time to spell out emoji.
            # Text without emoji would come out unchanged, so it skips that loop and goes on to
            # the reference's own per-word steps, called in the reference's order.
            if not text.isascii() and any(ch in self.emojis for ch in text):
                return super().polarity_scores(text)
            text = text.strip()
            return self.score_valence(self._sentiments(text), text)

        def compound(self, text) -> float:
            """``polarity_scores(text)["compound"]`` without the positive, negative and neutral shares."""
            if not text.isascii() and any(ch in self.emojis for ch in text):
                return super().polarity_scores(text)["compound"]
            text = text.strip()
            sentiments = self._sentiments(text)
            if not sentiments:
                return 0.0
            # score_valence's compound: the sum, pushed away from 0 by "!" and "?", normalised.
            total = float(sum(sentiments))
            emphasis = self._punctuation_emphasis(text)
            if total > 0:
                total += emphasis
            elif total < 0:
                total -= emphasis
            return round(vs.normalize(total), 4)

        def _sentiments(self, text) -> list:
            words = [stripped if len(stripped := token.strip(_PUNCTUATION)) > 2 else token for token in text.split()]
            lows = list(map(str.lower, words))
            self._lowered = (words, lows)
            cap_diff = 0 < len(words) - sum(map(str.isupper, words)) < len(words)
            # Boosters, "kind" in "kind of", and words outside the lexicon carry no valence of
            # their own (sentiment_valence would add 0 for the last), so only lexicon words are scored.
            sentiments = [0] * len(words)
            for i in compress(count(), map(self.lexicon.__contains__, lows)):
                low = lows[i]
                if low in vs.BOOSTER_DICT or (low == "kind" and i + 1 < len(words) and lows[i + 1] == "of"):
                    continue
                sentiments[i] = self._valence(i, words, lows, cap_diff)
            # The reference's "but" rule changes nothing in a sentence without "but".
            return self._but_check(words, sentiments) if "but" in lows else sentiments

        def _valence(self, i, words, lows, cap_diff) -> float:
            """The reference's sentiment_valence for the lexicon word at ``i``, step by step, on
            the words lower-cased once."""
            lexicon = self.lexicon
            low = lows[i]
            valence = lexicon[low]
            if low == "no" and i != len(words) - 1 and lows[i + 1] in lexicon:
                valence = 0.0
            if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") \
                    or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
                valence = lexicon[low] * vs.N_SCALAR
            if cap_diff and words[i].isupper():
                valence = valence + vs.C_INCR if valence > 0 else valence - vs.C_INCR
            for start_i in range(0, 3):
                k = i - (start_i + 1)
                if i > start_i and lows[k] not in lexicon:
                    s = 0.0
                    if lows[k] in vs.BOOSTER_DICT:  # the reference's scalar_inc_dec
                        s = vs.BOOSTER_DICT[lows[k]]
                        if valence < 0:
                            s *= -1
                        if cap_diff and words[k].isupper():
                            s = s + vs.C_INCR if valence > 0 else s - vs.C_INCR
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    valence = self._negation(valence + s, lows, start_i, i)
                    if start_i == 2:
                        valence = self._special_idioms_check(valence, words, i)
            # The reference's _least_check.
            if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    valence = valence * vs.N_SCALAR
            elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
                valence = valence * vs.N_SCALAR
            return valence

        @classmethod
        def _negated(cls, word: str) -> bool:
            return word in cls._negators or "n't" in word

        def _negation_check(self, valence, words_and_emoticons, start_i, i):
            return self._negation(valence, self._lows(words_and_emoticons), start_i, i)

        @classmethod
        def _negation(cls, valence, lows, start_i, i):
            """The reference's _negation_check on the lower-cased words (indices as in the
            reference, Python's negative indexing included)."""
            if start_i == 0:
                if cls._negated(lows[i - 1]):
                    valence *= vs.N_SCALAR
            elif start_i == 1:
                w2, w1 = lows[i - 2], lows[i - 1]
                if w2 == "never" and w1 in ("so", "this"):
                    valence *= 1.25
                elif w2 == "without" and w1 == "doubt":
                    pass
                elif cls._negated(w2):
                    valence *= vs.N_SCALAR
            elif start_i == 2:
                w3, w2, w1 = lows[i - 3], lows[i - 2], lows[i - 1]
                if (w3 == "never" and w2 in ("so", "this")) or w1 in ("so", "this"):
                    valence *= 1.25
                elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                    pass
                elif cls._negated(w3):
                    valence *= vs.N_SCALAR
            return valence

    sia = NewsAnalyzer()
    lex = sia.lexicon
    for word, sign in _opinion_lexicon().items():
        if word not in lex:
            lex[word] = sign * OPINION_LEXICON_VALENCE
    lex.update(news_lexicon())
    return sia


def _prepare(text: str) -> str:
    if _QUOTE_CHARS.isdisjoint(text):  # most sentences: nothing to replace
        return text
    text = _CURLY_APOSTROPHE.sub("'", text)
    return _QUOTES.sub(" ", text)


@lru_cache(maxsize=1)
def _vader_keys() -> tuple[frozenset, frozenset]:
    sia = _analyzer()
    return frozenset(sia.lexicon), frozenset(ch for e in sia.emojis for ch in e)


def _has_vader_evidence(text: str) -> bool:
    """False only when VADER would certainly score ``text`` 0: no token is in its lexicon, whether
    looked up raw or with edge punctuation stripped (VADER does one or the other), and no emoji.
    Most news sentences without evidence then skip the full scorer, whose result would be 0."""
    lexicon, emoji_chars = _vader_keys()
    if not text.isascii() and any(ch in emoji_chars for ch in text):
        return True
    tokens = text.lower().split()
    # Set operations and map keep the per-token work in C.
    return not (lexicon.isdisjoint(tokens) and lexicon.isdisjoint(map(str.strip, tokens, repeat(_PUNCTUATION))))


def vader_compound(text: str) -> float:
    """VADER's compound score with the kit's lexicon and quote handling."""
    return _compound(_prepare(text))


def _compound(prepared: str) -> float:
    if not _has_vader_evidence(prepared):
        return 0.0
    return _analyzer().compound(prepared)


def sentiment_features(text: str) -> tuple[float, ...]:
    """The blend's inputs, in the order of ``FEATURES``: VADER's compound score, then the other
    lexicons read with negation, shifters and "but" (``lexicon_signals``).

    >>> [round(x, 2) for x in sentiment_features("Corruption is rampant.")]
    [-0.68, 0.0, -0.87, 0.0, -0.76, -2.0, -1.94]
    >>> [round(x, 2) for x in sentiment_features("The reform will reduce corruption.")]
    [-0.3, 0.9, 0.0, 0.63, 0.0, 1.48, 0.14]
    """
    prepared = _prepare(text)
    return (_compound(prepared),) + _signals(prepared)


FEATURES = ("vader", "mpqa_pos", "mpqa_neg", "afinn_pos", "afinn_neg", "warriner", "induced")
# Clause-bounding punctuation: negation and shifters do not reach past it.
_CLAUSE_END = frozenset(",;:.!?")
_SIGNAL_TOKENS = re.compile(r"[a-z]+(?:[-'][a-z]+)*|[,;:.!?]")
# How far back a negator or shifter reaches, and what it multiplies: VADER's own window of
# three words and its negation factor; a shifter reverses and damps as much.
_REACH = 3
_SHIFT = -0.74


def lexicon_signals(text: str) -> tuple[float, float, float, float, float, float]:
    """MPQA and AFINN evidence for and against, the mean Warriner valence of strongly valenced
    words, and the mean induced valence of all known words (``induced_valence.csv``: Warriner's
    norms carried to 60,000 words by word embeddings). Every word's value is reversed and damped
    after a negator ("not", "never", ...) or a shifter ("reduce", "prevent", "fewer", ...:
    ``sentiment_shifters.csv``) at most three words before it in the same clause; the lexicon words
    are also halved before / raised by half after "but" (VADER's rule). Evidence for and against
    stays apart because readers weigh bad news more. An inflected form takes its lemma's MPQA,
    AFINN and Warriner entries (from simplemma's English dictionary) when only the lemma is listed.

    >>> [round(x, 2) for x in lexicon_signals("Two soldiers were wounded.")]
    [0.0, -0.32, 0.0, 0.0, -0.23, -1.08]
    """
    return _signals(_prepare(text))


def _signals(prepared: str) -> tuple[float, float, float, float, float, float]:
    tokens = _SIGNAL_TOKENS.findall(prepared.lower())
    entries = list(map(_signal_lexicon().get, tokens))  # (MPQA, AFINN, Warriner) or None per token
    induced = list(map(_induced().get, tokens))
    shifters = _shifters()
    at_work = ()
    negated = None  # per token, the product of the reversals that reach it; None when nothing is reversed
    reversers = [] if shifters.isdisjoint(tokens) else list(compress(count(), map(shifters.__contains__, tokens)))
    if "n't" in prepared:
        reversers = sorted(set(reversers).union(i for i, w in enumerate(tokens) if w.endswith("n't")))
    if reversers:
        negated = [1.0] * len(tokens)
        at_work = set()
        for i in reversers:
            for j in range(i + 1, min(len(tokens), i + 1 + _REACH)):
                if tokens[j] in _CLAUSE_END:
                    break
                negated[j] *= _SHIFT
                if entries[j] is not None and entries[i] is not None and tokens[i] in shifters:
                    at_work.add(i)  # a shifter at work ("prevents deaths") is not evidence of its own
        induced = [v * f if v is not None else None for v, f in zip(induced, negated)]
    known = list(filter(_KNOWN, induced))
    induced_mean = sum(known) / len(known) if known else 0.0
    hits = list(compress(count(), entries))
    if not hits:
        return 0.0, 0.0, 0.0, 0.0, 0.0, induced_mean
    but = tokens.index("but") if "but" in tokens else -1
    sums = [0.0, 0.0, 0.0, 0.0]
    valences = []
    for j in hits:
        if j in at_work:
            continue
        factor = negated[j] if negated else 1.0
        if but >= 0:
            factor *= 0.5 if j < but else 1.5 if j > but else 1.0
        mpqa, afinn, valence = entries[j]
        if mpqa:
            sums[mpqa * factor < 0] += mpqa * factor
        if afinn:
            sums[2 + (afinn * factor < 0)] += afinn * factor
        if valence is not None:
            valences.append(valence * factor)
    return (math.tanh(sums[0] / 3.0), math.tanh(sums[1] / 3.0), math.tanh(sums[2] / 3.0), math.tanh(sums[3] / 3.0),
            sum(valences) / len(valences) if valences else 0.0, induced_mean)


_KNOWN = partial(is_not, None)


@lru_cache(maxsize=1)
def _induced() -> dict:
    """word -> valence induced from word embeddings and the Warriner norms (``benchmarks/induce_valence.py``)."""
    return {r["word"]: float(r["valence"]) for r in resources.read_table("induced_valence.csv")}


@lru_cache(maxsize=1)
def _signal_lexicon() -> dict:
    """word -> (MPQA clue value or 0, AFINN score or 0, Warriner valence if strongly valenced
    (|v| >= 1) else None), for the words in any of them: one lookup per word."""
    mpqa, afinn, wk = _mpqa(), _afinn(), _warriner()
    strong = {w: v for w, v in wk.items() if abs(v) >= 1.0}
    table = {w: (mpqa.get(w, 0), afinn.get(w, 0), strong.get(w)) for w in set(mpqa) | set(afinn) | set(strong)}
    # The lexicons list mostly lemmas (Warriner only lemmas): "deficits", "wounded" and "flourished"
    # take the entry of their lemma. The forms come from simplemma's English dictionary, read once,
    # so scoring itself does no lemmatising.
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    inflected = {}
    for form, lemma in DefaultDictionaryFactory().get_dictionary("en").items():
        if form not in table and lemma in table and lemma not in _AUXILIARIES and _INFLECTED_FORM.fullmatch(form):
            inflected[form] = table[lemma]
    table.update(inflected)
    return table


_INFLECTED_FORM = re.compile(r"[a-z]+(?:-[a-z]+)*")
# "is", "had", "did": auxiliaries carry no sentiment, whatever readers gave the bare verbs.
_AUXILIARIES = frozenset({"be", "have", "do"})


@lru_cache(maxsize=1)
def _afinn() -> dict:
    """AFINN-165 (Nielsen 2011, ODbL; shipped in the ``afinn`` package): word -> -5..5, single words only."""
    import afinn

    path = os.path.join(os.path.dirname(afinn.__file__), "data", "AFINN-en-165.txt")
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, score = line.rstrip("\n").rpartition("\t")
            if word and " " not in word:
                out[word] = int(score)
    return out


@lru_cache(maxsize=1)
def _shifters() -> frozenset:
    """Negators (VADER's list and the kit's additions) and shifters, which both reverse what follows."""
    from vaderSentiment import vaderSentiment as vs

    return frozenset(vs.NEGATE) | frozenset(r["word"] for r in resources.read_table("sentiment_shifters.csv"))


@lru_cache(maxsize=1)
def _weight_vector() -> tuple:
    w = _weights()
    return tuple(w[name] for name in FEATURES)


def _blend(features) -> float:
    score = sum(map(mul, _weight_vector(), features))
    return float(min(1.0, max(-1.0, score)))


def sentence_sentiment(text: str) -> float:
    """Sentiment of one sentence in [-1, 1]; 0.0 when no word in it is known, about 0 for plain reporting."""
    return _blend(sentiment_features(text))


def sentiment_scores(texts) -> np.ndarray:
    """Sentiment of many sentences (same as ``sentence_sentiment`` on each)."""
    return np.fromiter((sentence_sentiment(t) for t in texts), dtype="float64")
