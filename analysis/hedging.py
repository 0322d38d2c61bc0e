"""Annotate: hedges, weasel words, boosters and who a claim rests on.

Cues are data (``analysis/data/cues.csv``: cue, kind, category, rule). They are
matched in one pass by a single compiled alternation, longest cue first, so a
multi-word cue ("has not been officially confirmed") wins over its parts
("confirmed"). A match whose entry names a ``rule`` is then checked by that
context rule, which can veto it; each rule's docstring says what it fixes and
what the dev data showed.

>>> cues = find_cues("Sources close to the talks suggest the deal may collapse in May 2025.")
>>> [(c.text, c.kind) for c in cues]
[('Sources close to', 'weasel'), ('suggest', 'hedge'), ('may', 'hedge')]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from . import resources
from .schema import UNCERTAIN_KINDS, CueRow

__all__ = ["Cue", "CueEntry", "Match", "HedgeJudge", "default_judge", "hedge_matches", "judged", "cue_lexicon",
           "find_cues", "cue_rows", "UNCERTAIN_KINDS"]


class CueEntry(NamedTuple):
    """What ``cues.csv`` says of one cue."""
    kind: str
    category: str
    rule: object  # the context rule that may veto a match, or None


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str
    category: str


# ----------------------------------------------------------------------------- context rules
# Each rule gets the text, the match span and the lower-cased cue, and returns False to veto.

_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|on|of|since|until|till|by|from|through|during|early|late|mid|last|next|this|before|after)\s+)$", re.I)
_DATE_AFTER = re.compile(r"^\s*(?:\d|,\s*\d|of\s+(?:this|last|next)\b)")


_PERMISSION = re.compile(r"\s+(?:I|we|you|he|she|they|it)\b")


def may_rule(text: str, start: int, end: int) -> bool:
    """"May" the month is no hedge: capitalised "May" before a number ("May 2025", "May 9")
    or after a preposition or "last/next/early" ("in May"). In the Wikipedia dev half most
    non-cue occurrences of "may" are the month."""
    if text[start] != "M":
        return True
    if _DATE_AFTER.match(text[end:end + 12]):
        return False
    before = text[max(0, start - 20):start]
    if _MONTH_CONTEXT.search(before):
        return False
    # Sentence-initial "May" is the modal, a capital elsewhere is a name or the month; and the modal
    # before a pronoun asks leave or wishes ("May we take this opportunity to thank ...", a real
    # page's; "May I ask"): permission, not doubt.
    initial = not re.search(r"\w[\s,]*$", before) or bool(re.search(r"[.!?:\"'“‘]\s*$", before))
    return initial and not _PERMISSION.match(text[end:end + 8])


_NEGATED = re.compile(r"^(?:\s+not\b|n[’']t\b|\s+n[’']t\b|\s+never\b)", re.I)
_REACHED = re.compile(r"^\s+(?:not\s+)?be\s+reached\b", re.I)


def could_rule(text: str, start: int, end: int) -> bool:
    """"could not" / "couldn't" report past inability, not uncertainty ("He could not attend"),
    and "could be reached (for comment)" is ability; in the newswire dev half every "could n't"
    sentence was certain."""
    after = text[end:end + 24]
    return not (_NEGATED.match(after) or _REACHED.match(after))


def might_rule(text: str, start: int, end: int) -> bool:
    """"might" the noun ("military might", "with all his might") is no hedge."""
    before = text[max(0, start - 12):start].lower()
    return not re.search(r"(?:military|economic|naval|all\s+(?:its|his|her|their)|full|its|his|their)\s+$", before)


def if_rule(text: str, start: int, end: int) -> bool:
    """"as if" compares and "if any" / "if not" qualify an amount; neither marks an open
    possibility. Other "if" clauses are conditionals, which the corpus counts as uncertain."""
    before = text[max(0, start - 4):start].lower()
    after = text[end:end + 6].lower()
    return not (before.endswith("as ") or re.match(r"^\s+any\b", after))


_NUMBERISH = re.compile(r"^\s+(?:at\s+)?(?:[$€£]?\d|about\b|some\b|around\b|more\b|over\b)", re.I)


def estimated_rule(text: str, start: int, end: int) -> bool:
    """Approximations are not hedges: "an estimated 500", "estimated at $4.7 billion" give a
    figure (the newswire dev half marks them certain), while "analysts estimated that ..." is a
    doxastic cue."""
    before = text[max(0, start - 8):start].lower()
    return not (re.search(r"\b(?:an|the)\s+$", before) or _NUMBERISH.match(text[end:end + 16]))


_DETERMINER = re.compile(r"\b(?:the|a|an|one|two|three|several|main|prime|murder|key|police|chief|possible|suspected|usual|each|no)\s+$", re.I)


def suspect_rule(text: str, start: int, end: int) -> bool:
    """"the suspect" / "a suspect" / "two suspects" are people, not doubt; the verb
    ("officials suspect that ...") is a doxastic cue."""
    return not _DETERMINER.search(text[max(0, start - 20):start])


def expected_rule(text: str, start: int, end: int) -> bool:
    """"as expected" reports that something happened; no uncertainty is left."""
    return not text[max(0, start - 3):start].lower().endswith("as ")


def appear_rule(text: str, start: int, end: int) -> bool:
    """"appeared in/on/at/before" is physical appearance ("appeared in court", "appeared on
    television"); only "appear(s) to" / "it appears" mark inference. The Wikipedia dev half has
    2 cue uses of "appeared" among 38 occurrences."""
    after = text[end:end + 12].lower()
    return not re.match(r"^\s+(?:in|on|at|before|with|as|alongside|onstage)\b", after)


def possible_rule(text: str, start: int, end: int) -> bool:
    """"as soon as possible", "the best possible", "made possible" and "possible to <verb>"
    speak of feasibility, not of what may be true; "it is possible that" stays a hedge.
    These uses were the largest source of false positives in the Wikipedia dev half."""
    before = text[max(0, start - 12):start].lower()
    if re.search(r"\b(?:as|best|only|made|make|makes|making|wherever|whenever|lowest|highest|greatest|smallest|largest)\s+$", before):
        return False
    return not re.match(r"^\s+to\b", text[end:end + 6], re.I)


_DOUBT_NEGATED = re.compile(r"(?:\b(?:not|never|no\s+one|nobody|little|hardly|scarcely)|n[’']t)\s+(?:\w+\s+)?$", re.I)


def negated_doubt(text: str, start: int, end: int) -> bool:
    """"never doubts", "does not doubt", "no one doubts that ..." state certainty: the doubt is
    denied. Such a "doubt" is a booster, not a hedge (it changes the cue's kind; it vetoes nothing)."""
    return bool(_DOUBT_NEGATED.search(text[max(0, start - 30):start]))


# Cues whose kind a negation turns round: a denied doubt is certainty.
_DOUBT_WORDS = frozenset({"doubt", "doubts", "doubted"})

_RULES = {rule.__name__: rule for rule in (
    may_rule, could_rule, might_rule, if_rule, estimated_rule, suspect_rule, expected_rule, possible_rule, appear_rule)}


# ----------------------------------------------------------------------------- matcher

@lru_cache(maxsize=1)
def cue_lexicon():
    """({cue: CueEntry}, compiled matcher), built once from cues.csv."""
    entries = {}
    for row in resources.read_table("cues.csv"):
        key = " ".join(row["cue"].lower().split())
        rule = _RULES.get(row["rule"]) if row["rule"] else None
        if row["rule"] and rule is None:
            raise ValueError(f"analysis/data/cues.csv: unknown rule {row['rule']!r} for cue {row['cue']!r}")
        entries[key] = CueEntry(row["kind"], row["category"], rule)
    body = _trie_pattern([a.split() for a in entries])
    pattern = re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.I)
    return entries, pattern


def _trie_pattern(phrases: list[list[str]]) -> str:
    """One regular expression for many phrases, factored by shared prefixes (a trie).

    A flat alternation of 250 cues makes the regex engine try every branch at every
    character; the trie tries one branch per distinct first letter, so matching costs
    about the same whatever the lexicon's size. Longer continuations come first, so a
    multi-word cue wins over its first word ("not sure whether" over "not sure")."""
    trie: dict = {}
    for words in phrases:
        node = trie
        chars = "\x00".join(words)  # \x00 marks the gap between words (\s+ in the pattern)
        for ch in chars:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted((c for c in node if c), key=lambda c: -_depth(node[c])):
            piece = r"\s+" if ch == "\x00" else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        # Greedy "?" tries the longer continuation first, then stops at this cue.
        return body + ("?" if ends else "")

    return build(trie)


def _depth(node: dict) -> int:
    return 1 + max((_depth(child) for child in node.values()), default=0)


_ANON_SUBJECT = re.compile(
    r"\b(?:sources?|officials?|diplomats?|analysts?|experts?|observers?|insiders?|aides?|people|critics|"
    r"residents|witnesses|reports?|media)\b[^.;:]{0,40}$", re.I)
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|I|we)\s+(?:later\s+|also\s+|then\s+)?$", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")
# A quotation just closed before the speech verb ('...,” said', "...?' asked").
_AFTER_QUOTE = re.compile(r"""[,.?!]?\s*[”"’']\s*$""")
# A name right after the verb that is its speaker ('said Lopiano, 52', 'said Don Penney of the fire
# department'), not the subject of a reported clause ('said Syria had indicated').
_SPEAKER_AFTER = re.compile(r"^\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*\s*(?:[,.;:!?]|$|\s+(?:of|from|who|at)\b)")
_NAME_AFTER = re.compile(r"^\s+(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)*")


