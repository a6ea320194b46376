"""Papers written one per heading: ``### [Title](https://arxiv.org/abs/ID)``, ``## 2505.02835``,
``## 1. Title`` followed by an authors line, links and a summary.

A heading is a paper when it links to a paper, when it is a bare arXiv id, or when it is
numbered (``1.``, ``[1]``, ``(1)``) and the text under it (up to the next heading of the
same or a higher level) holds exactly one paper id — unless a list item under it names a
paper itself: then the heading is that list's section. The lines under it are the paper's
fields — ``**Authors:**``, ``**URL:**``, ``Abstract:``, an italic ``*A,B,C*`` line, a
``**Original title:**`` that beats a translated heading — never papers of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_arxiv_id, normalize_doi
from readinglist.domain.links import arxiv_ids_mentioned
from readinglist.formats.markdown_authors import parse_authors
from readinglist.formats.markdown_inline import (
    ANCHOR_LINK,
    ITALIC,
    LINK,
    arxiv_from_url,
    bare_urls,
    clean_images,
    inline_text,
    is_label,
    is_paper_url,
)
from readinglist.formats.markdown_items import item_record

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+(\S.*)$")
_NUMBER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])\s+")
_BARE_ID = re.compile(r"^(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?)$", re.IGNORECASE)
_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([^*_:：\n]{1,40}?)\s*"
    r"(?:[:：]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:：]|[:：])\s*(.*)$"
)
_TITLE_FIELDS = ("original title", "english title", "paper title", "title", "原文标题",
                 "英文标题", "论文标题", "标题", "논문 제목", "제목", "원제")  # fmt: skip
_AUTHOR_FIELDS = ("authors", "author", "作者", "저자")
_ABSTRACT_FIELDS = ("abstract", "摘要", "요약 (영문)", "tl;dr")


def paper_from_heading(
    heading: str, body: Sequence[str], fenced: Sequence[bool]
) -> PaperRecord | None:
    """The paper a heading and the lines under it name, or ``None`` for a section heading."""
    heading = clean_images(heading)
    title, title_url = "", None
    for link in LINK.finditer(heading):
        if is_paper_url(link.group(2)) and not is_label(link.group(1)):
            title, title_url = inline_text(link.group(1)), link.group(2)
            break
    plain = inline_text(ANCHOR_LINK.sub(" ", heading))
    bare_id = _BARE_ID.match(plain)
    numbered = _NUMBER.match(plain)
    if not (title_url or bare_id or numbered):
        return None
    lines = [line for line, hidden in zip(body, fenced, strict=True) if not hidden]
    if _lists_a_paper(lines):
        return None  # a section over papers listed as items ("Papers citing [BERT](…)")
    fields = _fields(lines)
    urls = [m.group(2) for line in lines for m in LINK.finditer(line)]
    urls += [u for line in lines for u in bare_urls(line)]
    ids = {i for i in map(arxiv_from_url, urls) if i}
    mentioned = [i for line in lines for i in arxiv_ids_mentioned(line)]
    ids |= {i for i in map(normalize_arxiv_id, mentioned) if i}
    if title_url:
        arxiv_id = arxiv_from_url(title_url)
    elif bare_id:
        arxiv_id = normalize_arxiv_id(bare_id.group(1))
    elif len(ids) == 1:
        arxiv_id = next(iter(ids))
        title = plain[numbered.end() :] if numbered else plain
    else:
        return None  # a numbered section with several papers (or none) under it
    title = inline_text(fields.get("title", "")) or title
    authors, more = parse_authors(fields.get("authors", ""), trusted=True)
    if not authors:
        authors, more = _italic_authors(lines)
    doi = next((normalize_doi(u) for u in urls if "doi.org/" in u.lower()), None)
    record = PaperRecord(
        title=title,
        abstract=inline_text(fields.get("abstract", "")),
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        url=title_url if title_url and not arxiv_from_url(title_url) else None,
        links=[u for u in dict.fromkeys(urls) if not arxiv_from_url(u) and u != title_url],
    )
    if more:
        record.extra["more_authors"] = True
    return record


def _lists_a_paper(lines: Sequence[str]) -> bool:
    """Whether a list item under the heading names a paper itself (then it is a section)."""
    for line in lines:
        item = _LIST_ITEM.match(line)
        if item and item_record(clean_images(item.group(1))) is not None:
            return True
    return False


def _fields(lines: Sequence[str]) -> dict[str, str]:
    """``Label: value`` fields, a value running on over the following plain lines."""
    found: dict[str, tuple[int, str]] = {}
    current: tuple[str, int] | None = None
    values: dict[str, list[str]] = {}
    for line in lines:
        match = _FIELD.match(line)
        kind = _field_kind(match.group(1)) if match else None
        if kind and match:
            rank = _rank(kind, match.group(1))
            if kind not in found or rank < found[kind][0]:
                found[kind] = (rank, match.group(1))
                values[kind] = [match.group(2)]
                current = (kind, rank)
            else:
                current = None
        elif match or not line.strip() and current and "".join(values[current[0]]).strip():
            current = None
        elif current and line.strip() and not line.lstrip().startswith(("<", "#", "|", "---")):
            values[current[0]].append(line)
    return {kind: " ".join(parts) for kind, parts in values.items()}


def _field_kind(label: str) -> str | None:
    name = label.strip().casefold()
    for kind, names in (
        ("title", _TITLE_FIELDS),
        ("authors", _AUTHOR_FIELDS),
        ("abstract", _ABSTRACT_FIELDS),
    ):
        if name in names:
            return kind
    return None


def _rank(kind: str, label: str) -> int:
    names = {"title": _TITLE_FIELDS, "authors": _AUTHOR_FIELDS, "abstract": _ABSTRACT_FIELDS}
    return names[kind].index(label.strip().casefold())


def _italic_authors(lines: Sequence[str]) -> tuple[list[str], bool]:
    """Authors as the first line under the heading, a whole-line italic span."""
    for line in lines:
        if line.strip():
            match = ITALIC.fullmatch(line.strip())
            return parse_authors(match.group(2), trusted=True) if match else ([], False)
    return [], False
