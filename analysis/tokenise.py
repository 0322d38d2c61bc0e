"""Tokenise: paragraphs, sentences and words, each with character offsets.

Stage 3 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.

Sentences come from NLTK's Punkt algorithm, built from parameters the kit
ships (a news abbreviation list and frequent sentence starters, both in
``analysis/data/``) so no trained model has to be downloaded, followed by two
repairs Punkt does not make on its own (a quoted question or exclamation
followed by a lower-case attribution, and "No." before a number).

>>> text = "Gen. Smith met Mr. Ivanov in the U.S. on Monday. Talks went on."
>>> [text[s:e] for s, e, _ in sentence_spans(text)]
['Gen. Smith met Mr. Ivanov in the U.S. on Monday.', 'Talks went on.']
>>> [t for _, _, t in word_spans("Russia’s Iskander-M, 1,200 km away.")]
['Russia', '’s', 'Iskander-M', ',', '1,200', 'km', 'away', '.']
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from . import resources

__all__ = ["paragraph_spans", "sentence_spans", "paragraph_slices", "punkt_tokenizer", "word_spans", "token_offsets",
           "n_words", "sentence_tokens", "WORD_PATTERN", "TOKEN_PATTERN"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NON_EMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")

# One alternation, tried left to right: the first branch that matches wins.
# (name, pattern, counted as a word?)
_TOKEN_BRANCHES = [
    ("url", r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]", True),
    # Only from the start of a run of address characters, and without giving any back: from each
    # position of a long run of "-" or "." the plain pattern would rescan the rest of the run.
    ("email", r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+", True),
    ("handle", r"(?<!\w)[@#][A-Za-z_]\w*", True),
    ("acronym", r"(?:[A-Za-z]\.){2,}", True),  # U.S.  U.N.  a.m.
    # A word, or a site's name ("Amazon.com", "BBC.co.uk": one name, not "Amazon . com").
    ("word", r"[$€£]?\w+(?:(?:[-&]|(?<=\d)[.,:/](?=\d)|['’](?![sS]\b))\w+)*(?:\.(?:com|org|net|gov|edu|io|co\.uk)\b)?%?",
     True),
    ("clitic", r"['’][sS]\b", False),  # possessive 's
    ("punct", r"[^\w\s]", False),
]
_ADDRESS_BRANCHES = ("url", "email", "handle")
WORD_PATTERN = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat, _ in _TOKEN_BRANCHES))
# The same alternation without groups, so ``findall`` returns the token strings.
TOKEN_PATTERN = re.compile("|".join(pat for _, pat, _ in _TOKEN_BRANCHES))
# Counted and uncounted branches as two groups: one findall gives the tokens and, from which
# group matched, the word count, in C rather than looping over match objects in Python.
_PAIR_PATTERN = re.compile("(" + "|".join(p for _, p, c in _TOKEN_BRANCHES if c) + ")|("
                           + "|".join(p for _, p, c in _TOKEN_BRANCHES if not c) + ")")
# The same without the address branches (url, email, handle), for text holding none of the
# characters they need: every word would otherwise be scanned twice, once by the email branch
# (which reads a whole run of word characters before it fails at the missing "@"), a quarter of
# the tokenising time. Where none of them can match, both patterns cut the same tokens.
_PLAIN_PAIR_PATTERN = re.compile("(" + "|".join(p for n, p, c in _TOKEN_BRANCHES if c and n not in _ADDRESS_BRANCHES)
                                 + ")|(" + "|".join(p for _, p, c in _TOKEN_BRANCHES if not c) + ")")
_ADDRESS_MARKS = ("@", "#", "http", "www.")  # what the url, email and handle branches cannot match without
_WORD_START = re.compile(r"""^[\s"'“‘(\[«]*(\S)""")
_NUMBER_SIGN = re.compile(r"\bNos?\.$")
# Where Punkt may end a sentence: ".", "?" or "!" not followed by a letter or digit (Punkt needs
# white space or punctuation after it). A paragraph with no such place before its last character
# is one sentence ("1.5", "www.example.org" do not count), and Punkt need not run.
_POSSIBLE_END = re.compile(r"[.?!](?!\w)")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end): blank-line separated if the text has blank lines, else one per line."""
    if _BLANK_LINE.search(text):
        spans, pos = [], 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        out = []
        for s, e in spans:
            chunk = text[s:e]
            lstrip = len(chunk) - len(chunk.lstrip())
            rstrip = len(chunk) - len(chunk.rstrip())
            if e - rstrip > s + lstrip:
                out.append((s + lstrip, e - rstrip))
        return out
    out = []
    for m in _NON_EMPTY_LINE.finditer(text):
        line = m.group()
        lstrip = len(line) - len(line.lstrip())
        out.append((m.start() + lstrip, m.start() + len(line.rstrip())))
    return out


@lru_cache(maxsize=1)
def punkt_tokenizer():
    """NLTK's Punkt sentence splitter with the kit's abbreviations and sentence starters (built once)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(resources.abbreviations())
    params.sent_starters = set(resources.sentence_starters())
    return PunktSentenceTokenizer(params)