def _attribution_category(text: str, start: int, end: int, sent_start: int, cue: str) -> str:
    """'named source', 'anonymous source' or 'unattributed' for a speech-verb cue."""
    if cue == "according to":
        after = text[end:end + 60]
        if _NAME_AFTER.match(after):
            return "named source"
        return "anonymous source" if re.match(r"^\s+(?:sources?|officials?|people|reports?|analysts|experts|diplomats)\b", after, re.I) else "unattributed"
    # Only the words just before the cue matter (the patterns end at it); a bounded window keeps a
    # sentence with many cues linear.
    before = text[max(sent_start, start - 200):start]
    window = before[-80:]
    if _PRONOUN_SUBJECT.search(before):
        return "named source"  # "he wrote": a pronoun points back to an identified person
    if _AFTER_QUOTE.search(before) and _SPEAKER_AFTER.match(text[end:end + 80]):
        # '“It’s safe over here and people want a safe area,” said Lopiano': the words before the
        # verb are the quotation, the speaker comes after it.
        return "named source"
    if _ANON_SUBJECT.search(window) and not re.search(r"[A-Z][a-z]+\s+[A-Z][a-z]+", window[-45:]):
        return "anonymous source"
    if _NAME.search(window) or _NAME_AFTER.match(text[end:end + 40]):
        return "named source"
    return "unattributed"


