"""RIS export (Zotero, EndNote, Mendeley): one ``TY`` ... ``ER`` record per paper.

The type is ``JOUR`` when the paper names a journal or has a DOI other than an arXiv DOI
(the rule the BibTeX writer uses for ``@article``), ``RPRT`` for an arXiv preprint (Zotero,
EndNote and Mendeley all import it as a report: ``PB``/``DB`` say arXiv, ``AN`` holds
``arXiv:ID``) and ``GEN`` for anything else. Authors are written ``Last, First, Suffix``,
one ``AU`` each (an organisation's name as it is, commas and all: the reader keeps such a
name whole, see ``name_forms``); ``PY`` is the year and ``DA`` the date as ``YYYY/MM/DD/``
(unknown parts left empty). ``UR`` lists the paper's URL, its other http(s) links and its
arXiv page.
Tags are ``KW`` lines; read and starred, which RIS has no tag for, go in the user-defined
``U1  - read`` and ``U2  - starred`` (written only when true).

Every tag's value is one line. Notes keep their line breaks as continuation lines: the first
line follows ``N1  - ``, the next ones stand alone, as Zotero writes multi-line notes.
rispy reads ``N1`` as a list with one item per line (so ``"\\n".join(entry["notes"])`` gives
the notes back; blank lines included), Zotero joins them into one note. A note line that
could pass for a tag (``ER  - ...``) or start a BibTeX entry (``@article{``) begins with a
no-break space, which readers strip as they strip every line's surrounding spaces (so those
are not kept). Abstracts are written the same way, with a blank line between paragraphs;
the reader (``ris``) gives an abstract's continuation lines back as line breaks. Titles and
names are folded onto one line.
Lines end with CRLF, as the RIS specification asks; rispy and Zotero read LF files too.
``;`` and spaces in URLs are percent-encoded, since rispy splits ``UR`` values at ``;``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.domain.identity import arxiv_abs_url
from readinglist.domain.links import is_safe_link
from readinglist.formats.bibtex_writer import (
    is_journal_article,
    journal_of,
    one_line,
    split_name,
    text_block,
)
from readinglist.formats.name_forms import is_organisation, is_suffix
from readinglist.formats.paper_batches import PaperBatches

FORMAT = "ris"
LABEL = "RIS (Zotero, EndNote, Mendeley)"
EXTENSION = ".ris"
EOL = "\r\n"

# A continuation line rispy or Zotero would take for a tag, or a BibTeX entry's start (which
# would make Reading List's own import think the file is BibTeX).
_MISLEADING = re.compile(r"^(?:.. {1,2}-|@)")
_URL_UNSAFE = re.compile(r"[;\s]")


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The RIS file for ``papers``, in their order (``options`` has nothing for it)."""
    return "".join(_record(paper) for paper in papers)


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks: the records of one batch at a time."""
    for batch in papers:
        yield "".join(_record(paper) for paper in batch)


def reference_type(paper: Paper) -> str:
    """``JOUR``, ``RPRT`` (an arXiv preprint) or ``GEN``."""
    if is_journal_article(paper):
        return "JOUR"
    return "RPRT" if paper.arxiv_id else "GEN"


def ris_name(name: str) -> str:
    """``"Ludwig van Beethoven Jr."`` as ``"van Beethoven, Ludwig, Jr."``; a name already
    turned round (``"Smith, Jr., John"``, BibTeX's order) as ``"Smith, John, Jr."``; a
    one-word or organisation name as it is (the reader keeps an organisation's whole)."""
    parts = split_name(name)
    if parts is None:
        return _turned_name(one_line(name))
    family = f"{parts.particle} {parts.family}" if parts.particle else parts.family
    return ", ".join(part for part in (family, parts.given, parts.suffix) if part)


def _turned_name(name: str) -> str:
    """A name that holds commas, in RIS's ``Last, First, Suffix`` order when it is a
    person's ``Last, Suffix, First``; any other name as it is."""
    pieces = [piece.strip() for piece in name.split(",")]
    if len(pieces) == 3 and not is_organisation(name) and is_suffix(pieces[1]):
        return ", ".join((pieces[0], pieces[2], pieces[1]))
    return name


def ris_date(published: str | None) -> str:
    """An ISO date (``2025-09``) as RIS writes it (``2025/09//``); '' without a year."""
    parts = (published or "").split("-")
    if not (len(parts[0]) == 4 and parts[0].isdecimal()):
        return ""
    month = parts[1] if len(parts) > 1 and parts[1].isdecimal() else ""
    day = parts[2] if month and len(parts) > 2 and parts[2].isdecimal() else ""
    return f"{parts[0]}/{month}/{day}/"


def _record(paper: Paper) -> str:
    lines = [f"{tag}  - {value}" for tag, value in _tags(paper)]
    lines.append("ER  - ")
    return EOL.join(lines) + EOL + EOL


def _tags(paper: Paper) -> Iterator[tuple[str, str]]:
    kind = reference_type(paper)
    yield "TY", kind
    title = one_line(paper.title)
    if title:
        yield "TI", title
    for name in paper.authors:
        if name.strip():
            yield "AU", ris_name(name)
    journal = journal_of(paper)
    if journal:
        yield "T2", one_line(journal)
    abstract = _abstract_lines(paper.abstract)
    if abstract:
        yield "AB", abstract
    date = ris_date(paper.published)
    if date:
        yield "DA", date
        yield "PY", date[:4]
    if paper.doi:
        yield "DO", one_line(paper.doi)
    if kind == "RPRT":
        yield "PB", "arXiv"
    for url in _urls(paper):
        yield "UR", url
    if paper.arxiv_id:
        yield "AN", f"arXiv:{paper.arxiv_id}"
        yield "DB", "arXiv"
    notes = _note_lines(paper.notes)
    if notes:
        yield "N1", notes
    for tag in paper.tags:
        if one_line(tag):
            yield "KW", one_line(tag)
    if paper.read:
        yield "U1", "read"
    if paper.starred:
        yield "U2", "starred"


def _note_lines(notes: str) -> str:
    """The notes as the value of ``N1``: the first line, then continuation lines."""
    lines = [line.strip() for line in text_block(notes).split("\n")]
    guarded = ["\xa0" + line if _MISLEADING.match(line) else line for line in lines[1:]]
    return EOL.join(lines[:1] + guarded)


def _abstract_lines(abstract: str) -> str:
    """The abstract as the value of ``AB``: its first line, then its other lines as
    continuation lines, a blank line between paragraphs (white space inside a line made
    one space, misleading starts guarded as in notes)."""
    lines = [" ".join(line.split()) for line in text_block(abstract).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append("\xa0" + line if kept and _MISLEADING.match(line) else line)
    while kept and not kept[-1]:
        kept.pop()
    return EOL.join(kept)


def _urls(paper: Paper) -> list[str]:
    """The paper's URL, its http(s) links and its arXiv page, each once."""
    found = [paper.url or "", *paper.links]
    if paper.arxiv_id:
        found.append(arxiv_abs_url(paper.arxiv_id))
    urls: list[str] = []
    for link in found:
        if not is_safe_link(link):
            continue
        url = _URL_UNSAFE.sub(
            lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), link.strip()
        )
        if url not in urls:
            urls.append(url)
    return urls
