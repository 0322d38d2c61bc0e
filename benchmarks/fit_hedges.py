"""Fit the hedge-cue judge: a logistic regression that decides, from a cue and its context,
whether a match of a hedge cue is used as one (weasel cues keep their hand-written rules).

    python benchmarks/fit_hedges.py            # cross-validated sentence F1, no file written
    python benchmarks/fit_hedges.py --write    # also write analysis/data/hedge_weights.tsv

Data: the Szeged Uncertainty Corpus dev halves in ../shared/eval (Wikipedia and newswire). Each
match the judge decides on (a single-word hedge cue its context rule lets through,
``hedging.judged``) is a case; it is positive when the sentence's gold cues contain it.
The features are ``hedging.HedgeJudge.features``: the cue, its category, what the hand-written
context rule says, the words either side, negation nearby, capitals, sentence start. A sentence is
hedged when one of its judged cues is kept or it holds another uncertainty cue its rules keep (a
weasel, a hedge phrase), which is what the score measures.

Cross-validation: 5 folds of whole documents in each corpus; each fold's model is fitted on the
other folds of both corpora together (sklearn, L2, ``--c``), and the threshold is chosen on the
training folds alone. The written weights are fitted on everything; weights under 0.01 are dropped.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import hedging  # noqa: E402
from analysis.evaluate import default_eval_dir  # noqa: E402

OUT = ROOT / "analysis" / "data" / "hedge_weights.tsv"
CORPORA = {"Wikipedia": "hedge_wiki_dev.jsonl", "newswire": "hedge_news_dev.jsonl"}
THRESHOLDS = np.arange(0.30, 0.66, 0.025)


def cases(rows: list[dict]):
    """(features, label, sentence index) for every uncertainty-cue match of every sentence."""
    out = []
    for k, row in enumerate(rows):
        gold = [c.lower() for c in row["cues"]]
        for match in hedging.hedge_matches(row["text"]):
            said = row["text"][match.start:match.end].lower()
            label = any(said == g or said in g.split() or g in said for g in gold)
            out.append((hedging.HedgeJudge.features(row["text"], match), label, k))
    return out


def sentence_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = int((truth & predicted).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(truth.sum()), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def hedged(probs: np.ndarray, sentence: np.ndarray, n: int, threshold: float) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    np.logical_or.at(out, sentence, probs > threshold)
    return out


def main() -> int:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser()
    ap.add_argument("--c", type=float, default=0.3, help="inverse L2 strength")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    data = {}
    for corpus, name in CORPORA.items():
        rows = [json.loads(line) for line in (default_eval_dir() / name).open(encoding="utf-8")]
        found = cases(rows)
        docs = list(dict.fromkeys(r["doc"] for r in rows))
        fold_of_doc = {d: k * 5 // len(docs) for k, d in enumerate(docs)}
        data[corpus] = {
            "X": [f for f, _, _ in found], "y": np.array([y for _, y, _ in found]),
            "sent": np.array([s for _, _, s in found], dtype=int),
            "truth": np.array([bool(r["uncertain"]) for r in rows]),
            "fold": np.array([fold_of_doc[rows[s]["doc"]] for _, _, s in found]),
            "sent_fold": np.array([fold_of_doc[r["doc"]] for r in rows]),
            "rules": np.array([any(c.kind in hedging.UNCERTAIN_KINDS for c in hedging.find_cues(r["text"], judge=None))
                               for r in rows]),
            "weasel": np.array([any(c.kind in hedging.UNCERTAIN_KINDS and not hedging.judged(c.text.lower(), c.kind)
                                    for c in hedging.find_cues(r["text"], judge=None)) for r in rows]),
        }

    def fitted(keep: dict):
        X = [x for c in data for x, k in zip(data[c]["X"], keep[c]) if k]
        y = np.concatenate([data[c]["y"][keep[c]] for c in data])
        vec = DictVectorizer()
        model = LogisticRegression(C=args.c, max_iter=3000).fit(vec.fit_transform(X), y)
        return vec, model

    probs = {c: np.zeros(len(data[c]["y"])) for c in data}
    chosen = []
    for k in range(5):
        vec, model = fitted({c: data[c]["fold"] != k for c in data})
        # The threshold that serves both corpora best on the training folds (their smaller F1).
        train_scores = []
        for t in THRESHOLDS:
            worst = 1.0
            for d in data.values():
                inside = d["fold"] != k
                p = model.predict_proba(vec.transform([x for x, i in zip(d["X"], inside) if i]))[:, 1]
                rows = d["sent_fold"] != k
                pred = hedged(p, np.searchsorted(np.flatnonzero(rows), d["sent"][inside]), int(rows.sum()), t)
                pred |= d["weasel"][rows]
                worst = min(worst, sentence_f1(d["truth"][rows], pred))
            train_scores.append(worst)
        threshold = float(THRESHOLDS[int(np.argmax(train_scores))])
        chosen.append(threshold)
        for c, d in data.items():
            out = d["fold"] == k
            if out.any():
                probs[c][out] = (model.predict_proba(vec.transform([x for x, i in zip(d["X"], out) if i]))[:, 1]
                                 > threshold)
    print(f"thresholds chosen on the training folds: {', '.join(f'{t:.3f}' for t in chosen)}")
    for c, d in data.items():
        cv = sentence_f1(d["truth"], hedged(probs[c], d["sent"], len(d["truth"]), 0.5) | d["weasel"])
        rules = sentence_f1(d["truth"], d["rules"])
        print(f"{c:10s} sentences {len(d['truth']):5d}: hand-written rules F1 {rules:.3f} (in-sample); "
              f"judge, 5-fold CV F1 {cv:.3f}")
    if args.write:
        vec, model = fitted({c: np.ones(len(data[c]["y"]), dtype=bool) for c in data})
        threshold = float(np.median(chosen))
        weights = sorted(((name, w) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) >= 0.01),
                         key=lambda p: (-abs(p[1]), p[0]))
        lines = ["# The hedge-cue judge (analysis/hedging.py, HedgeJudge): logistic-regression weights over a cue match's "
                 "features; a match of a hedge cue is kept when the logistic of bias + the sum of its features' "
                 "weights passes the threshold.",
                 f"# Fitted by benchmarks/fit_hedges.py (C {args.c:g}) on the Szeged Uncertainty Corpus dev halves "
                 f"({', '.join(CORPORA.values())}); threshold: the median of the five folds' choices. Figures and "
                 "cue words only, no text.",
                 "feature\tweight", f"bias\t{model.intercept_[0]:.6g}", f"threshold\t{threshold:.6g}"]
        lines += [f"{name}\t{w:.6g}" for name, w in weights]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
