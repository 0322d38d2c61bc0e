"""Fit the entity recogniser's CRF weights on CoNLL-2003 English and write them out.

    python benchmarks/fit_entities.py            # dev figures only (two kinds, below)
    python benchmarks/fit_entities.py --write    # also fit on train + dev and rewrite
                                                 #   analysis/data/entity_weights.tsv

Needs the ``fit`` extra (python-crfsuite); the kit itself only reads the TSV. Two honest dev
figures: weights fitted on the training set alone, scored on all of dev (how the model and its
settings were chosen); and a cross-validation over dev, where each of ``--folds`` contiguous
blocks of dev documents is scored with weights fitted on the training set plus the other
blocks (neighbouring Reuters stories share topics, so interleaved folds would flatter the
model). The shipped weights are fitted on training set and dev together.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import entity_model as em  # noqa: E402
from analysis.crf import weight_rows  # noqa: E402
from analysis.entity_fit import as_weights, cross_validate, fit, score  # noqa: E402
from analysis.evaluate import default_eval_dir, read_conll_docs  # noqa: E402

def write(state_features, transitions, path: Path, *, n_docs: int, c2: float, min_weight: float):
    rows = weight_rows(state_features, transitions, min_weight=min_weight)
    head = [
        "# Weights of the entity recogniser's linear-chain CRF (analysis/entity_model.py): one row per feature and BIO"
        " label; feature '->' rows are label transitions (label column 'from>to').",
        f"# Source: fitted by benchmarks/fit_entities.py with CRFsuite (L2, c2={c2}) on the CoNLL-2003 English training"
        f" set and dev half together ({n_docs} Reuters documents); weights below {min_weight} dropped. Word features"
        " exist only for words of the Brill lexicon (textblob) and word clusters (word_clusters.csv), so no name is"
        " learnt from the fitting text itself.",
        "feature\tlabel\tweight",
    ]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return len(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=default_eval_dir() / "ner_conll03_train.jsonl")
    ap.add_argument("--dev", type=Path, default=default_eval_dir() / "ner_conll03_dev.jsonl")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--min-weight", type=float, default=0.01)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    train, dev = read_conll_docs(args.train), read_conll_docs(args.dev)
    settings = dict(c2=args.c2, iterations=args.iterations)
    t0 = time.perf_counter()
    sf, tr = fit(train, **settings)
    res = score(dev, as_weights(sf, tr, min_weight=args.min_weight))
    print(f"fitted on train ({len(train)} documents), dev typed F1: "
          + "  ".join(f"{t} {v:.3f}" for t, v in res.items()) + f"  [{time.perf_counter() - t0:.0f} s]", flush=True)
    t0 = time.perf_counter()
    cv = cross_validate(dev, folds=args.folds, min_weight=args.min_weight, extra=train, progress=True, **settings)
    print(f"cross-validated dev typed F1 ({args.folds} contiguous folds of {len(dev)} documents, each fitted on"
          " train + the other folds): "
          + "  ".join(f"{t} {v:.3f}" for t, v in zip(cv["type"], cv["f1"]))
          + f"  [{time.perf_counter() - t0:.0f} s]")
    if args.write:
        sf, tr = fit(train + dev, **settings)
        out = ROOT / "analysis" / "data" / em.WEIGHTS_FILE
        n = write(sf, tr, out, n_docs=len(train) + len(dev), c2=args.c2, min_weight=args.min_weight)
        print(f"wrote {n} rows to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
