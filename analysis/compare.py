"""Aggregate: articles compared by a metadata column (outlet, author, section, language, month).

Pure functions over a corpus's tables: ``group_labels`` turns a metadata column (or a date
column, by week or month) into one group per article; ``group_medians`` gives each group's
median of each measure with a bootstrap confidence interval; ``median_differences`` the
difference of two groups' medians with its interval; ``group_entities`` what each group
mentions most; ``comparison_findings`` says in words only what the intervals support.
``CorpusProfile.compare`` runs them all and returns a ``Comparison``.

Intervals are percentile bootstrap intervals (Efron & Tibshirani 1993) from ``n_boot``
resamples of each group's articles. The resamples are seeded from the group's and the
measure's names, so a comparison is the same in every run and on any number of workers.

>>> import pandas as pd
>>> summary = pd.DataFrame({"hedge_density": [2.0, 2.4, 1.9, 2.2, 0.5, 0.7, 0.4, 0.6]},
...                        index=[f"a{i}" for i in range(8)])
>>> groups = pd.Series(["A"] * 4 + ["B"] * 4, index=summary.index)
>>> diffs = median_differences(summary, groups, measures=["hedge_density"])
>>> diffs[["group_a", "group_b", "median_a", "median_b"]].values.tolist()
[['A', 'B', 2.1, 0.55]]
>>> bool(diffs["ci_low"].iloc[0] > 0)
True
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import HEADLINE_MEASURES

__all__ = ["group_labels", "group_medians", "median_differences", "group_entities", "period_medians",
           "comparison_findings", "outliers", "OUTLIER_MEASURES", "Comparison", "PERIODS", "MIN_GROUP", "N_BOOT", "LEVEL"]

# Groups with fewer articles are listed but not compared: a median of two says little.
MIN_GROUP = 3
N_BOOT = 2000
LEVEL = 0.95
# Date grouping: pandas period codes by their names.
PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


@dataclass
class Comparison:
    """A corpus compared by one column: ``by`` (the column), ``period`` (for dates), ``groups``
    (article_id -> group), ``medians`` (group, measure, articles, median, ci_low, ci_high),
    ``differences`` (each pair of groups per measure), ``entities`` (each group's most mentioned)
    and ``findings`` (sentences). The measures over time are ``CorpusProfile.over_time``."""

    by: str
    period: str | None
    groups: pd.Series
    medians: pd.DataFrame
    differences: pd.DataFrame
    entities: pd.DataFrame
    findings: list


def group_labels(articles: pd.DataFrame, by: str, *, period: str | None = None) -> pd.Series:
    """One group label per article (indexed like ``articles``) from the column ``by``; with
    ``period`` ("week", "month", ...) the column is read as dates and grouped by that period.
    Articles without a value are left out. An unknown column is an error naming the columns
    there are."""
    if by not in articles.columns:
        shown = [c for c in articles.columns if c != "text"]
        raise KeyError(f"no column {by!r} to group by; the articles have: {', '.join(map(str, shown))}")
    values = articles[by]
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
        dates = parse_dates(values).dropna()
        return dates.dt.tz_convert(None).dt.to_period(PERIODS[period]).astype(str).rename(by)
    text = values.astype("string").str.strip()
    return text[text.notna() & (text != "")].astype(str).rename(by)


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as pandas datetimes in UTC; what cannot be read is NaT."""
    return pd.to_datetime(values.astype("string"), errors="coerce", utc=True, format="mixed")


def _seed(*names) -> int:
    return zlib.crc32("\x1f".join(map(str, names)).encode("utf-8"))


def _boot_medians(values: np.ndarray, *names, n_boot: int) -> np.ndarray:
    rng = np.random.default_rng(_seed(*names))
    picks = rng.integers(0, len(values), size=(n_boot, len(values)))
    return np.median(values[picks], axis=1)


def _values(summary: pd.DataFrame, groups: pd.Series, measure: str) -> dict:
    column = pd.to_numeric(summary[measure], errors="coerce")
    out = {}
    for group, ids in groups.groupby(groups, sort=True).groups.items():
        values = column.reindex(ids).dropna().to_numpy(dtype=float)
        if len(values):
            out[group] = values
    return out


def group_medians(summary: pd.DataFrame, groups: pd.Series, *, measures, n_boot: int = N_BOOT,
                  level: float = LEVEL) -> pd.DataFrame:
    """Per group and measure: articles, median and the bootstrap interval of the median (NaN for
    a group of fewer than ``MIN_GROUP`` articles)."""
    rows = []
    tail = (1 - level) / 2 * 100
    for measure in measures:
        for group, values in _values(summary, groups, measure).items():
            lo = hi = float("nan")
            if len(values) >= MIN_GROUP:
                boot = _boot_medians(values, group, measure, n_boot=n_boot)
                lo, hi = np.percentile(boot, [tail, 100 - tail])
            rows.append((group, measure, len(values), float(np.median(values)), float(lo), float(hi)))
    return pd.DataFrame(rows, columns=["group", "measure", "articles", "median", "ci_low", "ci_high"])


def median_differences(summary: pd.DataFrame, groups: pd.Series, *, measures, n_boot: int = N_BOOT,
                       level: float = LEVEL) -> pd.DataFrame:
    """Per measure and pair of groups (each of at least ``MIN_GROUP`` articles): both medians,
    their difference (a - b) and its bootstrap interval, each group resampled on its own."""
    rows = []
    tail = (1 - level) / 2 * 100
    for measure in measures:
        found = {g: v for g, v in _values(summary, groups, measure).items() if len(v) >= MIN_GROUP}
        boots = {g: _boot_medians(v, g, measure, n_boot=n_boot) for g, v in found.items()}
        names = sorted(found)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                lo, hi = np.percentile(boots[a] - boots[b], [tail, 100 - tail])
                ma, mb = float(np.median(found[a])), float(np.median(found[b]))
                rows.append((measure, a, b, len(found[a]), len(found[b]), ma, mb, ma - mb, float(lo), float(hi)))
    return pd.DataFrame(rows, columns=["measure", "group_a", "group_b", "articles_a", "articles_b", "median_a",
                                       "median_b", "difference", "ci_low", "ci_high"])


def group_entities(entities: pd.DataFrame, groups: pd.Series, *, top: int = 5) -> pd.DataFrame:
    """Per group, the entities named in the most of its articles: group, name, type, articles,
    mentions (``entities`` is a corpus's long table with article_id)."""
    columns = ["group", "name", "type", "articles", "mentions"]
    if entities.empty or groups.empty:
        return pd.DataFrame(columns=columns)
    rows = entities.assign(group=entities["article_id"].map(groups)).dropna(subset=["group"])
    counts = (rows.groupby(["group", "name", "type"]).agg(articles=("article_id", "nunique"),
                                                          mentions=("start", "size")).reset_index())
    counts = counts.sort_values(["group", "articles", "mentions", "name"], ascending=[True, False, False, True],
                                kind="stable")
    return counts.groupby("group", sort=True).head(top).reset_index(drop=True)[columns]


def period_medians(summary: pd.DataFrame, dates: pd.Series, *, measures, period: str = "month") -> pd.DataFrame:
    """Per period (of ``dates``, UTC datetimes from ``parse_dates``, one per article) and measure:
    articles and median."""
    periods = dates.dropna().dt.tz_convert(None).dt.to_period(PERIODS[period])
    rows = []
    for measure in measures:
        column = pd.to_numeric(summary[measure], errors="coerce")
        for when, ids in periods.groupby(periods, sort=True).groups.items():
            values = column.reindex(ids).dropna()
            if len(values):
                rows.append((str(when), when.start_time, measure, len(values), float(values.median())))
    return pd.DataFrame(rows, columns=["period", "start", "measure", "articles", "median"])


def comparison_findings(differences: pd.DataFrame, medians: pd.DataFrame, *, by: str, label, describe,
                        level: float = LEVEL) -> list[str]:
    """Sentences a reader can rely on: for each measure, the groups with the highest and lowest
    median, compared only when the interval of their difference leaves out zero; otherwise that
    no group clearly differs. ``label(measure)`` names a measure and ``describe(measure, value)``
    formats one of its values (both from the presentation's glossary)."""
    out = []
    compared = medians.dropna(subset=["ci_low"])
    n_groups = compared["group"].nunique()
    if n_groups < 2:
        few = medians.groupby("group")["articles"].max()
        return [f"Too few articles to compare by {by}: a group needs at least {MIN_GROUP} articles "
                f"({', '.join(f'{g} {n}' for g, n in few.items())})."]
    def bound(measure, value):
        # An interval bound that would read as zero at the measure's precision is shown finer.
        value = float(value) + 0.0  # no "-0.0"
        shown = describe(measure, value)
        return shown if value == 0 or shown.strip("+-0.,%") else f"{value:+.3f}"

    for measure, rows in compared.groupby("measure", sort=False):
        high, low = rows.loc[rows["median"].idxmax()], rows.loc[rows["median"].idxmin()]
        if high["median"] == low["median"]:
            out.append(f"No {by} differs in {label(measure)}: every median is {describe(measure, high['median'])}.")
            continue
        pair = differences[(differences["measure"] == measure)
                           & (((differences["group_a"] == high["group"]) & (differences["group_b"] == low["group"]))
                              | ((differences["group_a"] == low["group"]) & (differences["group_b"] == high["group"])))]
        if pair.empty or high["group"] == low["group"]:
            continue
        d = pair.iloc[0]
        sign = 1 if d["group_a"] == high["group"] else -1
        lo, hi = sorted((sign * d["ci_low"], sign * d["ci_high"]))
        if lo > 0:
            out.append(f"{high['group']} is higher than {low['group']} in {label(measure)}: median "
                       f"{describe(measure, high['median'])} vs {describe(measure, low['median'])}, {level:.0%} CI "
                       f"of the difference {bound(measure, lo)} to {bound(measure, hi)} "
                       f"({int(high['articles'])} and {int(low['articles'])} articles).")
        else:
            out.append(f"No {by} clearly differs in {label(measure)}: the highest median ({high['group']}, "
                       f"{describe(measure, high['median'])}) and the lowest ({low['group']}, "
                       f"{describe(measure, low['median'])}) are within each other's uncertainty ({level:.0%} CI of "
                       f"the difference {bound(measure, lo)} to {bound(measure, hi)}).")
    return out


# ----------------------------------------------------------------------------- outliers

OUTLIER_MEASURES = HEADLINE_MEASURES


def outliers(summary: pd.DataFrame, *, measures=OUTLIER_MEASURES, threshold: float = 3.0) -> pd.DataFrame:
    """Articles whose measure lies far from the corpus median: article_id, measure, value, median,
    robust_z, where robust_z = 0.6745 * (value - median) / MAD (Iglewicz & Hoaglin 1993) and
    |robust_z| > ``threshold``. A measure with no spread (MAD 0) flags nothing."""
    rows = []
    for m in measures:
        values = pd.to_numeric(summary[m], errors="coerce")
        median = values.median()
        mad = (values - median).abs().median()
        if not mad or pd.isna(mad):
            continue
        z = 0.6745 * (values - median) / mad
        for aid in z.index[z.abs() > threshold]:
            rows.append((aid, m, float(values[aid]), float(median), float(z[aid])))
    out = pd.DataFrame(rows, columns=["article_id", "measure", "value", "median", "robust_z"])
    return out.sort_values("robust_z", key=abs, ascending=False, kind="stable").reset_index(drop=True)
