"""Is this checkout slower than an older commit? The full profile of each, timed in alternation.

    python benchmarks/compare_commits.py 792afdc            # that commit against the working tree
    python benchmarks/compare_commits.py 792afdc HEAD~3 --pairs 7

Each commit is checked out into a temporary git worktree; each measurement is a fresh interpreter
that imports that tree's ``analysis``, warms it on the text once and then times, in alternation
inside the process (``run.paired_rates``), the naive NLTK pipeline and ``profile_corpus`` on one
worker over the same text: the CoNLL-2003 dev documents from ../shared/eval (or the seed article
repeated), read by *this* tree's ``benchmarks/run.py`` so every commit sees the same words. The
commits take turns (old, new, old, new, ...) for ``--pairs`` rounds, so the machine's drift falls
on both; the medians are printed, as words per CPU-second and as the ratio to the naive pipeline
measured in the same process. Issue 15 and 17 asked for "no slower than before": this is the
measurement that answers it.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import sys
sys.path.insert(0, {tree!r})
import analysis
assert analysis.__file__.startswith({tree!r}), analysis.__file__
sys.path.insert(1, {benchmarks!r})
import run
texts, _ = run.news_texts()
n = sum(analysis.n_words(t) for t in texts)
arts = {{str(i): t for i, t in enumerate(texts)}}
naive = run.naive_nltk_pipeline()
rates = run.paired_rates({{"naive": lambda: naive(texts),
                           "full": lambda: analysis.profile_corpus(arts, workers=1, progress=False)}},
                         n, rounds=5, min_seconds={seconds})
print(rates["naive"], rates["full"])
"""


def measure(tree: Path, seconds: float) -> tuple[float, float]:
    script = MEASURE.format(tree=str(tree), benchmarks=str(ROOT / "benchmarks"), seconds=seconds)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tree)
    if out.returncode:
        raise SystemExit(f"measuring {tree} failed:\n{out.stderr[-2000:]}")
    naive, full = map(float, out.stdout.split()[-2:])
    return naive, full


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("old", help="the older commit")
    ap.add_argument("new", nargs="?", default=None, help="the newer commit (default: this working tree)")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=6.0, help="CPU seconds per measurement and process")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as work:
        trees = {}
        for label, commit in (("old", args.old), ("new", args.new)):
            if commit is None:
                trees[label] = (ROOT, "working tree")
                continue
            path = Path(work) / label / ROOT.name
            if (ROOT.parent / "shared").exists():  # each tree reads ../shared/eval as this one does
                path.parent.mkdir(parents=True)
                (path.parent / "shared").symlink_to(ROOT.parent / "shared")
            subprocess.run(["git", "worktree", "add", "--detach", "-f", str(path), commit], cwd=ROOT, check=True,
                           capture_output=True)
            trees[label] = (path, commit)
        try:
            seen: dict = {label: [] for label in trees}
            for k in range(args.pairs):
                for label, (path, _) in trees.items():
                    naive, full = measure(path, args.seconds)
                    seen[label].append((naive, full))
                    print(f"pair {k + 1}: {label:3s} naive {naive:9,.0f}  profile {full:9,.0f}  "
                          f"ratio {full / naive:.3f}", flush=True)
            print()
            for label, (_, name) in trees.items():
                fulls = [f for _, f in seen[label]]
                ratios = [f / n for n, f in seen[label]]
                print(f"{label} ({name}): profile median {statistics.median(fulls):,.0f} words per CPU-second, "
                      f"ratio to naive median {statistics.median(ratios):.3f}")
            old = statistics.median(f for _, f in seen["old"])
            new = statistics.median(f for _, f in seen["new"])
            print(f"new / old: {new / old:.3f}")
        finally:
            for path, commit in trees.values():
                if commit != "working tree":
                    subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
