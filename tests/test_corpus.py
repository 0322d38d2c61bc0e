"""profile_corpus: the same tables from every engine and worker count, errors recorded, Parquet round trip, cache."""
import pandas as pd
import pytest

import analysis
from conftest import SEED

TABLES = ["summary", "sentences", "cues", "entities", "repairs", "paragraphs", "entity_counts", "cooccurrence"]


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    seed = SEED.read_text(encoding="utf-8")
    (folder / SEED.name).write_text(seed, encoding="utf-8")
    paras = [p for p in seed.splitlines() if p.strip()]
    # Short articles cut from the seed, so chunks of several articles go to each worker.
    for i in range(0, len(paras), 2):
        (folder / f"part_{i:02d}.txt").write_text("\n".join(paras[i:i + 3]), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    with pytest.warns(UserWarning, match="could not be loaded"):
        return analysis.load_articles(folder)


@pytest.fixture(scope="module")
def one_worker(articles):
    return analysis.profile_corpus(articles, workers=1, progress=False)


def assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_tables_match_profile_article(articles, one_worker):
    row = articles.iloc[0]
    prof = analysis.profile_article(row["text"])
    aid = row["article_id"]
    mine = one_worker.sentences[one_worker.sentences["article_id"] == aid].drop(columns="article_id")
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), prof.sentences)
    assert one_worker.summary.loc[aid].tolist() == prof.summary.tolist()
    assert list(one_worker.summary.index) == articles["article_id"].tolist()


def test_load_errors_are_kept_and_the_run_goes_on(one_worker):
    assert one_worker.errors["source"].str.endswith("empty.txt").tolist() == [True]
    assert "empty" in one_worker.errors["error"].iloc[0]


def test_a_failing_article_is_recorded():
    corpus = analysis.profile_corpus({"good": "Talks may resume.", "bad": None}, workers=1, progress=False)
    assert corpus.summary.index.tolist() == ["good"]
    assert corpus.errors["article_id"].tolist() == ["bad"] and "str" in corpus.errors["error"].iloc[0]


def test_two_workers_give_identical_tables(articles, one_worker):
    assert_same(analysis.profile_corpus(articles, workers=2, chunksize=2, progress=False), one_worker)


def test_dask_local_cluster_gives_identical_tables(articles, one_worker):
    assert_same(analysis.profile_corpus(articles, engine="dask", workers=2, chunksize=2, progress=False),
                one_worker)


def test_parquet_round_trip(tmp_path, one_worker):
    assert_same(analysis.CorpusProfile.load(one_worker.save(tmp_path / "whole")), one_worker)
    one_worker.save(tmp_path / "parts", rows_per_file=10)
    assert len(list((tmp_path / "parts" / "sentences").glob("part-*.parquet"))) > 1
    assert_same(analysis.CorpusProfile.load(tmp_path / "parts"), one_worker)
    with pytest.raises(FileNotFoundError, match="summary.parquet"):
        analysis.CorpusProfile.load(tmp_path)


def test_cache_serves_profiled_articles(tmp_path, articles, one_worker, monkeypatch):
    first = analysis.profile_corpus(articles, workers=1, progress=False, cache=tmp_path)
    assert len(list(tmp_path.rglob("*.json"))) == len(one_worker.summary)
    from analysis import engines

    def boom(text):
        raise AssertionError("profiled again despite the cache")

    monkeypatch.setattr(engines, "article_columns", boom)
    second = analysis.profile_corpus(articles, workers=1, progress=False, cache=tmp_path)
    assert_same(second, first)
    assert_same(first, one_worker)


def test_bad_engine_and_duplicate_ids_are_clear_errors():
    with pytest.raises(ValueError, match="engine"):
        analysis.profile_corpus(["a"], engine="spark", progress=False)
    with pytest.raises(ValueError, match="occurs more than once"):
        analysis.profile_corpus(pd.DataFrame({"article_id": ["x", "x"], "text": ["a", "b"]}), progress=False)


