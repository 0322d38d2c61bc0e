"""Annotate: VADER's rules for news sentences, as an importable analyser class.

``NewsAnalyzer`` is the reference VADER analyser (Hutto & Gilbert 2014, the
``vaderSentiment`` 3.3.2 package rather than NLTK's copy, which lags behind the
reference's fixes) with the kit's lexicon additions and a faster, equal path.
``sentiment`` blends its compound score with other lexicons; ``default_analyzer``
gives the one shared instance, built on first use.
"""
from __future__ import annotations

import string
from operator import ne
from itertools import chain, compress, count, repeat

import numpy as np

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
        self._table = resources.BuiltOnce(lambda: VaderTable.compiled(self))
        self._table_emoji_chars = frozenset(e for e in self.emojis if len(e) == 1)  # what compound checks

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

    def compounds(self, texts: list[str]) -> list[float]:
        """``compound`` of each text, the per-word rules of all of them run by one compiled loop
        (``VaderTable``) instead of Python per word; the same scores (a test compares them with
        ``compound`` on the dev sentences). Texts with emoji take ``compound`` itself, as does
        everything when Numba is missing."""
        table = self._table.get()
        if table is None:
            return [self.compound(t) for t in texts]
        out: list = [None] * len(texts)
        emoji = self._table_emoji_chars
        batch = [k for k, t in enumerate(texts) if t.isascii() or emoji.isdisjoint(t)]
        for k in set(range(len(texts))).difference(batch):
            out[k] = self.compound(texts[k])
        if not batch:
            return out
        # _sentiments' words: white-space tokens, edge punctuation stripped when more than two
        # characters are left. Stripping changes few tokens, and of those few are that short, so
        # the choice is made for those alone.
        per_text = [texts[k].split() for k in batch]
        tokens = list(chain.from_iterable(per_text))
        words = list(map(str.strip, tokens, repeat(_PUNCTUATION)))
        changed = np.fromiter(map(ne, words, tokens), dtype=np.bool_, count=len(tokens))
        if changed.any():
            short = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) <= 2
            for i in np.flatnonzero(changed & short).tolist():
                words[i] = tokens[i]
        starts = np.zeros(len(batch) + 1, dtype=np.int64)
        np.cumsum(list(map(len, per_text)), out=starts[1:])
        totals = table.totals(words, starts).tolist()
        # score_valence's compound: the sum, pushed away from 0 by "!" and "?", normalised.
        for n, k in enumerate(batch):
            text = texts[k]
            if "!" in text or "?" in text:
                emphasis = self._punctuation_emphasis(text)
                if totals[n] > 0:
                    totals[n] += emphasis
                elif totals[n] < 0:
                    totals[n] -= emphasis
            out[k] = round(vs.normalize(totals[n]), 4)
        return out

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


