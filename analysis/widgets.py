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

__all__ = ["select_sentences", "sentence_explorer", "article_explorer", "ArticleView"]


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


class ArticleView:
    """The article a notebook shows, and every section of the notebook drawn from it.

    ``corpus`` is a ``CorpusProfile`` run with ``keep_text=True``. Each ``section(draw)`` shows
    ``draw(profile)`` (HTML text, a Figure or anything IPython displays); ``view.meta`` and
    ``view.article_id`` describe the article shown. With
    ``interactive=True`` and several articles, ``picker()`` is a dropdown, and picking another
    article redraws every section shown so far, so no table or chart below keeps showing the
    article before; otherwise sections are plain static output (what the HTML reports hold).
    """

    def __init__(self, corpus, *, article_id=None, interactive: bool = True):
        self.corpus = corpus
        ids = corpus.summary.index.tolist()
        if not ids:
            raise ValueError("ArticleView: the corpus holds no profiled article")
        self.article_id = article_id if article_id is not None else ids[0]
        self.interactive = interactive and len(ids) > 1
        self.profile = corpus.article(self.article_id)
        self._sections: list = []

    @property
    def meta(self) -> dict:
        """The article's row of ``corpus.articles`` (its source and metadata), without the text."""
        row = self.corpus.articles.loc[self.article_id]
        return {k: v for k, v in row.items() if k != "text"}

    def picker(self):
        """A dropdown of the corpus's articles (None when there is nothing to pick)."""
        if not self.interactive:
            return None
        import ipywidgets as w

        titles = self.corpus.articles["title"] if "title" in self.corpus.articles.columns else {}
        options = [(f"{aid} · {titles.get(aid) or ''}"[:80], aid) for aid in self.corpus.summary.index]
        pick = w.Dropdown(options=options, value=self.article_id, description="Article",
                          layout=w.Layout(width="70%"))
        pick.observe(lambda change: self.show_article(change["new"]), "value")
        return pick

    def show_article(self, article_id) -> None:
        """Make ``article_id`` the article shown, and redraw every section."""
        self.article_id = article_id
        self.profile = self.corpus.article(article_id)
        for out, draw in self._sections:
            out.clear_output(wait=True)
            with out:
                _display(draw(self.profile))

    def section(self, draw):
        """``draw(profile)`` for the article shown, and again whenever another article is picked."""
        if not self.interactive:
            return _displayable(draw(self.profile))
        import ipywidgets as w

        out = w.Output()
        with out:
            _display(draw(self.profile))
        self._sections.append((out, draw))
        return out


def _displayable(value):
    from IPython.display import HTML

    return HTML(value) if isinstance(value, str) else value


def _display(value) -> None:
    from IPython.display import display

    display(_displayable(value))
