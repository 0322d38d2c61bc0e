"""Aggregate: where an article stands among reference corpora.

``analysis/data/reference_stats.csv`` holds, for each reference corpus and
measure, the 0th, 5th, ..., 100th percentiles of that measure over the corpus's
documents. They are figures only (no text), computed once from the development
halves in ``../shared/eval`` by ``benchmarks/reference_stats.py``.

>>> round(percentile("newswire", "hedged_share", 0.0))  # a fifth of newswire documents have no hedge
10
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import resources

__all__ = ["reference_table", "percentile", "REFERENCE_MEASURES", "QUANTILES"]

QUANTILES = list(range(0, 101, 5))
# Measures of prof.summary given per reference corpus (anonymous/named as a share of sentences,
# so articles of different lengths compare).
REFERENCE_MEASURES = ["hedge_density", "hedged_share", "booster_density", "anonymous_share", "named_share",
                      "sentiment_mean", "negative_share"]


@lru_cache(maxsize=1)
def reference_table() -> dict:
    """{(corpus, measure): (n_documents, array of percentiles at QUANTILES)}."""
    out = {}
    for row in resources.read_table("reference_stats.csv"):
        qs = np.array([float(row[f"q{q}"]) for q in QUANTILES])
        out[(row["corpus"], row["measure"])] = (int(row["n_documents"]), qs)
    return out


def percentile(corpus: str, measure: str, value: float) -> float:
    """Share (0-100) of the corpus's documents whose ``measure`` is below ``value``; documents
    with the same value count half, so a typical value sits near 50."""
    try:
        _, qs = reference_table()[(corpus, measure)]
    except KeyError:
        raise KeyError(f"no reference figures for {corpus!r} / {measure!r} in analysis/data/reference_stats.csv") from None
    # The quantiles are non-decreasing; a run of equal quantiles is a block of tied documents.
    below = np.interp(value, qs, QUANTILES, left=0.0, right=100.0) if value > qs[0] else 0.0
    if np.any(qs == value):
        tied = np.flatnonzero(qs == value)
        lo, hi = QUANTILES[tied[0]], QUANTILES[tied[-1]]
        below = (lo + hi) / 2
    return float(below)
