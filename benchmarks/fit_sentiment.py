"""Fit the sentiment blend weights on the NYT dev half and report grouped cross-validation.

    python benchmarks/fit_sentiment.py            # report only
    python benchmarks/fit_sentiment.py --write    # also write analysis/data/sentiment_weights.csv
    python benchmarks/fit_sentiment.py --ablate   # also the CV r with each feature left out
    python benchmarks/fit_sentiment.py --shuffles 10  # also the CV r's range over ten fold shuffles

Cross-validation folds are whole documents (the id prefix), as the held-out half is split by
document, so the CV figure estimates how the weights generalise.
"""
import argparse
from pathlib import Path

import numpy as np

from analysis.evaluate import read_sentiment_dev
from analysis.sentiment import FEATURES, sentiment_features

OUT = Path(__file__).resolve().parent.parent / "analysis" / "data" / "sentiment_weights.csv"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--ablate", action="store_true", help="also report CV r with each feature left out")
    ap.add_argument("--shuffles", type=int, default=0, help="also report CV r over this many fold shuffles")
    ap.add_argument("--eval", default=None, help="path to sentiment_nyt_dev.tsv")
    args = ap.parse_args()
    df = read_sentiment_dev(args.eval)
    X = np.array([sentiment_features(t) for t in df["text"]])
    y = df["mean_rating"].to_numpy() / 4.0
    docs = df["doc"].to_numpy()
    ud = np.unique(docs)
    np.random.default_rng(0).shuffle(ud)
    def fit(Xs, ys):
        # Least squares on mean_rating / 4 with an intercept (the NYT ratings lean negative) that
        # is then dropped, so a sentence with no evidence scores 0 and the others land on the
        # ratings' scale (mostly well inside [-1, 1], so little is lost to clipping).
        return np.linalg.lstsq(np.column_stack([Xs, np.ones(len(ys))]), ys, rcond=None)[0][:-1]

    def cv_r(Xs, order=ud):
        pred = np.zeros(len(y))
        for fold in np.array_split(order, 5):
            te = np.isin(docs, fold)
            pred[te] = np.clip(Xs[te] @ fit(Xs[~te], y[~te]), -1, 1)
        return np.corrcoef(pred, y)[0, 1]

    w = fit(X, y)
    print(f"VADER feature alone r = {np.corrcoef(X[:, 0], y)[0, 1]:.3f}")
    print(f"blend, 5-fold by document CV r = {cv_r(X):.3f}")
    if args.shuffles:
        rs = []
        for seed in range(args.shuffles):
            order = np.unique(docs)
            np.random.default_rng(seed).shuffle(order)
            rs.append(cv_r(X, order))
        print(f"  over {args.shuffles} fold shuffles: CV r {min(rs):.3f} to {max(rs):.3f} (mean {np.mean(rs):.3f})")
    if args.ablate:
        for i, name in enumerate(FEATURES):
            print(f"  without {name}: CV r = {cv_r(np.delete(X, i, axis=1)):.3f}")
    print(f"blend, fitted on all dev r = {np.corrcoef(np.clip(X @ w, -1, 1), y)[0, 1]:.3f}")
    print("weights:", dict(zip(FEATURES, np.round(w, 4))))
    if args.write:
        head = [line for line in OUT.read_text().splitlines() if line.startswith("#")]
        body = ["feature,weight"] + [f"{f},{v:.4f}" for f, v in zip(FEATURES, w)]
        OUT.write_text("\n".join(head + body) + "\n")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