class Match(NamedTuple):
    """One cue match that its context rule let through: where, the text as written, the cue's key
    as ``cues.csv`` has it, and its kind and category (a denied doubt already a booster)."""
    start: int
    end: int
    text: str
    key: str
    kind: str
    category: str


_CONTEXT_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|[^\sA-Za-z]")
_NEGATORS = frozenset({"not", "n't", "never", "no", "without", "nor"})


class HedgeJudge:
    """Decides whether a match of a hedge cue is used as one: a logistic regression over
    the cue, its category, the verdict of its hand-written context rule, the words around it,
    negation, capitals and the sentence's start (``hedge_weights.tsv``, fitted by
    ``benchmarks/fit_hedges.py`` on the Szeged dev halves: document-grouped 5-fold CV sentence F1
    0.853 on Wikipedia and 0.810 on newswire, where the rules alone have 0.832 and 0.810 in-sample).

    >>> judge = default_judge()
    >>> text = "The results were expected, and the bridge may reopen in May."
    >>> [(text[m.start:m.end], judge.keep(text, m)) for m in hedge_matches(text)]
    [('expected', False), ('may', True)]
    """

    def __init__(self, weights: dict | None = None):
        if weights is None:
            weights = {r["feature"]: float(r["weight"]) for r in resources.read_table("hedge_weights.tsv")}
        weights = dict(weights)
        self.bias = weights.pop("bias", 0.0)
        self.threshold = weights.pop("threshold", 0.5)
        self.weights = weights

    @staticmethod
    def features(text: str, match: Match) -> dict:
        """The features of one match (names as the weights file has them), each worth 1."""
        before = [w.lower() for w in _CONTEXT_WORD.findall(text[max(0, match.start - 60):match.start])[-3:]]
        after = [w.lower() for w in _CONTEXT_WORD.findall(text[match.end:match.end + 60])[:3]]
        prev, nxt = (before[-1] if before else "<s>"), (after[0] if after else "</s>")
        out = {f"cue={match.key}": 1, f"kind={match.kind}": 1, f"cat={match.category}": 1,
               f"p1={prev}": 1, f"n1={nxt}": 1, f"cue_n1={match.key}_{nxt}": 1, f"p1_cue={prev}_{match.key}": 1,
               "n2=" + "_".join(after[:2]): 1}
        # Every judged match has passed its context rule; the weights file keeps that as the
        # feature "ruled" (fitted when the rule's verdict varied: constant now, like the bias).
        out["ruled"] = 1
        if text[match.start:match.start + 1].isupper():
            out["cap"] = 1
        if not before or before[-1] in {".", "!", "?", "\"", "“"}:
            out["start"] = 1
        if _NEGATORS.intersection(before):
            out["neg_before"] = 1
        if _NEGATORS.intersection(after[:2]):
            out["neg_after"] = 1
        if nxt in ("to", "be", "have", "not"):
            out[f"cue_aux={match.key}_{nxt}"] = 1
        return out

    def probability(self, text: str, match: Match) -> float:
        import math

        score = self.bias + sum(self.weights.get(f, 0.0) for f in self.features(text, match))
        return 1.0 / (1.0 + math.exp(-score))

    def keep(self, text: str, match: Match) -> bool:
        return self.probability(text, match) > self.threshold


