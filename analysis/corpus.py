"""Aggregate at scale: profile many articles locally or on a Dask cluster.

One implementation at every scale: each worker runs ``article_columns`` (the same
core ``profile_article`` uses) on its articles and sends back plain Python
columns; the long tables are then assembled once, in bulk, so pandas overhead does
not grow with the number of short articles. Results come back in input order,
so the tables are identical whatever the number of workers or the engine.

>>> import analysis
>>> corpus = analysis.profile_corpus({"a": "Talks may resume.", "b": "Officials met."}, progress=False)
>>> corpus.summary["hedged_share"].tolist()
[1.0, 0.0]
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import aggregate
from .profile import TABLE_COLUMNS, article_columns, frame

__all__ = ["CorpusProfile", "profile_corpus", "outliers", "ENGINES"]

ENGINES = ("local", "dask")
TABLES = ("sentences", "cues", "entities", "repairs")
ERROR_COLUMNS = ["article_id", "source", "error"]


@dataclass
class CorpusProfile:
    """Tables for a corpus: ``summary`` (one row per article, indexed by article_id), the long
    tables ``sentences``, ``cues``, ``entities`` and ``repairs`` (each with an article_id
    column first), and ``errors`` (articles that could not be profiled)."""

    summary: pd.DataFrame
    sentences: pd.DataFrame
    cues: pd.DataFrame
    entities: pd.DataFrame
    repairs: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))

    def __repr__(self) -> str:
        return (f"<CorpusProfile: {len(self.summary)} articles, {len(self.sentences)} sentences, "
                f"{len(self.errors)} errors>")

    def save(self, directory, *, rows_per_file: int | None = None) -> Path:
        """Write every table as Parquet under ``directory`` (created if needed).

        With ``rows_per_file``, each long table becomes a folder of part files
        (``sentences/part-00000.parquet``, ...) that Dask or Spark read as one dataset."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.summary.to_parquet(directory / "summary.parquet")
        self.errors.astype("string").to_parquet(directory / "errors.parquet")
        for name in TABLES:
            table = getattr(self, name)
            if rows_per_file:
                folder = directory / name
                folder.mkdir(exist_ok=True)
                for k, start in enumerate(range(0, max(len(table), 1), rows_per_file)):
                    table.iloc[start:start + rows_per_file].to_parquet(folder / f"part-{k:05d}.parquet", index=False)
            else:
                table.to_parquet(directory / f"{name}.parquet", index=False)
        return directory

    @classmethod
    def load(cls, directory) -> "CorpusProfile":
        """Read a corpus written by ``save``."""
        directory = Path(directory)
        if not (directory / "summary.parquet").exists():
            raise FileNotFoundError(f"{directory}: no summary.parquet here; is this a folder written by corpus.save()?")
        tables = {}
        for name in TABLES:
            path = directory / name if (directory / name).is_dir() else directory / f"{name}.parquet"
            tables[name] = pd.read_parquet(path).reset_index(drop=True)
        errors = pd.read_parquet(directory / "errors.parquet").astype(object)
        return cls(summary=pd.read_parquet(directory / "summary.parquet"), errors=errors, **tables)


# ----------------------------------------------------------------------------- per-article work

