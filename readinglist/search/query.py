"""The user's query language, turned into a Whoosh query plus library filters.

Words are ANDed; ``"exact phrase"``; ``OR``; ``-word`` / ``NOT word``; parentheses;
``title:`` ``abstract:`` ``author:`` ``tag:`` ``note:`` ``digest:`` ``id:`` fields;
``is:read`` ``is:unread`` ``is:starred``; ``published:2025``, ``published:2024..2025``,
``published:>=2025-06``; ``word*`` prefixes; ``word~`` fuzzy. A malformed query never
fails: it degrades to its plain words. A query beyond the limits that keep every search
quick (``MAX_QUERY_CHARS``, ``MAX_QUERY_WORDS``, ``MAX_DEPTH`` of parentheses and NOTs)
raises ``QueryLimitError`` instead, before any work is done.

``is:`` and top-level ``tag:`` terms become ``Filters`` answered by the database, which
always has the latest annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema

from readinglist.domain.states import STATE_MARKS
from readinglist.search.schema import (
    FULL_TEXT_FIELDS,
    MAX_PREFIX,
    MIN_PREFIX,
    PREFIX_FIELD,
    TYPING_FIELDS,
)

FIELD_ALIASES = {
    "title": "title",
    "abstract": "abstract",
    "author": "authors",
    "authors": "authors",
    "tag": "tags",
    "tags": "tags",
    "note": "notes",
    "notes": "notes",
    "digest": "digest",
    "id": "ids",
    "arxiv": "ids",
    "doi": "ids",
    "published": "published",
    "is": "is",
}
PHRASE_FIELDS = ("title", "abstract", "authors", "notes")
FUZZY_FIELDS = ("spelling", "authors")  # unstemmed words, so distances are between words
MAX_QUERY_CHARS = 1_000
MAX_QUERY_WORDS = 64  # phrases counted word by word; AND, OR and NOT not counted
MAX_EXPANDING_WORDS = 8  # ``word*`` and ``word~``, each looked up as many words
MAX_DEPTH = 32  # parentheses and NOTs inside one another
MAX_FUZZY_CHARS = 32  # a longer ``word~`` is looked up as the plain word


class QueryLimitError(ValueError):
    """A query beyond one of the limits above; ``str(error)`` says which, for the user."""


_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<open>\()
      | (?P<close>\))
      | (?P<field>[A-Za-z]+):(?=[^\s)])
      | (?P<phrase>"[^"]*"?)
      | (?P<minus>-)(?=[^\s)])
      | (?P<word>[^\s()"]+)""",
    re.VERBOSE,
)


@dataclass(slots=True)
class Filters:
    """Conditions the database answers: read/starred state and tags."""

    read: bool | None = None
    starred: bool | None = None
    dismissed: bool | None = None
    tags: list[str] = field(default_factory=list)
    without_tags: list[str] = field(default_factory=list)


ScanCondition = tuple[Any, ...]
"""The query without Whoosh, for a plain database scan while the index is being built:
``("and" | "or", [conditions])``, ``("not", condition)``, ``("contains", field, text)``
(field None: any text field) or ``("is", state)``."""


@dataclass(slots=True)
class ParsedQuery:
    """A query ready to run: the Whoosh part (None when only filters were given), the
    filters, and the plain words (for spelling suggestions)."""

    text: wq.Query | None
    filters: Filters
    words: list[str]
    scan: ScanCondition | None = None
    states: ScanCondition | None = None
    """Set when ``is:`` terms sit inside OR/NOT groups, which the index cannot answer: the
    query as a tree whose leaves are ``("is", state)`` or ``("index", whoosh query)``. The
    Whoosh part ``text`` then treats those groups as matching everything (for ranking)."""


# ------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _Term:
    field: str | None
    text: str
    kind: str  # word, phrase, prefix, fuzzy, typing


@dataclass(slots=True)
class _Not:
    child: object


@dataclass(slots=True)
class _Bool:
    op: str  # and / or
    children: list[object]


class _Malformed(Exception):
    pass


def parse(text: str, schema: Schema, *, as_you_type: bool = False) -> ParsedQuery:
    """Parse the user's query. With ``as_you_type`` the last word, still being typed,
    matches as a prefix."""
    filters = Filters()
    _check_size(text)
    try:
        tree = _Parser(text, as_you_type).parse()
    except _Malformed:
        plain = re.sub(r"[^\w\s]+", " ", text)
        plain = re.sub(r"\b(AND|OR|NOT)\b", lambda m: m.group().lower(), plain)
        tree = _Parser(plain, as_you_type).parse()
    tree = _extract_filters(tree, filters)
    scan = _scan_condition(tree) if tree is not None else None
    states = _state_plan(tree, schema) if _has_state(tree) else None
    words: list[str] = []
    whoosh_query = _to_whoosh(tree, schema, words) if tree is not None else None
    if isinstance(whoosh_query, wq.Not):  # only exclusions: everything but them
        whoosh_query = wq.And([wq.Every(), whoosh_query])
    return ParsedQuery(text=whoosh_query, filters=filters, words=words, scan=scan, states=states)


