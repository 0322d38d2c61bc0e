"""Annotate: the statistical part of finding who says what, a linear-chain CRF run offline.

Each token of a sentence that may hold an attribution (it has a reporting word such as
"said", "according", "believes", or a quotation mark) is labelled with BIO tags for the three
parts of an attribution as PolNeAR annotates them (Newell, Margolin & Ruths 2018): the source
(``SRC``: "a campaign aide", "he", "The New York Post"), the cue (``CUE``: "said", "according
to", "has learned") and the content (``CNT``: what is said, believed or intended). Other
sentences are all outside. The weights (``analysis/data/quote_weights.tsv``) were fitted once
with CRFsuite by ``benchmarks/fit_quotes.py`` on the PolNeAR training articles; decoding needs
only NumPy and the Viterbi the entity recogniser uses too (``crf.best_labels``).

Features of a token: its lower-cased word and those of two neighbours either side, its Brill
tag and shape, whether it is capitalised or a reporting word, and where it stands: inside a
quotation, a quotation mark itself, the first token, or after / before a reporting word in its
sentence. As in ``entity_model``, the fitting script reads them as strings
(``token_features``) and decoding as sums of per-word vectors cached between documents; a test
keeps the two equal.

>>> tagger = QuoteTagger()
>>> words = ["Officials", "said", "the", "talks", "would", "resume", "."]
>>> tagger.labels([words])[0]
['B-SRC', 'B-CUE', 'B-CNT', 'I-CNT', 'I-CNT', 'I-CNT', 'O']
"""
from __future__ import annotations

import threading
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from . import resources
from .crf import WordIds, best_labels, ids_adding_new, read_weight_matrix, read_weights, role_sums, weight_matrix, word_shape

__all__ = ["LABELS", "QuoteTagger", "default_tagger", "token_features", "quote_flags", "candidate_sentence",
           "OPENING_QUOTES", "CLOSING_QUOTES", "WEIGHTS_FILE", "LIGHT_VERBS"]

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CNT", "I-CNT")
WEIGHTS_FILE = "quote_weights.tsv"
OPENING_QUOTES = frozenset({"“", "«", "„"})
CLOSING_QUOTES = frozenset({"”", "»"})
_STRAIGHT = '"'
_QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | {_STRAIGHT}
# Punctuation that introduces what a speaker says: a colon, and the horizontal bar of transcripts.
_MARKERS = frozenset({":", "―"})
_ROLES = (0, -1, 1, -2, 2)
_PAD = ("<S>", "</S>")
# Verbs (lemmas) that say nothing of speech on their own, though PolNeAR's cues hold them ("made clear",
# "has said"): their other forms join no reporting words (benchmarks/fit_quotes.py), and they are no
# verb of "<person> ... that <content>" (quotes.py).
LIGHT_VERBS = frozenset({"be", "do", "have", "go", "make", "take", "give", "get", "put", "come", "let", "keep"})
# Token flags, in the column order decoding uses.
FLAGS = ("inq", "qmark", "first", "cue_before", "cue_after")


@lru_cache(maxsize=1)
def reporting_words() -> frozenset:
    """Lower-case words that may be (part of) an attribution's cue (``quote_cues.csv``)."""
    return frozenset(r["word"] for r in resources.read_table("quote_cues.csv"))


@lru_cache(maxsize=1)
def stand_ins() -> dict:
    """{reporting word: the form of the same verb whose word weights it takes} for the forms the
    training set lacked ("warns": "warned"; ``quote_cues.csv``'s reads_as)."""
    return MappingProxyType({r["word"]: r["reads_as"] for r in resources.read_table("quote_cues.csv")
                             if r.get("reads_as")})


def candidate_sentence(tokens: list[str]) -> bool:
    """Whether a sentence may hold an attribution: a reporting word, a quotation mark, a colon or
    a horizontal bar ("―", which introduces a speaker's words in transcripts)."""
    return not (_QUOTE_MARKS.isdisjoint(tokens) and _MARKERS.isdisjoint(tokens)
                and reporting_words().isdisjoint(map(str.lower, tokens)))