@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """Changes whenever the kit's code or data changes, so the cache never serves stale results."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted([*root.glob("*.py"), *(root / "data").glob("*")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _cache_path(cache_dir: Path, text: str) -> Path:
    key = hashlib.sha256((_fingerprint() + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir / key[:2] / f"{key}.pkl"


def _profile_one(item, cache_dir=None):
    """(article_id, columns or None, error or None) for one (article_id, text) pair."""
    article_id, text = item
    try:
        if cache_dir is not None:
            path = _cache_path(Path(cache_dir), text)
            if path.exists():
                with open(path, "rb") as fh:
                    return article_id, pickle.load(fh), None
        cols = article_columns(text)
        del cols["text"]  # the long tables carry each sentence's text; the full text stays with the input
        if cache_dir is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(cols, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        return article_id, cols, None
    except Exception as exc:  # one bad article is recorded and the run goes on
        return article_id, None, f"{type(exc).__name__}: {exc}"


def _profile_chunk(items, cache_dir=None) -> dict:
    """Profile a chunk of articles and gather their rows into one set of columns (a "part"), so
    the parent process only concatenates a few long lists per chunk."""
    return _collect([_profile_one(item, cache_dir) for item in items])


def _warm() -> None:
    # Load every lexicon once per worker process, before the first article.
    article_columns("Officials in Minsk said talks may resume.")


# ----------------------------------------------------------------------------- assembly

def _empty_part() -> dict:
    long = {name: {c: [] for c in ["article_id", *TABLE_COLUMNS[name]]} for name in TABLES}
    return {"n": 0, "ids": [], "summaries": [], "errors": [], "long": long}


def _collect(results: list) -> dict:
    part = _empty_part()
    part["n"] = len(results)
    long = part["long"]
    for article_id, cols, error in results:
        if error is not None:
            part["errors"].append((article_id, error))
            continue
        part["ids"].append(article_id)
        part["summaries"].append(cols["summary"])
        sent = cols["sentences"]
        target = long["sentences"]
        target["article_id"].extend([article_id] * len(sent["sent_id"]))
        for c in TABLE_COLUMNS["sentences"]:
            target[c].extend(sent[c])
        for name in ("cues", "entities", "repairs"):
            rows = cols[name]
            target = long[name]
            target["article_id"].extend([article_id] * len(rows))
            for c, values in zip(TABLE_COLUMNS[name], zip(*rows) if rows else [() for _ in TABLE_COLUMNS[name]]):
                target[c].extend(values)
    return part


def _assemble(parts: list, sources: dict, extra_errors: list) -> CorpusProfile:
    """One CorpusProfile from the parts, in input order."""
    whole = _empty_part()
    for part in parts:
        whole["ids"].extend(part["ids"])
        whole["summaries"].extend(part["summaries"])
        whole["errors"].extend(part["errors"])
        for name, columns in part["long"].items():
            for c, values in columns.items():
                whole["long"][name][c].extend(values)
    errors = list(extra_errors) + [(aid, sources.get(aid, ""), err) for aid, err in whole["errors"]]
    summary = pd.DataFrame(whole["summaries"], index=pd.Index(whole["ids"], name="article_id"),
                           columns=aggregate.summary_metrics())
    if len(summary) == 0:
        summary = summary.astype("float64")
    tables = {name: frame(whole["long"][name], ["article_id", *TABLE_COLUMNS[name]]) for name in TABLES}
    return CorpusProfile(summary=summary, errors=pd.DataFrame(errors, columns=ERROR_COLUMNS), **tables)


def _as_items(articles) -> tuple[list, dict, list]:
    """(article_id, text) pairs, {article_id: source} and load errors, from any accepted input."""
    from .ingest import load_articles

    load_errors = []
    if isinstance(articles, (str, os.PathLike)) or (
            isinstance(articles, (list, tuple)) and articles and all(isinstance(a, (str, os.PathLike)) for a in articles)
            and all(Path(a).exists() for a in articles)):
        articles = load_articles(articles)
    if isinstance(articles, pd.DataFrame):
        missing = {"article_id", "text"} - set(articles.columns)
        if missing:
            raise ValueError(f"profile_corpus: the articles table lacks column(s) {sorted(missing)}; "
                             "use analysis.load_articles() to build it")
        errs = articles.attrs.get("errors")
        if errs is not None and len(errs):
            load_errors = [("", r.get("source", ""), r.get("error", "")) for r in errs.to_dict("records")]
        ids = articles["article_id"].astype(str).tolist()
        sources = dict(zip(ids, articles["source"].astype(str))) if "source" in articles else {}
        items = list(zip(ids, articles["text"].tolist()))
    elif isinstance(articles, dict):
        items = [(str(k), v) for k, v in articles.items()]
        sources = {}
    else:
        items = [(str(i), t) for i, t in enumerate(articles)]
        sources = {}
    seen = set()
    for aid, _ in items:
        if aid in seen:
            raise ValueError(f"profile_corpus: article_id {aid!r} occurs more than once; ids must be unique")
        seen.add(aid)
    return items, sources, load_errors


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def profile_corpus(articles, engine: str = "local", workers: int | None = None, progress: bool = True, *,
                   cache=None, chunksize: int | None = None, address: str | None = None, client=None,
                   ) -> CorpusProfile:
    """Profile every article; returns a ``CorpusProfile``.

    ``articles``: a DataFrame from ``load_articles``, a path/glob/list of files, a dict
    {article_id: text} or a list of texts. ``engine``: "local" (worker processes on this
    machine; ``workers`` defaults to all cores, 1 runs in this process) or "dask" (a
    ``LocalCluster`` with ``workers`` processes, or the scheduler at ``address``, or
    ``client``). ``cache``: a folder; articles whose text was profiled before by the same
    kit version are read from it instead of profiled again. An article that fails is
    recorded in ``errors`` and the run goes on.
    """
    if engine not in ENGINES:
        raise ValueError(f"profile_corpus: engine must be one of {ENGINES}, got {engine!r}")
    items, sources, load_errors = _as_items(articles)
    cache_dir = str(Path(cache).resolve()) if cache is not None else None
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
    n_workers = workers or os.cpu_count() or 1
    if chunksize is None:
        # Enough chunks for load balancing and a moving progress bar, few enough to keep IPC cheap.
        chunksize = max(1, min(64, len(items) // (n_workers * 8) or 1))
    from tqdm.auto import tqdm

    bar = tqdm(total=len(items), desc="profiling", unit="article", disable=not progress, file=sys.stderr)
    try:
        if engine == "dask":
            results = _run_dask(items, chunksize, cache_dir, n_workers, address, client, bar)
        elif n_workers == 1 or len(items) <= 1:
            results = []
            for item in items:
                results.append(_profile_one(item, cache_dir))
                bar.update(1)
            results = [_collect(results)]
        else:
            results = _run_local(items, chunksize, cache_dir, n_workers, bar)
    finally:
        bar.close()
    return _assemble(results, sources, load_errors)


def _run_local(items, chunksize, cache_dir, n_workers, bar) -> list[dict]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # fork where it exists: workers inherit the lexicons already loaded here, and a user's script
    # needs no `if __name__ == "__main__"` guard (spawn and forkserver re-import it). The kit's
    # workers start no threads of their own, the case fork is unsafe for.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    parts = []
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context(method), initializer=_warm) as pool:
        for part in pool.map(partial(_profile_chunk, cache_dir=cache_dir), _chunks(items, chunksize)):
            parts.append(part)
            bar.update(part["n"])
    return parts


def _run_dask(items, chunksize, cache_dir, n_workers, address, client, bar) -> list[dict]:
    import dask.bag as db
    from distributed import Client, LocalCluster, as_completed

    own_cluster = None
    if client is None:
        if address is None:
            own_cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
            address = own_cluster
        client = Client(address)
        owns_client = True
    else:
        owns_client = False
    try:
        client.run(_warm)  # lexicons load once per worker, not once per article
        chunks = _chunks(items, chunksize)
        bag = db.from_sequence(chunks, npartitions=len(chunks)).map(_profile_chunk, cache_dir=cache_dir)
        futures = client.compute(bag.to_delayed())
        order = {f.key: i for i, f in enumerate(futures)}
        parts: list = [None] * len(futures)
        for future in as_completed(futures):
            chunk_parts = future.result()  # a bag partition: a list holding one part
            parts[order[future.key]] = chunk_parts
            bar.update(sum(p["n"] for p in chunk_parts))
        return [p for chunk_parts in parts for p in chunk_parts]
    finally:
        if owns_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()


OUTLIER_MEASURES = ("hedge_density", "hedged_share", "booster_density", "anonymous_sources", "sentiment_mean",
                    "n_entities")


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
