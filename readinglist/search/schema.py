"""The Whoosh schema of the search index, with its own version number.

Only paper ids are stored; text for display and highlights comes from the library.
Bump ``SCHEMA_VERSION`` whenever the fields or analyzers change: an index of another
version is rebuilt from the database.
"""

from __future__ import annotations

from whoosh.analysis import (
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemmingAnalyzer,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema

SCHEMA_VERSION = 1

# Fields a plain word searches (all of them) and those searched while typing (small ones).
FULL_TEXT_FIELDS = ("title", "abstract", "authors", "tags", "notes", "ids", "digest")
TYPING_FIELDS = ("title", "authors", "tags", "ids")
PREFIX_FIELD = "prefix"
SPELLING_FIELD = "spelling"
MIN_PREFIX, MAX_PREFIX = 2, 15


def build_schema() -> Schema:
    """Fields: text fields with stemming, exact-ish fields for ids and digests, an
    edge-n-gram field for the word being typed, and an unstemmed spelling field."""
    stemming = StemmingAnalyzer()
    plain = RegexTokenizer(r"[\w.:/-]+") | LowercaseFilter()
    name_parts = RegexTokenizer(r"[^\W_]+") | LowercaseFilter()
    edges = RegexTokenizer() | LowercaseFilter() | NgramFilter(MIN_PREFIX, MAX_PREFIX, at="start")
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stemming, field_boost=3.0),
        abstract=TEXT(analyzer=stemming),
        authors=TEXT(analyzer=StandardAnalyzer(minsize=1, stoplist=None), field_boost=1.5),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True, field_boost=2.0),
        notes=TEXT(analyzer=stemming),
        ids=TEXT(analyzer=plain, phrase=False),
        digest=TEXT(analyzer=name_parts, phrase=False),
        published=ID(),
        prefix=TEXT(analyzer=edges, phrase=False),
        spelling=TEXT(analyzer=StandardAnalyzer(), phrase=False),
    )
