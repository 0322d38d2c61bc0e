"""Measure the kit on the labelled development data in ``../shared/eval/``.

Each ``evaluate_*`` function reads one corpus, runs the kit and the plain
baselines on the same sentences, and returns a tidy DataFrame of figures;
``python -m analysis validate`` prints them all. Nothing here is tuned: the
fitting scripts live in ``benchmarks/``.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["default_eval_dir", "evaluate_sentiment", "validate_all", "evaluate_entities", "entity_scores",
           "read_conll_docs", "evaluate_hedging", "hedged_predictions", "prf", "binary_prf", "macro_f1",
           "read_sentiment_dev", "sentiment_classes"]


def default_eval_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


# The development files validate_all scores, each when present.
EVAL_FILES = ("sentiment_nyt_dev.tsv", "hedge_wiki_dev.jsonl", "hedge_news_dev.jsonl", "ner_conll03_dev.jsonl",
              "attribution_polnear_dev.jsonl")


def validate_all(eval_dir=None) -> dict:
    """Every evaluation whose dev file is present: {name: DataFrame}."""
    root = Path(eval_dir) if eval_dir else default_eval_dir()
    out = {}
    if (root / "sentiment_nyt_dev.tsv").exists():
        out["sentence sentiment (NYT editorial snippets, dev)"] = evaluate_sentiment(root / "sentiment_nyt_dev.tsv")
    hedge = {name: root / f for name, f in (("Wikipedia", "hedge_wiki_dev.jsonl"), ("newswire", "hedge_news_dev.jsonl"))
             if (root / f).exists()}
    if hedge:
        out["sentence uncertainty (Szeged, dev)"] = evaluate_hedging(hedge)
    if (root / "ner_conll03_dev.jsonl").exists():
        # In-sample: the CRF weights were fitted on the training set and this file. The held-out
        # estimates are those of benchmarks/fit_entities.py (fitted on train alone; cross-validated).
        out["typed entities (CoNLL-2003 English, dev; in-sample, the weights were fitted on it)"] = \
            evaluate_entities(root / "ner_conll03_dev.jsonl")
    if (root / "attribution_polnear_dev.jsonl").exists():
        out["attributions (PolNeAR dev; content, and content with source)"] = \
            attribution_scores(read_polnear(root / "attribution_polnear_dev.jsonl"))
    if not out:
        raise FileNotFoundError(f"no evaluation files found in {root}")
    return out


def read_sentiment_dev(path=None) -> pd.DataFrame:
    path = Path(path) if path else default_eval_dir() / "sentiment_nyt_dev.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    df = pd.DataFrame(rows)
    df["mean_rating"] = df["mean_rating"].astype(float)
    df["doc"] = df["id"].str.split("_").str[0]
    return df


def sentiment_classes(values, *, pos: float, neg: float) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(values >= pos, 1, np.where(values <= neg, -1, 0))


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall and F1 from true positives and the numbers predicted and gold (the one
    F1 helper every score here uses; an empty side gives 0, not a division error).

    >>> prf(3, 4, 6)
    {'precision': 0.75, 'recall': 0.5, 'f1': 0.6}
    """
    p = tp / max(1, n_pred)
    r = tp / max(1, n_gold)
    return {"precision": p, "recall": r, "f1": 0.0 if p + r == 0 else 2 * p * r / (p + r)}


def macro_f1(gold, pred) -> float:
    """F1 averaged over the classes present in ``gold``."""
    gold, pred = np.asarray(gold), np.asarray(pred)
    return float(np.mean([prf(int(np.sum((pred == c) & (gold == c))), int(np.sum(pred == c)),
                              int(np.sum(gold == c)))["f1"] for c in np.unique(gold)]))


