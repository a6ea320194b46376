"""What the reading-list writers (Markdown, HTML, CSV) share: how papers are grouped under
headings, which link a paper's title points to, how its authors are shortened, and how
imported text is tidied before it is escaped for a format.

Everything here is pure and escapes nothing: each writer escapes for its own syntax.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar
from urllib.parse import quote

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.domain.links import arxiv_url, doi_url, is_safe_link

GROUP_BY = ("none", "tag", "digest")
UNTAGGED = "Untagged"
OTHER = "Other"
MAX_AUTHORS = 3

# Characters a URL may keep as they are; everything else (spaces, quotes, brackets,
# parentheses, backslashes, non-ASCII) is percent-encoded, so a URL can sit inside a
# Markdown link destination or an HTML attribute without ending it early.
_URL_SAFE = "!#$%&*+,-./:;=?@_~"
_CONTROL = str.maketrans(dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
_BLANK_LINES = re.compile(r"\n\s*\n")


class Groupable(Protocol):
    """What grouping reads of a paper (a ``Paper``, or the few facts a streamed export
    keeps of one)."""

    @property
    def tags(self) -> list[str]: ...
    @property
    def digests(self) -> list[int]: ...


P = TypeVar("P", bound=Groupable)
Group = tuple[str | None, list[P]]


def groups(papers: Sequence[P], options: ExportOptions) -> list[Group[P]]:
    """The papers under their headings, in the order a reading list shows them.

    "none" gives one group without a heading. "tag" gives one group per tag,
    alphabetically, a paper appearing under each of its tags, then the untagged papers.
    "digest" gives one group per digest in ``options.digest_names`` order (digests it
    does not name come next, by id), a paper appearing under each of its digests, then
    the papers in no digest. Within a group papers keep their given order; empty groups
    are left out. Raises ValueError for an unknown ``group_by``.
    """
    if options.group_by == "none":
        return [(None, list(papers))] if papers else []
    if options.group_by == "tag":
        return _by_tag(papers)
    if options.group_by == "digest":
        return _by_digest(papers, options.digest_names)
    raise ValueError(f"unknown grouping {options.group_by!r} (expected one of {GROUP_BY})")


def _by_tag(papers: Sequence[P]) -> list[Group[P]]:
    tagged: dict[str, list[P]] = {}
    untagged: list[P] = []
    for paper in papers:
        if not paper.tags:
            untagged.append(paper)
        for tag in dict.fromkeys(paper.tags):
            tagged.setdefault(tag, []).append(paper)
    ordered: list[Group[P]] = [
        (tag, tagged[tag]) for tag in sorted(tagged, key=lambda t: (t.casefold(), t))
    ]
    if untagged:
        ordered.append((UNTAGGED, untagged))
    return ordered


def _by_digest(papers: Sequence[P], names: Mapping[int, str]) -> list[Group[P]]:
    members: dict[int, list[P]] = {}
    loose: list[P] = []
    for paper in papers:
        if not paper.digests:
            loose.append(paper)
        for digest_id in dict.fromkeys(paper.digests):
            members.setdefault(digest_id, []).append(paper)
    order = [d for d in names if d in members]
    order += sorted(d for d in members if d not in names)
    ordered: list[Group[P]] = [(digest_name(d, names), members[d]) for d in order]
    if loose:
        ordered.append((OTHER, loose))
    return ordered


def digest_name(digest_id: int, names: Mapping[int, str]) -> str:
    """A digest's source name, or "Digest <id>" when the caller did not name it."""
    name = one_line(names.get(digest_id, ""))
    return name or f"Digest {digest_id}"


def digest_names(paper: Paper, names: Mapping[int, str]) -> list[str]:
    """The source names of the digests holding a paper, in the paper's order."""
    return [digest_name(d, names) for d in dict.fromkeys(paper.digests)]


def safe_url(url: str | None) -> str | None:
    """A safe link (``links.is_safe_link``) with unsafe characters percent-encoded, or
    None for any other (``javascript:``, ``data:``, ``file:``, credentials ...)."""
    if not is_safe_link(url):
        return None
    return quote((url or "").strip(), safe=_URL_SAFE)


def paper_link(paper: Paper) -> str | None:
    """Where a paper's title links to: its URL, else its arXiv page, else its first
    http(s) link, else its DOI page; None when it has none of these."""
    candidates = [paper.url]
    if paper.arxiv_id:
        candidates.append(arxiv_url(paper.arxiv_id))
    candidates.extend(paper.links)
    if paper.doi:
        candidates.append(doi_url(paper.doi))
    for candidate in candidates:
        link = safe_url(candidate)
        if link:
            return link
    return None


def author_line(paper: Paper, limit: int | None = MAX_AUTHORS) -> str:
    """The first ``limit`` authors (every one when ``None``), comma-separated, with
    "et al." when there are more (or the paper's source itself said "et al.")."""
    authors: list[str] = []
    more = paper.extra.get("more_authors") is True
    for author in paper.authors:
        name = one_line(author)
        if name and len(authors) == limit:
            more = True
            break
        if name:
            authors.append(name)
    line = ", ".join(authors)
    return f"{line} et al." if line and more else line


def clean(text: str) -> str:
    """Text without control characters (tabs and line breaks stay), with Windows and old
    Mac line endings made ``\\n``."""
    if text.isprintable():  # the common case, and much faster than translate()
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL)


def one_line(text: str) -> str:
    """Text on one line: control characters dropped, whitespace runs made one space."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> list[list[str]]:
    """Multi-line text (notes, an abstract) as paragraphs of lines: blank lines separate
    paragraphs, each line is stripped, and empty paragraphs are dropped."""
    result: list[list[str]] = []
    for block in _BLANK_LINES.split(clean(text)):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            result.append(lines)
    return result
