"""The index schema's version follows the common-word list the ``pairs`` field depends on."""

from __future__ import annotations

from readinglist.search.common_words import COMMON_WORDS
from readinglist.search.schema import COMMON_WORDS_SHA256, SCHEMA_VERSION, words_digest


def test_common_words_change_needs_a_schema_bump() -> None:
    digest = words_digest(COMMON_WORDS)
    assert digest == COMMON_WORDS_SHA256, (
        "readinglist/search/common_words.py changed: indexes built with the old list pair "
        f"other words. Bump SCHEMA_VERSION in readinglist/search/schema.py (now "
        f"{SCHEMA_VERSION}) and set COMMON_WORDS_SHA256 = {digest!r} there."
    )


def test_digest_sees_any_change_of_the_list() -> None:
    words = sorted(COMMON_WORDS)
    assert words_digest(reversed(words)) == words_digest(words)
    assert words_digest(words[1:]) != words_digest(words)
    assert words_digest([*words, "quokka"]) != words_digest(words)
