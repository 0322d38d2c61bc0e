"""Annotate: named entities (PER, ORG, LOC, MISC) offline, with aliases merged.

Two steps, neither of which needs a downloaded model:

1. ``entity_model`` labels names with a CRF whose weights ship in
   ``analysis/data/entity_weights.tsv`` (CoNLL-2003 conventions: titles are outside
   person names, nationalities are MISC, sports teams named after cities are ORG);
2. this module turns the labelled spans into mentions with canonical names: titles and
   possessive endings stripped, one type per name within the article (confidence-weighted, for the mentions the model is unsure of), a
   surname alone resolved to the full name used earlier, an acronym given in parentheses
   tied to its expansion, and a nationality split from a designation after it
   ("Russian | Iskander-M").

>>> text = "Defense Minister Andrei Belousov met Viktor Khrenin in Minsk. Belousov left."
>>> [(m.text, m.name, m.type) for m in find_entities(text, [0, 62])]
[('Andrei Belousov', 'Andrei Belousov', 'PER'), ('Viktor Khrenin', 'Viktor Khrenin', 'PER'), ('Minsk', 'Minsk', 'LOC'), ('Belousov', 'Andrei Belousov', 'PER')]
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import resources
from .entity_model import CONNECTORS, EntityRecognizer, default_recognizer
from .schema import ENTITY_TYPES, EntityRow
from .tokenise import TOKEN_PATTERN

__all__ = ["find_entities", "sentence_words", "TYPES"]

TYPES = ENTITY_TYPES

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,}$|^[A-Z][a-z]?[A-Z]{1,}$")
# Weapon and model designations (Iskander-M, MiG-29, S-400): MISC by CoNLL conventions.
_CODE_NAME = re.compile(r"^[A-Z][A-Za-z]*-[A-Z0-9]{1,4}$")


@lru_cache(maxsize=1)
def _lead_ins() -> dict:
    """The org-prev phrases of ``entity_cues.csv`` ("shares of") as word lists, by their first
    word as written at a sentence's start or inside one ("Shares", "shares")."""
    out: dict = {}
    for cue in resources.entity_cues().get("org-prev", ()):
        words = cue.lower().split()
        for first in (words[0], words[0].capitalize()):
            out.setdefault(first, []).append(words)
    return out


@lru_cache(maxsize=1)
def _not_names() -> frozenset:
    """Mentions dropped whole: the ``never`` words of ``entity_cues.csv`` (with either
    apostrophe) and titles alone, with or without their period."""
    cues = resources.entity_cues()
    never = cues.get("never", frozenset())
    titles = resources.person_titles()
    return frozenset(never | {w.replace("'", "’") for w in never} | titles | {t + "." for t in titles})


@lru_cache(maxsize=None)
def _listed(kind: str) -> frozenset:
    """The names ``gazetteer_extra.csv`` lists with type ``kind``: ORG (wire services, exchanges,
    technology companies), MISC (indexes, products, climate patterns)."""
    return frozenset(n for n, t in resources.gazetteer_extra().items() if t == kind)


def _hyphenated_title(word: str, titles) -> bool:
    """A title joined by hyphens from titles ("Lieutenant-Colonel", "Secretary-General")."""
    parts = word.split("-")
    return len(parts) > 1 and all(p in titles or p.capitalize() in titles for p in parts)


def _sentence_adverb(word: str) -> bool:
    """An adverb in -ly: Brill's lexicon has it as one, or its stem as an adjective ("Ironically";
    "Rhetorically", from "rhetorical"; not "South", "Kelly", "Italy")."""
    low = word.lower()
    if not low.endswith("ly"):
        return False
    lex = resources.brill_lexicon()
    return lex.get(low) == "RB" or lex.get(low[:-2]) == "JJ" or lex.get(low[:-1] + "e") == "JJ"


def _after_the(sent: list[str], a: int) -> bool:
    """Whether "the" stands before word ``a``, past at most four adjectives and conjunctions ("the
    central and northern Amazon"; not "The ruling has grouped Amazon")."""
    lex = resources.brill_lexicon()
    k = a - 1
    while k >= 0 and a - k <= 5:
        if sent[k].lower() == "the":
            return True
        if not (sent[k].islower() and lex.get(sent[k], "") in ("JJ", "CC")):
            return False
        k -= 1
    return False


def _words_before(text: str, start: int) -> tuple[list[str], int]:
    """The words before ``start`` (as far as ``_after_the`` looks) and where the mention would stand."""
    words = text[max(0, start - 80):start].split()
    return words, len(words)


_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr"})


