"""The ``is:`` states of the query language: the one table the search engine's filters
and the database scan both read."""

from __future__ import annotations

# is:STATE -> (the mark it tests, whether the paper has it)
STATE_MARKS: dict[str, tuple[str, bool]] = {
    "read": ("read", True),
    "unread": ("read", False),
    "starred": ("starred", True),
    "unstarred": ("starred", False),
    "dismissed": ("dismissed", True),
}
