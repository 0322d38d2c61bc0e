"""Annotate: who says what. Quotes and paraphrases with their speakers, one row per attribution.

``quote_model`` labels the source, cue and content tokens of each sentence that may hold an
attribution; this module assembles them into ``QuoteRow``s and says who the speaker is:

- each cue is one attribution; its source is the nearest source span in the sentence (before
  the cue on a tie), else a name or pronoun right after the cue ("said Anna Kowalczyk"), else the
  subject opening the sentence; each content span belongs to its nearest cue, and a cue without
  one takes the clause on its far side from the source;
- a content that ends inside a quotation runs on to the quotation's end, over the following
  sentences of the paragraph (a quote of several sentences);
- the speaker resolves to an entity of the article: a name to its canonical form (a surname to
  the full name, as ``entities`` merges them), "he"/"she" to the person named last before it;
- the speaker's type: 'named' (a person or organisation by name), 'anonymous' (an unnamed
  source: "a source", "officials", "an aide"), 'vague' (a group or none that could be asked:
  "critics", "some experts", "it is understood") or 'none' (no source at all: "reportedly");
- the kind: 'direct' (the content is a quotation), 'mixed' (it holds one) or 'indirect'.

>>> rows = find_quotes("“We will not back down,” Anna Kowalczyk said. A senior official said talks may resume.",
...                    [0, 46], entities=[])
>>> [(r.speaker, r.speaker_type, r.cue, r.kind) for r in rows]
[('Anna Kowalczyk', 'named', 'said', 'direct'), ('A senior official', 'anonymous', 'said', 'indirect')]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from . import resources
from .quote_model import (CLOSING_QUOTES, FLAGS, LIGHT_VERBS, OPENING_QUOTES, QuoteTagger, candidate_sentence,
                          default_tagger, quote_flags, reporting_words)
from .schema import EntityRow, QuoteRow
from .tokenise import TOKEN_PATTERN, token_offsets

__all__ = ["find_quotes", "speaker_type", "speaker_label", "sentence_tokens_and_flags", "QUOTE_KINDS", "SPEAKER_TYPES"]

QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEAKER_TYPES = ("named", "anonymous", "vague", "none")
_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})  # "his": "His suggestion that ..."


@lru_cache(maxsize=1)
def _source_words() -> dict:
    """role -> lower-case words of ``source_words.csv`` (anonymous and vague sources)."""
    out: dict = {}
    for row in resources.read_table("source_words.csv"):
        out.setdefault(row["role"], set()).add(row["word"])
    return {role: frozenset(words) for role, words in out.items()}


# Members of a party, named as a group: a source of this kind is vague, whatever its capitals.
_GROUP_NAMES = frozenset({"Democrat", "Republican", "Conservative", "Liberal", "Tory", "Socialist", "Progressive",
                          "Independent", "Libertarian"})
_CONTRACTION = re.compile(r"['’](?:m|ve|ll|d|re|s)$", re.I)


def speaker_label(speaker: str) -> str:
    """How an unresolved source is shown: a first-person pronoun as "I" or "we" whatever its case
    or contraction ("We", "I’m" -> "we", "I"), anything else as written.

    >>> [speaker_label(s) for s in ("We", "I’m", "i", "the Post")]
    ['we', 'I', 'I', 'the Post']
    """
    low = _CONTRACTION.sub("", speaker.strip().lower())
    return {"i": "I", "we": "we"}.get(low, speaker)


def _common_word(word: str) -> bool:
    """Whether a word, as written, is a pronoun, a determiner or a common noun in the Brill lexicon
    ("It" PRP, "This" DT, "Advantages" NNS) rather than a name ("Trump" NNP; words it lacks count
    as names)."""
    return resources.brill_lexicon().get(word, "NNP") in ("PRP", "NN", "NNS", "DT", "WDT", "WP", "EX")


def _one_unnamed(speaker: str, low: list, words: dict) -> bool:
    """Whether a source is one particular person left unnamed: "a"/"an"/"another"/"one" and a head
    that is an anonymous source's word ("official", "aide", "operative") or a person's role, with no
    name beside it in apposition (no comma)."""
    if low[0] not in ("a", "an", "another", "one") or "," in speaker:
        return False
    head = _source_head(speaker).lower()
    return head in words.get("anonymous", ()) or head in resources.entity_cues().get("person-appositive", ())


def _group_named(speaker: str, speaker_name: str) -> bool:
    """Whether the name a source resolved to is only its head, a group by party or nation ("Wary
    Republicans in the state" resolved to the mention "Wary Republicans", extraction_dev 0829)."""
    head = _source_head(speaker)
    return head.endswith("s") and speaker_name.split()[-1] == head and (
        head[:-1] in _GROUP_NAMES or head[:-1] in resources.entity_cues().get("misc", ()))


def speaker_type(speaker: str, speaker_name: str) -> str:
    """'named', 'anonymous', 'vague' or 'none' for a source as written and its resolved name.

    >>> [speaker_type(s, "") for s in ("", "a senior official", "critics", "The Post", "It", "Trump", "Republicans")]
    ['none', 'anonymous', 'vague', 'named', 'vague', 'named', 'vague']

    One person left unnamed is anonymous even when the organisation they speak for resolves to a
    name ("A Pentagon official" -> Pentagon, "one GOP operative in the state" -> GOP, extraction_dev
    0829): the organisation stays their ``speaker_name``.

    >>> speaker_type("A Pentagon official", "Pentagon"), speaker_type("a former mayor, Michael Bloomberg,", "Michael Bloomberg")
    ('anonymous', 'named')
    """
    if not speaker.strip():
        return "none"
    words = _source_words()
    low = [w.strip(".,;:").lower() for w in speaker.split()]
    if speaker_name and not _one_unnamed(speaker, low, words) and not _group_named(speaker, speaker_name):
        return "named"
    if any(w in words.get("anonymous", ()) for w in low):
        return "anonymous"
    if any(w in words.get("vague", ()) for w in low):
        return "vague"
    if _CONTRACTION.sub("", low[-1]) in ("he", "she", "i", "we"):
        return "named"  # a person's pronoun ("I’m" as the tagger may cut it too)
    if len(low) == 1 and _common_word(speaker.strip().strip(".,;:")):
        return "vague"  # "It", "They", "Advantages": capitalised at a sentence's start, but no name
    head = _source_head(speaker)
    if low[0] in ("a", "an", "another", "one") and head.lower() in resources.entity_cues().get("person-appositive", ()):
        return "anonymous"  # one particular person left unnamed ("A second vice-chancellor, who runs ...")
    if head.lower() in words.get("vague-head", ()):
        return "vague"  # "Police said", "Data from the agency show": no one in particular
    if head.lower() in words.get("determiner", ()):
        return "vague"  # "One, who asked not to be named,": no name (anonymity is read from the sentence)
    if head.endswith("s") and (head[:-1] in _GROUP_NAMES or head[:-1] in resources.entity_cues().get("misc", ())):
        return "vague"  # a group by party or nation ("black Democrats", "Republicans", "Palestinians")
    # Capitals say nothing of the source's first word: a common noun there heads no name when more
    # words follow ("Staff on short-term contracts", "Video of the incident"), a plural one not even
    # alone ("Demonstrators", "Detectives"; "Trump" alone, a noun too, is taken for the name it is
    # when the entity model missed it).
    first_head = speaker.split()[0].strip(".,;:") == head
    tag = resources.brill_lexicon().get(head.lower()) if first_head else None
    proper_head = head[:1].isupper() and not (tag == "NNS" or (tag == "NN" and len(low) > 1))
    if proper_head and (len(low) > 1 or low[0] not in words.get("determiner", ())):
        return "named"  # a proper noun heads it ("The New York Post", "Trump")
    return "vague"


# Words after which a source's head noun is done ("Republicans | in Western North Carolina",
# "officials | at the Pentagon", "critics, | who ...").
_AFTER_HEAD = frozenset({"of", "in", "from", "at", "across", "around", "on", "for", "with", "who", "which", "that",
                         "whose", "including", "like", "such"})


def _source_head(speaker: str) -> str:
    """The head word of a source as written: its last word before a preposition, relative pronoun
    or comma ("Republicans in Western North Carolina" -> "Republicans"; "The New York Post" -> "Post")."""
    words = speaker.split()
    end = len(words)
    for i, w in enumerate(words):
        if i and w.lower() in _AFTER_HEAD and not (w == "of" and i + 1 < len(words) and words[i - 1][:1].isupper()
                                                    and words[i + 1][:1].isupper()):
            end = i  # not inside a name ("Freedom of Information Act lawsuits")
            break
        if w.endswith(","):
            end = i + 1
            break
    return words[end - 1].strip(".,;:") if end else ""


def _spans(ids: list[int]) -> dict:
    """Token ranges [i, j) of each part, from label indices into ``quote_model.LABELS`` (B-X
    odd, I-X the even one after it): {"SRC": [...], "CUE": [...], "CNT": [...]}."""
    out: dict = {"SRC": [], "CUE": [], "CNT": []}
    names = (None, "SRC", "SRC", "CUE", "CUE", "CNT", "CNT")
    i, n = 0, len(ids)
    while i < n:
        k = ids[i]
        if k:
            inner = k + 1 if k % 2 else k  # the I- label of this part
            j = i + 1
            while j < n and ids[j] == inner:
                j += 1
            out[names[k]].append((i, j))
            i = j
        else:
            i += 1
    return out


def _nearest(spans: list[tuple[int, int]], at: tuple[int, int]) -> tuple[int, int] | None:
    """The span nearest to ``at`` in tokens (one before it on a tie). ``spans`` are in order and
    do not overlap ``at``'s tokens, so only the last one before it and the first one after it can
    be nearest (a bisection, so a sentence with thousands of cues stays linear)."""
    if not spans:
        return None
    k = bisect_right(spans, (at[0], at[0]))  # spans[k - 1] starts before at; spans[k] at or after
    before = spans[k - 1] if k else None
    after = spans[k] if k < len(spans) else None
    if before is not None and before[1] > at[0]:
        return before  # overlapping (a content span the cue sits in)
    if before is None:
        return after
    if after is None:
        return before
    return before if at[0] - before[1] <= after[0] - at[1] else after


def sentence_tokens_and_flags(text: str, sentence_starts: list[int], paragraphs: list[int], *,
                              words: list[list[str]] | None = None) -> tuple[list, Mapping, dict]:
    """The sentences the tagger reads (``quote_model.candidate_sentence``), as their ids, and for
    each of them its tokens as (start, end, text) and their ``quote_model.quote_flags``, with the
    quotation state carried over the sentences of a paragraph (the fitting script reads the
    same). ``words``: each sentence's tokens, when the caller has them (``tokenise.sentence_tokens``
    gives the same tokens); offsets are found only for the sentences read, when first asked for
    (a mapping, not a dict). A sentence not read holds no quotation mark, so it leaves the
    quotation state as it was."""
    starts = list(sentence_starts)
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    if words is None:
        words = [TOKEN_PATTERN.findall(text, s, e) for s, e in bounds]
    chosen, flags = [], {}
    inside, prev = False, None
    for sid, ws in enumerate(words):
        if paragraphs[sid] != prev:
            inside = False
        prev = paragraphs[sid]
        if not ws or not candidate_sentence(ws):
            continue
        (f,), inside = quote_flags([ws], inside=inside)
        chosen.append(sid)
        flags[sid] = f
    return chosen, _TokenOffsets(text, bounds, words, flags), flags


class _TokenOffsets(Mapping):
    """sentence id -> its tokens as (start, end, text), for the sentences the tagger reads, each
    found on first use: most sentences read hold no attribution, and their offsets are never
    asked for."""

    def __init__(self, text: str, bounds: list, words: list, chosen: dict):
        self._text, self._bounds, self._words, self._chosen, self._found = text, bounds, words, chosen, {}

    def __getitem__(self, sid: int) -> list:
        if sid not in self._chosen:
            raise KeyError(sid)
        if sid not in self._found:
            self._found[sid] = token_offsets(self._text, self._bounds[sid][0], self._words[sid])
        return self._found[sid]

    def __contains__(self, sid) -> bool:
        return sid in self._chosen

    def __iter__(self):
        return iter(self._chosen)

    def __len__(self) -> int:
        return len(self._chosen)


def find_quotes(text: str, sentence_starts: list[int], *, entities: list[EntityRow],
                paragraphs: list[int] | None = None, words: list[list[str]] | None = None,
                tagger: QuoteTagger | None = None) -> list[QuoteRow]:
    """Attributions in ``text`` as ``QuoteRow``s, in text order.

    ``sentence_starts``: each sentence's start (a sentence runs to the next start);
    ``entities``: the article's ``EntityRow``s (speakers resolve to them); ``paragraphs``: each
    sentence's paragraph id (quotation state carries over sentences of one paragraph; by
    default every sentence is a paragraph of its own); ``tagger``: a ``QuoteTagger`` with other
    weights (the fitting script's); ``words``: each sentence's tokens as ``tokenise.sentence_tokens``
    gives them, to save tokenising again."""
    tagger = tagger or default_tagger()
    paras = paragraphs if paragraphs is not None else list(range(len(sentence_starts)))
    if words is None:
        bounds = zip(sentence_starts, list(sentence_starts[1:]) + [len(text)])
        words = [TOKEN_PATTERN.findall(text, s, e) for s, e in bounds]
    chosen, tokens, flags = sentence_tokens_and_flags(text, sentence_starts, paras, words=words)
    labelled = tagger.label_ids([words[s] for s in chosen], [flags[s] for s in chosen])
    persons = sorted((e.start, e.name) for e in entities if e.type == "PER")
    person_starts = [s for s, _ in persons]
    honorifics = _honorific_genders(persons, text)
    rows: list = []
    person_ends = {e.end: e.start for e in entities if e.type == "PER"}
    for sid, labels in zip(chosen, labelled):
        parts_of = _spans(labels) if any(labels) else None
        if parts_of is None or not (parts_of["CUE"] or parts_of["SRC"]):
            # Nothing the tagger could use; a person named right before a speech verb and "that"
            # still says what follows ("Samantha Burgess confirms with high certainty that ...").
            # (Checked on the words first: most sentences have no "that", and their offsets are
            # never computed.)
            found = _person_says_that(tokens[sid], person_ends) if person_ends and "that" in words[sid] else None
            if found is None:
                continue
            parts_of = found
        cues, sources, contents = parts_of["CUE"], parts_of["SRC"], parts_of["CNT"]
        toks = tokens[sid]
        cues, spill = _trimmed_cues(toks, cues)
        contents = sorted(contents + spill)
        if sources and not cues:
            cues = _cues_after_sources(toks, sources)
        if not cues:
            continue
        unnamed_said = None  # whether the sentence says its source is unnamed, looked up once
        owned: dict = {}
        for span in contents:
            owned.setdefault(_nearest(cues, span), []).append(span)
        for cue in cues:
            src = _nearest(sources, cue) or _source_after(toks, cue) or _sentence_subject(toks, cue)
            if src and src[0] and src[1] <= cue[0] and toks[src[0] - 1][2].lower() == "by":
                src = _after_agent(toks, src)  # (after its cue, "as articulated by X, the former chairman of Y," is X)
            if src and _apposition_before_participle(toks, cue, src):
                # "The court also found a federal statute in favor of the plaintiff, the Communications
                # Decency Act of 1996, noting that ...": who notes is the clause's subject (0155).
                src = max((o for o in sources if o[1] <= src[0] - 1 and o != src), default=src, key=lambda o: o[0])
            if src and _is_time(toks, src):
                # "Earlier Wednesday, Schilling appeared ... and defended himself": a time is no source;
                # the sentence's subject, or another source before the cue, is.
                others = [o for o in sources if o[1] <= cue[0] and not _is_time(toks, o)]
                subject = _sentence_subject(toks, cue)
                src = others[-1] if others else (None if subject and _is_time(toks, subject) else subject)
            if src and _asked_opening(toks, cue):
                src = None  # "Asked why she called the group ..., Scott said": the question is no one's named
            if src and src[1] <= cue[0] and _passive_cue(toks, cue):
                src = None  # "The decision is widely expected to ...": what is expected, not who expects it
            if not src and _gerund_subject(toks, cue):
                continue
            if src and _imperative(toks, src):
                continue  # "Let's say you have two files", "Don't expect ...": the writer's advice, said by no one
            if src and src[0] and toks[src[0]][2].lower() in _RELATIVES:
                src = _with_antecedent(toks, src)
            if src and src[1] <= cue[0]:
                src = _after_conjunction(toks, src)
            elif src and src[0] >= cue[1]:
                src = _before_conjunction(toks, src)
            parts = owned.get(cue)
            if parts and parts[-1][0] == cue[1] and (toks[cue[1]][2] in ("the", "a", "an")
                                                     or _inverted_name(toks, cue, parts[-1])):
                # What the tagger took for content after the cue is the inverted source that ends the
                # sentence ("Prices will rise, warned the central bank." / "..., explained the court
                # in its ruling." / "..., says Laura Spitler, an astronomer at ..."): the source; the
                # content is what comes before.
                after = _source_after(toks, cue)
                if after:
                    src, parts = after, parts[:-1] or _clause_before(toks, cue, after)
            if parts and parts[-1][0] == cue[1] and _circumstance(toks, parts[-1]):
                # What the tagger took for content after the cue is when or where it was said ("...,
                # lawmakers said Friday afternoon, as they ...", "..., he said in a statement."): the
                # content is what it found before, or else the clause before the source and cue.
                parts = parts[:-1] or _clause_before(toks, cue, src)
            if _according_to(toks, cue):
                if not src or src[1] <= cue[0]:
                    # The source of "according to" is what follows it, never what precedes ("Steyer,
                    # according to a count from the Post and Courier, has ...", extraction_dev 0214).
                    src = _phrase_after(toks, cue) or src
                if src and src[0] == cue[1]:
                    parts = _around_according_to(toks, cue, src) or parts
            parts = parts or _rule_content(toks, cue, src)
            if parts and parts[0][0] == cue[1] and toks[cue[1] - 1][2].lower() in _TELL:
                parts = _past_recipient(toks, parts)
            if parts:
                a, b = min(s for s, _ in parts), max(e for _, e in parts)
                start, end = toks[a][0], toks[b - 1][1]
                end = _quotation_end(text, sentence_starts, tokens, flags, paras, sid, b - 1, end)
            else:
                beside = _content_beside(text, sentence_starts, toks, cue, sid)
                if beside is None:
                    continue
                start, end = beside
                a = b = None
            if _NOT_NAMED.match(text, start, end):
                continue  # "who asked not to be named": how the source is kept unnamed, not what it says
            if src:
                s_start, s_end = toks[src[0]][0], toks[src[1] - 1][1]
                speaker = text[s_start:s_end]
            else:
                s_start = s_end = -1
                speaker = ""
            name = _speaker_name(speaker, s_start, s_end, entities, persons, person_starts, text, honorifics)
            pronoun = _CONTRACTION.sub("", speaker.lower())
            if name and pronoun in ("he", "she") and sid and s_start == toks[0][0]:
                name = _previous_subject(name, pronoun, sid, text, sentence_starts, persons, person_starts, honorifics)
            if not name and pronoun == "it" and s_start == toks[0][0] and rows and rows[-1].sent_id == sid - 1:
                name = _organisation_before(rows[-1], persons)
            if name and rows and pronoun in ("he", "she"):
                name = _unless_unnamed_between(rows[-1], name, s_start, persons, person_starts)
                name = _same_as_before(rows, name, pronoun, sid, s_start, (start, end),
                                       text, sentence_starts, persons, person_starts, honorifics)
            kind_of_source = speaker_type(speaker, name)
            if kind_of_source != "named":
                if unnamed_said is None:
                    unnamed_said = _ANONYMITY.search(text, toks[0][0], toks[-1][1]) is not None
                if unnamed_said:
                    kind_of_source = "anonymous"  # "..., speaking on condition of anonymity, have suggested"
            rows.append(QuoteRow(0, sid, start, end, s_start, s_end, speaker, name, kind_of_source,
                                 text[toks[cue[0]][0]:toks[cue[1] - 1][1]],
                                 _kind(flags[sid][a:b]) if a is not None else _quoted_kind(text[start:end]),
                                 toks[cue[0]][0], toks[cue[1] - 1][1]))
    rows += _transcript_turns(text, sentence_starts, rows, entities, persons, person_starts)
    rows += _signed_quotes(text, sentence_starts, rows, entities, persons, person_starts)
    rows.sort(key=lambda r: (r.start, r.cue_start))
    return [row._replace(quote_id=k) for k, row in enumerate(rows)]


# A transcript's turn: a line that opens with a speaker's name in capitals and a colon
# ("PENCE: Gennifer Flowers will not be attending ...", "WALLACE: If I may, sir ..."), perhaps
# after an opening quotation mark when the whole exchange is quoted.
_TURN = re.compile(r"""(?m)^[ \t]*["“]?(?P<name>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \t]+(?P<said>\S[^\n]*)""")
# Capitals and a colon that open a line but name no speaker.
_NOT_SPEAKERS = frozenset({"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "WATCH",
                           "READ", "READ MORE", "PHOTO", "PHOTOS", "VIDEO", "RELATED", "BREAKING", "ADVERTISEMENT",
                           "SOURCE", "SOURCES", "CREDIT", "WARNING", "DISCLAIMER", "FAQ", "TL;DR", "PS", "P.S.",
                           "WHAT", "WHEN", "WHERE", "WHO", "WHY", "HOW", "TIP", "TIPS", "BONUS", "ALSO", "MORE"})


def _transcript_turns(text, sentence_starts, rows, entities, persons, person_starts) -> list[QuoteRow]:
    """Attributions of a transcript's turns (``_TURN``) that hold no attribution found otherwise:
    the name is the source, the rest of the line what was said. PolNeAR dev has a debate
    transcript quoted this way, whose turns the tagger never read (no reporting word in them)."""
    if ":" not in text:
        return []
    out = []
    turns = [m for m in _TURN.finditer(text)
             if m.group("name") not in _NOT_SPEAKERS and len(m.group("name").replace(".", "")) >= 2]
    # A label in capitals on a web page ("WELCOME OFFER: 80,000 Points") is no speaker: a speaker
    # takes turns (the name opens two lines or more) or is a person the article names.
    seen = Counter(m.group("name") for m in turns)
    for m in turns:
        name = m.group("name")
        start, end = m.start("said"), m.end("said")
        if any(start <= r.start < end for r in rows):
            continue
        # A closing quotation mark of the quoted exchange is no part of what was said.
        while end > start and text[end - 1] in " \t\"”":
            end -= 1
        s_start, s_end = m.start("name"), m.end("name")
        holder = _surname_holder(name, s_start, persons, person_starts)
        if seen[name] < 2 and not holder:
            continue
        speaker_name = holder or _speaker_name(name, s_start, s_end, entities, persons, person_starts, text)
        sid = max(0, bisect_right(sentence_starts, s_start) - 1)
        out.append(QuoteRow(0, sid, start, end, s_start, s_end, name, speaker_name, "named", ":", "direct",
                            m.end("name"), m.end("name") + 1))
    return out


# A quotation signed with a dash and a name after it, as in collected reader voices or epigraphs:
# "“I’m so ashamed to be an American. ...” ― Jacklyn Ashley".
_SIGNED = re.compile(r"“(?P<said>[^“”\n]{12,3000})”[ \t\xa0]*(?P<dash>[―—])[ \t\xa0]*"
                     r"(?P<name>[A-Z][\w.'’-]*(?:[ \xa0][A-Z][\w.'’-]*){0,3})")


_SIGNATURE = re.compile(r"”[ \t\xa0]*[―—]")


def _signed_quotes(text, sentence_starts, rows, entities, persons, person_starts) -> list[QuoteRow]:
    """Attributions of quotations signed with a dash and a name (``_SIGNED``) that hold no
    attribution found otherwise: the name is the source. PolNeAR dev has an article of readers'
    voices in this form, none of which the tagger found (its sentences hold the quotation alone)."""
    if not _SIGNATURE.search(text):
        return []  # no closing mark before a dash: the usual case, decided by a cheap search
    out = []
    for m in _SIGNED.finditer(text):
        start, end = m.span("said")
        if any(r.start < end and start < r.end for r in rows):
            continue
        s_start, s_end = m.span("name")
        name = m.group("name")
        speaker_name = _speaker_name(name, s_start, s_end, entities, persons, person_starts, text)
        sid = max(0, bisect_right(sentence_starts, s_start) - 1)
        dash = m.start("dash")
        out.append(QuoteRow(0, sid, start - 1, end + 1, s_start, s_end, name, speaker_name,
                            speaker_type(name, speaker_name), text[dash], "direct", dash, dash + 1))
    return out


def _surname_holder(name: str, at: int, persons: list, person_starts: list) -> str:
    """The person named earlier in full whose last name is ``name``, in any case ("PENCE" -> "Mike
    Pence", "King" -> "Gayle King")."""
    want = name.lower()
    for k in range(bisect_right(person_starts, at) - 1, -1, -1):
        words = persons[k][1].split()
        if len(words) > 1 and words[-1].lower() == want:
            return persons[k][1]
    return ""


_OPENERS = frozenset({",", ":", "that", "—", "–", "-"})
# A sentence that says its source is kept unnamed makes an unnamed source anonymous, not vague.
_ANONYMITY = re.compile(r"\b(?:anonymity|anonymously|(?:asked|declined|did not want|requested) not to be "
                        r"(?:named|identified)|(?:not|n't) authori[sz]ed to (?:speak|discuss|comment))\b", re.I)
_NOT_NAMED = re.compile(r"not\s+to\s+be\s+(?:named|identified)\b", re.I)
_AUXILIARIES = frozenset({"have", "has", "had", "also", "repeatedly", "reportedly", "privately", "publicly"})


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset:
    """The kit's own speech verbs and their other forms (``cues.csv``, kind attribution, one word),
    which follow a source the tagger found without a cue."""
    base = {r["cue"] for r in resources.read_table("cues.csv") if r["kind"] == "attribution" and " " not in r["cue"]}
    return frozenset(base | {"say", "suggested", "suggest", "suggests", "believe", "believes", "believed", "warned",
                             "warn", "warns", "claim", "claims", "argue", "argues", "reported", "reports", "add", "adds",
                             "note", "notes", "insist", "insists", "accused", "accuse", "accuses"})


_LINKING_TAGS = frozenset({"IN", "TO", "RP", "RB", "RBR"})


def _trimmed_cues(toks: list[tuple], cues: list[tuple[int, int]]) -> tuple[list, list]:
    """Cues cut where the tagger ran one on past its verb into what is said ("said | talks may
    resume"): after a reporting verb, only prepositions and particles ("according to", "called
    for") or more verbs carry the cue on; the first other word ends it, and the rest of the span
    is content."""
    words, lex = reporting_words(), resources.brill_lexicon()
    kept, spill = [], []
    for a, b in cues:
        cut = b
        after_verb = False
        for i in range(a, b):
            low = toks[i][2].lower()
            tag = lex.get(low, "")
            if after_verb and tag not in _LINKING_TAGS and not tag.startswith("VB") and low[:1].isalnum():
                cut = i
                break
            after_verb = after_verb or (low in words and tag.startswith("VB"))
        kept.append((a, cut))
        if cut < b:
            spill.append((cut, b))
    return kept, spill


_VERB_TAGS = frozenset({"VB", "VBD", "VBZ", "VBP", "VBN", "VBG", "MD"})
# Reporting verbs that take no noun phrase as their object, so "..., said the company." ends with
# its source ("denied the allegations", "praised the plan" end with their content).
_INTRANSITIVE_CUES = frozenset({"said", "says", "added", "adds", "explained", "explains", "warned", "warns",
                                "wrote", "writes", "continued", "insisted", "insists"})
# Cues after which a name closing the sentence is its source ("..., noted Kostro Miller."); "the"
# sources after the last five cost an attribution on PolNeAR dev, so they stay out of the above.
_NAME_AFTER_CUES = _INTRANSITIVE_CUES | {"noted", "notes", "argued", "argues", "observed", "observes", "cautioned",
                                         "cautions"}
_CLOSED_TAGS = frozenset({"IN", "DT", "PRP", "PRP$", "CC", "TO", "WDT", "WP", "WRB", "MD", "EX", "PDT"})
_LEADING = frozenset({"but", "and", "so", "yet", "still", "now", "meanwhile", "then", "instead", "later"})


def _sentence_subject(toks: list[tuple], cue: tuple[int, int]) -> tuple[int, int] | None:
    """For a cue the tagger left without a source: the sentence's subject, if the sentence opens
    with one before the cue ("Trump has tried to use the ad, accusing her", "Clinton, at the
    debate, cited"): its first words up to the first verb or comma, past a leading "But" or
    "And", when they are one to eight words and start with neither a preposition nor a verb."""
    lex = resources.brill_lexicon()
    i = 0
    while i < cue[0] and toks[i][2].lower() in _LEADING:
        i += 1
    i = _past_introduction(toks, i, cue[0], lex)
    j = i
    while j < cue[0] and j - i < 9:
        word = toks[j][2]
        tag = lex.get(word, lex.get(word.lower()))
        if word in (",", ";", ":", "(") or tag in _VERB_TAGS or (tag is None and word.islower() and word.endswith("ed")):
            break  # a verb, one the lexicon lacks by its "-ed" ("exhorted")
        j += 1
    while j - i > 1 and toks[j - 1][2].islower() and lex.get(toks[j - 1][2]) == "RB":
        j -= 1  # "Dion eventually | told": the adverb is no part of the source
    if j == i or j - i > 8:
        return None
    first = toks[i][2]
    if lex.get(first, lex.get(first.lower())) in ("IN", "TO", "WRB", "WDT", "EX", "CC", "RB") or not first[:1].isalnum():
        return None
    return (i, j)


def _content_beside(text: str, starts: list[int], toks: list[tuple], cue: tuple[int, int], sid: int):
    """(start, end) of what a sentence that is only an attribution introduces or closes, or None:
    "He said:" -> the next sentence; "Clinton said." after a quotation -> that quotation's sentence
    (PolNeAR dev: "He said:" before a quoted paragraph, "Clinton said." after one)."""
    def span(k: int) -> tuple[int, int]:
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        seg = text[starts[k]:end]
        return starts[k] + (len(seg) - len(seg.lstrip())), starts[k] + len(seg.rstrip())

    last = toks[-1][2]
    if last == ":" and cue[1] >= len(toks) - 2 and sid + 1 < len(starts):
        return span(sid + 1)
    if last == "." and len(toks) <= 8 and sid > 0 and cue[1] >= len(toks) - 4:
        before = span(sid - 1)
        if text[before[0]:before[1]].rstrip(".").endswith(("”", '"', "''")):
            return before
    return None


def _quoted_kind(content: str) -> str:
    """'direct' for content in quotation marks, else 'indirect' (content outside the cue's sentence)."""
    stripped = content.strip()
    opens = stripped[:1] in OPENING_QUOTES or stripped[:1] == '"'
    closes = stripped.rstrip(".")[-1:] in CLOSING_QUOTES or stripped.rstrip(".")[-1:] == '"'
    return "direct" if opens and closes else "indirect"


_WHEN = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning",
                   "afternoon", "evening", "night", "yesterday", "today", "tonight", "last", "this", "next",
                   "week", "month", "year", "weekend", "earlier", "later", "on", "in", "at", "during", "a", "an",
                   "the", "his", "her", "their", "its", "statement", "interview", "letter", "speech", "email",
                   "tweet", "post", "release", "memo", "call", "conference", "briefing", "rally", "radio",
                   "television", "news", "press", "phone", "telephone", "written", "recent", "brief", "separate"})


