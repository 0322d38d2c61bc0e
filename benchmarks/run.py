"""Speed of the kit against a naive NLTK pipeline, measured in one run on the same text.

    python benchmarks/run.py                 # all measurements, a table on stdout
    python benchmarks/run.py --json out.json # also save the figures
    python benchmarks/run.py --articles 10000 --skip-speed   # peak memory of a 10,000-article corpus run

Single-process throughput is words (or sentences) per CPU-second of this process,
so a busy machine slows the wall clock but not the figure; runs with several
worker processes are timed by the wall clock (their CPU time is spent elsewhere). The naive
pipeline and the full profile are measured in alternation (median of five rounds), so drift in
the machine's speed does not favour either. The text is news: the
CoNLL-2003 dev documents (Reuters) when ../shared/eval is present, else the seed
article repeated.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import analysis  # noqa: E402
from analysis import resources  # noqa: E402
from analysis.evaluate import default_eval_dir, read_conll_docs, read_polnear, read_sentiment_dev  # noqa: E402


def news_texts(which: str = "dev") -> tuple[list[str], str]:
    """The benchmark's news text and its label. ``which="train"``: a larger, different text, the
    CoNLL-2003 training documents and the PolNeAR training articles (for the first pass over text
    the process has not seen); None when ../shared/eval is absent."""
    if which == "train":
        ner, polnear = default_eval_dir() / "ner_conll03_train.jsonl", default_eval_dir() / "attribution_polnear_train.jsonl"
        if not (ner.exists() and polnear.exists()):
            return None, "no training text"
        texts = _conll_texts(ner) + [doc["text"] for doc in read_polnear(polnear) if doc.get("text")]
        return texts, "CoNLL-2003 training documents and PolNeAR training articles"
    ner = default_eval_dir() / "ner_conll03_dev.jsonl"
    if ner.exists():
        return _conll_texts(ner), "CoNLL-2003 dev documents (Reuters)"
    seed = (ROOT / "seeds" / "000_cfd6d3fc7ab3151e.txt").read_text(encoding="utf-8")
    return [seed] * 60, "seed article x60"


def _conll_texts(path) -> list[str]:
    """Each CoNLL-2003 document as text: its sentences' tokens joined by spaces, a line each."""
    return ["\n".join(" ".join(rec["tokens"]) for rec in doc) for doc in read_conll_docs(path)]


def cpu_rate(fn, units: int, *, min_seconds: float = 2.0, warm: bool = True) -> float:
    """Units per CPU-second, repeating ``fn`` until at least ``min_seconds`` of CPU time."""
    if warm:
        fn()  # warm caches (lexicons load once)
    runs, start = 0, time.process_time()
    while True:
        fn()
        runs += 1
        spent = time.process_time() - start
        if spent >= min_seconds:
            return units * runs / spent


