"""Package data: lexicons, gazetteers and tables, loaded once and cached.

Every list the kit uses is a readable CSV/TSV under ``analysis/data/`` whose
first lines (starting with ``#``) say where it comes from. Nothing here touches
the network: resources that ship inside pip packages (the VADER lexicon in
``vaderSentiment``, the Brill lexicon in ``textblob``) are read from
site-packages.
"""
from __future__ import annotations

import csv
import io
import os
from functools import lru_cache
from importlib import resources as _ir
from pathlib import Path

__all__ = ["read_table", "data_path", "nltk_data_dir", "translit_table", "homoglyphs",
           "is_known_word", "brill_lexicon", "abbreviations", "sentence_starters"]


def data_path(name: str) -> Path:
    return Path(str(_ir.files("analysis") / "data" / name))


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict, ...]:
    """Rows of ``analysis/data/<name>`` as dicts; leading ``#`` lines are provenance notes."""
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
def _first_names() -> frozenset:
    return frozenset(r["name"].lower() for r in read_table("first_names.csv"))


def is_known_word(word: str) -> bool:
    """True for an English word (Brill lexicon) or a known first name or surname."""
    lex = brill_lexicon()
    return word in lex or word.lower() in lex or word.lower() in _first_names()


@lru_cache(maxsize=None)
def abbreviations() -> frozenset:
    """Abbreviations (lower case, without the final period) that do not end a sentence."""
    return frozenset(r["abbreviation"].lower().rstrip(".") for r in read_table("abbreviations.csv"))


@lru_cache(maxsize=None)
def sentence_starters() -> frozenset:
    return frozenset(r["word"].lower() for r in read_table("sentence_starters.csv"))
