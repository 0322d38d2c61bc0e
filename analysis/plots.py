"""Present: charts of profile tables, each returned as a matplotlib Figure.

These functions only draw: every value plotted is a column of a table the
profile already holds (``prof.sentences``, ``prof.cues``, ``prof.paragraphs``,
``prof.entities``, ``prof.entity_counts``, ``prof.cooccurrence``,
``corpus.summary``). They build ``matplotlib.figure.Figure`` objects directly,
without pyplot's global state, so a notebook or a script can display or save
them (``fig.savefig("arc.png")``). Colours are the Okabe-Ito palette, which
stays distinguishable for the common forms of colour blindness.

>>> import analysis
>>> prof = analysis.profile_article("Talks may resume. Officials welcomed the ceasefire.")
>>> fig = sentiment_arc(prof.sentences)
>>> fig.axes[0].get_title()
'Sentiment arc, sentence by sentence'
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .readable import count_of
from .schema import HEADLINE_MEASURES

__all__ = ["sentiment_arc", "cue_counts", "hedge_density_by_paragraph", "entity_mentions_by_type",
           "cooccurrence_network", "entity_sentiment_hedging", "measure_distributions", "group_distributions",
           "measures_over_time", "literal", "alt_text", "PALETTE",
           "KIND_COLOURS", "TYPE_COLOURS"]

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
KIND_COLOURS = {"hedge": "#0072B2", "weasel": "#E69F00", "booster": "#009E73", "attribution": "#CC79A7"}
TYPE_COLOURS = {"PER": "#D55E00", "ORG": "#0072B2", "LOC": "#009E73", "MISC": "#CC79A7"}


def literal(text) -> str:
    """Text from the data (names, ids, titles) as a chart shows it: literally. Matplotlib reads
    "$...$" as mathematics, so an article named "budget_$5bn_or_$6bn" would fail to draw.

    >>> print(literal("budget_$5bn_or_$6bn"))
    budget_\\$5bn_or_\\$6bn
    """
    return str(text).replace("$", r"\$")


def _legend_outside(ax, **kwargs) -> None:
    """The legend to the right of the axes, where it covers no data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, borderaxespad=0, **kwargs)


def alt_text(fig: Figure) -> str:
    """A text alternative for a chart, from its titles and axis labels (for the reports' images).

    >>> import analysis
    >>> alt_text(sentiment_arc(analysis.profile_article("Talks may resume.").sentences))
    'Chart: Sentiment arc, sentence by sentence. Horizontal axis: sentence (faint lines: paragraph breaks); vertical axis: sentiment (-1 to +1).'
    """
    parts = [fig.get_suptitle()]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        parts.append(ax.get_title())
        axes = "; ".join(f"{side} axis: {text}" for side, text in (("horizontal", ax.get_xlabel()),
                                                                   ("vertical", ax.get_ylabel())) if text)
        parts.append(axes[:1].upper() + axes[1:])
        if not ax.lines and not ax.patches and not ax.collections:  # a chart that only says something
            parts += [t.get_text() for t in ax.texts]
    said = [p.rstrip(". ").replace("\\$", "$") for p in parts if p and p.strip()]
    return "Chart: " + ". ".join(said) + "."


