"""Every use of Whoosh's internals, each checked before use, with a fallback to its
public interface (no other module of ``readinglist`` touches them; a test checks).

Search reads postings a block at a time, field lengths as one column of bytes, the words
a prefix stands for, and the segments of an index through structures Whoosh does not
document; it also makes Whoosh's codec pickle posting blocks with the newest protocol.
Those structures were checked against Whoosh ``SUPPORTED_VERSION`` (pyproject.toml pins
it below the next minor version). With another version, or when an attribute is missing,
the public interface is used instead: the same results, only slower.

The codec change: Whoosh pickles each block of postings (ids, weights, and each posting's
encoded positions as bytes) with pickle protocol 2, which has no opcode for bytes, so every
value is rebuilt by a function call when read (over 100 ms for a word found in most of
100,000 papers). With the newest protocol bytes are stored as they are: blocks decode
about twice as fast and the index is a quarter smaller. Readers accept every protocol, so
indexes written either way read the same. It is applied by ``prepare_codec``, which the
index calls before opening or creating one; importing this module changes nothing.

Writing: the bulk segment writer (``segment_writer``) reaches Whoosh's segment writer,
codec and term table only through ``SegmentWriterSteps``, ``term_table``, ``term_row`` and
``pickle_block`` here; ``bulk_writer_supported`` checks what they need, and without it a
build uses Whoosh's own writer.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice
from typing import Any

import whoosh
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

SUPPORTED_VERSION = (2, 7)
"""The Whoosh minor version whose internals this module was written against."""

_BLOCK_PARTS = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights", "_i")
_COLUMN_PARTS = ("_dbfile", "_basepos", "_count", "_fixedlen")


def internals_supported() -> bool:
    """True when the installed Whoosh is the version whose internals are used here."""
    return tuple(getattr(whoosh, "__version__", ())[:2]) == SUPPORTED_VERSION


# ------------------------------------------------------------------ the codec


def _dumps(value: Any, protocol: int = pickle.HIGHEST_PROTOCOL) -> bytes:
    """Whoosh's codec asks for protocol 2; the newest one is used instead."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def prepare_codec() -> bool:
    """Make Whoosh's codec write its pickles with the newest protocol (idempotent); True
    when done, False when this Whoosh is not the supported one (its own pickles stay)."""
    if not internals_supported() or not callable(getattr(whoosh3, "dumps", None)):
        return False
    whoosh3.dumps = _dumps
    return True


# ------------------------------------------------------------------ postings


def read_postings(
    segment_reader: Any,
    field: str,
    text: str,
    offset: int,
    docnums: array[int],
    weights: array[float],
) -> None:
    """Append the segment's postings of the term: document numbers (plus ``offset``, the
    segment's first) and weights. Postings of deleted documents may be included (read a
    block at a time) or not (one at a time): callers map deleted documents to no paper."""
    matcher = _raw_matcher(segment_reader, field, text)
    if not _has_blocks(matcher):
        while matcher.is_active():
            docnums.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
        return
    stored_as_steps = not getattr(matcher, "_byteids", True) and hasattr(matcher, "_data")
    while matcher.is_active():
        if stored_as_steps and matcher._ids is None and matcher._i == 0:
            if matcher._data is None:
                matcher._read_data()
            # A block stores each id as its step from the previous one (the first from 0).
            docnums.extend(islice(accumulate(matcher._data[0], initial=offset), 1, None))
        else:
            if matcher._ids is None:
                matcher._read_ids()
            docnums.extend(map(offset.__add__, matcher._ids[matcher._i :]))
        if matcher._weights is None:
            matcher._read_weights()
        weights.extend(matcher._weights[matcher._i :])
        matcher._next_block()


def _raw_matcher(segment_reader: Any, field: str, text: str) -> Any:
    """The term's matcher, without the wrapper that skips deleted documents when its
    internals are known."""
    matcher = segment_reader.postings(field, text)
    if (
        internals_supported()
        and isinstance(matcher, FilterMatcher)
        and getattr(matcher, "_exclude", False)
    ):
        return matcher.child
    return matcher


def _has_blocks(matcher: Any) -> bool:
    return internals_supported() and all(hasattr(matcher, name) for name in _BLOCK_PARTS)


# ------------------------------------------------------------------ field lengths


