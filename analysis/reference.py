"""Aggregate: where an article stands among reference corpora.

``analysis/data/reference_stats.csv`` holds, for each reference corpus and
measure, the 0th, 5th, ..., 100th percentiles of that measure over the corpus's
documents. They are figures only (no text), computed once from the development
halves in ``../shared/eval`` by ``benchmarks/reference_stats.py``.

>>> round(percentile("newswire", "hedged_share", 0.0))  # a quarter of newswire documents have no hedge
12
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from . import resources

__all__ = ["reference_table", "percentile", "standing", "compared", "Standing", "REFERENCE_MEASURES", "QUANTILES"]

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


class Standing(NamedTuple):
    """Where a value stands in a reference corpus: the share (0-100) of documents below it, the
    share with the same value (0 unless a run of the corpus's percentiles equals it), whether it
    lies below or above every document, and how many documents there are."""

    below: float
    same: float
    lowest: bool
    highest: bool
    n_documents: int


def standing(corpus: str, measure: str, value: float) -> Standing:
    """The value's ``Standing`` in the corpus (see ``percentile`` for "below")."""
    n_docs, qs = reference_table()[(corpus, measure)]
    tied = np.flatnonzero(qs == value)
    same = float(QUANTILES[tied[-1]] - QUANTILES[tied[0]]) if len(tied) else 0.0
    below = percentile(corpus, measure, value)
    if len(tied) and tied[0] == 0:
        below = 0.0  # a value shared by the lowest documents is below none of them
    return Standing(below, same, bool(value < qs[0]), bool(value > qs[-1]), n_docs)


def compared(corpus: str, measure: str, value: float, *, more: str, less: str) -> str:
    """The value against the corpus in words that stay true at either end and for a value many
    documents share ("like 25% of newswire articles"), not "more hedged than 0%".

    >>> compared("newswire", "hedge_density", 0.0, more="more hedged", less="less hedged")
    'none, like 25% of newswire articles'
    >>> compared("newswire", "hedge_density", 99.0, more="more hedged", less="less hedged")
    'more hedged than any of the 106 newswire articles in the reference set'
    """
    where = standing(corpus, measure, value)
    if where.same >= 5:
        lead = "none, like" if value == 0 else "the same as"
        return f"{lead} {where.same:.0f}% of {corpus} articles"
    if where.highest:
        return f"{more} than any of the {where.n_documents} {corpus} articles in the reference set"
    if where.lowest:
        return f"{less} than any of the {where.n_documents} {corpus} articles in the reference set"
    # Not above or below every document, so never "100%" or "0%" however it rounds.
    if where.below >= 50:
        return f"{more} than {min(round(where.below), 99)}% of {corpus} articles"
    return f"{less} than {min(round(100 - where.below - where.same), 99)}% of {corpus} articles"