def _needs_merge(prev: str, nxt: str) -> bool:
    m = _WORD_START.match(nxt)
    if not m:
        return False
    first = m.group(1)
    if first.islower():
        # '"Why?" she asked.' / 'at 3 p.m. local time': a lower-case start continues the sentence.
        return True
    if first in ")]}.,;:":
        return True
    if first.isdigit() and _NUMBER_SIGN.search(prev):
        return True  # "No. 5": the number sign, not the word "no"
    return False


# Punkt reads a paragraph at a time, and NLTK stops a regular expression that runs for 5 s (a
# paragraph of some megabytes): longer paragraphs are cut first, at white space after a sentence's
# end where there is one in the last 10% of the slice, else at white space, else anywhere.
MAX_PARAGRAPH = 100_000
_CUT_AFTER_END = re.compile(r"[.?!][\"'”’)\]]*\s")


def paragraph_slices(para: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of ``para`` no longer than ``MAX_PARAGRAPH`` characters."""
    if len(para) <= MAX_PARAGRAPH:
        return [(0, para)]
    out, start = [], 0
    while len(para) - start > MAX_PARAGRAPH:
        limit = start + MAX_PARAGRAPH
        ends = [m.end() for m in _CUT_AFTER_END.finditer(para, limit - MAX_PARAGRAPH // 10, limit)]
        cut = ends[-1] if ends else para.rfind(" ", start + 1, limit) + 1 or limit
        piece = para[start:cut]
        stripped = piece.rstrip()
        if stripped:
            out.append((start, stripped))
        start = cut
        while start < len(para) and para[start].isspace():
            start += 1
    if start < len(para):
        out.append((start, para[start:]))
    return out


def sentence_spans(text: str, *, paragraphs=None) -> list[tuple[int, int, int]]:
    """Sentences as (start, end, para_id); a sentence never crosses a paragraph.

    ``paragraphs``, optional: the (para_id, start, end) paragraphs to split, a run of those
    ``paragraph_spans`` gives (a very long article is split a part at a time); by default all."""
    punkt = punkt_tokenizer()
    out = []
    if paragraphs is None:
        paragraphs = [(k, s, e) for k, (s, e) in enumerate(paragraph_spans(text))]
    for para_id, ps, pe in paragraphs:
        para = text[ps:pe]
        if _POSSIBLE_END.search(para, 0, len(para) - 1) is None:
            # No place before the paragraph's last character where Punkt could break ("1.5",
            # "e.g" inside a word do not count): the paragraph is one sentence.
            out.append((ps, pe, para_id))
            continue
        spans = [(cut + s, cut + e) for cut, piece in paragraph_slices(para) for s, e in punkt.span_tokenize(piece)]
        merged: list[list[int]] = []
        for s, e in spans:
            # The sentence so far matters only by its last few characters ("No."); slicing it whole
            # would copy ever longer strings when many pieces merge.
            if merged and _needs_merge(para[max(merged[-1][0], merged[-1][1] - 8):merged[-1][1]], para[s:e]):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        out.extend((ps + s, ps + e, para_id) for s, e in merged)
    return out


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Tokens as (start, end, text) with offsets into ``text``; punctuation included."""
    end = len(text) if end is None else end
    return [(m.start(), m.end(), m.group()) for m in WORD_PATTERN.finditer(text, start, end)]


def token_offsets(text: str, start: int, tokens: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, token) for tokens as this module's patterns cut them from ``text`` from
    ``start`` on: tokens are separated by white space only, so each is the next occurrence of
    its text (a search per token, about three times faster than matching the pattern again).

    >>> token_offsets("He said: no.", 0, ["He", "said", ":", "no", "."])
    [(0, 2, 'He'), (3, 7, 'said'), (7, 8, ':'), (9, 11, 'no'), (11, 12, '.')]
    """
    out, pos, find = [], start, text.find
    for tok in tokens:
        at = find(tok, pos)
        pos = at + len(tok)
        out.append((at, pos, tok))
    return out


def n_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Number of words (punctuation and possessive 's not counted).

    >>> n_words("Belarus’s MoD said so.")
    4
    """
    end = len(text) if end is None else end
    return _n_counted(_PAIR_PATTERN.findall(text, start, end))


def sentence_tokens(text: str, spans) -> tuple[list[list[str]], list[int]]:
    """Each span's tokens (punctuation included, as ``word_spans`` has them) and its number of
    words (as ``n_words`` counts them), from one scan per span; ``spans`` are (start, end, ...).

    >>> sentence_tokens("Belarus’s MoD said so. Talks went on.", [(0, 22), (23, 37)])
    ([['Belarus', '’s', 'MoD', 'said', 'so', '.'], ['Talks', 'went', 'on', '.']], [4, 3])
    """
    tokens, counts = [], []
    pattern = _PAIR_PATTERN if any(mark in text for mark in _ADDRESS_MARKS) else _PLAIN_PAIR_PATTERN
    for span in spans:
        pairs = pattern.findall(text, span[0], span[1])
        tokens.append(list(map("".join, pairs)))
        counts.append(_n_counted(pairs))
    return tokens, counts


def _n_counted(pairs: list[tuple[str, str]]) -> int:
    """Matches of _PAIR_PATTERN in the counted group (the first)."""
    return len(pairs) - list(map(itemgetter(0), pairs)).count("")
