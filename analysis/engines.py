"""Run ``profile_article``'s core over many articles: in this process, in worker processes, or on Dask.

One implementation at every scale: each worker runs ``article_columns`` (the same
core ``profile_article`` uses) on its articles and sends back plain Python
columns; ``corpus.assemble_corpus`` then builds each long table once, so pandas
overhead does not grow with the number of short articles. Results come back in
input order, so the tables are identical whatever the number of workers or
threads, or the engine.

>>> import analysis
>>> corpus = analysis.profile_corpus({"a": "Talks may resume.", "b": "Officials met."}, progress=False)
>>> corpus.summary["hedged_share"].tolist()
[1.0, 0.0]
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import resources
from .corpus import CorpusProfile, assemble_corpus, collect_part, compact_part
from .ingest import SUPPORTED_EXTENSIONS, load_articles
from .ingest import load_errors as ingest_errors
from .profile import article_columns
from .sentiment import MODES

__all__ = ["profile_corpus", "ENGINES", "TIME_BUDGET", "ArticleTimeout"]

ENGINES = ("local", "dask")
# Seconds one article may take in a corpus run. Profiling is linear in the text (about 1 s per
# megabyte here), so only something unforeseen reaches this.
TIME_BUDGET = 600.0


# ----------------------------------------------------------------------------- per-article work

CACHE_FORMAT = "news-analysis-kit cache 1"


# In-process runs gather this many articles' rows before turning them into typed columns (each
# part's tables cost about 1 ms of pandas overhead whatever their size; 256 news articles are
# a few MB of Python rows).
PART_SIZE = 256


def _cache_key(text: str, mode: str = "fast") -> str:
    key = f"{resources.kit_fingerprint()}\0{mode}\0{text}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def _read_cache(path: Path, key: str):
    """An entry's columns, or None when there is none. The cache holds JSON (data, never code); an
    entry that is damaged, foreign or for another text is ignored with a warning, and recomputed."""
    if not path.exists():
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("format") != CACHE_FORMAT or entry.get("key") != key:
            raise ValueError("not an entry of this kit for this text")
        return entry["columns"]
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        warnings.warn(f"{path}: damaged or foreign cache entry ignored and recomputed ({type(exc).__name__}: {exc})",
                      stacklevel=3)
        return None


def _write_cache(path: Path, key: str, cols: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({"format": CACHE_FORMAT, "key": key, "columns": cols}, ensure_ascii=False),
                   encoding="utf-8", errors="surrogatepass")
    os.replace(tmp, path)  # atomic: a reader never sees half a file


class ArticleTimeout(Exception):
    """An article that took longer than the run's time budget."""


