"""The Whoosh schema of the search index, with its own version number.

Only paper ids are stored; text for display and highlights comes from the library.
Bump ``SCHEMA_VERSION`` whenever the fields, analyzers, the common-word list or the way the
postings are written change: an index of another version is rebuilt from the database.
``COMMON_WORDS_SHA256`` records the list the current version was built with (a test
checks it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemmingAnalyzer,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from readinglist.search.analysis import CachedAnalyzer
from readinglist.search.common_words import COMMON_WORDS

SCHEMA_VERSION = 5
"""3: the prefix field holds whole words, no longer their n-grams; 4: a term found in one
document has its posting inlined in the term table (``segment_writer``), a third of the
terms: older indexes still read the same, and are rebuilt once to be smaller; 5: a full
build keeps the spelling field's words in a vocabulary file beside each segment instead of
postings (``vocabulary``), and a fuzzy word matches through the title and abstract; a
term found in at most ``segment_writer.INLINE_POSTINGS`` documents is inlined."""
COMMON_WORDS_SHA256 = "6de003817d418284e09aed49c86852b7049ebc92076d17c98977582a824e5f7a"
"""``words_digest(COMMON_WORDS)`` when ``SCHEMA_VERSION`` was last bumped: the ``pairs``
field depends on the list, so a new list needs a new version (and this digest updated)."""

# Fields a plain word searches (all of them) and those searched while typing (small ones).
FULL_TEXT_FIELDS = ("title", "abstract", "authors", "tags", "notes", "ids", "digest")
TYPING_FIELDS = ("title", "authors", "tags", "ids")
PREFIX_FIELD = "prefix"
SPELLING_FIELD = "spelling"
SPELLING_SOURCES = ("title", "abstract")  # the fields whose words the spelling field holds
PAIRS_FIELD = "pairs"
PAIRED_FIELDS = ("title", "abstract")  # fields whose neighbouring common words are paired
MIN_PREFIX, MAX_PREFIX = 2, 15


def words_digest(words: Iterable[str]) -> str:
    """A SHA-256 of the words, independent of their order."""
    return hashlib.sha256("\n".join(sorted(words)).encode("utf-8")).hexdigest()


def build_schema() -> Schema:
    """Fields: text fields with stemming, exact-ish fields for ids and digests, the
    unstemmed words of the title, authors and tags for the word being typed (matched as
    a prefix, see ``typed_prefix``), and an unstemmed spelling field."""
    stemming = _stemming_analyzer()
    plain = CachedAnalyzer(RegexTokenizer(r"[\w.:/-]+") | LowercaseFilter())
    name_parts = CachedAnalyzer(RegexTokenizer(r"[^\W_]+") | LowercaseFilter())
    words = CachedAnalyzer(RegexTokenizer() | LowercaseFilter())
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stemming, field_boost=3.0),
        abstract=TEXT(analyzer=stemming),
        authors=TEXT(
            analyzer=CachedAnalyzer(StandardAnalyzer(minsize=1, stoplist=None)), field_boost=1.5
        ),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True, field_boost=2.0),
        notes=TEXT(analyzer=stemming),
        ids=TEXT(analyzer=plain, phrase=False),
        digest=TEXT(analyzer=name_parts, phrase=False),
        published=ID(),
        prefix=TEXT(analyzer=words, phrase=False),
        spelling=TEXT(analyzer=CachedAnalyzer(StandardAnalyzer()), phrase=False),
        pairs=KEYWORD(scorable=False),
    )


def _stemming_analyzer() -> CachedAnalyzer:
    return CachedAnalyzer(StemmingAnalyzer())


_PAIRING_ANALYZER = _stemming_analyzer()  # the analyzer of every field in PAIRED_FIELDS


def pair_term(field: str, first: str, second: str) -> str:
    """The ``pairs`` term saying that word ``second`` follows ``first`` in ``field``."""
    return f"{field}/{first}/{second}"


def is_paired(first: str, second: str) -> bool:
    """True when the index records where ``second`` directly follows ``first``."""
    return first in COMMON_WORDS and second in COMMON_WORDS


def word_pairs(field: str, text: str) -> list[str]:
    """The ``pairs`` terms of ``text`` in ``field``: each common word directly followed by
    another (positions as the field's phrase search sees them, after stop words are
    dropped). A phrase of two common words ("language model") is then one term lookup
    instead of a position check in every paper holding both words."""
    words, positions = _PAIRING_ANALYZER.tokens(text)
    common = [word in COMMON_WORDS for word in words]
    pairs = {
        pair_term(field, words[n - 1], words[n])
        for n in range(1, len(words))
        if common[n] and common[n - 1] and positions[n] == positions[n - 1] + 1
    }
    return sorted(pairs)