def length_bytes(segment_reader: Any, field: str) -> bytes:
    """Every document's length in ``field`` as Whoosh stores it: one byte each, decoded
    by ``whoosh.util.numeric.byte_to_length``."""
    count = segment_reader.doc_count_all()
    column = _lengths_column(segment_reader, field)
    if column is not None:
        raw = bytes(column._dbfile.get(column._basepos, column._count))
        return raw[:count].ljust(count, b"\0")
    return bytes(
        length_to_byte(segment_reader.doc_field_length(docnum, field, 0) or 0)
        for docnum in range(count)
    )


def _lengths_column(segment_reader: Any, field: str) -> Any:
    """The segment's column of field lengths when it is Whoosh 2.7's one-byte column."""
    if not internals_supported():
        return None
    per_document: Any = getattr(segment_reader, "_perdoc", None)
    lengths_column = getattr(whoosh3, "LENGTHS_COLUMN", None)
    if lengths_column is None or not hasattr(per_document, "_cached_reader"):
        return None
    column = per_document._cached_reader(f"_{field}_len", lengths_column)
    if column is None or not all(hasattr(column, name) for name in _COLUMN_PARTS):
        return None
    return column if column._fixedlen == 1 else None


# ------------------------------------------------------------------ words and segments


def expansion_words(query: Any, reader: Any) -> Iterator[bytes | str]:
    """The indexed words a prefix, wildcard, fuzzy word or range stands for."""
    if internals_supported() and hasattr(query, "_btexts"):
        return iter(query._btexts(reader))
    return (word for _, word in query.expanded_terms(reader))


def segment_ids(index: Any) -> list[str]:
    """The id of every segment of the index (its files start with ``f"{id}."``)."""
    if internals_supported() and hasattr(index, "_segments"):
        return [segment.segment_id() for segment in index._segments()]
    with index.reader() as reader:
        return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()]


# ------------------------------------------------------------------ a searcher's files


class _PinnedPerDocReader(whoosh3.W3PerDocReader):  # type: ignore[misc]
    """A segment's per-document reader whose column files were all opened at once: it
    tells which columns exist from those open files, never from the folder, which another
    process may have replaced or cleaned since."""

    def has_column(self, fieldname: str) -> bool:
        return fieldname in self._colfiles


def pin_segment_files(reader: Any) -> bool:
    """Open every column file of the reader's segments now (Whoosh opens them when first
    read), so the reader keeps answering from them after another process swaps in a new
    index folder or deletes merged segments. False when this Whoosh is not the supported
    one: its readers then open columns when first read, as Whoosh does. Raises OSError
    when a file went before it could be opened."""
    if not internals_supported():
        return False
    for leaf, _ in reader.leaf_readers():
        per_document: Any = getattr(leaf, "_perdoc", None)
        if type(per_document) not in (whoosh3.W3PerDocReader, _PinnedPerDocReader):
            if leaf.doc_count_all():
                return False
            continue
        prefix = f"{per_document._segment.segment_id()}."
        suffix = whoosh3.W3Codec.COLUMN_EXT
        opened = per_document._colfiles
        for name in per_document._storage.list():
            field = name[len(prefix) : -len(suffix)]
            if name.startswith(prefix) and name.endswith(suffix) and field not in opened:
                opened[field] = per_document._get_column_file(field)
        per_document.__class__ = _PinnedPerDocReader
    return True


# ------------------------------------------------------------------ writing a segment

_WRITER_STEPS = ("_check_state", "_check_fields", "_flush_segment", "_merge_segments")
_POSTINGS_WRITER_STEPS = ("_write_block", "_new_block")
_CODEC_SETTINGS = ("_blocklimit", "_compression")
_TERM_TABLE_PARTS = ("_postfile", "_tindex", "_fieldid")  # set by W3FieldWriter.__init__


def bulk_writer_supported() -> bool:
    """True when this Whoosh's segment writer, codec and term table have every part that
    ``SegmentWriterSteps``, ``term_table``, ``term_row`` and ``pickle_block`` use."""
    if not internals_supported():
        return False
    field_writer_init = getattr(whoosh3.W3FieldWriter.__init__, "__code__", None)
    assigned = set(getattr(field_writer_init, "co_names", ()))
    return (
        all(hasattr(SegmentWriter, name) for name in _WRITER_STEPS)
        and all(hasattr(whoosh3.W3PostingsWriter, name) for name in _POSTINGS_WRITER_STEPS)
        and all(hasattr(whoosh3.W3Codec(), name) for name in _CODEC_SETTINGS)
        and set(_TERM_TABLE_PARTS) <= assigned
        and callable(getattr(getattr(whoosh3.W3TermInfo, "_struct", None), "pack", None))
        and callable(getattr(whoosh3, "dumps", None))
    )


