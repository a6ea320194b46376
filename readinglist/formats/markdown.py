"""Markdown paper digests: papers in headings, list items, table rows or bold-led paragraphs.

The shapes real digests use, each read by its own module:

- one paper per heading — ``### [Title](https://arxiv.org/abs/ID)``, ``## 2505.02835``,
  ``## 1. Title`` with its fields under it (``markdown_headings``);
- one per list item — ``- 2022-11-30, **Title**, Author et.al., Paper: [url](url)``,
  ``1. **Title**. *A. Author, B. Author*. Venue 2024. [[pdf](…)]``,
  ``- (*Venue'24*) Title [[paper](…)]`` (``markdown_items``);
- one per table row, the title cell possibly holding a number and a summary
  (``markdown_tables``);
- as a last resort, plain bullets that all look like titles (``markdown_fallback``).

The heading above an item becomes ``extra["section"]``. Every item is one record, even when
a paper is listed in two sections (the library merges them). Fenced code is never read.
"""

from __future__ import annotations

import re
from datetime import date

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.markdown_fallback import title_from_bullet
from readinglist.formats.markdown_headings import paper_from_heading
from readinglist.formats.markdown_inline import (
    ANCHOR_LINK,
    BOLD,
    DATE,
    clean_images,
    inline_text,
    iso_date,
)
from readinglist.formats.markdown_items import item_record
from readinglist.formats.markdown_own import exported_item, is_own_export
from readinglist.formats.markdown_tables import (
    cells,
    header_columns,
    is_rule,
    join_wrapped,
    row_record,
)

FORMAT = "markdown"
LABEL = "Markdown paper list"
EXTENSIONS = (".md", ".markdown")

_MAX_LINE = 20_000
_SNIFF_CHARS = 64_000
_SNIFF_ITEMS = 40  # items read in full while sniffing (enough to find two papers)
_DATE_LINES = 30  # a digest's own date sits in its title, above the papers
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,4}[.)])\s+(\S.*)$")
_UPDATED = re.compile(r"updated\s+on\s+(\d{4})[-./](\d{1,2})[-./](\d{1,2})", re.IGNORECASE)
_NO_PAPERS = (
    "no papers found (no heading, list item or table row gives a bold or linked title, "
    "an arXiv link or authors)"
)


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a Markdown paper list (0 to 1)."""
    if is_own_export(text):
        return 0.9
    lines = text[:_SNIFF_CHARS].split("\n")
    papers = headings = items = tried = 0
    for line in lines[:3000]:
        stripped = line.strip()
        if len(line) > _MAX_LINE:
            continue
        if heading := _HEADING.match(line):
            headings += 1
            title = heading.group(2) or ""
            papers += "arxiv.org/abs/" in title or "huggingface.co/papers/" in title
        elif stripped.startswith("|") or _BULLET.match(line):
            items += 1
            if tried >= _SNIFF_ITEMS or not (BOLD.search(stripped) or "arxiv" in stripped.lower()):
                continue
            tried += 1
            if stripped.startswith("|"):
                found = row_record(cells(stripped), None)
            else:
                found = item_record(clean_images(_BULLET.sub(r"\2", line)))
            papers += found is not None
        if papers >= 2:
            break
    if papers >= 2:
        return 0.85
    if papers == 1:
        return 0.6
    if headings and (items or filename.lower().endswith(EXTENSIONS)):
        return 0.3
    return 0.15 if headings else 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse a Markdown digest into one record per paper heading, item or table row."""
    lines = text.replace("\x00", "").split("\n")
    hidden = _hidden_lines(lines)
    own_export = is_own_export(text)
    records: list[PaperRecord] = []
    plain: list[PaperRecord] = []  # plain bullets, used only when no item names a paper
    refused_plain = False
    section: str | None = None
    columns: dict[str, int] | None = None
    index = 0
    while index < len(lines):
        raw, index = lines[index], index + 1
        if hidden[index - 1]:
            columns = None
            continue
        stripped = raw.strip()
        heading = _HEADING.match(raw)
        if not stripped.startswith("|") or heading:
            columns = None
        if heading:
            level, heading_text = len(heading.group(1)), heading.group(2) or ""
            end = _section_end(lines, hidden, index, level)
            paper = paper_from_heading(heading_text, lines[index:end], hidden[index:end])
            if paper is None:
                section = _heading_text(heading_text) or None
                continue
            records.append(_with_section(paper, section))
            index = end
            continue
        record: PaperRecord | None
        if stripped.startswith("|"):
            following = lines[index] if index < len(lines) else ""
            if is_rule(stripped):
                continue
            if len(following) < _MAX_LINE and is_rule(following.strip()):
                columns = header_columns(cells(stripped))
                continue
            if columns:
                stripped, used = join_wrapped(stripped, lines[index : index + 20], columns["width"])
                index += used
            record = row_record(cells(stripped), columns)
        elif bullet := _BULLET.match(raw):
            body, index = _item_body(lines, hidden, index, bullet, keep_breaks=own_export)
            record = exported_item(body) if own_export else None
            if own_export:
                body = " ".join(filter(None, body.split("\n")))
            record = record or item_record(clean_images(body))
            if record is None and not refused_plain and "](#" not in body:
                title = title_from_bullet(body)
                refused_plain = title is None
                if title:
                    plain.append(_with_section(PaperRecord(title=title), section))
        elif stripped.startswith("**"):
            body, index = _paragraph(lines, hidden, index, stripped)
            record = item_record(clean_images(body))
        else:
            continue
        if record is not None:
            records.append(_with_section(record, section))
    if not records and (refused_plain or not plain):
        raise DigestFormatError(_NO_PAPERS)
    return ParsedDigest(format=FORMAT, records=records or plain, date=_digest_date(text))


