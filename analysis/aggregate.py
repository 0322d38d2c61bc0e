"""Aggregate: article-level metrics from the sentence, cue and entity tables.

Stage 5 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.
Article sentiment is the mean of sentence scores, never the compound score of
the whole text, which saturates towards +-1 on long articles.
"""
from __future__ import annotations

import pandas as pd

from .sentiment import NEGATIVE, POSITIVE

__all__ = ["article_summary", "paragraph_table"]


def paragraph_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: para_id, start, end, n_sentences, n_words, sentiment_mean (for the arc)."""
    if sentences.empty:
        return pd.DataFrame(columns=["para_id", "start", "end", "n_sentences", "n_words", "sentiment_mean"])
    g = sentences.groupby("para_id", sort=True)
    return pd.DataFrame({
        "start": g["start"].min(),
        "end": g["end"].max(),
        "n_sentences": g.size(),
        "n_words": g["n_words"].sum(),
        "sentiment_mean": g["sentiment"].mean(),
    }).reset_index()


def article_summary(*, sentences: pd.DataFrame, repairs: pd.DataFrame) -> pd.Series:
    """Headline metrics of one article as a Series (one value per metric)."""
    n = len(sentences)
    sent = sentences["sentiment"]
    return pd.Series(
        {
            "n_words": int(sentences["n_words"].sum()),
            "n_sentences": n,
            "n_paragraphs": int(sentences["para_id"].nunique()) if n else 0,
            "n_repairs": int(len(repairs)),
            "sentiment_mean": float(sent.mean()) if n else 0.0,
            "sentiment_min": float(sent.min()) if n else 0.0,
            "sentiment_max": float(sent.max()) if n else 0.0,
            "positive_share": float((sent > POSITIVE).mean()) if n else 0.0,
            "neutral_share": float(((sent >= NEGATIVE) & (sent <= POSITIVE)).mean()) if n else 0.0,
            "negative_share": float((sent < NEGATIVE).mean()) if n else 0.0,
        },
        dtype="object",
    )
