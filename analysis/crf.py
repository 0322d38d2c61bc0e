"""Annotate: the linear-chain CRF machinery the entity recogniser and the quote tagger share.

Both models are fitted once with CRFsuite (``fit``, for the fitting scripts; it needs the ``fit``
extra) and ship their weights as a readable table (``weight_rows`` writes it, ``read_weights``
reads it). Decoding needs NumPy (and uses Numba for Viterbi): ``weight_matrix`` turns the weights
into a dense [feature, label] array, ``best_labels`` finds the best labels of many segments
(Viterbi) and ``label_marginals`` their probabilities (forward-backward). ``word_shape`` is the shape
feature both models use.

>>> import numpy as np
>>> best_labels(np.array([[0.0, 1.0], [2.0, 0.0]]), [2], np.zeros((2, 2))).tolist()
[1, 0]
"""
from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import resources

__all__ = ["WordIds", "summed_rows", "role_sums", "ids_adding_new",
           "word_shape", "read_weights", "read_weight_matrix", "weight_matrix", "best_labels", "best_labels_numpy", "label_marginals", "fit",
           "as_weights", "weight_rows"]

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")


@lru_cache(maxsize=65536)
class WordIds(dict):
    """word -> id for a decoder's per-word tables, where looking up a new word gives it an id by
    calling ``add(word)``, which stores it here (and fills the tables' rows for it)."""

    def __init__(self, add):
        super().__init__()
        self._add = add

    def __missing__(self, word: str) -> int:
        return self._add(word)


