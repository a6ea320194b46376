"""CSL-JSON (Zotero, Better BibTeX, Manubot, pandoc): a list of items, or a single item.

Each item is an object with ``title``, ``author`` (``{family, given}`` or ``{literal}``),
``abstract``, ``DOI``, ``URL``, ``issued`` (``{"date-parts": [[y, m, d]]}``, parts may be
strings) and more. arXiv preprints carry their id in ``number`` (``1707.02264v3``) next to
an arxiv.org ``URL`` or ``publisher: arXiv``. Every value is type-checked: hostile JSON
yields skipped items or DigestFormatError, never another exception.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import arxiv_id_from_doi, normalize_arxiv_id, normalize_doi
from readinglist.domain.links import ARXIV_MENTION, arxiv_id_in_url
from readinglist.formats.json_text import load_json
from readinglist.formats.text_utils import collapse_whitespace

FORMAT = "csl-json"
LABEL = "CSL-JSON (Zotero, Better BibTeX, pandoc)"
EXTENSIONS = (".json",)

_CSL_TYPES = (
    "article|article-journal|article-magazine|article-newspaper|bill|book|broadcast|chapter"
    "|classic|collection|dataset|document|entry|entry-dictionary|entry-encyclopedia|event"
    "|figure|graphic|hearing|interview|legal_case|legislation|manuscript|map|motion_picture"
    "|musical_score|pamphlet|paper-conference|patent|performance|periodical"
    "|personal_communication|post|post-weblog|regulation|report|review|review-book|software"
    "|song|speech|standard|thesis|treaty|webpage"
)
_TYPE_VALUE = re.compile(rf'"type"\s*:\s*"(?:{_CSL_TYPES})"')
_CSL_KEY = re.compile(r'"(?:date-parts|container-title|citation-key|title-short)"\s*:')
_CORE_KEY = re.compile(r'"(?:title|author|issued)"\s*:')
_HF_PAPER = re.compile(r'"paper"\s*:\s*\{')
_MARKUP = re.compile(r"</?(?:i|b|sup|sub|sc|span)(?:\s[^>]*)?>", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is CSL-JSON: items with a CSL ``type`` and a title,
    author or issued date. A Hugging Face daily papers list (items with ``paper``) is not."""
    head = text[:16384].lstrip()
    if not head.startswith(("[", "{")) or _HF_PAPER.search(head):
        return 0.0
    if (_TYPE_VALUE.search(head) or _CSL_KEY.search(head)) and _CORE_KEY.search(head):
        return 0.85
    return 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse CSL-JSON ``text`` into records, one per item with a title or an id."""
    try:
        data = load_json(text)
    except RecursionError as exc:
        raise DigestFormatError("the JSON is nested too deeply to read") from exc
    except ValueError as exc:
        raise DigestFormatError(f"this is not valid JSON ({exc})") from exc
    if isinstance(data, dict):
        items = data.get("items") if isinstance(data.get("items"), list) else [data]
    elif isinstance(data, list):
        items = data
    else:
        raise DigestFormatError("CSL-JSON must be a list of items or one item object")
    if not items:
        raise DigestFormatError("the CSL-JSON list holds no items")
    if not any(isinstance(item, dict) for item in items):
        raise DigestFormatError("the CSL-JSON items are not objects")
    records = (_to_record(item) if isinstance(item, dict) else PaperRecord() for item in items)
    return ParsedDigest.of(FORMAT, records)


def _to_record(item: dict[str, Any]) -> PaperRecord:
    raw_doi = _text(item, "DOI")
    url = _text(item, "URL") or None
    doi = normalize_doi(raw_doi) or (normalize_doi(url) if url and "doi.org/" in url else None)
    extra: dict[str, Any] = {}
    for key, name in (
        ("type", "entry_type"),
        ("container-title", "journal"),
        ("PMID", "pmid"),
        ("PMCID", "pmcid"),
        ("ISBN", "isbn"),
        ("ISSN", "issn"),
        ("publisher", "publisher"),
        ("note", "note"),
    ):
        value = _text(item, key)
        if value:
            extra[name] = value
    citation_key = _text(item, "citation-key") or _text(item, "id")
    if citation_key:
        extra["citation_key"] = citation_key
    if raw_doi.startswith("10/"):
        extra["short_doi"] = raw_doi  # Better BibTeX writes short DOIs such as 10/fqd6hj
    keywords = [k for k in _KEYWORD_SPLIT.split(_text(item, "keyword")) if k]
    if keywords:
        extra["keywords"] = keywords
    return PaperRecord(
        title=collapse_whitespace(_MARKUP.sub("", _text(item, "title"))),
        abstract=_text(item, "abstract"),
        authors=_authors(item.get("author")),
        arxiv_id=_arxiv_id(item, doi, url),
        doi=doi,
        url=url,
        published=_issued(item.get("issued")),
        extra=extra,
    )


def _text(item: dict[str, Any], key: str) -> str:
    """A scalar field as stripped text ('' when missing or not a string or number)."""
    value = item.get(key)
    if isinstance(value, list) and value:  # some exporters write ISBN or ISSN as a list
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _authors(value: object) -> list[str]:
    """Names as "Given particle Family suffix", or the literal name."""
    if not isinstance(value, list):
        return []
    names = []
    for person in value:
        if isinstance(person, str):
            name = person
        elif isinstance(person, dict):
            name = _text(person, "literal") or " ".join(
                part
                for key in (
                    "given",
                    "dropping-particle",
                    "non-dropping-particle",
                    "family",
                    "suffix",
                )
                if (part := _text(person, key))
            )
        else:
            continue
        name = " ".join(name.split())
        if name:
            names.append(name)
    return names


def _issued(value: object) -> str | None:
    """``{"date-parts": [["2017", "07", "07"]]}`` (or ``{"raw": "2017-07-07"}``) as ISO."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = [_int(part) for part in parts[0][:3]]
    else:
        raw = value.get("raw") or value.get("literal")
        match = _ISO_DATE.match(raw) if isinstance(raw, str) else None
        if not match:
            return None
        numbers = [_int(group) for group in match.groups() if group]
    if not numbers or numbers[0] is None or not 1000 <= numbers[0] <= 9999:
        return None
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return f"{year:04d}-{month:02d}"


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 4:
        return int(value)
    return None


def _arxiv_id(item: dict[str, Any], doi: str | None, url: str | None) -> str | None:
    """The arXiv id from an arXiv DOI or URL, from ``number`` of an arXiv item, or a note."""
    found = arxiv_id_from_doi(doi)
    if found:
        return found
    found = normalize_arxiv_id(arxiv_id_in_url(url))
    if found:
        return found
    from_arxiv = any(
        "arxiv" in _text(item, key).lower() for key in ("publisher", "container-title", "archive")
    )
    number = _text(item, "number")
    if from_arxiv and number:
        found = normalize_arxiv_id(number)
        if found:
            return found
    match = ARXIV_MENTION.search(_text(item, "note"))
    return normalize_arxiv_id(match.group(1)) if match else None