class VaderTable:
    """An analyser's lexicon and VADER's word lists as arrays over word ids, and the compiled
    loop that runs ``NewsAnalyzer._valence`` over many sentences at once. Built by
    ``NewsAnalyzer`` on first use of ``compounds``; ``compiled`` gives None without Numba.

    Each lower-cased word gets an id; per id: in the lexicon and its valence, a booster and its
    value, a negator. Idioms and multi-word boosters are keys of two or three ids."""

    # Words the rules compare by name, with the ids they get first.
    NAMED = ("no", "or", "nor", "never", "so", "this", "without", "doubt", "least", "at", "very", "kind", "of",
             "but")

    def __init__(self, analyzer: NewsAnalyzer, kernel):
        lexicon = analyzer.lexicon
        singles = {w for w in vs.BOOSTER_DICT if " " not in w}
        phrases = [k.split() for k in list(vs.SPECIAL_CASES) + list(vs.BOOSTER_DICT) if " " in k]
        vocab = list(self.NAMED) + sorted((set(lexicon) | singles | set(vs.NEGATE)
                                           | {w for ph in phrases for w in ph}) - set(self.NAMED))
        self.ids = {w: k + 1 for k, w in enumerate(vocab)}  # 0: any other word
        n = len(vocab) + 1
        self.in_lexicon = np.zeros(n, dtype=np.bool_)
        self.valence = np.zeros(n)
        self.is_booster = np.zeros(n, dtype=np.bool_)
        self.booster = np.zeros(n)
        self.negator = np.zeros(n, dtype=np.bool_)
        for w, k in self.ids.items():
            if w in lexicon:
                self.in_lexicon[k], self.valence[k] = True, lexicon[w]
            if w in singles:
                self.is_booster[k], self.booster[k] = True, vs.BOOSTER_DICT[w]
            self.negator[k] = w in vs.NEGATE
        self.base = n
        self.idioms = self._keyed({k: v for k, v in vs.SPECIAL_CASES.items() if " " in k})
        self.phrases = self._keyed({k: v for k, v in vs.BOOSTER_DICT.items() if " " in k})
        self._kernel = kernel

    def _keyed(self, table: dict) -> tuple[np.ndarray, np.ndarray]:
        """Multi-word keys as numbers (two or three ids in base ``self.base``) and their values."""
        keys = []
        for phrase in table:
            key = 0
            for w in phrase.split():
                key = key * self.base + self.ids[w]
            keys.append(key + (0 if phrase.count(" ") == 1 else 1 << 62))  # three words marked apart
        return np.array(keys, dtype=np.int64), np.array(list(table.values()), dtype=np.float64)

    @classmethod
    def compiled(cls, analyzer: NewsAnalyzer):
        kernel = _compiled_vader.get()
        return None if kernel is None else cls(analyzer, kernel)

    def totals(self, words: list[str], starts: np.ndarray) -> np.ndarray:
        """Per sentence (words ``starts[k]:starts[k + 1]`` of ``words``, cut as ``_sentiments`` cuts
        them), the sum of its words' valences after the "but" rule."""
        lows = list(map(str.lower, words))
        ids = np.fromiter(map(self.ids.get, lows, repeat(0)), dtype=np.int64, count=len(lows))
        upper = np.fromiter(map(str.isupper, words), dtype=np.bool_, count=len(words))
        negated = self.negator[ids]
        contracted = {w for w in set(lows) if "n't" in w}  # "n't" anywhere negates, as in _negated
        if contracted:
            negated |= np.fromiter(map(contracted.__contains__, lows), dtype=np.bool_, count=len(lows))
        return self._kernel(ids, upper, negated, starts, self.in_lexicon, self.valence, self.is_booster,
                            self.booster, self.base, self.idioms[0], self.idioms[1], self.phrases[0],
                            self.phrases[1], vs.N_SCALAR, vs.C_INCR)


