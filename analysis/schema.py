"""The shapes of the kit's tables: one home for column names, dtypes and row types.

Every table an ``ArticleProfile`` or a ``CorpusProfile`` carries is described
here, and every module that builds, reads, plots or saves a table takes its
columns from here, so a column is renamed in one place. Rows that cross modules
are named tuples (``CueRow``, ``EntityRow``, ``RepairRow``): readers use field
names, never positions. ``HEADLINE_MEASURES`` is the one list of the measures the
corpus pages, charts and outlier search compare.

>>> CueRow(0, 0, 7, "Sources", "weasel", "vague attribution").kind
'weasel'
>>> frame([(0, 0, 7, "Sources", "weasel", "vague attribution")], CUE_COLUMNS).dtypes["start"]
dtype('int64')
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["CueRow", "EntityRow", "QuoteRow", "RepairRow", "QUOTE_COLUMNS", "SENTENCE_COLUMNS", "CUE_COLUMNS", "ENTITY_COLUMNS",
           "REPAIR_COLUMNS", "PARAGRAPH_COLUMNS", "ENTITY_STATS_COLUMNS", "COOCCURRENCE_COLUMNS",
           "CORPUS_ENTITY_COLUMNS", "ERROR_COLUMNS", "TABLE_COLUMNS", "PRIMARY_TABLES", "DERIVED_TABLES", "DTYPES",
           "HEADLINE_MEASURES", "ENTITY_TYPES", "UNCERTAIN_KINDS", "frame"]


class CueRow(NamedTuple):
    """One matched cue (a row of ``prof.cues``)."""
    sent_id: int
    start: int
    end: int
    text: str
    kind: str       # 'hedge', 'weasel', 'booster' or 'attribution'
    category: str


class EntityRow(NamedTuple):
    """One entity mention (a row of ``prof.entities``)."""
    sent_id: int
    start: int
    end: int
    text: str
    name: str       # the canonical entity, aliases merged
    type: str       # 'PER', 'ORG', 'LOC' or 'MISC'


class QuoteRow(NamedTuple):
    """One attribution (a row of ``prof.quotes``): content, source and cue spans index ``prof.text``."""
    quote_id: int
    sent_id: int        # the sentence holding the cue
    start: int          # the content: what is said, believed or intended
    end: int
    speaker_start: int  # the source as written; -1 when there is none
    speaker_end: int
    speaker: str
    speaker_name: str   # the entity the source resolves to ("he" -> the person), else ''
    speaker_type: str   # 'named', 'anonymous', 'vague' or 'none'
    cue: str            # "said", "according to", "believes", ...
    kind: str           # 'direct', 'indirect' or 'mixed'
    cue_start: int
    cue_end: int


class RepairRow(NamedTuple):
    """One normalisation repair (a row of ``prof.repairs``)."""
    start: int
    end: int
    original: str
    repaired: str
    reason: str


SENTENCE_COLUMNS = ["sent_id", "para_id", "start", "end", "text", "n_words", "sentiment",
                    "hedges", "boosters", "hedged", "attribution"]
CUE_COLUMNS = list(CueRow._fields)
ENTITY_COLUMNS = list(EntityRow._fields)
QUOTE_COLUMNS = list(QuoteRow._fields)
REPAIR_COLUMNS = list(RepairRow._fields)
PARAGRAPH_COLUMNS = ["para_id", "start", "end", "n_sentences", "n_words", "sentiment_mean", "hedges",
                     "hedge_density"]
ENTITY_STATS_COLUMNS = ["name", "type", "mentions", "sentences", "sentiment_mean", "hedged_share", "quoted"]
COOCCURRENCE_COLUMNS = ["name_a", "type_a", "name_b", "type_b", "sentences"]
# Entities across a corpus: how many articles mention each, and how often.
CORPUS_ENTITY_COLUMNS = ["name", "type", "articles", "mentions"]
ERROR_COLUMNS = ["article_id", "source", "error"]

# The per-article long tables, as profile_article and corpus runs both give them.
TABLE_COLUMNS = {
    "sentences": SENTENCE_COLUMNS,
    "cues": CUE_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "repairs": REPAIR_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "entity_counts": ENTITY_STATS_COLUMNS,
    "cooccurrence": COOCCURRENCE_COLUMNS,
}
# What annotation finds, kept for every article by a corpus run (each with an article_id column
# first), and what aggregation derives from those rows (computed again on demand, never stored).
PRIMARY_TABLES = ("sentences", "cues", "entities", "repairs", "quotes")
DERIVED_TABLES = ("paragraphs", "entity_counts", "cooccurrence")

_INT = "int64"
DTYPES = {"sent_id": _INT, "para_id": _INT, "start": _INT, "end": _INT, "n_words": _INT, "hedges": _INT,
          "boosters": _INT, "sentiment": "float64", "hedged": "bool", "mentions": _INT, "sentences": _INT,
          "n_sentences": _INT, "sentiment_mean": "float64", "hedge_density": "float64",
          "hedged_share": "float64", "articles": _INT, "quoted": _INT, "quote_id": _INT, "speaker_start": _INT,
          "speaker_end": _INT, "cue_start": _INT, "cue_end": _INT}

# The measures a reader compares first, in the order pages and charts show them.
HEADLINE_MEASURES = ("sentiment_mean", "hedge_density", "hedged_share", "booster_density", "anonymous_sources",
                     "named_sources", "n_entities")
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Cue kinds that make a sentence hedged.
UNCERTAIN_KINDS = frozenset({"hedge", "weasel"})


def frame(rows, columns) -> pd.DataFrame:
    """A DataFrame from row tuples (or a dict of lists) with the kit's dtypes. Other columns
    hold text: an empty table gets the dtype pandas gives a column of strings ("str": object
    before pandas 3, its string dtype since), so empty and filled tables, and tables read back
    from Parquet, have the same dtypes."""
    if (isinstance(rows, list) and not rows) or (isinstance(rows, dict) and all(
            isinstance(rows.get(c), list) and not rows[c] for c in columns)):
        # An empty table, built with its dtypes at once (a quarter of the time of astype's way).
        return pd.DataFrame({c: np.array([], dtype=DTYPES[c]) if c in DTYPES else pd.array([], dtype="str")
                             for c in columns}, columns=columns)
    if isinstance(rows, list) and rows and isinstance(rows[0], tuple) and len(rows[0]) == len(columns):
        # Row tuples (an article's annotation): turned into columns, for the path below; pandas'
        # row-wise constructor and astype took 1.6 ms a table, most of ``profile_article``'s time.
        rows = {c: list(values) for c, values in zip(columns, zip(*rows))}
    if isinstance(rows, dict) and all(isinstance(rows[c], list) for c in columns) \
            and len({len(rows[c]) for c in columns}) == 1 and rows[columns[0]]:
        # Columns as lists (what corpus runs gather): each made with its dtype at once, which
        # spares pandas a pass to infer it and astype a copy (half the time of a part's tables).
        return pd.DataFrame({c: np.array(rows[c], dtype=DTYPES[c]) if c in DTYPES else rows[c] for c in columns},
                            columns=columns)
    df = pd.DataFrame(rows, columns=columns) if not isinstance(rows, dict) else pd.DataFrame(rows)[columns]
    types = {c: DTYPES[c] for c in df.columns if c in DTYPES}
    if df.empty:
        types.update({c: "str" for c in df.columns if c not in DTYPES})
    return df.astype(types)

# Metadata columns read as an article's date, and as its outlet, in this order (JSONL fields,
# trafilatura's metadata, a NewsAPI source object).
DATE_COLUMNS = ("date", "published", "publish_date", "published_at")
OUTLET_COLUMNS = ("outlet", "publisher", "site_name", "source_name")
