"""The "For you" ranking (issue 18): hashed TF-IDF features, a linear SVM trained on the
reader's stars, tags, notes and dismissals, reasons in words, a cold start by similarity.

``ranker.Ranker`` is the entry point; it is imported on first use (it loads numpy and
scikit-learn), so only the sort names and the rules' matcher are re-exported here."""

from readinglist.core.ranking.score_queries import scoring_matcher
from readinglist.core.ranking.sorting import FOR_YOU, LIST_SORTS, SORTS

__all__ = ["FOR_YOU", "LIST_SORTS", "SORTS", "scoring_matcher"]
