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

from . import aggregate, hedging
from .entities import find_entities
from .findings import article_findings
from .normalise import normalise_text
from .schema import TABLE_COLUMNS, frame
from .sentiment import sentiment_scores
from .tokenise import sentence_spans, sentence_tokens

__all__ = ["ArticleProfile", "profile_article", "article_columns"]


@dataclass
class ArticleProfile:
    """Everything the kit computes about one article; every offset indexes ``text``.

    ``entity_counts`` also gives, per entity, the sentences mentioning it and their mean
    sentiment and hedged share; ``cooccurrence`` counts the sentences naming two entities."""

    text: str
    title: str
    sentences: pd.DataFrame
    cues: pd.DataFrame
    entities: pd.DataFrame
    entity_counts: pd.DataFrame
    paragraphs: pd.DataFrame
    repairs: pd.DataFrame
    summary: pd.Series
    cooccurrence: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: list = field(default_factory=list)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<ArticleProfile {self.title!r}: {int(s['n_words'])} words, "
                f"{int(s['n_sentences'])} sentences, {len(self.repairs)} repairs>")


def article_columns(text: str) -> dict:
    """The core of a profile as plain Python columns, no pandas: ``text`` (normalised),
    ``sentences`` and ``paragraphs`` (dicts of lists), ``cues``, ``entities``, ``repairs``,
    ``entity_counts`` and ``cooccurrence`` (lists of row tuples) and ``summary`` (dict). Corpus
    runs call this and assemble all articles' tables at once."""
    if not isinstance(text, str):
        raise TypeError(f"profile_article expects the article text as str, got {type(text).__name__}")
    norm = normalise_text(text)
    body = norm.text
    spans = sentence_spans(body)
    starts = [s for s, _, _ in spans]
    texts = [body[s:e] for s, e, _ in spans]
    tokens, counts = sentence_tokens(body, spans)
    sent = {
        "sent_id": list(range(len(spans))),
        "para_id": [p for _, _, p in spans],
        "start": starts,
        "end": [e for _, e, _ in spans],
        "text": texts,
        "n_words": counts,
        "sentiment": sentiment_scores(texts).tolist(),
    }
    cues = hedging.cue_rows(body, starts)
    sent.update(aggregate.sentence_flags(len(spans), cues))
    # The entity pass reuses the tokens when only white space lies between sentences (as
    # sentence_spans leaves it); otherwise it tokenises from each start to the next itself.
    gaps = [body[e:s] for (_, e, _), s in zip(spans, starts[1:] + [len(body)])]
    ents = find_entities(body, starts, tokens=tokens if not "".join(gaps).strip() else None)
    repairs = norm.repairs
    return {"text": body, "sentences": sent, "cues": cues, "entities": ents, "repairs": repairs,
            "paragraphs": aggregate.paragraph_columns(sent),
            "entity_counts": aggregate.entity_stats(ents, sent),
            "cooccurrence": aggregate.cooccurrence_rows(ents),
            "summary": aggregate.summary_values(sent, cues, ents, len(repairs))}


def profile_article(text: str, *, title: str | None = None, findings: bool = True) -> ArticleProfile:
    """Profile one article's text (``title`` is kept beside it, not inside ``text``).

    ``findings=False`` skips the narrative findings (corpus runs do not need them)."""
    cols = article_columns(text)
    tables = {name: frame(cols[name], columns) for name, columns in TABLE_COLUMNS.items()}
    return assemble_profile(cols["text"], title or "", tables, cols["summary"], findings=findings)


def assemble_profile(text: str, title: str, tables: dict, summary: dict, *, findings: bool = True) -> ArticleProfile:
    """An ``ArticleProfile`` from its tables (``schema.TABLE_COLUMNS``, as DataFrames) and summary
    metrics: what ``profile_article`` returns, also for an article read back from a saved corpus."""
    prof = ArticleProfile(text=text, title=title, summary=pd.Series(summary, dtype="object"), **tables)
    if findings:
        prof.findings = article_findings(prof)
    return prof