def _circumstance(toks: list[tuple], span: tuple[int, int]) -> bool:
    """Whether a span is only when or where something was said ("Friday afternoon", "in a
    statement", "on Tuesday"), closing its clause: at most four tokens, then punctuation or the end."""
    a, b = span
    if b - a > 4 or (b < len(toks) and toks[b][2] not in (",", ".", ";", "!", "?")):
        return False
    return all(t[2].lower() in _WHEN for t in toks[a:b])


def _clause_before(toks: list[tuple], cue: tuple[int, int], src) -> list[tuple[int, int]]:
    """The clause before a source and cue that close it ("X, | top black lawmakers said ..."): from
    the sentence's start to the comma before them (``_left_clause``)."""
    return _left_clause(toks, src[0] if src and src[1] <= cue[0] and src[0] < cue[0] else cue[0])


def _left_clause(toks: list[tuple], lo: int) -> list[tuple[int, int]]:
    """The sentence from its start to token ``lo``, less the punctuation before it; [] when that
    is under three tokens."""
    left = lo
    while left > 0 and toks[left - 1][2] in (",", ":", "—", "–"):
        left -= 1
    # A byline run into the sentence ("By Aaron Humes: The Americas cannot ...") is no part of it.
    first = next((k + 1 for k in range(min(left, 6)) if toks[k][2] == ":"), 0) if toks and toks[0][2] == "By" else 0
    return [(first, left)] if left - first >= 3 else []


