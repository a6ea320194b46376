"""The sort orders the command line and the window offer, "for-you" among them."""

from __future__ import annotations

from readinglist.core.searching import SORTS as SEARCH_SORTS

FOR_YOU = "for-you"
SORTS = (*SEARCH_SORTS, FOR_YOU)
LIST_SORTS = ("added", "published", "title", FOR_YOU)
