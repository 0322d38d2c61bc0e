"""Score HTML article extraction on ../shared/eval/extraction_dev (trafilatura's evaluation pages).

    python benchmarks/extraction.py            # the kit's load_articles, and trafilatura alone
    python benchmarks/extraction.py --pages 40 # a quick look

Scored as trafilatura's own evaluation does (see ../shared/eval/README.md): whitespace-normalised
substring checks summed over pages; precision = found ``with`` / (found ``with`` + found
``without``), recall = found ``with`` / all ``with``; a page that fails to load counts as empty
output. The kit is scored on exactly what it hands the analysis: the loaded article's title and
text. Also prints the loading speed per page.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import analysis
from analysis.evaluate import default_eval_dir, prf

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def score(outputs: dict, manifest: dict) -> dict:
    """Precision, recall and F1 summed over pages; ``outputs`` maps page id to extracted text."""
    found_with = found_without = total_with = 0
    for pid, gold in manifest.items():
        out = _norm(outputs.get(pid) or "")
        wanted = [_norm(s) for s in gold.get("with", [])]
        unwanted = [_norm(s) for s in gold.get("without", [])]
        found_with += sum(1 for s in wanted if s and s in out)
        found_without += sum(1 for s in unwanted if s and s in out)
        total_with += len(wanted)
    return prf(found_with, found_with + found_without, total_with)


def kit_outputs(pages: dict) -> tuple[dict, float, int]:
    """What load_articles makes of each page (title and text), the seconds spent, and failures."""
    out, failed = {}, 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for pid, raw in pages.items():
            path = Path(tmp) / f"{pid}.html"
            path.write_bytes(raw)
            paths[pid] = path
        start = time.perf_counter()
        for pid, path in paths.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    arts = analysis.load_articles(path)
                row = arts.iloc[0]
                out[pid] = f"{row['title']}\n{row['text']}"
            except analysis.ArticleLoadError:
                failed += 1
        seconds = time.perf_counter() - start
    return out, seconds, failed


def trafilatura_outputs(pages: dict) -> dict:
    import trafilatura

    return {pid: trafilatura.extract(raw) or "" for pid, raw in pages.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=default_eval_dir() / "extraction_dev")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", type=Path, default=None, help="also write each page's kit output here")
    args = ap.parse_args(argv)
    manifest = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
    ids = sorted(manifest)[: args.pages]
    manifest = {pid: manifest[pid] for pid in ids}
    pages = {pid: gzip.decompress((args.data / "pages" / f"{pid}.html.gz").read_bytes()) for pid in ids}
    kit, seconds, failed = kit_outputs(pages)
    rows = {"kit (load_articles: title + text)": score(kit, manifest),
            "trafilatura.extract alone (defaults)": score(trafilatura_outputs(pages), manifest)}
    print(f"{len(pages)} pages from {args.data}")
    for name, s in rows.items():
        print(f"{name:40s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    print(f"kit load failures: {failed}; loading speed {len(pages) / seconds:.1f} pages/s "
          f"({1000 * seconds / len(pages):.1f} ms per page, one process)")
    if args.json:
        args.json.write_text(json.dumps(kit, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
