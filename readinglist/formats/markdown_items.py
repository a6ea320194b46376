"""One paper from one list item (or a bold-led paragraph) of a Markdown digest.

An item names a paper when its *lead* — what comes first, after a task box, a date, an
``(N)`` number or a ``(Venue 2024)`` tag — is a title: a bold span, a link, or plain text up
to the first link or label. Then come the authors (an italic span, or names up to the
next link) and links. Only the item's own links give its ids: the title's link, labelled
links (``[pdf]``, ``[[paper]]``, an arXiv badge), bare URLs and ``arXiv:ID``; a link with a
title of its own (``[GSM8K](https://arxiv.org/abs/…)``) belongs to another paper.

An item without an id is a paper only with more evidence: a link to a paper site, an
author list, a ``[pdf]``/``[paper]`` link, or a task box (our own export). A one-word
"title" (``**BabyAGI**``, ``**CPM-2**``) names a repository or model, and a bold sentence
wrapped around a link (a news line) is prose: neither is a paper.
"""

from __future__ import annotations

import re

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_arxiv_id, normalize_doi
from readinglist.domain.links import ARXIV_MENTION
from readinglist.formats.markdown_authors import parse_authors
from readinglist.formats.markdown_inline import (
    BOLD,
    DATE,
    ITALIC,
    LINK,
    arxiv_from_url,
    bare_urls,
    inline_text,
    is_date,
    is_label,
    is_paper_label,
    is_paper_url,
    iso_date,
)

_TASK = re.compile(r"^\[[ xX]\]\s+(?:★\s*)?")
_LEAD_DATE = re.compile(
    r"^(?:\*\*\s*\d{4}[-./]\d{1,2}[-./]\d{1,2}\s*\*\*|\d{4}[-./]\d{1,2}[-./]\d{1,2})"
    r"\s*[,;:|–—-]?\s*"
)
_LEAD_NUMBER = re.compile(r"^(?:\(\d{1,4}\)|\[\d{1,4}\]|\d{1,4}[.)])\s+")
_LEAD_VENUE = re.compile(r"^\(\s*[*_]?([^()\n]{1,60}?)[*_]?\s*\)\s*(?=\S)")
_LABEL_COLON = re.compile(
    r"\b(?:paper|pdf|code|arxiv|project(?:\s+page)?|github|link|url|website|homepage)\s*:",
    re.IGNORECASE,
)
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_SEPARATORS = " \t,;:.|-–—"
_LIST_GLUE = re.compile(r"[\s,;|/·•*_\[\]()]+|\band\b")


def item_record(body: str) -> PaperRecord | None:
    """The paper in one list item's text (markup kept), or ``None``."""
    box = _TASK.match(body)
    rest = body[box.end() :] if box else body
    lead = _lead_end(rest)
    text = rest[lead:]
    title, title_url, end, marked = _lead_title(text)
    if title is None:
        return None
    task = bool(box and title_url)  # our own export: a task box and a linked title
    # Links after the title: labelled ones ([pdf], badges) are the item's own.
    links = [(m.group(1), m.group(2), is_label(m.group(1))) for m in LINK.finditer(text, end)]
    named = [url for _, url, label in links if not label]
    if not title and named:
        return None  # prose that mentions papers by their linked titles
    if title_url and named and _only_links(text):
        return None  # a list of links (benchmarks, datasets), each to its own paper
    own = [url for _, url, label in links if label]
    bare = bare_urls(text)
    own += bare
    if title_url:
        own.insert(0, title_url)
    authors, more = _authors_after(text, end, marked)
    arxiv_id = next((i for i in map(arxiv_from_url, own) if i), None)
    if arxiv_id is None and (match := ARXIV_MENTION.search(text)):
        arxiv_id = normalize_arxiv_id(match.group(1))
    doi = next((normalize_doi(u) for u in own if "doi.org/" in u.lower()), None)
    evidence = bool(arxiv_id or doi or any(map(is_paper_url, own)))
    if title and " " not in title and not task and (not evidence or _described(text, end)):
        return None  # a repository or model name, maybe with a line about it
    if title and not evidence:
        labelled = any(is_paper_label(text) for text, _, label in links if label)
        if not (task or labelled or (marked and authors)):
            return None
    if not title and not evidence:
        return None
    all_links = [url for _, url, _ in links] + bare
    date_match = DATE.search(rest, 0, lead) or DATE.search(LINK.sub(" ", text[end:]))
    record = PaperRecord(
        title=title,
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        url=title_url if title_url and not arxiv_from_url(title_url) else None,
        links=[u for u in dict.fromkeys(all_links) if u != title_url and not arxiv_from_url(u)],
        published=iso_date(date_match) if date_match else None,
    )
    if more:
        record.extra["more_authors"] = True
    return record


