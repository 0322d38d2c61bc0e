"""Annotate: VADER's rules for news sentences, as an importable analyser class.

``NewsAnalyzer`` is the reference VADER analyser (Hutto & Gilbert 2014, the
``vaderSentiment`` 3.3.2 package rather than NLTK's copy, which lags behind the
reference's fixes) with the kit's lexicon additions and a faster, equal path.
``sentiment`` blends its compound score with other lexicons; ``default_analyzer``
gives the one shared instance, built on first use.
"""
from __future__ import annotations

import string
from itertools import compress, count

from vaderSentiment import vaderSentiment as vs

from . import resources

__all__ = ["NewsAnalyzer", "default_analyzer", "OPINION_LEXICON_VALENCE"]

# Valence given to Opinion Lexicon words that VADER lacks (VADER's scale is -4..4);
# chosen on the dev half among 0.8, 1.2, 1.6, 2.0.
OPINION_LEXICON_VALENCE = 1.2
_PUNCTUATION = string.punctuation


class NewsAnalyzer(vs.SentimentIntensityAnalyzer):
    """VADER for news: the reference analyser (``vaderSentiment`` 3.3.2) with the kit's lexicon
    additions and its hot paths made faster, same rules and same scores (a test compares them
    with an untouched reference analyser).

    The lexicon is widened with the Opinion Lexicon of Hu & Liu (2004) for words VADER lacks
    (valence ``opinion_valence``) and with the kit's news supplement
    (``sentiment_news_lexicon.csv``), which wins over both.

    Speed: the reference's per-word rules (``sentiment_valence`` with its negation, idiom and
    "least" checks) lower-case the whole sentence again for each sentiment word; ``_valence``
    runs them on the words lower-cased once; ``compound`` skips the positive/negative/neutral
    shares; text without emoji skips the character-by-character emoji pass. The instance keeps
    no per-sentence state, so one analyser may be shared by threads. ``_negation_check`` and
    ``_special_idioms_check`` stay overridden for the reference path that emoji text still takes.

    >>> sia = NewsAnalyzer()
    >>> sia.compound("The ceasefire collapsed amid heavy shelling.")
    -0.4588
    >>> sia.polarity_scores("Talks resumed.")["compound"]
    0.0
    """

    _negators = resources.vader_negators()

    def __init__(self, *, opinion_valence: float = OPINION_LEXICON_VALENCE):
        super().__init__()
        lex = self.lexicon
        for word, sign in resources.opinion_lexicon().items():
            if word not in lex:
                lex[word] = sign * opinion_valence
        lex.update(resources.news_lexicon())

    def _special_idioms_check(self, valence, words_and_emoticons, i):
        # The reference path (emoji text) passes the words; the idiom checks read them lower-cased.
        return self._idioms(valence, [str(w).lower() for w in words_and_emoticons], i)

    @staticmethod
    def _idioms(valence, lows, i):
        """The reference's idiom and booster n-gram checks, on the sentence's lower-cased words."""
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
                    valence = self._idioms(valence, lows, i)
        # The reference's _least_check.
        if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * vs.N_SCALAR
        elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            valence = valence * vs.N_SCALAR
        return valence

    @staticmethod
    def _but_check(words_and_emoticons, sentiments):
        """The reference's "but" rule with its exact results, in n log n time instead of n squared.

        The reference walks the list and, for each value, finds the *first* index holding an equal
        value (``list.index``), halving it before "but" and raising it by half after; with repeated
        values this touches the first copy again and again. Here each value keeps a heap of the
        indices holding it, so that first index is found without a scan."""
        import heapq

        lows = [str(w).lower() for w in words_and_emoticons]
        if "but" not in lows:
            return sentiments
        bi = lows.index("but")
        holders: dict = {}
        for i, value in enumerate(sentiments):
            holders.setdefault(value, []).append(i)  # ascending, so already a heap
        for k in range(len(sentiments)):
            value = sentiments[k]
            heap = holders[value]
            while not (sentiments[heap[0]] is value or sentiments[heap[0]] == value):
                heapq.heappop(heap)  # an index whose value has changed since
            si = heap[0]
            if si == bi:
                continue
            new = value * 0.5 if si < bi else value * 1.5
            sentiments[si] = new
            heapq.heappush(holders.setdefault(new, []), si)
        return sentiments

    # The rule under a public name, for callers and tests (the reference calls ``_but_check``).
    but_rule = _but_check

    @classmethod
    def _negated(cls, word: str) -> bool:
        return word in cls._negators or "n't" in word

    def _negation_check(self, valence, words_and_emoticons, start_i, i):
        return self._negation(valence, [str(w).lower() for w in words_and_emoticons], start_i, i)

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


_DEFAULT = resources.BuiltOnce(NewsAnalyzer)  # the shared analyser, built on first use


def default_analyzer() -> NewsAnalyzer:
    """The kit's analyser, built once per process on first use (safe to share between threads)."""
    return _DEFAULT.get()
