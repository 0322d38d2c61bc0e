"""CPU time of the profile on pathological inputs, at two sizes: does doubling the input stay near 2x?

    python benchmarks/pathological.py              # every generator, sizes N and 2N
    python benchmarks/pathological.py --only said  # one generator
    python benchmarks/pathological.py --big-file 16  # time and peak memory of one 16 MB article file

Each generator builds an article of about ``size`` characters that once made a pass of the
profile quadratic (issue 16's probe) or is otherwise hostile. The table gives CPU seconds of
``article_columns`` (the core every scale runs; best of three) at both sizes and their ratio;
linear code gives about 2.0, quadratic about 4.0.
"""
from __future__ import annotations

import argparse
import sys
import time

from analysis.profile import article_columns

SENTENCE = "Officials in Minsk said the talks may resume on Tuesday, sources close to the discussion suggest. "


def repeated_said(size):
    return "He " + " said" * (size // 5) + "."


def hyphens(size):
    return "Talks " + "-" * size + " resumed."


def dots(size):
    return "Talks " + "." * size + " resumed."


def pluses(size):
    return "Talks " + "+" * size + " resumed."


def latin_word_with_cyrillic(size):
    return "Минск " + "a" * size + " talks."


def number_signs(size):
    return "No. 5 " * (size // 6)


def good_but_bad(size):
    return " ".join(["good but bad"] * (size // 13)) + "."


def accents_and_zero_width(size):
    return ("e\u0301\u200b" * (size // 3)) + " talks."


def mixed_script_words(size):
    return " ".join(["Beloусов"] * (size // 9)) + "."


def one_long_line(size):
    words = SENTENCE.replace(".", "").replace(",", "").split()
    return " ".join(words[i % len(words)] for i in range(size // 6))


def news_paragraph(size):
    return SENTENCE * (size // len(SENTENCE))


def quotes_in_one_sentence(size):
    # Thousands of quotations, cues and speakers in one sentence: the quote assembly once paired
    # every content with every cue (quadratic).
    unit = "“Yes,” he said, "
    return "Talks " + unit * (size // len(unit)) + "end."


GENERATORS = {f.__name__: f for f in (repeated_said, hyphens, dots, pluses, latin_word_with_cyrillic, number_signs,
                                      good_but_bad, accents_and_zero_width, mixed_script_words, one_long_line,
                                      news_paragraph, quotes_in_one_sentence)}


def cpu_seconds(text: str, *, repeats: int = 3) -> float:
    """Best of ``repeats`` CPU times (single runs of a few tenths of a second are noisy here)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        article_columns(text)
        best = min(best, time.process_time() - start)
    return best


def big_file(megabytes: float) -> int:
    """Load and profile one file of ``megabytes`` MB holding one article (the seed article's
    paragraphs repeated), as ``python -m analysis profile`` would; print wall time and peak RSS."""
    import resource
    import tempfile
    from pathlib import Path

    import analysis

    seed = (Path(__file__).resolve().parent.parent / "seeds" / "000_cfd6d3fc7ab3151e.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big_article.txt"
        path.write_text((seed + "\n\n") * int(megabytes * 1e6 // (len(seed) + 2)), encoding="utf-8")
        size = path.stat().st_size
        start = time.perf_counter()
        corpus = analysis.profile_corpus(analysis.load_articles(path), workers=1, progress=False)
        wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(f"one article file of {size / 1e6:.1f} MB: {len(corpus.sentences):,} sentences, "
          f"{len(corpus.entities):,} entity mentions, {len(corpus.errors)} errors; "
          f"{wall:.1f} s wall, peak resident memory {peak:,.0f} MB (this process)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=20_000, help="characters of the smaller input (default 20,000)")
    ap.add_argument("--only", default=None)
    ap.add_argument("--big-file", type=float, default=None, metavar="MB",
                    help="instead: load and profile one article file of this many MB (the seed repeated), "
                         "in this process, and report its time and the process's peak memory")
    args = ap.parse_args(argv)
    if args.big_file:
        return big_file(args.big_file)
    article_columns(SENTENCE)  # lexicons load before the clock starts
    print(f"| generator | CPU s at {args.size:,} chars | CPU s at {2 * args.size:,} chars | ratio |")
    print("|---|---|---|---|")
    worst = 0.0
    for name, make in GENERATORS.items():
        if args.only and name != args.only:
            continue
        small, large = cpu_seconds(make(args.size)), cpu_seconds(make(2 * args.size))
        ratio = large / max(small, 1e-3)
        worst = max(worst, ratio if large > 0.05 else 0.0)
        print(f"| {name} | {small:.2f} | {large:.2f} | {ratio:.1f} |", flush=True)
    print(f"\nworst ratio (inputs over 0.05 s): {worst:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
