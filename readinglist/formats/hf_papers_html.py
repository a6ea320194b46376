"""A saved ``huggingface.co/papers`` page (the Daily Papers list, saved as HTML).

The page carries its data as JSON, HTML-escaped in the ``data-props`` attribute of the
element with ``data-target="DailyPapers"``: the same items as the ``api/daily_papers`` JSON,
read by :mod:`readinglist.formats.hf_daily_json`. When those props are missing or cannot be
read, the rendered ``<article>`` cards still give each paper's title and arXiv id.
"""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

from readinglist.core.entities import PaperRecord, ParsedDigest
from readinglist.core.errors import DigestFormatError
from readinglist.core.identity import normalize_arxiv_id
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
_SNIFF_HEAD = 8000
_SNIFF_BODY = 1_000_000
_MAX_MARKERS = 5
# One start tag (name, then attributes with optional quoted or bare values).
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
_ATTRIBUTE = re.compile(r"""\s*([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_CLOSE = re.compile(r"\s*/?>")
_BASIC_ENTITIES = (("&quot;", '"'), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"))
_PAPER_LINK = re.compile(
    r"(?:^|//huggingface\.co)/papers/([^/?#\s]+)/?(?:[?#]\S*)?$", re.IGNORECASE
)


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a saved Hugging Face papers page (0 to 1)."""
    head = text[:_SNIFF_HEAD].lower()
    if "<" not in head:
        return 0.0
    if _MARKER in text[:_SNIFF_BODY]:
        return 0.95
    if "<html" in head and any(marker in head for marker in _PAGE_MARKERS):
        return 0.9
    return 0.0


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

    Only this one tag is tokenized: handing the whole page to :class:`HTMLParser` would
    cost far more than the data it carries is worth.
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
    first = text.find("<article")
    if first < 0:
        return []
    last = text.rfind("</article>")
    end = last + len("</article>") if last > first else len(text)
    parser = _CardParser()
    try:
        parser.feed(text[first:end])
        parser.close()
    except AssertionError:
        # html.parser asserts on some malformed markup (``<![junk``); keep the cards so far.
        parser.finish_card()
    records: list[PaperRecord] = []
    for title_parts, href in parser.cards:
        title = clean_title("".join(title_parts))
        match = _PAPER_LINK.search(href) if href else None
        paper_id = match.group(1) if match else ""
        arxiv_id = normalize_arxiv_id(paper_id) if paper_id else None
        if title or arxiv_id:
            url = f"https://huggingface.co/papers/{paper_id}" if paper_id and not arxiv_id else None
            records.append(PaperRecord(title=title, arxiv_id=arxiv_id, url=url))
    return records


class _CardParser(HTMLParser):
    """Collects, per ``<article>``, its heading text and its first ``/papers/`` link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[tuple[list[str], str]] = []
        self._in_article = False
        self._heading_depth = 0
        self._title: list[str] = []
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.finish_card()
            self._in_article = True
        elif not self._in_article:
            return
        elif tag in ("h1", "h2", "h3", "h4") and not self._title:
            self._heading_depth += 1
        elif tag == "a" and not self._href:
            href = dict(attrs).get("href") or ""
            if _PAPER_LINK.search(href):
                self._href = href

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.finish_card()
        elif tag in ("h1", "h2", "h3", "h4") and self._heading_depth:
            self._heading_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article and self._heading_depth:
            self._title.append(data)

    def close(self) -> None:
        super().close()
        self.finish_card()

    def finish_card(self) -> None:
        """Store the card being read, if it had a title or a link."""
        if self._in_article and (self._title or self._href):
            self.cards.append((self._title, self._href))
        self._in_article = False
        self._heading_depth = 0
        self._title = []
        self._href = ""
