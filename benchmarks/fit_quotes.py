"""Fit the attribution tagger's CRF weights on PolNeAR and score the kit's quotes on its dev split.

    python benchmarks/fit_quotes.py            # fit on train, score on dev
    python benchmarks/fit_quotes.py --write    # also write analysis/data/quote_cues.csv and
                                               #   analysis/data/quote_weights.tsv
    python benchmarks/fit_quotes.py --write-cues   # only quote_cues.csv, no fitting

Needs the ``fit`` extra (python-crfsuite); the kit itself only reads the two files. PolNeAR
(Newell, Margolin & Ruths 2018; ``../shared/eval/attribution_polnear_{train,dev}.jsonl``) marks
every attribution's source, cue and content in US political news. The reporting words that make
a sentence worth tagging are the lower-case words of the training set's cues seen at least
``--min-cue`` times (function words by their Brill tag left out), plus the kit's attribution cues;
the tagger is fitted on the sentences holding one, tokens labelled by the span they fall in (cue
over source over content when annotations nest). Scoring follows ../shared/eval/README.md: a
found attribution matches when its content overlaps a gold content by at least half of the
shorter span, and its source the gold source likewise (or neither has one).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import crf  # noqa: E402
from analysis import quote_model as qm  # noqa: E402
from analysis import resources  # noqa: E402
from analysis.evaluate import attribution_scores, default_eval_dir, read_polnear  # noqa: E402
from analysis.quotes import sentence_tokens_and_flags  # noqa: E402
from analysis.tokenise import TOKEN_PATTERN, WORD_PATTERN, sentence_spans  # noqa: E402

_FUNCTION_TAGS = {"DT", "IN", "CC", "TO", "PRP", "PRP$", "WDT", "WP", "WRB", "EX", "PDT", "POS", "RP"}


def _cue_counts(docs) -> tuple[Counter, Counter]:
    """How often each lower-case word is inside a cue, and how often it occurs, in ``docs``."""
    in_cues: Counter = Counter()
    seen: Counter = Counter()
    for doc in docs:
        seen.update(w.lower() for w in TOKEN_PATTERN.findall(doc["text"]))
        for a in doc["attributions"]:
            for s, e, _ in a["cue"]:
                in_cues.update(m.group().lower() for m in WORD_PATTERN.finditer(doc["text"], s, e))
    return in_cues, seen


def reporting_words(docs, min_count: int, min_rate: float) -> list[str]:
    """Words inside the training set's cues at least ``min_count`` times and in at least
    ``min_rate`` of their occurrences (so "said" is one and "is" is not), less function words."""
    in_cues, seen = _cue_counts(docs)
    lex = resources.brill_lexicon()
    kit = {w for r in resources.read_table("cues.csv") if r["kind"] == "attribution" for w in r["cue"].lower().split()}
    keep = {w for w, n in in_cues.items() if n >= min_count and n >= min_rate * seen[w]}
    return sorted(w for w in keep | kit if w.isalpha() and lex.get(w) not in _FUNCTION_TAGS)


# For a form the training set lacks, which form of the same verb lends it its weights, by tag.
_NEAREST_TAGS = {"VBZ": ("VBZ", "VBD", "VBP", "VB", "VBN", "VBG"), "VBP": ("VBP", "VB", "VBZ", "VBD", "VBN", "VBG"),
                 "VB": ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG"), "VBD": ("VBD", "VBN", "VB", "VBZ", "VBP", "VBG"),
                 "VBN": ("VBN", "VBD", "VB", "VBZ", "VBP", "VBG"), "VBG": ("VBG", "VBD", "VBN", "VB", "VBZ", "VBP")}


def other_forms(docs, words: list[str], min_count: int, min_rate: float, *, with_gerunds: bool = True) -> dict:
    """{form: the reporting word it reads as} for the other forms of the reporting verbs
    (``simplemma``'s English forms that the Brill lexicon tags as verbs). PolNeAR's political news
    reports in the past tense, so its cues are "warned", "conceded", "likened", while features and
    blogs write "warns", "concedes", "likens" (extraction_dev 0839 lost four attributions so). Such
    a form is a reporting word and takes the tagger's weights of the nearest form learnt (by tag:
    "warns" reads as "warned"). A form the training set has seen often enough to judge
    (``min_count``) is left out when it is seldom in a cue there, as the words themselves are."""
    in_cues, seen = _cue_counts(docs)
    forms, lex = resources.english_word_forms(), resources.brill_lexicon()
    learnt = set(words)
    paradigm: dict = {}
    for form, lemma in forms.items():
        if form.isalpha() and form.islower() and lex.get(form, "").startswith("VB"):
            paradigm.setdefault(lemma, set()).add(form)
    for lemma in list(paradigm):
        if lex.get(lemma, "").startswith("VB"):
            paradigm[lemma].add(lemma)
    out = {}
    for lemma, members in sorted(paradigm.items()):
        known = sorted(members & learnt)
        if not known or lemma in qm.LIGHT_VERBS:
            continue
        for form in sorted(members - learnt):
            if lex[form] == "VBG" and not with_gerunds:
                continue
            if seen[form] >= min_count and in_cues[form] < min_rate * seen[form]:
                continue  # the data has seen enough of it to say it is seldom a cue
            order = _NEAREST_TAGS[lex[form]]
            out[form] = min(known, key=lambda w: (order.index(lex[w]) if lex[w] in order else 9, w))
    return out


def sequences(docs):
    """(features, labels) for every candidate sentence of the articles."""
    for doc in docs:
        text = doc["text"]
        spans = sentence_spans(text)
        chosen, tokens, flags = sentence_tokens_and_flags(text, [s for s, _, _ in spans], [p for _, _, p in spans])
        owner: dict = {}  # character -> (priority, kind, attribution, piece)
        for k, a in enumerate(doc["attributions"]):
            for priority, kind in ((0, "CUE"), (1, "SRC"), (2, "CNT")):
                for piece, (s, e, _) in enumerate(a[{"CUE": "cue", "SRC": "source", "CNT": "content"}[kind]]):
                    for i in range(s, e):
                        if i not in owner or owner[i][0] > priority:
                            owner[i] = (priority, kind, k, piece)
        for sid in chosen:
            toks, fl = tokens[sid], flags[sid]
            words = [t for _, _, t in toks]
            labels, previous = [], None
            for s, e, _ in toks:
                got = owner.get(s) or owner.get(e - 1)
                if got is None:
                    labels.append("O")
                    previous = None
                    continue
                key = got[1:]
                labels.append(("I-" if key == previous else "B-") + got[1])
                previous = key
            yield qm.token_features(words, fl), labels


def fit(docs, *, c1: float, c2: float, iterations: int):
    """CRFsuite's weights fitted on the candidate sentences, and how many sentences there were."""
    count = 0

    def counted():  # the sentences stream into the trainer; only their number is kept
        nonlocal count
        for item in sequences(docs):
            count += 1
            yield item

    state_features, transitions = crf.fit(counted(), c1=c1, c2=c2, iterations=iterations)
    return state_features, transitions, count


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=default_eval_dir() / "attribution_polnear_train.jsonl")
    ap.add_argument("--dev", type=Path, default=default_eval_dir() / "attribution_polnear_dev.jsonl")
    ap.add_argument("--min-cue", type=int, default=3)
    ap.add_argument("--min-rate", type=float, default=0.1)
    ap.add_argument("--c1", type=float, default=0.0)
    ap.add_argument("--c2", type=float, default=0.3)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--min-weight", type=float, default=0.01)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--write-cues", action="store_true", help="write quote_cues.csv alone, keeping the weights")
    args = ap.parse_args(argv)
    train, dev = read_polnear(args.train), read_polnear(args.dev)
    words = reporting_words(train, args.min_cue, args.min_rate)
    stand_ins = other_forms(train, words, args.min_cue, args.min_rate)
    cues_file = resources.data_path("quote_cues.csv")
    if args.write or args.write_cues or not cues_file.exists():
        head = ["# Reporting words: a sentence holding one of them (or a quotation mark or colon) is read by the attribution"
                " tagger (analysis/quote_model.py), and the words are one of its features; a word with reads_as takes the"
                " tagger's word weights of that form of the same verb.",
                f"# Source: benchmarks/fit_quotes.py --write: the lower-case words of the cues in PolNeAR's training articles"
                f" seen there at least {args.min_cue} times and in at least {args.min_rate:.0%} of their occurrences, less"
                " function words (Brill tags), plus the kit's attribution cues (cues.csv); and the other forms of those"
                " verbs in simplemma's English forms (reads_as: the nearest form learnt), less those seen there at least"
                f" {args.min_cue} times and in a cue less often than that.", "word,reads_as"]
        rows = sorted([(w, "") for w in words] + list(stand_ins.items()))
        cues_file.write_text("\n".join(head + [f"{w},{r}" for w, r in rows]) + "\n", encoding="utf-8")
        print(f"wrote {len(words):,} reporting words and {len(stand_ins):,} other forms of them to {cues_file}")
    if args.write_cues:
        return 0
    qm.reporting_words.cache_clear()
    t0 = time.perf_counter()
    sf, tr, n = fit(train, c1=args.c1, c2=args.c2, iterations=args.iterations)
    weights = crf.as_weights(sf, tr, qm.LABELS, min_weight=args.min_weight)
    print(f"fitted on {n:,} candidate sentences of {len(train)} training articles ({len(words)} reporting words,"
          f" {sum(len(v) for v in weights[0].values()):,} weights) [{time.perf_counter() - t0:.0f} s]", flush=True)
    scores = attribution_scores(dev, tagger=qm.QuoteTagger(weights))
    print(f"PolNeAR dev ({len(dev)} articles):")
    print(scores.round(3).to_string(index=False))
    if args.write:
        rows = crf.weight_rows(sf, tr, min_weight=args.min_weight)
        head = ["# Weights of the attribution tagger's linear-chain CRF (analysis/quote_model.py): one row per feature and"
                " BIO label; feature '->' rows are label transitions (label column 'from>to').",
                f"# Source: fitted by benchmarks/fit_quotes.py with CRFsuite (c1={args.c1}, c2={args.c2},"
                f" {args.iterations} iterations) on PolNeAR 1.0's training articles ({len(train)}, US political news,"
                f" first annotator); weights below {args.min_weight} dropped.",
                "feature\tlabel\tweight"]
        out = resources.data_path(qm.WEIGHTS_FILE)
        out.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        print(f"wrote {len(rows):,} rows to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
