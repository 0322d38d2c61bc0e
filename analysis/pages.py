"""Present: the sections of an article's page, as HTML built from its profile.

Notebook 01 shows these sections one cell each (and so do the HTML reports rendered from it);
``ArticleProfile.to_html`` puts them on one self-contained page. They only format the tables the
profile holds (through ``readable``, ``plots`` and ``htmlview``); nothing here computes a measure.
Every piece of article text and metadata is escaped.

>>> import analysis
>>> prof = analysis.profile_article("Officials said the talks may resume.", title="Talks <maybe>")
>>> page = header_html(prof, meta={"source": "/home/me/news/talks.txt", "publisher": "Example Post"})
>>> page[page.index("<h1>"):page.index("</p>") + 4]
'<h1>Talks &lt;maybe&gt;</h1><p class="kit-meta">file <code>talks.txt</code> · outlet Example Post · language English · fast mode</p>'
"""
from __future__ import annotations

import html
from pathlib import PurePath

import pandas as pd

from . import htmlview, plots, readable
from .schema import DATE_COLUMNS, OUTLET_COLUMNS
from .widgets import select_sentences

__all__ = ["header_html", "findings_html", "summary_html", "chart_html", "sentiment_chart", "cue_chart",
           "hedge_chart", "entity_charts", "entity_table_html", "sources_html", "hedged_sentences_html", "glossary_html",
           "sentences_html", "repairs_html", "article_page", "page_document", "PAGE_STYLE", "corpus_header_html",
           "errors_html", "ranking_html", "distributions_html", "comparison_html", "comparison_section", "over_time_html", "outliers_html",
           "corpus_entities_html", "corpus_page", "article_summary_html", "corpus_summary_html", "source_name", "generated_now"]


# The sections' own styles travel with the header (a notebook page has no other place for them);
# a page of its own (``article_page``) adds the body's.
PAGE_STYLE = """<style>
body.kit-page{font-family:system-ui,sans-serif;max-width:60em;margin:1.5em auto;padding:0 1em;color:#222}
</style>"""
SECTION_STYLE = """<style>
.kit-header h1{margin-bottom:.2em}.kit-meta{color:#555;margin:.2em 0}
.kit-nav{margin:.6em 0 1em;display:flex;gap:1.5em;flex-wrap:wrap}
.kit-table{border-collapse:collapse;margin:.5em 0}.kit-table td,.kit-table th{padding:.2em .6em;
border-bottom:1px solid #ddd;text-align:left;vertical-align:top}.kit-table th{background:#f4f4f4}
.kit-table tbody tr:nth-child(odd){background:#fafafa}
.kit-glossary dt{font-weight:bold;margin-top:.4em}.kit-glossary dd{margin-left:1.5em}
img.kit-chart{max-width:100%;height:auto}
</style>"""


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value).strip() != ""


def _first(meta: dict, columns) -> str:
    for c in columns:
        if _present(meta.get(c)):
            return str(meta[c])
    return ""


def source_name(source) -> str:
    """The input's file name as a reader may see it: never the folder it was read from.

    >>> source_name("/home/me/news/day1.jsonl#3"), source_name("https://example.org/a/story.html")
    ('day1.jsonl#3', 'https://example.org/a/story.html')
    """
    source = str(source or "")
    if "://" in source:
        return source
    return PurePath(source.replace("\\", "/")).name


