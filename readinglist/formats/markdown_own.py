"""Reading List's own Markdown export, read back: every task item of it is a paper.

The writer (``markdown_writer``) marks the file with :data:`EXPORT_MARK`, an HTML comment
that renders as nothing, under its heading. Each item is then
``- [x] ★ [Title](link) — Ada, Bo et al. · 2024-09-09 · [arXiv](…) · #tag`` followed by indented
``_Notes:_``/``_Abstract:_`` paragraphs (the abstract is read back, its escapes undone,
its hard line breaks and paragraphs kept; notes are the user's and stay out of an import);
a paper without a link has its title as plain text, and a paper known only by an id has the id in
place of its title (read back as no title, so the id does not become one). Digests in the
wild need evidence that an item is a paper (a link, an arXiv id, an author list); our own
list has said so once, at the top, so none of its papers is dropped for lacking a link, and
the author list is read although the date beside it has digits.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_doi
from readinglist.formats.markdown_authors import parse_authors
from readinglist.formats.markdown_inline import LINK, arxiv_from_url, inline_text

EXPORT_MARK = "<!-- Reading List export: each list item is one paper -->"
_MARK_WITHIN = 4_000  # the mark sits under the document's heading

_TASK = re.compile(r"^\[[ xX]\]\s+(?:★\s*)?")
_BLOCK = re.compile(r"\s_(?:Notes|Abstract):_\s")
_ABSTRACT = re.compile(r"\s_Abstract:_\s")  # never in escaped text: its ``_`` are ``\_``
# A backslash before ASCII punctuation escapes it; one before a space ended a hard-broken line.
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\(?=\s|$)")
_DETAILS = " — "
_ID_LABELS = frozenset({"arXiv", "DOI"})
_PUBLISHED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

_Details = tuple[list[str], bool, str | None]
"""An item's authors, whether it said "et al.", and its date."""


def is_own_export(text: str) -> bool:
    """Whether ``text`` is a list this app exported (it carries :data:`EXPORT_MARK`)."""
    return f"\n{EXPORT_MARK}\n" in text[:_MARK_WITHIN]


def exported_item(body: str) -> PaperRecord | None:
    """The paper of one item of our export (its text with markup, notes joined on), or
    ``None`` when the item is not a task item with a title."""
    box = _TASK.match(body)
    if box is None:
        return None
    flat = " ".join(filter(None, body.split("\n")))
    head = _BLOCK.split(flat[box.end() :], maxsplit=1)[0].strip()
    link = LINK.match(head)
    title: str | None
    url: str | None
    if link:
        title, url = inline_text(link.group(1)).strip(), link.group(2)
        details = _details(head[link.end() :].strip().removeprefix("—").strip())
    else:
        title, url, details = _split_plain(head)
    if not title or details is None:
        return None
    authors, more, published = details
    links = [url] if url else []
    links += [m.group(2) for m in LINK.finditer(head) if m.group(1) in _ID_LABELS]
    arxiv_id = next(filter(None, map(arxiv_from_url, links)), None)
    doi = next((normalize_doi(unquote(u)) for u in links if "doi.org/" in u.lower()), None)
    if title.casefold() in {known.casefold() for known in (arxiv_id, doi) if known}:
        title = ""  # a paper known by its id only: the writer shows the id for its title
    record = PaperRecord(
        title=title,
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        url=url if url and not arxiv_from_url(url) else None,
        published=published,
        abstract=_abstract(body),
    )
    if more:
        record.extra["more_authors"] = True
    return record


def _abstract(body: str) -> str:
    """The text of the item's ``_Abstract:_`` paragraphs (the last block the writer puts
    under a paper), unescaped, empty when the item has none. ``body`` has the item's lines
    (a blank line as an empty one): a line ending in a backslash (a hard break) keeps its
    line break, paragraphs are kept apart by a blank line, and other lines (soft breaks,
    as a reader's editor may wrap them) are joined by a space."""
    found = _ABSTRACT.search(body)
    if found is None:
        return ""
    paragraphs: list[str] = []
    text = ""
    for line in body[found.end() :].split("\n"):
        line = line.strip()
        if not line:
            if text:
                paragraphs.append(text)
            text = ""
            continue
        hard = (len(line) - len(line.rstrip("\\"))) % 2 == 1
        line = _UNESCAPE.sub(lambda m: m.group(1) or " ", line[:-1] if hard else line)
        text += " ".join(line.split()) + ("\n" if hard else " ")
    if text:
        paragraphs.append(text)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _split_plain(head: str) -> tuple[str | None, None, _Details]:
    """A plain title and its details: split at the last " — " that is followed by details
    (a title may hold the dash itself), else the whole line is the title."""
    cut = head.rfind(_DETAILS)
    while cut > 0:
        details = _details(head[cut + len(_DETAILS) :].strip())
        if details is not None:
            return inline_text(head[:cut]).strip() or None, None, details
        cut = head.rfind(_DETAILS, 0, cut)
    return inline_text(head).strip() or None, None, ([], False, None)


def _authors(text: str) -> tuple[list[str], bool]:
    """The names of our export's author list and whether it ended in "et al.": names are
    split at a comma and a space only, never at an escaped ``\\,`` (a comma inside
    a name, as the writer escapes it) nor at "and" or "&" (part of an organisation's name)."""
    if "\\," not in text:  # a list written before commas in names were escaped, or none
        return parse_authors(text, trusted=True, whole=True)
    more = text.endswith(" et al.")
    text = text.removesuffix(" et al.")
    names: list[str] = []
    name: list[str] = []
    index = 0
    while index < len(text):
        char, after = text[index], text[index + 1 : index + 2]
        if char == "\\" and after:
            name.append("," if after == "," else char + after)
            index += 2
            continue
        if char == "," and (not after or after.isspace()):
            names.append(inline_text("".join(name)))
            name = []
        else:
            name.append(char)
        index += 1
    names.append(inline_text("".join(name)))
    found = [name for name in names if any(c.isalpha() for c in name)]
    return (found, more) if "://" not in text else ([], False)


def _details(text: str) -> _Details | None:
    """``(authors, more authors, published)`` of ``Ada, Bo et al. · 2024-09-09 · #tag``,
    or ``None`` when ``text`` is not such a line."""
    authors: list[str] = []
    more = False
    published: str | None = None
    for part in filter(None, (p.strip() for p in text.split(" · "))) if text else ():
        if _PUBLISHED.fullmatch(part) and published is None:
            published = part
        elif (link := LINK.fullmatch(part)) and link.group(1) in _ID_LABELS:
            continue  # read by exported_item
        elif part.startswith("#"):
            continue  # the tags: an import never sets tags
        elif not authors:
            authors, more = _authors(part)
            if not authors:
                return None
        else:
            return None
    return authors, more, published