def paired_rates(fns: dict, units: int, *, rounds: int = 5, min_seconds: float = 2.0) -> dict:
    """Units per CPU-second of each function, measured in alternation: ``rounds`` rounds, each
    running every function for ``min_seconds / rounds`` CPU-seconds, and the median round kept.
    A shared or throttled machine drifts in speed over a minute; alternating puts the drift on
    both sides of a comparison instead of on whichever ran second."""
    for fn in fns.values():
        fn()  # warm caches
    seen: dict = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            seen[name].append(cpu_rate(fn, units, min_seconds=min_seconds / rounds, warm=False))
    return {name: sorted(rates)[len(rates) // 2] for name, rates in seen.items()}


def naive_nltk_pipeline():
    """Punkt sentences, Treebank words, NLTK's VADER per sentence: the usual script."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    resources.nltk_data_dir()
    punkt, treebank = PunktSentenceTokenizer(), TreebankWordTokenizer()
    vader = SentimentIntensityAnalyzer(lexicon_file="sentiment/vader_lexicon/vader_lexicon.txt")

    def run(texts):
        out = []
        for text in texts:
            for sent in punkt.tokenize(text):
                treebank.tokenize(sent)
                out.append(vader.polarity_scores(sent)["compound"])
        return out

    return run


COLD_SCRIPT = """
import resource, sys, time
sys.path.insert(0, {benchmarks!r})
import run
texts, _ = run.news_texts({text!r})
if {which!r} == "naive":
    pipeline = run.naive_nltk_pipeline()
    go = lambda: pipeline(texts)
else:
    import analysis
    if {loaded!r}:  # every lexicon and model the run needs, loaded by one sentence
        analysis.profile_corpus({{"w": "Officials in Minsk said talks may resume."}}, workers=1, progress=False)
    go = lambda: analysis.profile_corpus({{str(i): t for i, t in enumerate(texts)}}, workers=1, progress=False)
start = time.process_time()
go()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(time.process_time() - start if {loaded!r} else usage.ru_utime + usage.ru_stime)
"""


def cold_rates(units: int, *, rounds: int = 3, loaded: bool = False, text: str = "dev") -> dict:
    """Words per CPU-second of a fresh interpreter that imports, loads its lexicons and models and
    profiles the text once (the first round a user sees), for the naive pipeline and the kit, in
    alternation; the median round of each. Reading the text is in both, so it cancels out.
    ``loaded``: only the first round itself, after the imports and the loading (the naive
    pipeline's objects built, the kit's models loaded by one sentence): what caches that fill
    with the text (the entity model's per-word features) cost the first time. ``text``: which
    ``news_texts`` to profile."""
    import subprocess

    seen: dict = {"naive": [], "full": []}
    for _ in range(rounds):
        for which in seen:
            script = COLD_SCRIPT.format(benchmarks=str(ROOT / "benchmarks"), which=which, loaded=loaded, text=text)
            out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
            seen[which].append(units / float(out.stdout.strip().splitlines()[-1]))
    return {name: sorted(rates)[len(rates) // 2] for name, rates in seen.items()}


def wall_rate(fn, units: int, *, repeats: int = 3) -> float:
    """Units per wall-clock second, best of ``repeats`` (for runs spread over processes)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return units / best


def paired_walls(fns: dict, *, pairs: int = 5) -> dict:
    """Wall-clock seconds of each function over ``pairs`` alternated rounds (a list per function).
    The machine's speed drifts by 10-15% over a minute; a ratio taken within each pair and its
    median is steadier than the ratio of two best-ofs measured one after the other."""
    seen: dict = {name: [] for name in fns}
    for _ in range(pairs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            seen[name].append(time.perf_counter() - start)
    return seen


def corpus_memory(n_articles: int, workers: int) -> dict:
    """Profile ``n_articles`` seed-like articles (the seed and the sample articles, repeated with a
    numbered line so no two are identical) and report peak memory of this process and of the workers."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    articles = {f"a{i:06d}": f"{seeds[i % len(seeds)]}\n\nUpdate {i}: talks may resume." for i in range(n_articles)}
    words = sum(analysis.n_words(t) for t in seeds) * n_articles // len(seeds)
    start = time.perf_counter()
    corpus = analysis.profile_corpus(articles, workers=workers, progress=sys.stderr.isatty())
    elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"corpus_articles": len(corpus.summary), "corpus_sentences": len(corpus.sentences),
            "corpus_words_approx": words, "corpus_workers": workers, "corpus_wall_s": elapsed,
            "corpus_peak_rss_main_mb": own, "corpus_peak_rss_largest_worker_mb": children,
            "corpus_peak_rss_total_bound_mb": own + workers * children}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", default=None)
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum CPU seconds per measurement")
    ap.add_argument("--workers", type=int, default=None, help="N for the multi-worker runs (default: all cores)")
    ap.add_argument("--articles", type=int, default=0, help="also profile this many seed-like articles for memory")
    ap.add_argument("--skip-speed", action="store_true", help="only the memory run")
    args = ap.parse_args()
    workers = args.workers or os.cpu_count() or 1
    texts, label = news_texts()
    n_words = sum(analysis.n_words(t) for t in texts)
    results = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                          f"Python {platform.python_version()}",
               "text": label, "words": n_words, "articles": len(texts)}

    if not args.skip_speed:
        naive = naive_nltk_pipeline()
        arts = {str(i): t for i, t in enumerate(texts)}
        # The headline comparison (issue 7): naive sentiment against the kit's full profile
        # through profile_corpus on one worker, measured in alternation.
        rates = paired_rates({"naive": lambda: naive(texts),
                              "full": lambda: analysis.profile_corpus(arts, workers=1, progress=False)},
                             n_words, min_seconds=2 * args.seconds)
        results["naive_nltk_words_per_cpu_s"] = rates["naive"]
        results["profile_corpus_1_worker_words_per_cpu_s"] = rates["full"]
        results["full_profile_vs_naive"] = rates["full"] / rates["naive"]
        # Cold: a fresh process each time, imports and model loading included (issue 21).
        cold = cold_rates(n_words)
        results["cold_naive_words_per_cpu_s"] = cold["naive"]
        results["cold_full_profile_words_per_cpu_s"] = cold["full"]
        results["cold_full_profile_vs_naive"] = cold["full"] / cold["naive"]
        first = cold_rates(n_words, loaded=True)
        results["first_round_naive_words_per_cpu_s"] = first["naive"]
        results["first_round_full_profile_words_per_cpu_s"] = first["full"]
        results["first_round_full_profile_vs_naive"] = first["full"] / first["naive"]
        unseen, unseen_label = news_texts("train")
        if unseen:
            # A larger text no word of which the process has seen: what a corpus run of new articles costs.
            first = cold_rates(sum(analysis.n_words(t) for t in unseen), loaded=True, text="train")
            results["unseen_text"] = f"{unseen_label}, {len(unseen)} documents, one pass each after loading"
            results["unseen_naive_words_per_cpu_s"] = first["naive"]
            results["unseen_full_profile_words_per_cpu_s"] = first["full"]
            results["unseen_full_profile_vs_naive"] = first["full"] / first["naive"]
        # The accurate mode (issue 20): the same corpus run with the contextual encoder, and its
        # cost against the fast mode, measured in alternation.
        modes = paired_rates({"fast": lambda: analysis.profile_corpus(arts, workers=1, progress=False),
                              "accurate": lambda: analysis.profile_corpus(arts, workers=1, progress=False,
                                                                          mode="accurate")},
                             n_words, rounds=3, min_seconds=args.seconds)
        results["accurate_mode_words_per_cpu_s"] = modes["accurate"]
        results["accurate_vs_fast"] = modes["accurate"] / modes["fast"]
        results["profile_article_words_per_cpu_s"] = cpu_rate(
            lambda: [analysis.profile_article(t, findings=False) for t in texts], n_words, min_seconds=args.seconds)
        # Issue 5's yardstick: the CoNLL-2003 test set is 231 documents, about 46,000 words.
        with_findings = cpu_rate(lambda: [analysis.profile_article(t) for t in texts], n_words,
                                 min_seconds=args.seconds)
        results["cpu_seconds_for_46000_words_with_findings"] = 46_000 / with_findings
        from analysis.entities import find_entities
        from analysis.tokenise import sentence_spans

        starts = [[s for s, _, _ in sentence_spans(t)] for t in texts]
        results["entity_pass_words_per_cpu_s"] = cpu_rate(
            lambda: [find_entities(t, st) for t, st in zip(texts, starts)], n_words, min_seconds=args.seconds)
        # Wall-clock rates on a bigger corpus, so process start-up does not dominate.
        big = {f"{k}-{r}": t for r in range(8) for k, t in arts.items()}
        big_words = n_words * 8
        walls = paired_walls({"one": lambda: analysis.profile_corpus(big, workers=1, progress=False),
                              "many": lambda: analysis.profile_corpus(big, workers=workers, progress=False)})
        results["profile_corpus_1_worker_words_per_wall_s"] = big_words / min(walls["one"])
        results[f"profile_corpus_{workers}_workers_words_per_wall_s"] = big_words / min(walls["many"])
        ratios = sorted(a / b for a, b in zip(walls["one"], walls["many"]))
        results["workers_speedup"] = ratios[len(ratios) // 2]
        results["workers_speedup_range"] = f"{ratios[0]:.2f}-{ratios[-1]:.2f} over {len(ratios)} alternated pairs"
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            results[f"profile_corpus_dask_{workers}_workers_words_per_wall_s"] = wall_rate(
                lambda: analysis.profile_corpus(big, engine="dask", client=client, progress=False), big_words)
        if (default_eval_dir() / "sentiment_nyt_dev.tsv").exists():
            from analysis.sentiment import sentiment_scores

            sents = list(read_sentiment_dev()["text"])
            results["sentiment_sentences_per_cpu_s"] = cpu_rate(lambda: sentiment_scores(sents), len(sents),
                                                                min_seconds=args.seconds)
        results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.articles:
        results.update(corpus_memory(args.articles, workers))

    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v:,.2f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