def _title_only(words: list[str]) -> bool:
    """Whether a mention is a title and its modifiers alone: its last word a title and the others
    titles, parts of titles ("Deputy", "Prime") or title modifiers ("Acting", "U.S.": the
    ``title-modifier`` words of ``entity_cues.csv``)."""
    if len(words) < 2 or words[-1].rstrip(".") not in resources.person_titles():
        return False
    modifiers = resources.entity_cues().get("title-modifier", frozenset())
    return all(w.rstrip(".") in resources.person_titles() or w in modifiers for w in words[:-1])


def _person_tail(sent: list[str], a: int, b: int) -> int | None:
    """Where a person's name ends the name of an office's place ("District of Massachusetts |
    Joshua Levy"): the index of a known first name that is no English word ("Park" is), after at
    least three words holding "of" and not right after a connector, followed by one or two
    capitalised words, none an organisation word ("Melinda Gates Foundation" stays whole); None
    when there is none. (Without the "of" and the English-word test, "Queens | Park Rangers" and
    "San | Diego Padres" were split on CoNLL dev.)"""
    given, org_words = resources.given_names(), resources.entity_cues().get("org", frozenset())
    lexicon = resources.brill_lexicon()
    for i in range(a + 3, b - 1):
        if sent[i] in given and sent[i].lower() not in lexicon and "of" in sent[a:i] \
                and sent[i - 1].lower() not in CONNECTORS and 1 <= b - i - 1 <= 2 \
                and all(w[:1].isupper() and w not in org_words for w in sent[i + 1:b]):
            return i
    return None


def sentence_words(text: str, start: int, end: int) -> list[str]:
    """Tokens of one sentence as the recogniser reads them: the kit's tokens, with the period
    kept on an abbreviation ("Corp.", "Gen.") or an initial ("J. Smith") as in the CoNLL
    tokenisation the model's weights were fitted on.

    >>> sentence_words("Gen. J. Smith met Acme Corp. staff.", 0, 35)
    ['Gen.', 'J.', 'Smith', 'met', 'Acme', 'Corp.', 'staff', '.']
    """
    return _with_abbreviations(TOKEN_PATTERN.findall(text, start, end))


def _with_abbreviations(toks: list[str]) -> list[str]:
    """The kit's tokens with a period joined to the abbreviation or initial before it."""
    abbrev = resources.abbreviations()
    # Most sentences have no such period: find out with list.index (in C) before looping.
    at = 0
    while True:
        try:
            at = toks.index(".", at + 1)
        except ValueError:
            return toks
        prev = toks[at - 1]
        if prev.lower() in abbrev or (len(prev) == 1 and prev.isupper()):
            break
    out: list = []
    for tok in toks:
        if tok == "." and out and (out[-1].lower() in abbrev or (len(out[-1]) == 1 and out[-1].isupper())):
            out[-1] += "."
        else:
            out.append(tok)
    return out


def _offsets(text: str, start: int, tokens: list[str], upto: int) -> list[tuple[int, int]]:
    """(start, end) of the first ``upto`` tokens: tokens are separated by white space only,
    so each is the next occurrence of its text."""
    out, pos, find = [], start, text.find
    for tok in tokens[:upto]:
        at = find(tok, pos)
        if (at < 0 or at - pos > 1) and tok[-1] == "." and len(tok) > 1 and (at < 0 or text[pos:at].strip()):
            # An abbreviation or initial with its period joined (``sentence_words``) that the text
            # writes apart ("Corp .", "VanderWerf B ."): the joined form is not next (only white
            # space may come between tokens), and searching on would find it pages later.
            at = find(tok[:-1], pos)
            out.append((at, at + len(tok) - 1))
            pos = find(".", at) + 1
        else:
            out.append((at, at + len(tok)))
            pos = at + len(tok)
    return out


# Titles of a legislature's members, which follow a party's name without ending an organisation's.
_MEMBER_TITLES = frozenset({"MP", "MEP", "MSP", "MLA", "TD", "Senator", "Congressman", "Congresswoman",
                            "Assemblyman", "Assemblywoman", "Councillor", "Councilman", "Councilwoman"})

# Words a title-case headline leaves in lower case ("Amazon Liable for Defective Products"):
# one of them between capitalised words is what tells such a line from a list of names.
_TITLE_SMALL = frozenset({"a", "an", "the", "and", "but", "or", "nor", "for", "of", "on", "in", "at", "to", "by",
                          "with", "from", "as", "vs", "via", "into", "over", "off", "per", "up"})


