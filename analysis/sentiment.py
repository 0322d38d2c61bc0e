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
  escalation, sanctions, casualties, ceasefire, ...), which wins over both
  (``vader.NewsAnalyzer``);
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

import math
import re
import string
from functools import lru_cache, partial
from itertools import chain, compress, count, repeat
from operator import is_not, mul

import numpy as np

from . import resources
from .vader import default_analyzer

__all__ = ["sentence_sentiment", "sentiment_scores", "sentiment_features", "lexicon_signals", "FEATURES",
           "prepare", "AUXILIARIES", "SIGNAL_TOKENS", "POSITIVE", "NEGATIVE", "AccurateHead", "default_accurate_head"]

# A sentence is positive above +0.05 and negative below -0.05 (VADER's own convention).
POSITIVE = 0.05
NEGATIVE = -0.05

_QUOTES = re.compile(r"``|''|[“”„‟«»\"]|(?<!\w)[‘’']|[‘’'](?!\w)")
_CURLY_APOSTROPHE = re.compile(r"(?<=\w)[’‘](?=\w)")
_QUOTE_CHARS = frozenset("`'\"“”„‟«»‘’")
_PUNCTUATION = string.punctuation


def prepare(text: str) -> str:
    """A sentence as the lexicons read it: quote marks turned into spaces, so a quoted word
    (“great”, ''great'') is still found; a curly apostrophe inside a word made straight.

    >>> prepare("He called it “great”.")
    'He called it  great .'
    """
    if _QUOTE_CHARS.isdisjoint(text):  # most sentences: nothing to replace
        return text
    text = _CURLY_APOSTROPHE.sub("'", text)
    return _QUOTES.sub(" ", text)


@lru_cache(maxsize=1)
def _vader_keys() -> tuple[frozenset, frozenset]:
    sia = default_analyzer()
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


def _compound(prepared: str) -> float:
    if not _has_vader_evidence(prepared):
        return 0.0
    return default_analyzer().compound(prepared)


def sentiment_features(text: str) -> tuple[float, ...]:
    """The blend's inputs, in the order of ``FEATURES``: VADER's compound score, then the other
    lexicons read with negation, shifters and "but" (``lexicon_signals``).

    >>> [round(x, 2) for x in sentiment_features("Corruption is rampant.")]
    [-0.68, 0.0, -0.87, 0.0, -0.76, -2.0, -1.94]
    >>> [round(x, 2) for x in sentiment_features("The reform will reduce corruption.")]
    [-0.3, 0.9, 0.0, 0.63, 0.0, 1.48, 0.14]
    """
    prepared = prepare(text)
    return (_compound(prepared),) + _signals(prepared)


FEATURES = ("vader", "mpqa_pos", "mpqa_neg", "afinn_pos", "afinn_neg", "warriner", "induced")
# Clause-bounding punctuation: negation and shifters do not reach past it.
_CLAUSE_END = frozenset(",;:.!?")
SIGNAL_TOKENS = re.compile(r"[a-z]+(?:[-'][a-z]+)*|[,;:.!?]")
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
    return _signals(prepare(text))


def _signals(prepared: str) -> tuple[float, float, float, float, float, float]:
    tokens = SIGNAL_TOKENS.findall(prepared.lower())
    entries = list(map(_signal_lexicon().get, tokens))  # (MPQA, AFINN, Warriner) or None per token
    induced = list(map(resources.induced_valence().get, tokens))
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
def _signal_lexicon() -> dict:
    """word -> (MPQA clue value or 0, AFINN score or 0, Warriner valence if strongly valenced
    (|v| >= 1) else None), for the words in any of them: one lookup per word."""
    mpqa, afinn, wk = resources.mpqa_clues(), resources.afinn_scores(), resources.warriner_norms()
    strong = {w: v for w, v in wk.items() if abs(v) >= 1.0}
    table = {w: (mpqa.get(w, 0), afinn.get(w, 0), strong.get(w)) for w in set(mpqa) | set(afinn) | set(strong)}
    # The lexicons list mostly lemmas (Warriner only lemmas): "deficits", "wounded" and "flourished"
    # take the entry of their lemma. The forms come from simplemma's English dictionary, read once,
    # so scoring itself does no lemmatising.
    inflected = {}
    for form, lemma in resources.english_word_forms().items():
        if form not in table and lemma in table and lemma not in AUXILIARIES and _INFLECTED_FORM.fullmatch(form):
            inflected[form] = table[lemma]
    table.update(inflected)
    return table