def header_html(prof, *, meta: dict | None = None, links: dict | None = None, generated: str = "",
                article_id: str = "") -> str:
    """The page heading (the title, else the article id), a line of what the article is (file,
    outlet, author, date, language) and of when and by what the page was made, and, when
    ``links`` is given ({'index': href, 'previous': (href, title), 'next': (href, title)}), the
    way back to the index and on to the neighbouring articles."""
    from .version import __version__

    meta = meta or {}
    heading = prof.title or article_id or "Article"
    facts = []
    if _present(meta.get("source")):
        facts.append(f"file <code>{html.escape(source_name(meta['source']))}</code>")
    for label, value in (("outlet", _first(meta, OUTLET_COLUMNS)), ("by", _first(meta, ("author",))),
                         ("date", _first(meta, DATE_COLUMNS))):
        if value:
            facts.append(f"{label} {html.escape(value)}")
    language = prof.summary.get("language", "")
    if _present(language):
        from .language import language_name

        facts.append(f"language {html.escape(language_name(str(language)))}")
    mode = prof.summary.get("mode", "")
    if _present(mode):
        facts.append(f"{html.escape(str(mode))} mode")
    made = f"news-analysis-kit {html.escape(__version__)}" + (f", {html.escape(generated)}" if generated else "")
    out = [SECTION_STYLE, f'<header class="kit-header"><h1>{html.escape(str(heading))}</h1>',
           f'<p class="kit-meta">{" · ".join(facts)}</p>' if facts else "",
           f'<p class="kit-meta">Profiled by {made}.</p>']
    if links:
        nav = []
        if links.get("index"):
            nav.append(f'<a href="{html.escape(links["index"])}">← All articles</a>')
        for key, arrow in (("previous", "‹ Previous"), ("next", "Next ›")):
            if links.get(key):
                href, title = links[key]
                nav.append(f'<a href="{html.escape(href)}" rel="{"prev" if key == "previous" else "next"}">'
                           f"{arrow}: {html.escape(str(title))}</a>")
        out.append(f'<nav class="kit-nav">{"".join(nav)}</nav>')
    return "".join(out) + "</header>"


def findings_html(prof) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in prof.findings) + "</ul>"


def summary_html(prof) -> str:
    """The headline figures as a two-column table (measure, value), in words."""
    return readable.table_html(readable.summary_table(prof.summary))


def chart_html(fig) -> str:
    """A chart as an embedded PNG image with its text alternative."""
    return htmlview.figure_img(fig, alt=plots.alt_text(fig))


def _sentence(text: str) -> str:
    return f"<p><em>{html.escape(text)}</em></p>"


def sentiment_chart(prof) -> str:
    if len(prof.sentences) < 2:
        return _sentence("One sentence: its sentiment is in the table below; an arc needs two.")
    return chart_html(plots.sentiment_arc(prof.sentences))


def cue_chart(prof) -> str:
    if not len(prof.cues):
        return _sentence("No hedge, weasel, booster or attribution cue was found.")
    return chart_html(plots.cue_counts(prof.cues))


def hedge_chart(prof) -> str:
    paragraphs = prof.paragraphs
    if len(paragraphs) < 2 or not float(paragraphs["hedges"].sum()):
        hedges = int(paragraphs["hedges"].sum()) if len(paragraphs) else 0
        where = "no paragraph holds a hedge cue" if not hedges else "the article is one paragraph"
        return _sentence(f"No chart by paragraph: {where}.")
    return chart_html(plots.hedge_density_by_paragraph(paragraphs))


def entity_charts(prof) -> str:
    counts = prof.entity_counts
    if not len(counts):
        return _sentence("No people, organisations or places were found.")
    out = [chart_html(plots.entity_mentions_by_type(counts))]
    if len(prof.cooccurrence):
        out.append(chart_html(plots.cooccurrence_network(prof.cooccurrence, counts)))
    if len(counts) >= 2:
        out.append(chart_html(plots.entity_sentiment_hedging(counts)))
    return "".join(out)


def entity_table_html(prof, *, top: int = 20) -> str:
    counts = prof.entity_counts
    if not len(counts):
        return ""
    shown = counts.head(top)
    note = f"<p>The {top} most mentioned of {len(counts)}.</p>" if len(counts) > top else ""
    return readable.table_html(shown, columns=["name", "type", "mentions", "sentences", "sentiment_mean",
                                               "hedged_share", "quoted"]) + note


