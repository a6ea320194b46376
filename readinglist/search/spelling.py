"""Spelling suggestions ("did you mean"): unknown words replaced by the closest words of
the index's own vocabulary (``contnual`` → ``continual``).

The vocabulary is indexed by first letter and length: the words of a first letter are
read from the index the first time a word starting with it is corrected, and kept on the
searcher. An unknown word is compared (rapidfuzz, with a distance cutoff) only with the
words sharing its first letter whose length is within ``MAX_DISTANCE`` of its own, never
with the whole vocabulary. The work per query is bounded: words shorter than
``MIN_CHARS`` or longer than ``MAX_CHARS`` are left alone, a query with more than
``MAX_WORDS`` unknown words gets no suggestion (that is not a typo), and words not
reached within ``TIME_BUDGET`` seconds stay as typed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.searching import Searcher

from readinglist.search.schema import SPELLING_FIELD

MIN_CHARS, MAX_CHARS = 3, 32
MAX_WORDS = 8
MAX_DISTANCE = 2
TIME_BUDGET = 0.3  # seconds
VOCABULARY_FIELDS = (SPELLING_FIELD, "authors")  # a word known in these is left alone

ByLength = dict[int, list[str]]


def suggest_correction(searcher: Searcher, words: Sequence[str]) -> list[str] | None:
    """``words`` with the unknown ones replaced by their closest known word, or None when
    nothing changes. The closest word is the fewest edits away (at most ``MAX_DISTANCE``,
    a transposition counting as one), the most frequent among equals, then the first
    alphabetically; it shares the word's first letter. A word known as an author's name
    is left alone."""
    reader = searcher.reader()
    unknown = [
        word
        for word in dict.fromkeys(w.lower() for w in words)
        if MIN_CHARS <= len(word) <= MAX_CHARS and not _known(reader, word)
    ]
    if not unknown or len(unknown) > MAX_WORDS:
        return None
    deadline = time.monotonic() + TIME_BUDGET
    fixes: dict[str, str] = {}
    for word in unknown:
        if time.monotonic() > deadline:
            break
        closest = _closest_word(searcher, word)
        if closest is not None:
            fixes[word] = closest
    if not fixes:
        return None
    return [fixes.get(word.lower(), word) for word in words]


def _known(reader: Any, word: str) -> bool:
    return any(reader.doc_frequency(field, word) for field in VOCABULARY_FIELDS)


def _closest_word(searcher: Searcher, word: str) -> str | None:
    by_length = _words_starting_with(searcher, word[0])
    candidates = [
        other
        for length in range(len(word) - MAX_DISTANCE, len(word) + MAX_DISTANCE + 1)
        for other in by_length.get(length, ())
    ]
    found = process.extract(
        word, candidates, scorer=OSA.distance, score_cutoff=MAX_DISTANCE, limit=None
    )
    if not found:
        return None
    reader = searcher.reader()
    nearest = min(distance for _, distance, _ in found)
    ranked = [
        (-reader.frequency(SPELLING_FIELD, other), other)
        for other, distance, _ in found
        if distance == nearest and other != word
    ]
    return min(ranked)[1] if ranked else None


def _words_starting_with(searcher: Searcher, letter: str) -> ByLength:
    """The vocabulary's words starting with ``letter``, by length (kept on the searcher:
    a new searcher after each write reads them again)."""
    letters: dict[str, ByLength] | None = getattr(searcher, "_readinglist_spelling", None)
    if letters is None:
        letters = {}
        searcher._readinglist_spelling = letters
    found = letters.get(letter)
    if found is None:
        words: set[bytes] = set()
        for leaf, _ in searcher.reader().leaf_readers():
            words.update(leaf.expand_prefix(SPELLING_FIELD, letter))
        grouped: defaultdict[int, list[str]] = defaultdict(list)
        for raw in words:
            text = raw.decode("utf-8")
            grouped[len(text)].append(text)
        found = {length: sorted(texts) for length, texts in grouped.items()}
        letters[letter] = found
    return found