_INFLECTED_FORM = re.compile(r"[a-z]+(?:-[a-z]+)*")
# "is", "had", "did": auxiliaries carry no sentiment, whatever readers gave the bare verbs.
AUXILIARIES = frozenset({"be", "have", "do"})


@lru_cache(maxsize=1)
def _shifters() -> frozenset:
    """Negators (VADER's list and the kit's additions) and shifters, which both reverse what follows."""
    return resources.vader_negators() | resources.sentiment_shifters()


@lru_cache(maxsize=1)
def _weight_vector() -> tuple:
    w = resources.sentiment_weights()
    return tuple(w[name] for name in FEATURES)


def _blend(features) -> float:
    score = sum(map(mul, _weight_vector(), features))
    return float(min(1.0, max(-1.0, score)))


def sentence_sentiment(text: str) -> float:
    """Sentiment of one sentence in [-1, 1]; 0.0 when no word in it is known, about 0 for plain reporting."""
    return _blend(sentiment_features(text))


MODES = ("fast", "accurate")


def sentiment_scores(texts, *, mode: str = "fast") -> np.ndarray:
    """Sentiment of many sentences. ``mode="fast"``: the lexicon blend (``sentence_sentiment`` on
    each). ``mode="accurate"``: the blend's inputs and a contextual sentence vector
    (``analysis.encoder``, MiniLM's first three layers) combined by the weights of
    ``accurate_sentiment.tsv``; pass an article's sentences together (they are encoded as one
    batch, so an article's scores never depend on other articles)."""
    texts = list(texts)
    if mode == "fast":
        return _fast_scores(texts)
    if mode != "accurate":
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return accurate_scores(texts)


def _fast_scores(texts: list[str]) -> np.ndarray:
    """``sentence_sentiment`` of each text, the lexicon signals of all of them read in one pass
    (``SignalTable.signals``): the same scores, about a third of the time."""
    return _fast_inputs(texts)[1]


