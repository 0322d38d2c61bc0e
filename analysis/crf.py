"""Annotate: the linear-chain CRF machinery the entity recogniser and the quote tagger share.

Both models are fitted once with CRFsuite (``fit``, for the fitting scripts; it needs the ``fit``
extra) and ship their weights as a readable table (``weight_rows`` writes it, ``read_weights``
reads it). Decoding needs only NumPy: ``weight_matrix`` turns the weights into a dense
[feature, label] array, ``best_labels`` finds the best labels of many segments at once (Viterbi)
and ``label_marginals`` their probabilities (forward-backward). ``word_shape`` is the shape
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

from . import resources

__all__ = ["word_shape", "read_weights", "weight_matrix", "best_labels", "label_marginals", "fit", "as_weights",
           "weight_rows"]

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")


@lru_cache(maxsize=65536)
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


def best_labels(emit, lengths, trans, *, block_cells: int = 1_000_000):
    """Viterbi over many segments at once: the best label of every row of ``emit``, where the
    rows are the segments' tokens one segment after another (``lengths`` tokens each).

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
