"""``score:`` in searches and subscription rules: the condition is answered from the
scores cached in the library (``storage.ranking_scores``), so before such a query is
answered the papers the current model has not scored yet are scored, when they are few
(a new digest); a large backlog is left to the background update.

Without a trained model (fewer than five starred or tagged papers) no paper has a score
and ``score:`` matches nothing: :func:`no_model_note` says so to the reader. A rule such
as ``score:>0.8`` -> tag ``must-read`` then acts on nothing; rules act once, on the papers
that arrive, so papers fetched before a model existed are not tagged later."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from readinglist.core.ranking.placement import scored_elsewhere

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranker

logger = logging.getLogger(__name__)

SCORE_NOW_LIMIT = 2_000  # unscored papers scored before a query answers; more: later
_SCORE_FIELD = re.compile(r"(?<![\w:])score:", re.IGNORECASE)
NO_MODEL = (
    "no For you model yet (star or tag at least 5 papers): score: matches no paper "
    "until one is trained"
)


def uses_score(query: str) -> bool:
    """True when the query has a ``score:`` condition."""
    return bool(_SCORE_FIELD.search(query))


def score_missing(ranker: Ranker, limit: int | None = SCORE_NOW_LIMIT) -> int:
    """Score the papers the current model has not scored (at most ``limit`` of them; None:
    all, with the whole feature store) and cache the scores; return how many."""
    version = ranker.current_version()
    if version is None:
        return 0
    missing = ranker.scores.unscored(version)
    if not missing:
        return 0
    if limit is None:
        return ranker.rescore()
    if len(missing) > limit:
        logger.info("%d papers wait for the background update to be scored", len(missing))
        return 0
    ranker.score_papers(missing)
    return len(missing)


def no_model_note(ranker: Ranker, query: str) -> str:
    """What to tell the reader about a ``score:`` query ("" when there is a model)."""
    if not uses_score(query) or ranker.current_version() is not None:
        return ""
    return NO_MODEL


class _Searchable(Protocol):
    """What the rules' matcher needs of a Library."""

    @property
    def ranking(self) -> Ranker: ...

    def matching_ids(self, text: str, *, as_you_type: bool = ...) -> set[int]: ...


def scoring_matcher(library: _Searchable) -> Callable[[str], set[int]]:
    """The papers a rule's query matches, the new papers scored first when the query
    has a ``score:`` condition (so a rule sees the scores of what just arrived): here (the
    command line), or by the window's ranking process (``placement.computed_elsewhere``)."""

    def matcher(query: str) -> set[int]:
        if uses_score(query):
            try:
                if not scored_elsewhere():  # the window's: by its ranking process
                    score_missing(library.ranking)
            except Exception:  # a cache: the rule then sees the scores there are
                logger.exception("new papers not scored before the rules")
        return library.matching_ids(query, as_you_type=False)

    return matcher
