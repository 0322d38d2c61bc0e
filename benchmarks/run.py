"""Speed of the kit against a naive NLTK pipeline, measured in one run on the same text.

    python benchmarks/run.py                 # all measurements, a table on stdout
    python benchmarks/run.py --json out.json # also save the figures

Throughput is words (or sentences) per CPU-second of this process, so a busy
machine slows the wall clock but not the figure. The text is news: the
CoNLL-2003 dev documents (Reuters) when ../shared/eval is present, else the seed
article repeated.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import analysis  # noqa: E402
from analysis import resources  # noqa: E402
from analysis.evaluate import default_eval_dir, read_sentiment_dev  # noqa: E402


def news_texts() -> tuple[list[str], str]:
    ner = default_eval_dir() / "ner_conll03_dev.jsonl"
    if ner.exists():
        docs: dict = {}
        with open(ner, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                docs.setdefault(rec["doc"], []).append(" ".join(rec["tokens"]))
        return ["\n".join(s) for s in docs.values()], "CoNLL-2003 dev documents (Reuters)"
    seed = (ROOT / "seeds" / "000_cfd6d3fc7ab3151e.txt").read_text(encoding="utf-8")
    return [seed] * 60, "seed article x60"


def cpu_rate(fn, units: int, *, min_seconds: float = 2.0) -> float:
    """Units per CPU-second, repeating ``fn`` until at least ``min_seconds`` of CPU time."""
    fn()  # warm caches (lexicons load once)
    runs, start = 0, time.process_time()
    while True:
        fn()
        runs += 1
        spent = time.process_time() - start
        if spent >= min_seconds:
            return units * runs / spent


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", default=None)
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum CPU seconds per measurement")
    args = ap.parse_args()

    texts, label = news_texts()
    n_words = sum(analysis.n_words(t) for t in texts)
    results = {"machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
               "text": label, "words": n_words, "articles": len(texts)}

    naive = naive_nltk_pipeline()
    results["naive_nltk_words_per_cpu_s"] = cpu_rate(lambda: naive(texts), n_words, min_seconds=args.seconds)
    results["profile_article_words_per_cpu_s"] = cpu_rate(
        lambda: [analysis.profile_article(t) for t in texts], n_words, min_seconds=args.seconds)
    results["profile_vs_naive"] = results["profile_article_words_per_cpu_s"] / results["naive_nltk_words_per_cpu_s"]

    if (default_eval_dir() / "sentiment_nyt_dev.tsv").exists():
        from analysis.sentiment import sentiment_scores

        sents = list(read_sentiment_dev()["text"])
        results["sentiment_sentences_per_cpu_s"] = cpu_rate(lambda: sentiment_scores(sents), len(sents),
                                                            min_seconds=args.seconds)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v:,.2f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
