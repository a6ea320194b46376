"""Reading List's own JSON: a lossless, versioned backup of the library or a selection.

Holds papers with every field and annotation, the digests they came from and their place
in each. Importing it restores the digests as they were (not as one new digest) and brings
the annotations in without overwriting any the library already has.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from readinglist import __version__
from readinglist.domain.entities import (
    Digest,
    Membership,
    Paper,
    PaperRecord,
    ParsedDigest,
    SavedAnnotations,
    SavedDigest,
)
from readinglist.domain.errors import DigestFormatError, InvalidInputError
from readinglist.domain.tags import clean_tag
from readinglist.formats.json_text import load_json
from readinglist.formats.paper_batches import PaperBatches

FORMAT = "readinglist-json"
LABEL = "Reading List library (JSON backup)"
EXTENSIONS = (".json",)
MARKER = "readinglist-library"
VERSION = 1
SQLITE_MIN, SQLITE_MAX = -(2**63), 2**63 - 1  # a SQLite INTEGER is 64 bits

# For each paper id: (digest id, position, announce type) of every digest holding it.
Memberships = Mapping[int, Sequence[tuple[int, int, str | None]]]


def write(
    papers: Sequence[Paper], digests: Sequence[Digest], memberships: Memberships, exported_at: str
) -> str:
    """The backup document for these papers and the digests they belong to."""
    used = {digest_id for pid in memberships for digest_id, _, _ in memberships[pid]}
    document = {
        "format": MARKER,
        "version": VERSION,
        "app": f"Reading List {__version__}",
        "exported_at": exported_at,
        "digests": [_digest_json(d) for d in digests if d.id in used],
        "papers": [_paper_json(p, memberships.get(p.id, ())) for p in papers],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def stream(
    papers: PaperBatches,
    digests: Sequence[Digest],
    places: Callable[[Sequence[int]], Memberships],
    exported_at: str,
) -> Iterator[str]:
    """The text :func:`write` gives, in chunks: the papers are read a batch at a time, and
    ``places`` gives the digest places of a batch's paper ids (a first pass over them finds
    which digests the document lists)."""
    used = {
        digest_id
        for start in range(0, len(papers.ids), 1000)
        for found in places(papers.ids[start : start + 1000]).values()
        for digest_id, _, _ in found
    }
    document = {
        "format": MARKER,
        "version": VERSION,
        "app": f"Reading List {__version__}",
        "exported_at": exported_at,
        "digests": [_digest_json(d) for d in digests if d.id in used],
        "papers": [],
    }
    head = json.dumps(document, ensure_ascii=False, indent=1)
    empty_tail = '"papers": []\n}'
    yield head.removesuffix(empty_tail) + '"papers": ['
    separator = "\n  "  # a paper is an item of a list two levels deep
    for batch in papers:
        memberships = places([paper.id for paper in batch])
        items = [
            json.dumps(
                _paper_json(paper, memberships.get(paper.id, ())), ensure_ascii=False, indent=1
            )
            for paper in batch
        ]
        if items:
            yield separator + ",\n  ".join(item.replace("\n", "\n  ") for item in items)
            separator = ",\n  "
    yield "]\n}\n" if separator == "\n  " else "\n ]\n}\n"


def sniff(text: str, filename: str) -> float:
    """Certain when the document names itself as a Reading List library."""
    head = text[:2000].lstrip()
    return 1.0 if head.startswith("{") and f'"{MARKER}"' in head else 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Records carrying their annotations and digest places, and the digests themselves."""
    try:
        document = load_json(text)
    except (ValueError, RecursionError) as exc:
        raise DigestFormatError(f"not valid JSON ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != MARKER:
        raise DigestFormatError("not a Reading List library file")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise DigestFormatError(
            f"written by a newer Reading List (file version {version}, this one reads "
            f"{VERSION}); please update Reading List"
        )
    digests = [_saved_digest(item) for item in _list(document, "digests")]
    records = [_record(item) for item in _list(document, "papers")]
    return ParsedDigest(format=FORMAT, records=records, is_backup=True, saved_digests=digests)


# ---------------------------------------------------------------------------- writing


def _digest_json(digest: Digest) -> dict[str, Any]:
    return {
        "id": digest.id,
        "source_name": digest.source_name,
        "format": digest.format,
        "date": digest.date,
        "imported_at": digest.imported_at,
        "content_sha256": digest.content_sha256,
    }


def _paper_json(paper: Paper, places: Sequence[tuple[int, int, str | None]]) -> dict[str, Any]:
    data = paper.to_json()
    data["digests"] = [
        {"digest": digest_id, "position": position, "announce_type": announce}
        for digest_id, position, announce in places
    ]
    return data


# ---------------------------------------------------------------------------- reading


def _list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = document.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise DigestFormatError(f'"{name}" must be a list of objects')
    return value


def _text(item: dict[str, Any], name: str, default: str = "") -> str:
    value = item.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise DigestFormatError(f'"{name}" must be text, not {type(value).__name__}')
    return value


def _optional_text(item: dict[str, Any], name: str) -> str | None:
    return _text(item, name) or None


def _strings(item: dict[str, Any], name: str) -> list[str]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DigestFormatError(f'"{name}" must be a list of text')
    return value


def _saved_digest(item: dict[str, Any]) -> SavedDigest:
    return SavedDigest(
        key=str(item.get("id")),
        source_name=_text(item, "source_name", "backup"),
        format=_text(item, "format", "unknown"),
        date=_optional_text(item, "date"),
        imported_at=_text(item, "imported_at"),
        content_sha256=_text(item, "content_sha256"),
    )


def _record(item: dict[str, Any]) -> PaperRecord:
    extra = item.get("extra") or {}
    if not isinstance(extra, dict):
        raise DigestFormatError('"extra" must be an object')
    places = item.get("digests") or []
    if not isinstance(places, list):
        raise DigestFormatError('"digests" of a paper must be a list')
    memberships = [
        Membership(
            digest_key=str(place.get("digest")),
            position=_position(place),
            announce_type=_optional_text(place, "announce_type"),
        )
        for place in places
        if isinstance(place, dict)
    ]
    return PaperRecord(
        title=_text(item, "title"),
        abstract=_text(item, "abstract"),
        authors=_strings(item, "authors"),
        arxiv_id=_optional_text(item, "arxiv_id"),
        doi=_optional_text(item, "doi"),
        url=_optional_text(item, "url"),
        links=_strings(item, "links"),
        published=_optional_text(item, "published"),
        extra=extra,
        saved=SavedAnnotations(
            tags=_tags(item),
            notes=_text(item, "notes"),
            read=item.get("read") is True,
            starred=item.get("starred") is True,
            added=_optional_text(item, "added"),
            dismissed=item.get("dismissed") is True,
        ),
        memberships=memberships,
    )


def _position(place: dict[str, Any]) -> int:
    """A paper's place in a digest: a whole number SQLite can store (0 when absent)."""
    value = place.get("position")
    if not isinstance(value, int) or isinstance(value, bool):
        return 0
    if not SQLITE_MIN <= value <= SQLITE_MAX:
        raise DigestFormatError(f'"position" {value} is out of range (at most {SQLITE_MAX})')
    return value


def _tags(item: dict[str, Any]) -> list[str]:
    """The paper's tags under the same rule as the ``tag`` command (whitespace collapsed,
    a leading # dropped); an empty or over-long tag refuses the file, naming the paper."""
    try:
        return list(dict.fromkeys(clean_tag(tag) for tag in _strings(item, "tags")))
    except InvalidInputError as exc:
        title = _text(item, "title")[:60] or "(untitled)"
        raise DigestFormatError(f"paper {title!r}: {exc}") from exc
