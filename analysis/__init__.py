"""Profile news articles for sentiment, hedging and entities; see README.md.

>>> import analysis
>>> prof = analysis.profile_article("Sources suggest the talks may resume.")
>>> int(prof.summary["n_sentences"])
1
"""
from .corpus import CorpusProfile, profile_corpus
from .ingest import ArticleLoadError, load_articles
from .normalise import normalise_text
from .profile import ArticleProfile, profile_article
from .tokenise import n_words, paragraph_spans, sentence_spans, word_spans

__all__ = ["load_articles", "ArticleLoadError", "profile_article", "ArticleProfile", "profile_corpus",
           "CorpusProfile",
           "normalise_text", "n_words", "paragraph_spans", "sentence_spans", "word_spans"]
__version__ = "0.1.0"