def quote_flags(sentences: list[list[str]], *, inside: bool = False) -> tuple[list, bool]:
    """Per token of consecutive sentences of one paragraph, the flags of ``FLAGS`` (a boolean
    array of shape (tokens, 5) per sentence), and whether the paragraph's last token is still
    inside a quotation. ``inside``: whether the first sentence starts inside one (a quotation
    running on from the sentence before).

    >>> flags, inside = quote_flags([["He", "said", ":", "“", "No", "."]])
    >>> flags[0].astype(int).tolist()[3:], inside
    ([[0, 1, 0, 1, 0], [1, 0, 0, 1, 0], [1, 0, 0, 1, 0]], True)
    """
    words = reporting_words()
    marks = _QUOTE_MARKS
    out = []
    for toks in sentences:
        n = len(toks)
        cues = [i for i, t in enumerate(map(str.lower, toks)) if t in words]
        first, last = (cues[0], cues[-1]) if cues else (n, -1)
        rows = np.zeros((n, len(FLAGS)), dtype=bool)
        if n:
            rows[0, 2] = True       # first
        rows[first + 1:, 3] = True  # after the first reporting word
        if last > 0:
            rows[:last, 4] = True   # before the last one
        if marks.isdisjoint(toks):
            # No quotation mark (most sentences): the state holds throughout.
            rows[:, 0] = inside
            out.append(rows)
            continue
        for i, tok in enumerate(toks):
            if tok in OPENING_QUOTES or (tok == _STRAIGHT and not inside):
                rows[i, 1] = True
                inside = True
            elif tok in CLOSING_QUOTES or (tok == _STRAIGHT and inside):
                rows[i, 1] = True
                inside = False
            else:
                rows[i, 0] = inside
        out.append(rows)
    return out, inside


@lru_cache(maxsize=131072)
def _word_roles(word: str) -> tuple:
    """The feature strings of ``word`` in each role of ``_ROLES`` (itself, one before, one after,
    two before, two after): a pure function of the word, so its memo is safe to share."""
    low = word if word in _PAD else ("<num>" if word[:1].isdigit() else word.lower())
    rep = low in reporting_words()
    if rep:
        low = stand_ins().get(low, low)
    own = ["b", "0:" + low, "sh=" + word_shape(word), "t=" + resources.brill_lexicon().get(word, resources.brill_lexicon().get(low, "?"))]
    if word[:1].isupper():
        own.append("cap")
    if rep:
        own.append("rep")
    return (tuple(own),) + tuple((f"{r}:{low}",) for r in _ROLES[1:])


def token_features(tokens: list[str], flags: list[tuple]) -> list[list[str]]:
    """Feature strings of every token of one sentence (what the fitting script trains on)."""
    n = len(tokens)
    out = []
    for i in range(n):
        feats: list = []
        for role, r in enumerate(_ROLES):
            j = i + r
            word = tokens[j] if 0 <= j < n else (_PAD[0] if j < 0 else _PAD[1])
            feats += _word_roles(word)[role]
        feats += [name for name, on in zip(FLAGS, flags[i]) if on]
        out.append(feats)
    return out


def load_weights() -> tuple[dict, list]:
    """State weights {feature: [(label index, weight), ...]} and the label transition matrix."""
    return read_weights(WEIGHTS_FILE, LABELS)


