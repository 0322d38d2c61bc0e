"""One article, end to end: normalise -> tokenise -> annotate -> aggregate.

``profile_article`` is the one implementation every scale uses: a notebook
calls it on one article, and corpus runs map the same function over many.

>>> prof = profile_article("Officials met in Minsk. Talks may resume.")
>>> prof.sentences[["sent_id", "para_id", "start", "end", "n_words"]].values.tolist()
[[0, 0, 0, 23, 4], [1, 0, 24, 41, 3]]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from . import aggregate, hedging
from .entities import find_entities
from .findings import article_findings
from .language import ENGLISH, detect_language
from .normalise import normalise_text
from .quotes import find_quotes
from .schema import DERIVED_TABLES, PRIMARY_TABLES, SENTENCE_COLUMNS, TABLE_COLUMNS, EntityRow, QuoteRow, frame
from .sentiment import MODES, sentiment_scores
from .tokenise import paragraph_spans, sentence_spans, sentence_tokens

__all__ = ["ArticleProfile", "profile_article", "article_columns", "derived_columns", "profile_from_tables"]


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
    quotes: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: list = field(default_factory=list)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<ArticleProfile {self.title!r}: {int(s['n_words'])} words, "
                f"{int(s['n_sentences'])} sentences, {len(self.repairs)} repairs>")

    def _repr_html_(self) -> str:
        """JupyterLab shows a profile as its title, findings and headline figures."""
        from .pages import article_summary_html

        return article_summary_html(self)

    def to_html(self, path, *, meta: dict | None = None) -> Path:
        """Write the whole profile as one self-contained HTML page (findings, figures, charts, the
        annotated article, sources and a glossary; article text escaped, nothing fetched) to
        ``path``; returns the path. ``meta``: the article's source and metadata for the header."""
        from .pages import article_page, generated_now

        path = Path(path)
        path.write_text(article_page(self, meta=meta, generated=generated_now()), encoding="utf-8")
        return path


def article_columns(text: str, *, mode: str = "fast") -> dict:
    """The core of a profile as plain Python columns, no pandas: ``text`` (normalised),
    ``sentences`` (dict of lists), ``cues``, ``entities`` and ``repairs`` (lists of named rows)
    and ``summary`` (dict). Corpus runs call this and assemble all articles' tables at once;
    ``derived_columns`` gives the tables aggregated from these. ``mode``: "fast" or "accurate"
    sentence sentiment (``sentiment.sentiment_scores``)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if not isinstance(text, str):
        raise TypeError(f"profile_article expects the article text as str, got {type(text).__name__}")
    norm = normalise_text(text)
    body = norm.text
    language = detect_language(body)
    english = language.code == ENGLISH
    sent: dict = {name: [] for name in ("sent_id", "para_id", "start", "end", "text", "n_words", "sentiment")}
    cues: list = []
    ents: list = []
    quotes: list = []
    for paragraphs in part_paragraphs(body):
        _annotate_part(body, paragraphs, english, sent, cues, ents, quotes, mode=mode)
    quotes = [q._replace(quote_id=k) for k, q in enumerate(quotes)]
    sent["sent_id"] = list(range(len(sent["start"])))
    sent.update(aggregate.sentence_flags(len(sent["start"]), cues, quotes))
    repairs = norm.repairs
    summary = aggregate.summary_values(sent, cues, ents, len(repairs), language=language.code, quotes=quotes,
                                       mode=mode)
    return {"text": body, "sentences": sent, "cues": cues, "entities": ents, "repairs": repairs,
            "quotes": quotes, "summary": summary}


# A very long text (a whole book, a scraped dump in one file) is annotated a part at a time, so
# the working memory of the passes (tokens, the entity model's arrays) is that of one part, not
# of the whole text. A part is whole paragraphs of about this many characters; news articles,
# far shorter, are one part. Across parts the entity pass does not carry its document context
# (a name's type vote, a surname resolved to the full name given earlier).
PART_CHARS = 1_000_000


def part_paragraphs(body: str, *, part_chars: int | None = None) -> list[list[tuple[int, int, int]]]:
    """The paragraphs of ``body`` as (para_id, start, end), grouped into parts of about
    ``part_chars`` characters (default ``PART_CHARS``; a longer paragraph is a part of its own)."""
    part_chars = PART_CHARS if part_chars is None else part_chars
    parts: list = [[]]
    for k, (s, e) in enumerate(paragraph_spans(body)):
        if parts[-1] and e - parts[-1][0][1] > part_chars:
            parts.append([])
        parts[-1].append((k, s, e))
    return parts


def _annotate_part(body: str, paragraphs: list, english: bool, sent: dict, cues: list, ents: list,
                   quotes: list, *, mode: str = "fast") -> None:
    """Sentences, cues, entities and quotes of one part of ``body``, appended to the article's
    columns and rows with offsets into ``body`` and sentence ids counted from the article's start."""
    if not paragraphs:
        return
    lo, hi = paragraphs[0][1], paragraphs[-1][2]
    first_id = len(sent["start"])
    spans = sentence_spans(body, paragraphs=paragraphs)
    starts = [s for s, _, _ in spans]
    texts = [body[s:e] for s, e, _ in spans]
    tokens, counts = sentence_tokens(body, spans)
    sent["para_id"] += [p for _, _, p in spans]
    sent["start"] += starts
    sent["end"] += [e for _, e, _ in spans]
    sent["text"] += texts
    sent["n_words"] += counts
    # The measures are English: another language's sentences are not scored (NaN), and
    # they have no cues and no entities, rather than English lexicons' guesses.
    sent["sentiment"] += sentiment_scores(texts, mode=mode).tolist() if english else [math.nan] * len(spans)
    if not english:
        return
    # The passes read the part alone (offsets from its start), then rows are moved into place.
    part = body[lo:hi] if lo or hi < len(body) else body
    local = [s - lo for s in starts]
    shift = partial(_shifted, lo=lo, first_id=first_id)
    cues += map(shift, hedging.cue_rows(part, local))
    # The entity pass reuses the tokens when only white space lies between sentences (as
    # sentence_spans leaves it); otherwise it tokenises from each start to the next itself.
    gaps = [part[e - lo:s] for (_, e, _), s in zip(spans, local[1:] + [len(part)])]
    same = tokens if not "".join(gaps).strip() else None
    found = find_entities(part, local, tokens=same)
    ents += map(shift, found)
    quotes += map(partial(_shifted_quote, lo=lo, first_id=first_id),
                  find_quotes(part, local, entities=found, paragraphs=[p for _, _, p in spans], words=same))


