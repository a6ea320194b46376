"""The overlay index: a small in-memory Whoosh index of the papers changed since the disk
index was written (``live_index`` keeps one), built as the full build writes a segment and
updated in place as more papers change."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from readinglist.search import compat, segment_writer, vocabulary
from readinglist.search.index import IndexDocument
from readinglist.search.schema import PAIRS_FIELD, SPELLING_FIELD, build_schema


class _PrivateRamStorage(RamStorage):  # type: ignore[misc]  # Whoosh has no types
    """Whoosh's RamStorage spills to a temp folder named after the index ("MAIN.tmp"),
    shared by every process and thread on the machine, and deletes it when done: two
    overlays built at once would delete each other's files. Use private folders instead,
    all inside one folder of this storage's own that is removed with the storage (Whoosh
    empties its scratch folders but leaves some of them behind, one per overlay write)."""

    def __init__(self) -> None:
        super().__init__()
        self._scratch: str | None = None

    def temp_storage(self, name: str | None = None) -> FileStorage:
        if self._scratch is None:
            self._scratch = tempfile.mkdtemp(prefix="readinglist-overlay-")
            weakref.finalize(self, shutil.rmtree, self._scratch, ignore_errors=True)
        return FileStorage(tempfile.mkdtemp(dir=self._scratch)).create()


EXTRA_FIELDS = frozenset({SPELLING_FIELD, PAIRS_FIELD})
"""Fields only phrases, fuzzy words and spelling suggestions read: two thirds of a
digest's terms (and its word pairs take a third of its analysis). The overlay the
first search after an import builds leaves them out unless its query needs them."""


def needs_extras(query: wq.Query) -> bool:
    """True when answering ``query`` reads an ``EXTRA_FIELDS`` field: a phrase, a fuzzy
    word, a range, a field of them; plain words and prefixes do not."""
    for leaf in query.leaves():  # (a leaf is its own only leaf)
        if type(leaf) in (wq.Term, wq.Prefix):
            if leaf.fieldname in EXTRA_FIELDS:
                return True
        elif not isinstance(leaf, wq.Every) and leaf is not wq.NullQuery:
            return True
    return False


def overlay_index(documents: Iterable[IndexDocument], *, extras: bool = True) -> Index:
    """A throw-away in-memory index of a few documents, written as the full build writes
    (the first search after importing a digest waits for it: Whoosh's own writer took
    1.7 s of CPU for 114 papers); without ``extras``, the ``EXTRA_FIELDS`` are left out."""
    compat.prepare_codec()  # before the overlay is written
    index = _PrivateRamStorage().create_index(build_schema())
    if segment_writer.bulk_writer_supported():
        writer = segment_writer.BulkSegmentWriter(index, compound=False)
    else:
        writer = index.writer()
    for document in documents:
        writer.add_document(**document.fields(extras=extras))
    writer.commit()
    return index


OVERLAY_SEGMENTS = 24
"""An overlay update adds a segment; at this many they are merged into one. (Whoosh's own
merging of small segments, at every few commits, took up to 400 ms with 200 pending.)"""


def update_overlay(
    index: Index, documents: Iterable[IndexDocument], removed: Iterable[int]
) -> None:
    """Replace these papers' documents in an overlay index and drop the ``removed`` ones."""
    with index.reader() as reader:
        segments = len(reader.leaf_readers())
    writer = index.writer()
    for paper_id in removed:
        writer.delete_by_term("id", str(paper_id))
    for document in documents:
        writer.update_document(**document.fields())
    if segments >= OVERLAY_SEGMENTS:
        writer.commit(mergetype=vocabulary.OPTIMIZE)  # the bulk-written one kept
    else:
        writer.commit(merge=False)
