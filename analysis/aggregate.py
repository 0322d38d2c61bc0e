"""Aggregate: article-level metrics from the sentence, cue and entity tables.

Stage 5 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.
Article sentiment is the mean of sentence scores, never the compound score of
the whole text, which saturates towards +-1 on long articles.
"""
from __future__ import annotations

import re

import pandas as pd

from .hedging import UNCERTAIN_KINDS
from .sentiment import NEGATIVE, POSITIVE

__all__ = ["article_summary", "paragraph_table"]


def paragraph_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: para_id, start, end, n_sentences, n_words, sentiment_mean (for the arc),
    hedges and hedge_density (hedge and weasel cues per 100 words)."""
    if sentences.empty:
        return pd.DataFrame(columns=["para_id", "start", "end", "n_sentences", "n_words", "sentiment_mean",
                                     "hedges", "hedge_density"])
    g = sentences.groupby("para_id", sort=True)
    return pd.DataFrame({
        "start": g["start"].min(),
        "end": g["end"].max(),
        "n_sentences": g.size(),
        "n_words": g["n_words"].sum(),
        "sentiment_mean": g["sentiment"].mean(),
        "hedges": g["hedges"].sum(),
    }).reset_index().assign(hedge_density=lambda d: 100 * d["hedges"] / d["n_words"].clip(lower=1))


def _per_100(count, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def article_summary(*, sentences: pd.DataFrame, cues: pd.DataFrame, entity_counts: pd.DataFrame,
                    repairs: pd.DataFrame) -> pd.Series:
    """Headline metrics of one article as a Series (one value per metric)."""
    n = len(sentences)
    sent = sentences["sentiment"]
    words = int(sentences["n_words"].sum())
    uncertain = cues["kind"].isin(UNCERTAIN_KINDS)
    by_category = {"cues_" + re.sub(r"\W+", "_", k).strip("_"): int(v)
                   for k, v in cues.loc[cues["kind"] != "attribution", "category"].value_counts().sort_index().items()}
    return pd.Series(
        {
            "n_words": words,
            "n_sentences": n,
            "n_paragraphs": int(sentences["para_id"].nunique()) if n else 0,
            "n_repairs": int(len(repairs)),
            "sentiment_mean": float(sent.mean()) if n else 0.0,
            "sentiment_min": float(sent.min()) if n else 0.0,
            "sentiment_max": float(sent.max()) if n else 0.0,
            "positive_share": float((sent > POSITIVE).mean()) if n else 0.0,
            "neutral_share": float(((sent >= NEGATIVE) & (sent <= POSITIVE)).mean()) if n else 0.0,
            "negative_share": float((sent < NEGATIVE).mean()) if n else 0.0,
            "hedge_density": _per_100(int(uncertain.sum()), words),
            "hedged_share": float(sentences["hedged"].mean()) if n else 0.0,
            "booster_density": _per_100(int((cues["kind"] == "booster").sum()), words),
            "anonymous_sources": int((sentences["attribution"] == "anonymous").sum()),
            "named_sources": int((sentences["attribution"] == "named").sum()),
            "n_entities": int(len(entity_counts)),
            "n_entity_mentions": int(entity_counts["mentions"].sum()) if len(entity_counts) else 0,
            **by_category,
        },
        dtype="object",
    )
