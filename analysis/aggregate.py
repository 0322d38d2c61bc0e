"""Aggregate: per-sentence flags, paragraph arc, article metrics and per-entity tables.

Stage 5 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.
Every function takes plain columns (lists, or dicts of lists) and returns plain
columns, so a corpus run can aggregate thousands of short articles without
building a pandas object per article; ``profile_article`` wraps the results in
DataFrames. Article sentiment is the mean of sentence scores, never the compound
score of the whole text, which saturates towards +-1 on long articles.

>>> flags = sentence_flags(2, [CueRow(0, 0, 7, "Sources", "weasel", "vague attribution"),
...                            CueRow(1, 30, 33, "may", "hedge", "modal")],
...                        [QuoteRow(0, 0, 14, 29, 0, 7, "Sources", "", "anonymous", "said", "indirect", 8, 12)])
>>> flags["hedges"], flags["hedged"], flags["attribution"]
([1, 1], [True, True], ['anonymous', ''])
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations

from .hedging import cue_lexicon
from .quotes import speaker_label
from .schema import PARAGRAPH_COLUMNS, UNCERTAIN_KINDS, CueRow, EntityRow, QuoteRow
from .sentiment import NEGATIVE, POSITIVE

__all__ = ["sentence_flags", "voice_values", "paragraph_columns", "summary_values", "summary_metrics", "english_measures", "entity_stats",
           "cooccurrence_rows"]


# A sentence's attribution when it holds several: the least accountable source wins.
_ATTRIBUTION_ORDER = ("anonymous", "vague", "none", "named")


def sentence_flags(n_sentences: int, cues: list[CueRow], quotes: list[QuoteRow]) -> dict:
    """hedges, boosters, hedged and attribution for each sentence, from the cue and quote rows.

    A sentence is ``hedged`` when it holds a hedge or weasel cue. Its ``attribution`` is the
    speaker type of the quotes whose cue it holds ('anonymous', 'vague', 'none' or 'named', the
    first of these present), '' when it holds none: one mechanism, the quotes table."""
    hedges = [0] * n_sentences
    boosters = [0] * n_sentences
    for c in cues:
        if c.kind in UNCERTAIN_KINDS:
            hedges[c.sent_id] += 1
        elif c.kind == "booster":
            boosters[c.sent_id] += 1
    rank = {t: k for k, t in enumerate(_ATTRIBUTION_ORDER)}
    attribution = [""] * n_sentences
    for q in quotes:
        now = attribution[q.sent_id]
        if not now or rank[q.speaker_type] < rank[now]:
            attribution[q.sent_id] = q.speaker_type
    return {"hedges": hedges, "boosters": boosters, "hedged": [h > 0 for h in hedges], "attribution": attribution}


def voice_values(sent: dict, quotes: list[QuoteRow]) -> dict:
    """The reporter's voice apart from the sources': a sentence is *quoted* when at least half of
    its characters lie in the content of a quote; the mean sentiment and hedged share of the
    quoted sentences and of the others (NaN when there are none), and the share of the article's
    characters that are quoted content."""
    covered = sorted((q.start, q.end) for q in quotes)
    merged: list = []
    for s, e in covered:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    quoted = []
    k = 0
    for s, e in zip(sent["start"], sent["end"]):
        inside = 0
        while k < len(merged) and merged[k][1] <= s:
            k += 1
        j = k
        while j < len(merged) and merged[j][0] < e:
            inside += min(e, merged[j][1]) - max(s, merged[j][0])
            j += 1
        quoted.append(e > s and inside >= 0.5 * (e - s))
    total = sum(e - s for s, e in zip(sent["start"], sent["end"]))
    out = {"quoted_share": sum(min(e, sent["end"][-1]) - s for s, e in merged) / total if total and merged else 0.0}
    for name, want in (("quoted", True), ("reporter", False)):
        ids = [i for i, q in enumerate(quoted) if q == want]
        out[f"sentiment_{name}"] = math.fsum(sent["sentiment"][i] for i in ids) / len(ids) if ids else math.nan
        out[f"hedged_share_{name}"] = sum(1 for i in ids if sent["hedged"][i]) / len(ids) if ids else math.nan
    return out


def _per_100(count, words) -> float:
    return 100.0 * count / words if words else 0.0


def paragraph_columns(sent: dict) -> dict:
    """One row per paragraph (for the arc): start, end, n_sentences, n_words, sentiment_mean, hedges,
    hedge_density (hedge and weasel cues per 100 words)."""
    out = {k: [] for k in PARAGRAPH_COLUMNS}
    rows = zip(sent["para_id"], sent["start"], sent["end"], sent["n_words"], sent["sentiment"], sent["hedges"])
    current = None
    for pid, s, e, nw, score, h in rows:
        if pid != current:
            current = pid
            out["para_id"].append(pid)
            out["start"].append(s)
            for k, v in (("end", e), ("n_sentences", 0), ("n_words", 0), ("sentiment_mean", 0.0), ("hedges", 0)):
                out[k].append(v)
        out["end"][-1] = e
        out["n_sentences"][-1] += 1
        out["n_words"][-1] += nw
        out["sentiment_mean"][-1] += score
        out["hedges"][-1] += h
    out["sentiment_mean"] = [t / n for t, n in zip(out["sentiment_mean"], out["n_sentences"])]
    # A paragraph whose sentences were not scored (text not in English: sentiment NaN) was not
    # searched for hedges either: its density is missing, not 0.
    out["hedge_density"] = [_per_100(h, max(w, 1)) if not math.isnan(m) else math.nan
                            for h, w, m in zip(out["hedges"], out["n_words"], out["sentiment_mean"])]
    return out


@lru_cache(maxsize=1)
def _cue_categories() -> tuple[str, ...]:
    # Every category of the lexicon gets a column, so all articles of a corpus share one schema.
    entries, _ = cue_lexicon()
    cats = {e.category for e in entries.values() if e.kind != "attribution"}
    return tuple(sorted(cats))


def _category_column(category: str) -> str:
    return "cues_" + re.sub(r"\W+", "_", category).strip("_")


def summary_metrics() -> list[str]:
    """The names of the article metrics, in order (the columns of ``corpus.summary``)."""
    return list(_metric_names())


@lru_cache(maxsize=1)
def _metric_names() -> tuple[str, ...]:
    return ("n_words", "n_sentences", "n_paragraphs", "n_repairs", "language", "mode", *english_measures())


@lru_cache(maxsize=1)
def _category_columns() -> tuple[tuple[str, str], ...]:
    """(cue category, its summary column), worked out once rather than per article."""
    return tuple((c, _category_column(c)) for c in _cue_categories())


@lru_cache(maxsize=1)
def english_measures() -> tuple[str, ...]:
    """The metrics that only English text has (NaN for an article in another language)."""
    return ("sentiment_mean", "sentiment_min", "sentiment_max", "positive_share", "neutral_share",
            "negative_share", "hedge_density", "hedged_share", "booster_density", "anonymous_sources",
            "named_sources", "n_entities", "n_entity_mentions", "n_quotes", "vague_sources", "unattributed_quotes",
            "quoted_share", "sentiment_reporter", "sentiment_quoted", "hedged_share_reporter",
            "hedged_share_quoted") + tuple(col for _, col in _category_columns())


def summary_values(sent: dict, cues: list[CueRow], entities: list[EntityRow], n_repairs: int, *,
                   language: str = "en", quotes: list[QuoteRow] = (), mode: str = "fast") -> dict:
    """Headline metrics of one article (see ``summary_metrics`` for the names); for an article
    not in English, the English-only measures are NaN. ``mode``: how sentence sentiment was
    scored ("fast" or "accurate"), recorded with the measures. Sourcing comes from the quotes:
    ``anonymous_sources`` and ``vague_sources`` count attributions to unnamed and vague sources,
    ``named_sources`` the distinct named speakers, ``unattributed_quotes`` those with no source."""
    n = len(sent["sentiment"])
    scores = sent["sentiment"]
    words = sum(sent["n_words"])
    uncertain = sum(1 for c in cues if c.kind in UNCERTAIN_KINDS)
    boosters = sum(1 for c in cues if c.kind == "booster")
    by_cat = Counter(c.category for c in cues if c.kind != "attribution")
    speakers = Counter(q.speaker_type for q in quotes)
    out = {
        "n_words": words,
        "n_sentences": n,
        "n_paragraphs": len(set(sent["para_id"])),
        "n_repairs": n_repairs,
        "sentiment_mean": math.fsum(scores) / n if n else 0.0,
        "sentiment_min": min(scores) if n else 0.0,
        "sentiment_max": max(scores) if n else 0.0,
        "positive_share": sum(1 for x in scores if x > POSITIVE) / n if n else 0.0,
        "neutral_share": sum(1 for x in scores if NEGATIVE <= x <= POSITIVE) / n if n else 0.0,
        "negative_share": sum(1 for x in scores if x < NEGATIVE) / n if n else 0.0,
        "hedge_density": _per_100(uncertain, words),
        "hedged_share": sum(sent["hedged"]) / n if n else 0.0,
        "booster_density": _per_100(boosters, words),
        "anonymous_sources": speakers["anonymous"],
        "named_sources": len({q.speaker_name or speaker_label(q.speaker) for q in quotes if q.speaker_type == "named"}),
        "n_entities": len({(e.name, e.type) for e in entities}),
        "n_entity_mentions": len(entities),
        "n_quotes": len(quotes),
        "vague_sources": speakers["vague"],
        "unattributed_quotes": speakers["none"],
        **voice_values(sent, quotes),
    }
    for cat, col in _category_columns():
        out[col] = by_cat.get(cat, 0)
    out["language"] = language
    out["mode"] = mode
    if language != "en":
        out.update(dict.fromkeys(english_measures(), math.nan))
    return {name: out[name] for name in _metric_names()}


def entity_stats(entities: list[EntityRow], sent: dict, quotes: list[QuoteRow] = ()) -> list[tuple]:
    """Per entity: name, type, mentions, sentences mentioning it, and the mean sentiment and hedged
    share of those sentences (what is said about whom, and how surely), and how often it is quoted
    (quotes whose speaker resolves to it). Most mentioned first (columns
    ``schema.ENTITY_STATS_COLUMNS``)."""
    quoted = Counter(q.speaker_name for q in quotes if q.speaker_name)
    mentions: Counter = Counter()
    in_sents: dict = defaultdict(set)
    for e in entities:
        mentions[(e.name, e.type)] += 1
        in_sents[(e.name, e.type)].add(e.sent_id)
    rows = []
    for key, count in mentions.items():
        sids = in_sents[key]
        k = len(sids)
        rows.append((key[0], key[1], count, k,
                     math.fsum(sent["sentiment"][i] for i in sids) / k,
                     sum(1 for i in sids if sent["hedged"][i]) / k, quoted.get(key[0], 0)))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


def cooccurrence_rows(entities: list[EntityRow]) -> list[tuple]:
    """Pairs of entities named in the same sentence: name_a, type_a, name_b, type_b, sentences
    (how many sentences mention both). Most frequent pairs first."""
    by_sentence: dict = defaultdict(set)
    for e in entities:
        by_sentence[e.sent_id].add((e.name, e.type))
    pairs: Counter = Counter()
    for names in by_sentence.values():
        for a, b in combinations(sorted(names), 2):
            pairs[(a, b)] += 1
    rows = [(a[0], a[1], b[0], b[1], k) for (a, b), k in pairs.items()]
    rows.sort(key=lambda r: (-r[4], r[0], r[2]))
    return rows
