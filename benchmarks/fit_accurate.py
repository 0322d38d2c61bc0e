"""Fit the accurate mode's sentence sentiment: a small neural network (one hidden layer of
rectified units) on the encoder's sentence vector (``analysis.encoder``) and the fast mode's
features, against the NYT editorial ratings (dev).

    python benchmarks/fit_accurate.py            # cross-validated r and speed, no file written
    python benchmarks/fit_accurate.py --layers 2 # the same for another depth
    python benchmarks/fit_accurate.py --ffn-keep 1024  # or feed-forward width (encoder.prune_feed_forward)
    python benchmarks/fit_accurate.py --write    # also write analysis/data/accurate_sentiment.tsv

Cross-validation: 5 folds of whole documents (a document's snippets never straddle train and
test). The network: ``--nets`` networks of ``--units`` hidden units each (scikit-learn's
MLPRegressor, L2 penalty ``--alpha``, seeds 0, 1, ...) on inputs standardised on the training
folds, averaged, which is one network of nets x units hidden units with its output weights
divided by nets; the written weights fold the standardisation in, so the kit computes one matrix
product, a max(0, .) and one dot product per sentence. For comparison the script also reports
the ridge regression the kit used before (the fast mode's eight inputs barely penalised, the 384
vector dimensions sharing the penalty ``--ridge-alpha``).
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
from analysis.resources import NetworkWeights  # noqa: E402
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


# The inputs as ``accurate_sentiment.tsv`` names them: the encoder's vector, the fast mode's features, its score.
INPUTS = tuple([f"v{i}" for i in range(encoder.HIDDEN)] + [f"fast_{f}" for f in sentiment.FEATURES] + ["fast_score"])


def fit_network(X, y, *, units: int, nets: int, alpha: float) -> NetworkWeights:
    """``nets`` networks fitted from seeds 0.. on standardised inputs, merged into one network on
    the raw inputs, in the form the kit reads (``resources.NetworkWeights``)."""
    import warnings

    from sklearn.neural_network import MLPRegressor

    mu, sd = X.mean(0), X.std(0) + 1e-6
    S = (X - mu) / sd
    parts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence notes: the L2 penalty, not the iteration cap, stops it
        for seed in range(nets):
            parts.append(MLPRegressor(hidden_layer_sizes=(units,), alpha=alpha, max_iter=2000,
                                      random_state=seed).fit(S, y))
    hidden = np.hstack([m.coefs_[0] for m in parts]) / sd[:, None]
    hidden_bias = np.concatenate([m.intercepts_[0] for m in parts]) - mu @ hidden
    output = np.concatenate([m.coefs_[1][:, 0] for m in parts]) / nets
    output_bias = float(np.mean([m.intercepts_[1][0] for m in parts]))
    return NetworkWeights(INPUTS, hidden, hidden_bias, output, output_bias)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=32, help="hidden units of each network")
    ap.add_argument("--nets", type=int, default=3, help="networks averaged (seeds 0..nets-1)")
    ap.add_argument("--alpha", type=float, default=10.0, help="the networks' L2 penalty")
    ap.add_argument("--ridge-alpha", type=float, default=1000.0, help="the ridge regression's, for comparison")
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
    pred, ridge = np.zeros(len(y)), np.zeros(len(y))
    for k in range(5):
        w, b = fit(X[fold != k], y[fold != k], args.ridge_alpha, n_free)
        ridge[fold == k] = np.clip(X[fold == k] @ w + b, -1, 1)
        net = fit_network(X[fold != k], y[fold != k], units=args.units, nets=args.nets, alpha=args.alpha)
        pred[fold == k] = sentiment.AccurateHead(net).scores(X[fold == k])  # the kit's own head, clipped
    fast = sentiment.sentiment_scores(texts)
    r = np.corrcoef(pred, y)[0, 1]
    print(f"{args.layers} layers of {args.ffn_keep} units; sentences {len(texts)}, words {words}; encoder and features "
          f"{words / spent:,.0f} words per CPU-second")
    print(f"fast mode r (its blend was fitted on this file): {np.corrcoef(fast, y)[0, 1]:.3f}")
    print(f"ridge regression, 5-fold document-grouped CV r: {np.corrcoef(ridge, y)[0, 1]:.3f} "
          f"(alpha {args.ridge_alpha:g})")
    print(f"accurate mode (network), 5-fold document-grouped CV r: {r:.3f} "
          f"({args.nets} x {args.units} units, alpha {args.alpha:g})")
    if args.write:
        net = fit_network(X, y, units=args.units, nets=args.nets, alpha=args.alpha)
        units = net.hidden.shape[1]
        lines = ["# The accurate mode's sentence sentiment (analysis/sentiment.py): a neural network of one hidden layer "
                 f"({units} rectified units) on the mean-pooled third-layer vector of all-MiniLM-L6-v2 (int8, feed-forward "
                 f"blocks cut to {encoder.FFN_KEEP} units, {encoder.MAX_TOKENS} tokens; v0..v383) and the fast mode's "
                 "features and score, to the NYT editorial snippets' mean rating / 4: score = max(0, inputs @ "
                 "[rows v0..fast_score] + [row bias]) @ [row output] + [column u0 of row output_bias], clipped to [-1, 1].",
                 f"# Fitted by benchmarks/fit_accurate.py on sentiment_nyt_dev.tsv ({len(texts)} sentences; {args.nets} "
                 f"networks of {args.units} units, alpha {args.alpha:g}, merged); 5-fold document-grouped cross-validated "
                 f"r {r:.3f}. Standardisation folded into the weights. Figures only, no text.",
                 "feature\t" + "\t".join(f"u{j}" for j in range(units))]
        rows = list(zip(net.names, net.hidden)) + [("bias", net.hidden_bias), ("output", net.output),
                                                ("output_bias", np.r_[net.output_bias, np.zeros(units - 1)])]
        lines += [name + "\t" + "\t".join(f"{v:.8g}" for v in values) for name, values in rows]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
