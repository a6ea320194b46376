"""arXiv daily mailings: the plain-text e-mail a subscriber gets each announcement day.

After the mail's own header (``Date:``, ``Subject:``) come entries, each opened by a line
``\\\\`` and ``arXiv:ID``: a ``Date:`` (or ``replaced with revised version ...``) line, then
``Title:``, ``Authors:``, ``Categories:``, ``Comments:`` ... fields whose continuation lines
are indented, then ``\\\\``, the abstract, and ``\\\\ ( https://arxiv.org/abs/ID ,  123kb)``.
Replacements have no abstract. New submissions, cross-lists and replacements are separate
sections (``%-%-%-`` and ``%%--%%--`` lines end the first two); entries say which they are
too (``(*cross-listing*)``, ``replaced with``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import normalize_arxiv_id
from readinglist.formats.arxiv_text import date_text_day, split_authors, submission_month
from readinglist.formats.text_utils import collapse_whitespace, find_links

FORMAT = "arxiv-email"
LABEL = "arXiv daily mailing (e-mail text)"
EXTENSIONS = (".txt", ".eml")

_SEPARATOR = "\\\\"
_ENTRY_START = re.compile(r"arXiv:(\S+)(.*)")
_FIELD = re.compile(r"([A-Za-z][A-Za-z-]*):[ \t]*(.*)")
_LINK_LINE = re.compile(r"\\\\\s*\(\s*(https?://\S+?)\s*,")
_REPLACED = "replaced with revised version"
_TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")
_SNIFF_ID = re.compile(
    r"^arXiv:(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})\b", re.MULTILINE
)
_EXTRA_FIELDS = {
    "comments": "comment",
    "journal-ref": "journal_ref",
    "report-no": "report_no",
    "msc-class": "msc_class",
    "acm-class": "acm_class",
    "license": "license",
}
_NEW, _CROSS, _REPLACE = 0, 1, 2


@dataclass(slots=True)
class _Draft:
    raw_id: str
    flags: str
    section: int
    fields: dict[str, str] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    replaced: bool = False
    url: str | None = None


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is an arXiv daily mailing (0 to 1)."""
    head = text[:30_000]
    if not _SNIFF_ID.search(head):
        return 0.0
    lines = head.split("\n")
    separators = sum(1 for line in lines if line.rstrip() == _SEPARATOR)
    titles = any(line.startswith("Title:") for line in lines)
    authors = any(line.startswith("Authors:") for line in lines)
    if separators >= 2 and titles and authors:
        return 0.9
    if separators and titles:
        return 0.4
    return 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse an arXiv mailing into records, one per new, cross-listed or replaced entry."""
    mail_date, drafts = _drafts(text)
    if not drafts:
        raise DigestFormatError(
            "no arXiv entries found (expected '\\\\' lines each followed by 'arXiv:ID', "
            "then 'Title:' and 'Authors:')"
        )
    return ParsedDigest.of(FORMAT, (_to_record(draft) for draft in drafts), date=mail_date)


def _drafts(text: str) -> tuple[str | None, list[_Draft]]:
    """The mailing's date and its entries, read line by line."""
    mail_date: str | None = None
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    in_abstract = False
    after_separator = False
    last_field = ""
    section = _NEW
    for raw_line in text.split("\n"):
        line = raw_line.rstrip()
        if draft is None:
            if line.startswith("%"):
                section = _section_after(line, section)
            elif line == _SEPARATOR:
                after_separator = True
                continue
            elif after_separator and (start := _ENTRY_START.fullmatch(line)):
                draft = _Draft(raw_id=start.group(1), flags=start.group(2), section=section)
                in_abstract, last_field = False, ""
                drafts.append(draft)
            elif not drafts and mail_date is None and line.startswith("Date:"):
                mail_date = date_text_day(line[5:])
            after_separator = False
        elif line.startswith(_SEPARATOR):
            if in_abstract or line != _SEPARATOR:
                link = _LINK_LINE.match(line)
                draft.url = link.group(1) if link else None
                draft, after_separator = None, line == _SEPARATOR
            else:
                in_abstract = True
        elif in_abstract:
            draft.abstract.append(line)
        elif line[:1] in (" ", "\t") and last_field:
            draft.fields[last_field] += " " + line.strip()
        elif line.startswith(_REPLACED):
            draft.replaced = True
        elif field_match := _FIELD.fullmatch(line):
            last_field = field_match.group(1).lower()
            draft.fields[last_field] = field_match.group(2)
    return mail_date, drafts


def _section_after(line: str, section: int) -> int:
    if line.startswith("%-%-"):
        return max(section, _CROSS)
    if line.startswith("%%--%%"):
        return max(section, _REPLACE)
    return section


def _to_record(draft: _Draft) -> PaperRecord:
    fields = draft.fields
    arxiv_id = normalize_arxiv_id(draft.raw_id)
    if draft.replaced or draft.section == _REPLACE:
        announce = "replace"
    elif "cross-list" in draft.flags.lower() or draft.section == _CROSS:
        announce = "cross"
    else:
        announce = "new"
    if announce == "replace":
        published = submission_month(arxiv_id)
    else:
        published = date_text_day(_TRAILING_PARENTHESES.sub("", fields.get("date", "")))
    abstract = collapse_whitespace(" ".join(draft.abstract))
    extra: dict[str, Any] = {}
    categories = fields.get("categories", "").split()
    if categories:
        extra["categories"] = categories
        extra["primary_category"] = categories[0]
    for name, key in _EXTRA_FIELDS.items():
        value = " ".join(fields.get(name, "").split())
        if value:
            extra[key] = value
    authors = fields.get("authors", "")
    return PaperRecord(
        title=collapse_whitespace(fields.get("title", "")),
        abstract=abstract,
        authors=split_authors([authors]) if authors else [],
        arxiv_id=arxiv_id,
        doi=fields.get("doi", "").strip() or None,
        url=draft.url,
        links=find_links(abstract) if "://" in abstract else [],
        published=published,
        announce_type=announce,
        extra=extra,
    )
