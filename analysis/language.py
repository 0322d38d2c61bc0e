"""Normalise: which language an article is written in, offline.

The kit's sentiment, hedging, sourcing and entity measures are built for English. An
article in another language still gets sentences, words and repairs, but its
English-only measures are left missing rather than computed on the wrong language
(``profile.article_columns`` decides from ``detect_language``).

Identification is py3langid's (a maintained fork of langid.py; its model of 97 languages
ships inside the wheel). It can be unsure on short text, so an article counts as
another language only on clear evidence: most of its letters outside the Latin script,
or at least ``MIN_WORDS`` words and the identifier's probability at least
``MIN_PROBABILITY``. Otherwise it is English. On the English dev data (216 CoNLL
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
# Characters py3langid needs to be sure; longer articles are judged on their beginning.
_SAMPLE = 5000
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


class LanguageGuess(NamedTuple):
    code: str           # ISO 639-1
    probability: float  # the identifier's, for the language it ranks first
    reason: str         # why the kit decided so


def detect_language(text: str) -> LanguageGuess:
    """The article's language as an ISO 639-1 code, with the identifier's probability and the
    reason for the decision."""
    sample = text[:_SAMPLE]
    code, probability = resources.language_identifier().classify(sample)
    code, probability = str(code), float(probability)
    letters = _LETTER.findall(sample)
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    if letters and latin < len(letters) / 2 and code != ENGLISH:
        return LanguageGuess(code, probability, "most letters are not Latin")
    if code != ENGLISH and probability >= MIN_PROBABILITY and len(sample.split()) >= MIN_WORDS:
        return LanguageGuess(code, probability, f"identified with probability {probability:.2f}")
    if code != ENGLISH:
        return LanguageGuess(ENGLISH, probability, f"too little evidence for {code!r}; English assumed")
    return LanguageGuess(ENGLISH, probability, f"identified with probability {probability:.2f}")


def language_name(code: str) -> str:
    """The English name of a language code ("ru" -> "Russian"), or the code itself."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return found.name if found is not None else code