def _fast_inputs(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``sentiment_features`` of each text as rows of a (texts, 7) array, and the blended scores."""
    prepared = list(map(prepare, texts))
    vader = np.zeros(len(prepared))
    scored = [k for k, p in enumerate(prepared) if _has_vader_evidence(p)]
    if scored:
        vader[scored] = default_analyzer().compounds([prepared[k] for k in scored])
    table = default_signal_table()
    signals = table.signals(prepared)
    return np.c_[vader, signals], table.blend(vader, signals, np.asarray(_weight_vector(), dtype="float64"))


_SIGNAL_TOKENS_MARKED = re.compile(SIGNAL_TOKENS.pattern + "|\x00")
_MARK = -1


class SignalTable:
    """The lexicons ``lexicon_signals`` reads, as arrays over word ids, so the signals of a whole
    article's sentences are one tokenisation, one dictionary lookup per token and one compiled
    loop (Numba) over the ids, instead of a Python loop per sentence. The loop makes the same
    steps as ``_signals`` in the same order (reversal windows, shifters at work, "but", the sums
    and means), so the values are equal; a test compares them on the dev sentences. Without Numba
    (or when it cannot compile) ``signals`` falls back to ``_signals`` per sentence.

    >>> table = SignalTable()
    >>> [round(x, 2) for x in table.signals(["two soldiers were wounded."])[0].tolist()]
    [0.0, -0.32, 0.0, 0.0, -0.23, -1.08]
    """

    # Per-word columns of ``values``; flags are 0/1.
    COLUMNS = ("mpqa", "afinn", "strong", "induced", "entry", "shifter", "clause_end", "but")

    def __init__(self):
        lexicon, induced, shifters = _signal_lexicon(), resources.induced_valence(), _shifters()
        words = sorted(set(lexicon) | set(induced) | shifters | _CLAUSE_END | {"but"})
        self.ids = {w: k + 1 for k, w in enumerate(words)}  # 0: a word in none of them
        values = np.zeros((len(words) + 1, len(self.COLUMNS)))
        values[:, 2:4] = np.nan
        for w, k in self.ids.items():
            if w in lexicon:
                mpqa, afinn, strong = lexicon[w]
                values[k, 0:3] = mpqa, afinn, np.nan if strong is None else strong
                values[k, 4] = 1
            values[k, 3] = induced.get(w, np.nan)
            values[k, 5:8] = w in shifters, w in _CLAUSE_END, w == "but"
        self.values = values
        # The mark between sentences in ``_ids``; added after the table, so it has no row (its id,
        # -1, would otherwise overwrite the last word's).
        self.ids["\x00"] = _MARK

    def _ids(self, prepared: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Word ids of every sentence's tokens, one after another; per token, whether it ends in
        "n't" (a reverser even outside the lexicons); where each sentence's tokens start."""
        # One regular-expression pass over all sentences, joined by a mark no token holds (NUL,
        # a token of its own here), is half the time of a pass per sentence; the marks then give
        # each sentence's first token. A sentence holding NUL itself is read one by one.
        joined = "\x00".join(prepared).lower()
        if joined.count("\x00") == len(prepared) - 1:
            tokens = _SIGNAL_TOKENS_MARKED.findall(joined)
            ids = np.fromiter(map(self.ids.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
            marks = np.flatnonzero(ids == _MARK)
            starts = np.zeros(len(prepared) + 1, dtype=np.int64)
            starts[1:-1] = marks - np.arange(len(marks))
            starts[-1] = len(tokens) - len(marks)
            ids = np.delete(ids, marks) if len(marks) else ids
            if len(marks):
                tokens = [t for t in tokens if t != "\x00"] if "n't" in joined else tokens
        else:
            per_sentence = [SIGNAL_TOKENS.findall(p.lower()) for p in prepared]
            tokens = list(chain.from_iterable(per_sentence))
            ids = np.fromiter(map(self.ids.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
            starts = np.zeros(len(prepared) + 1, dtype=np.int64)
            np.cumsum(list(map(len, per_sentence)), out=starts[1:])
        nt = np.zeros(len(ids), dtype=np.bool_)
        for k, p in enumerate(prepared):
            if "n't" in p:  # as _signals asks it: of the sentence as written, not lower-cased
                nt[starts[k]:starts[k + 1]] = [t.endswith("n't") for t in tokens[starts[k]:starts[k + 1]]]
        return ids, nt, starts

    def signals(self, prepared: list[str]) -> np.ndarray:
        """``_signals`` of each prepared sentence, as rows of a (sentences, 6) array."""
        kernel = _compiled_signals.get()
        if kernel is None:
            return np.array([_signals(p) for p in prepared], dtype="float64").reshape(len(prepared), 6)
        ids, nt, starts = self._ids(prepared)
        return kernel(ids, nt, starts, self.values, _REACH, _SHIFT)

    @staticmethod
    def blend(vader: np.ndarray, sig: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """``_blend`` of each row's VADER compound and ``signals`` row."""
        # _blend's sum, term by term in its order, over all sentences at once: the same floats.
        score = 0.0 + weights[0] * vader  # 0.0 first, as sum() starts from 0: never -0.0
        for c in range(sig.shape[1]):
            score = score + weights[c + 1] * sig[:, c]
        return np.clip(score, -1.0, 1.0)


def _signals_kernel(ids, nt, starts, values, reach, shift):
    """``_signals`` of each sentence (tokens ``starts[k]:starts[k + 1]`` of ``ids``), step for step:
    the same windows, products and sums in the same order, so the floats are equal."""
    out = np.zeros((len(starts) - 1, 6))
    negated = np.ones(len(ids))
    at_work = np.zeros(len(ids), dtype=np.bool_)
    for k in range(len(starts) - 1):
        lo, hi = starts[k], starts[k + 1]
        reversed_any = False
        for i in range(lo, hi):  # reversers in order: each multiplies the next words of its clause
            row = ids[i]
            if values[row, 5] == 0 and not nt[i]:
                continue
            reversed_any = True
            for j in range(i + 1, min(hi, i + 1 + reach)):
                if values[ids[j], 6] != 0:
                    break
                negated[j] *= shift
                if values[ids[j], 4] != 0 and values[row, 4] != 0 and values[row, 5] != 0:
                    at_work[i] = True
        total, known = 0.0, 0
        for j in range(lo, hi):
            v = values[ids[j], 3]
            if v == v:  # not NaN: an induced valence
                total += v * negated[j] if reversed_any else v
                known += 1
        out[k, 5] = total / known if known else 0.0
        but = -1
        for j in range(lo, hi):
            if values[ids[j], 7] != 0:
                but = j
                break
        sums = np.zeros(4)
        strong_total, strong_n, hits = 0.0, 0, 0
        for j in range(lo, hi):
            row = ids[j]
            if values[row, 4] == 0:
                continue
            hits += 1
            if at_work[j]:
                continue
            factor = negated[j] if reversed_any else 1.0
            if but >= 0:
                factor *= 0.5 if j < but else 1.5 if j > but else 1.0
            mpqa, afinn, strong = values[row, 0], values[row, 1], values[row, 2]
            if mpqa != 0:
                sums[1 if mpqa * factor < 0 else 0] += mpqa * factor
            if afinn != 0:
                sums[3 if afinn * factor < 0 else 2] += afinn * factor
            if strong == strong:
                strong_total += strong * factor
                strong_n += 1
        if hits:
            for c in range(4):
                out[k, c] = math.tanh(sums[c] / 3.0)
            out[k, 4] = strong_total / strong_n if strong_n else 0.0
        for j in range(lo, hi):  # leave the scratch arrays clean for the next sentence
            negated[j] = 1.0
            at_work[j] = False
    return out


# Compiled and tried on a small input on first use.
_compiled_signals = resources.BuiltOnce(lambda: resources.compiled_kernel(
    _signals_kernel, (np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.bool_), np.array([0, 1], dtype=np.int64),
                      np.zeros((1, len(SignalTable.COLUMNS))), _REACH, _SHIFT),
    what="the sentiment signals loop", instead="reading one sentence at a time"))


_DEFAULT_SIGNALS = resources.BuiltOnce(SignalTable)


def default_signal_table() -> SignalTable:
    """The shipped lexicons as a ``SignalTable``, built once per process on first use."""
    return _DEFAULT_SIGNALS.get()


def accurate_scores(texts: list[str]) -> np.ndarray:
    """The accurate mode's scores of ``texts`` (see ``sentiment_scores``)."""
    from .encoder import default_encoder

    if not texts:
        return np.zeros(0)
    features, fast = _fast_inputs(texts)
    inputs = np.c_[default_encoder().embed(texts).astype("float64"), features, fast]
    return default_accurate_head().scores(inputs)


class AccurateHead:
    """The accurate mode's last step: a network of one hidden layer of rectified units from a
    sentence's inputs (the encoder's 384-dimensional vector, the fast mode's seven features and
    its score) to its sentiment, clipped to [-1, 1]. Weights: ``accurate_sentiment.tsv``, fitted
    by ``benchmarks/fit_accurate.py``.

    >>> sentences = ["The rescue was a triumph for the whole town.", "Two soldiers were killed in the attack."]
    >>> sentiment_scores(sentences, mode="accurate").round(2).tolist()
    [0.26, -0.28]
    """

    def __init__(self, weights: resources.NetworkWeights | None = None):
        self.weights = weights or resources.accurate_sentiment_weights()

    def scores(self, inputs: np.ndarray) -> np.ndarray:
        w = self.weights
        # einsum's own loop, not BLAS: a matrix product this small gains nothing from OpenBLAS's
        # threads, which spin on after it and doubled the CPU time of the encoder's work that follows
        # (accurate mode 23,000 -> 12,000 words per CPU-second in benchmarks/run.py).
        hidden = np.maximum(np.einsum("ij,jk->ik", inputs, w.hidden) + w.hidden_bias, 0.0)
        return np.clip(hidden @ w.output + w.output_bias, -1.0, 1.0)


_DEFAULT_HEAD = resources.BuiltOnce(AccurateHead)


def default_accurate_head() -> AccurateHead:
    """The shipped ``AccurateHead``, read once per process on first use."""
    return _DEFAULT_HEAD.get()
