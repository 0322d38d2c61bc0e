"""Aggregate: article-level metrics from the sentence, cue and entity tables.

Stage 5 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["article_summary"]


def article_summary(*, sentences: pd.DataFrame, repairs: pd.DataFrame) -> pd.Series:
    """Headline metrics of one article as a Series (one value per metric)."""
    n_paragraphs = int(sentences["para_id"].nunique()) if len(sentences) else 0
    return pd.Series(
        {
            "n_words": int(sentences["n_words"].sum()),
            "n_sentences": int(len(sentences)),
            "n_paragraphs": n_paragraphs,
            "n_repairs": int(len(repairs)),
        },
        dtype="object",
    )
