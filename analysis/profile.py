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
from .normalise import REPAIR_COLUMNS, normalise_text
from .sentiment import sentiment_scores
from .tokenise import sentence_spans, sentence_tokens

__all__ = ["ArticleProfile", "profile_article", "article_columns", "SENTENCE_COLUMNS", "TABLE_COLUMNS"]

SENTENCE_COLUMNS = ["sent_id", "para_id", "start", "end", "text", "n_words", "sentiment",
                    "hedges", "boosters", "hedged", "attribution"]
# Column names and dtypes of every long table, shared by profile_article and corpus runs.
TABLE_COLUMNS = {
    "sentences": SENTENCE_COLUMNS,
    "cues": hedging.CUE_COLUMNS,
    "entities": _entities.ENTITY_COLUMNS,
    "repairs": REPAIR_COLUMNS,
}
_INT = "int64"
DTYPES = {"sent_id": _INT, "para_id": _INT, "start": _INT, "end": _INT, "n_words": _INT, "hedges": _INT,
          "boosters": _INT, "sentiment": "float64", "hedged": "bool", "mentions": _INT, "sentences": _INT,
          "n_sentences": _INT, "sentiment_mean": "float64", "hedge_density": "float64",
          "hedged_share": "float64"}


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
    ``sentences`` (dict of lists), ``cues``, ``entities`` and ``repairs`` (lists of row tuples)
    and ``summary`` (dict). Corpus runs call this and assemble all articles' tables at once."""
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
    ents = _entities.find_entities(body, starts, tokens=tokens if not "".join(gaps).strip() else None)
    repairs = [tuple(r) for r in norm.repairs]
    return {"text": body, "sentences": sent, "cues": cues, "entities": ents, "repairs": repairs,
            "summary": aggregate.summary_values(sent, cues, ents, len(repairs))}


def frame(rows, columns) -> pd.DataFrame:
    """A DataFrame from row tuples (or a dict of lists) with the kit's dtypes."""
    df = pd.DataFrame(rows, columns=columns) if not isinstance(rows, dict) else pd.DataFrame(rows)[columns]
    return df.astype({c: DTYPES[c] for c in df.columns if c in DTYPES})


def profile_article(text: str, *, title: str | None = None, findings: bool = True) -> ArticleProfile:
    """Profile one article's text (``title`` is kept beside it, not inside ``text``).

    ``findings=False`` skips the narrative findings (corpus runs do not need them)."""
    cols = article_columns(text)
    sent = cols["sentences"]
    prof = ArticleProfile(
        text=cols["text"], title=title or "",
        sentences=frame(sent, SENTENCE_COLUMNS),
        cues=frame(cols["cues"], hedging.CUE_COLUMNS),
        entities=frame(cols["entities"], _entities.ENTITY_COLUMNS),
        entity_counts=frame(aggregate.entity_stats(cols["entities"], sent), aggregate.ENTITY_STATS_COLUMNS),
        paragraphs=frame(aggregate.paragraph_columns(sent), aggregate.PARAGRAPH_COLUMNS),
        repairs=frame(cols["repairs"], REPAIR_COLUMNS),
        summary=pd.Series(cols["summary"], dtype="object"),
        cooccurrence=frame(aggregate.cooccurrence_rows(cols["entities"]), aggregate.COOCCURRENCE_COLUMNS),
    )
    if findings:
        from .findings import article_findings

        prof.findings = article_findings(prof)
    return prof
