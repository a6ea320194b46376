"""Writing a batch of documents as one Whoosh segment, postings kept in memory.

Whoosh's own writer turns every posting into a tuple, pushes it through a sorting pool
that spills pickled runs to temporary files, reads them back merged, looks up each
posting's document length in the column it has just written, and hands postings one by
one to its codec: most of a build's time and all of its temporary disk.

``BulkSegmentWriter`` is Whoosh's segment writer with that path replaced. Each document's
fields are analysed with the cached analysis (``analysis.CachedAnalyzer.term_positions``)
and each posting kept in memory as its document number beside a (weight, value) pair
shared by all equal postings; at commit the terms are sorted once and each term's
postings written a block at a time, as Whoosh's codec lays them out (``_PostingLists``).
Documents, stored values, columns, the table of contents and the lock are still Whoosh's
own. The segment holds what Whoosh's writer writes for the same documents: the same
terms, statistics and decoded blocks (equal values may be pickled once and referred to,
so the compressed bytes can differ); ``tests/search/test_segment_writer.py`` compares
them, and the searches of both. Whoosh's internals are reached only through ``compat``
(``compat.SegmentWriterSteps`` and the term table's accessors); ``bulk_writer_supported``
says whether this Whoosh has all they need (else the build uses Whoosh's writer).
"""

from __future__ import annotations

import operator
import zlib
from array import array
from collections import Counter, defaultdict
from typing import Any

from whoosh import formats
from whoosh.analysis import RegexTokenizer
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length, length_to_byte

from readinglist.search import compat, vocabulary
from readinglist.search.analysis import CachedAnalyzer
from readinglist.search.schema import SPELLING_FIELD, SPELLING_SOURCES

_VALUE_CACHE = 50_000  # encoded posting values kept (positions lists repeat a lot)
INLINE_POSTINGS = 8
"""A term found in at most this many documents has its postings in its row of the term
table, not a posting list of its own (a block header, pickles and compression cost about
60 bytes a list; an inlined posting 3-10): most word pairs, rare words, ids. On 10k
synthetic papers (pst + trm files): one posting 21.7 MB, 3: 20.6, 6: 19.7, 12: 19.3."""


def bulk_writer_supported() -> bool:
    """True when this Whoosh has every internal the bulk writer uses (``compat`` checks)."""
    return compat.bulk_writer_supported()


Postings = list[Any]
"""A term's postings: document number and (weight, encoded value) one after the other,
the pair shared by all the postings that have the same (8 bytes a posting, not 80)."""


