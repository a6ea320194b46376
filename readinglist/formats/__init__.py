"""Digest formats: readers (bytes to records) and, later, writers. No database access here."""

from readinglist.formats.registry import (
    READERS,
    Reader,
    detect,
    read_digest,
    reader_by_name,
    supported_extensions,
)

__all__ = ["READERS", "Reader", "detect", "read_digest", "reader_by_name", "supported_extensions"]
