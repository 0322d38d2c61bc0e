"""Fit the entity recogniser's CRF weights on the CoNLL-2003 dev half and write them out.

    python benchmarks/fit_entities.py            # grouped cross-validation only
    python benchmarks/fit_entities.py --write    # also fit on all of dev and rewrite
                                                 #   analysis/data/entity_weights.tsv

Needs the ``fit`` extra (python-crfsuite); the kit itself only reads the TSV. The
cross-validation holds out contiguous blocks of documents (neighbouring Reuters stories
share topics, so interleaved folds would flatter the model).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import entity_model as em  # noqa: E402
from analysis.entity_fit import cross_validate, fit  # noqa: E402
from analysis.evaluate import default_eval_dir, read_conll_docs  # noqa: E402

def write(state_features, transitions, path: Path, *, n_docs: int, c2: float, min_weight: float):
    rows = []
    for (feat, lab), w in sorted(state_features.items()):
        if abs(w) >= min_weight:
            rows.append(f"{feat}\t{lab}\t{w:.4f}")
    for (a, b), w in sorted(transitions.items()):
        rows.append(f"->\t{a}>{b}\t{w:.4f}")
    head = [
        "# Weights of the entity recogniser's linear-chain CRF (analysis/entity_model.py): one row per feature and BIO"
        " label; feature '->' rows are label transitions (label column 'from>to').",
        f"# Source: fitted by benchmarks/fit_entities.py with CRFsuite (L2, c2={c2}) on the CoNLL-2003 English dev half"
        f" ({n_docs} Reuters documents); weights below {min_weight} dropped. Word features exist only for words of the"
        " Brill lexicon (textblob), so no name is learnt from the fitting text itself.",
        "feature\tlabel\tweight",
    ]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return len(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=default_eval_dir() / "ner_conll03_dev.jsonl")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--min-weight", type=float, default=0.01)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    docs = read_conll_docs(args.data)
    t0 = time.perf_counter()
    cv = cross_validate(docs, folds=args.folds, c2=args.c2, iterations=args.iterations,
                        min_weight=args.min_weight, progress=True)
    print(f"cross-validated typed F1 ({args.folds} contiguous folds of {len(docs)} documents): "
          + "  ".join(f"{t} {v:.3f}" for t, v in zip(cv["type"], cv["f1"]))
          + f"  [{time.perf_counter() - t0:.0f} s]")
    if args.write:
        sf, tr = fit(docs, c2=args.c2, iterations=args.iterations)
        out = ROOT / "analysis" / "data" / em.WEIGHTS_FILE
        n = write(sf, tr, out, n_docs=len(docs), c2=args.c2, min_weight=args.min_weight)
        print(f"wrote {n} rows to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
