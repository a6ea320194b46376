"""arXiv feeds: rss.arxiv.org RSS 2.0, the older export.arxiv.org RSS 1.0 (RDF) feed and
arXiv API Atom responses.

A well-formed document is read with defusedxml's ElementTree (fast; entity declarations are
refused). A document that is not well-formed goes to feedparser's forgiving parser, which
never fetches or expands anything, and the entries it recovers are kept. Both paths fill
the same neutral ``FeedEntry``; records are made from it in one place (``arxiv_feed_entries``).
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import feedparser  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.arxiv_feed_entries import FeedEntry, FeedLink, is_error_entry, to_record
from readinglist.formats.arxiv_text import date_text_day

FORMAT = "arxiv-feed"
LABEL = "arXiv RSS / Atom feed or API response"
EXTENSIONS = (".xml", ".rss", ".atom", ".rdf")

_ROOT_TAG = re.compile(
    r"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*<([\w:.-]+)",
    re.DOTALL | re.IGNORECASE,
)
_FEED_ROOTS = {"rss", "feed", "rdf"}
_ENTRY_TAGS = {"item", "entry"}
# Feed-level date elements, most telling first.
_DATE_TAGS = ("pubDate", "published", "date", "updated", "lastBuildDate")
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_ARXIV_FIELDS = {"announce_type", "doi", "journal_ref", "comment"}
# feedparser's forgiving parser takes seconds per megabyte of hostile markup: salvage only
# files up to this size (a large daily RSS feed is about 2 MB).
_MAX_SALVAGE_CHARS = 2_000_000
_XML_HEADERS = {"content-type": "application/xml; charset=utf-8"}
# A numeric character reference, as feedparser reads one (the ``;`` is optional).
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_REPLACEMENT_REFERENCE = "&#xFFFD"


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is an arXiv feed or API response (0 to 1)."""
    if _root_name(text) not in _FEED_ROOTS:
        return 0.0
    return 0.9 if "arxiv" in text[:8000].lower() else 0.6


def read(text: str, today: date) -> ParsedDigest:
    """Parse an arXiv RSS/RDF feed or API Atom response into records."""
    if not text.lstrip().startswith("<"):
        raise DigestFormatError("not an XML feed (the text does not start with '<')")
    try:
        entries, date_text = _read_tree(text)
    except _MalformedXml as problem:
        entries, date_text = _read_loosely(text, str(problem))
    for entry in entries:
        if is_error_entry(entry):
            message = " ".join((entry.summary or entry.title).split())
            raise DigestFormatError(f"the arXiv API answered with an error: {message}")
    if _root_name(text) == "rdf":
        # RSS 1.0 items carry no date of their own: they were announced on the channel's.
        for entry in entries:
            entry.published = entry.published or date_text
    records = (to_record(entry) for entry in entries)
    return ParsedDigest.of(FORMAT, records, date=date_text_day(date_text))


# --- well-formed XML: defusedxml ElementTree ---------------------------------------------


class _MalformedXml(Exception):
    """The document is not well-formed XML (the message says where)."""


def _read_tree(text: str) -> tuple[list[FeedEntry], str]:
    """Entries and feed date of a well-formed feed."""
    try:
        root: Element = fromstring(text)
    except DefusedXmlException as error:
        raise DigestFormatError(
            f"the XML declares entities or external references, refused for safety ({error})"
        ) from None
    except (ParseError, ValueError) as error:
        raise _MalformedXml(str(error)) from None
    root_name = _local(root.tag)
    if root_name.lower() not in _FEED_ROOTS:
        raise DigestFormatError(f"not an RSS or Atom feed (the document is <{root_name}>)")
    containers = [root, *(child for child in root if _local(child.tag) == "channel")]
    entries: list[FeedEntry] = []
    dates: dict[str, str] = {}
    for container in containers:
        for child in container:
            name = _local(child.tag)
            if name in _ENTRY_TAGS:
                entries.append(_tree_entry(child))
            elif name in _DATE_TAGS and child.text:
                dates.setdefault(name, child.text)
    return entries, next((dates[name] for name in _DATE_TAGS if name in dates), "")