def _past_introduction(toks: list[tuple], i: int, before: int, lex: dict) -> int:
    """Where the subject starts after an opening phrase set off by a comma ("On Thursday, however,
    Trump spoke ..., promising"; "In August, several environmental groups granted ..., saying"):
    past a phrase of at most twelve tokens that opens with a preposition, or a time alone ("Earlier
    Wednesday,"), and past a lone adverb between commas after it. ``i`` itself when the sentence opens
    otherwise."""
    if i >= before:
        return i
    if lex.get(toks[i][2], lex.get(toks[i][2].lower())) != "IN":
        # Or a time alone ("Earlier Wednesday, Schilling appeared ... and defended himself").
        k = next((k for k in range(i + 1, min(before, i + 5)) if toks[k][2] == ","), None)
        if k is not None and _is_time(toks, (i, k)):
            return k + 1
        return i
    k = i + 1
    while k < before and k - i <= 12 and toks[k][2] != ",":
        k += 1
    if k >= before or toks[k][2] != ",":
        return i
    k += 1
    if k + 1 < before and toks[k + 1][2] == "," and lex.get(toks[k][2].lower(), "") == "RB":
        k += 2  # "..., however, Trump"
    return k


def _after_clause(toks: list[tuple], cue: tuple[int, int]) -> bool:
    """Whether a cue follows a comma or closing quotation mark: it closes the clause before it, so a
    source after it is inverted ("..., said the company." / "“...,” says Li.")."""
    return bool(cue[0]) and toks[cue[0] - 1][2] in (",", "”", '"', "''")


