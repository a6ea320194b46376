"""A query tree (``domain.query_tree``) translated into Whoosh queries."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema

from readinglist.domain.query_nodes import Bool, Dates, Node, Not, Score, State, Term
from readinglist.domain.query_tree import has_state
from readinglist.search.schema import (
    FULL_TEXT_FIELDS,
    MAX_PREFIX,
    MIN_PREFIX,
    PREFIX_FIELD,
    TYPING_FIELDS,
)

PHRASE_FIELDS = ("title", "abstract", "authors", "notes")
FUZZY_FIELDS = ("spelling", "authors")  # unstemmed words, so distances are between words

StatePlan = tuple[Any, ...]
"""A tree whose ``is:`` conditions the database answers: ``("and" | "or", [plans])``,
``("not", plan)``, ``("is", state)``, ``("score", Score)`` or ``("index", whoosh query)``."""


def to_whoosh(node: Node, schema: Schema, words: list[str]) -> wq.Query:
    """``node`` as a Whoosh query; its plain words (for spelling suggestions) are added
    to ``words``. ``is:`` conditions match everything here (see ``state_plan``)."""
    if isinstance(node, Bool):
        parts = [to_whoosh(child, schema, words) for child in node.children]
        if node.op == "or":
            return wq.Or(parts)
        if all(isinstance(p, wq.Not) for p in parts):  # only negations: all but them
            return wq.And([wq.Every(), *parts])
        return wq.And(parts)
    if isinstance(node, Not):
        if has_state(node.child):  # decided by the state plan; neutral for ranking
            return wq.Every()
        return wq.Not(to_whoosh(node.child, schema, words))
    if isinstance(node, State | Score):
        return wq.Every()
    if isinstance(node, Dates):
        if node.prefix is not None:
            return wq.Prefix("published", node.prefix)
        return wq.TermRange("published", node.low, node.high, endexcl=node.high_exclusive)
    return _term_query(node, schema, words)


def state_plan(node: Node, schema: Schema) -> StatePlan:
    """The tree with its ``is:`` leaves kept for the database and every part without one
    as a single Whoosh query (``StatePlan``)."""
    if not has_state(node):
        return ("index", to_whoosh(node, schema, []))
    if isinstance(node, Bool):
        return (node.op, [state_plan(child, schema) for child in node.children])
    if isinstance(node, Not):
        return ("not", state_plan(node.child, schema))
    if isinstance(node, Score):
        return ("score", node)
    assert isinstance(node, State)
    return ("is", node.name)


def _term_query(term: Term, schema: Schema, words: list[str]) -> wq.Query:
    fields = [term.field] if term.field else list(FULL_TEXT_FIELDS)
    if term.kind == "phrase":
        fields = [f for f in fields if f in PHRASE_FIELDS] or fields
        return _any_field(schema, fields, term.text, phrase=True)
    if term.kind == "prefix":
        prefix = term.text.lower()
        return wq.Or([wq.Prefix(f, _stem(schema, f, prefix) or prefix) for f in fields])
    if term.kind == "fuzzy":
        fuzzy_fields = list(FUZZY_FIELDS) if term.field is None else fields
        return wq.Or(
            [
                wq.FuzzyTerm(f, t, maxdist=2, prefixlength=1)
                for f in fuzzy_fields
                for t in _tokens(schema, f, term.text)
            ]
        )
    if term.kind == "typing":
        return _typing_query(term, schema)
    if term.field is None:
        words.append(term.text)
    return _any_field(schema, fields, term.text, phrase=False)


def _typing_query(term: Term, schema: Schema) -> wq.Query:
    """The word being typed: itself as a whole word anywhere, or the start of a word in
    the title, authors or tags (one term lookup in the edge-n-gram field)."""
    fragment = term.text.lower()
    whole = _any_field(
        schema, [term.field] if term.field else list(FULL_TEXT_FIELDS), fragment, False
    )
    if len(fragment) < MIN_PREFIX:
        return whole
    if term.field not in (None, *TYPING_FIELDS):
        return wq.Or([whole, wq.Prefix(term.field, fragment)])
    if len(fragment) > MAX_PREFIX:
        return wq.Or([whole, *[wq.Prefix(f, fragment) for f in TYPING_FIELDS]])
    return wq.Or([whole, wq.Term(PREFIX_FIELD, fragment)])


def _any_field(schema: Schema, fields: list[str], text: str, phrase: bool) -> wq.Query:
    per_field: list[wq.Query] = []
    for name in fields:
        tokens = _tokens(schema, name, text)
        if not tokens:
            continue
        if len(tokens) == 1:
            per_field.append(wq.Term(name, tokens[0]))
        elif phrase and schema[name].format.supports("positions"):
            per_field.append(wq.Phrase(name, tokens))
        else:
            per_field.append(wq.And([wq.Term(name, t) for t in tokens]))
    if not per_field:
        return wq.NullQuery
    return per_field[0] if len(per_field) == 1 else wq.Or(per_field)


def _tokens(schema: Schema, name: str, text: str) -> list[str]:
    return [t for t in schema[name].process_text(text, mode="query") if t]


def _stem(schema: Schema, name: str, text: str) -> str | None:
    tokens = _tokens(schema, name, text)
    return tokens[0] if len(tokens) == 1 else None
