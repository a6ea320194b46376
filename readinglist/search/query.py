"""A query ready to run: the user's text parsed into the engine-free tree
(``domain.query_tree``), translated for Whoosh (``query_whoosh``), with the filters the
database answers. The database scan (``storage.scan``) reads the same tree."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh.fields import Schema

from readinglist.domain.query_nodes import Node
from readinglist.domain.query_tree import (
    MAX_DEPTH,
    MAX_EXPANDING_WORDS,
    MAX_FUZZY_CHARS,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    Filters,
    QueryLimitError,
    has_state,
    parse_tree,
)
from readinglist.domain.states import STATE_MARKS
from readinglist.search.query_whoosh import StatePlan, state_plan, to_whoosh

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDING_WORDS",
    "MAX_FUZZY_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "STATE_MARKS",
    "Filters",
    "ParsedQuery",
    "QueryLimitError",
    "parse",
]


@dataclass(slots=True)
class ParsedQuery:
    """A query ready to run: the Whoosh part (None when only filters were given), the
    filters, the plain words (for spelling suggestions) and the tree itself (``tree``,
    what the database scan reads)."""

    text: wq.Query | None
    filters: Filters
    words: list[str]
    tree: Node | None = None
    states: StatePlan | None = None
    """Set when ``is:`` terms sit inside OR/NOT groups, which the index cannot answer
    (``query_whoosh.StatePlan``). The Whoosh part ``text`` then treats those groups as
    matching everything (for ranking)."""


def parse(text: str, schema: Schema, *, as_you_type: bool = False) -> ParsedQuery:
    """Parse the user's query. With ``as_you_type`` the last word, still being typed,
    matches as a prefix. Raises ``QueryLimitError`` for a query beyond the limits."""
    tree = parse_tree(text, as_you_type=as_you_type)
    node = tree.node
    states = state_plan(node, schema) if node is not None and has_state(node) else None
    words: list[str] = []
    whoosh_query = to_whoosh(node, schema, words) if node is not None else None
    if isinstance(whoosh_query, wq.Not):  # only exclusions: everything but them
        whoosh_query = wq.And([wq.Every(), whoosh_query])
    return ParsedQuery(whoosh_query, tree.filters, words, node, states)