def _inverted_name(toks: list[tuple], cue: tuple[int, int], part: tuple[int, int]) -> bool:
    """Whether a content part right after an intransitive cue that follows a comma is a name, alone
    or with its apposition ("..., says Li." / "..., says Laura Spitler, an astronomer at ..."):
    capitalised words up to a punctuation mark or the sentence's end, then nothing or ", a/an/the"
    (extraction_dev 0793 and 0917: ten such "quotes" whose content was the speaker's name)."""
    if not (_after_clause(toks, cue) and toks[cue[1] - 1][2].lower() in _NAME_AFTER_CUES):
        return False
    a, b = part
    j = a
    while j < b and toks[j][2][:1].isupper() and toks[j][2][:1].isalpha():
        j += 1
    if j == a or (j < len(toks) and toks[j][2] not in (",", ".", ";", "!", "?")):
        return False
    return j >= b - 1 or (toks[j][2] == "," and toks[j + 1][2].lower() in ("a", "an", "the"))


def _source_after(toks: list[tuple], cue: tuple[int, int]) -> tuple[int, int] | None:
    """An inverted source right after its cue, closing a clause ("..., said Anna Kowalczyk." /
    "..., said he."): a pronoun or a run of capitalised words followed by punctuation or the end."""
    i = cue[1]
    if i >= len(toks):
        return None
    if toks[i][2].lower() in ("he", "she", "they"):
        j = i + 1
    elif (toks[i][2].lower() in ("the", "a", "an") and toks[cue[1] - 1][2].lower() in _INTRANSITIVE_CUES
          and _after_clause(toks, cue)):
        # "..., explained the court in its ruling." / "..., said the company.": "the" and up to three
        # lower-case words, the last a noun.
        lex = resources.brill_lexicon()
        j = i + 1
        while (j < len(toks) and j - i <= 3 and toks[j][2].isalpha() and toks[j][2].islower()
               and lex.get(toks[j][2], "") not in _CLOSED_TAGS and not (j > i + 1 and _describes(toks[j][2], lex))):
            j += 1
        if j == i + 1 or not lex.get(toks[j - 1][2], "").startswith("NN"):
            return None
        if j < len(toks) and _describes(toks[j][2], lex):
            # "..., says a report highlighting the “alarming rise ...” in higher education." (extraction_dev
            # 0915): the noun and what describes it, to the sentence's end, are the source.
            return (i, _sentence_end(toks))
        # Then the clause's end, or a short tail ("in a statement.", "on Monday.").
        if j < len(toks) and toks[j][2] not in (",", ".", ";", "!", "?") and not (
                toks[j][2] in ("in", "on") and len(toks) - j <= 6):
            return None
        return (i, j)
    else:
        j = i
        while j < len(toks) and toks[j][2][:1].isupper() and toks[j][2][:1].isalpha():
            j += 1
            if (j + 1 < len(toks) and toks[j][2] == "." and toks[j - 1][2] in resources.title_abbreviations()
                    and toks[j + 1][2][:1].isupper()):
                j += 1  # "said Mr. Trump was ...": the honorific's period ends no clause (PolNeAR had "Mr" as source 10 times)
    if j == i or (j < len(toks) and toks[j][2][:1].isalnum()):
        return None
    return (i, j)