def _vader_kernel(ids, upper, negated, starts, in_lexicon, lexicon, is_booster, booster, base,
                  idiom_keys, idiom_values, phrase_keys, phrase_values, n_scalar, c_incr):
    """``NewsAnalyzer._sentiments`` summed, per sentence: the same rules in the same order
    (``_valence``, ``_negation``, ``_idioms``, the "least" check, then the "but" rule as the
    reference applies it), with the words named in ``VaderTable.NAMED`` known by their ids."""
    NO, OR, NOR, NEVER, SO, THIS, WITHOUT, DOUBT, LEAST, AT, VERY, KIND, OF, BUT = range(1, 15)
    three = np.int64(1) << 62
    out = np.zeros(len(starts) - 1)
    sentiments = np.zeros(len(ids))
    for s in range(len(starts) - 1):
        lo, hi = starts[s], starts[s + 1]
        n = hi - lo
        but = -1
        n_upper = 0
        for g in range(lo, hi):
            n_upper += upper[g]
        cap_diff = 0 < n - n_upper < n
        total = 0.0
        for i in range(n):
            g = lo + i
            w = ids[g]
            if w == BUT and but < 0:
                but = i
            if not in_lexicon[w] or is_booster[w] or (w == KIND and i + 1 < n and ids[g + 1] == OF):
                continue
            valence = lexicon[w]
            if w == NO and i != n - 1 and in_lexicon[ids[g + 1]]:
                valence = 0.0
            if (i > 0 and ids[g - 1] == NO) or (i > 1 and ids[g - 2] == NO) \
                    or (i > 2 and ids[g - 3] == NO and (ids[g - 1] == OR or ids[g - 1] == NOR)):
                valence = lexicon[w] * n_scalar
            if cap_diff and upper[g]:
                valence = valence + c_incr if valence > 0 else valence - c_incr
            for start_i in range(3):
                k = g - (start_i + 1)
                if i > start_i and not in_lexicon[ids[k]]:
                    b = 0.0
                    if is_booster[ids[k]]:
                        b = booster[ids[k]]
                        if valence < 0:
                            b *= -1
                        if cap_diff and upper[k]:
                            b = b + c_incr if valence > 0 else b - c_incr
                    if start_i == 1 and b != 0:
                        b = b * 0.95
                    if start_i == 2 and b != 0:
                        b = b * 0.9
                    valence = valence + b
                    # _negation
                    if start_i == 0:
                        if negated[g - 1]:
                            valence *= n_scalar
                    elif start_i == 1:
                        w2, w1 = ids[g - 2], ids[g - 1]
                        if w2 == NEVER and (w1 == SO or w1 == THIS):
                            valence *= 1.25
                        elif w2 == WITHOUT and w1 == DOUBT:
                            pass
                        elif negated[g - 2]:
                            valence *= n_scalar
                    else:
                        w3, w2, w1 = ids[g - 3], ids[g - 2], ids[g - 1]
                        if (w3 == NEVER and (w2 == SO or w2 == THIS)) or w1 == SO or w1 == THIS:
                            valence *= 1.25
                        elif w3 == WITHOUT and (w2 == DOUBT or w1 == DOUBT):
                            pass
                        elif negated[g - 3]:
                            valence *= n_scalar
                        # _idioms: the first idiom among these sequences sets the valence.
                        a3, a2, a1 = ids[g - 3], ids[g - 2], ids[g - 1]
                        seqs = (a1 * base + w, (a2 * base + a1) * base + w + three, a2 * base + a1,
                                (a3 * base + a2) * base + a1 + three, a3 * base + a2)
                        found = False
                        for key in seqs:
                            for m in range(len(idiom_keys)):
                                if idiom_keys[m] == key:
                                    valence = idiom_values[m]
                                    found = True
                                    break
                            if found:
                                break
                        if n - 1 > i:
                            key = w * base + ids[g + 1]
                            for m in range(len(idiom_keys)):
                                if idiom_keys[m] == key:
                                    valence = idiom_values[m]
                        if n - 1 > i + 1:
                            key = (w * base + ids[g + 1]) * base + ids[g + 2] + three
                            for m in range(len(idiom_keys)):
                                if idiom_keys[m] == key:
                                    valence = idiom_values[m]
                        for key in ((a3 * base + a2) * base + a1 + three, a3 * base + a2, a2 * base + a1):
                            for m in range(len(phrase_keys)):
                                if phrase_keys[m] == key:
                                    valence = valence + phrase_values[m]
            # _least_check
            if i > 1 and not in_lexicon[ids[g - 1]] and ids[g - 1] == LEAST:
                if ids[g - 2] != AT and ids[g - 2] != VERY:
                    valence = valence * n_scalar
            elif i > 0 and not in_lexicon[ids[g - 1]] and ids[g - 1] == LEAST:
                valence = valence * n_scalar
            sentiments[g] = valence
        if but >= 0:
            # The reference's rule: for each position in turn, the *first* position holding an
            # equal value is halved (before "but") or raised by half (after it).
            for k in range(lo, hi):
                value = sentiments[k]
                first = lo
                while sentiments[first] != value:
                    first += 1
                if first - lo == but:
                    continue
                sentiments[first] = value * 0.5 if first - lo < but else value * 1.5
        for g in range(lo, hi):
            total += sentiments[g]
            sentiments[g] = 0.0
        out[s] = total
    return out


# Compiled and tried on a small input on first use.
_compiled_vader = resources.BuiltOnce(lambda: resources.compiled_kernel(
    _vader_kernel, (np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.bool_), np.zeros(1, dtype=np.bool_),
                    np.array([0, 1], dtype=np.int64), np.zeros(1, dtype=np.bool_), np.zeros(1),
                    np.zeros(1, dtype=np.bool_), np.zeros(1), 2, np.zeros(1, dtype=np.int64), np.zeros(1),
                    np.zeros(1, dtype=np.int64), np.zeros(1), -0.74, 0.733),
    what="the VADER loop", instead="scoring one sentence at a time"))


_DEFAULT = resources.BuiltOnce(NewsAnalyzer)  # the shared analyser, built on first use


def default_analyzer() -> NewsAnalyzer:
    """The kit's analyser, built once per process on first use (safe to share between threads)."""
    return _DEFAULT.get()
