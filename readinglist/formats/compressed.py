"""Gzip-compressed digests (``papers.jsonl.gz``, ``digest.bib.gz``): decompressed before
decoding, in pieces and never past the size limit a plain file has, so a small file that
expands to gigabytes is refused without being expanded."""

from __future__ import annotations

import zlib

from readinglist.domain.errors import DigestFormatError

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024


def is_gzip(data: bytes) -> bool:
    """Whether ``data`` starts like a gzip file."""
    return data[:2] == GZIP_MAGIC


def gunzip(data: bytes, limit: int) -> bytes | None:
    """The decompressed bytes of gzip ``data`` (every member, as ``gzip`` writes them when
    appended), or ``None`` when they would exceed ``limit`` bytes. Raises
    DigestFormatError for damaged or cut-off data."""
    pieces: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            pending = rest
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                size += len(piece)
                if size > limit:
                    return None
                pieces.append(piece)
            if not inflater.eof:
                raise DigestFormatError("the gzip data is cut off (the file is incomplete)")
            rest = inflater.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise DigestFormatError(f"the gzip data is damaged ({exc})") from exc
    return b"".join(pieces)


def inner_name(source_name: str) -> str:
    """``papers.jsonl`` for ``papers.jsonl.gz``: the name detection and dating go by."""
    return source_name[:-3] if source_name.lower().endswith(".gz") else source_name
