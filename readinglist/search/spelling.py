"""Spelling suggestions ("did you mean"): unknown words replaced by the closest words of
the index's own vocabulary (``contnual`` → ``continual``).

The vocabulary is the spelling field's words (kept beside each segment without postings,
see ``vocabulary``), indexed by first letter and length: the words of a first letter are
read the first time a word starting with it is corrected, and kept on the searcher. An
unknown word is compared (rapidfuzz, with a distance cutoff) only with the words sharing
its first letter whose length is within ``MAX_DISTANCE`` of its own, never with the whole
vocabulary; fuzzy ``word~`` searches use the same index (``similar_words``; ``fuzzy``).
The work per query is bounded: words shorter than ``MIN_CHARS`` or longer than
``MAX_CHARS`` are left alone, a query with more than ``MAX_WORDS`` unknown words gets no
suggestion (that is not a typo), and words not reached within ``TIME_BUDGET`` seconds
stay as typed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.searching import Searcher

from readinglist.search import vocabulary
from readinglist.search.schema import SPELLING_FIELD
from readinglist.search.searcher_caches import kept_for

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
    return any(_frequency(reader, field, word) for field in VOCABULARY_FIELDS)


def _frequency(reader: Any, field: str, word: str) -> int:
    """How many times ``word`` occurs in ``field`` (the spelling field's from the
    vocabulary)."""
    if field == SPELLING_FIELD:
        return vocabulary.frequency(reader, word)
    return int(reader.frequency(field, word))


def _closest_word(searcher: Searcher, word: str) -> str | None:
    found = _within(searcher, SPELLING_FIELD, word, MAX_DISTANCE, 1)
    if not found:
        return None
    reader = searcher.reader()
    nearest = min(distance for _, distance in found)
    ranked = [
        (-_frequency(reader, SPELLING_FIELD, other), other)
        for other, distance in found
        if distance == nearest and other != word
    ]
    return min(ranked)[1] if ranked else None


def similar_words(
    searcher: Searcher, field: str, word: str, maxdist: int, prefix: int
) -> list[str]:
    """The words of ``field`` at most ``maxdist`` edits from ``word`` (a transposition
    counting as one) that share its first ``prefix`` letters (at least one), ``word``
    itself included when present: what a fuzzy ``word~`` matches."""
    return sorted(other for other, _ in _within(searcher, field, word, maxdist, max(1, prefix)))


def _within(
    searcher: Searcher, field: str, word: str, maxdist: int, prefix: int
) -> list[tuple[str, int]]:
    """(word, distance) for the words of ``field`` near ``word``, compared only with
    those of the same first letter and a length within ``maxdist``."""
    if not word:
        return []
    by_length = _words_starting_with(searcher, field, word[0])
    candidates = [
        other
        for length in range(len(word) - maxdist, len(word) + maxdist + 1)
        for other in by_length.get(length, ())
        if other.startswith(word[:prefix])
    ]
    found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=maxdist, limit=None)
    return [(other, int(distance)) for other, distance, _ in found]


def _words_starting_with(searcher: Searcher, field: str, letter: str) -> ByLength:
    """The words of ``field`` starting with ``letter``, by length (kept on the searcher:
    a new searcher after each write reads them again)."""
    letters: dict[tuple[str, str], ByLength] = kept_for(searcher, "vocabulary", dict)
    found = letters.get((field, letter))
    if found is None:
        words: set[str] = set()
        if field == SPELLING_FIELD:
            words = vocabulary.starting_with(searcher.reader(), letter)
        else:
            for leaf, _ in searcher.reader().leaf_readers():
                if field in leaf.schema:
                    words.update(raw.decode("utf-8") for raw in leaf.expand_prefix(field, letter))
        grouped: defaultdict[int, list[str]] = defaultdict(list)
        for text in words:
            grouped[len(text)].append(text)
        found = {length: sorted(texts) for length, texts in grouped.items()}
        letters[(field, letter)] = found
    return found
