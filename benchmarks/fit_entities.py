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
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import entity_model as em  # noqa: E402
from analysis.evaluate import default_eval_dir, entity_scores, read_conll_docs  # noqa: E402

def training_items(docs):
    """(features, labels) per segment; a segment opening inside a gold name starts it."""
    for doc in docs:
        sents = [r["tokens"] for r in doc]
        context = em.document_context(sents)
        for rec in doc:
            toks, tags = rec["tokens"], rec["tags"]
            head = em.is_headline(toks)
            for s, e in em.segments(toks):
                y = list(tags[s:e])
                if y[0].startswith("I-"):
                    y[0] = "B-" + y[0][2:]
                yield em.segment_features(toks, s, e, headline=head, context=context), y


def fit(docs, *, c2: float, iterations: int):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in training_items(docs):
        trainer.append(x, y)
    trainer.set_params({"c1": 0.0, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crf")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
    return info.state_features, info.transitions


def as_weights(state_features, transitions, *, min_weight: float = 0.0):
    index = {lab: k for k, lab in enumerate(em.LABELS)}
    state: dict = {}
    for (feat, lab), w in state_features.items():
        if abs(w) >= min_weight:
            state.setdefault(feat, []).append((index[lab], round(w, 4)))
    trans = [[0.0] * len(em.LABELS) for _ in em.LABELS]
    for (a, b), w in transitions.items():
        trans[index[a]][index[b]] = round(w, 4)
    return state, trans


def score(docs, weights) -> dict:
    """F1 of the kit's whole entity pass (model plus alias and type rules) under ``weights``."""
    table = entity_scores(docs, recognizer=em.EntityRecognizer(weights))
    return dict(zip(table["type"], table["f1"]))


def cross_validate(docs, *, folds: int = 4, c2: float = 0.1, iterations: int = 100, min_weight: float = 0.01,
                   progress: bool = False):
    """Typed F1 per type, averaged over folds of contiguous documents, each scored with weights
    fitted on the other folds (the whole entity pass, as ``python -m analysis validate`` runs it)."""
    import pandas as pd

    totals: dict = defaultdict(float)
    for fold in range(folds):
        train = [d for i, d in enumerate(docs) if i * folds // len(docs) != fold]
        test = [d for i, d in enumerate(docs) if i * folds // len(docs) == fold]
        sf, tr = fit(train, c2=c2, iterations=iterations)
        res = score(test, as_weights(sf, tr, min_weight=min_weight))
        if progress:
            print(f"fold {fold + 1}/{folds}: " + "  ".join(f"{t} {v:.3f}" for t, v in res.items()), flush=True)
        for t, v in res.items():
            totals[t] += v / folds
    return pd.DataFrame({"type": list(totals), "f1": list(totals.values())})


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