def test_outliers_use_the_median_absolute_deviation():
    from analysis import outliers

    summary = pd.DataFrame({"hedge_density": [1.0, 1.1, 0.9, 1.0, 9.0]}, index=list("abcde"))
    found = outliers(summary, measures=["hedge_density"])
    assert found["article_id"].tolist() == ["e"]


def test_paths_are_read_explicitly_and_never_taken_for_text(tmp_path, articles):
    """A list of strings is a list of texts; a string that names a file is an error saying so,
    and files go through paths= (a path that does not exist is an error naming it)."""
    from analysis import ArticleLoadError

    with pytest.raises(ValueError, match=r"seeds/typo\.txt.*does not exist.*paths="):
        analysis.profile_corpus(["seeds/typo.txt", str(SEED)], progress=False)
    with pytest.raises(ValueError, match=r"000_cfd6d3fc7ab3151e\.txt.*an existing file.*paths="):
        analysis.profile_corpus([str(SEED)], progress=False)
    with pytest.raises(TypeError, match="paths="):
        analysis.profile_corpus(str(SEED), progress=False)
    with pytest.raises(ArticleLoadError, match="typo.txt"):
        analysis.profile_corpus(paths=[str(SEED), str(tmp_path / "typo.txt")], progress=False)
    from_paths = analysis.profile_corpus(paths=SEED, workers=1, progress=False)
    assert from_paths.summary.index.tolist() == [SEED.stem]
    pd.testing.assert_frame_equal(from_paths.sentences, analysis.profile_corpus(
        articles.iloc[:1], workers=1, progress=False).sentences)


def test_an_article_rebuilt_from_the_corpus_equals_its_profile(tmp_path, articles):
    """The reports render pages from saved corpus tables; every table, the summary and the
    findings must be what profile_article gives for the same text."""
    corpus = analysis.profile_corpus(articles, workers=2, chunksize=2, progress=False, keep_text=True)
    saved = analysis.CorpusProfile.load(corpus.save(tmp_path / "saved"), article_ids=[articles["article_id"][0]])
    assert saved.summary.index.tolist() == [articles["article_id"][0]]
    for row in articles.itertuples():
        direct = analysis.profile_article(row.text, title=row.title)
        for rebuilt in (corpus.article(row.article_id),) + ((saved.article(row.article_id),) if row.Index == 0 else ()):
            assert rebuilt.text == direct.text and rebuilt.title == direct.title
            for name in ("sentences", "cues", "entities", "repairs", "quotes", "paragraphs", "entity_counts",
                         "cooccurrence"):
                pd.testing.assert_frame_equal(getattr(rebuilt, name), getattr(direct, name), obj=name)
            pd.testing.assert_series_equal(rebuilt.summary, direct.summary)
            assert rebuilt.findings == direct.findings
    with pytest.raises(KeyError, match="keep_text"):
        analysis.profile_corpus(articles, workers=1, progress=False).article(articles["article_id"][0])


def test_entities_across_the_corpus():
    corpus = analysis.profile_corpus({"a": "Talks in Minsk resumed. Minsk was calm.", "b": "Officials left Minsk.",
                                      "c": "Warsaw waited."}, workers=1, progress=False)
    assert corpus.entity_table().values.tolist() == [["Minsk", "LOC", 2, 3], ["Warsaw", "LOC", 1, 1]]


def test_cache_entries_are_data_and_bad_ones_are_recomputed(tmp_path, articles, one_worker):
    """The cache holds JSON, never pickles: a planted pickle or a truncated entry is ignored with a
    warning, recomputed and replaced, and the tables are those of a run without a cache."""
    import pickle

    analysis.profile_corpus(articles, workers=1, progress=False, cache=tmp_path)
    entries = sorted(tmp_path.rglob("*.json"))
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    entries[0].write_bytes(pickle.dumps(Payload()))          # planted code
    entries[1].write_text(entries[1].read_text()[:200])      # truncated
    with pytest.warns(UserWarning, match="damaged or foreign cache entry") as seen:
        again = analysis.profile_corpus(articles, workers=1, progress=False, cache=tmp_path)
    assert len([w for w in seen if "cache entry" in str(w.message)]) == 2
    assert not marker.exists()
    assert_same(again, one_worker)
    import json

    json.loads(entries[0].read_text())  # replaced by a good entry
    json.loads(entries[1].read_text())