def _shifted_quote(row: QuoteRow, *, lo: int, first_id: int) -> QuoteRow:
    """A quote row found in a part, with offsets and sentence id in the whole article."""
    if not lo and not first_id:
        return row
    moved = (lambda at: at + lo if at >= 0 else at)  # noqa: E731
    return row._replace(sent_id=row.sent_id + first_id, start=row.start + lo, end=row.end + lo,
                        speaker_start=moved(row.speaker_start), speaker_end=moved(row.speaker_end),
                        cue_start=row.cue_start + lo, cue_end=row.cue_end + lo)


def _shifted(row, *, lo: int, first_id: int):
    """A cue or entity row found in a part, with offsets and sentence id in the whole article."""
    if not lo and not first_id:
        return row
    return row._replace(sent_id=row.sent_id + first_id, start=row.start + lo, end=row.end + lo)


def derived_columns(sent: dict, entities: list[EntityRow], *, tables=DERIVED_TABLES, quotes: list = ()) -> dict:
    """The tables aggregated from an article's sentences (dict of lists) and entity rows:
    ``paragraphs`` (dict of lists), ``entity_counts`` and ``cooccurrence`` (lists of rows), or
    those of them named in ``tables``."""
    make = {"paragraphs": lambda: aggregate.paragraph_columns(sent),
            "entity_counts": lambda: aggregate.entity_stats(entities, sent, quotes),
            "cooccurrence": lambda: aggregate.cooccurrence_rows(entities)}
    return {name: make[name]() for name in tables}


def profile_article(text: str, *, title: str | None = None, findings: bool = True, mode: str = "fast"
                    ) -> ArticleProfile:
    """Profile one article's text (``title`` is kept beside it, not inside ``text``).

    ``findings=False`` skips the narrative findings (corpus runs do not need them).
    ``mode="accurate"`` scores sentence sentiment with a contextual encoder as well (see
    ``analysis.encoder``; about five times slower); the summary's ``mode`` says which was used."""
    cols = article_columns(text, mode=mode)
    cols.update(derived_columns(cols["sentences"], cols["entities"], quotes=cols["quotes"]))
    tables = {name: frame(cols[name], columns) for name, columns in TABLE_COLUMNS.items()}
    return _assemble(cols["text"], title or "", tables, cols["summary"], findings=findings)


def profile_from_tables(text: str, title: str, tables: dict, summary: dict, *, findings: bool = True
                        ) -> ArticleProfile:
    """The ``ArticleProfile`` of an article profiled before: its normalised ``text``, its primary
    tables (``schema.PRIMARY_TABLES``, DataFrames with the profile's columns) and its summary
    metrics, as a corpus run keeps them. The derived tables and the findings are computed by
    the same functions ``profile_article`` uses, so the result equals it."""
    primary = {name: frame(tables[name], TABLE_COLUMNS[name]) for name in PRIMARY_TABLES}
    sent = {c: primary["sentences"][c].tolist() for c in SENTENCE_COLUMNS}
    ents = list(map(EntityRow._make, primary["entities"].itertuples(index=False, name=None)))
    quotes = list(map(QuoteRow._make, primary["quotes"].itertuples(index=False, name=None)))
    derived = derived_columns(sent, ents, quotes=quotes)
    primary.update({name: frame(derived[name], TABLE_COLUMNS[name]) for name in DERIVED_TABLES})
    return _assemble(text, title, primary, summary, findings=findings)


def _assemble(text: str, title: str, tables: dict, summary: dict, *, findings: bool) -> ArticleProfile:
    prof = ArticleProfile(text=text, title=title, summary=pd.Series(summary, dtype="object"), **tables)
    if findings:
        prof.findings = article_findings(prof)
    return prof
