"""The user's query language as a small tree of plain dataclasses, knowing nothing of
any search engine: ``search.query_whoosh`` translates it for the index and
``storage.scan`` for the database, so the two read one meaning of every query.

Words are ANDed; ``"exact phrase"``; ``OR``; ``-word`` / ``NOT word``; parentheses;
``title:`` ``abstract:`` ``author:`` ``tag:`` ``note:`` ``digest:`` ``id:`` fields;
``is:read`` ``is:unread`` ``is:starred``; ``published:2025``, ``published:2024..2025``,
``published:>=2025-06``; ``word*`` prefixes; ``word~`` fuzzy. A malformed query never
fails: it degrades to its plain words. A query beyond the limits that keep every search
quick (``MAX_QUERY_CHARS``, ``MAX_QUERY_WORDS``, ``MAX_DEPTH`` of parentheses and NOTs)
raises ``QueryLimitError`` instead, before any work is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readinglist.domain.query_nodes import Bool, Dates, Node, Not, Score, State, Term
from readinglist.domain.query_parser import (
    FIELD_ALIASES,
    MAX_DEPTH,
    MAX_EXPANDING_WORDS,
    MAX_FUZZY_CHARS,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    QueryLimitError,
    parse_node,
)
from readinglist.domain.states import STATE_MARKS

__all__ = [
    "FIELD_ALIASES",
    "MAX_DEPTH",
    "MAX_EXPANDING_WORDS",
    "MAX_FUZZY_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "Bool",
    "Dates",
    "Filters",
    "Node",
    "Not",
    "QueryLimitError",
    "QueryTree",
    "Score",
    "State",
    "Term",
    "has_state",
    "parse_tree",
]


@dataclass(slots=True)
class Filters:
    """Conditions the database answers: read/starred/dismissed state and tags."""

    read: bool | None = None
    starred: bool | None = None
    dismissed: bool | None = None
    tags: list[str] = field(default_factory=list)
    without_tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QueryTree:
    """A parsed query: the tree of what the text must match (None: every paper) and the
    top-level state and tag conditions moved into ``filters``."""

    node: Node | None
    filters: Filters


def parse_tree(text: str, *, as_you_type: bool = False) -> QueryTree:
    """Parse the user's query. With ``as_you_type`` the last word, still being typed,
    matches as a prefix. Raises ``QueryLimitError`` for a query beyond the limits."""
    filters = Filters()
    node = _extract_filters(parse_node(text, as_you_type), filters)
    return QueryTree(node, filters)


def has_state(node: Node | None) -> bool:
    """True when an ``is:`` or ``score:`` condition (the database answers both) sits
    somewhere in ``node``."""
    if isinstance(node, Bool):
        return any(has_state(child) for child in node.children)
    if isinstance(node, Not):
        return has_state(node.child)
    return isinstance(node, State | Score)


def _extract_filters(node: Node | None, filters: Filters) -> Node | None:
    """Move top-level ``is:`` and ``tag:`` terms (and their negations) into ``filters``."""
    children = node.children if isinstance(node, Bool) and node.op == "and" else [node]
    kept: list[Node] = []
    for child in children:
        negated = isinstance(child, Not)
        term = child.child if isinstance(child, Not) else child
        if isinstance(term, State) and term.name in STATE_MARKS:
            mark, has = STATE_MARKS[term.name]
            setattr(filters, mark, has != negated)
            continue
        if isinstance(term, Term) and term.field == "tags" and term.kind != "prefix":
            (filters.without_tags if negated else filters.tags).append(term.text)
            continue
        if child is not None:
            kept.append(child)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Bool("and", tuple(kept))