def _describes(word: str, lex: dict) -> bool:
    """Whether ``word`` opens what describes the noun before it: an -ing participle ("a report
    highlighting"), a relative pronoun or "by"/"from"/"of". (Not a past participle: "said the
    event brought back memories" has the event's verb there, PolNeAR dev.)"""
    return word.lower() in ("by", "from", "of", "that", "which", "who") or (
        word.islower() and lex.get(word, "") == "VBG")


def _cues_after_sources(toks: list[tuple], sources: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cues for sources the tagger found without one ("Sources within the establishment, speaking
    on condition of anonymity, have suggested that"): a speech verb at most twelve tokens after
    the source, with the auxiliaries and adverbs just before it."""
    verbs, out = _speech_verbs(), []
    for _, e in sources:
        for j in range(e, min(e + 12, len(toks))):
            if toks[j][2].lower() in verbs:
                i = j
                while i > e and toks[i - 1][2].lower() in _AUXILIARIES:
                    i -= 1
                out.append((i, j + 1))
                break
    return out


def _person_says_that(toks: list[tuple], person_ends: dict):
    """{"CUE", "SRC", "CNT"} spans for "<person> <reporting verb> ... that <content>" (the
    verb right after a person's name or its appositive, "that" at most five words after it), or
    None."""
    if not toks:
        return None
    words, lex, forms = reporting_words(), resources.brill_lexicon(), resources.english_word_forms()
    for i in range(1, len(toks) - 3):
        low = toks[i][2].lower()
        if low not in words or lex.get(low) not in ("VBZ", "VBD") or forms.get(low, low) in LIGHT_VERBS:
            continue
        j = i + 1
        # "that" in lower case, the conjunction, not 'Penny responds "That's great!"'.
        while j < len(toks) and j - i <= 5 and toks[j][2] != "that" and toks[j][2].isalnum():
            j += 1
        if j >= len(toks) or toks[j][2] != "that" or len(toks) - j < 4:
            continue
        # The name ends right before the verb, or before an appositive set off by commas.
        k = i - 1
        if toks[k][2] == ",":
            k -= 1
            while k > 0 and toks[k][2] != ",":
                k -= 1
            k -= 1
        if k < 0 or toks[k][1] not in person_ends:
            continue
        first = person_ends[toks[k][1]]
        a = next(m for m in range(k + 1) if toks[m][0] >= first)
        return {"CUE": [(i, i + 1)], "SRC": [(a, k + 1)], "CNT": [(j + 1, _sentence_end(toks))]}
    return None


# Sources that open an imperative or a supposition: no one is quoted.
_IMPERATIVES = frozenset({"let's", "don't", "lets", "dont"})
def _imperative(toks: list[tuple], src: tuple[int, int]) -> bool:
    """Whether a source is "Let's" or "Don't" (one or two tokens, either apostrophe)."""
    return src[1] - src[0] <= 2 and "".join(t[2] for t in toks[src[0]:src[1]]).lower().replace("’", "'") in _IMPERATIVES


_TELL = frozenset({"told", "tells", "tell", "telling"})
_RECIPIENTS = frozenset({"me", "him", "her", "us", "them", "you", "reporters", "journalists"})


def _past_recipient(toks: list[tuple], parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content that opens with whom it was told ("association executive director Tim Lee told KXAN
    it's a win retirees worked toward", extraction_dev 0729) starts after them, as PolNeAR marks it:
    a pronoun, "reporters", or up to four capitalised words, then a lower-case word."""
    a, b = parts[0]
    j = a
    if toks[j][2].lower() in _RECIPIENTS:
        j += 1
    else:
        while j < b and j - a < 4 and toks[j][2][:1].isupper():
            j += 1
    if j == a or j >= b - 2 or not toks[j][2][:1].islower():
        return parts
    return [(j, b)] + parts[1:]


def _after_conjunction(toks: list[tuple], src: tuple[int, int]) -> tuple[int, int]:
    """A source before its cue that the tagger ran back over ", and" into the clause before ("Omicron
    BA.2 has been detected in ... South America, and the Director noted that ...", extraction_dev
    0003): the words after "and", when a finite verb before it makes that a clause of its own (not
    "Malcolm Borwick, one of England's leading polo players, and the World Polo Ambassador, explained")."""
    for k in range(src[1] - 2, src[0], -1):
        if toks[k][2] == "and" and toks[k - 1][2] == ",":
            lex = resources.brill_lexicon()
            if any(lex.get(t[2], lex.get(t[2].lower(), "")) in ("VBD", "VBZ", "VBP", "MD") for t in toks[:k - 1]):
                return (k + 1, src[1])
            break
    return src


def _before_conjunction(toks: list[tuple], src: tuple[int, int]) -> tuple[int, int]:
    """An inverted source the tagger ran on over ", and" into the writer's next clause ("..., said
    Superintendent Robert Runcie, and the district signed an agreement ...", extraction_dev 0494): the
    words before the comma."""
    for k in range(src[0] + 1, src[1] - 1):
        if toks[k][2] == "," and toks[k + 1][2] == "and":
            return (src[0], k)
    return src


def _with_antecedent(toks: list[tuple], src: tuple[int, int]) -> tuple[int, int]:
    """A source that opens with "who" after a comma, with the few words that open the sentence
    before it: "One, who asked not to be named, said:" and "A second vice-chancellor, who runs an
    elite research university, agreed:" (extraction_dev 0785) are the vice-chancellors speaking, not
    "who". Unchanged when the words before hold a verb or run past five."""
    k = src[0]
    if toks[k - 1][2] != ",":
        return src
    lex = resources.brill_lexicon()
    i = 0
    while i < k - 1 and toks[i][2].lower() in _LEADING:
        i += 1
    before = toks[i:k - 1]
    if not 0 < len(before) <= 5 or any(lex.get(t[2], lex.get(t[2].lower(), "")) in _VERB_TAGS or t[2] in (",", ";", ":")
                                       for t in before):
        return src
    return (i, src[1])


def _gerund_subject(toks: list[tuple], cue: tuple[int, int]) -> bool:
    """Whether a cue is a gerund opening its sentence ("Estimating body fat with calipers is
    simple", "Sharing data with ... lets Chrome ..."): the subject of a statement, said by no one."""
    first = toks[cue[0]][2]
    return cue[0] == 0 and first[:1].isupper() and first.endswith("ing")


def _sentence_end(toks: list[tuple]) -> int:
    """Where a sentence's words end: its length less the closing full stops, "!" and "?"."""
    n = len(toks)
    while n and toks[n - 1][2] in (".", "!", "?"):
        n -= 1
    return n


def _rule_content(toks: list[tuple], cue: tuple[int, int], src: tuple[int, int] | None) -> list[tuple[int, int]]:
    """When the tagger found a cue but no content for it: the clause on the cue's far side from
    its source. After the cue (and a source right after it, "said X"), past a comma, colon or
    "that", to the sentence's end; or, when the cue and source close the sentence ("..., the
    source added."), everything before them. At least three tokens, else nothing."""
    n = _sentence_end(toks)
    lo, hi = cue
    if src and (src[1] == lo or (src[1] == lo - 1 and toks[src[1]][2] == ",")):
        lo = src[0]
    inverted = bool(src) and src[0] in (hi, hi + 1)
    if inverted:
        hi = src[1]
    right = hi
    while right < n and toks[right][2] in _OPENERS:
        right += 1
    inserted = _inserted_attribution(toks, lo, hi, n)
    if inserted is not None:
        return inserted
    if inverted and right < n and toks[right][2].lower() in _SUBORDINATORS and _after_clause(toks, cue):
        # "X, warns Director Carissa F. Etienne as she urged countries to ..." (extraction_dev 0003):
        # an inverted source closes the clause it reports; what follows it is the writer's.
        before = _left_clause(toks, lo)
        if before:
            return before
    if n - right >= 3:
        return [(right, n)]
    if lo and toks[lo - 1][2].lower() in _WRITERS_CLAUSE:
        # "The plan is doomed, Smith said, but the mayor disagrees": the clause before "but" is
        # another's or the writer's, not what this source says.
        return []
    return _left_clause(toks, lo)


# After an attribution set off by commas, these open the writer's own next clause, not more of
# what the source said: "Turnout is low, they say, and the billionaire has not confronted it".
_WRITERS_CLAUSE = frozenset({"and", "but", "yet", "while", "whereas", "although", "though"})
# Words opening a clause of the writer's after an inverted source ("..., warns X as she urged ...").
_SUBORDINATORS = _WRITERS_CLAUSE | {"as", "when", "after", "before", "because", "since", "during"}


def _according_to(toks: list[tuple], cue: tuple[int, int]) -> bool:
    return cue[1] - cue[0] == 2 and toks[cue[0]][2].lower() == "according" and toks[cue[0] + 1][2].lower() == "to"


def _phrase_after(toks: list[tuple], cue: tuple[int, int]) -> tuple[int, int] | None:
    """The words after a cue up to the next comma or the sentence's end (at most twelve)."""
    j = cue[1]
    while j < len(toks) and j - cue[1] < 12 and toks[j][2] not in (",", ".", ";", "!", "?", "—", "–"):
        j += 1
    if j == cue[1] or (j < len(toks) and j - cue[1] >= 12 and toks[j][2] not in (",", ".", ";", "!", "?")):
        return None
    return (cue[1], j)


def _around_according_to(toks: list[tuple], cue: tuple[int, int], src: tuple[int, int]) -> list[tuple[int, int]] | None:
    """The content of "according to" is the clause it is set off from, whole: "X, according to S."
    -> X; "According to S, X." or "For example, according to S, X" -> X; "X, according to S, Y" ->
    both sides. (On real pages the tagger took a few words of it: "near-total collapse, according
    to an investigation", extraction_dev 0393; "It's possible, according to an article ...",
    0917.) None when the attribution is not set off by commas."""
    n = len(toks)
    while n and toks[n - 1][2] in (".", "!", "?", ";"):
        n -= 1
    lo, hi = cue[0], src[1]
    before = lo > 0 and toks[lo - 1][2] == ","
    after = hi < n and toks[hi][2] == ","
    # An opening phrase before it ("For example, according to ...", "However, according to ..."), not
    # a subject ("Demand, according to Mr. Marcus, reached ...": both sides).
    lex = resources.brill_lexicon()
    opening = lo <= 3 and before and lex.get(toks[0][2].lower()) in ("IN", "RB", "CC")
    opening = opening or (0 < lo <= 2 and all(lex.get(t[2].lower()) in ("RB", "CC") for t in toks[:lo]))  # "And according to"
    if after and toks[hi + 1][2].lower() in ("who", "which", "whose"):
        return None  # the source runs on ("According to X, director of Y, who has made a study of it, ...")
    if before and hi < n and (toks[hi][2].lower() in ("that", "which", "who", "whose")
                              or (after and toks[hi + 1][2].lower() in ("a", "an"))):
        # The rest describes the source ("X, according to the Rhodium Group, a research firm that
        # frequently crunches climate numbers.", extraction_dev 0862; "..., according to Lindqvist
        # Research, a firm which ..."): X is what it says.
        return [(0, lo - 1)]
    if before and after and toks[hi + 1][2].lower() in _WRITERS_CLAUSE:
        return [(0, lo - 1)]  # "X, according to Forbes, but Y": Y is the writer's
    if after and (lo == 0 or opening):
        return [(hi + 1, n)] if n - hi > 2 else None
    if before and hi >= n:
        return [(0, lo - 1)]
    if before and after:
        return [(0, lo - 1), (hi + 1, n)]
    return None


def _inserted_attribution(toks: list[tuple], lo: int, hi: int, n: int) -> list[tuple[int, int]] | None:
    """Content for a source and cue set off by commas inside a sentence ("X, they say, ..."): the
    clause before them when a conjunction opens what follows ("..., they say, and Y": Y is the
    writer's) or a reporting verb does ("..., he said, adding that Y": Y is that cue's); both sides
    when the part before has no verb, so the attribution splits one clause ("The plan, Smith said,
    is doomed"). None when neither holds (the usual rules decide)."""
    if lo < 3 or hi >= n - 1 or toks[lo - 1][2] != "," or toks[hi][2] != ",":
        return None
    following = toks[hi + 1][2].lower()
    if following in _WRITERS_CLAUSE or (following.endswith("ing") and following in reporting_words()):
        return [(0, lo - 1)]  # "..., Smith said, adding that ...": the next clause has its own cue
    lex = resources.brill_lexicon()
    if n - (hi + 1) >= 2 and not any(lex.get(t[2], lex.get(t[2].lower(), "")) in _VERB_TAGS for t in toks[:lo - 1]):
        return [(0, lo - 1), (hi + 1, n)]
    return None


def _quotation_end(text, starts, tokens, flags, paras, sid, last, end) -> int:
    """Where a content ending at token ``last`` of sentence ``sid`` really ends: if that token is
    inside a quotation still open at the sentence's end, at the quotation's closing mark (at most
    five sentences on, within the paragraph). Sentences the tagger did not read hold no mark."""
    f = flags[sid]
    if not f[last][0] or not (f[-1][0] or (f[-1][1] and tokens[sid][-1][2] in OPENING_QUOTES)):
        return end
    for nxt in range(sid + 1, min(sid + 6, len(starts))):
        if paras[nxt] != paras[sid]:
            break
        if nxt not in tokens:
            end = starts[nxt + 1] if nxt + 1 < len(starts) else len(text)
            while end > starts[nxt] and text[end - 1].isspace():
                end -= 1
            continue
        for (_, e, tok), g in zip(tokens[nxt], flags[nxt]):
            if g[1] and not g[0] and (tok in CLOSING_QUOTES or tok == '"'):
                return e
        end = tokens[nxt][-1][1] if tokens[nxt] else end
    return end


def _unless_unnamed_between(previous, name: str, s_start: int, persons: list, person_starts: list) -> str:
    """``name`` for a "he"/"she" source, unless the attribution before it came from one unnamed person
    mentioned after that person ("But a spokesperson for the Universities and Colleges Employers’
    Association said ... He said ...", extraction_dev 0915: "He" was the union leader named before the
    spokesperson): then "he" is that person too, and the source takes that attribution's name (the
    organisation the spokesperson speaks for, or none)."""
    k = bisect_right(person_starts, s_start) - 1
    if previous.speaker_start < 0 or k < 0 or previous.speaker_start < persons[k][0]:
        return name
    head = _source_head(previous.speaker).lower()
    if head in _source_words().get("anonymous", ()) and not head.endswith("s"):
        return previous.speaker_name
    return name


# A source that is only a time ("Earlier Wednesday", "Thursday night ,", "This week"): 9 in PolNeAR's
# training and dev sets, 8 of them with a real source in the gold.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_TIME_WORDS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                         "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night", "week", "month",
                         "year", "weekend") + _MONTHS)
_TIME_LEADS = frozenset({"earlier", "later", "early", "late", "last", "this", "next", "on", "since", "also"})
_TIME_ONLY = re.compile(rf"(?:(?:{'|'.join(sorted(_TIME_LEADS))}) )*(?:{'|'.join(sorted(_TIME_WORDS))})"
                        r"(?: (?:morning|afternoon|evening|night|\d+))?(?: ,)?", re.I)


def _organisation_before(previous, persons: list) -> str:
    """An "It" opening the sentence after an attribution whose source resolved to an organisation is
    that organisation ("The Appellate Court didn't agree with Amazon's stance. It noted that ...",
    extraction_dev 0155, read as a vague source); a person before it leaves "It" unresolved."""
    name = previous.speaker_name
    if not name or any(name == person for _, person in persons):
        return ""
    return name


def _apposition_before_participle(toks: list, cue: tuple, src: tuple) -> bool:
    """Whether a source is a phrase set off by commas right before an -ing cue ("..., the
    Communications Decency Act of 1996, noting"): an apposition to the clause's object, not the
    one who speaks."""
    return (toks[cue[0]][2].endswith("ing") and src[0] > 0 and toks[src[0] - 1][2] == ","
            and src[1] == cue[0] and toks[src[1] - 1][2] == ",")


def _after_agent(toks: list, src: tuple) -> tuple:
    """A source that opens with the agent of a phrase before it ("In a 2013 video uncovered by Fox News,
    a veteran diplomat said"; "As reported by Western Journalism, the former secretary of state was
    made aware"; "first disclosed by the Aspen Times, the former mayor argued", extraction_dev 0738):
    the words after its last comma, unless they only go on with a list or a clause ("..., including",
    "..., who"). 27 such sources in PolNeAR's training and dev sets."""
    commas = [k for k in range(src[0], src[1] - 1) if toks[k][2] == ","]
    if not commas or toks[src[1] - 1][2].lower() in ("who", "which", "that"):
        return src  # "by the Asheville Tea PAC, a local organization which said": an apposition (0829)
    rest = commas[-1] + 1
    if toks[rest][2].lower() in _NOT_A_NEW_SOURCE:
        return src
    return (rest, src[1])


_NOT_A_NEW_SOURCE = frozenset({"including", "such", "who", "which", "whose", "and", "or", "especially", "particularly"})


def _is_time(toks: list, span: tuple) -> bool:
    """Whether the tokens of ``span`` are a time alone (``_TIME_ONLY``), its first word checked first."""
    first = toks[span[0]][2].lower()
    if first not in _TIME_WORDS and first not in _TIME_LEADS:
        return False
    words = [toks[k][2] for k in range(*span)]
    if len([w for w in words if w != ","]) == 1 and first in _MONTHS:
        return False  # "May said": Theresa May, not the month
    return _TIME_ONLY.fullmatch(" ".join(words)) is not None


def _passive_cue(toks: list, cue: tuple) -> bool:
    """Whether a cue is a passive of expecting, believing or reporting with no agent after it ("is
    widely expected", "are considered", "was originally reported"), or a verb of seeming ("seemed to",
    "appears"): its subject is what is expected or seems so, not who judges it. PolNeAR gives such
    attributions no source: of 68 passives the kit found with one in the first 600 training articles,
    53 have none in the gold, 5 the kit's, 3 another (for seeming see ``_SEEMING``)."""
    if toks[cue[1] - 1][2].lower() not in _PASSIVE_ENDS:
        return False  # most cues: decided by their last word before any joining
    if cue[1] < len(toks) and toks[cue[1]][2].lower() == "by":
        return False
    words = " ".join(toks[k][2] for k in range(cue[0], cue[1]))
    return _PASSIVE.fullmatch(words) is not None or _SEEMING.fullmatch(words) is not None


_PASSIVE_VERBS = ("expected", "seen", "reported", "believed", "considered", "thought", "rumored", "rumoured", "said",
                  "known", "understood", "estimated", "projected", "predicted", "viewed", "regarded")
_PASSIVE = re.compile(r"(?:is|are|was|were|be|been|has been|have been|had been|is being|are being)\s+"
                      rf"(?:\w+ly\s+|not\s+)*(?:{'|'.join(_PASSIVE_VERBS)}|asked(?: about| whether| if)?)", re.I)


# "X seemed to ...", "appears", "is known for": X is what seems, not who judges it (in the first 600
# PolNeAR training articles, 85 such sources the kit found: 55 none in the gold, 12 the kit's, 8 another).
_SEEMING = re.compile(r"(?:\w+ly\s+)*(?:seems?|seemed|appears?|appeared|(?:is|was) known for|was declared)(?:\s+to)?",
                      re.I)
# The last words those two patterns can end with, for a quick look before joining a cue's words.
_PASSIVE_ENDS = frozenset(_PASSIVE_VERBS) | {"asked", "about", "whether", "if", "seem", "seems", "seemed", "appear",
                                             "appears", "appeared", "for", "declared", "to"}


def _asked_opening(toks: list, cue: tuple) -> bool:
    """Whether a cue is "Asked" (or "When asked") opening its sentence: "Asked why she called the group
    the Reckoning Crew, Scott said ..." (extraction_dev 0547). The question is the interviewer's, left
    unnamed; the person named after it is the one who answers (PolNeAR gives such a question no source,
    53 times in its training and dev sets)."""
    first = cue[0]
    if first > 1 or toks[first][2].lower() != "asked":
        return False
    return first == 0 or toks[0][2].lower() == "when"


def _previous_subject(name: str, pronoun: str, sid: int, text: str, sentence_starts, persons: list,
                      person_starts: list, honorifics: dict) -> str:
    """A "He"/"She" opening a sentence is the subject of the sentence before when that is a person
    who may be meant, rather than the person named last in it ("Speaking to CBS Monday, Rubio
    refrained from attacking his rivals, particularly Govs. Jeb Bush and Chris Christie, who say ...
    He dismissed ...": Rubio, not Christie). The subject: the first person named there who opens the
    sentence (after capitalised words, a role or an opening phrase set off by a comma) or comes before
    a finite verb."""
    begin, end = sentence_starts[sid - 1], sentence_starts[sid]
    other = "m" if pronoun in _FEMININE else "f"
    for start, person in persons[bisect_right(person_starts, begin - 1):bisect_right(person_starts, end - 1)]:
        if _gender(person, honorifics) == other:
            continue
        if _OWNER.match(text, _mention_end(text, start)):
            continue  # "Meadows' plans were kept so secret that Wayne King ...": an owner is no subject
        lead = text[begin:start].split()
        after_opening = bool(lead) and lead[-1].endswith(",") and len(lead) <= 12 and text[begin:start].count(",") == 1
        if after_opening or _subject_mention(text, start, sentence_starts):
            return person
        return name  # the first person who may be meant is no subject: leave it to the nearest
    return name


_OWNER = re.compile(r"['’]s?\b|['’](?=\s)")


def _mention_end(text: str, start: int) -> int:
    """Where the capitalised words of a mention starting at ``start`` end."""
    m = _CAPITALISED_RUN.match(text, start)
    return m.end() if m else start


_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w.-]*(?:['’][A-Z][\w.-]*)?)(?:\s+[A-Z][\w.-]*(?:['’][A-Z][\w.-]*)?)*")  # "O'Brien"


