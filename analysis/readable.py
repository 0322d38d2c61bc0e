"""Present: tables as a reader sees them, labelled in words, rounded, numbered from 1.

The profile's tables keep machine names (``hedge_density``), full precision and ids from 0, so
code can join and filter them. Reports and the Python display show them through this module
instead: every column's label, format and definition come from ``analysis/data/measures.csv``,
the one place they are written. These functions only format; they never compute a measure.

>>> import analysis
>>> prof = analysis.profile_article("Officials said the talks may resume. The weather was fine.")
>>> readable(prof.sentences[["sent_id", "sentiment", "hedged"]]).values.tolist()
[[1, '+0.04', 'yes'], [2, '+0.04', 'no']]
>>> format_value("hedged_share", 0.315789)
'32%'
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import resources

__all__ = ["Measure", "measures", "label", "format_value", "readable", "summary_table", "glossary_html",
           "table_html", "count_of"]


@dataclass(frozen=True)
class Measure:
    """One row of ``measures.csv``: a column's machine name, its label, how its values show
    (count, share, score, rate, id or text), whether the glossary defines it, and the definition."""

    name: str
    label: str
    format: str
    glossary: bool
    description: str


@lru_cache(maxsize=1)
def measures() -> dict:
    """{column name: Measure}, in the order of ``measures.csv``."""
    return {r["name"]: Measure(r["name"], r["label"], r["format"], r["glossary"] == "yes", r["description"])
            for r in resources.read_table("measures.csv")}


def _measure(name: str) -> Measure | None:
    found = measures().get(name)
    if found is None and name.startswith("cues_"):
        category = name[len("cues_"):].replace("_", " ")
        return Measure(name, f"{category} cues", "count", False, f"Cues of the category {category}.")
    return found


def count_of(n: int, word: str) -> str:
    """A count with its noun, singular or plural: "1 mention", "2,409 words"."""
    return f"{n:,} {word if n == 1 else word + 's'}"


def label(name: str) -> str:
    """The column's label in words; an unknown column keeps its name, underscores as spaces."""
    found = _measure(name)
    return found.label if found else str(name).replace("_", " ")


def format_value(name: str, value) -> str:
    """One value as a reader sees it: counts whole, shares as percentages, scores signed to two
    decimals, rates to one decimal, ids from 1, booleans as yes/no; a missing value as a dash."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "—"
    if isinstance(value, bool) or (hasattr(value, "dtype") and value.dtype == bool):
        return "yes" if value else "no"
    found = _measure(name)
    kind = found.format if found else ("float" if isinstance(value, float) else "text")
    try:
        if kind == "count":
            return f"{int(value):,}"
        if kind == "id":
            return f"{int(value) + 1}"
        if kind == "share":
            return f"{float(value):.0%}"
        if kind == "score":
            return f"{round(float(value), 2) + 0.0:+.2f}"  # -0.004 shows as +0.00, not -0.00
        if kind == "rate":
            return f"{float(value):.1f}"
        if kind == "language":
            from .language import language_name

            return language_name(str(value))
        if kind == "float":
            return f"{float(value):.2f}"
    except (TypeError, ValueError):
        pass
    return str(value)


def readable(table: pd.DataFrame, *, columns=None) -> pd.DataFrame:
    """A copy of ``table`` for reading: the chosen ``columns`` (default all), ids from 1, other
    numbers formatted by ``format_value``, labels for headers and an unnamed index dropped
    (a named one, like article_id, becomes the first column)."""
    table = table if columns is None else table[list(columns)]
    if any(n is not None for n in table.index.names):
        table = table.reset_index()
    out = pd.DataFrame(index=range(len(table)))
    for col in table.columns:
        values = table[col].tolist()
        found = _measure(col)
        if found is not None and found.format == "id":
            out[label(col)] = [int(v) + 1 for v in values]
        else:
            out[label(col)] = [format_value(col, v) for v in values]
    return out


def table_html(table: pd.DataFrame, *, columns=None, caption: str = "") -> str:
    """``readable(table)`` as an HTML table without an index column; every cell is escaped."""
    shown = readable(table, columns=columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False, name=None))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="kit-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def summary_table(summary: pd.Series, *, names=None) -> pd.DataFrame:
    """The summary as two columns, measure (in words) and value (formatted); ``names`` picks and
    orders the measures (default: all but the per-category cue counts)."""
    names = [n for n in summary.index if not str(n).startswith("cues_")] if names is None else list(names)
    return pd.DataFrame({"measure": [label(n) for n in names],
                         "value": [format_value(n, summary[n]) for n in names]})


def glossary_html(names=None) -> str:
    """A definition list of the measures marked for the glossary (or of ``names``)."""
    chosen = [m for m in measures().values() if (m.glossary if names is None else m.name in names)]
    items = "".join(f"<dt>{html.escape(m.label)}</dt><dd>{html.escape(m.description)}</dd>" for m in chosen)
    return f'<dl class="kit-glossary">{items}</dl>'
