"""Where a profile's CPU time goes: each pass of ``article_columns`` timed on news text.

    python benchmarks/passes.py              # CoNLL-2003 dev documents, 5 rounds after a warm-up
    python benchmarks/passes.py --mode accurate

Each pass the profile calls (normalise, language, paragraphs, sentences, tokens, sentiment, cues,
entities, quotes, summary) is wrapped, for this run only, with a CPU-time counter; "other" is what
lies between them (the part loop, row shifting, sentence flags). The text is what
``benchmarks/run.py`` reads: the CoNLL-2003 dev documents when ../shared/eval is present, else the
seed repeated. Figures are CPU seconds of this process, so a busy machine changes them little.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import analysis  # noqa: E402
from analysis import aggregate, hedging  # noqa: E402
from analysis import profile as pipeline  # noqa: E402
from run import news_texts  # noqa: E402

# The passes as article_columns reaches them: (module, name, label).
PASSES = [(pipeline, "normalise_text", "normalise"), (pipeline, "detect_language", "language"),
          (pipeline, "paragraph_spans", "paragraphs"), (pipeline, "sentence_spans", "sentences (Punkt)"),
          (pipeline, "sentence_tokens", "tokens"), (pipeline, "sentiment_scores", "sentiment"),
          (hedging, "cue_rows", "cues"), (pipeline, "find_entities", "entities"),
          (pipeline, "find_quotes", "quotes"), (aggregate, "summary_values", "summary")]


def timed(spent: Counter):
    """Wrap every pass with a CPU-time counter; returns a function that puts them back."""
    originals = []
    for module, name, label in PASSES:
        real = getattr(module, name)
        originals.append((module, name, real))

        def wrapper(*args, _real=real, _label=label, **kwargs):
            start = time.process_time()
            try:
                return _real(*args, **kwargs)
            finally:
                spent[_label] += time.process_time() - start
        setattr(module, name, wrapper)

    def restore():
        for module, name, real in originals:
            setattr(module, name, real)
    return restore


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mode", default="fast", choices=["fast", "accurate"])
    args = ap.parse_args()
    texts, label = news_texts()
    words = sum(analysis.n_words(t) for t in texts) * args.rounds
    for t in texts:  # warm: lexicons, models, caches
        pipeline.article_columns(t, mode=args.mode)
    spent: Counter = Counter()
    restore = timed(spent)
    try:
        start = time.process_time()
        for _ in range(args.rounds):
            for t in texts:
                pipeline.article_columns(t, mode=args.mode)
        total = time.process_time() - start
    finally:
        restore()
    print(f"{label}, {args.mode} mode, {args.rounds} rounds: {words:,} words in {total:.2f} CPU s "
          f"({words / total:,.0f} words per CPU-second)")
    print(f"{'pass':20s} {'CPU s':>7s} {'share':>6s} {'µs/word':>8s}")
    for name, seconds in spent.most_common():
        print(f"{name:20s} {seconds:7.2f} {seconds / total:6.1%} {seconds / words * 1e6:8.2f}")
    other = total - sum(spent.values())
    print(f"{'other':20s} {other:7.2f} {other / total:6.1%} {other / words * 1e6:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
