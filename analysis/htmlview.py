"""Present: the article as HTML with cues highlighted by kind and entities marked by type.

Built from ``prof.text``, ``prof.cues``, ``prof.entities`` and ``prof.paragraphs``
only. Every piece of article text passes through ``html.escape``, so markup in an
article (a ``<script>``, an ``<img onerror=...>``) shows as text and never runs.
The styles are inline; nothing is loaded from anywhere.

>>> import analysis
>>> prof = analysis.profile_article("Sources say <b>Minsk</b> may host talks.")
>>> "&lt;b&gt;" in annotated_html(prof) and "<b>" not in annotated_html(prof)
True
"""
from __future__ import annotations

import html

from . import readable

__all__ = ["annotated_html", "legend_html", "ranking_table", "sources_table", "figure_img", "STYLE"]

# Cue kinds get a background, entity types an underline, so both show on one word.
STYLE = """<style>
.kit-article{font-family:Georgia,serif;line-height:1.7;max-width:48em}
.kit-article p{margin:0 0 .8em}
.kit-cue-hedge{background:#cde3f4}.kit-cue-weasel{background:#fbe3b3}
.kit-cue-booster{background:#c2eadb}.kit-cue-attribution{background:#f1d6e6}
.kit-ent{border-bottom:2.5px solid;padding-bottom:1px}
.kit-ent-PER{border-color:#D55E00}.kit-ent-ORG{border-color:#0072B2}
.kit-ent-LOC{border-color:#009E73}.kit-ent-MISC{border-color:#CC79A7}
.kit-legend span{margin-right:1em;padding:0 .3em}
.kit-quote{font-style:italic;color:#3b3b6d}.kit-speaker{font-weight:bold}
</style>"""

_KINDS = ("hedge", "weasel", "booster", "attribution")
_TYPES = (("PER", "person"), ("ORG", "organisation"), ("LOC", "place"), ("MISC", "other"))


def legend_html() -> str:
    kinds = "".join(f'<span class="kit-cue-{k}">{k}</span>' for k in _KINDS)
    types = "".join(f'<span class="kit-ent kit-ent-{t}">{t} ({name})</span>' for t, name in _TYPES)
    quotes = '<span class="kit-quote">quoted content</span><span class="kit-speaker">its speaker</span>'
    return (f'<p class="kit-legend"><strong>Cues:</strong> {kinds}<br><strong>Entities:</strong> {types}'
            f'<br><strong>Quotes:</strong> {quotes}</p>')


def annotated_html(prof, *, cue_kinds=None, entity_types=None, quotes: bool = True, legend: bool = True) -> str:
    """The article as HTML (a ``<div>`` with inline styles). ``cue_kinds`` / ``entity_types``
    limit what is highlighted (default: all); ``quotes`` marks quoted content and its speaker."""
    text = prof.text
    marks = []  # (start, end, css class, tooltip)
    for r in prof.cues.itertuples():
        if cue_kinds is None or r.kind in cue_kinds:
            marks.append((r.start, r.end, f"kit-cue-{r.kind}", f"{r.kind}: {r.category}"))
    for r in prof.entities.itertuples():
        if entity_types is None or r.type in entity_types:
            marks.append((r.start, r.end, f"kit-ent kit-ent-{r.type}", f"{r.type}: {r.name}"))
    if quotes and len(getattr(prof, "quotes", ())):
        for r in prof.quotes.itertuples():
            who = r.speaker_name or r.speaker or "no source"
            marks.append((r.start, r.end, "kit-quote", f"{r.kind} quote ({r.cue}), {r.speaker_type} source: {who}"))
            if r.speaker_start >= 0:
                marks.append((r.speaker_start, r.speaker_end, "kit-speaker", f"speaker ({r.speaker_type}): {who}"))
    paras = [(int(p.start), int(p.end)) for p in prof.paragraphs.itertuples()] or [(0, len(text))]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks), *(x for p in paras for x in p)})
    out = []
    for s, e in paras:
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            if a < s or b > e:
                continue
            covering = [m for m in marks if m[0] <= a and b <= m[1]]
            seg = html.escape(text[a:b]).replace("\n", "<br>")
            if covering:
                cls = " ".join(m[2] for m in covering)
                tip = html.escape("; ".join(m[3] for m in covering), quote=True)
                seg = f'<span class="{cls}" title="{tip}">{seg}</span>'
            pieces.append(seg)
        out.append("<p>" + "".join(pieces) + "</p>")
    return STYLE + (legend_html() if legend else "") + '<div class="kit-article">' + "".join(out) + "</div>"


_UNNAMED = {"anonymous": "(anonymous sources)", "vague": "(vague sources)", "none": "(no source given)"}


def sources_table(prof) -> str:
    """An HTML table of who is quoted: one row per speaker (its resolved name, else the source as
    written), its type, how many attributions and the first cue; unnamed sources grouped by type.

    >>> import analysis
    >>> sources_table(analysis.profile_article("“No,” said Anna <Kowalczyk>."))[:60]
    '<table><thead><tr><th>source</th><th>type</th><th>attributio'
    """
    quotes = prof.quotes
    if not len(quotes):
        return "<p>No attribution found.</p>"
    who = quotes["speaker_name"].where(quotes["speaker_name"] != "", quotes["speaker"])
    who = who.where(quotes["speaker_type"] == "named", quotes["speaker_type"].map(_UNNAMED))
    table = (quotes.assign(source=who).groupby(["source", "speaker_type"], sort=False)
             .agg(attributions=("quote_id", "size"), cue=("cue", "first")).reset_index()
             .sort_values("attributions", ascending=False, kind="stable"))
    rows = "".join(f"<tr><td>{html.escape(str(r.source))}</td><td>{html.escape(r.speaker_type)}</td>"
                   f"<td>{int(r.attributions)}</td><td>{html.escape(str(r.cue))}</td></tr>" for r in table.itertuples())
    return ("<table><thead><tr><th>source</th><th>type</th><th>attributions</th><th>first cue</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def ranking_table(ranking, *, link=None) -> str:
    """An HTML table of ``CorpusProfile.ranking()``: one row per article, its title first (a
    link to ``link(article_id)`` when given), then the measures, labelled and formatted as the
    glossary says (``analysis.readable``); a measure not given for an article shows as a dash.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"hedge_density": [1.234], "title": ["<Talks>"]}, index=["a1"])
    >>> ranking_table(table, link=lambda aid: aid + ".html")[-88:]
    '<tbody><tr><td><a href="a1.html">&lt;Talks&gt;</a></td><td>1.2</td></tr></tbody></table>'
    """
    measures = [c for c in ranking.columns if c != "title"]
    rows = []
    for aid, title, *values in ranking[["title", *measures]].itertuples(name=None):
        label = html.escape(str(title))
        if link is not None:
            label = f'<a href="{html.escape(link(aid))}">{label}</a>'
        cells = "".join(f"<td>{html.escape(readable.format_value(m, v))}</td>" for m, v in zip(measures, values))
        rows.append(f"<tr><td>{label}</td>{cells}</tr>")
    head = "".join(f"<th>{html.escape(readable.label(m))}</th>" for m in measures)
    return f'<table class="kit-table"><thead><tr><th>article</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def figure_img(fig, *, alt: str) -> str:
    """A matplotlib Figure as an ``<img>`` holding its PNG (so the page needs no other file), with
    ``alt`` as its text alternative."""
    import base64
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="kit-chart" alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
