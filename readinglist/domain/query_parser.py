"""The query language's text to a tree of ``query_nodes``: tokens, a recursive descent
parser, and the limits that keep every search quick (see ``query_tree``)."""

from __future__ import annotations

import re

from readinglist.domain.query_nodes import Bool, Node, Not, State, Term, dates_of, score_of

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
    "score": "score",
}
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


class _Malformed(Exception):
    pass


def parse_node(text: str, as_you_type: bool) -> Node | None:
    """The tree of ``text`` (None for a query of no words); a malformed query is read as
    its plain words. Raises ``QueryLimitError`` for a query beyond the limits."""
    check_size(text)
    try:
        return _Parser(text, as_you_type).parse()
    except _Malformed:
        plain = re.sub(r"[^\w\s]+", " ", text)
        plain = re.sub(r"\b(AND|OR|NOT)\b", lambda m: m.group().lower(), plain)
        return _Parser(plain, as_you_type).parse()


def check_size(text: str) -> None:
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


def _leaf(field: str | None, text: str, kind: str) -> Node:
    """A term, or the state or dates an ``is:`` / ``published:`` term stands for."""
    if field == "is":
        return State(text.lower())
    if field == "published":
        return dates_of(text)
    if field == "score":
        score = score_of(text)
        if score is None:
            raise _Malformed
        return score
    return Term(field, text, kind)


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

    def parse(self) -> Node | None:
        self._skip_space()
        if self.pos >= len(self.tokens):
            return None
        node = self._or()
        self._skip_space()
        if self.pos < len(self.tokens):
            raise _Malformed
        return node

    def _or(self) -> Node:
        children = [self._and()]
        while self._peek_word("OR"):
            self.pos += 1
            children.append(self._and())
        return children[0] if len(children) == 1 else Bool("or", tuple(children))

    def _and(self) -> Node:
        children: list[Node] = []
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
        return children[0] if len(children) == 1 else Bool("and", tuple(children))

    def _unary(self) -> Node:
        self._skip_space()
        if self._peek_word("NOT") or self._peek_kind("minus"):
            self.pos += 1
            self._deeper()
            child = self._unary()
            self.depth -= 1
            return child.child if isinstance(child, Not) else Not(child)  # NOT NOT x: x
        return self._primary()

    def _primary(self) -> Node:
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

    def _term(self, field: str | None, kind: str, value: str) -> Node:
        at_end = self.pos >= len(self.tokens)
        if kind == "phrase" and self.as_you_type and at_end and not value[1:].endswith('"'):
            return self._open_phrase(field, value[1:])
        if kind == "phrase":
            return _leaf(field, value.strip('"'), "phrase")
        if value.endswith("*") and len(value) > 1:
            return _leaf(field, value.rstrip("*"), "prefix")
        if value.endswith("~") and len(value) > 1:
            word = value.rstrip("~")
            return _leaf(field, word, "fuzzy" if len(word) <= MAX_FUZZY_CHARS else "word")
        if at_end and self.typing_last and field not in ("is", "published", "ids", "score"):
            return _leaf(field, value, "typing")
        return _leaf(field, value, "word")

    def _open_phrase(self, field: str | None, text: str) -> Node:
        """A phrase still being typed matches its words (the last one as a prefix) until
        the closing quote makes it exact: position checks on every keystroke are slow."""
        words = text.split()
        if not words:
            raise _Malformed
        last_kind = "typing" if self.typing_last else "word"
        terms = [_leaf(field, w, "word") for w in words[:-1]]
        terms.append(_leaf(field, words[-1], last_kind))
        return terms[0] if len(terms) == 1 else Bool("and", tuple(terms))

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