@contextmanager
def _time_budget(seconds: float | None):
    """Raise ArticleTimeout in this thread after ``seconds`` of wall-clock time. A signal timer
    works only in a process's main thread (worker processes, a plain script, a notebook); in other
    threads (Dask's threaded workers) there is no budget."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    import signal

    def expire(signum, frame):
        raise ArticleTimeout(f"took longer than the time budget of {seconds:g} s; skipped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _profile_one(item, cache_dir=None, keep_text=False, time_budget=None, mode="fast"):
    """(article_id, columns or None, error or None) for one (article_id, text) pair."""
    article_id, text = item
    try:
        cols = None
        if cache_dir is not None:
            key = _cache_key(text, mode)
            path = _cache_path(Path(cache_dir), key)
            cols = _read_cache(path, key)
        if cols is None:
            with _time_budget(time_budget):
                cols = article_columns(text, mode=mode)
            if cache_dir is not None:
                _write_cache(path, key, cols)
        if not keep_text:
            # The long tables carry each sentence's text; the full text stays with the input.
            cols["text"] = None
        return article_id, cols, None
    except Exception as exc:  # one bad article is recorded and the run goes on
        return article_id, None, f"{type(exc).__name__}: {exc}"


def _profile_chunk(items, cache_dir=None, keep_text=False, time_budget=None, mode="fast") -> dict:
    """Profile a chunk of articles and gather their rows into one part, as typed columns: the
    worker does that work (in parallel), and a part crosses to the main process as compact arrays."""
    return compact_part(collect_part([_profile_one(item, cache_dir, keep_text, time_budget, mode) for item in items]))


def _warm(mode: str = "fast") -> None:
    # Load every lexicon (and, in the accurate mode, the encoder) once per worker process, before
    # the first article; then set what is loaded aside from the garbage collector for the worker's
    # life (see _collector_set_aside).
    article_columns("Officials in Minsk said talks may resume.", mode=mode)
    gc.freeze()


@contextmanager
def _collector_set_aside():
    """During an in-process corpus run, the objects alive before it (the loaded lexicons and
    models, the caller's own data) are set aside from the garbage collector, and put back after.
    Python's full collections walk every tracked object, some 200,000 once the kit is loaded
    (about 0.09 s each), and a run triggers one every few hundred articles; set aside, they walk
    only what the run itself creates. Nothing is collected later than it would be otherwise
    except cycles among the set-aside objects, which are collected after the run. A caller
    who froze the collector already keeps their own setting."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# ----------------------------------------------------------------------------- inputs

def _looks_like_path(text: str) -> bool:
    """A one-line string without spaces ending in a file extension the kit reads: almost
    certainly a file name passed where the article's text was expected."""
    return (isinstance(text, str) and 0 < len(text) < 4096 and "\n" not in text and " " not in text.strip()
            and text.strip().lower().endswith(SUPPORTED_EXTENSIONS))


def _as_items(articles) -> tuple[list, pd.DataFrame | None, list]:
    """(article_id, text) pairs, the input's metadata (indexed by article_id) and load errors."""
    load_errors = []
    metadata = None
    if isinstance(articles, (str, os.PathLike)):
        raise TypeError(f"profile_corpus takes articles, not a path ({os.fspath(articles)!r}); pass "
                        "paths=... or analysis.load_articles(path)")
    if isinstance(articles, pd.DataFrame):
        missing = {"article_id", "text"} - set(articles.columns)
        if missing:
            raise ValueError(f"profile_corpus: the articles table lacks column(s) {sorted(missing)}; "
                             "use analysis.load_articles() to build it")
        load_errors = [("", r.source, r.error) for r in ingest_errors(articles).itertuples()]
        ids = articles["article_id"].astype(str).tolist()
        items = list(zip(ids, articles["text"].tolist()))
        metadata = articles.drop(columns="text").assign(article_id=ids).set_index("article_id")
        metadata.attrs = {}  # load_articles keeps its load errors here; they go to corpus.errors
    elif isinstance(articles, dict):
        items = [(str(k), v) for k, v in articles.items()]
    else:
        items = [(str(i), t) for i, t in enumerate(articles)]
    seen = set()
    for aid, text in items:
        if aid in seen:
            raise ValueError(f"profile_corpus: article_id {aid!r} occurs more than once; ids must be unique")
        seen.add(aid)
        if _looks_like_path(text):
            state = "an existing file" if Path(text.strip()).exists() else "a file that does not exist"
            raise ValueError(f"profile_corpus: article {aid!r} is the string {text.strip()!r}, which names {state}, "
                             "not an article's text; pass file paths as paths=[...] or through "
                             "analysis.load_articles()")
    return items, metadata, load_errors


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# ----------------------------------------------------------------------------- the runners

def profile_corpus(articles=None, engine: str = "local", workers: int | None = None, progress: bool = True, *,
                   paths=None, cache=None, chunksize: int | None = None, address: str | None = None, client=None,
                   keep_text: bool = False, time_budget: float | None = TIME_BUDGET, mode: str = "fast"
                   ) -> CorpusProfile:
    """Profile every article; returns a ``CorpusProfile``.

    ``articles``: a DataFrame from ``load_articles``, a dict {article_id: text} or a list of
    texts. Files go through ``paths`` (a file, folder, glob or list of them, read by
    ``load_articles``; a path that does not exist is an error naming it). ``engine``:
    "local" (worker processes on this machine; ``workers`` defaults to all cores, 1 runs in
    this process) or "dask" (a ``LocalCluster`` with ``workers`` processes, or the scheduler
    at ``address``, or ``client``). ``cache``: a folder; articles whose text was profiled
    before by the same kit version are read from it instead of profiled again.
    ``keep_text``: keep each article's normalised text in ``corpus.articles``, so that
    ``corpus.article(id)`` can rebuild its full profile (the reports need it). ``time_budget``:
    seconds one article may take (default 600; None for no limit) before it is recorded as an
    error and skipped. An article that fails is recorded in ``errors`` and the run goes on.
    ``mode``: "fast" (default) or "accurate" sentence sentiment (see ``profile_article``); each
    article's sentences are encoded together, so its scores are the same on any number of workers.
    """
    if engine not in ENGINES:
        raise ValueError(f"profile_corpus: engine must be one of {ENGINES}, got {engine!r}")
    if mode not in MODES:
        raise ValueError(f"profile_corpus: mode must be one of {MODES}, got {mode!r}")
    if (articles is None) == (paths is None):
        raise TypeError("profile_corpus: give either articles or paths=")
    if paths is not None:
        articles = load_articles(paths)
    items, metadata, load_errors = _as_items(articles)
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
            parts = _run_dask(items, chunksize, cache_dir, keep_text, n_workers, address, client, bar, time_budget,
                              mode)
        elif n_workers == 1 or len(items) <= 1:
            parts, results = [], []
            with _collector_set_aside():
                for item in items:
                    results.append(_profile_one(item, cache_dir, keep_text, time_budget, mode))
                    bar.update(1)
                    if len(results) == PART_SIZE:  # typed columns every so often (see compact_part)
                        parts.append(compact_part(collect_part(results)))
                        results = []
            parts.append(compact_part(collect_part(results)))
        else:
            parts = _run_local(items, chunksize, cache_dir, keep_text, n_workers, bar, time_budget, mode)
    finally:
        bar.close()
    return assemble_corpus(parts, metadata, load_errors)


def _run_local(items, chunksize, cache_dir, keep_text, n_workers, bar, time_budget=None, mode="fast") -> list[dict]:
    """Chunks on a process pool, results in input order. A worker that dies (killed, out of
    memory) costs only what was in flight: finished chunks are kept, and the articles of the
    chunks that did not finish are retried one by one, each in a fresh worker, so the article
    that kills its worker is recorded as an error and the others are profiled."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    from functools import partial

    # fork where it exists: workers inherit the lexicons already loaded here, and a user's script
    # needs no `if __name__ == "__main__"` guard (spawn and forkserver re-import it). The kit's
    # workers start no threads of their own, the case fork is unsafe for.
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    options = {"cache_dir": cache_dir, "keep_text": keep_text, "time_budget": time_budget, "mode": mode}
    work = partial(_profile_chunk, **options)
    chunks = _chunks(items, chunksize)
    parts: list = [None] * len(chunks)
    pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=context, initializer=_warm, initargs=(mode,))
    try:
        futures = {pool.submit(work, chunk): k for k, chunk in enumerate(chunks)}
        try:
            for future in as_completed(futures):
                # Let go of the future with its result: a finished future keeps its part's rows as
                # Python objects alive (all of them, in a run of 100,000 articles).
                k = futures.pop(future)
                try:
                    parts[k] = compact_part(future.result())
                except BrokenProcessPool:
                    break  # the pool is gone; what did not finish is retried below
                bar.update(parts[k]["n"])
        except BrokenProcessPool:
            pass
    finally:
        # Not waiting for the workers to exit: each tears down a copy of this process's address
        # space (about 15 ms), which the pool's own thread waits for while the parts are assembled
        # here; what did not start is cancelled (an interrupted run stops at once).
        pool.shutdown(wait=False, cancel_futures=True)
    for k, chunk in enumerate(chunks):
        if parts[k] is None:
            parts[k] = collect_part([_isolated(item, partial(_profile_one, **options), context) for item in chunk])
            bar.update(parts[k]["n"])
    return parts


def _isolated(item, work, context):
    """One article in a worker of its own: its (article_id, columns, error), with an error when
    the worker dies."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(work, item).result()
        except BrokenProcessPool:
            return item[0], None, ("WorkerDied: the worker process profiling this article died (killed or out "
                                   "of memory), twice; the article was skipped")


def _run_dask(items, chunksize, cache_dir, keep_text, n_workers, address, client, bar, time_budget=None,
              mode="fast") -> list[dict]:
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
        client.run(_warm, mode)  # lexicons load once per worker, not once per article
        chunks = _chunks(items, chunksize)
        bag = db.from_sequence(chunks, npartitions=len(chunks)).map(_profile_chunk, cache_dir=cache_dir,
                                                                   keep_text=keep_text, time_budget=time_budget,
                                                                   mode=mode)
        futures = client.compute(bag.to_delayed())
        order = {f.key: i for i, f in enumerate(futures)}
        parts: list = [None] * len(futures)
        for future in as_completed(futures):
            chunk_parts = [compact_part(p) for p in future.result()]  # a bag partition: a list holding one part
            future.release()  # the cluster may forget it: its rows are here now
            parts[order[future.key]] = chunk_parts
            bar.update(sum(p["n"] for p in chunk_parts))
        return [p for chunk_parts in parts for p in chunk_parts]
    finally:
        if owns_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()