def _hidden_lines(lines: list[str]) -> list[bool]:
    """Lines never read: fenced code (fences included) and lines too long to be markup."""
    hidden: list[bool] = []
    fence: str | None = None
    for line in lines:
        stripped = line.lstrip()
        marker = stripped[:3] if stripped.startswith(("```", "~~~")) else None
        if fence is None and marker:
            fence = marker
            hidden.append(True)
        elif fence is not None:
            hidden.append(True)
            if marker == fence and not stripped[3:].strip(fence[0]).strip():
                fence = None
        else:
            hidden.append(len(line) > _MAX_LINE)
    return hidden


def _section_end(lines: list[str], hidden: list[bool], start: int, level: int) -> int:
    """The index of the next visible heading of ``level`` or higher (or the end)."""
    for position in range(start, len(lines)):
        match = None if hidden[position] else _HEADING.match(lines[position])
        if match and len(match.group(1)) <= level:
            return position
    return len(lines)


def _item_body(
    lines: list[str],
    hidden: list[bool],
    index: int,
    bullet: re.Match[str],
    *,
    keep_breaks: bool = False,
) -> tuple[str, int]:
    """A list item's text with its continuation lines: indented ones (also after a blank
    line) and unindented lazy ones that do not start another block. Joined by spaces, or
    with ``keep_breaks`` one line each, a blank line as an empty one (our own export's
    paragraphs)."""
    parts, indent = [bullet.group(2)], len(bullet.group(1))
    while index < len(lines) and not hidden[index] and len(lines[index]) <= _MAX_LINE:
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            after = index + 1
            if after < len(lines) and not hidden[after] and _indented(lines[after], indent):
                index = after
                if keep_breaks:
                    parts.append("")
                continue
            break
        if _indented(line, indent) and not _HEADING.match(line):
            parts.append(stripped)
            index += 1
        elif not (_starts_block(line) or _BULLET.match(line)):
            parts.append(stripped)  # a lazy continuation line
            index += 1
        else:
            break
    # joined once: adding line by line was quadratic
    return ("\n" if keep_breaks else " ").join(parts), index


def _indented(line: str, indent: int) -> bool:
    return bool(line.strip()) and len(line) - len(line.lstrip()) > indent


def _starts_block(line: str) -> bool:
    stripped = line.lstrip()
    return bool(_HEADING.match(line)) or stripped.startswith(("|", ">", "<", "---", "***"))


def _paragraph(lines: list[str], hidden: list[bool], index: int, first: str) -> tuple[str, int]:
    """A paragraph starting with a bold span, joined into one line."""
    parts = [first]
    while index < len(lines) and not hidden[index] and lines[index].strip():
        line = lines[index]
        if _starts_block(line) or _BULLET.match(line):
            break
        parts.append(line.strip())
        index += 1
    return " ".join(parts), index


def _heading_text(text: str) -> str:
    """A heading's text without its optional closing ``#`` sequence or anchor links."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare
    return inline_text(ANCHOR_LINK.sub(" ", clean_images(text)))


def _with_section(record: PaperRecord, section: str | None) -> PaperRecord:
    if section:
        record.extra["section"] = section
    return record


def _digest_date(text: str) -> str | None:
    """``updated on DATE`` near the top, else a full date in one of the first headings
    (``# [arXiv Digest] 2025-07-08``, ``## Papers for 2025-10-30``)."""
    match = _UPDATED.search(text[:4000])
    if match:
        return iso_date(match)
    for line in text[:4000].split("\n")[:_DATE_LINES]:
        if _HEADING.match(line) and (match := DATE.search(line)):
            return iso_date(match)
    return None
