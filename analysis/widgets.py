"""Present: interactive exploration in JupyterLab (ipywidgets), with a static fallback.

``select_sentences`` is the plain function behind the widgets; the widgets only
call it and redraw. Reports rendered to HTML carry no scripts, so notebooks show
the static output there instead (``INTERACTIVE = False``).

>>> import analysis
>>> prof = analysis.profile_article("Officials in Minsk said talks may resume. The weather was fine.")
>>> select_sentences(prof, cue_kind="hedge")["sent_id"].tolist()
[0]
"""
from __future__ import annotations

import html

import pandas as pd

__all__ = ["select_sentences", "sentence_explorer", "article_explorer"]


def select_sentences(prof, *, cue_kind: str | None = None, entity: str | None = None) -> pd.DataFrame:
    """Sentences of ``prof`` holding a cue of ``cue_kind`` and/or naming ``entity`` (canonical name)."""
    keep = pd.Series(True, index=prof.sentences.index)
    if cue_kind:
        ids = set(prof.cues.loc[prof.cues["kind"] == cue_kind, "sent_id"])
        keep &= prof.sentences["sent_id"].isin(ids)
    if entity:
        ids = set(prof.entities.loc[prof.entities["name"] == entity, "sent_id"])
        keep &= prof.sentences["sent_id"].isin(ids)
    return prof.sentences[keep]


def _sentence_list(prof, rows: pd.DataFrame) -> str:
    if rows.empty:
        return "<p><em>No sentence matches.</em></p>"
    items = "".join(
        f"<li><strong>{int(r.sent_id) + 1}</strong> · sentiment {r.sentiment:+.2f}"
        f"{' · hedged' if r.hedged else ''}{' · ' + html.escape(r.attribution) + ' source' if r.attribution else ''}"
        f"<br>{html.escape(r.text)}</li>" for r in rows.itertuples())
    return f"<ol style='list-style:none;padding-left:0'>{items}</ol>"


def sentence_explorer(prof):
    """Dropdowns for cue kind and entity; the matching sentences are listed below them."""
    import ipywidgets as w

    kinds = [("any cue or none", "")] + [(k, k) for k in sorted(prof.cues["kind"].unique())]
    names = [("any entity or none", "")] + [(f"{r.name} ({r.type})", r.name) for r in prof.entity_counts.itertuples()]
    kind = w.Dropdown(options=kinds, description="Cue kind")
    ent = w.Dropdown(options=names, description="Entity")
    out = w.HTML()

    def redraw(*_):
        out.value = _sentence_list(prof, select_sentences(prof, cue_kind=kind.value or None, entity=ent.value or None))

    kind.observe(redraw, "value")
    ent.observe(redraw, "value")
    redraw()
    return w.VBox([w.HBox([kind, ent]), out])


def article_explorer(articles: pd.DataFrame, profile=None):
    """Pick an article of ``articles`` (from ``load_articles``) and explore its sentences."""
    import ipywidgets as w

    from .profile import profile_article

    profile = profile or (lambda row: profile_article(row["text"], title=row["title"]))
    options = [(f"{r.article_id} · {r.title or ''}"[:80], i) for i, r in enumerate(articles.itertuples())]
    pick = w.Dropdown(options=options, description="Article", layout=w.Layout(width="60%"))
    box = w.VBox()

    def show(*_):
        prof = profile(articles.iloc[pick.value])
        box.children = [sentence_explorer(prof)]

    pick.observe(show, "value")
    show()
    return w.VBox([pick, box])