def _title_cased(sent: list[str]) -> bool:
    """Whether a sentence is set in title case: five or more words, every one capitalised save
    the small words ``_TITLE_SMALL``, at least one small word among them (a list of names has
    none), two or more capitalised common words after the first (``_common``: "Liable",
    "Products"), and no number but a year (a table of results: "Clyde 0 Queen of South 2").
    A headline, a page's title, a caption's label: capitals there say nothing of names, as in a
    headline in capitals, which the entity model knows (``is_headline``); this kind it never saw
    in CoNLL."""
    n_words = n_small = 0
    capitalised = []  # after the first word: looked up only if the line's shape qualifies
    for i, w in enumerate(sent):
        first = w[:1]
        if first.isdigit():
            if not (len(w) == 4 and w.isdigit()):
                return False
            continue
        if not first.isalpha():
            continue
        if first.islower():
            if w not in _TITLE_SMALL:
                return False
            n_small += 1
        elif i:
            capitalised.append(w)
        n_words += 1
    return n_small > 0 and n_words >= 5 and sum(map(_common, capitalised)) >= 2


def _common(word: str) -> bool:
    """A capitalised word that is a common English word (its Brill tag in lower case no proper
    noun) and no name (``_name_words``: "Rose", "Bath" stay names)."""
    return word not in _name_words() and not resources.brill_lexicon().get(word.lower(), "NNP").startswith("NNP")


@lru_cache(maxsize=1)
def _name_words() -> frozenset:
    """Words that are names whatever else they are ("Rose", "Will", "Bath"): given names,
    places and the extra gazetteer's one-word names."""
    extra = {n for n in resources.gazetteer_extra() if " " not in n}
    return frozenset(resources.given_names()) | frozenset(resources.places()) | frozenset(extra)


# Penn tags of function words and verbs' inflections a title capitalises but no name is made of.
_FUNCTION_TAGS = frozenset({"DT", "PRP", "PRP$", "IN", "CC", "WDT", "WP", "WP$", "WRB", "MD", "TO", "EX", "PDT",
                            "VBP", "VBZ"})


def _truecased(words: list[list[str]], lines: list[int]) -> list[list[str]]:
    """``words`` with the title-case sentences ``lines`` in the case their words take in running
    text, for the entity model to read: a capitalised word goes to lower case when the article
    writes it (or its singular) so elsewhere and never capitalises it mid-sentence; a function
    word ("That", "Are", "Them": Brill's tags) always. Kept as written: the line's first word,
    acronyms, words with digits, the words that head organisations' names (the ``org`` words of
    ``entity_cues.csv``: "Court", "Bank") and the words after one and "of" ("Department of Public
    Health"), what the article does not show otherwise ("The National Bank of Poland") and the
    word right after such a word, which may end its name ("European Super League" in a table of
    results), unless that word is a verb. The mentions keep the text's own spelling:
    only what the model reads changes."""
    lines_set = set(lines)
    lower_seen, title_mid = set(), set()
    for k, sent in enumerate(words):
        if k in lines_set:
            continue
        lower_seen.update(w for w in sent if w.islower())
        title_mid.update(w for w in sent[1:] if w[:1].isupper() and not w.isupper())
    org_words, lexicon = _org_words(), resources.brill_lexicon()
    out = list(words)
    for k in lines:
        sent = list(words[k])
        org = named = anchor = False
        for i, w in enumerate(sent):
            if w in ("of", "for") and org:
                named = True  # the words after "Department of" name it ("Department of Public Health")
                continue
            org = w[:1].isupper() and w.lower() in org_words
            if not w[:1].isupper():
                named = anchor = False
                continue
            if org or named or i == 0 or w.isupper() or not w.isalpha():
                anchor = False
                continue
            low = w.lower()
            tag = lexicon.get(low, "")
            if tag in _FUNCTION_TAGS:
                sent[i], anchor = low, False  # "That", "Are", "Them": no name, whatever the article shows
            elif w in title_mid or not (low in lower_seen or low[-1] == "s" and low[:-1] in lower_seen):
                # Kept; the next word may end the name it begins ("Public Health", "Super League"),
                # unless it is a verb ("Amazon Found Liable").
                anchor = not tag.startswith("VB")
            elif anchor:
                anchor = False  # kept for the word before it, it keeps no further word
            else:
                sent[i] = low
        out[k] = sent
    return out


@lru_cache(maxsize=1)
def _org_words() -> frozenset:
    """The ``org`` words of ``entity_cues.csv`` in lower case ("bank", "department")."""
    return frozenset(w.lower() for w in resources.entity_cues().get("org", ()))