class QuoteTagger:
    """The CRF that labels attribution parts: its weights as dense arrays and a cache of per-word
    score vectors (behind a lock, so one instance may be shared by threads).

    ``weights`` is ``(state, transitions)`` as ``load_weights`` returns it; by default the shipped
    ``quote_weights.tsv``. ``compiled=False`` sums the per-word vectors with NumPy alone instead of
    the compiled loop (same values; slower)."""

    def __init__(self, weights: tuple | None = None, *, cache_limit: int = 100_000, compiled: bool = True):
        import numpy as np

        if weights is None:
            self._rows, mat, trans = read_weight_matrix(WEIGHTS_FILE, LABELS)
        else:
            state, trans = weights
            self._rows, mat = weight_matrix(state, len(LABELS))
        self._mat = mat
        self._trans = np.array(trans)
        self._flag_rows = mat[[self._rows.get(f, len(self._rows)) for f in FLAGS]]
        self._limit = cache_limit
        self._compiled = compiled  # False: the role sums by NumPy alone (the compiled loop's reference)
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        import numpy as np

        self._ids: dict = WordIds(self._add)
        self._bank = np.zeros((5 * 1024, len(LABELS)))
        for word in _PAD:
            self._add(word)

    def _add(self, word: str) -> int:
        return self._add_many([word])

    def _add_many(self, words: list[str]) -> int:
        """Ids and role vectors for several new words (distinct, none known yet), in order, their
        vectors summed in one go (``crf.summed_rows``); returns the id of the first."""
        import numpy as np

        first = len(self._ids)
        while 5 * (first + len(words)) > len(self._bank):
            self._bank = np.concatenate([self._bank, np.zeros_like(self._bank)])
        self._bank[5 * first:5 * (first + len(words))] = role_sums(self._mat, self._rows,
                                                                   [feats for word in words for feats in _word_roles(word)])
        for k, word in enumerate(words, start=first):
            self._ids[word] = k
        return first

    def emissions(self, sentences: list[list[str]], flags: list[list[tuple]]):
        """One row of label scores per token of ``sentences`` (one after another)."""
        import numpy as np

        with self._lock:
            if len(self._ids) > self._limit:
                self._clear()
            flat: list = []
            for toks in sentences:
                flat += _PAD[:1] * 2
                flat += toks
                flat += _PAD[1:] * 2
            ids = ids_adding_new(self._ids, flat, self._add_many)
            kernel = _compiled_roles.get() if self._compiled else None
            if kernel is not None:
                emit = kernel(ids, self._bank, len(_PAD))
            else:
                emit = _role_sums(ids, self._bank, len(_PAD))
        rows = np.concatenate([np.asarray(f, dtype=bool).reshape(-1, len(FLAGS)) for f in flags]) if flags \
            else np.zeros((0, len(FLAGS)), dtype=bool)
        return emit + rows.astype(float) @ self._flag_rows

    def feature_scores(self, features: list[str]):
        """Summed label scores of a list of feature strings (unknown features score 0)."""
        return self._mat[[self._rows.get(f, len(self._rows)) for f in features]].sum(axis=0)

    def labels(self, sentences: list[list[str]], flags: list[list[tuple]] | None = None) -> list[list[str]]:
        """BIO labels of each token of each sentence (a sentence's flags as ``quote_flags``
        gives them; by default computed as if the sentences were one paragraph)."""
        return [[LABELS[k] for k in ids] for ids in self.label_ids(sentences, flags)]

    def label_ids(self, sentences: list[list[str]], flags: list[list[tuple]] | None = None) -> list[list[int]]:
        """As ``labels``, as indices into ``LABELS``."""
        if flags is None:
            flags, _ = quote_flags(sentences)
        sentences = [list(s) for s in sentences]
        lengths = [len(s) for s in sentences]
        if not sum(lengths):
            return [[] for _ in sentences]
        emit = self.emissions(sentences, flags)
        kept = [n for n in lengths if n]
        best = best_labels(emit, kept, self._trans).tolist()
        out, at = [], 0
        for n in lengths:
            out.append(best[at:at + n])
            at += n
        return out


def _role_sums(ids, bank, n_pads: int):
    """One row per token (ids of at least ``n_pads`` are tokens, lower ones the sentence pads):
    the word's vectors in its five roles summed, itself, one before, one after, two before, two
    after, in that order. NumPy version of ``_role_kernel``."""
    import numpy as np

    where = np.flatnonzero(ids >= n_pads)
    five = ids * 5
    return bank[five[where]] + bank[five[where - 1] + 1] + bank[five[where + 1] + 2] \
        + bank[five[where - 2] + 3] + bank[five[where + 2] + 4]


def _role_kernel(ids, bank, n_pads):
    """``_role_sums`` in one loop (the same additions in the same order)."""
    n = 0
    for g in range(len(ids)):
        n += ids[g] >= n_pads
    out = np.empty((n, bank.shape[1]))
    r = 0
    for g in range(len(ids)):
        if ids[g] < n_pads:
            continue
        a, b, c, d, e = 5 * ids[g], 5 * ids[g - 1] + 1, 5 * ids[g + 1] + 2, 5 * ids[g - 2] + 3, 5 * ids[g + 2] + 4
        for lab in range(bank.shape[1]):
            out[r, lab] = bank[a, lab] + bank[b, lab] + bank[c, lab] + bank[d, lab] + bank[e, lab]
        r += 1
    return out


# Compiled and tried on a small input on first use.
_compiled_roles = resources.BuiltOnce(lambda: resources.compiled_kernel(
    _role_kernel, (np.array([0, 0, 2, 1, 1], dtype=np.int64), np.zeros((15, 2)), 2),
    what="the quote tagger's loop", instead="using NumPy"))
_DEFAULT = resources.BuiltOnce(QuoteTagger)


def default_tagger() -> QuoteTagger:
    """The tagger with the shipped weights, built once per process on first use."""
    return _DEFAULT.get()
