"""Fit the accurate mode's sentence sentiment: ridge regression on the encoder's sentence vector
(``analysis.encoder``) and the fast mode's features, against the NYT editorial ratings (dev).

    python benchmarks/fit_accurate.py            # cross-validated r and speed, no file written
    python benchmarks/fit_accurate.py --layers 2 # the same for another depth
    python benchmarks/fit_accurate.py --ffn-keep 1024  # or feed-forward width (encoder.prune_feed_forward)
    python benchmarks/fit_accurate.py --write    # also write analysis/data/accurate_sentiment.tsv

Cross-validation: 5 folds of whole documents (a document's snippets never straddle train and
test). The fast mode's eight inputs (its seven features and its blended score) are barely
penalised; the 384 vector dimensions share the ridge penalty ``--alpha``. All inputs are
standardised on the training folds; the written weights fold the standardisation in, so the kit
computes one dot product per sentence.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import encoder, sentiment  # noqa: E402
from analysis.evaluate import read_sentiment_dev  # noqa: E402

OUT = ROOT / "analysis" / "data" / "accurate_sentiment.tsv"


def inputs(texts: list[str], enc) -> np.ndarray:
    vectors = enc.embed(texts)
    features = np.array([sentiment.sentiment_features(t) for t in texts])
    return np.c_[vectors, features, sentiment.sentiment_scores(texts)]


def fit(X, y, alpha: float, n_free: int):
    mu, sd = X.mean(0), X.std(0) + 1e-6
    A = np.c_[(X - mu) / sd, np.ones(len(X))]
    penalty = np.r_[np.ones(X.shape[1] - n_free), np.full(n_free, 1e-6), 0.0]
    w = np.linalg.solve(A.T @ A + alpha * np.diag(penalty), A.T @ y)
    # Standardisation folded in: y = X @ (w / sd) + (b - mu @ (w / sd)).
    scaled = w[:-1] / sd
    return scaled, float(w[-1] - mu @ scaled)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alpha", type=float, default=1000.0)
    ap.add_argument("--layers", type=int, default=encoder.LAYERS, help="encoder depth to try (the kit ships 3)")
    ap.add_argument("--ffn-keep", type=int, default=encoder.FFN_KEEP,
                    help=f"feed-forward units kept per layer (the kit keeps {encoder.FFN_KEEP} of 1536)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    dev = read_sentiment_dev()
    texts, y, docs = dev["text"].tolist(), dev["mean_rating"].to_numpy() / 4.0, dev["doc"].to_numpy()
    if args.write and (args.layers, args.ffn_keep) != (encoder.LAYERS, encoder.FFN_KEEP):
        ap.error(f"--write fits the shipped encoder, {encoder.LAYERS} layers of {encoder.FFN_KEEP} units")
    enc = encoder.SentenceEncoder(layers=args.layers, ffn_keep=args.ffn_keep)
    enc.embed(texts[:8])  # built (if need be) and warm before timing
    start = time.process_time()
    # Encoded in slices of about an article's size, as the kit does (an article's sentences together).
    X = np.vstack([inputs(texts[i:i + 40], enc) for i in range(0, len(texts), 40)])
    spent = time.process_time() - start
    words = sum(len(t.split()) for t in texts)
    n_free = X.shape[1] - encoder.HIDDEN
    order = list(dict.fromkeys(docs))
    fold = np.array([order.index(d) * 5 // len(order) for d in docs])
    pred = np.zeros(len(y))
    for k in range(5):
        w, b = fit(X[fold != k], y[fold != k], args.alpha, n_free)
        pred[fold == k] = np.clip(X[fold == k] @ w + b, -1, 1)
    fast = sentiment.sentiment_scores(texts)
    print(f"{args.layers} layers of {args.ffn_keep} units; sentences {len(texts)}, words {words}; encoder and features "
          f"{words / spent:,.0f} words per CPU-second")
    print(f"fast mode r (its blend was fitted on this file): {np.corrcoef(fast, y)[0, 1]:.3f}")
    print(f"accurate mode, 5-fold document-grouped CV r: {np.corrcoef(pred, y)[0, 1]:.3f} (alpha {args.alpha:g})")
    if args.write:
        w, b = fit(X, y, args.alpha, n_free)
        names = [f"v{i}" for i in range(encoder.HIDDEN)] + [f"fast_{f}" for f in sentiment.FEATURES] + ["fast_score"]
        lines = ["# The accurate mode's sentence sentiment (analysis/sentiment.py): a ridge regression on the mean-pooled "
                 f"third-layer vector of all-MiniLM-L6-v2 (int8, feed-forward blocks cut to {encoder.FFN_KEEP} units, "
                 f"{encoder.MAX_TOKENS} tokens; v0..v383) and the fast "
                 "mode's features and score, to the NYT editorial snippets' mean rating / 4.",
                 f"# Fitted by benchmarks/fit_accurate.py on sentiment_nyt_dev.tsv ({len(texts)} sentences, alpha "
                 f"{args.alpha:g}); 5-fold document-grouped cross-validated r {np.corrcoef(pred, y)[0, 1]:.3f}. "
                 "Standardisation folded into the weights. Figures only, no text.",
                 "feature\tweight", f"bias\t{b:.8g}"]
        lines += [f"{n}\t{v:.8g}" for n, v in zip(names, w)]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