def _check_size(text: str) -> None:
    """Refuse a query too long or with too many words to answer quickly."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryLimitError(
            f"the search is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})"
        )
    words = expanding = 0
    for match in _TOKEN.finditer(text):
        value = match.group()
        if match.lastgroup == "word" and value not in ("AND", "OR", "NOT"):
            words += 1
            expanding += len(value) > 1 and value[-1] in "*~"
        elif match.lastgroup == "phrase":
            words += max(1, len(value.strip('"').split()))
    if words > MAX_QUERY_WORDS:
        raise QueryLimitError(
            f"the search has too many words ({words:,}; at most {MAX_QUERY_WORDS})"
        )
    if expanding > MAX_EXPANDING_WORDS:
        raise QueryLimitError(
            f"the search has too many words ending in * or ~ ({expanding:,}; "
            f"at most {MAX_EXPANDING_WORDS})"
        )


class _Parser:
    """Recursive descent, with the nesting depth checked so it cannot exhaust the stack."""

    def __init__(self, text: str, as_you_type: bool) -> None:
        self.tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
        self.as_you_type = as_you_type
        self.typing_last = as_you_type and bool(text) and not text[-1].isspace()
        self.pos = 0
        self.depth = 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryLimitError(
                f"the search nests parentheses or NOTs more than {MAX_DEPTH} levels deep"
            )

    def parse(self) -> object | None:
        self._skip_space()
        if self.pos >= len(self.tokens):
            return None
        node = self._or()
        self._skip_space()
        if self.pos < len(self.tokens):
            raise _Malformed
        return node

    def _or(self) -> object:
        children = [self._and()]
        while self._peek_word("OR"):
            self.pos += 1
            children.append(self._and())
        return children[0] if len(children) == 1 else _Bool("or", children)

    def _and(self) -> object:
        children: list[object] = []
        while True:
            self._skip_space()
            if self.pos >= len(self.tokens) or self.tokens[self.pos][0] == "close":
                break
            if self._peek_word("OR"):
                break
            if self._peek_word("AND"):
                self.pos += 1
                continue
            children.append(self._unary())
        if not children:
            raise _Malformed
        return children[0] if len(children) == 1 else _Bool("and", children)

    def _unary(self) -> object:
        self._skip_space()
        if self._peek_word("NOT") or self._peek_kind("minus"):
            self.pos += 1
            self._deeper()
            child = self._unary()
            self.depth -= 1
            return child.child if isinstance(child, _Not) else _Not(child)  # NOT NOT x: x
        return self._primary()

    def _primary(self) -> object:
        kind, value = self._next()
        if kind == "open":
            self._deeper()
            node = self._or()
            self._skip_space()
            if self._next()[0] != "close":
                raise _Malformed
            self.depth -= 1
            return node
        if kind == "field":
            name = FIELD_ALIASES.get(value[:-1].lower())
            target_kind, target = self._next()
            if name is None or target_kind not in ("word", "phrase"):
                raise _Malformed
            return self._term(name, target_kind, target)
        if kind in ("word", "phrase"):
            return self._term(None, kind, value)
        raise _Malformed

    def _term(self, field: str | None, kind: str, value: str) -> object:
        at_end = self.pos >= len(self.tokens)
        if kind == "phrase" and self.as_you_type and at_end and not value[1:].endswith('"'):
            return self._open_phrase(field, value[1:])
        if kind == "phrase":
            return _Term(field, value.strip('"'), "phrase")
        if value.endswith("*") and len(value) > 1:
            return _Term(field, value.rstrip("*"), "prefix")
        if value.endswith("~") and len(value) > 1:
            word = value.rstrip("~")
            return _Term(field, word, "fuzzy" if len(word) <= MAX_FUZZY_CHARS else "word")
        if at_end and self.typing_last and field not in ("is", "published", "ids"):
            return _Term(field, value, "typing")
        return _Term(field, value, "word")

    def _open_phrase(self, field: str | None, text: str) -> object:
        """A phrase still being typed matches its words (the last one as a prefix) until
        the closing quote makes it exact: position checks on every keystroke are slow."""
        words = text.split()
        if not words:
            raise _Malformed
        last_kind = "typing" if self.typing_last else "word"
        terms: list[object] = [_Term(field, w, "word") for w in words[:-1]]
        terms.append(_Term(field, words[-1], last_kind))
        return terms[0] if len(terms) == 1 else _Bool("and", terms)

    def _next(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise _Malformed
        token = self.tokens[self.pos]
        self.pos += 1
        return token[0] or "", token[1]

    def _skip_space(self) -> None:
        while self.pos < len(self.tokens) and self.tokens[self.pos][0] == "space":
            self.pos += 1

    def _peek_word(self, word: str) -> bool:
        self._skip_space()
        return self.pos < len(self.tokens) and self.tokens[self.pos] == ("word", word)

    def _peek_kind(self, kind: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][0] == kind


# --------------------------------------------------------------------- translation


def _extract_filters(node: object | None, filters: Filters) -> object | None:
    """Move top-level ``is:`` and ``tag:`` terms (and their negations) into ``filters``."""
    children = node.children if isinstance(node, _Bool) and node.op == "and" else [node]
    kept: list[object] = []
    for child in children:
        negated = isinstance(child, _Not)
        term = child.child if isinstance(child, _Not) else child
        if isinstance(term, _Term) and term.field == "is":
            mark = STATE_MARKS.get(term.text.lower())
            if mark is not None:
                setattr(filters, mark[0], mark[1] != negated)
                continue
        if isinstance(term, _Term) and term.field == "tags" and term.kind != "prefix":
            (filters.without_tags if negated else filters.tags).append(term.text)
            continue
        if child is not None:
            kept.append(child)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else _Bool("and", kept)


def _scan_condition(node: object) -> ScanCondition:
    """The parse tree as a ``ScanCondition`` (prefixes, fuzzy words and phrases all become
    substring tests: the scan is a stand-in until the index is ready)."""
    if isinstance(node, _Bool):
        return (node.op, [_scan_condition(child) for child in node.children])
    if isinstance(node, _Not):
        return ("not", _scan_condition(node.child))
    assert isinstance(node, _Term)
    if node.field == "is":
        return ("is", node.text.lower())
    return ("contains", node.field, node.text)


def _has_state(node: object | None) -> bool:
    if isinstance(node, _Bool):
        return any(_has_state(child) for child in node.children)
    if isinstance(node, _Not):
        return _has_state(node.child)
    return isinstance(node, _Term) and node.field == "is"


def _state_plan(node: object, schema: Schema) -> ScanCondition:
    """The tree with ``is:`` leaves kept for the database and every part without one as a
    single Whoosh query (see ``ParsedQuery.states``)."""
    if not _has_state(node):
        return ("index", _to_whoosh(node, schema, []))
    if isinstance(node, _Bool):
        return (node.op, [_state_plan(child, schema) for child in node.children])
    if isinstance(node, _Not):
        return ("not", _state_plan(node.child, schema))
    assert isinstance(node, _Term)
    return ("is", node.text.lower())


def _to_whoosh(node: object, schema: Schema, words: list[str]) -> wq.Query:
    if isinstance(node, _Bool):
        parts = [_to_whoosh(child, schema, words) for child in node.children]
        positive = [p for p in parts if not isinstance(p, wq.Not)]
        if node.op == "or":
            return wq.Or(parts)
        if not positive:  # only negations: everything except them
            return wq.And([wq.Every(), *parts])
        return wq.And(parts)
    if isinstance(node, _Not):
        if _has_state(node.child):  # decided by ParsedQuery.states; neutral for ranking
            return wq.Every()
        return wq.Not(_to_whoosh(node.child, schema, words))
    assert isinstance(node, _Term)
    return _term_query(node, schema, words)


def _term_query(term: _Term, schema: Schema, words: list[str]) -> wq.Query:
    if term.field == "published":
        return _date_query(term.text)
    if term.field == "is":  # decided by ParsedQuery.states; neutral for ranking
        return wq.Every()
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


def _typing_query(term: _Term, schema: Schema) -> wq.Query:
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


_DATE_RANGE = re.compile(r"^(?P<low>[\d-]*)\.\.(?P<high>[\d-]*)$")
_DATE_COMPARE = re.compile(r"^(?P<op>[<>]=?)(?P<value>[\d-]+)$")


def _date_query(text: str) -> wq.Query:
    """``2025`` (a prefix: the year, ``2025-06`` the month), ``A..B``, ``>=A``, ``<B``."""
    match = _DATE_RANGE.match(text)
    if match:
        low, high = match.group("low") or None, match.group("high")
        return wq.TermRange("published", low, (high + "\uffff") if high else None)
    match = _DATE_COMPARE.match(text)
    if match:
        op, value = match.group("op"), match.group("value")
        if op.startswith(">"):
            start = value if op == ">=" else value + "\uffff"
            return wq.TermRange("published", start, None)
        end = value + "\uffff" if op == "<=" else value
        return wq.TermRange("published", None, end, endexcl=op == "<")
    return wq.Prefix("published", text)