def sources_html(prof) -> str:
    if not len(prof.quotes):
        return _sentence("No attribution found: the article quotes or paraphrases no source.")
    return htmlview.sources_table(prof) + readable.table_html(
        prof.quotes, columns=["sent_id", "speaker", "speaker_name", "speaker_type", "cue", "kind"])


def hedged_sentences_html(prof) -> str:
    rows = select_sentences(prof).loc[lambda d: d["hedged"]]
    if not len(rows):
        return _sentence("No sentence is hedged.")
    return readable.table_html(rows, columns=["sent_id", "text", "sentiment", "hedges", "attribution"])


def sentences_html(prof) -> str:
    return readable.table_html(prof.sentences, columns=["sent_id", "para_id", "text", "n_words", "sentiment",
                                                        "hedges", "boosters", "hedged", "attribution"])


def repairs_html(prof) -> str:
    if not len(prof.repairs):
        return _sentence("No repairs were needed.")
    return readable.table_html(prof.repairs, columns=["original", "repaired", "reason"])


# The sections of a page, in reading order: heading, what it shows, and the function that draws it.
SECTIONS = (
    ("Findings", "Plain-English findings; every number comes from the tables below. Percentiles compare the "
                 "article with newswire documents profiled by the same kit.", findings_html),
    ("Headline figures", "", summary_html),
    ("Tone: the sentiment arc", "Sentence sentiment from -1 to +1 in reading order; circled sentences carry a "
                                "hedge or weasel cue.", sentiment_chart),
    ("How sure: hedges, weasel words, boosters and attribution", "", lambda p: cue_chart(p) + hedge_chart(p)),
    ("Whom it talks about", "", lambda p: entity_charts(p) + entity_table_html(p)),
    ("Whom it relies on: sources", "Each attribution with its source: named, anonymous, vague or none given.",
     sources_html),
    ("The article, annotated", "Cues are highlighted by kind and entities underlined by type; quoted content "
                               "is in italics and its source in bold.", htmlview.annotated_html),
    ("Hedged sentences", "", hedged_sentences_html),
    ("Repairs", "Characters the kit changed before analysis.", repairs_html),
    ("Glossary", "", lambda p: glossary_html()),
)


def article_page(prof, *, meta: dict | None = None, links: dict | None = None, generated: str = "",
                 article_id: str = "") -> str:
    """The article's whole page as one self-contained HTML document (no script, nothing fetched)."""
    parts = [header_html(prof, meta=meta, links=links, generated=generated, article_id=article_id)]
    for heading, intro, draw in SECTIONS:
        parts.append(f"<section><h2>{html.escape(heading)}</h2>" + (f"<p>{html.escape(intro)}</p>" if intro else "")
                     + draw(prof) + "</section>")
    return page_document(prof.title or article_id or "Article profile", "".join(parts))


def page_document(title: str, body: str) -> str:
    """A complete HTML document around ``body``, with the kit's styles inline."""
    from .version import __version__
    from .ingest import GENERATOR

    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta {GENERATOR} {__version__}">'
            f"<title>{html.escape(title)}</title>{PAGE_STYLE}{htmlview.STYLE}</head>"
            f'<body class="kit-page">{body}</body></html>')


def generated_now() -> str:
    """When a page is made, as its header says it: UTC, to the minute."""
    return pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H:%M UTC")


def glossary_html() -> str:
    """What each measure on the page means."""
    return readable.glossary_html()


# ----------------------------------------------------------------------------- the corpus page
# Fewer articles than this and a histogram of each measure says nothing a table does not.
MIN_DISTRIBUTION = 8