def _mentions(text: str, starts: list[int], tokens: list | None, recognizer: EntityRecognizer) -> list[tuple]:
    """Every name the model finds, in text order, as (sent_id, start, end, surface, type): plain
    tuples, since they never leave this module and a document can hold thousands."""
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    if tokens is None:
        words = [sentence_words(text, s, e) for s, e in bounds]
    else:
        words = list(map(_with_abbreviations, tokens))
    titles = resources.person_titles()
    demonyms = resources.entity_cues().get("misc", frozenset())
    not_names = _not_names()
    lead_ins = _lead_ins()
    by_sentence: dict = {}
    lines = [k for k, sent in enumerate(words) if _title_cased(sent)]
    for sid, i, j, typ, conf in recognizer.name_spans(_truecased(words, lines) if lines else words):
        sent = words[sid]
        a, b = i, j
        # Titles are not part of a person's name ("Defense Minister Andrei Belousov").
        while typ == "PER" and b - a > 1 and (sent[a].rstrip(".") in titles or _hyphenated_title(sent[a], titles)):
            a += 1
        # Nor is a phrase that introduces an organisation, capitalised at a sentence's start
        # ("Shares of | Acme Corp.").
        for cue in lead_ins.get(sent[a], ()):
            if b - a > len(cue) and [w.lower() for w in sent[a:a + len(cue)]] == cue:
                a += len(cue)
                break
        # A possessive ending is not part of the name.
        while b - a > 1 and sent[b - 1] in ("'s", "’s", "'", "’"):
            b -= 1
        # Nor is a legislator's title after their party or place ("the Labour MP | for Newcastle
        # Central", extraction_dev 0915; "Republican Senator"): the party is the name.
        if typ != "PER" and b - a > 1 and sent[b - 1] in _MEMBER_TITLES and sent[b - 2][:1].isupper():
            b -= 1
        # An adverb opening a sentence before its comma is no name ("Rhetorically, she ...",
        # extraction_dev 0319, typed a person that "she" then resolved to; 21 such openers in CoNLL).
        if a == 0 and b == 1 and len(sent) > 1 and sent[1] == "," and _sentence_adverb(sent[0]):
            continue
        # A title with its modifiers and no name is no entity ("Acting U.S. Attorney", typed ORG).
        if _title_only(sent[a:b]):
            continue
        # A person named right after an office's place runs on in capitals ("Attorney for the
        # District of Massachusetts Joshua Levy"): the person is a name of their own.
        if typ != "PER":
            cut = _person_tail(sent, a, b)
            if cut is not None:
                by_sentence.setdefault(sid, []).append((a, cut, typ, conf))
                a, typ = cut, "PER"
        # A nationality word before a designation or an acronym is a name of its own ("Russian |
        # Iskander-M", "Belarusian | MoD"); before words it is part of the name ("French Open").
        found = by_sentence.setdefault(sid, [])
        if typ == "MISC" and sent[a] in demonyms and b - a > 1:
            rest = " ".join(sent[a + 1:b])
            if _CODE_NAME.match(rest) or _ACRONYM.match(rest):
                found.append((a, a + 1, "MISC", conf))
                a += 1
                typ = "MISC" if _CODE_NAME.match(rest) else "ORG"
        found.append((a, b, typ, conf))
    roles = resources.entity_cues().get("person-appositive", frozenset())
    for sid, sent in enumerate(words):
        if "," in sent and not roles.isdisjoint(sent):
            _appositive_persons(sent, by_sentence.setdefault(sid, []), roles)
    companies, events = _listed("ORG"), _listed("MISC")
    out = []
    for sid, found in sorted(by_sentence.items()):  # in text order (the apposition rule adds sentences)
        sent = words[sid]
        if len(found) > 1 and ("'" in sent or "’" in sent):
            found = _joined_at_plural_possessives(sent, found, demonyms)
        if found:
            at = _offsets(text, bounds[sid][0], sent, found[-1][1])
            for a, b, typ, conf in found:
                s, e = at[a][0], at[b - 1][1]
                surface = text[s:e]
                if surface in not_names and not (a and sent[a - 1].rstrip(".") in _HONORIFICS):
                    # "TV", "GMT", "I'm", a title alone: capitals, but no name; after "Mr." a title word
                    # is a surname ("Mr. King", Rep. Steve King in PolNeAR dev).
                    continue
                if surface in companies and typ in ("LOC", "PER") and not _after_the(sent, a):
                    # A listed company the model typed as a place or person ("listed on Amazon",
                    # "posted on Instagram"); after "the" it may be the place ("fires in the Amazon",
                    # "the central and northern Amazon").
                    typ = "ORG"
                elif typ != "MISC" and surface in events:
                    # A listed product, climate pattern or disease is no person, place or organisation
                    # ("El Niño", "Android"; "COVID vaccination schedules" typed ORG, extraction_dev 0003).
                    typ = "MISC"
                elif typ != "LOC" and _address_part(surface, typ):
                    typ = "LOC"
                out.append((sid, s, e, surface, typ, conf))
    return out


