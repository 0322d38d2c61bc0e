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


def article_explorer(corpus):
    """Pick an article of ``corpus`` (a ``CorpusProfile`` run with ``keep_text=True``) and explore
    its sentences; the profiles come from the corpus tables, nothing is profiled here."""
    import ipywidgets as w

    titles = corpus.articles["title"] if "title" in corpus.articles.columns else {}
    options = [(f"{aid} · {titles.get(aid) or ''}"[:80], aid) for aid in corpus.summary.index]
    pick = w.Dropdown(options=options, description="Article", layout=w.Layout(width="60%"))
    box = w.VBox()

    def show(*_):
        box.children = [sentence_explorer(corpus.article(pick.value, findings=False))]

    pick.observe(show, "value")
    show()
    return w.VBox([pick, box])
