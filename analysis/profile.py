"""One article, end to end: normalise -> tokenise -> annotate -> aggregate.

``profile_article`` is the one implementation every scale uses: a notebook
calls it on one article, and corpus runs map the same function over many.

>>> prof = profile_article("Officials met in Minsk. Talks may resume.")
>>> prof.sentences[["sent_id", "para_id", "start", "end", "n_words"]].values.tolist()
[[0, 0, 0, 23, 4], [1, 0, 24, 41, 3]]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import aggregate, entities as _entities, hedging
from .sentiment import sentiment_scores
from .normalise import REPAIR_COLUMNS, normalise_text
from .tokenise import n_words, sentence_spans

__all__ = ["ArticleProfile", "profile_article"]

SENTENCE_COLUMNS = ["sent_id", "para_id", "start", "end", "text", "n_words", "sentiment",
                    "hedges", "boosters", "hedged", "attribution"]


@dataclass
class ArticleProfile:
    """Everything the kit computes about one article; every offset indexes ``text``."""

    text: str
    title: str
    sentences: pd.DataFrame
    cues: pd.DataFrame
    entities: pd.DataFrame
    entity_counts: pd.DataFrame
    paragraphs: pd.DataFrame
    repairs: pd.DataFrame
    summary: pd.Series
    findings: list = field(default_factory=list)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<ArticleProfile {self.title!r}: {int(s['n_words'])} words, "
                f"{int(s['n_sentences'])} sentences, {len(self.repairs)} repairs>")


def profile_article(text: str, *, title: str | None = None) -> ArticleProfile:
    """Profile one article's text (``title`` is kept beside it, not inside ``text``)."""
    if not isinstance(text, str):
        raise TypeError(f"profile_article expects the article text as str, got {type(text).__name__}")
    norm = normalise_text(text)
    body = norm.text
    spans = sentence_spans(body)
    sentences = pd.DataFrame(
        {
            "sent_id": range(len(spans)),
            "para_id": [p for _, _, p in spans],
            "start": [s for s, _, _ in spans],
            "end": [e for _, e, _ in spans],
            "text": [body[s:e] for s, e, _ in spans],
            "n_words": [n_words(body, s, e) for s, e, _ in spans],
            "sentiment": sentiment_scores(body[s:e] for s, e, _ in spans),
        },
    ).astype({"sent_id": "int64", "para_id": "int64", "start": "int64", "end": "int64", "n_words": "int64",
             "sentiment": "float64"})
    cues = hedging.cue_table(body, sentences)
    sentences = pd.concat([sentences, hedging.sentence_hedging(sentences, cues)], axis=1)[SENTENCE_COLUMNS]
    repairs = pd.DataFrame(norm.repairs, columns=REPAIR_COLUMNS).astype({"start": "int64", "end": "int64"})
    ents = _entities.entity_table(body, sentences)
    counts = _entities.entity_counts(ents)
    paragraphs = aggregate.paragraph_table(sentences)
    summary = aggregate.article_summary(sentences=sentences, cues=cues, entity_counts=counts, repairs=repairs)
    return ArticleProfile(text=body, title=title or "", sentences=sentences, cues=cues, entities=ents,
                          entity_counts=counts, paragraphs=paragraphs,
                          repairs=repairs, summary=summary)
