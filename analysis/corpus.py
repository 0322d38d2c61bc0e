"""Aggregate at scale: the tables of a profiled corpus, their Parquet form, and corpus-level tables.

A ``CorpusProfile`` is what ``profile_corpus`` (in ``engines``) returns: one row per
article in ``summary`` and, for each table annotation fills (``schema.PRIMARY_TABLES``:
sentences, cues, entities, repairs), one long table with an ``article_id`` column
first. The tables aggregated from those (paragraphs, entity_counts, cooccurrence) are
computed from them on first use, by the functions ``profile_article`` uses; ``article``
rebuilds any article's ``ArticleProfile`` from the tables, and ``entity_table`` counts
entities across the corpus. Nothing here reads the articles' text again.

>>> import analysis
>>> corpus = analysis.profile_corpus({"a": "Talks in Minsk may resume.", "b": "Officials left Minsk."},
...                                  progress=False)
>>> corpus.entity_table().values.tolist()
[['Minsk', 'LOC', 2, 2]]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import aggregate, compare
from .compare import OUTLIER_MEASURES, outliers
from .profile import ArticleProfile, derived_columns, profile_from_tables
from .schema import (CORPUS_ENTITY_COLUMNS, DATE_COLUMNS, ERROR_COLUMNS, HEADLINE_MEASURES, PRIMARY_TABLES,
                     SENTENCE_COLUMNS, TABLE_COLUMNS, EntityRow, QuoteRow, frame)

__all__ = ["CorpusProfile", "assemble_corpus", "compact_part", "empty_part", "collect_part", "outliers",
           "OUTLIER_MEASURES"]


def _empty_errors() -> pd.DataFrame:
    return pd.DataFrame(columns=ERROR_COLUMNS)


@dataclass
class CorpusProfile:
    """Tables for a corpus: ``summary`` (one row per article, indexed by article_id), the long
    tables ``sentences``, ``cues``, ``entities``, ``repairs`` and ``quotes`` (each with an
    article_id column first), ``errors`` (articles that could not be profiled) and ``articles`` (indexed
    by article_id: title, source, the input's metadata columns, and the normalised ``text``
    when the run kept it). ``paragraphs``, ``entity_counts`` and ``cooccurrence``, long tables
    too, are computed from the sentences and entities when first read."""

    summary: pd.DataFrame
    sentences: pd.DataFrame
    cues: pd.DataFrame
    entities: pd.DataFrame
    repairs: pd.DataFrame
    quotes: pd.DataFrame = field(default_factory=lambda: frame([], ["article_id", *TABLE_COLUMNS["quotes"]]))
    errors: pd.DataFrame = field(default_factory=_empty_errors)
    articles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(index=pd.Index([], name="article_id")))

    def __repr__(self) -> str:
        return (f"<CorpusProfile: {len(self.summary)} articles, {len(self.sentences)} sentences, "
                f"{len(self.errors)} errors>")

    def _repr_html_(self) -> str:
        """JupyterLab shows a corpus as its size, languages and most hedged articles."""
        from .pages import corpus_summary_html

        return corpus_summary_html(self)

    def to_html(self, path, *, group_by: str | None = None, period: str | None = None) -> Path:
        """Write the corpus page (rankings, distributions, the comparison by ``group_by``, the time
        chart, outliers, entities, glossary) as one self-contained HTML file; returns the path."""
        from .pages import corpus_page, generated_now

        path = Path(path)
        path.write_text(corpus_page(self, group_by=group_by, period=period, generated=generated_now()),
                        encoding="utf-8")
        return path

    # ------------------------------------------------------------------ per article

    def article(self, article_id: str, *, findings: bool = True) -> ArticleProfile:
        """The ``ArticleProfile`` of one article, rebuilt from the tables: the same tables,
        summary and findings ``profile_article`` gives for its text. Needs the article's text,
        which ``profile_corpus(..., keep_text=True)`` keeps."""
        if article_id not in self.summary.index:
            raise KeyError(f"no article {article_id!r} in this corpus ({len(self.summary)} articles)")
        if "text" not in self.articles.columns:
            raise KeyError("this corpus was profiled without its texts; run profile_corpus(..., keep_text=True) "
                           "to rebuild article profiles from it")
        meta = self.articles.loc[article_id]
        tables = {}
        for name in PRIMARY_TABLES:
            long = getattr(self, name)
            tables[name] = long.loc[long["article_id"] == article_id, TABLE_COLUMNS[name]].reset_index(drop=True)
        # Column by column, so integer measures stay integers (a row of mixed dtypes turns float).
        summary = {c: _plain(self.summary.at[article_id, c]) for c in self.summary.columns}
        title = meta.get("title", "")
        return profile_from_tables(str(meta["text"]), "" if _missing(title) else str(title), tables, summary,
                                   findings=findings)

    # ------------------------------------------------------------------ derived, on first use

    @cached_property
    def paragraphs(self) -> pd.DataFrame:
        """Every article's paragraphs (``prof.paragraphs`` with article_id)."""
        return self._derived("paragraphs")

    @cached_property
    def entity_counts(self) -> pd.DataFrame:
        """Every article's per-entity table (``prof.entity_counts`` with article_id)."""
        return self._derived("entity_counts")

    @cached_property
    def cooccurrence(self) -> pd.DataFrame:
        """Every article's entity pairs named in one sentence (``prof.cooccurrence`` with article_id)."""
        return self._derived("cooccurrence")

    def _derived(self, name: str) -> pd.DataFrame:
        sentences = self.sentences.groupby("article_id", sort=False)
        entities = dict(iter(self.entities.groupby("article_id", sort=False)))
        quotes = dict(iter(self.quotes.groupby("article_id", sort=False)))
        results = []
        for aid, sent_rows in sentences:
            sent = {c: sent_rows[c].tolist() for c in SENTENCE_COLUMNS}
            ent_rows, quote_rows = entities.get(aid), quotes.get(aid)
            ents = [] if ent_rows is None else list(map(
                EntityRow._make, ent_rows[list(EntityRow._fields)].itertuples(index=False, name=None)))
            said = [] if quote_rows is None else list(map(
                QuoteRow._make, quote_rows[list(QuoteRow._fields)].itertuples(index=False, name=None)))
            results.append((aid, derived_columns(sent, ents, tables=(name,), quotes=said), None))
        part = collect_part(results, tables=(name,))
        return frame(part["long"][name], ["article_id", *TABLE_COLUMNS[name]])

    # ------------------------------------------------------------------ across articles

    def entity_table(self) -> pd.DataFrame:
        """Entities across the corpus: name, type, articles (how many mention it), mentions;
        the most widely mentioned first."""
        if self.entities.empty:
            return pd.DataFrame(columns=CORPUS_ENTITY_COLUMNS).astype({"articles": "int64", "mentions": "int64"})
        out = (self.entities.groupby(["name", "type"])
               .agg(articles=("article_id", "nunique"), mentions=("start", "size")).reset_index())
        out = out.sort_values(["articles", "mentions", "name"], ascending=[False, False, True], kind="stable")
        return frame(out.reset_index(drop=True), CORPUS_ENTITY_COLUMNS)

    def languages(self) -> pd.DataFrame:
        """How many articles are in each language: language (ISO 639-1), name, articles; English
        measures are reported for "en" only."""
        from .language import language_name

        if "language" not in self.summary.columns or self.summary.empty:
            return pd.DataFrame({"language": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                                 "articles": pd.Series(dtype="int64")})
        counts = self.summary["language"].value_counts(sort=True)
        return pd.DataFrame({"language": counts.index.astype(str), "name": [language_name(c) for c in counts.index],
                             "articles": counts.to_numpy(dtype="int64")})

    def ranking(self, by: str = "hedge_density", *, measures=("n_words",) + HEADLINE_MEASURES) -> pd.DataFrame:
        """The headline measures of every article, ordered by ``by`` (highest first), with each
        article's title."""
        table = self.summary[list(measures)].sort_values(by, ascending=False, kind="stable")
        titles = self.articles["title"] if "title" in self.articles.columns else pd.Series(dtype=object)
        return table.assign(title=[_title_or_id(titles.get(aid), aid) for aid in table.index])

    def compare(self, by: str, *, period: str | None = None, measures=HEADLINE_MEASURES, top: int = 5,
                n_boot: int | None = None) -> "compare.Comparison":
        """The articles compared by the metadata column ``by`` (outlet, author, section,
        ``language``; a date column with ``period`` "week" or "month"): each group's median of
        each measure with a 95% bootstrap interval, the difference between groups, the entities
        each group mentions most, and findings that say only what the intervals support (the
        measures over time are ``over_time``). See ``analysis.compare``."""
        from . import readable

        table = self.articles.reindex(self.summary.index)
        if by == "language" and "language" not in table.columns:  # the language the kit identified
            table = table.assign(language=self.summary["language"])
        groups = compare.group_labels(table, by, period=period)
        boot = {} if n_boot is None else {"n_boot": n_boot}
        medians = compare.group_medians(self.summary, groups, measures=measures, **boot)
        differences = compare.median_differences(self.summary, groups, measures=measures, **boot)
        shown = readable.label(by) if period is None else period
        findings = compare.comparison_findings(differences, medians, by=shown, label=readable.label,
                                               describe=readable.format_value)
        return compare.Comparison(by=by, period=period, groups=groups, medians=medians, differences=differences,
                                  entities=compare.group_entities(self.entities, groups, top=top),
                                  findings=findings)

    def over_time(self, *, period: str | None = None, measures=HEADLINE_MEASURES) -> pd.DataFrame:
        """The median of each measure per ``period`` ("week", "month", ...; by default weeks for a
        corpus spanning up to four months, else months) of the articles' dates; empty when the
        articles carry no dates. See ``analysis.compare.period_medians``."""
        column = self.date_column()
        if column is None:
            return pd.DataFrame(columns=["period", "start", "measure", "articles", "median"])
        dates = compare.parse_dates(self.articles[column].reindex(self.summary.index))
        return compare.period_medians(self.summary, dates, measures=measures, period=period or time_period(dates))

    def date_column(self) -> str | None:
        """The metadata column holding the articles' dates, if any (most of its values readable)."""
        for name in DATE_COLUMNS:
            if name in self.articles.columns and compare.parse_dates(self.articles[name]).notna().mean() >= 0.5:
                return name
        return None

    # ------------------------------------------------------------------ Parquet

    def save(self, directory, *, rows_per_file: int | None = None) -> Path:
        """Write every table as Parquet under ``directory``, whole or not at all.

        The tables are written into a new folder beside ``directory`` with a ``manifest.json``
        last (each file and its row count), and only then swapped in: a re-save replaces the
        previous save instead of mixing with it, and a save that fails leaves the previous one
        as it was. With ``rows_per_file``, each long table becomes a folder of part files
        (``sentences/part-00000.parquet``, ...) that Dask or Spark read as one dataset."""
        import json
        import shutil
        import tempfile

        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.saving-", dir=directory.parent))
        try:
            manifest = {"format": MANIFEST_FORMAT, "files": {}}
            self.summary.to_parquet(work / "summary.parquet")
            self.errors.astype("string").to_parquet(work / "errors.parquet")
            self.articles.astype("string").to_parquet(work / "articles.parquet")
            manifest["files"].update({"summary.parquet": len(self.summary), "errors.parquet": len(self.errors),
                                      "articles.parquet": len(self.articles)})
            for name in PRIMARY_TABLES:
                table = getattr(self, name)
                if rows_per_file:
                    (work / name).mkdir()
                    for k, start in enumerate(range(0, max(len(table), 1), rows_per_file)):
                        part = table.iloc[start:start + rows_per_file]
                        part.to_parquet(work / name / f"part-{k:05d}.parquet", index=False)
                        manifest["files"][f"{name}/part-{k:05d}.parquet"] = len(part)
                else:
                    table.to_parquet(work / f"{name}.parquet", index=False)
                    manifest["files"][f"{name}.parquet"] = len(table)
            (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            # The swap: the old save moves aside, the new one takes its name, the old one goes.
            old = None
            if directory.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
                directory.rename(old / "save")
            work.rename(directory)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        return directory

    @classmethod
    def load(cls, directory, *, article_ids=None) -> "CorpusProfile":
        """Read a corpus written by ``save``; with ``article_ids``, only those articles' rows
        (read with a Parquet filter, so one article of a large corpus loads quickly). A folder
        whose files disagree with its manifest (a file missing, extra or of another length) is
        refused."""
        directory = Path(directory)
        if not (directory / "summary.parquet").exists():
            raise FileNotFoundError(f"{directory}: no summary.parquet here; is this a folder written by corpus.save()?")
        manifest = _check_manifest(directory)
        keep = None if article_ids is None else [("article_id", "in", [str(a) for a in article_ids])]
        tables = {}
        for name in PRIMARY_TABLES:
            path = directory / name if (directory / name).is_dir() else directory / f"{name}.parquet"
            if not path.exists() and (manifest is None or not any(f.startswith(name) for f in manifest["files"])):
                tables[name] = frame([], ["article_id", *TABLE_COLUMNS[name]])  # saved before the table existed
                continue
            if manifest is not None and path.is_dir():
                path = [str(directory / f) for f in manifest["files"] if f.startswith(name + "/")]
            tables[name] = pd.read_parquet(path, filters=keep).reset_index(drop=True)
        summary = pd.read_parquet(directory / "summary.parquet", filters=keep)
        errors = pd.read_parquet(directory / "errors.parquet").astype(object)
        articles_path = directory / "articles.parquet"
        articles = pd.read_parquet(articles_path, filters=keep).astype(object) if articles_path.exists() else None
        out = cls(summary=summary, errors=errors, **tables)
        if articles is not None:
            out.articles = articles
        return out


MANIFEST_FORMAT = "news-analysis-kit corpus 1"


def time_period(dates: pd.Series) -> str:
    """Weeks for dates (parsed by ``compare.parse_dates``) spanning up to about four months, months beyond."""
    parsed = dates.dropna()
    if parsed.empty:
        return "month"
    return "week" if (parsed.max() - parsed.min()).days <= 120 else "month"


def _check_manifest(directory: Path):
    """The save's manifest, after checking that the folder holds exactly its files, each with the
    rows it lists; None for a folder saved before manifests existed."""
    import json

    import pyarrow.parquet as pq

    path = directory / "manifest.json"
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        listed = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{directory}: manifest.json is damaged ({exc}); this save cannot be trusted") from None
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*.parquet")}
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing or extra:
        raise ValueError(f"{directory}: the files disagree with manifest.json (missing: {missing[:3]}, "
                         f"not listed: {extra[:3]}); the folder mixes saves or lost files")
    for name, rows in listed.items():
        found = pq.ParquetFile(directory / name).metadata.num_rows
        if found != rows:
            raise ValueError(f"{directory}: {name} has {found} rows, manifest.json says {rows}")
    return manifest


def _plain(value):
    """A NumPy scalar as the Python number profile_article's summary holds."""
    return value.item() if hasattr(value, "item") else value


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _title_or_id(title, article_id) -> str:
    return str(article_id) if _missing(title) or not str(title) else str(title)


# ----------------------------------------------------------------------------- assembly
# Engines send back "parts": the rows of a chunk of articles gathered into plain columns, so the
# parent process only concatenates a few long lists per chunk and builds each DataFrame once.

def empty_part(tables=PRIMARY_TABLES) -> dict:
    long = {name: {c: [] for c in ["article_id", *TABLE_COLUMNS[name]]} for name in tables}
    return {"n": 0, "ids": [], "summaries": [], "texts": [], "errors": [], "long": long}


def collect_part(results: list, *, tables=PRIMARY_TABLES) -> dict:
    """One part from (article_id, columns or None, error or None) results, columns as
    ``profile.article_columns`` (or ``derived_columns``) gives them."""
    part = empty_part(tables)
    part["n"] = len(results)
    long = part["long"]
    for article_id, cols, error in results:
        if error is not None:
            part["errors"].append((article_id, error))
            continue
        part["ids"].append(article_id)
        part["summaries"].append(cols.get("summary"))
        part["texts"].append(cols.get("text"))
        for name in tables:
            rows = cols[name]
            target = long[name]
            if isinstance(rows, dict):  # sentences and paragraphs come as columns
                n = len(rows[TABLE_COLUMNS[name][0]])
                for c in TABLE_COLUMNS[name]:
                    target[c].extend(rows[c])
            else:
                n = len(rows)
                for c, values in zip(TABLE_COLUMNS[name], zip(*rows) if rows else [() for _ in TABLE_COLUMNS[name]]):
                    target[c].extend(values)
            target["article_id"].extend([article_id] * n)
    return part


def compact_part(part: dict) -> dict:
    """The part with its rows as typed DataFrames (``part["frames"]``) instead of lists of Python
    objects (an int is 28 bytes, a row a tuple): engines compact each part as it arrives, so a
    large run never holds all its rows as objects at once. A compacted part is returned as it is."""
    if "frames" in part:
        return part
    frames = {name: frame(columns, ["article_id", *TABLE_COLUMNS[name]]) for name, columns in part["long"].items()}
    return {**{k: v for k, v in part.items() if k != "long"}, "frames": frames}


def assemble_corpus(parts: list, metadata: pd.DataFrame | None, extra_errors: list) -> CorpusProfile:
    """One ``CorpusProfile`` from the parts, in input order (the list is emptied as the parts are
    read). ``metadata``: the input's columns other than the text, indexed by article_id;
    ``extra_errors``: (article_id, source, error) of articles that could not even be loaded."""
    whole = {"ids": [], "summaries": [], "texts": [], "errors": []}
    pieces: dict = {name: [] for name in PRIMARY_TABLES}
    for k, part in enumerate(parts):
        part = compact_part(part)
        for key in whole:
            whole[key].extend(part[key])
        for name, table in part["frames"].items():
            if len(table):
                pieces[name].append(table)
        parts[k] = None
    index = pd.Index(whole["ids"], name="article_id")
    sources = metadata["source"] if metadata is not None and "source" in metadata.columns else {}
    errors = list(extra_errors) + [(aid, str(sources.get(aid, "")), err) for aid, err in whole["errors"]]
    summary = pd.DataFrame(whole["summaries"], index=index, columns=aggregate.summary_metrics())
    if len(summary) == 0:
        summary = summary.astype("float64")
    tables = {name: pd.concat(pieces[name], ignore_index=True) if pieces[name] else
              frame([], ["article_id", *TABLE_COLUMNS[name]]) for name in PRIMARY_TABLES}
    articles = metadata.reindex(index) if metadata is not None else pd.DataFrame(index=index)
    if any(t is not None for t in whole["texts"]):
        articles = articles.assign(text=whole["texts"])
    return CorpusProfile(summary=summary, errors=pd.DataFrame(errors, columns=ERROR_COLUMNS), articles=articles,
                         **tables)