class BulkSegmentWriter(compat.SegmentWriterSteps):
    """A Whoosh ``SegmentWriter`` that keeps its postings in memory and writes them a
    block at a time when committed. It never merges segments: ``commit`` adds this
    writer's segment to the index's others (merge them, if wanted, with Whoosh's writer)."""

    def __init__(self, index: Any, **options: Any) -> None:
        super().__init__(index, **options)
        self._postings: dict[str, defaultdict[str, Postings]] = {}
        self._lengths: dict[str, array[int]] = {}  # field -> each document's length
        self._values: dict[tuple[float, ...], tuple[float, bytes]] = {}
        self._words: vocabulary.WordCounter | None = None  # the spelling field's

    # ------------------------------------------------------------------ documents

    def add_document(self, **fields: Any) -> None:
        """Add one document (as ``SegmentWriter.add_document``; no per-field boosts)."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        self.check_document(names)
        writer = self.perdocwriter
        docnum = self.docnum
        writer.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if name == SPELLING_FIELD:
                    self._count_words(field, fields)
                    length = 0
                elif field.indexed:
                    length = self._index_field(name, field, value, docnum)
                else:
                    length = 0
                writer.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    writer.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            writer.cancel_doc()
            raise
        writer.finish_doc()
        self.document_added()

    def _count_words(self, field: Any, fields: dict[str, Any]) -> None:
        """Count the spelling field's words for the segment's vocabulary file, from the
        fields it is made of (their words were split for their own analysis already):
        no postings (see ``vocabulary``)."""
        if self._words is None:
            self._words = vocabulary.WordCounter(field.analyzer)
        for name in SPELLING_SOURCES:
            self._words.add(fields.get(name) or "")

    def _index_field(self, name: str, field: Any, value: Any, docnum: int) -> int:
        """Add the field's postings of one document; return its length (0 when the field
        is not scorable)."""
        if field.separate_spelling() or field.vector:
            raise TypeError(f"field {name!r}: spelling or vectors are not written in bulk")
        terms = self._postings.get(name)
        if terms is None:
            terms = self._postings[name] = defaultdict(list)
        analyzer, kind = field.analyzer, type(field.format)
        boost = field.format.field_boost
        length = 0
        if kind is formats.Positions and isinstance(analyzer, CachedAnalyzer):
            weighed = self._weighed_positions
            for text, positions in analyzer.term_positions(value).items():
                terms[text] += (docnum, weighed(field, boost, positions))
                length += len(positions)
        elif kind is formats.Frequency and (
            isinstance(analyzer, CachedAnalyzer) or _plain_words(analyzer)
        ):
            if isinstance(analyzer, CachedAnalyzer):
                counts = analyzer.term_counts(value)
            else:  # a field of words as they are (the ``pairs`` keywords)
                counts = Counter(analyzer.expression.findall(value))
            weighed_count, once = self._weighed_count, self._weighed_count(boost, 1)
            for text, count in counts.items():  # most words occur once in a field
                terms[text] += (docnum, once if count == 1 else weighed_count(boost, count))
            length = sum(counts.values())
        else:
            for text, count, weight, encoded in field.index(value):
                terms[text.decode("utf-8")] += (docnum, (weight, encoded))
                length += count
        if not field.scorable:
            return 0
        if length:
            lengths = self._lengths.get(name)
            if lengths is None:
                lengths = self._lengths[name] = array("I")
            lengths.extend(bytes(docnum + 1 - len(lengths)))
            # What the codec reads back from the one-byte column it stores.
            lengths[docnum] = byte_to_length(length_to_byte(length))
        return length

    def _weighed_positions(
        self, field: Any, boost: float, positions: list[int]
    ) -> tuple[float, bytes]:
        """(weight, encoded value) of a term at ``positions``, one shared object for each
        (an index holds millions of postings; their values repeat)."""
        key = (boost, *positions)
        found = self._values.get(key)
        if found is None:
            if len(self._values) >= _VALUE_CACHE:
                self._values.clear()
            found = self._values[key] = (len(positions) * boost, field.format.encode(positions))
        return found

    def _weighed_count(self, boost: float, count: int) -> tuple[float, bytes]:
        """(weight, encoded value) of a term found ``count`` times (Frequency format)."""
        key = (boost, -count)  # apart from positions, which are never negative
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = (count * boost, formats.pack_uint(count))
        return found

    # ------------------------------------------------------------------ commit

    def write_postings(self) -> None:
        """Every field's terms in order, each term's postings a block at a time (called
        by ``compat.SegmentWriterSteps`` at commit; never merges other segments)."""
        writer = self.fieldwriter
        limit, level = self.block_settings()
        for name in sorted(self._postings):
            terms = self._postings.pop(name)
            field = self.schema[name]
            lengths = self._lengths.get(name, array("I"))
            writer.start_field(name, field)
            out = _PostingLists(writer, field.format.fixed_value_size(), limit, level, lengths)
            for text in sorted(terms):  # str order is the order of their UTF-8 bytes
                out.write(text.encode("utf-8"), terms[text])
            writer.finish_field()
        self._lengths.clear()
        if self._words is not None:
            counts, self._words = self._words.counts(), None
            vocabulary.write_vocabulary(self.storage, self.get_segment(), counts)


class _PostingLists:
    """Writes a field's posting lists as ``W3PostingsWriter`` and ``W3FieldWriter`` do
    (blocks of ``limit`` postings: a pickled header, then the pickled and compressed ids
    as steps, weights and values; a row of the term table per term), a block at a time."""

    def __init__(
        self, writer: Any, fixed_size: int | None, limit: int, level: int, lengths: array[int]
    ) -> None:
        table = compat.term_table(writer)
        self._postfile, self._table, self._field_key = table.postings, table.rows, table.field_key
        self._fixed_size = fixed_size
        self._limit, self._level = limit, level
        self._lengths = lengths

    def write(self, term: bytes, postings: Postings) -> None:
        """Write one term's postings (in document order) and its row of the term table;
        a term found in few documents has its postings in its row (see ``_inline``)."""
        if len(postings) <= 2 * INLINE_POSTINGS:
            self._table.add(self._field_key + term, self._inline(postings))
            return
        postfile, dumps, limit = self._postfile, compat.pickle_block, self._limit
        start = postfile.tell()
        postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        all_docnums, pairs = postings[0::2], postings[1::2]
        total, count = 0.0, len(all_docnums)
        shortest: int | None = None
        longest, heaviest = 0, 0
        for first in range(0, count, limit):
            docnums = tuple(all_docnums[first : first + limit])
            weights, values = zip(*pairs[first : first + limit], strict=True)
            stored = array("f", weights)
            steps = tuple(map(operator.sub, docnums, (0, *docnums[:-1])))
            data = zlib.compress(
                dumps((steps, _mini_weights(stored), self._mini_values(values))), self._level
            )
            low, high = self._length_range(docnums)
            top = max(0, max(weights))  # of the weights given, as add_posting keeps it
            header = dumps(
                (
                    len(docnums),
                    docnums[-1],
                    top,
                    self._level,
                    length_to_byte(low),
                    length_to_byte(high),
                )
            )
            size = len(header) + len(data)
            postfile.write_int(-size if first + limit >= count else size)
            postfile.write(header)
            postfile.write(data)
            total += sum(stored)
            if low is not None:
                shortest = low if shortest is None else min(shortest, low)
            longest, heaviest = max(longest, high), max(heaviest, top)
        stats = (
            total,
            count,
            0 if shortest is None else length_to_byte(shortest),
            length_to_byte(longest),
            heaviest,
            all_docnums[0],
            all_docnums[-1],
        )
        self._table.add(self._field_key + term, compat.term_row(stats, start, postfile.tell()))

    def _inline(self, postings: Postings) -> bytes:
        """The term-table row of a term found in few documents (``INLINE_POSTINGS``), its
        postings inside: no posting list of its own. Most terms are such (word pairs,
        ids, numbers, rare words)."""
        docnums = tuple(postings[0::2])
        pairs = postings[1::2]
        weights = array("f", [weight for weight, _ in pairs])  # as the codec stores weights
        low, high = self._length_range(docnums)
        stats = (
            sum(weights),
            len(docnums),
            0 if low is None else length_to_byte(low),
            length_to_byte(high),
            max(0, max(weights)),
            docnums[0],
            docnums[-1],
        )
        values = tuple(value or None for _, value in pairs)  # no value: None, as read
        stored = None if weights.count(1.0) == len(weights) else tuple(weights)
        return compat.inlined_term_row(stats, (docnums, stored, values))

    def _length_range(self, docnums: tuple[int, ...]) -> tuple[int | None, int]:
        """The shortest and longest field length among ``docnums`` (leaving out the
        documents without the field): (None, 0) when none has it."""
        lengths = self._lengths
        if not lengths:  # a field that is not scored
            return None, 0
        if docnums[-1] < len(lengths):
            sizes = list(map(lengths.__getitem__, docnums))
        else:  # documents after the last one with the field
            sizes = [lengths[d] if d < len(lengths) else 0 for d in docnums]
        low = min(filter(None, sizes), default=None)
        return low, (max(sizes) if low is not None else 0)

    def _mini_values(self, values: tuple[bytes, ...]) -> tuple[bytes, ...] | bytes | None:
        if self._fixed_size is None or self._fixed_size < 0:
            return tuple(value for value in values if value)
        if self._fixed_size == 0:
            return None
        return b"".join(values)


def _mini_weights(weights: array[float]) -> tuple[float, ...] | float | None:
    """The block's weights as the codec stores them: None when all are 1, one number when
    all are equal."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


def _plain_words(analyzer: Any) -> bool:
    """True for a tokenizer alone whose ``findall`` lists the words it makes."""
    return type(analyzer) is RegexTokenizer and not analyzer.gaps and not analyzer.expression.groups
