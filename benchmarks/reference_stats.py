"""Compute the reference figures behind the findings: analysis/data/reference_stats.csv.

    python benchmarks/reference_stats.py           # print the table
    python benchmarks/reference_stats.py --write   # also write analysis/data/reference_stats.csv

Each development corpus in ../shared/eval is regrouped into its documents, each
document is profiled by the kit, and the percentiles (0, 5, ..., 100) of every
reference measure over the documents are stored. Only these figures are written,
never the text.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.evaluate import default_eval_dir, read_sentiment_dev  # noqa: E402
from analysis.profile import article_columns  # noqa: E402
from analysis.reference import QUANTILES, REFERENCE_MEASURES  # noqa: E402

OUT = ROOT / "analysis" / "data" / "reference_stats.csv"
# Wikipedia "documents" in the Szeged set are a few sentences of an article; shorter ones say little.
MIN_SENTENCES = 5


def _jsonl_docs(path, text_of):
    docs: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.setdefault(rec["doc"], []).append(text_of(rec))
    return docs


def corpus_documents(eval_dir: Path) -> dict:
    """{corpus label: [document text, ...]} with one sentence per line."""
    out = {}
    out["newswire"] = _jsonl_docs(eval_dir / "hedge_news_dev.jsonl", lambda r: r["text"])
    out["Reuters"] = _jsonl_docs(eval_dir / "ner_conll03_dev.jsonl", lambda r: " ".join(r["tokens"]))
    nyt = read_sentiment_dev(eval_dir / "sentiment_nyt_dev.tsv")
    out["editorials"] = {d: list(g["text"]) for d, g in nyt.groupby("doc", sort=False)}
    out["Wikipedia"] = _jsonl_docs(eval_dir / "hedge_wiki_dev.jsonl", lambda r: r["text"])
    return {name: ["\n".join(s) for s in docs.values() if len(s) >= MIN_SENTENCES] for name, docs in out.items()}


def document_measures(text: str) -> dict:
    s = article_columns(text)["summary"]
    n = max(s["n_sentences"], 1)
    return {**s, "anonymous_share": s["anonymous_sources"] / n, "named_share": s["named_sources"] / n}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--eval-dir", default=None)
    args = ap.parse_args()
    eval_dir = Path(args.eval_dir) if args.eval_dir else default_eval_dir()
    lines = ["corpus,measure,n_documents," + ",".join(f"q{q}" for q in QUANTILES)]
    for corpus, texts in corpus_documents(eval_dir).items():
        rows = [document_measures(t) for t in texts]
        for m in REFERENCE_MEASURES:
            qs = np.percentile([r[m] for r in rows], QUANTILES)
            lines.append(f"{corpus},{m},{len(rows)}," + ",".join(f"{q:.4f}" for q in qs))
            print(f"{corpus:<11} {m:<16} n={len(rows):<5} median {qs[10]:.3f}  q90 {qs[18]:.3f}")
    if args.write:
        head = [
            "# Reference figures for the findings: percentiles (0, 5, ..., 100) of each measure over the documents",
            "# of the development halves in ../shared/eval, profiled by this kit. Figures only, no text.",
            "# Corpora: newswire = Szeged uncertainty corpus, FactBank newswire (hedge_news_dev.jsonl);",
            "# Reuters = CoNLL-2003 English dev documents (ner_conll03_dev.jsonl); editorials = New York Times",
            "# editorial snippets of the VADER paper (sentiment_nyt_dev.tsv); Wikipedia = Szeged, CoNLL-2010",
            f"# Wikipedia texts (hedge_wiki_dev.jsonl). Documents with fewer than {MIN_SENTENCES} sentences are left out.",
            "# Made by: python benchmarks/reference_stats.py --write",
        ]
        OUT.write_text("\n".join(head + lines) + "\n", encoding="utf-8")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
