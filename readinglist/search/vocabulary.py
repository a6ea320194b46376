"""The spelling vocabulary of a segment kept beside it, without postings.

Spelling suggestions and fuzzy words need only the words of the papers' titles and
abstracts (unstemmed, as ``SPELLING_FIELD``'s analyzer makes them) and how often each
occurs, never which papers hold them: a fuzzy ``word~`` matches the papers through the
stems of the near words, in the title and abstract (``fuzzy``). The bulk writer
(a full build's chunks, an overlay) therefore counts those words as it reads each paper
and writes them to a file of the segment's own (``VOCABULARY_EXT``), instead of the field's
posting lists (a fifth of a build's work, 31 MB at 100k papers). Segments written by
Whoosh's own writer (edits, and every build where the bulk writer is not supported)
still hold the field's postings; ``segment_words`` reads either.

Whoosh's writer merges small segments into a new one through their postings, which the
vocabulary file has none of: ``MERGE_SMALL`` and ``OPTIMIZE`` here leave segments with a
vocabulary file out of merges (they are a build's chunks, of thousands of papers).
"""

from __future__ import annotations

import threading
import zlib
from collections import Counter, OrderedDict, defaultdict
from typing import Any

from whoosh import writing

from readinglist.search.analysis import CachedAnalyzer
from readinglist.search.schema import SPELLING_FIELD

VOCABULARY_EXT = ".vcb"
KEPT_SEGMENTS = 64  # vocabularies kept by segment (a 100k index has about 10)
_KEPT: OrderedDict[tuple[str, str], SegmentWords] = OrderedDict()
_LOCK = threading.Lock()


class WordCounter:
    """Counts the words ``analyzer`` (the spelling field's) makes of the texts given, as
    the field's term frequencies would: the texts' raw words are counted as they come
    (one ``findall`` and a ``Counter`` update a text), each distinct one analysed once at
    the end."""

    def __init__(self, analyzer: CachedAnalyzer) -> None:
        self._analyzer = analyzer
        self._raw: Counter[str] = Counter()

    def add(self, text: str) -> None:
        """Count the words of ``text``."""
        self._raw.update(self._analyzer.raw_words(text))

    def counts(self) -> dict[str, int]:
        """Each word as indexed, with how many times it occurs in all the texts."""
        found: defaultdict[str, int] = defaultdict(int)
        analyzed = self._analyzer.analyzed
        for raw, count in self._raw.items():
            for word in analyzed(raw):
                found[word] += count
        return dict(found)


def write_vocabulary(storage: Any, segment: Any, counts: dict[str, int]) -> None:
    """Write ``counts`` as the vocabulary file of ``segment`` in ``storage``."""
    text = "\n".join(f"{word}\t{count}" for word, count in sorted(counts.items()))
    data = zlib.compress(text.encode("utf-8"), 6)
    out = segment.create_file(storage, VOCABULARY_EXT)
    try:
        out.write(data)
    finally:
        out.close()


def has_vocabulary(storage: Any, segment: Any) -> bool:
    """True when ``segment`` has a vocabulary file (and so no spelling postings)."""
    return bool(storage.file_exists(segment.make_filename(VOCABULARY_EXT)))


class SegmentWords:
    """One segment's vocabulary: each word's frequency, and the words by first letter."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        letters: defaultdict[str, list[str]] = defaultdict(list)
        for word in counts:
            letters[word[:1]].append(word)
        self.by_letter = dict(letters)


def segment_words(leaf: Any) -> SegmentWords | None:
    """The vocabulary file of the segment ``leaf`` reads, or None when it has none (its
    words are then the spelling field's terms). Kept by folder and segment: segments
    never change."""
    storage, segment = leaf.storage(), leaf.segment()
    if storage is None or segment is None or not has_vocabulary(storage, segment):
        return None
    folder = getattr(storage, "folder", None)
    key = (folder, segment.segment_id()) if isinstance(folder, str) else None
    if key is not None:
        with _LOCK:
            found = _KEPT.get(key)
            if found is not None:
                _KEPT.move_to_end(key)
                return found
    source = segment.open_file(storage, VOCABULARY_EXT)
    try:
        text = zlib.decompress(source.read()).decode("utf-8")
    finally:
        source.close()
    counts = {}
    for line in text.splitlines():
        word, _, count = line.rpartition("\t")
        counts[word] = int(count)
    found = SegmentWords(counts)
    if key is not None:
        with _LOCK:
            _KEPT[key] = found
            while len(_KEPT) > KEPT_SEGMENTS:
                _KEPT.popitem(last=False)
    return found


def frequency(reader: Any, word: str) -> int:
    """How many times ``word`` occurs in the titles and abstracts of ``reader``'s
    segments (deleted papers included, as Whoosh's term statistics count them)."""
    total = 0
    for leaf, _ in reader.leaf_readers():
        words = segment_words(leaf)
        if words is not None:
            total += words.counts.get(word, 0)
        elif SPELLING_FIELD in leaf.schema:
            total += int(leaf.frequency(SPELLING_FIELD, word))
    return total


def starting_with(reader: Any, letter: str) -> set[str]:
    """Every word of the vocabulary starting with ``letter``."""
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        words = segment_words(leaf)
        if words is not None:
            found.update(words.by_letter.get(letter, ()))
        elif SPELLING_FIELD in leaf.schema:
            found.update(raw.decode("utf-8") for raw in leaf.expand_prefix(SPELLING_FIELD, letter))
    return found


def _mergeable(writer: Any, segments: list[Any]) -> tuple[list[Any], list[Any]]:
    """(segments Whoosh may merge, segments with a vocabulary file, kept as they are)."""
    kept = [s for s in segments if has_vocabulary(writer.storage, s)]
    return [s for s in segments if s not in kept], kept


def MERGE_SMALL(writer: Any, segments: list[Any]) -> list[Any]:  # noqa: N802  # Whoosh's name
    """Whoosh's ``MERGE_SMALL`` among the segments without a vocabulary file."""
    mergeable, kept = _mergeable(writer, segments)
    return [*kept, *writing.MERGE_SMALL(writer, mergeable)]


def OPTIMIZE(writer: Any, segments: list[Any]) -> list[Any]:  # noqa: N802  # Whoosh's name
    """Whoosh's ``OPTIMIZE`` of the segments without a vocabulary file."""
    mergeable, kept = _mergeable(writer, segments)
    return [*kept, *writing.OPTIMIZE(writer, mergeable)]
