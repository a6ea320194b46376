"""A saved ``huggingface.co/papers`` page (the Daily Papers list, saved as HTML).

The page carries its data as JSON, HTML-escaped in the ``data-props`` attribute of the
element with ``data-target="DailyPapers"``: the same items as the ``api/daily_papers`` JSON,
read by :mod:`readinglist.formats.hf_daily_json`. When those props are missing or cannot be
read, the rendered ``<article>`` cards still give each paper's title and arXiv id.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import normalize_arxiv_id
from readinglist.formats.hf_daily_json import clean_title, digest_from_payload
from readinglist.formats.json_text import load_json

FORMAT = "hf-papers-html"
LABEL = "Hugging Face Daily Papers (saved web page)"
EXTENSIONS = (".html", ".htm")

_MARKER = 'data-target="DailyPapers"'
_PAGE_MARKERS = (
    "<title>daily papers - hugging face</title>",
    'content="daily papers - hugging face"',
    'content="https://huggingface.co/papers"',
)
_LEADING_SPACE = "\ufeff \t\r\n"
_SNIFF_HEAD = 8000
_SNIFF_BODY = 1_000_000
_MAX_MARKERS = 5
# One start tag (name, then attributes with optional quoted or bare values).
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
_ATTRIBUTE = re.compile(r"""\s*([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_CLOSE = re.compile(r"\s*/?>")
_BASIC_ENTITIES = (("&quot;", '"'), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"))
_ARTICLE_EDGE = re.compile(r"<article\b|<(/)article\s*>", re.IGNORECASE)
_HEADING_START = re.compile(r"<h[1-4]\b[^<>]*>", re.IGNORECASE)
_HEADING_END = re.compile(r"</h[1-4]\s*>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_PAPER_LINK = re.compile(
    r"(?:^|//huggingface\.co)/papers/([^/?#\s]+)/?(?:[?#]\S*)?$", re.IGNORECASE
)


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a saved Hugging Face papers page (0 to 1).

    The page's structure decides, not its words: the text is markup from its first
    character, and the marker is an attribute of one of its tags. A Markdown file that
    mentions the marker (a corpus's ``SOURCES.md``, a scraper's README) is no such page.
    """
    if not text.lstrip(_LEADING_SPACE).startswith("<"):
        return 0.0
    head = text[:_SNIFF_HEAD].lower()
    if _marker_in_tag(text[:_SNIFF_BODY]):
        return 0.95
    if "<html" in head and any(marker in head for marker in _PAGE_MARKERS):
        return 0.9
    return 0.0


def _marker_in_tag(text: str) -> bool:
    """Whether :data:`_MARKER` is an attribute of a start tag (among its first few uses)."""
    position = text.find(_MARKER)
    for _ in range(_MAX_MARKERS):
        if position < 0:
            return False
        start = text.rfind("<", 0, position)
        attributes = _start_tag_attributes(text, start) if start >= 0 else None
        if attributes and attributes.get("data-target") == "DailyPapers":
            return True
        position = text.find(_MARKER, position + len(_MARKER))
    return False


def read(text: str, today: date) -> ParsedDigest:
    """Parse a saved papers page: the embedded props, else the rendered paper cards."""
    props = _daily_papers_props(text)
    if props is not None:
        try:
            digest = digest_from_payload(props, FORMAT)
        except DigestFormatError:
            digest = None
        if digest is not None and digest.records:
            return digest
    records = _card_records(text)
    if not records:
        raise DigestFormatError("no papers found on this Hugging Face papers page")
    return ParsedDigest(format=FORMAT, records=records)


def _daily_papers_props(text: str) -> object | None:
    """The decoded ``data-props`` JSON of the DailyPapers element, or ``None``."""
    position = text.find(_MARKER)
    for _ in range(_MAX_MARKERS):
        if position < 0:
            return None
        attributes = _start_tag_attributes(text, text.rfind("<", 0, position))
        raw = attributes.get("data-props") if attributes else None
        if attributes and attributes.get("data-target") == "DailyPapers" and raw:
            try:
                props: object = load_json(_unescape(raw))
            except (ValueError, RecursionError):
                return None
            return props
        position = text.find(_MARKER, position + len(_MARKER))
    return None


def _start_tag_attributes(text: str, start: int) -> dict[str, str] | None:
    """The raw (still escaped) attributes of the start tag at ``start``, if one is there.

    Only this one tag is tokenized: handing the whole page to an HTML parser would cost far
    more than the data it carries is worth.
    """
    if start < 0:
        return None
    match = _TAG_NAME.match(text, start)
    if match is None:
        return None
    attributes: dict[str, str] = {}
    position = match.end()
    while True:
        closing = _TAG_CLOSE.match(text, position)
        if closing is not None:
            return attributes
        attribute = _ATTRIBUTE.match(text, position)
        if attribute is None or attribute.end() == position:
            return None
        value = attribute.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes.setdefault(attribute.group(1).lower(), value)
        position = attribute.end()


def _unescape(value: str) -> str:
    """``html.unescape``, with a fast path for the few entities pages actually use."""
    if "&" not in value:
        return value
    quotes_only = value.replace("&quot;", '"')
    if "&" not in quotes_only:
        return quotes_only
    ampersands = value.count("&")
    counts = [(entity, character, value.count(entity)) for entity, character in _BASIC_ENTITIES]
    if sum(count for _, _, count in counts) + value.count("&amp;") != ampersands:
        return html.unescape(value)
    for entity, character, count in counts:
        if count:
            value = value.replace(entity, character)
    return value.replace("&amp;", "&")


def _card_records(text: str) -> list[PaperRecord]:
    """Title and arXiv id of each rendered ``<article>`` card."""
    records: list[PaperRecord] = []
    for card in _cards(text):
        title, href = _card_title(card), _card_link(card)
        match = _PAPER_LINK.search(href) if href else None
        paper_id = match.group(1) if match else ""
        arxiv_id = normalize_arxiv_id(paper_id) if paper_id else None
        if title or arxiv_id:
            url = f"https://huggingface.co/papers/{paper_id}" if paper_id and not arxiv_id else None
            records.append(PaperRecord(title=title, arxiv_id=arxiv_id, url=url))
    return records


# The cards are found with a few patterns rather than html.parser, which takes quadratic
# time on some broken markup (a long run of ``</`` took 28 s for 1 MB). Each pattern stops
# at the next ``<`` or ``>``, so the whole page is scanned in linear time.


def _cards(text: str) -> Iterator[str]:
    """The markup inside each ``<article>``, up to its end tag or the next article."""
    start: int | None = None
    for edge in _ARTICLE_EDGE.finditer(text):
        if start is not None:
            yield text[start : edge.start()]
        start = edge.end() if edge.group(1) is None else None
    if start is not None:
        yield text[start:]


def _card_title(card: str) -> str:
    """The text of the card's first heading (tags dropped, entities decoded)."""
    heading = _HEADING_START.search(card)
    if heading is None:
        return ""
    end = _HEADING_END.search(card, heading.end())
    inner = card[heading.end() : end.start() if end else len(card)]
    return clean_title(html.unescape(_ANY_TAG.sub("", inner)))


def _card_link(card: str) -> str:
    """The card's first link to a paper page (``/papers/ID``), or ``""``."""
    for anchor in _ANCHOR.finditer(card):
        attributes = _start_tag_attributes(anchor.group(0), 0)
        href = html.unescape(attributes.get("href", "")) if attributes else ""
        if href and _PAPER_LINK.search(href):
            return href
    return ""