def _appositive_persons(sent: list[str], found: list[tuple], roles: frozenset) -> None:
    """Add to ``found`` (kept in order) two or three capitalised words the model left unnamed that an
    apposition headed by a person's role follows: "Levi Pay , a former director of student services
    who ..." (extraction_dev 0785; the model, with "Levi" no given name it knows and "Pay" a common
    word, found nothing, so "He points out ..." went to the person named before)."""
    for c, word in enumerate(sent):
        if word != "," or c < 2 or c + 2 >= len(sent) or sent[c + 1] not in ("a", "an", "the"):
            continue
        if not any(w in roles for w in sent[c + 2:c + 7]):
            continue
        a = c
        while a > 0 and c - a < 3 and sent[a - 1][:1].isupper() and sent[a - 1].replace("-", "").isalpha() \
                and sent[a - 1][1:].islower():
            a -= 1
        if a > 0 and sent[a - 1][:1].isupper():
            continue  # a longer run of capitals: a title or an organisation, not a plain name
        if c - a < 2 or _common(sent[a]) or any(s < c and a < e for s, e, _, _ in found):
            continue
        found.append((a, c, "PER", 1.0))
        found.sort(key=lambda f: f[0])


# Last words of streets' names, places by CoNLL's conventions ("Wall Street", 23 of 24 such names in its
# training and dev sets; "Lane" is left out: a surname as often).
_STREETS = frozenset({"Street", "Avenue", "Road", "Drive", "Boulevard", "Highway", "Parkway", "Turnpike",
                      "Expressway"})
_COMPASS = frozenset({"North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest"})
# The AP's abbreviations of US states, as datelines give them ("SOUTHWEST MIAMI-DADE, FLA."): places.
_STATE_ABBREVIATIONS = frozenset({
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Ky.", "La.",
    "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.",
    "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo."})


def _address_part(surface: str, typ: str) -> bool:
    """Whether a mention the model typed otherwise is part of an address, a place: a street ("Miller
    Drive", typed a person on a Miami news page, extraction_dev 0460), a compass point typed a person
    ("Southwest" of "Southwest 117th Avenue", there too; 13 of 16 lone compass names in CoNLL are
    places) or a state's abbreviation ("FLA.", typed an organisation in that page's dateline)."""
    words = surface.split()
    if len(words) > 1:  # with no "of" or "for": "Friends of Pelham Parkway" is an association
        return words[-1] in _STREETS and not any(w.islower() for w in words)
    return (typ == "PER" and surface in _COMPASS) or surface.title() in _STATE_ABBREVIATIONS


def _joined_at_plural_possessives(sent: list[str], found: list[tuple], demonyms) -> list[tuple]:
    """Two names the model split at a plural's possessive apostrophe, inside one organisation's or
    event's name ("Universities and Colleges Employers | ’ | Association", extraction_dev 0915;
    "Cup Winners ' Cup", "Revolutionary Workers ' Party": 13 such names in CoNLL, which keeps them
    whole), are one name of the second one's type. Not after a place or person ("The Netherlands '
    ING Group") nor before a nationality ("United Nations ' European headquarters"), and only after a
    plural noun (Brill's NNS or NNPS: "Employers", "Winners"; not "Asus' TUF", "Axios' Kaveh Waddell")."""
    lexicon = resources.brill_lexicon()
    out = [found[0]]
    for a, b, typ, conf in found[1:]:
        pa, pb, ptyp, pconf = out[-1]
        if (pb + 1 == a and sent[pb] in ("'", "’") and ptyp in ("ORG", "MISC") and typ in ("ORG", "MISC")
                and sent[a] not in demonyms and _plural_noun(sent[pb - 1], lexicon)):
            out[-1] = (pa, b, typ, min(conf, pconf))
        else:
            out.append((a, b, typ, conf))
    return out


def _plural_noun(word: str, lexicon: dict) -> bool:
    return lexicon.get(word.lower()) == "NNS" or lexicon.get(word) == "NNPS"


# Below this confidence (the model's probability of its type) a mention takes the type its name
# has across the article; chosen on CoNLL dev with weights fitted on the training set (0.7-0.9
# score within 0.001 of each other).
TYPE_CONFIDENCE = 0.8