class SegmentWriterSteps(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with the private steps a subclass needs under names of
    their own: checking a document, counting it, the codec's block settings, and writing
    the postings at commit (``write_postings``) without merging other segments. Only for
    use when ``bulk_writer_supported()``."""

    def check_document(self, names: list[str]) -> None:
        """Raise as Whoosh does when the writer is closed or a field is not in the schema."""
        self._check_state()
        self._check_fields(self.schema, names)

    def document_added(self) -> None:
        """Count the document just written (the next one gets the next number)."""
        self._added = True
        self.docnum += 1

    def block_settings(self) -> tuple[int, int]:
        """The codec's postings per block and zlib compression level."""
        return int(self.codec._blocklimit), int(self.codec._compression)

    def write_postings(self) -> None:
        """Write every field's postings through ``self.fieldwriter``; a subclass does."""
        raise NotImplementedError(f"{type(self).__name__} does not write postings")

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        """Never merge: other segments' postings would go to Whoosh's pool, unused here."""
        return list(self.segments)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.write_postings()
        self.fieldwriter.close()


@dataclass(frozen=True)
class TermTable:
    """Where a field writer puts the posting lists and term rows of its current field."""

    postings: Any
    """The postings file (``tell``, ``write``, ``write_int``)."""
    rows: Any
    """The term table (``add(key, value)``)."""
    field_key: bytes
    """The bytes before each of the field's terms in its key."""


def term_table(field_writer: Any) -> TermTable:
    """The term table of ``field_writer`` (after its ``start_field``)."""
    return TermTable(
        field_writer._postfile, field_writer._tindex, whoosh3.pack_ushort(field_writer._fieldid)
    )


def term_row(stats: tuple[float, int, int, int, float, int, int], start: int, end: int) -> bytes:
    """A term's row of the term table: its statistics (total weight, postings, shortest
    and longest length bytes, top weight, first and last document) and where its posting
    list lies in the postings file."""
    row: bytes = whoosh3.W3TermInfo._struct.pack(False, *stats)
    where: bytes = whoosh3.pack_long(start) + whoosh3.pack_int(end - start)
    return row + where


def inlined_term_row(
    stats: tuple[float, int, int, int, float, int, int],
    postings: tuple[tuple[int, ...], tuple[float, ...] | None, tuple[bytes | None, ...]],
) -> bytes:
    """A term's row of the term table holding its postings (document numbers, weights or
    None when all are 1, and encoded values, None for none) instead of where they lie in
    the postings file, as Whoosh's term info stores inlined postings (read back as a
    ``ListMatcher``, which takes no weights as weights of 1)."""
    row: bytes = whoosh3.W3TermInfo._struct.pack(True, *stats)
    # Protocol 3: bytes as they are, and no frame header (9 bytes) on so small a pickle.
    return row + pickle.dumps(postings, 3)


def index_segments(index: Any) -> list[Any]:
    """The segments of ``index``'s latest commit (``Segment`` objects, picklable)."""
    return list(index._segments())


def add_segments(index: Any, segments: list[Any]) -> None:
    """Commit ``segments`` (their files already in the index's folder) beside the index's
    own, as a new generation of its table of contents, under its write lock."""
    lock = index.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        raise whoosh_index.LockError("the index is being written by another writer")
    try:
        toc = index._read_toc()
        contents = whoosh_index.TOC(toc.schema, [*toc.segments, *segments], toc.generation + 1)
        contents.write(index.storage, index.indexname)
    finally:
        lock.release()


def parallel_build_supported() -> bool:
    """True when the bulk writer is supported and a table of contents can be written with
    segments written elsewhere (``index_segments``, ``add_segments``)."""
    return (
        bulk_writer_supported()
        and all(hasattr(whoosh_index.FileIndex, name) for name in ("_segments", "_read_toc"))
        and callable(getattr(whoosh_index.TOC, "write", None))
    )


def posting_bytes(term_info: Any) -> int:
    """Bytes of a term's posting list on disk (0 when this Whoosh does not say, or the
    postings are inlined in the term table)."""
    length = getattr(term_info, "_length", None) if internals_supported() else None
    if isinstance(length, tuple) and len(length) == 1:  # as Whoosh 2.7 reads it back
        (length,) = length
    return int(length) if isinstance(length, int) else 0


def pickle_block(value: Any) -> bytes:
    """A part of a posting block pickled as the codec pickles it (protocol 2, or the
    newest once ``prepare_codec`` ran)."""
    pickled: bytes = whoosh3.dumps(value, 2)
    return pickled