def summed_rows(mat, rows: list[int], lengths: list[int]):
    """The rows of ``mat`` numbered in ``rows``, summed in consecutive groups of ``lengths``, added
    one after another as ``mat[group].sum(axis=0)`` adds them, so the sums are equal bit for bit
    (``np.add.reduceat`` is not: it adds in another order). One gather and one step per position
    in the longest group, instead of a gather and a sum per group: a decoder's per-word vectors
    for many new words at once.

    >>> summed_rows(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [0, 2, 1], [2, 1]).tolist()
    [[6.0, 8.0], [3.0, 4.0]]
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    if len(lengths) == 0 or lengths.min() < 1 or lengths.sum() != len(rows):
        raise ValueError("summed_rows: every group needs at least one row, and the lengths must add up to the rows")
    gathered = mat[rows]
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    out = gathered[starts]
    for position in range(1, int(lengths.max())):
        longer = np.flatnonzero(lengths > position)
        out[longer] += gathered[starts[longer] + position]
    return out


def role_sums(mat, rows: dict, roles: list[tuple[str, ...]]):
    """The summed weight rows of each list of feature strings in ``roles`` (a decoder's role
    vectors for new words, ``summed_rows``); a feature ``rows`` does not know takes the last, zero
    row of ``mat``."""
    from itertools import chain, repeat

    numbers = list(map(rows.get, chain.from_iterable(roles), repeat(len(rows))))
    return summed_rows(mat, numbers, list(map(len, roles)))


def ids_adding_new(ids: dict, tokens: list[str], add_many) -> "np.ndarray":
    """The ids of ``tokens`` in ``ids``; the words it lacks are first given ids all together by
    ``add_many`` (a list of distinct new words, in order of first appearance: the order a lookup
    word by word, ``WordIds``, would give them)."""
    from itertools import repeat

    found = np.fromiter(map(ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    if found.min(initial=0) < 0:
        add_many(list(dict.fromkeys(tokens[i] for i in np.flatnonzero(found < 0))))
        found = np.fromiter(map(ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    return found


def word_shape(word: str) -> str:
    """Letters and digits collapsed to X, x and d: "Iskander-M" -> "Xx-X", "1996-08-30" -> "d-d-d"."""
    return _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))[:6]


def read_weights(name: str, labels: tuple[str, ...]) -> tuple[dict, list]:
    """State weights {feature: [(label index, weight), ...]} and the label transition matrix
    from ``analysis/data/<name>`` (rows feature, label, weight; feature '->' rows are
    transitions, label 'from>to')."""
    index = {lab: k for k, lab in enumerate(labels)}
    state: dict = {}
    trans = [[0.0] * len(labels) for _ in labels]
    for row in resources.read_table(name):
        w = float(row["weight"])
        if row["feature"] == "->":
            a, b = row["label"].split(">")
            trans[index[a]][index[b]] = w
        else:
            state.setdefault(row["feature"], []).append((index[row["label"]], w))
    return state, trans


def weight_matrix(state: dict, n_labels: int) -> tuple[dict, "object"]:
    """{feature: row} and the dense [feature, label] weight array, with one last, zero row for
    features the weights do not know (so an unknown feature can be looked up like any other)."""
    import numpy as np

    rows = {f: k for k, f in enumerate(state)}
    mat = np.zeros((len(rows) + 1, n_labels))
    for f, k in rows.items():
        for lab, w in state[f]:
            mat[k, lab] = w
    return rows, mat


def read_weight_matrix(name: str, labels: tuple[str, ...]) -> tuple[dict, "object", "object"]:
    """``weight_matrix(*read_weights(name, labels))`` and the transitions as an array, read in a
    few passes over the whole table instead of a dict per row: the shipped models load in about a
    fifth of the time (a model's table is 84,000-165,000 rows, and loading it was most of a fresh
    process's first article). The same rows, matrix and transitions (a test compares them)."""
    text = resources.data_path(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    at = {col: header.index(col) for col in ("feature", "label", "weight")}
    fields = [line.split("\t") for line in lines[1:]]
    features = [f[at["feature"]] for f in fields]
    label_of = {lab: k for k, lab in enumerate(labels)}
    weights = np.array([f[at["weight"]] for f in fields], dtype=np.float64)
    trans = np.zeros((len(labels), len(labels)))
    moves = [k for k, f in enumerate(features) if f == "->"]
    for k in moves:
        a, b = fields[k][at["label"]].split(">")
        trans[label_of[a], label_of[b]] = weights[k]
    state = np.ones(len(features), dtype=bool)
    state[moves] = False
    kept = np.flatnonzero(state).tolist()
    rows: dict = {}
    for k in kept:  # first appearance gives a feature its row, as weight_matrix numbers them
        rows.setdefault(features[k], len(rows))
    row_of = np.fromiter(map(rows.__getitem__, (features[k] for k in kept)), dtype=np.int64, count=len(kept))
    col_of = np.fromiter((label_of[fields[k][at["label"]]] for k in kept), dtype=np.int64, count=len(kept))
    mat = np.zeros((len(rows) + 1, len(labels)))
    mat[row_of, col_of] = weights[kept]
    return rows, mat, trans


def best_labels(emit, lengths, trans, *, block_cells: int = 1_000_000):
    """Viterbi over many segments: the best label of every row of ``emit``, where the rows are the
    segments' tokens one segment after another (``lengths`` tokens each). Compiled by Numba when
    it is installed (about 20 times faster: NumPy's per-call overhead, not arithmetic, is what the
    vectorised version pays for at 7-9 labels), else ``best_labels_numpy``; both give the same
    labels, ties included (the first best label wins), and tests compare them."""
    import numpy as np

    kernel = _compiled_viterbi.get()
    if kernel is None:
        return best_labels_numpy(emit, lengths, trans, block_cells=block_cells)
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.zeros(len(lengths), dtype=np.int64)
    if len(lengths):
        np.cumsum(lengths[:-1], out=starts[1:])
    labels = np.empty(len(emit), dtype=np.int64)
    return kernel(np.ascontiguousarray(emit, dtype=np.float64), starts, lengths,
                  np.ascontiguousarray(trans, dtype=np.float64), labels)


def _viterbi_kernel(emit, starts, lengths, trans, labels):
    """Viterbi, segment by segment, with loops a compiler can make fast; the same comparisons as
    ``best_labels_numpy`` (scores summed in the same order, strict ">" so the first best wins)."""
    n_labels = emit.shape[1]
    for s in range(len(starts)):
        first, size = starts[s], lengths[s]
        if size == 0:
            continue
        score = emit[first].copy()
        back = np.empty((size, n_labels), dtype=np.int64)
        step = np.empty(n_labels)
        for t in range(1, size):
            for label in range(n_labels):
                best = score[0] + trans[0, label]
                arg = 0
                for prev in range(1, n_labels):
                    value = score[prev] + trans[prev, label]
                    if value > best:
                        best = value
                        arg = prev
                back[t, label] = arg
                step[label] = best + emit[first + t, label]
            score[:] = step
        k = 0
        for label in range(1, n_labels):
            if score[label] > score[k]:
                k = label
        labels[first + size - 1] = k
        for t in range(size - 1, 0, -1):
            k = back[t, k]
            labels[first + t - 1] = k
    return labels


# Compiled and tried on a small input on first use.
_compiled_viterbi = resources.BuiltOnce(lambda: resources.compiled_kernel(
    _viterbi_kernel, (np.zeros((2, 2)), np.zeros(1, dtype=np.int64), np.full(1, 2, dtype=np.int64), np.zeros((2, 2)),
                      np.empty(2, dtype=np.int64)),
    what="the Viterbi kernel", instead="using NumPy"))


def best_labels_numpy(emit, lengths, trans, *, block_cells: int = 1_000_000):
    """``best_labels`` in NumPy alone: all segments decoded together, longest first.

    The segments are decoded together, longest first, one NumPy step per position: at position
    t the segments longer than t are a prefix of that order, and the others keep their scores.
    (Decoding each length apart took a step per position per length.) The emissions are read
    from a [segment, position, label] block padded to the longest segment, unless that block
    would pass ``block_cells`` cells (one very long sentence among many): then each step
    gathers its rows, and memory stays in proportion to the tokens."""
    import numpy as np

    lengths = np.asarray(lengths)
    labels = np.empty(len(emit), dtype=np.int64)
    if not len(lengths):
        return labels
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    order = np.argsort(-lengths, kind="stable")
    size, start = lengths[order], first[order]
    longest, n_labels = int(size[0]), emit.shape[1]
    if len(size) * longest > block_cells:
        return _best_labels_gathered(emit, size, start, trans, labels)
    # The segments' emissions in a [segment, position, label] block (one gather), so each step
    # reads a plain slice; positions past a segment's end are never read.
    pos = np.arange(longest)
    take = start[:, None] + np.minimum(pos, size[:, None] - 1)
    block = emit[take]
    active = np.searchsorted(-size, -pos, side="left").tolist()  # segments longer than t, per t
    back = np.zeros((longest, len(size), n_labels), dtype=np.int64)
    score = block[:, 0].copy()
    for t in range(1, longest):
        n = active[t]
        cand = score[:n, :, None] + trans  # [segment, previous label, label]
        back[t, :n] = cand.argmax(axis=1)
        score[:n] = cand.max(axis=1) + block[:n, t]
    path = np.zeros((len(size), longest), dtype=np.int64)
    k = score.argmax(axis=1)  # each segment's label at its last position, then at each earlier one
    path[np.arange(len(size)), size - 1] = k
    rows = np.arange(len(size))
    for t in range(longest - 1, 0, -1):
        n = active[t]
        k[:n] = back[t, rows[:n], k[:n]]
        path[:n, t - 1] = k[:n]
    keep = pos[None, :] < size[:, None]
    labels[take[keep]] = path[keep]
    return labels


def _best_labels_gathered(emit, size, start, trans, labels):
    """``best_labels`` reading each step's emissions by a gather (no padded block)."""
    import numpy as np

    longest = int(size[0])
    active = np.searchsorted(-size, -np.arange(longest), side="left").tolist()
    score = emit[start].copy()
    back = []
    for t in range(1, longest):
        n = active[t]
        cand = score[:n, :, None] + trans
        back.append(cand.argmax(axis=1))
        score[:n] = cand.max(axis=1) + emit[start[:n] + t]
    k = score.argmax(axis=1)
    labels[start + size - 1] = k
    for t in range(longest - 1, 0, -1):
        n = active[t]
        k[:n] = back[t - 1][np.arange(n), k[:n]]
        labels[start[:n] + t - 1] = k[:n]
    return labels


def label_marginals(emit, lengths, trans):
    """Forward-backward over the same segments as ``best_labels``: for every row of ``emit``, the
    probability of each label given its whole segment (rows sum to 1)."""
    import numpy as np

    def logsumexp(a, axis):
        top = a.max(axis=axis, keepdims=True)
        return np.squeeze(top, axis) + np.log(np.exp(a - top).sum(axis=axis))

    lengths = np.asarray(lengths)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    out = np.empty_like(emit)
    for size in np.unique(lengths).tolist():
        rows = first[lengths == size]
        alpha = [emit[rows]]
        for t in range(1, size):
            alpha.append(logsumexp(alpha[-1][:, :, None] + trans, axis=1) + emit[rows + t])
        beta = np.zeros_like(alpha[0])
        total = logsumexp(alpha[-1], axis=1)[:, None]
        for t in range(size - 1, -1, -1):
            out[rows + t] = np.exp(alpha[t] + beta - total)
            if t:
                beta = logsumexp(trans[None, :, :] + (emit[rows + t] + beta)[:, None, :], axis=2)
    return out


# ----------------------------------------------------------------------------- fitting

def fit(items, *, c1: float = 0.0, c2: float, iterations: int) -> tuple[dict, dict]:
    """CRFsuite's state features {(feature, label): weight} and transitions {(from, to): weight},
    fitted on ``items``, (features, labels) per sequence."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in items:
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crf")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
    return info.state_features, info.transitions


def as_weights(state_features: dict, transitions: dict, labels: tuple[str, ...], *, min_weight: float = 0.0
               ) -> tuple[dict, list]:
    """``fit``'s weights in the form ``read_weights`` gives (weights below ``min_weight`` dropped,
    rounded as the shipped table writes them), to decode with before writing them."""
    index = {lab: k for k, lab in enumerate(labels)}
    state: dict = {}
    for (feat, lab), w in state_features.items():
        if abs(w) >= min_weight:
            state.setdefault(feat, []).append((index[lab], round(w, 4)))
    trans = [[0.0] * len(labels) for _ in labels]
    for (a, b), w in transitions.items():
        trans[index[a]][index[b]] = round(w, 4)
    return state, trans


def weight_rows(state_features: dict, transitions: dict, *, min_weight: float) -> list[str]:
    """``fit``'s weights as the tab-separated rows of a shipped weights table."""
    rows = [f"{feat}\t{lab}\t{w:.4f}" for (feat, lab), w in sorted(state_features.items()) if abs(w) >= min_weight]
    return rows + [f"->\t{a}>{b}\t{w:.4f}" for (a, b), w in sorted(transitions.items())]