def find_entities(text: str, sentence_starts: list[int], *, tokens: list | None = None,
                  recognizer: EntityRecognizer | None = None) -> list[EntityRow]:
    """Entity mentions as ``EntityRow`` (sent_id, start, end, text, name, type), in text order.

    Types come from the CRF in ``entity_model``; this function then merges aliases:
    one type per name within the article (confidence-weighted, for the mentions the model is unsure of), a surname alone resolved to
    the full name given earlier, and an acronym tied to the expansion just before it.
    ``tokens``, optional, saves tokenising again: each sentence's tokens as
    ``tokenise.sentence_tokens`` gives them, for sentences that run from one start to
    the next save for white space. ``recognizer``: an ``EntityRecognizer`` with other weights
    (the fitting script's); by default the shipped one."""
    starts = sorted(sentence_starts)
    if tokens is not None and (len(tokens) != len(starts) or starts != list(sentence_starts)):
        raise ValueError(f"find_entities: {len(tokens)} token lists for {len(starts)} sentence starts")
    if not starts or starts[0] != 0:
        if tokens is not None:
            tokens = [TOKEN_PATTERN.findall(text, 0, starts[0] if starts else len(text))] + tokens
        starts = [0] + starts
    mentions = _mentions(text, starts, tokens, recognizer or default_recognizer())
    # Acronym expansions: "Council of Ministers of Defense (COMD)"; one whose first letter opens no word
    # of the name before it is no expansion of it (a dateline's "MIAMI-DADE, FLA. (WSVN)", "WASHINGTON (AP)").
    alias: dict = {}
    for k, (_, start, _, surface, _, _) in enumerate(mentions):
        if k and text[start - 1:start] == "(" and _ACRONYM.match(surface) and mentions[k - 1][2] >= start - 3 \
                and surface[0] in {w[:1].upper() for w in mentions[k - 1][3].split()}:
            alias[surface] = mentions[k - 1][3]
    # Document-level consistency, weighed by the model's confidence: each mention votes for its
    # type with its confidence, and a mention the model is unsure of (below TYPE_CONFIDENCE) takes
    # the name's winning type; a confident mention keeps its own. (A blind majority vote spread
    # one wrong type over every mention: on CoNLL dev it scored 0.909 against 0.915 for this.)
    votes: dict = {}
    for _, _, _, surface, typ, conf in mentions:
        tally = votes.setdefault(alias.get(surface, surface), {})
        tally[typ] = tally.get(typ, 0.0) + conf
    # A tie goes to the type seen first.
    best = {name: max(tally, key=tally.get) for name, tally in votes.items()}
    persons: dict = {}  # surname or middle name -> the first person named in full with it
    given: dict = {}    # first name -> the person named in full with it ('' once two people share it)
    spelled: dict = {}  # (first name, surname) -> the full name as the article first gave it
    companies: dict = {}  # a company's name without its legal form -> its name with it
    sites: dict = {}  # a site's name without its domain -> the name with it ("Amazon" -> "Amazon.com")
    rows, confidence = [], []
    for sid, s, e, surface, typ, conf in mentions:
        name = alias.get(surface, surface)
        if conf < TYPE_CONFIDENCE:
            typ = best[name]
        words = name.split()
        if len(words) == 1 and name in companies and typ != "MISC":
            # "Chevron" after "Chevron Corp", "Rhodium" after "Rhodium Group" (not "Islamic" after
            # "Islamic Group": an adjective, typed MISC).
            typ, name = "ORG", companies[name]
        elif len(words) == 1:
            # A surname (or a shorter form) alone, or a first name alone ("Anil" after "Anil
            # Ambani"), resolves to the person named earlier in full.
            full = persons.get(name) or given.get(name)
            if full and typ in ("PER", "ORG", "LOC"):
                typ, name = "PER", full
        elif name in companies:
            # A company's name without its legal form ("Chevron" after "Chevron Corp").
            typ, name = "ORG", companies[name]
        elif name in persons and typ in ("PER", "ORG", "LOC"):
            # A surname of two words alone ("Kostro Miller" after "Amanda A. Kostro Miller").
            typ, name = "PER", persons[name]
        elif typ == "PER":
            # The same person with and without a middle initial ("Michael R. Bloomberg", then
            # "Michael Bloomberg") keeps the name the article gave first.
            first_spelling = spelled.setdefault((words[0], words[-1]), name)
            if first_spelling != name and _same_but_initials(first_spelling.split(), words):
                name = first_spelling
                words = name.split()
            # The surname, a middle name ("Etienne" of "Camille Etienne Gbedey") and the last words
            # ("Abu Hatab" of "Walid Abu Hatab") stand for the first person named in full with them:
            # the article's principal, named before the relatives who share the name ("Meadows" is
            # Rep. Mark Meadows, not "Debbie Meadows", his wife, named later; "Cruz" is Ted Cruz).
            for word in words[1:]:
                persons.setdefault(word, name)
            for k in range(2, len(words)):
                persons.setdefault(" ".join(words[-k:]), name)
            given[words[0]] = name if given.get(words[0], name) == name else ""
        if len(words) > 1 and words[-1] in _AGREEMENTS:
            typ = "MISC"  # a treaty or law ("Paris Agreement", typed a place; "Kyoto Protocol")
        if typ == "ORG" and len(words) > 1 and words[-1].rstrip(".").lower() in _LEGAL_FORMS:
            companies.setdefault(" ".join(words[:-1]), name)
        if typ == "ORG" and len(words) <= 2 and "." in words[0]:
            site = _SITE.match(words[0])
            if site:
                sites.setdefault(site.group(1), name)
        rows.append(EntityRow(sid, s, e, surface, name, typ))
        confidence.append(conf)
    if sites:
        # The company without its domain, before or after it: "Amazon" and "Amazon.com" are one
        # ORG; "the Amazon" may be the river.
        rows = [row._replace(name=sites[row.name], type="ORG")
                if row.name in sites and row.type in ("ORG", "LOC")
                and not _after_the(*_words_before(text, row.start))
                else row for row in rows]
    if companies:
        # An organisation named without its legal form before the article gives it in full (a
        # headline's "Microsoft", then "Microsoft Corp said"): the same company.
        rows = [row._replace(name=companies[row.name]) if row.type == "ORG" and row.name in companies else row
                for row in rows]
    rows, confidence = _split_pairs(rows, confidence)
    rows, confidence = _shared_surnames(text, rows, confidence)
    rows, confidence = _without_party_tags(text, rows, confidence)
    rows = _merge_capitals(rows)
    return _merge_plurals(rows, confidence)