def _tree_entry(item: Element) -> FeedEntry:
    entry = FeedEntry(about=item.get(_RDF_ABOUT) or "")
    for child in item:
        name = _local(child.tag)
        text = "".join(child.itertext()).strip()
        if name == "title":
            entry.title = text
            entry.title_is_html = child.get("type") == "html"
        elif name in ("summary", "description") or (
            name in ("content", "encoded") and not entry.summary
        ):
            entry.summary = text
        elif name in ("id", "guid"):
            entry.entry_id = text
        elif name == "link":
            href = child.get("href") or text
            if href:
                entry.links.append(
                    FeedLink(
                        href,
                        child.get("rel") or "alternate",
                        child.get("type") or "",
                        child.get("title") or "",
                    )
                )
        elif name in ("creator", "author"):
            name_element = next((c for c in child if _local(c.tag) == "name"), None)
            author = "".join(name_element.itertext()) if name_element is not None else text
            entry.authors.append(author)
        elif name in ("published", "pubDate", "date", "issued") and not entry.published:
            entry.published = text
        elif name == "category":
            entry.categories.append(child.get("term") or text)
        elif name == "primary_category":
            entry.arxiv["primary_category"] = child.get("term") or text
        elif name in _ARXIV_FIELDS:
            entry.arxiv[name] = text
    return entry


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


# --- malformed XML: feedparser's forgiving parser ----------------------------------------


def _root_name(text: str) -> str:
    """The local name of the document's first element (``rss``, ``feed``, ``rdf``), lowercased."""
    match = _ROOT_TAG.match(text[:8000])
    return match.group(1).rpartition(":")[2].lower() if match else ""


def _read_loosely(text: str, problem: str) -> tuple[list[FeedEntry], str]:
    """Entries feedparser recovers from a malformed document; an error when there are none."""
    if len(text) > _MAX_SALVAGE_CHARS or _root_name(text) not in _FEED_ROOTS:
        raise DigestFormatError(f"not a readable feed: the XML is malformed ({problem})")
    data = io.BytesIO(_valid_references(text).encode("utf-8", "replace"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = feedparser.parse(data, response_headers=_XML_HEADERS)
    raw_entries = dict.get(result, "entries")
    entries = [
        _parsed_entry(raw)
        for raw in (raw_entries if isinstance(raw_entries, list) else [])
        if isinstance(raw, dict)
    ]
    if not entries:
        raise DigestFormatError(f"not a readable feed: the XML is malformed ({problem})")
    feed = dict.get(result, "feed")
    feed = feed if isinstance(feed, dict) else {}
    return entries, _text(feed, "published") or _text(feed, "updated")


def _valid_references(text: str) -> str:
    """``text`` with references to no character (a surrogate such as ``&#xD800;``, beyond
    U+10FFFF) made references to U+FFFD: feedparser would fail on them with a traceback."""

    def valid(match: re.Match[str]) -> str:
        digits, base = (match.group(1), 16) if match.group(1) else (match.group(2), 10)
        if len(digits.lstrip("0")) > 7:
            return _REPLACEMENT_REFERENCE
        number = int(digits, base)
        if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
            return _REPLACEMENT_REFERENCE
        return match.group(0)

    return _CHAR_REFERENCE.sub(valid, text) if "&#" in text else text


def _parsed_entry(raw: dict[str, Any]) -> FeedEntry:
    title_detail = dict.get(raw, "title_detail")
    content = dict.get(raw, "content")
    summary = _text(raw, "summary")
    if not summary and isinstance(content, list) and content and isinstance(content[0], dict):
        summary = _text(content[0], "value")
    entry = FeedEntry(
        title=_text(raw, "title"),
        title_is_html=isinstance(title_detail, dict) and _text(title_detail, "type") == "text/html",
        summary=summary,
        entry_id=_text(raw, "id"),
        published=_text(raw, "published") or _text(raw, "updated"),
    )
    for link in _dicts(raw, "links"):
        href = _text(link, "href")
        if href:
            entry.links.append(
                FeedLink(
                    href,
                    _text(link, "rel") or "alternate",
                    _text(link, "type"),
                    _text(link, "title"),
                )
            )
    entry.authors = [_text(author, "name") for author in _dicts(raw, "authors")]
    entry.categories = [_text(tag, "term") for tag in _dicts(raw, "tags")]
    for name in _ARXIV_FIELDS:
        if _text(raw, f"arxiv_{name}"):
            entry.arxiv[name] = _text(raw, f"arxiv_{name}")
    primary = dict.get(raw, "arxiv_primary_category")
    if isinstance(primary, dict) and _text(primary, "term"):
        entry.arxiv["primary_category"] = _text(primary, "term")
    return entry


def _text(mapping: dict[str, Any], key: str) -> str:
    """A string value of a feedparser dict, read without feedparser's key aliases."""
    value = dict.get(mapping, key)
    return value if isinstance(value, str) else ""


def _dicts(mapping: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = dict.get(mapping, key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
