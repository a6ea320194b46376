"""A reading list as Markdown (CommonMark / GitHub task lists).

The document is ``# title`` and :data:`~readinglist.formats.markdown_own.EXPORT_MARK` (an
HTML comment that renders as nothing and tells our reader that every item is a paper),
then one ``## heading`` per group (tag or digest, see
``listing.groups``) and one task-list item per paper::

    - [x] ★ [Title](https://example.org/t) — Ada, Bo et al. · 2024-09-09 · [arXiv](…) · #to-read

        _Notes:_ first line\\
        second line

        _Abstract:_ ...

Every author is written (``et al.`` only when the paper's source itself ended so), so a
list read back keeps them all; a very long line is broken after a comma. Authors are
separated by ", "; a comma inside a name ("The ATLAS Collaboration, CERN", "Smith, Jr.,
John") is backslash-escaped (``\\,``, which renders as a plain comma), and that is the rule
our reader (``markdown_own``) splits by: only at an unescaped comma.
``[x]`` marks a read paper, ``★`` a starred one. Tags become ``#tags`` (spaces made
``-``). Notes and abstracts are paragraphs indented four spaces, so they stay inside the
list item; their line breaks are kept as hard breaks (a trailing backslash).

Every string from a digest or the user is escaped as plain text: characters that would
start a link, emphasis, code, raw HTML or an entity are backslash-escaped, and so is
whatever would start a block (heading, quote, list, rule) at the beginning of a line.
Imported text can therefore never add links, images or HTML to the rendered page. Only
http(s) URLs become link destinations, percent-encoded so they cannot end the link early.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.domain.links import arxiv_url, doi_url
from readinglist.formats.listing import (
    groups,
    one_line,
    paper_link,
    paragraphs,
    safe_url,
)
from readinglist.formats.markdown_own import EXPORT_MARK
from readinglist.formats.paper_batches import Lines, PaperBatches, grouped

FORMAT = "md"
LABEL = "Markdown reading list"
EXTENSION = ".md"

INDENT = "    "
# Backslash-escaped everywhere: what starts a link, emphasis, code span or raw HTML (a
# ``str.translate`` table: regular expressions are several times slower on abstracts).
_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<>"})
_HEADING_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#"})
_SPECIAL = re.compile(r"[\\`*_\[\]<>#&]")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block at the beginning of a line: heading, quote, list bullet, thematic
# break or setext underline, table row; and the ``.``/``)`` of an ordered list marker.
_LINE_START = re.compile(r"^([#>+\-=|~])|^(\d{1,9})([.)])")
_TAG_SPACES = re.compile(r"\s+")
# An item's line longer than this (a collaboration's hundreds of authors) is broken after a
# comma: a soft line break renders as a space, and readers skip lines of 20,000 characters.
_WRAP = 1_000


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The Markdown reading list of ``papers``, grouped as ``options.group_by`` says."""
    out = [f"# {escape_heading(options.title) or 'Reading list'}", "", EXPORT_MARK, ""]
    # A paper under several tags or digests is rendered once.
    rendered: dict[int, list[str]] = {}
    for heading, members in groups(papers, options):
        if heading is not None:
            out += [f"## {escape_heading(heading)}", ""]
        for paper in members:
            lines = rendered.get(id(paper))
            if lines is None:
                lines = rendered[id(paper)] = _item(paper, options.include_abstracts)
            out += lines
        if out[-1] != "":
            out.append("")
    while out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks, reading the papers a batch at a time
    (grouping by tag or digest takes a first pass over them)."""
    sections = grouped(papers, options)
    lines = Lines()
    lines.extend([f"# {escape_heading(options.title) or 'Reading list'}", "", EXPORT_MARK, ""])
    for heading, members in sections:
        if heading is not None:
            lines.extend([f"## {escape_heading(heading)}", ""])
        for batch in members:
            for paper in batch:
                lines.extend(_item(paper, options.include_abstracts))
            yield lines.take()
        if lines.last != "":
            lines.add("")
    yield lines.take()


def escape_inline(text: str) -> str:
    """One line of plain text, safe anywhere inside a Markdown paragraph or link text."""
    return _escape(one_line(text), _INLINE)


def escape_heading(text: str) -> str:
    """Plain text for an ATX heading (``#`` escaped too, so none can close it)."""
    return _escape(one_line(text), _HEADING_INLINE)


def escape_line(line: str) -> str:
    """A line of plain text that starts no block when it begins a Markdown line."""
    escaped = _escape(line, _INLINE)
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(1):
        return "\\" + escaped
    digits = start.group(2)
    return f"{digits}\\{escaped[len(digits) :]}"


def _escape(text: str, table: dict[int, str]) -> str:
    if not _SPECIAL.search(text):
        return text
    escaped = text.translate(table)
    return _ENTITY.sub(r"\\&", escaped) if "&" in escaped else escaped


def tag_text(tag: str) -> str:
    """A tag as ``#tag``: spaces made ``-``, Markdown characters escaped."""
    return "#" + _escape(_TAG_SPACES.sub("-", one_line(tag)), _INLINE)


def _item(paper: Paper, include_abstract: bool) -> list[str]:
    """A paper's list item: its line, then its notes and abstract (and a blank line)."""
    head = "- [x] " if paper.read else "- [ ] "
    if paper.starred:
        head += "★ "
    title = escape_inline(paper.title or paper.arxiv_id or paper.doi or "") or "(untitled)"
    link = paper_link(paper)
    head += f"[{title}]({link})" if link else title
    details = []
    authors = _author_text(paper)
    if authors:
        details.append(authors)
    if paper.published:
        details.append(escape_inline(paper.published))
    details += _identifier_links(paper, link)
    tags = " ".join(tag_text(tag) for tag in dict.fromkeys(map(one_line, paper.tags)) if tag)
    if tags:
        details.append(tags)
    if details:
        head += " — " + " · ".join(details)
    out = _wrapped(head)
    blocks = _block(out, "Notes", paper.notes)
    if include_abstract:
        blocks += _block(out, "Abstract", paper.abstract)
    if blocks:
        out.append("")
    return out


def _author_text(paper: Paper) -> str:
    """Every author (a list read back keeps them all), escaped, separated by ", ", with a
    comma inside a name escaped as ``\\,`` (rendered as a comma) so that the reader tells
    "The ATLAS Collaboration, CERN" from two authors; "et al." when the source said so."""
    more = paper.extra.get("more_authors") is True
    names = [name for name in map(one_line, paper.authors) if name]
    text = ", ".join(escape_inline(name).replace(",", "\\,") for name in names)
    return f"{text} et al." if text and more else text


def _wrapped(line: str) -> list[str]:
    """``line``, or when longer than :data:`_WRAP` its pieces broken after a ", " that a
    letter follows (a continuation line starting with a letter starts no block), the
    later ones indented under the item."""
    if len(line) <= _WRAP:
        return [line]
    pieces: list[str] = []
    start = 0
    while len(line) - start > _WRAP:
        cut = line.rfind(", ", start, start + _WRAP)
        while cut > start and not _breakable(line, cut):
            cut = line.rfind(", ", start, cut)
        if cut <= start:
            cut = line.find(", ", start + _WRAP)
            while cut != -1 and not _breakable(line, cut):
                cut = line.find(", ", cut + 2)
            if cut == -1:
                break
        pieces.append(line[start : cut + 1])
        start = cut + 2
    pieces.append(line[start:])
    return [pieces[0], *(INDENT + piece for piece in pieces[1:])]


def _breakable(line: str, comma: int) -> bool:
    """Whether the line may break after the ", " at ``comma``: a letter follows, and the
    comma is not escaped (an odd run of backslashes before it: a comma inside a name)."""
    backslashes = comma - len(line[:comma].rstrip("\\"))
    return line[comma + 2 : comma + 3].isalpha() and backslashes % 2 == 0


def _identifier_links(paper: Paper, title_link: str | None) -> list[str]:
    """``[arXiv](…)`` and ``[DOI](…)`` links for the ids the title's link does not carry,
    so a list read back (or by a colleague) keeps each paper's identity."""
    found = []
    for label, link in (
        ("arXiv", safe_url(arxiv_url(paper.arxiv_id)) if paper.arxiv_id else None),
        ("DOI", safe_url(doi_url(paper.doi)) if paper.doi else None),
    ):
        if link and link != title_link:
            found.append(f"[{label}]({link})")
    return found


def _block(out: list[str], label: str, text: str) -> int:
    """Labelled paragraphs indented under the current list item; returns how many."""
    found = paragraphs(text)
    for number, lines in enumerate(found):
        out.append("")
        escaped = [escape_line(line) for line in lines]
        if number == 0:
            escaped[0] = f"_{label}:_ {escaped[0]}"
        last = len(escaped) - 1
        out.extend(
            INDENT + line + ("\\" if index < last else "") for index, line in enumerate(escaped)
        )
    return len(found)