def test_a_save_replaces_a_larger_one_and_a_failed_save_keeps_the_old(tmp_path, articles, one_worker, monkeypatch):
    """Saving a small corpus with parts over a larger one loads as the small one only; a save that
    fails half-way leaves the previous save loadable; a folder whose files disagree with its
    manifest is refused."""
    big = analysis.profile_corpus({f"d{i}": SEED.read_text(encoding="utf-8") for i in range(6)},
                                  workers=1, progress=False)
    small = one_worker
    target = tmp_path / "profiles"
    big.save(target, rows_per_file=7)
    small.save(target, rows_per_file=5)
    assert_same(analysis.CorpusProfile.load(target), small)
    assert [p.name for p in tmp_path.iterdir()] == ["profiles"]  # no temporary folders left behind

    calls = {"n": 0}
    real = pd.DataFrame.to_parquet

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises(OSError, match="disk full"):
        big.save(target)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert_same(analysis.CorpusProfile.load(target), small)
    assert [p.name for p in tmp_path.iterdir()] == ["profiles"]

    # A part file from elsewhere makes the folder disagree with its manifest.
    stray = target / "sentences" / "part-09999.parquet"
    small.sentences.iloc[:3].to_parquet(stray, index=False)
    with pytest.raises(ValueError, match="disagree with manifest"):
        analysis.CorpusProfile.load(target)


def test_a_killed_worker_costs_only_its_article(monkeypatch):
    """A worker process that dies mid-run (here: the one profiling a poisoned article calls
    os._exit) loses nothing else: every other article is profiled, the poisoned one is recorded."""
    import os

    from analysis import engines

    real = engines.article_columns

    def fragile(text, **options):
        if text == "POISON":
            os._exit(1)
        return real(text, **options)

    monkeypatch.setattr(engines, "article_columns", fragile)  # the forked workers inherit it
    texts = {f"a{i}": f"Officials in Minsk said talks may resume, round {i}." for i in range(12)}
    texts["poison"] = "POISON"
    corpus = analysis.profile_corpus(texts, workers=2, chunksize=3, progress=False)
    assert sorted(corpus.summary.index) == sorted(k for k in texts if k != "poison")
    assert corpus.errors["article_id"].tolist() == ["poison"]
    assert "died" in corpus.errors["error"].iloc[0]
    assert list(corpus.summary.index) == [k for k in texts if k != "poison"]  # input order kept


def test_an_article_over_the_time_budget_is_recorded_and_the_run_goes_on(monkeypatch):
    import time

    from analysis import engines

    real = engines.article_columns

    def slow(text, **options):
        if text == "SLOW":
            time.sleep(5)
        return real(text, **options)

    monkeypatch.setattr(engines, "article_columns", slow)
    texts = {"a": "Talks may resume.", "slow": "SLOW", "b": "Officials met."}
    for workers in (1, 2):
        started = time.perf_counter()
        corpus = analysis.profile_corpus(texts, workers=workers, chunksize=1, progress=False, time_budget=0.5)
        assert time.perf_counter() - started < 4
        assert corpus.summary.index.tolist() == ["a", "b"]
        assert corpus.errors["article_id"].tolist() == ["slow"] and "time budget" in corpus.errors["error"].iloc[0]


def test_an_in_process_run_puts_the_garbage_collector_back_as_it_was(seed_text):
    """The run sets the objects alive before it aside from the collector and puts them back; a
    caller who froze the collector keeps their frozen objects."""
    import gc

    assert gc.get_freeze_count() == 0
    analysis.profile_corpus({"a": seed_text}, workers=1, progress=False)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        analysis.profile_corpus({"a": seed_text, "b": seed_text}, workers=1, progress=False)
        # Still frozen (a frozen object freed during the run leaves the count, nothing else does).
        assert frozen * 0.99 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
