"""A fingerprint of the fast profile's tables on the dev corpora, so speed work can prove it
changed no output (issue 21).

    python benchmarks/fingerprint.py            # print the fingerprint of this checkout
    python benchmarks/fingerprint.py --update   # store it in tests/data/profile_fingerprint.json

The corpora are the CoNLL-2003 dev documents (Reuters, one sentence per line) and the PolNeAR
dev articles (US political news with quotes) from ../shared/eval, profiled by ``profile_corpus``
on one worker. Each table (summary, sentences, cues, entities, repairs, quotes) gets a SHA-256 of
its column names, dtypes and values, floats rounded to 9 decimals so the last bit of a sum cannot
decide it; a change names the tables that differ. ``tests/test_fingerprint.py`` compares the
stored fingerprint with a fresh one: update it only when a change of output is meant (a refit, a
new rule) and say so in the commit.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

import analysis  # noqa: E402
from analysis.evaluate import default_eval_dir, read_conll_docs, read_polnear  # noqa: E402

STORED = ROOT / "tests" / "data" / "profile_fingerprint.json"
TABLES = ("summary", "sentences", "cues", "entities", "repairs", "quotes")


def dev_articles(eval_dir: Path | None = None) -> dict[str, str]:
    """The dev corpora as ``{article_id: text}``: CoNLL dev documents, then PolNeAR dev articles."""
    eval_dir = Path(eval_dir) if eval_dir else default_eval_dir()
    articles = {}
    for i, doc in enumerate(read_conll_docs(eval_dir / "ner_conll03_dev.jsonl")):
        articles[f"conll-{i:03d}"] = "\n".join(" ".join(rec["tokens"]) for rec in doc)
    for i, rec in enumerate(read_polnear(eval_dir / "attribution_polnear_dev.jsonl")):
        articles[f"polnear-{i:03d}"] = rec["text"]
    return articles


def table_digest(table: pd.DataFrame) -> str:
    """SHA-256 of a table's columns, dtypes and values (floats rounded to 9 decimals)."""
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in table.dtypes.items()]).encode())
    shown = table.reset_index()
    for col in shown.columns:
        values = shown[col]
        if pd.api.types.is_float_dtype(values):
            values = values.round(9)
        h.update(str(col).encode())
        h.update("\x1f".join(map(str, values.tolist())).encode())
    return h.hexdigest()


def fingerprint(eval_dir: Path | None = None) -> dict:
    articles = dev_articles(eval_dir)
    corpus = analysis.profile_corpus(articles, workers=1, progress=False)
    tables = {name: table_digest(getattr(corpus, name)) for name in TABLES}
    rows = {name: len(getattr(corpus, name)) for name in TABLES}
    return {"articles": len(articles), "rows": rows, "tables": tables}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--update", action="store_true", help=f"write {STORED.relative_to(ROOT)}")
    args = ap.parse_args()
    found = fingerprint()
    print(json.dumps(found, indent=2))
    if args.update:
        STORED.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
        print(f"stored in {STORED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