def corpus_header_html(corpus, *, title: str = "Corpus report", generated: str = "", group_by: str | None = None
                       ) -> str:
    """The corpus page's heading: how many articles and words, in which languages, compared by
    what, and when and by what the page was made."""
    from .version import __version__

    n = len(corpus.summary)
    words = int(corpus.summary["n_words"].sum()) if n else 0
    languages = corpus.languages()
    facts = [f"{readable.count_of(n, 'article')} profiled, {readable.count_of(words, 'word')}"]
    if len(corpus.errors):
        facts.append(f"{readable.count_of(len(corpus.errors), 'article')} could not be profiled (listed below)")
    if len(languages):
        facts.append("languages: " + ", ".join(f"{r.name} {r.articles}" for r in languages.itertuples()))
    if "mode" in corpus.summary.columns and n:
        facts.append(" and ".join(sorted(map(str, corpus.summary["mode"].dropna().unique()))) + " mode")
    if group_by:
        facts.append(f"compared by {readable.label(group_by)}")
    made = f"news-analysis-kit {__version__}" + (f", {generated}" if generated else "")
    note = ("" if set(languages["language"]) <= {"en"} else
            "<p>The tone, hedging, sourcing and entity measures are for English articles only.</p>")
    return (SECTION_STYLE + f'<header class="kit-header"><h1>{html.escape(title)}</h1>'
            f'<p class="kit-meta">{html.escape("; ".join(facts))}.</p>'
            f'<p class="kit-meta">Profiled by {html.escape(made)}.</p>{note}</header>')


def errors_html(corpus) -> str:
    if not len(corpus.errors):
        return ""
    rows = corpus.errors.assign(source=[source_name(s) for s in corpus.errors["source"]])
    return "<h2>Could not be profiled</h2>" + readable.table_html(rows, columns=["source", "error"])


def ranking_html(corpus, *, link=None, by: str = "hedge_density") -> str:
    if not len(corpus.summary):
        return _sentence("No article was profiled.")
    return htmlview.ranking_table(corpus.ranking(by), link=link)


def distributions_html(corpus) -> str:
    n = len(corpus.summary)
    if n < MIN_DISTRIBUTION:
        return _sentence(f"With {readable.count_of(n, 'article')}, the table above says all a distribution would; "
                         f"histograms are drawn from {MIN_DISTRIBUTION} articles on.")
    ranking = corpus.ranking("hedge_density")
    return chart_html(plots.measure_distributions(corpus.summary, highlight=ranking.index[0], label=readable.label))


