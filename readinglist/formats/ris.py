"""RIS files (Zotero, Scopus, EndNote, Mendeley exports).

Each record runs from ``TY  - `` to ``ER  -``; ``rispy`` does the parsing. The title is TI
or T1, else the short title ST. Lines rispy would trip over are dropped first: stray text
outside a record, and untagged lines directly after ``TY`` (an untagged line elsewhere
continues the previous tag). An abstract's continuation lines are its line breaks (our
export writes them so), a blank line between two of them a paragraph break; other tags'
continuations are joined by a space. A last record without ``ER`` is closed. Authors are
``Last, First, Suffix`` turned round, except an organisation's name, kept whole (see
``name_forms``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import rispy  # type: ignore[import-untyped]

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import arxiv_id_from_doi, normalize_arxiv_id, normalize_doi
from readinglist.domain.links import arxiv_id_in_url
from readinglist.formats.name_forms import is_organisation, is_suffix

FORMAT = "ris"
LABEL = "RIS (Zotero, Scopus, EndNote)"
EXTENSIONS = (".ris",)

# Tags whose repeats all matter (rispy keeps only the first of other tags).
_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "AD"]
_TY_LINE = re.compile(r"^TY  - ", re.MULTILINE)
_ER_LINE = re.compile(r"^ER  -", re.MULTILINE)
_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ", re.MULTILINE)
_RIS_DATE = re.compile(r"^\s*(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2}))?)?")
# Marks an abstract's continuation line for rispy, which joins such lines with spaces (a
# private-use character: any in the file is dropped first).
_BREAK = "\ue000"
_ABSTRACT_TAGS = frozenset({"AB", "N2"})
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is RIS: ``TY  - `` and ``ER  -`` lines."""
    head = text[:16384]
    if not _TY_LINE.search(head):
        return 0.0
    if _ER_LINE.search(head):
        return 0.9
    return 0.7 if len(_TAG_LINE.findall(head)) >= 3 else 0.3


def read(text: str, today: date) -> ParsedDigest:
    """Parse RIS ``text`` into records, one per ``TY`` ... ``ER`` block with a title or id."""
    try:
        entries = rispy.loads(_clean(text), list_tags=_LIST_TAGS)
    except Exception as exc:  # rispy raises whatever its parsing trips over
        raise DigestFormatError(f"the RIS could not be parsed ({exc})") from exc
    if not isinstance(entries, list) or not entries:
        raise DigestFormatError("no RIS records found (expected 'TY  - ' ... 'ER  - ' blocks)")
    records = (_to_record(e) if isinstance(e, dict) else PaperRecord() for e in entries)
    return ParsedDigest.of(FORMAT, records)


def _is_tag(line: str) -> bool:
    """The test rispy applies to tell a tag line from a continuation line."""
    return line[2:5] == "  -" and line[:2].isupper() and line[:1].isalpha()


def _clean(text: str) -> str:
    """Keep the lines rispy can digest: records' tag lines and their continuations. An
    abstract's continuation lines (and a blank line between two of them) start with
    :data:`_BREAK`, which rispy keeps and :func:`_with_breaks` turns into line breaks."""
    kept: list[str] = []
    in_record = has_tag = False
    tag = ""
    blanks = 0
    for line in text.replace("\ufeff", "").replace(_BREAK, "").split("\n"):
        if not line.strip():
            blanks += 1
            continue
        if _is_tag(line):
            blanks = 0
            tag = line[:2]
            if tag == "TY":
                if not in_record:
                    in_record, has_tag = True, False
            elif not in_record:
                continue
            elif tag == "ER":
                in_record = False
            else:
                has_tag = True
            kept.append(line)
        elif in_record and has_tag:
            if tag in _ABSTRACT_TAGS:
                kept += [_BREAK] * min(blanks, 1)
                line = _BREAK + line.strip()
            kept.append(line)
        blanks = 0
    if in_record:
        kept.append("ER  - ")
    return "\n".join(kept)


def _to_record(entry: dict[str, Any]) -> PaperRecord:
    urls = [u for u in _strings(entry.get("urls")) if u]
    # Without DO, the record's own address (its first UR) may be a doi.org URL; a later
    # UR is some other link (a dataset's or a tool's DOI quoted in the abstract).
    doi_text = _first(entry, "doi") or (urls[0] if urls and _DOI_URL.match(urls[0]) else "")
    doi = normalize_doi(doi_text)
    authors = [
        _first_name_first(name)
        for key in ("authors", "first_authors")
        for name in _strings(entry.get(key))
    ]
    extra: dict[str, Any] = {}
    entry_type = _first(entry, "type_of_reference")
    if entry_type:
        extra["entry_type"] = entry_type
    keywords = [k.strip() for kw in _strings(entry.get("keywords")) for k in kw.split(";")]
    if any(keywords):
        extra["keywords"] = [k for k in keywords if k]
    journal = _first(entry, "journal_name", "secondary_title", "alternate_title3")
    if journal:
        extra["journal"] = journal
    for key, name in (("notes", "notes"), ("author_address", "affiliations")):
        values = [value for value in _strings(entry.get(key)) if value]
        if values:
            extra[name] = values
    return PaperRecord(
        title=_first(entry, "title", "primary_title", "short_title"),
        abstract=_with_breaks(_first(entry, "abstract", "notes_abstract")),
        authors=[a for a in authors if a],
        arxiv_id=arxiv_id_from_doi(doi) or _arxiv_from_urls(urls),
        doi=doi,
        url=urls[0] if urls else None,
        links=urls[1:],
        published=_published(entry),
        extra=extra,
    )


def _with_breaks(abstract: str) -> str:
    """An abstract as rispy joined it, with its continuation lines made lines again."""
    if _BREAK not in abstract:
        return abstract
    return abstract.replace(" " + _BREAK, "\n").replace(_BREAK, "\n")


def _strings(value: object) -> list[str]:
    """A tag's value(s) as a list of stripped strings, whatever shape rispy gave it."""
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str)]
    return []


def _first(entry: dict[str, Any], *keys: str) -> str:
    """The first non-empty value among ``keys``."""
    for key in keys:
        for value in _strings(entry.get(key)):
            if value:
                return value
    return ""


def _first_name_first(name: str) -> str:
    """``"Federico, S."`` becomes ``"S. Federico"``; ``"Smith, John, Jr."`` and BibTeX's
    ``"Smith, Jr., John"`` ``"John Smith Jr."``; an organisation's name ("The ATLAS
    Collaboration, CERN") stays as it is."""
    if is_organisation(name):
        return " ".join(name.split())
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 3 and is_suffix(parts[1]) and not is_suffix(parts[2]):
        parts = [parts[0], parts[2], parts[1]]
    if len(parts) >= 2:  # RIS writes Last, First, Suffix
        parts = [parts[1], parts[0], *parts[2:]]
    return " ".join(part for part in parts if part)


def _published(entry: dict[str, Any]) -> str | None:
    """The most precise of DA, PY and Y1 (``2018/03/01/`` becomes ``2018-03-01``)."""
    best: str | None = None
    for key in ("date", "year", "publication_year"):
        for value in _strings(entry.get(key)):
            parsed = _parse_date(value)
            if parsed and (best is None or len(parsed) > len(best)):
                best = parsed
    return best


def _parse_date(value: str) -> str | None:
    match = _RIS_DATE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return f"{year}-{int(month):02d}"


def _arxiv_from_urls(urls: list[str]) -> str | None:
    for url in urls:
        found = normalize_arxiv_id(arxiv_id_in_url(url))
        if found:
            return found
    return None