def _same_as_before(rows: list, name: str, pronoun: str, sid: int, s_start: int, content: tuple, text: str,
                    sentence_starts, persons: list, person_starts: list, honorifics: dict) -> str:
    """A "he"/"she" source is the speaker of the attribution before it, in the same or the two
    sentences before, whose source was the same pronoun or a person known to be of its gender,
    when no other person who may be meant is the subject of a sentence in between ("She compares him
    to Trump. ... she said Tuesday": Elizabeth Warren, not Trump, extraction_dev 0738; "Though that
    transition was relatively seamless, he said, ... Joe Biden and Bernie Sanders. That's why, he
    argued": Don Fowler, PolNeAR). People named in what is said, as objects, or known to be of the
    other gender do not break the chain; a subject (``_subject_mention``) or the source of an
    attribution in between does, and then ``name`` (the nearest person) stands. Not a link of the
    chain: a pronoun inside quotation marks, one who asked (the answer is someone else's), a
    possessive ("Joe Biden's administration")."""
    gender = "f" if pronoun in _FEMININE else "m"
    recent = [row for row in rows if row.sent_id >= sid - 2]
    said_spans = [(r.start, r.end) for r in recent] + [content]
    quoted = [(r.start, r.end) for r in recent if r.kind == "direct"]
    if text[content[0]:content[0] + 1] in _OPENING_MARKS:
        quoted.append(content)
    before = None
    for row in reversed(recent):
        if not row.speaker_name:
            continue
        said = _CONTRACTION.sub("", row.speaker.lower())
        if said in _PRONOUNS:
            if any(a <= row.speaker_start < b for a, b in quoted):
                continue  # "“Some changes need to be made — he’s addressing them,” he said"
            if ("f" if said in _FEMININE else "m") == gender:
                before = row
                break
        elif (_gender(row.speaker_name, honorifics) == gender and not _POSSESSIVE.search(row.speaker.split(",")[0] + " ")
              and row.cue.split()[-1].lower() not in _ASKING and row.speaker.split()[-1].lower() not in _RELATIVES):
            before = row
            break
    if before is None or before.speaker_name == name:
        return name
    other = "m" if gender == "f" else "f"
    sources = [(r.speaker_start, r.speaker_end) for r in recent if r.speaker_start > before.speaker_start]
    for start, person in persons[bisect_right(person_starts, before.speaker_end - 1):bisect_right(person_starts, s_start - 1)]:
        if start < before.speaker_end or person == before.speaker_name or _gender(person, honorifics) == other:
            continue
        if any(a <= start < b for a, b in sources):
            return name
        if any(a <= start < b for a, b in said_spans):
            continue
        if _subject_mention(text, start, sentence_starts):
            return name
    return before.speaker_name