def comparison_html(comparison, corpus) -> str:
    """The comparison by a metadata column: findings, each group's medians with intervals, the
    distributions side by side and each group's most mentioned entities."""
    from .compare import MIN_GROUP

    by = readable.label(comparison.by) if comparison.period is None else \
        f"{comparison.period} ({readable.label(comparison.by)})"
    parts = ["<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in comparison.findings) + "</ul>"]
    medians = comparison.medians
    if len(medians):
        cell = {}
        for r in medians.itertuples():
            shown = readable.format_value(r.measure, r.median)
            if r.ci_low == r.ci_low:
                shown += (f" ({readable.format_value(r.measure, r.ci_low)} to "
                          f"{readable.format_value(r.measure, r.ci_high)})")
            cell[(r.group, r.measure)] = shown
        groups = sorted(medians["group"].unique())
        sizes = medians.groupby("group")["articles"].max()
        measures = list(dict.fromkeys(medians["measure"]))
        head = "".join(f"<th>{html.escape(readable.label(m))}</th>" for m in measures)
        rows = "".join(f"<tr><td>{html.escape(str(g))}</td><td>{int(sizes[g])}</td>"
                       + "".join(f"<td>{html.escape(cell.get((g, m), '—'))}</td>" for m in measures) + "</tr>"
                       for g in groups)
        parts.append(f"<p>Median per {html.escape(by)}, with its 95% bootstrap interval in brackets (groups of "
                     f"fewer than {MIN_GROUP} articles have none).</p>"
                     f'<table class="kit-table"><thead><tr><th>{html.escape(by)}</th><th>articles</th>'
                     f"{head}</tr></thead><tbody>{rows}</tbody></table>")
        parts.append(chart_html(plots.group_distributions(corpus.summary, comparison.groups, medians,
                                                          measures=measures, label=readable.label,
                                                          title=f"Measures by {by}")))
    if len(comparison.entities):
        parts.append(f"<h3>Most mentioned, per {html.escape(by)}</h3>"
                     + readable.table_html(comparison.entities.rename(columns={"group": by})))
    return "".join(parts)


def comparison_section(comparison, corpus) -> str:
    """The comparison with its heading and what it shows; nothing when there is no comparison."""
    if comparison is None:
        return ""
    by = readable.label(comparison.by) if comparison.period is None else \
        f"{comparison.period} ({readable.label(comparison.by)})"
    return (f"<h2>Compared by {html.escape(by)}</h2><p>Each group's median with a 95% bootstrap interval, every "
            "article as a dot, and the entities each group mentions most. A difference is claimed only where the "
            "interval of the difference between the highest and the lowest group leaves out zero.</p>"
            + comparison_html(comparison, corpus))


def over_time_html(over_time) -> str:
    """The time chart of ``CorpusProfile.over_time()``, or a sentence when it would say nothing."""
    if not len(over_time) or over_time["period"].nunique() < 2:
        return _sentence("The articles carry no dates spanning two periods or more, so there is no time chart.")
    return chart_html(plots.measures_over_time(over_time, measures=list(dict.fromkeys(over_time["measure"])),
                                               label=readable.label))


def outliers_html(found) -> str:
    if not len(found):
        return _sentence("No outliers in this corpus.")
    shown = found.assign(measure=[readable.label(m) for m in found["measure"]])
    return readable.table_html(shown)


def corpus_entities_html(corpus, *, top: int = 15) -> str:
    table = corpus.entity_table()
    if not len(table):
        return _sentence("No entities were found.")
    return readable.table_html(table.head(top))


def corpus_page(corpus, *, group_by: str | None = None, period: str | None = None, link=None,
                generated: str = "") -> str:
    """The corpus's whole page as one self-contained HTML document: rankings, distributions,
    the comparison by ``group_by`` (and over time), outliers, entities and the glossary."""
    from .compare import outliers

    sections = [("", errors_html(corpus))]
    sections += [("Rankings", ranking_html(corpus, link=link)), ("Distributions", distributions_html(corpus))]
    if group_by:
        comparison = corpus.compare(group_by, period=period)
        sections.append(("", comparison_section(comparison, corpus)))
    sections.append(("Over time", over_time_html(corpus.over_time())))
    sections += [("Outliers", outliers_html(outliers(corpus.summary))),
                 ("Entities across the corpus", corpus_entities_html(corpus)),
                 ("Glossary", glossary_html())]
    body = corpus_header_html(corpus, generated=generated, group_by=group_by) + "".join(
        f"<section>{f'<h2>{html.escape(h)}</h2>' if h else ''}{content}</section>" for h, content in sections)
    return page_document("Corpus report", body)


def article_summary_html(prof) -> str:
    """A compact view for a notebook's output: the title, the findings and the headline figures."""
    from .schema import HEADLINE_MEASURES

    names = ["n_words", "n_sentences", *HEADLINE_MEASURES]
    return (SECTION_STYLE + f"<div><h3>{html.escape(prof.title or 'Article profile')}</h3>" + findings_html(prof)
            + readable.table_html(readable.summary_table(prof.summary, names=[n for n in names if n in prof.summary]))
            + "<p><em>prof.to_html(path) writes the whole page.</em></p></div>")


def corpus_summary_html(corpus, *, top: int = 10) -> str:
    """A compact view for a notebook's output: the corpus header and its most hedged articles."""
    ranking = corpus.ranking("hedge_density").head(top) if len(corpus.summary) else None
    return (corpus_header_html(corpus, title="Corpus profile")
            + (htmlview.ranking_table(ranking) if ranking is not None else "")
            + f"<p><em>The {top} most hedged articles shown; corpus.to_html(path) writes the whole page.</em></p>")