def _merge_capitals(rows: list[EntityRow]) -> list[EntityRow]:
    """A name written in capitals (a dateline's "SOUTHWEST MIAMI-DADE", a headline's) that the article
    also writes in ordinary case is that name: one entity, not two. Each mention keeps its type (taking
    the other's cost CoNLL dev 0.0015: its capitals are sports headlines, "JAPAN" the team or the
    country)."""
    if not any(row.name.isupper() for row in rows):
        return rows
    written: dict = {}
    for row in rows:
        if not row.name.isupper():
            written.setdefault(row.name.lower(), row.name)
    return [row._replace(name=written[row.name.lower()]) if row.name.isupper() and row.name.lower() in written
            else row for row in rows]


def _split_pairs(rows: list[EntityRow], confidence: list[float]) -> tuple[list, list]:
    """A name of two names joined by "and" ("Jas and Vincent", typed ORG; "Mercantile and
    Commerce", "Braves and Cubs" in CoNLL), where the article names each of them alone elsewhere,
    is the two names, each of the type its other mentions have (a person's first)."""
    if not any(" and " in row.text for row in rows):
        return rows, confidence
    kinds: dict = {}
    for row in rows:
        if " and " not in row.text:
            kinds.setdefault(row.name, set()).add(row.type)
    out_rows, out_conf = [], []
    for row, conf in zip(rows, confidence):
        left, sep, right = row.text.partition(" and ")
        if sep and row.type != "PER" and left in kinds and right in kinds:
            for part, start in ((left, row.start), (right, row.end - len(right))):
                typ = "PER" if "PER" in kinds[part] else min(kinds[part])
                out_rows.append(row._replace(start=start, end=start + len(part), text=part, name=part, type=typ))
                out_conf.append(conf)
        else:
            out_rows.append(row)
            out_conf.append(conf)
    return out_rows, out_conf


def _shared_surnames(text: str, rows: list[EntityRow], confidence: list[float]) -> tuple[list, list]:
    """A given name alone, then "and" and a person named by a given name and a surname, shares that
    surname: "Bill and Hillary Clinton", "Barack and Michelle Obama" (the model gives "Bill" and
    "Barack" alone, extraction_dev 0738), and so does every other mention named by that given name
    alone. Only the name changes, not the mention's text, and the surname alone later still stands
    for the person the article named in full first. The same pair before a word that ends names given
    after people ("the Bill and Melinda Gates Foundation": a person, and a person named "Melinda Gates
    Foundation") is one organisation."""
    given = resources.given_names()
    # Most articles have no such pair: look for one before copying anything.
    if not any(rows[k].text in given and _AND_GAP.fullmatch(text, rows[k].end, rows[k + 1].start)
               for k in range(len(rows) - 1)):
        return rows, confidence
    shared: dict = {}
    out_rows, out_conf = [], []
    k = 0
    while k < len(rows):
        a, conf = rows[k], confidence[k]
        b = rows[k + 1] if k + 1 < len(rows) else None
        if (b is not None and a.type in ("PER", "ORG") and a.sent_id == b.sent_id and a.text in given
                and _AND_GAP.fullmatch(text, a.end, b.start)):
            words = b.text.split()
            if len(words) >= 2 and words[-1] in _NAMED_AFTER_PEOPLE:
                whole = text[a.start:b.end]
                out_rows.append(a._replace(end=b.end, text=whole, name=whole, type="ORG"))
                out_conf.append(max(conf, confidence[k + 1]))
                k += 2
                continue
            before = text[max(0, a.start - 12):a.start].split()
            titled = bool(before) and before[-1].rstrip(".") in resources.person_titles() | _HONORIFICS
            if a.type == b.type == "PER" and len(words) in (2, 3) and not titled:  # not "Prince William and Kate Middleton"
                shared.setdefault(a.name, f"{a.text} {words[-1]}")
        out_rows.append(a)
        out_conf.append(conf)
        k += 1
    if shared:
        out_rows = [row._replace(name=shared[row.name]) if row.type == "PER" and row.name in shared else row
                    for row in out_rows]
    return out_rows, out_conf


