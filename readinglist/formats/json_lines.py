"""JSON Lines paper metadata: one JSON object per line, as arXiv's bulk metadata dump
(Kaggle's ``arxiv-metadata-oai-snapshot.json``) and harvests built from it write it.

Each line is one paper. Fields read, whichever a dump has: ``title``; ``abstract`` (or
``summary``); authors as a list of names, ``authors_parsed`` (``[last, first, suffix]``,
preferred when present) or one string ("A, B and C"); the arXiv id from ``arxiv_id`` or an
``id`` that is one; ``doi``; ``url``; the date from ``published`` (or ``date``), else the
first of ``versions``; ``categories`` (a list, or a space-separated string) and
``journal-ref`` go to ``extra``.

A file is read whole or not at all: a line that is not JSON, or JSON that is not an object,
refuses the file with its line number. An object with neither a title nor an id is skipped
and counted, as in every format. Lines are taken one at a time from the text, never as a
list of all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import normalize_arxiv_id, normalize_doi
from readinglist.domain.links import is_safe_link
from readinglist.formats.json_text import load_json

FORMAT = "json-lines"
LABEL = "JSON Lines (arXiv metadata dumps, one paper per line)"
EXTENSIONS = (".jsonl", ".ndjson")

_SNIFF_CHARS = 1_000_000
_PAPER_KEYS = frozenset({"title", "arxiv_id", "doi"})
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number"}


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is JSON Lines of papers: its first line is a whole
    JSON object with a title or an id, and more lines follow (a JSON document holds nothing
    after its object, so this is no JSON file; the later lines are checked when read)."""
    lines = _lines(text[:_SNIFF_CHARS])
    first = next(lines, None)
    if first is None or not first[1].startswith("{") or next(lines, None) is None:
        return 0.0
    try:
        item = load_json(first[1])
    except (ValueError, RecursionError):
        return 0.0  # also a first line cut at the sniffing window: too long to guess
    if not isinstance(item, dict) or not _PAPER_KEYS.intersection(item):
        return 0.0
    return 0.9


def read(text: str, today: date) -> ParsedDigest:
    """One record per line; raises DigestFormatError for a line that is not a JSON object."""
    return ParsedDigest.of(FORMAT, _records(text))


def _records(text: str) -> Iterator[PaperRecord]:
    found = False
    for number, line in _lines(text):
        try:
            item = load_json(line)
        except ValueError as exc:
            reason = getattr(exc, "msg", str(exc))
            raise DigestFormatError(
                f"line {number} is not JSON ({reason}); a JSON Lines file has one paper "
                "object per line"
            ) from exc
        except RecursionError as exc:
            raise DigestFormatError(f"line {number} is nested too deeply to read") from exc
        if not isinstance(item, dict):
            kind = _KINDS.get(type(item), "not an object")
            raise DigestFormatError(
                f"line {number} is not a paper: {kind} where a JSON object with a title "
                "or an id belongs"
            )
        found = True
        yield _record(item)
    if not found:
        raise DigestFormatError("no papers found (the JSON Lines file has no lines)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, stripped line)`` of the non-blank lines, one at a time."""
    start = 0
    number = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        number += 1
        line = text[start:end].strip()
        if line:
            yield number, line
        start = end + 1


def _record(item: dict[str, Any]) -> PaperRecord:
    doi = normalize_doi(_text(item, "doi"))
    url = _text(item, "url")
    extra: dict[str, Any] = {}
    categories = item.get("categories")
    if isinstance(categories, str):
        categories = categories.split()
    if isinstance(categories, list) and categories and all(isinstance(c, str) for c in categories):
        extra["categories"] = categories
    journal = _text(item, "journal-ref") or _text(item, "journal")
    if journal:
        extra["journal"] = journal
    return PaperRecord(
        title=" ".join(_text(item, "title").split()),
        abstract=_text(item, "abstract") or _text(item, "summary"),
        authors=_authors(item),
        arxiv_id=normalize_arxiv_id(_text(item, "arxiv_id") or _text(item, "id")),
        doi=doi,
        url=url if url and is_safe_link(url) else None,
        published=_published(item),
        extra=extra,
    )


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _authors(item: dict[str, Any]) -> list[str]:
    """The names in ``authors_parsed``, else ``authors`` (a list or one string)."""
    parsed = item.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                last, first, *rest = [*parts, "", ""]
                names.append(" ".join(p.strip() for p in (first, last, *rest) if p.strip()))
        if any(names):
            return [name for name in names if name]
    authors = item.get("authors")
    if isinstance(authors, str):
        authors = _AUTHOR_SPLIT.split(" ".join(authors.split()))
    if not isinstance(authors, list):
        return []
    names = []
    for author in authors:
        if isinstance(author, dict):
            author = author.get("name")
        if isinstance(author, str) and author.strip():
            names.append(" ".join(author.split()))
    return names


def _published(item: dict[str, Any]) -> str | None:
    """``published`` or ``date`` (an ISO date), else the first version's date."""
    for key in ("published", "date"):
        match = _ISO_DATE.match(_text(item, key))
        if match:
            return match.group()
    versions = item.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = versions[0].get("created")
        if isinstance(created, str):
            try:
                return parsedate_to_datetime(created).date().isoformat()
            except (TypeError, ValueError, IndexError):
                return None
    return None
