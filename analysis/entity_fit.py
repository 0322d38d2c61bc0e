"""Annotate (fitting): fit the entity recogniser's CRF weights and cross-validate them.

Used by ``benchmarks/fit_entities.py`` (which writes ``analysis/data/entity_weights.tsv``)
and by the method-validation notebook. Needs the ``fit`` extra (python-crfsuite); the
recogniser itself only reads the weights. The cross-validation holds out contiguous blocks
of documents (neighbouring Reuters stories share topics, so interleaved folds would
flatter the model).
"""
from __future__ import annotations

from collections import defaultdict

from . import crf
from . import entity_model as em
from .evaluate import entity_scores

__all__ = ["training_items", "fit", "as_weights", "score", "cross_validate"]


def training_items(docs):
    """(features, labels) per segment; a segment opening inside a gold name starts it."""
    for doc in docs:
        sents = [r["tokens"] for r in doc]
        context = em.document_context(sents)
        for rec in doc:
            toks, tags = rec["tokens"], rec["tags"]
            head = em.is_headline(toks)
            for s, e in em.segments(toks):
                y = list(tags[s:e])
                if y[0].startswith("I-"):
                    y[0] = "B-" + y[0][2:]
                yield em.segment_features(toks, s, e, headline=head, context=context), y


def fit(docs, *, c2: float, iterations: int):
    """CRFsuite's weights fitted on the documents' segments (L2 only)."""
    return crf.fit(training_items(docs), c2=c2, iterations=iterations)


def as_weights(state_features, transitions, *, min_weight: float = 0.0):
    """``fit``'s weights as ``EntityRecognizer`` takes them."""
    return crf.as_weights(state_features, transitions, em.LABELS, min_weight=min_weight)


def score(docs, weights) -> dict:
    """F1 of the kit's whole entity pass (model plus alias and type rules) under ``weights``."""
    table = entity_scores(docs, recognizer=em.EntityRecognizer(weights))
    return dict(zip(table["type"], table["f1"]))


def cross_validate(docs, *, folds: int = 4, c2: float = 0.1, iterations: int = 300, min_weight: float = 0.01,
                   extra=(), progress: bool = False):
    """Typed F1 per type, averaged over folds of contiguous documents, each scored with weights
    fitted on the other folds and the documents in ``extra`` (the training set), for the whole
    entity pass as ``python -m analysis validate`` runs it."""
    import pandas as pd

    totals: dict = defaultdict(float)
    for fold in range(folds):
        train = [d for i, d in enumerate(docs) if i * folds // len(docs) != fold]
        test = [d for i, d in enumerate(docs) if i * folds // len(docs) == fold]
        sf, tr = fit(list(extra) + train, c2=c2, iterations=iterations)
        res = score(test, as_weights(sf, tr, min_weight=min_weight))
        if progress:
            print(f"fold {fold + 1}/{folds}: " + "  ".join(f"{t} {v:.3f}" for t, v in res.items()), flush=True)
        for t, v in res.items():
            totals[t] += v / folds
    return pd.DataFrame({"type": list(totals), "f1": list(totals.values())})
