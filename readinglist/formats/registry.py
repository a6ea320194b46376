"""The readers Reading List knows, and ``detect()``, which picks one for a file's text.

Detection sniffs the content first; the file's extension only breaks ties. A reader is a
module with ``FORMAT``, ``LABEL``, ``sniff(text, filename) -> float`` and
``read(text, today) -> ParsedDigest``; it never touches the database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from readinglist import gc_policy
from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError, ImportFailedError
from readinglist.formats import (
    arxiv_email,
    arxiv_feed,
    bibtex,
    compressed,
    csl_json,
    hf_daily_json,
    hf_daily_text,
    hf_papers_html,
    json_lines,
    library_json,
    markdown,
    plaintext,
    ris,
)
from readinglist.formats.decoding import decode_text

logger = logging.getLogger(__name__)

MAX_DIGEST_BYTES = 64 * 1024 * 1024
_EXTENSION_BONUS = 0.05
_CERTAIN = 0.9
# A date in a file's name (``paper_metadata_2024-06-21.txt``), read as the digest's date.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class Reader:
    """One digest format: how to recognise it and how to read it."""

    name: str
    label: str
    extensions: tuple[str, ...]
    sniff: Callable[[str, str], float]
    read: Callable[[str, date], ParsedDigest]


def _reader(module: Any) -> Reader:  # a format module, or a class used as a namespace
    """A reader from a format module's FORMAT, LABEL, EXTENSIONS, sniff and read."""
    return Reader(module.FORMAT, module.LABEL, module.EXTENSIONS, module.sniff, module.read)


# Most specific first: on equal scores the earlier reader wins.
READERS: tuple[Reader, ...] = tuple(
    _reader(module)
    for module in (
        library_json,
        hf_daily_json,
        hf_papers_html,
        arxiv_feed,
        arxiv_email,
        csl_json,
        json_lines,
        bibtex,
        ris,
        markdown,
        plaintext.TextBlocks,
        plaintext.ArxivIds,
        hf_daily_text,
        plaintext.TitleList,
    )
)


def supported_extensions() -> frozenset[str]:
    """File extensions some reader claims (what a folder import picks up)."""
    return frozenset(ext for reader in READERS for ext in reader.extensions)


def reader_by_name(name: str) -> Reader:
    """The reader registered as ``name``."""
    for reader in READERS:
        if reader.name == name:
            return reader
    raise KeyError(name)


def detect(text: str, filename: str) -> Reader:
    """Pick the reader for decoded ``text``; raise DigestFormatError when none fits."""
    suffix = PurePath(filename).suffix.lower()
    best: Reader | None = None
    best_score = 0.0
    for reader in READERS:
        score = reader.sniff(text, filename)
        if score <= 0:
            continue
        claims_suffix = bool(suffix) and suffix in reader.extensions
        if score >= _CERTAIN and (claims_suffix or not suffix):
            return reader  # readers are ordered most specific first; no need to ask the rest
        if claims_suffix:
            score += _EXTENSION_BONUS
        if score > best_score:
            best, best_score = reader, score
    if best is None:
        if not text.strip():
            raise DigestFormatError("the file is empty")
        raise DigestFormatError("unrecognised format (not a digest Reading List can read)")
    return best


def too_large(source_name: str, size: int) -> ImportFailedError:
    """The error for a digest over ``MAX_DIGEST_BYTES`` (refused before it is read). Its
    size is given rounded up, and only when it is a whole MiB over the limit: a stream read
    up to the limit (``/dev/zero``), or a file a few bytes over it, was said to be "64 MiB;
    the limit is 64 MiB"."""
    mib = 1024 * 1024
    limit = MAX_DIGEST_BYTES // mib
    shown = -(-size // mib)
    over = f"{shown} MiB; the limit is {limit} MiB" if shown > limit + 1 else f"over {limit} MiB"
    return ImportFailedError(source_name, f"the file is too large ({over})")


def read_digest(data: bytes, source_name: str, today: date) -> ParsedDigest:
    """Decode, detect and read one digest; every failure becomes ImportFailedError.
    A digest that does not say its date is dated by its file's name, when that holds one."""
    if len(data) > MAX_DIGEST_BYTES:
        raise too_large(source_name, len(data))
    if compressed.is_gzip(data):
        data = _gunzipped(data, source_name)
        source_name = compressed.inner_name(source_name)
    if not data.strip():
        raise ImportFailedError(source_name, "the file is empty")
    try:
        # readers make many objects and no cycles: with the collector on, its passes over
        # the growing heap made reading 10 MB of small entries take twice as long
        with gc_policy.paused():
            text = decode_text(data)
            reader = detect(text, source_name)
            parsed = reader.read(text, today)
    except DigestFormatError as exc:
        raise ImportFailedError(source_name, str(exc)) from exc
    except RecursionError as exc:
        raise ImportFailedError(source_name, "the file is nested too deeply to read") from exc
    except Exception as exc:  # a reader bug must not crash the app or lose the message
        logger.exception("reader failed on %s", source_name)
        raise ImportFailedError(source_name, f"could not be read ({type(exc).__name__})") from exc
    if parsed.date is None and not parsed.is_backup:
        parsed.date = date_in_name(source_name)
    return parsed


def _gunzipped(data: bytes, source_name: str) -> bytes:
    """A gzip file's content, held to the size limit of a plain file."""
    try:
        inner = compressed.gunzip(data, MAX_DIGEST_BYTES)
    except DigestFormatError as exc:
        raise ImportFailedError(source_name, str(exc)) from exc
    if inner is None:
        raise ImportFailedError(
            source_name, f"the file is too large (over {MAX_DIGEST_BYTES // 2**20} MiB unpacked)"
        )
    return inner


def date_in_name(source_name: str) -> str | None:
    """The ISO date a file's name holds (``…_2026-08-21.txt``), if it is a real day."""
    match = _NAME_DATE.search(PurePath(source_name).name)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None