def _lead_end(text: str) -> int:
    """Where the lead's title starts: after a date, an ``(N)`` number, a venue tag."""
    position = 0
    for pattern in (_LEAD_DATE, _LEAD_NUMBER, _LEAD_VENUE):
        match = pattern.match(text, position)
        if match and (pattern is not _LEAD_VENUE or any(c.isdigit() for c in match.group(1))):
            position = match.end()
    return position


def _lead_title(text: str) -> tuple[str | None, str | None, int, bool]:
    """``(title, title_url, end, marked)``; title ``None`` when the lead is prose."""
    bold = BOLD.match(text)
    if bold and is_date(bold.group(1)):
        skip = len(text) - len(text[bold.end() :].lstrip(_SEPARATORS))
        bold, text_offset = BOLD.match(text, skip), skip
    else:
        text_offset = 0
    if bold:
        inner = bold.group(1)
        link = LINK.fullmatch(inner.strip())
        if link:
            title, url = inline_text(link.group(1)), link.group(2)
        elif LINK.search(inner):
            return None, None, 0, False  # a bold sentence around a link: news, not a paper
        elif inner.rstrip().endswith((":", "：")):
            return None, None, 0, False  # a field label such as **Summary:**
        else:
            title, url = inline_text(inner), None
            if title.endswith(".") and not title.endswith(".."):
                title = title[:-1].rstrip()
        if is_label(title):
            return None, None, 0, False
        return title, url, bold.end(), True
    link = LINK.match(text, text_offset)
    if link and not is_label(link.group(1)):
        return inline_text(link.group(1)), link.group(2), link.end(), True
    cut = _first_reference(text, text_offset)
    title = inline_text(text[text_offset:cut]).strip(_SEPARATORS + "[(")
    if _open_paren(title):
        title = title[: title.rfind("(")].rstrip(_SEPARATORS)
    return title, None, cut, False


def _first_reference(body: str, start: int) -> int:
    """Where the first link, URL or ``Paper:``-style label after ``start`` begins."""
    positions = [len(body)]
    for pattern in (LINK, _LABEL_COLON, _URL_START):
        match = pattern.search(body, start)
        if match:
            positions.append(match.start())
    return min(positions)


def _only_links(text: str) -> bool:
    """Whether the item is nothing but links and the separators between them."""
    return not _LIST_GLUE.sub("", LINK.sub("", text))


def _described(text: str, end: int) -> bool:
    """Whether words follow the title before its links (``**CPM-1**. Chinese PLM``)."""
    return len(inline_text(text[end : _first_reference(text, end)]).split()) >= 2


def _open_paren(text: str) -> bool:
    return text.count("(") > text.count(")")


def _authors_after(text: str, end: int, marked: bool) -> tuple[list[str], bool]:
    """An italic author span right after the title, else names up to the next link."""
    if not marked:
        return [], False
    after = text[end:]
    stripped = after.lstrip(_SEPARATORS)
    italic = ITALIC.match(stripped)
    if italic and not LINK.search(italic.group(2)):
        return parse_authors(italic.group(2), trusted=True)
    if after.lstrip().startswith((":", "：")):
        return [], False  # "**Term**: a description", not a title and its authors
    cut = _first_reference(after, 0)
    return parse_authors(after[:cut])