def _start(table: pd.DataFrame, title: str, empty: str, *, width: float = 8.0,
           height: float = 3.6) -> tuple[Figure, object]:
    """A titled figure and its axes; when ``table`` is empty the figure says ``empty`` instead
    and the axes come back as None, so the caller returns the figure as it is."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(literal(title))
    if not table.empty:
        return fig, ax
    ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    return fig, None


def sentiment_arc(sentences: pd.DataFrame, *, title: str = "Sentiment arc, sentence by sentence") -> Figure:
    """Sentence sentiment in reading order, hedged sentences marked, paragraph breaks as faint lines."""
    fig, ax = _start(sentences, title, "no sentences")
    if ax is None:
        return fig
    x = sentences["sent_id"].to_numpy() + 1
    y = sentences["sentiment"].to_numpy()
    ax.axhline(0, color="#999999", lw=0.8)
    ax.plot(x, y, color=PALETTE[0], lw=1.5, marker="o", ms=4, label="sentence sentiment")
    hedged = sentences["hedged"].to_numpy(dtype=bool)
    ax.scatter(x[hedged], y[hedged], s=70, facecolors="none", edgecolors=PALETTE[3], linewidths=1.6,
               label="hedged sentence", zorder=3)
    breaks = x[1:][np.diff(sentences["para_id"].to_numpy()) != 0]
    for b in breaks:
        ax.axvline(b - 0.5, color="#dddddd", lw=0.6, zorder=0)
    ax.set_xlabel("sentence (faint lines: paragraph breaks)")
    ax.set_ylabel("sentiment (-1 to +1)")
    ax.set_ylim(-1.05, 1.05)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_outside(ax)
    return fig


def cue_counts(cues: pd.DataFrame, *, title: str = "Cues by kind and category") -> Figure:
    """Horizontal bars: how many cues of each category, coloured by kind."""
    fig, ax = _start(cues, title, "no cues found", height=3.8)
    if ax is None:
        return fig
    counts = cues.groupby(["kind", "category"]).size().reset_index(name="n")
    counts = counts.sort_values(["kind", "n"], ascending=[True, True])
    labels = [literal(f"{k}: {c}") for k, c in zip(counts["kind"], counts["category"])]
    ax.barh(labels, counts["n"], color=[KIND_COLOURS.get(k, PALETTE[7]) for k in counts["kind"]])
    ax.set_xlabel("cues in the article")
    ax.set_ylabel("kind: category")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def hedge_density_by_paragraph(paragraphs: pd.DataFrame, *, title: str = "Hedge density by paragraph") -> Figure:
    """Bars: hedge and weasel cues per 100 words in each paragraph."""
    fig, ax = _start(paragraphs, title, "no paragraphs", height=3.2)
    if ax is None:
        return fig
    ax.bar(paragraphs["para_id"] + 1, paragraphs["hedge_density"], color=PALETTE[0])
    ax.set_xlabel("paragraph")
    ax.set_ylabel("hedge cues per 100 words")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def entity_mentions_by_type(entity_counts: pd.DataFrame, *, top: int = 12,
                            title: str = "Most mentioned entities") -> Figure:
    """Horizontal bars of the most mentioned entities, coloured by type, with mentions per type in the legend."""
    fig, ax = _start(entity_counts, title, "no entities found",
                     height=max(2.6, 0.32 * min(top, len(entity_counts)) + 1.2))
    if ax is None:
        return fig
    head = entity_counts.head(top).iloc[::-1]
    ax.barh([literal(f"{n} ({t})") for n, t in zip(head["name"], head["type"])], head["mentions"],
            color=[TYPE_COLOURS[t] for t in head["type"]])
    totals = entity_counts.groupby("type")["mentions"].sum()
    from matplotlib.patches import Patch

    _legend_outside(ax, handles=[Patch(color=TYPE_COLOURS[t], label=f"{t}: {count_of(int(totals.get(t, 0)), 'mention')}")
                                 for t in TYPE_COLOURS])
    ax.set_xlabel("mentions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def cooccurrence_network(cooccurrence: pd.DataFrame, entity_counts: pd.DataFrame, *, top: int = 12,
                         title: str = "Who appears with whom (same sentence)") -> Figure:
    """Entities on a circle (size: mentions, colour: type), joined when named in the same sentence
    (line width: number of such sentences)."""
    fig, ax = _start(cooccurrence, title, "no two entities share a sentence", width=6.5, height=6.0)
    if ax is None:
        return fig
    linked = set(zip(cooccurrence["name_a"], cooccurrence["type_a"])) | set(
        zip(cooccurrence["name_b"], cooccurrence["type_b"]))
    nodes = [(r.name, r.type, int(r.mentions)) for r in entity_counts.itertuples() if (r.name, r.type) in linked][:top]
    pos = {(n, t): (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
           for i, (n, t, _) in enumerate(nodes)}
    widest = cooccurrence["sentences"].max()
    for r in cooccurrence.itertuples():
        a, b = (r.name_a, r.type_a), (r.name_b, r.type_b)
        if a in pos and b in pos:
            ax.plot(*zip(pos[a], pos[b]), color="#888888", lw=0.8 + 3.2 * r.sentences / widest, zorder=1)
    for n, t, m in nodes:
        x, y = pos[(n, t)]
        ax.scatter([x], [y], s=80 + 40 * m, color=TYPE_COLOURS[t], zorder=2, edgecolors="white")
        ax.annotate(literal(n), (x, y), xytext=(0, 10), textcoords="offset points", ha="center", fontsize=8,
                    zorder=3)
    from matplotlib.lines import Line2D

    _legend_outside(ax, handles=[Line2D([], [], marker="o", ls="", color=c, label=t)
                                 for t, c in TYPE_COLOURS.items()])
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.3, 1.4)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("node size: mentions; line width: shared sentences")
    return fig


def entity_sentiment_hedging(entity_counts: pd.DataFrame, *, top: int = 15,
                             title: str = "What is said about whom, and how surely") -> Figure:
    """Per entity: hedged share of the sentences naming it (x) against their mean sentiment (y)."""
    fig, ax = _start(entity_counts, title, "no entities found", width=7.0, height=4.6)
    if ax is None:
        return fig
    head = entity_counts.head(top)
    ax.axhline(0, color="#999999", lw=0.8)
    for t, grp in head.groupby("type"):
        ax.scatter(grp["hedged_share"], grp["sentiment_mean"], s=40 + 30 * grp["mentions"], color=TYPE_COLOURS[t],
                   label=t, alpha=0.85, edgecolors="white")
    # Most mentioned first; a label that would overlap one already placed is left off (the
    # table below the chart lists every entity).
    placed: list = []
    for r in head.itertuples():
        x, y = float(r.hedged_share), float(r.sentiment_mean)
        if any(abs(x - px) < 0.16 and abs(y - py) < 0.09 for px, py in placed):
            continue
        placed.append((x, y))
        ax.annotate(literal(r.name), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7)
    ax.set_xlim(-0.05, 1.1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("hedged share of the sentences naming the entity")
    ax.set_ylabel("mean sentiment of those sentences")
    _legend_outside(ax)
    return fig


def measure_distributions(summary: pd.DataFrame, *, highlight=None, measures=HEADLINE_MEASURES, label=None,
                          title: str = "Headline measures across the corpus") -> Figure:
    """One histogram per measure over the articles of ``summary`` (one row per article, indexed by
    article_id); the article ``highlight`` is marked in each panel."""
    cols = 3
    rows = math.ceil(len(measures) / cols)
    fig = Figure(figsize=(9.0, 2.6 * rows + 0.5), dpi=100, layout="constrained")
    fig.suptitle(literal(title))
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, m in zip(axes, measures):
        values = pd.to_numeric(summary[m], errors="coerce").dropna()
        ax.hist(values, bins=min(20, max(5, len(values))), color=PALETTE[5], edgecolor="white")
        ax.set_title(literal(label(m) if label else m), fontsize=9)
        ax.set_xlabel(literal(label(m) if label else m.replace("_", " ")), fontsize=8)
        ax.set_ylabel("articles", fontsize=8)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if highlight is not None and highlight in summary.index:
            v = float(summary.loc[highlight, m])
            ax.axvline(v, color=PALETTE[3], lw=2, label=literal(highlight))
    for ax in axes[len(measures):]:
        ax.set_visible(False)
    if highlight is not None and highlight in summary.index:
        axes[0].legend(fontsize=7, frameon=False)
    return fig


def group_distributions(summary: pd.DataFrame, groups: pd.Series, medians: pd.DataFrame, *,
                        measures=HEADLINE_MEASURES, label=str, title: str = "Measures by group") -> Figure:
    """One panel per measure: every article as a dot in its group's column, and the group's median
    with its confidence interval as a bar (``medians`` from ``analysis.compare.group_medians``)."""
    names = sorted(groups.unique())
    cols = 2
    rows = math.ceil(len(measures) / cols)
    fig = Figure(figsize=(9.5, 2.2 * rows + 0.6 + 0.05 * max(map(len, names), default=0)), dpi=100,
                 layout="constrained")
    fig.suptitle(literal(title))
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True).ravel()
    positions = {g: i for i, g in enumerate(names)}
    rng = np.random.default_rng(0)  # the dots' sideways spread only, so they do not hide each other
    for ax, m in zip(axes, measures):
        values = pd.to_numeric(summary[m], errors="coerce").reindex(groups.index)
        x = groups.map(positions).to_numpy(dtype=float)
        ax.scatter(x + rng.uniform(-0.18, 0.18, len(x)), values, s=10, color=PALETTE[5], alpha=0.7, lw=0)
        rows_m = medians[medians["measure"] == m]
        for r in rows_m.itertuples():
            at = positions.get(r.group)
            if at is None:
                continue
            if r.ci_low == r.ci_low:  # an interval only for groups large enough to have one
                ax.plot([at, at], [r.ci_low, r.ci_high], color=PALETTE[3], lw=2.2)
            ax.plot([at - 0.3, at + 0.3], [r.median, r.median], color=PALETTE[3], lw=2)
        ax.set_title(literal(label(m)), fontsize=9)
        ax.set_xticks(range(len(names)), [literal(n) for n in names], rotation=30, ha="right", fontsize=8)
        if m in ("anonymous_sources", "named_sources", "n_entities"):
            ax.yaxis.get_major_locator().set_params(integer=True)
    for ax in axes[len(measures):]:
        ax.set_visible(False)
    axes[0].set_ylabel("dots: articles; bars: median and 95% interval", fontsize=7)
    return fig


def measures_over_time(over_time: pd.DataFrame, *, measures=HEADLINE_MEASURES, label=str,
                       title: str = "Measures over time (median per period)") -> Figure:
    """One panel per measure: the median of each period (``analysis.compare.period_medians``), the
    number of articles behind it as the marker's size."""
    cols = 2
    rows = math.ceil(len(measures) / cols)
    fig = Figure(figsize=(9.5, 2.1 * rows + 0.6), dpi=100, layout="constrained")
    fig.suptitle(literal(title))
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True).ravel()
    for ax, m in zip(axes, measures):
        part = over_time[over_time["measure"] == m].sort_values("start")
        ax.plot(part["start"], part["median"], color=PALETTE[0], lw=1.2)
        ax.scatter(part["start"], part["median"], s=8 + 4 * part["articles"], color=PALETTE[0], zorder=3)
        ax.set_title(literal(label(m)), fontsize=9)
        ax.tick_params(axis="x", labelsize=7, rotation=30)
    for ax in axes[len(measures):]:
        ax.set_visible(False)
    return fig
