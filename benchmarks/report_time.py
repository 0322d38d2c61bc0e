"""Time `python -m analysis report` on a folder of articles of the seed's size.

    python benchmarks/report_time.py              # 40 articles, all cores
    python benchmarks/report_time.py --articles 100 --workers 1

The articles are the seed's paragraphs in 40 different orders (each about 600 words),
written to a temporary folder; the command runs as a user would run it, in a fresh
process, and the wall-clock time, the per-page cost and the split between profiling
and rendering are printed.
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cfd6d3fc7ab3151e.txt"


def write_articles(folder: Path, n: int) -> None:
    title, *body = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(0)
    for i in range(n):
        paras = body[:]
        rng.shuffle(paras)
        (folder / f"article_{i:03d}.txt").write_text(f"{title} ({i})\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "articles", Path(tmp) / "reports"
        src.mkdir()
        write_articles(src, args.articles)
        cmd = [sys.executable, "-m", "analysis", "report", str(src), "--out", str(out), "--no-progress"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        start = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        wall = time.perf_counter() - start
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return run.returncode
        pages = len(list(out.glob("*.html")))
        split = re.search(r"profiling ([\d.]+) s, rendering ([\d.]+) s", run.stdout)
    print(f"{args.articles} articles of the seed's size, workers={args.workers or 'all cores'}: "
          f"{wall:.1f} s wall for {pages} pages ({wall / pages:.2f} s per page, start-up included); "
          f"profiling {split.group(1)} s, rendering {split.group(2)} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