def evaluate_sentiment(path=None, *, accurate: bool = True) -> pd.DataFrame:
    """Pearson r with mean_rating and 3-class macro F1, for the kit (both modes; the accurate mode
    when its encoder can run) and plain VADER."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from . import resources
    from .sentiment import NEGATIVE, POSITIVE, sentiment_scores

    df = read_sentiment_dev(path)
    gold = sentiment_classes(df["mean_rating"], pos=0.5, neg=-0.5)
    resources.nltk_data_dir()
    from nltk.sentiment.vader import SentimentIntensityAnalyzer as NltkVader

    nltk_vader = NltkVader(lexicon_file="sentiment/vader_lexicon/vader_lexicon.txt")
    ref = SentimentIntensityAnalyzer()
    systems = {
        "kit": sentiment_scores(df["text"]),
        "vaderSentiment 3.3.2": np.array([ref.polarity_scores(t)["compound"] for t in df["text"]]),
        "NLTK VADER": np.array([nltk_vader.polarity_scores(t)["compound"] for t in df["text"]]),
    }
    if accurate:
        from .encoder import EncoderUnavailable

        try:
            # In slices of an article's size, as profiles encode them; fitted on this file (in-sample).
            texts = df["text"].tolist()
            systems["kit, accurate mode (in-sample)"] = np.concatenate(
                [sentiment_scores(texts[i:i + 40], mode="accurate") for i in range(0, len(texts), 40)])
        except EncoderUnavailable:
            pass
    rows = []
    for name, scores in systems.items():
        rows.append({
            "system": name,
            "pearson_r": float(np.corrcoef(scores, df["mean_rating"])[0, 1]),
            "macro_f1": macro_f1(gold, sentiment_classes(scores, pos=POSITIVE, neg=NEGATIVE)),
            "sentences": len(df),
        })
    return pd.DataFrame(rows)


def read_hedge_dev(path) -> pd.DataFrame:
    with open(path, encoding="utf-8") as fh:
        return pd.DataFrame([json.loads(line) for line in fh if line.strip()])


def binary_prf(gold, pred) -> dict:
    """``prf`` of boolean labels."""
    gold, pred = np.asarray(gold, bool), np.asarray(pred, bool)
    return prf(int(np.sum(gold & pred)), int(pred.sum()), int(gold.sum()))


def hedged_predictions(texts, *, rules: bool = True, judge: bool = True) -> np.ndarray:
    """Sentence-level `hedged` for each text; rules=False is the plain cue-word list baseline,
    judge=False the hand-written context rules without the hedge-cue judge."""
    from . import hedging
    from .schema import UNCERTAIN_KINDS

    options = {} if judge else {"judge": None}
    return np.array([any(c.kind in UNCERTAIN_KINDS for c in hedging.find_cues(t, rules=rules, **options))
                     for t in texts])


def evaluate_hedging(paths: dict) -> pd.DataFrame:
    """Sentence-level precision, recall and F1 of `hedged` against `uncertain`, per corpus."""
    rows = []
    for corpus, path in paths.items():
        df = read_hedge_dev(path)
        for system, rules, judge in (("kit (the judge was fitted on this file: in-sample)", True, True),
                                     ("kit's hand-written context rules, no judge", True, False),
                                     ("kit's cue list without context rules", False, False)):
            scores = binary_prf(df["uncertain"], hedged_predictions(df["text"], rules=rules, judge=judge))
            rows.append({"corpus": corpus, "system": system, **scores,
                         "sentences": len(df)})
    return pd.DataFrame(rows)


def _bio_spans(tags) -> set:
    spans, start, typ = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != typ):
            spans.add((start, i, typ))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, typ = i, tag[2:]
    return spans


def read_conll_docs(path) -> list[list[dict]]:
    """CoNLL-2003 JSON lines grouped into documents, in file order."""
    docs: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.setdefault(rec["doc"], []).append(rec)
    return list(docs.values())


def evaluate_entities(path) -> pd.DataFrame:
    """Exact-span typed F1 on CoNLL-2003 (micro over all types, and per type)."""
    return entity_scores(read_conll_docs(path))


def entity_scores(docs: list[list[dict]], *, recognizer=None) -> pd.DataFrame:
    """Score ``find_entities`` (the kit's full entity pass) on CoNLL documents; ``recognizer``: an
    ``EntityRecognizer`` with other weights than the shipped ones.

    Each document is rebuilt as text, one sentence per line with tokens joined by spaces,
    so the kit sees it as it sees an article; predicted character spans are mapped back
    to tokens, and a span that does not fall on token boundaries counts as wrong."""
    from .entities import find_entities
    from .schema import ENTITY_TYPES as TYPES

    gold, pred = set(), set()
    for doc_id, sents in enumerate(docs):
        pieces, tok_at_start, tok_at_end, starts, pos = [], {}, {}, [], 0
        for si, rec in enumerate(sents):
            starts.append(pos)
            for ti, tok in enumerate(rec["tokens"]):
                tok_at_start[pos] = (si, ti)
                tok_at_end[pos + len(tok)] = (si, ti + 1)
                pieces.append(tok)
                pos += len(tok) + 1
            for s, e, t in _bio_spans(rec["tags"]):
                gold.add((doc_id, si, s, e, t))
        text = " ".join(pieces)
        # Sentences on their own lines, as the kit sees paragraphs.
        text = "".join("\n" if i + 1 in starts else ch for i, ch in enumerate(text))
        for m in find_entities(text, starts, recognizer=recognizer):
            a, b = tok_at_start.get(m.start), tok_at_end.get(m.end)
            if a and b and a[0] == b[0]:
                pred.add((doc_id, a[0], a[1], b[1], m.type))
            else:
                pred.add((doc_id, "misaligned", m.start, m.end, m.type))
    rows = []
    for typ in ("ALL",) + TYPES:
        g = {x for x in gold if typ == "ALL" or x[4] == typ}
        p = {x for x in pred if typ == "ALL" or x[4] == typ}
        rows.append({"type": typ, **prf(len(g & p), len(p), len(g)), "gold": len(g)})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- attribution (PolNeAR)

def read_polnear(path) -> list[dict]:
    """PolNeAR articles: ``text``, ``publisher`` and ``attributions``, each with ``source``,
    ``cue`` and ``content`` lists of [start, end, text] spans into ``text``."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _chars(spans) -> set:
    return {i for s, e, *_ in spans for i in range(s, e)}


def _overlaps(a: set, b: set) -> bool:
    """At least half of the shorter span in common (PolNeAR scoring as ../shared/eval says)."""
    return bool(a) and bool(b) and len(a & b) >= 0.5 * min(len(a), len(b))


def article_quotes(text: str, *, tagger=None) -> list:
    """The kit's attributions of one article's text as ``find_quotes`` gives them inside a
    profile (sentences from ``sentence_spans``, entities from ``find_entities``)."""
    from .entities import find_entities
    from .quotes import find_quotes
    from .tokenise import sentence_spans

    spans = sentence_spans(text)
    starts = [s for s, _, _ in spans]
    return find_quotes(text, starts, entities=find_entities(text, starts), paragraphs=[p for _, _, p in spans],
                       tagger=tagger)


def attribution_scores(docs: list[dict], *, tagger=None) -> pd.DataFrame:
    """Precision, recall and F1 of the kit's attributions against PolNeAR's: a found attribution
    matches a gold one when their contents overlap (at least half of the shorter span), and, for
    "content and source", when their sources overlap too (or both have none). One-to-one,
    greedily by content overlap. Then, per speaker type the kit gives, how many it found and the
    share of them matching with their source."""
    n_gold = n_pred = hit_content = hit_both = 0
    by_type: dict = {}
    for doc in docs:
        gold = [(_chars(a["content"]), _chars(a["source"])) for a in doc["attributions"] if a["content"]]
        found = article_quotes(doc["text"], tagger=tagger)
        n_gold += len(gold)
        n_pred += len(found)
        for need_source in (False, True):
            used: set = set()
            for q in found:
                content = set(range(q.start, q.end))
                source = set(range(q.speaker_start, q.speaker_end)) if q.speaker_start >= 0 else set()
                best, best_overlap = None, 0
                for k, (g_content, g_source) in enumerate(gold):
                    if k in used or not _overlaps(content, g_content):
                        continue
                    if need_source and not (_overlaps(source, g_source) or (not source and not g_source)):
                        continue
                    overlap = len(content & g_content)
                    if overlap > best_overlap:
                        best, best_overlap = k, overlap
                if best is not None:
                    used.add(best)
                    if need_source:
                        hit_both += 1
                    else:
                        hit_content += 1
                if need_source:
                    tally = by_type.setdefault(q.speaker_type, [0, 0])
                    tally[0] += 1
                    tally[1] += best is not None
    rows = [{"measure": "content found", **prf(hit_content, n_pred, n_gold), "found": n_pred, "gold": n_gold},
            {"measure": "content and source", **prf(hit_both, n_pred, n_gold), "found": n_pred, "gold": n_gold}]
    # Per speaker type only precision means something (gold attributions have no type).
    rows += [{"measure": f"speaker type '{t}'", "precision": good / n, "recall": float("nan"), "f1": float("nan"),
              "found": n, "gold": float("nan")} for t, (n, good) in sorted(by_type.items())]
    return pd.DataFrame(rows)
