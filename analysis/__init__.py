"""Profile news articles for sentiment, hedging and entities; see README.md.

The high-level API (``load_articles``, ``profile_article``, ``profile_corpus``,
``build_reports``) and one function per stage, for users who want a single
measure: ingest -> normalise -> tokenise -> annotate -> aggregate -> present.

>>> import analysis
>>> prof = analysis.profile_article("Sources suggest the talks may resume.")
>>> int(prof.summary["n_sentences"])
1
"""
from .corpus import CorpusProfile, outliers
from .engines import profile_corpus
from .entities import find_entities
from .entity_model import EntityRecognizer
from .hedging import find_cues
from .ingest import ArticleLoadError, load_articles, load_errors
from .normalise import normalise_text
from .profile import ArticleProfile, profile_article
from .report import build_reports
from .schema import HEADLINE_MEASURES
from .sentiment import sentence_sentiment, sentiment_scores
from .tokenise import n_words, paragraph_spans, sentence_spans, word_spans
from .vader import NewsAnalyzer

__all__ = [
    # the high-level API
    "load_articles", "load_errors", "ArticleLoadError", "profile_article", "ArticleProfile", "profile_corpus", "CorpusProfile",
    "build_reports", "outliers", "HEADLINE_MEASURES",
    # one function per stage
    "normalise_text", "paragraph_spans", "sentence_spans", "word_spans", "n_words",
    "sentence_sentiment", "sentiment_scores", "find_cues", "find_entities",
    # the models, for users who build their own
    "EntityRecognizer", "NewsAnalyzer",
    "__version__",
]
from .version import __version__

