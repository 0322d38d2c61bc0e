"""Shared models under threads: one process, many threads, the same tables as one thread.

Dask gives each worker several threads by default, and a notebook user may profile with a
thread pool; the kit's shared models (the entity recogniser's decoding cache, the VADER
analyser) must not mix one article's data into another's."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import DATA, EVAL, SEED

TABLES = ("sentences", "cues", "entities", "entity_counts", "paragraphs", "repairs", "cooccurrence")


def _documents() -> list[str]:
    """CoNLL dev documents (one sentence per line) when ../shared/eval is here, else the test
    gold set's documents and the seed; both are real news text."""
    path = EVAL / "ner_conll03_dev.jsonl"
    if not path.exists():
        path = DATA / "gold_entities.jsonl"
    docs: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.setdefault(rec.get("doc", 0), []).append(" ".join(rec["tokens"]))
    return ["\n".join(lines) for lines in docs.values()] + [SEED.read_text(encoding="utf-8")]


def _tables(prof) -> tuple:
    return tuple(getattr(prof, name) for name in TABLES) + (prof.summary, prof.findings)


def _same(a: tuple, b: tuple) -> bool:
    return all(x == y if isinstance(x, list) else x.equals(y) for x, y in zip(a, b))


def test_eight_threads_give_the_sequential_tables():
    import sys

    import analysis

    texts = _documents()
    # Threads first, while the models' caches are cold (a race shows where they grow); each
    # document twice, so threads work on different documents at once; and threads switch
    # often, so a race shows in every run rather than in some.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        order = list(range(len(texts))) * 2
        with ThreadPoolExecutor(8) as pool:
            threaded = list(pool.map(lambda i: _tables(analysis.profile_article(texts[i])), order))
    finally:
        sys.setswitchinterval(previous)
    sequential = [_tables(analysis.profile_article(t)) for t in texts]
    wrong = [i for i, got in zip(order, threaded) if not _same(sequential[i], got)]
    assert not wrong, f"{len(wrong)} of {len(order)} threaded profiles differ, e.g. document {wrong[0]}"


def test_dask_worker_with_four_threads_matches_the_local_engine():
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    import analysis

    texts = {f"doc{i:03d}": t for i, t in enumerate(_documents())}
    local = analysis.profile_corpus(texts, workers=1, progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=4, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        remote = analysis.profile_corpus(texts, engine="dask", client=client, progress=False, chunksize=1)
    assert len(remote.errors) == 0, remote.errors.head().to_string()
    assert remote.summary.equals(local.summary)
    for name in ("sentences", "cues", "entities", "repairs"):
        assert getattr(remote, name).equals(getattr(local, name)), name
