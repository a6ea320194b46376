"""The "For you" ranking (issue 18): hashed TF-IDF features, a linear SVM trained on the
reader's stars, tags, notes and dismissals, reasons in words, a cold start by similarity."""

from readinglist.core.ranking.ranker import LEARNED, NONE, SIMILAR, Ranker, Ranking
from readinglist.core.ranking.sorting import FOR_YOU, SORTS

__all__ = ["FOR_YOU", "LEARNED", "NONE", "SIMILAR", "SORTS", "Ranker", "Ranking"]