def _without_party_tags(text: str, rows: list[EntityRow], confidence: list[float]) -> tuple[list, list]:
    """No entity inside a politician's party-and-state tag: "Rep. Mark Walker (R-N.C.)" gave an
    organisation "R-N" and one "C." (extraction_dev 0829), "(R-Texas)" an organisation, ", D-Calif.,"
    a MISC name. The tag says where the person sits, not a place or body the story is about."""
    if "R-" not in text and "D-" not in text and "I-" not in text:
        return rows, confidence  # a fast search first: the tag's regular expression costs 1% of a profile
    tags = [m.span() for m in _PARTY_TAG.finditer(text)]
    if not tags:
        return rows, confidence
    kept = [(row, conf) for row, conf in zip(rows, confidence)
            if not any(a <= row.start and row.end <= b for a, b in tags)]
    return [row for row, _ in kept], [conf for _, conf in kept]


# "(R-N.C.)", "(D-Calif.)", ", R-Texas,", "(I-Vt.)": a party's initial, a hyphen, a state's name or
# abbreviation, then a closing parenthesis or a comma.
_PARTY_STATE = r"[RDI]-[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?"
_PARTY_TAG = re.compile(rf"(?<=[(,] ){_PARTY_STATE}(?=[),])|(?<=\(){_PARTY_STATE}(?=\))")
_AND_GAP = re.compile(r"\s+(?:and|&)\s+")
# Last words of names given after people: foundations, prizes, schools ("Bill and Melinda Gates Foundation").
_NAMED_AFTER_PEOPLE = frozenset({"Foundation", "Institute", "Center", "Centre", "Trust", "Fund", "Prize", "Award",
                                 "Awards", "School", "Hospital", "Library", "Museum", "Scholarship", "Endowment"})
# Last words of the names of treaties and laws, MISC by CoNLL's conventions (11 of 12 such names in
# its training and dev sets; "Penn Treaty", a company, the other).
_AGREEMENTS = frozenset({"Agreement", "Accord", "Accords", "Treaty", "Protocol", "Pact", "Act"})
_INITIALS = re.compile(r"(?:[A-Z]\.?)+")
_SITE = re.compile(r"(\w+)\.(?:com|org|net|co\.uk)$")
# Legal forms that end a company's name; the name without one, later alone, is the same company.
_LEGAL_FORMS = frozenset({"inc", "corp", "corporation", "co", "ltd", "plc", "llc", "llp", "ag", "sa", "nv", "gmbh",
                          "bhd", "spa", "ab", "asa", "oyj", "holdings", "group"})


def _same_but_initials(a: list[str], b: list[str]) -> bool:
    """Whether two names of the same first name and surname differ only in that one of them has
    middle initials and the other none ("Michael R. Bloomberg", "Michael Bloomberg"; not "George H.
    W. Bush" and "George W. Bush", who are two people)."""
    middle_a, middle_b = a[1:-1], b[1:-1]
    if middle_a and middle_b:
        return False
    return all(_INITIALS.fullmatch(w) for w in middle_a + middle_b)


def _merge_plurals(rows: list[EntityRow], confidence: list[float]) -> list[EntityRow]:
    """A one-word name that is another name of the article plus "s" ("Oscars" beside "Oscar")
    is the same name, unless it is a place's name; the merged name takes the type of its most
    confident mention (the first of them on a tie)."""
    names = {row.name for row in rows}
    plural = {n: n[:-1] for n in names if n[-1:] == "s" and n[:-1] in names and len(n) > 3 and " " not in n
              and n not in resources.places()}  # "Philippines" is not more "Philippine"
    if not plural:
        return rows
    rows = [row._replace(name=plural.get(row.name, row.name)) for row in rows]
    kind: dict = {}
    for row, conf in zip(rows, confidence):
        if row.name in plural.values() and conf > kind.get(row.name, (-1.0, ""))[0]:
            kind[row.name] = (conf, row.type)
    return [row._replace(type=kind[row.name][1]) if row.name in kind else row for row in rows]