_OPENING_MARKS = frozenset('"“‘')
_POSSESSIVE = re.compile(r"\w(?:'s|’s|s'|s’)\s")
_ASKING = frozenset({"asked", "asks", "ask", "asking", "questioned"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Words before a clause's subject: "... so secret that Wayne King, ..., did not learn".
_BEFORE_SUBJECT = frozenset({"that", "when", "while", "because", "although", "though", "whereas", "until"})


def _subject_mention(text: str, start: int, sentence_starts) -> bool:
    """Whether a person's mention at ``start`` is a subject, as far as the words around it show:
    only capitalised words or a role before it in its sentence ("Prof Steve West", "McConnell
    spokesman Don Stewart"), a subordinator right before it ("that Wayne King"), or a finite verb
    right after it ("Trump proclaimed", "Al-Hams sighed")."""
    k = bisect_right(sentence_starts, start) - 1
    lead = text[sentence_starts[k] if k >= 0 else 0:start].split()
    roles = resources.entity_cues().get("person-appositive", frozenset())
    if all(w[:1].isupper() or w in roles for w in lead) and not any("," in w for w in lead):
        return True
    if lead and lead[-1] in _BEFORE_SUBJECT:
        return True
    after = _NEXT_WORD.match(text, start)
    if after is None:
        return False
    word = after.group(1)
    if word.endswith("ed"):
        return True
    lexicon = resources.brill_lexicon()
    return lexicon.get(word, lexicon.get(word.lower())) in _FINITE_TAGS


# A mention's next word after its own capitalised words ("Donald Trump proclaimed" -> "proclaimed").
_NEXT_WORD = re.compile(r"(?:[A-Z][\w.'’-]*\s+)*?(?:[A-Z][\w.'’-]*)\s+([a-z][a-z’']*)\b")


def _speaker_name(speaker, s_start, s_end, entities, persons, person_starts, text: str = "",
                  honorifics: dict | None = None) -> str:
    """The canonical entity a source resolves to, or ''. ``entities`` are in text order;
    ``honorifics``: ``_honorific_genders`` of the article, when the caller has it."""
    if not speaker:
        return ""
    pronoun = _CONTRACTION.sub("", speaker.lower())
    if pronoun in _PRONOUNS:  # "he", and "He’d read that ..."
        k = bisect_right(person_starts, s_start) - 1
        if k < 0:
            return ""
        # The nearest person before it not known to be of the other gender: "she" skips a man named
        # since ("Sen. Elizabeth Warren ... makes an exception for Bloomberg. She compares him to Trump",
        # extraction_dev 0738, was Bloomberg).
        other = "m" if pronoun in _FEMININE else "f"
        if honorifics is None:
            honorifics = _honorific_genders(persons, text)
        for j in range(k, max(-1, k - 8), -1):
            if _gender(persons[j][1], honorifics) != other:
                return persons[j][1]
        return persons[k][1]
    clause = _RELATIVE_CLAUSE.search(speaker)
    if clause and 0 < len(speaker[:clause.start()].split()) <= 4:
        # Who speaks is named before the relative clause, not in it ("King, who resigned from Meadows'
        # office and filed to run on Dec. 20," was Mark Meadows speaking, extraction_dev 0829); a
        # longer span before it may be a clause of its own, left to the rules below.
        speaker, s_end = speaker[:clause.start()], s_start + clause.start()
    held = _title_holder(speaker, s_start, text, persons, person_starts) or _named_before(speaker, s_start, entities)
    if held:
        return held
    if speaker.split()[0].lower() in _RELATIVES:
        # A relative clause is its antecedent speaking ("Marmorato, who’s the sister of Bronx
        # Republican chair Michael Rendino, campaigned on it", extraction_dev 0238): the person named
        # just before, not one named inside the clause.
        k = bisect_right(entities, s_start, key=lambda e: e.start) - 1
        while k >= 0 and entities[k].end > s_start:
            k -= 1
        # Right before it, but for commas, an age or a party ("Marmorato, 52, who", "Schiff (D-Calif.), who").
        if k >= 0 and entities[k].type == "PER" and _ANTECEDENT_GAP.fullmatch(text[entities[k].end:s_start]):
            return entities[k].name
        return ""
    # Entities overlapping the source span (entities are short, so look a little before too). A
    # person named in it is the speaker ("Cambridge Police Commissioner Christine Elow"; of several,
    # ``_head_person``); else the first organisation.
    k = max(0, bisect_right(entities, s_start - 80, key=lambda e: e.start))
    organisation, people = "", []
    for e in entities[k:]:
        if e.start >= s_end:
            break
        if e.start < s_end and s_start < e.end:
            if e.type == "PER":
                people.append(e)
            elif e.type == "ORG" and not organisation:
                organisation = e.name
            elif e.type == "LOC" and not organisation and _whole_source(text, e, s_start, s_end):
                # A place that is the whole source speaks for its government or institution
                # ("Cambridge has said", "Beijing warned"): it is the source's name.
                organisation = e.name
    if people:
        return _head_person(text, people, s_end).name
    if organisation or " " in speaker.strip() or not speaker[:1].isupper():
        return organisation
    # A surname alone whose mention is no entity ("King asked" after "co-host Gayle King": a title
    # word to the entity model) is the person named before with it.
    return _surname_holder(speaker.strip(), s_start, persons, person_starts)


_FEMININE = frozenset({"she", "her"})
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|whom|which)\b")
_HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f", "dame": "f", "lord": "m"}


def _honorific_genders(persons: list, text: str) -> dict:
    """{person: "f" or "m"} by the first honorific found right before one of their mentions ("Mrs.
    Clinton"); built once per article, so resolving many pronouns stays linear."""
    out: dict = {}
    for start, name in persons:
        before = text[max(0, start - 6):start].split()
        word = before[-1].rstrip(".").lower() if before else ""
        if word in _HONORIFICS:
            out.setdefault(name, _HONORIFICS[word])
    return out


def _gender(name: str, honorifics: dict) -> str:
    """"f", "m" or "" for a person: by an honorific (``_honorific_genders``), else by a given name worn
    almost only by women or by men (``first_names.csv``'s gender)."""
    return honorifics.get(name) or resources.given_name_genders().get(name.split()[0], "")


def _whole_source(text: str, entity, s_start: int, s_end: int) -> bool:
    """Whether a mention is all of a source but for "the" and punctuation ("the Kremlin,")."""
    before = text[s_start:entity.start].strip().lower()
    return before in ("", "the") and not text[entity.end:s_end].strip(" ,.;:")


_RELATIVES = frozenset({"who", "who’s", "who's", "whose"})
_ANTECEDENT_GAP = re.compile(r"[\s,]*(?:\d{1,3}[\s,]*|\([^()]{1,30}\)[\s,]*)?")


# Words that put two people side by side ("Grassley and Leahy") or one in another's service
# ("Cameron Easley for Morning Consult", "Panetta to Vice President Joe Biden"), so the first leads.
_JOINED = re.compile(r"\b(?:and|or|nor|for|to)\b|&")


def _head_person(text: str, people: list, s_end: int):
    """Of the people named in a source, the one it is about: the first, unless the first only
    modifies a later one that ends the source ("Clinton spokesman Nick Merrill", "Donald Trump’s
    campaign manager, Corey Lewandowski,"): nothing joins them (``_JOINED``), and
    no comma comes between them unless the first is a possessive ("Mitch McConnell (R-Ky.), who is
    married to Elaine Chao" stays McConnell)."""
    first, last = people[0], people[-1]
    if last is first or text[last.end:s_end].strip(" ,"):
        return first
    between = text[first.end:last.start]
    if _JOINED.search(between) or ("," in between and not between.startswith(("’s", "'s"))):
        return first
    return last


def _title_holder(speaker: str, s_start: int, text: str, persons: list, person_starts: list) -> str:
    """The person a title alone refers to ("the Prime Minister said", after "Prime Minister Keith
    Mitchell" or "Prime Minister and Chairman of the Authority, Keith Mitchell"): the person named
    last before the source with that title in the 100 characters before their name and after the
    person named before them; '' when the source is not a title alone or no one was given it."""
    words = speaker.split()
    # Only with "the": a title word alone may be a surname ("King" of Billie Jean King, in CoNLL dev).
    if len(words) < 2 or words[0].lower() != "the" or not text:
        return ""
    words = words[1:]
    # The organisation's acronym before the title is no part of it ("the PAHO Director", extraction_dev 0003).
    while len(words) > 1 and words[0].isupper() and words[0].isalpha():
        words = words[1:]
    titles = resources.person_titles()
    if not all(w.rstrip(".,") in titles for w in words):
        return ""
    title = " ".join(w.rstrip(".,").lower() for w in words)
    for k in range(bisect_right(person_starts, s_start) - 1, -1, -1):
        start, name = persons[k]
        since = person_starts[k - 1] + len(persons[k - 1][1]) if k else 0
        before = " ".join(text[max(0, since, start - 100):start].split()).lower()
        if title in before:
            return name
    return ""


def _named_before(speaker: str, s_start: int, entities) -> str:
    """The organisation "the" and a common noun refer back to: the last one named before whose name
    ends with that noun ("the court" after "The Appellate Court", extraction_dev 0155, was a vague
    source; "the ministry" after "the Health Ministry"); '' when none was."""
    words = speaker.split()
    if len(words) != 2 or words[0].lower() != "the" or not words[1].islower() or not words[1].isalpha():
        return ""
    if words[1] in resources.entity_cues().get("person-appositive", ()) or words[1].capitalize() in resources.person_titles():
        return ""  # "the actress" is a person, whatever show is named "Fat Actress"
    head = words[1].capitalize()
    for e in reversed(entities[:bisect_right(entities, s_start, key=lambda e: e.start)]):
        if e.type == "ORG" and e.end <= s_start and e.name.split()[-1] == head:
            return e.name
    return ""


def _kind(flags) -> str:
    """'direct' when every content token is quoted (or a quotation mark), 'mixed' when some are,
    else 'indirect'. ``flags``: the content tokens' rows of ``quote_flags``."""
    flags = np.asarray(flags, dtype=bool).reshape(-1, len(FLAGS))
    if (flags[:, 0] | flags[:, 1]).all():
        return "direct"
    return "mixed" if flags[:, 0].any() else "indirect"
