"""Fit the sentiment blend weights on the NYT dev half and report grouped cross-validation.

    python benchmarks/fit_sentiment.py            # report only
    python benchmarks/fit_sentiment.py --write    # also write analysis/data/sentiment_weights.csv

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

    pred = np.zeros(len(y))
    for fold in np.array_split(ud, 5):
        te = np.isin(docs, fold)
        pred[te] = np.clip(X[te] @ fit(X[~te], y[~te]), -1, 1)
    w = fit(X, y)
    print(f"VADER feature alone r = {np.corrcoef(X[:, 0], y)[0, 1]:.3f}")
    print(f"blend, 5-fold by document CV r = {np.corrcoef(pred, y)[0, 1]:.3f}")
    print(f"blend, fitted on all dev r = {np.corrcoef(np.clip(X @ w, -1, 1), y)[0, 1]:.3f}")
    print("weights:", dict(zip(FEATURES, np.round(w, 4))))
    if args.write:
        head = [line for line in OUT.read_text().splitlines() if line.startswith("#")]
        body = ["feature,weight"] + [f"{f},{v:.4f}" for f, v in zip(FEATURES, w)]
        OUT.write_text("\n".join(head + body) + "\n")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
