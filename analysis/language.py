"""Normalise: which language an article is written in, offline.

The kit's sentiment, hedging, sourcing and entity measures are built for English. An
article in another language still gets sentences, words and repairs, but its
English-only measures are left missing rather than computed on the wrong language
(``profile.article_columns`` decides from ``detect_language``).

Identification is py3langid's (a maintained fork of langid.py; its model of 97 languages
ships inside the wheel). It can be unsure on short text, so an article counts as
another language only on clear evidence: most of its letters outside the Latin script,
or at least ``MIN_WORDS`` words and the identifier's probability at least
``MIN_PROBABILITY`` (read from the first 250 characters, then from the first 2,000 when those
leave it unsure). Otherwise it is English. On the English dev data (216 CoNLL
documents, 1,753 newswire, 3,000 Wikipedia and 2,475 NYT sentences) that rule calls
nothing another language.

>>> detect_language("Die Minister trafen sich am Dienstag in Berlin, um über den Plan zu sprechen.").code
'de'
>>> detect_language("Переговоры прошли за закрытыми дверями.").code
'ru'
>>> detect_language("Talks may resume.").code
'en'
"""
from __future__ import annotations

import re
from typing import NamedTuple

from . import resources

__all__ = ["LanguageGuess", "detect_language", "language_name", "ENGLISH", "MIN_WORDS", "MIN_PROBABILITY"]

ENGLISH = "en"
MIN_WORDS = 5
MIN_PROBABILITY = 0.9
# The beginning of an article is enough to tell its language (py3langid is sure from a few
# hundred characters), and the identifier costs time in proportion to what it reads.
_SAMPLE = 250
# ... and when it is unsure there, this much more.
_LONG_SAMPLE = 2000
_LETTER = re.compile(r"[^\W\d_]")
# English function words with the spaces around them, counted in the lower-cased text.
_ENGLISH_MARKERS = (" the ", " of ", " and ", " to ", " said ")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


class LanguageGuess(NamedTuple):
    code: str           # ISO 639-1
    probability: float  # the identifier's, for the language it ranks first
    reason: str         # why the kit decided so


def detect_language(text: str) -> LanguageGuess:
    """The article's language as an ISO 639-1 code, with the identifier's probability and the
    reason for the decision."""
    # A cheap first look, in C: in English text "the", "of", "and", "to" and "said" are a tenth or
    # more of the words (Reuters news, first 1,000 characters: about 13%); other languages written
    # in Latin letters have almost none of them as words. Then the identifier is not needed.
    head = text[:1000].lower()
    hits = sum(map(head.count, _ENGLISH_MARKERS))
    if hits >= 4 and hits >= 0.05 * (head.count(" ") + 1):
        return LanguageGuess(ENGLISH, 1.0, "common English function words throughout")
    sample = text[:_SAMPLE]
    code, probability = resources.language_identifier().classify(sample)
    code, probability = str(code), float(probability)
    if code == ENGLISH:
        return LanguageGuess(ENGLISH, probability, f"identified with probability {probability:.2f}")
    n_letters = len(_LETTER.findall(sample))
    if n_letters and len(_LATIN.findall(sample)) < n_letters / 2:
        return LanguageGuess(code, probability, "most letters are not Latin")
    if probability >= MIN_PROBABILITY and len(sample.split()) >= MIN_WORDS:
        return LanguageGuess(code, probability, f"identified with probability {probability:.2f}")
    if len(text) > _SAMPLE:
        # Unsure from the beginning alone (a German page opening with an English title and
        # credits read "de" at 0.86): more of the article decides.
        longer = text[:_LONG_SAMPLE]
        code, probability = resources.language_identifier().classify(longer)
        code, probability = str(code), float(probability)
        if code == ENGLISH:
            return LanguageGuess(ENGLISH, probability, f"identified with probability {probability:.2f}")
        if probability >= MIN_PROBABILITY and len(longer.split()) >= MIN_WORDS:
            return LanguageGuess(code, probability, f"identified with probability {probability:.2f}")
    return LanguageGuess(ENGLISH, probability, f"too little evidence for {code!r}; English assumed")


def language_name(code: str) -> str:
    """The English name of a language code ("ru" -> "Russian"), or the code itself."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return found.name if found is not None else code