_DEFAULT_JUDGE = resources.BuiltOnce(HedgeJudge)


def default_judge() -> HedgeJudge:
    """The judge with the shipped weights, built once per process."""
    return _DEFAULT_JUDGE.get()


def judged(key: str, kind: str) -> bool:
    """Whether the judge decides on a cue: single-word hedges, the ambiguous ones ("may", "could",
    "possible", "expected"). A phrase ("has not been officially confirmed") is a hedge wherever it
    stands, and weasel cues are not judged: the Szeged corpus the judge learns from does not mark
    "sources close to" or "critics say" as uncertainty, while the kit counts them as sourcing."""
    return kind == "hedge" and " " not in key


def _ruled_matches(text: str, rules: bool = True):
    """Every cue match in ``text`` as a ``Match``, in order; with ``rules``, less those their
    context rule vetoes, and a denied doubt turned into a booster."""
    entries, pattern = cue_lexicon()
    for m in pattern.finditer(text):
        key = " ".join(m.group().lower().replace("’", "'").split())
        kind, category, rule = entries[key]
        if rules:
            if rule is not None and not rule(text, m.start(), m.end()):
                continue
            if key in _DOUBT_WORDS and negated_doubt(text, m.start(), m.end()):
                kind, category = "booster", "negated doubt"
        yield Match(m.start(), m.end(), m.group(), key, kind, category)


def hedge_matches(text: str) -> list[Match]:
    """Every match of a cue the judge decides on (``judged``) that its context rule lets through,
    unjudged."""
    return [m for m in _ruled_matches(text) if judged(m.key, m.kind)]


_JUDGE = object()  # find_cues' default: the shipped judge


def find_cues(text: str, *, sentence_starts=None, rules: bool = True, judge=_JUDGE) -> list[Cue]:
    """All cues in ``text`` with offsets; ``sentence_starts`` (sorted) bounds the subject search
    for attribution. Hedge and weasel matches are kept or dropped by the ``HedgeJudge`` (the
    shipped one by default; ``judge=None`` applies the hand-written context rules alone, as the
    kit did before the judge). Every cue's context rule comes first and may veto it; the judge
    then decides on the single-word hedges left (``judged``). ``rules=False``
    skips all of that (the plain cue-word list baseline)."""
    starts = sentence_starts if sentence_starts is not None else [0]
    if judge is _JUDGE:
        judge = default_judge()
    out = []
    for m in _ruled_matches(text, rules):
        if rules and judge is not None and judged(m.key, m.kind) and not judge.keep(text, m):
            continue
        category = m.category
        if m.kind == "attribution":
            sent_start = starts[max(0, bisect_right(starts, m.start) - 1)]
            category = _attribution_category(text, m.start, m.end, sent_start, m.key)
        out.append(Cue(m.start, m.end, m.text, m.kind, category))
    return out


def cue_rows(text: str, sentence_starts: list[int]) -> list[CueRow]:
    """Cues as ``CueRow`` (sent_id, start, end, text, kind, category), in text order."""
    starts = sentence_starts
    return [CueRow(max(0, bisect_right(starts, c.start) - 1), c.start, c.end, c.text, c.kind, c.category)
            for c in find_cues(text, sentence_starts=starts)]
