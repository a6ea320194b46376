"""Turning one arXiv feed entry into a record, whichever parser read it.

``FeedEntry`` is what ``arxiv_feed`` pulls out of an RSS 2.0 item, an RSS 1.0 (RDF) item or
an Atom entry. The arXiv conventions are decoded here: ``arXiv:ID Announce Type: new
Abstract: ...`` descriptions, ``Title. (arXiv:ID [cat] UPDATED)`` titles, comma-separated
``dc:creator`` lists (sometimes HTML links), and the arXiv API's own elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_arxiv_id
from readinglist.formats.arxiv_text import date_text_day, split_authors, submission_month
from readinglist.formats.text_utils import collapse_whitespace, find_links


@dataclass(slots=True)
class FeedLink:
    """An entry's link as the feed gives it."""

    href: str
    rel: str = "alternate"
    type: str = ""
    title: str = ""


@dataclass(slots=True)
class FeedEntry:
    """The fields of one feed entry, before arXiv's conventions are decoded."""

    title: str = ""
    title_is_html: bool = False
    summary: str = ""
    entry_id: str = ""
    about: str = ""
    published: str = ""
    links: list[FeedLink] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    arxiv: dict[str, str] = field(default_factory=dict)


_ANNOUNCE = re.compile(
    r"arXiv:(?P<id>\S+)\s+Announce\s+Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?"
)
_TITLE_TAIL = re.compile(
    r"\.?\s*\(arXiv:(?P<id>[^\s()\[\]]+)\s*(?:\[(?P<cat>[^\]]*)\])?\s*(?P<flag>[A-Z ]*)\)\s*$"
)
_ANNOUNCE_TYPES = {
    "new": "new",
    "cross": "cross",
    "cross listed": "cross",
    "replace": "replace",
    "replace-cross": "replace",
    "updated": "replace",
}
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]")
_VERSION = re.compile(r"\d(v\d+)\b")
_ABSTRACT_LABEL = re.compile(r"^Abstract:\s*", re.IGNORECASE)
_HTML_HINT = re.compile(
    r"</[a-zA-Z][a-zA-Z0-9]*\s*>|<br\s*/?>|&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#[xX][0-9a-fA-F]+);"
)
# A start or end tag (group 1: "/", group 2: its name), or a comment or declaration.
_TAG_OR_COMMENT = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|<[!?][^<>]*>")
_SKIPPED_START = re.compile(r"<(script|style)\b[^<>]*>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_STYLE_END = re.compile(r"</style\s*>", re.IGNORECASE)
_CATEGORY = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$")


def is_error_entry(entry: FeedEntry) -> bool:
    """True for the entry by which the arXiv API reports an error instead of papers."""
    if "/api/errors" in entry.entry_id or any("/api/errors" in link.href for link in entry.links):
        return True
    authors = " ".join(entry.authors).casefold()
    return entry.title.strip().casefold() == "error" and "arxiv api" in authors


def to_record(entry: FeedEntry) -> PaperRecord:
    """Decode an entry's arXiv conventions into a record (it may lack a title and id)."""
    title = _plain(entry.title, html=entry.title_is_html)
    extra: dict[str, Any] = {}
    id_sources: list[str] = []
    announce: str | None = None
    tail = _TITLE_TAIL.search(title)
    if tail:
        title = title[: tail.start()].strip()
        id_sources.append(tail.group("id"))
        announce = _ANNOUNCE_TYPES.get(tail.group("flag").strip().lower(), "new")
        if tail.group("cat"):
            extra["primary_category"] = tail.group("cat").strip()
    abstract = _plain(entry.summary)
    # (Cheap substring tests guard each regex: this runs once per paper on long abstracts.)
    announced = _ANNOUNCE.search(abstract) if "Announce" in abstract else None
    if announced:
        note = abstract[: announced.start()].strip()
        if note:
            extra["summary_note"] = note
        abstract = abstract[announced.end() :].strip()
        id_sources.insert(0, announced.group("id"))
        announce = _ANNOUNCE_TYPES.get(announced.group("type").lower(), announce)
    else:
        abstract = _ABSTRACT_LABEL.sub("", abstract)
    if announce is None:
        announce = _ANNOUNCE_TYPES.get(entry.arxiv.get("announce_type", "").strip().lower())
    alternate = next((link.href for link in entry.links if link.rel == "alternate"), "")
    id_sources += [s for s in (entry.entry_id, alternate, entry.about) if "arxiv" in s.lower()]
    arxiv_id, version = _first_arxiv_id(id_sources)
    if version:
        extra["version"] = version
    _copy_arxiv_fields(entry, extra)
    published = _entry_published(entry.published, announce, arxiv_id)
    related = [link.href for link in entry.links if link.rel != "alternate"]
    return PaperRecord(
        title=title,
        abstract=abstract,
        authors=split_authors([_plain(author) for author in entry.authors]),
        arxiv_id=arxiv_id,
        doi=entry.arxiv.get("doi") or None,
        url=alternate or None,
        links=related + [link for link in _abstract_links(abstract) if link not in related],
        published=published,
        announce_type=announce,
        extra=extra,
    )


def _entry_published(text: str, announce: str | None, arxiv_id: str | None) -> str | None:
    # A replacement's date is when the new version came out, not the paper.
    if announce == "replace":
        return submission_month(arxiv_id)
    return date_text_day(text)


def _abstract_links(abstract: str) -> list[str]:
    return find_links(abstract) if "://" in abstract else []


def _first_arxiv_id(sources: list[str]) -> tuple[str | None, str | None]:
    for source in sources:
        arxiv_id = normalize_arxiv_id(source)
        if arxiv_id:
            version = _VERSION.search(source)
            return arxiv_id, version.group(1) if version else None
    return None, None


def _copy_arxiv_fields(entry: FeedEntry, extra: dict[str, Any]) -> None:
    for name in ("journal_ref", "comment", "primary_category"):
        value = " ".join(entry.arxiv.get(name, "").split())
        if value:
            extra[name] = value
    categories = [c.strip() for c in entry.categories if _CATEGORY.match(c.strip())]
    if categories:
        extra["categories"] = list(dict.fromkeys(categories))


def _plain(text: str, html: bool = True) -> str:
    """Text with HTML markup and entities (if any) removed and whitespace collapsed."""
    if html and ("<" in text or "&" in text) and _HTML_HINT.search(text):
        text = _html_text(text)
    if ("\u00c3" in text or "\u00c2" in text) and _MOJIBAKE.search(text):
        text = _repair_mojibake(text)
    return collapse_whitespace(text)


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (``RamÃ\xadrez``), as some arXiv API answers carry it."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _html_text(markup: str) -> str:
    """The text of an HTML fragment: tags dropped (paragraph and line breaks become
    spaces), ``<script>`` and ``<style>`` content skipped, entities decoded.

    Done with patterns that each stop at the next ``<`` or ``>``, in linear time: html.parser
    takes quadratic time on some broken markup (500 KB of ``<a b='``: minutes).
    """
    parts: list[str] = []
    position = 0
    while True:
        skipped = _SKIPPED_START.search(markup, position)
        stop = skipped.start() if skipped else len(markup)
        parts.append(_TAG_OR_COMMENT.sub(_tag_space, markup[position:stop]))
        if skipped is None:
            break
        end = _skipped_end(skipped.group(1)).search(markup, skipped.end())
        parts.append(" ")
        if end is None:
            break
        position = end.end()
    return unescape("".join(parts))


def _tag_space(tag: re.Match[str]) -> str:
    """What a tag leaves in the text: a space for a block or line break, else nothing."""
    name = (tag.group(2) or "").lower()
    closing = bool(tag.group(1))
    return " " if name in ("p", "div", "li") or (name == "br" and not closing) else ""


def _skipped_end(name: str) -> re.Pattern[str]:
    return _SCRIPT_END if name.lower() == "script" else _STYLE_END
