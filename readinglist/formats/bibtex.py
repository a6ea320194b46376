"""BibTeX / BibLaTeX files (Zotero, JabRef, Google Scholar and arXiv exports).

bibtexparser v2 splits the file into blocks and its middlewares resolve ``@string`` macros
and remove delimiters. LaTeX is decoded to Unicode (``R{\\o}nnow`` becomes ``Rønnow``),
math in ``$...$`` kept verbatim, only in the fields a record uses: decoding every field of
a large export is far too slow. ``@comment``, ``@preamble`` and text between entries
(``% Encoding: UTF-8``) are ignored, except JabRef's groups, which become the paper's tags
(``jabref_groups``). URLs are stored as links, not as TeX (``domain.links``).
"""

from __future__ import annotations

import logging
import re
from datetime import date
from functools import cache, lru_cache
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import RemoveEnclosingMiddleware, ResolveStringReferencesMiddleware
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import (  # type: ignore[import-untyped]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.latexwalker import (  # type: ignore[import-untyped]
    get_default_latex_context_db as get_default_latex_walker_context_db,
)

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import arxiv_id_from_doi, normalize_arxiv_id, normalize_doi
from readinglist.domain.links import ARXIV_MENTION, ARXIV_URL, normalize_link
from readinglist.formats.jabref_groups import entry_groups, groups_by_key
from readinglist.formats.text_utils import MONTHS, find_links

FORMAT = "bibtex"
LABEL = "BibTeX / BibLaTeX"
EXTENSIONS = (".bib", ".bibtex")

# bibtexparser logs one warning per unreadable block; we count them as skipped instead,
# and a hostile file must not flood the terminal.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

_ENTRY_TYPES = (
    "article|book|booklet|inbook|incollection|inproceedings|conference|manual|mastersthesis"
    "|misc|phdthesis|proceedings|techreport|unpublished|online|electronic|www|report|thesis"
    "|collection|dataset|software|patent|periodical|suppbook|mvbook|reference|set"
)
_ENTRY_START = re.compile(rf"^[ \t]*@(?:{_ENTRY_TYPES})[ \t]*[{{(]", re.IGNORECASE | re.MULTILINE)
_ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*$", re.IGNORECASE)
_ARXIV_EPRINT = re.compile(
    r"^\s*(?:arxiv:)?(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?\s*$",
    re.IGNORECASE,
)
_MENTION_FIELDS = ("journal", "journaltitle", "number", "howpublished", "note", "eprint")
_URL_FIELDS = ("url", "note", "howpublished", "eprint")
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_LATEX_MARKS = re.compile(r"[\\{}$~%`]|--|''")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_BRACE = re.compile(r"[{}]")
_MATH = re.compile(r"((?<!\\)\$[^$]*(?<!\\)\$)")
_SIMPLE_ESCAPE = re.compile(r"\\([%&$#_])")
_CHUNK_MARK = re.compile(r"\\.|[{}$]|\s+", re.DOTALL)
_MAX_CHUNK = 4000  # longer runs without spaces are not prose: no LaTeX decoding
_MACRO_ALLOWANCE = 1024 * 1024  # characters macros may add beyond twice the file's length
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is BibTeX: entries such as ``@article{`` at line starts."""
    return 0.9 if _ENTRY_START.search(text[:16384]) else 0.0


def read(text: str, today: date) -> ParsedDigest:
    """Parse BibTeX ``text`` into records, one per entry with a title or an id."""
    entries, failed, groups = _split(text)
    if not entries and failed:
        raise DigestFormatError(f"no BibTeX entry could be read ({failed} broken blocks)")
    if not entries:
        raise DigestFormatError("no BibTeX entries found (expected @article{...} and the like)")
    records = (_to_record(entry, key, groups.get(key, [])) for entry, key in entries)
    return ParsedDigest.of(FORMAT, records, skipped=failed)


def _split(text: str) -> tuple[list[tuple[Entry, str]], int, dict[str, list[str]]]:
    """The file's entries (with their citation keys) after macro resolution, how many
    blocks could not be parsed, and the JabRef 2 groups listing each citation key.
    Entries whose key repeats an earlier one are kept."""
    try:
        raw = parse_string(text, parse_stack=[])
        found: list[tuple[Entry, str]] = []
        failed = 0
        for block in raw.blocks:
            if isinstance(block, Entry):
                found.append((block, block.key))
            elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, Entry
            ):
                found.append((block.ignore_error_block, block.ignore_error_block.key))
            elif isinstance(block, ParsingFailedBlock):
                failed += 1
        for index, (entry, _key) in enumerate(found):
            entry.key = str(index)  # unique keys for the middlewares; originals kept aside
        budget = _Budget(2 * len(text) + _MACRO_ALLOWANCE)
        macros = _macros([(m.key.lower(), str(m.value)) for m in raw.strings], budget)
        work = Library(blocks=[*raw.strings, *(entry for entry, _key in found)])
        work = ResolveStringReferencesMiddleware(allow_inplace_modification=True).transform(work)
        work = RemoveEnclosingMiddleware(allow_inplace_modification=True).transform(work)
        for entry, _key in found:
            for field in entry.fields:
                if isinstance(field.value, str) and field.enclosing == "no-enclosing":
                    field.value = _concatenate(field.value, macros, budget)
                else:
                    budget.spend(field.value)
        groups = groups_by_key(str(comment.comment) for comment in raw.comments)
    except DigestFormatError:
        raise
    except RecursionError as exc:
        raise DigestFormatError("the BibTeX is nested too deeply to read") from exc
    except Exception as exc:  # bibtexparser raises bare parser exceptions on broken input
        raise DigestFormatError(f"the BibTeX could not be parsed ({exc})") from exc
    return found, failed, groups


class _Budget:
    """How much text the entries' fields may hold once macros are put in: a file's macros
    may repeat a journal name thousands of times, never turn kilobytes into megabytes."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, value: object) -> None:
        self.left -= len(value) if isinstance(value, str) else 0
        if self.left < 0:
            raise DigestFormatError(
                "the @string macros expand to far more text than the file holds"
                " (a file built to exhaust memory)"
            )


def _macros(strings: list[tuple[str, str]], budget: _Budget) -> dict[str, str]:
    """Each ``@string`` as its text, in file order: ``"a" # b`` joins its pieces and the
    macros defined before it (each value counted against ``budget``)."""
    macros: dict[str, str] = {}
    for name, value in strings:
        macros[name] = _concatenate(value, macros, budget)
    return macros


def _concatenate(value: str, macros: dict[str, str], budget: _Budget) -> str:
    """Resolve ``jan # "~1"`` style values: macros and literals joined by ``#`` (each
    piece counted against ``budget`` before it is joined)."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(f"{value}#"):
        if char in "{}":
            depth = depth + 1 if char == "{" else max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            part = value[start:index].strip()
            if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                parts.append(part[1:-1])
            else:
                parts.append(macros.get(part.lower(), part))
            budget.spend(parts[-1])
            start = index + 1
    return "".join(parts)


def _to_record(entry: Entry, key: str, listed_in: list[str]) -> PaperRecord:
    fields: dict[str, str] = {}
    for field in entry.fields:
        if isinstance(field.value, str):
            fields.setdefault(field.key.lower(), field.value)
    doi = normalize_doi(fields.get("doi"))
    url = normalize_link(fields.get("url", "")) or None
    note_links = [
        link
        for name in ("howpublished", "note")
        if "://" in fields.get(name, "")
        for link in find_links(decode_latex(fields[name]))
    ]
    extra: dict[str, Any] = {"entry_type": entry.entry_type.lower()}
    if key.strip():
        extra["citation_key"] = key.strip()
    keywords = [k for k in _KEYWORD_SPLIT.split(decode_latex(fields.get("keywords", ""))) if k]
    if keywords:
        extra["keywords"] = keywords
    journal = decode_latex(
        fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle", "")
    )
    if journal.strip():
        extra["journal"] = " ".join(journal.split())
    primary_class = (fields.get("primaryclass") or fields.get("eprintclass", "")).strip()
    if primary_class:
        extra["primary_class"] = primary_class
    return PaperRecord(
        title=decode_latex(fields.get("title", "")),
        abstract=decode_latex(fields.get("abstract", "")),
        authors=parse_authors(fields.get("author", "")),
        arxiv_id=_arxiv_id(fields, doi),
        doi=doi,
        url=url,
        links=[link for link in dict.fromkeys(note_links) if link != url],
        published=published_date(fields),
        extra=extra,
        tags=entry_groups(decode_latex(fields.get("groups", "")), listed_in),
    )


def _arxiv_id(fields: dict[str, str], doi: str | None) -> str | None:
    """The arXiv id from ``eprint``, an arXiv DOI, an ``arXiv:`` mention or an arxiv.org URL."""
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix") or fields.get("eprinttype")
    if eprint and (_ARXIV_PREFIX.match(prefix) if prefix else _ARXIV_EPRINT.match(eprint)):
        found = normalize_arxiv_id(eprint)
        if found:
            return found
    found = arxiv_id_from_doi(doi)
    for pattern, names in ((ARXIV_MENTION, _MENTION_FIELDS), (ARXIV_URL, _URL_FIELDS)):
        for name in names:
            if found:
                return found
            match = pattern.search(fields.get(name, ""))
            found = normalize_arxiv_id(match.group(1)) if match else None
    return found


@cache
def _decoder() -> tuple[LatexNodes2Text, Any]:
    """A LaTeX-to-text converter set up as bibtexparser's LatexDecodingMiddleware sets up
    its own, and the parser context it needs (built once: it is costly)."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "readinglist-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            # What our own BibTeX export writes for an unbalanced brace.
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            # pylatexenc gives the modifier letter U+02C6 and a tilde accent for these.
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
        ],
    )
    converter = LatexNodes2Text(
        latex_context=context, keep_braced_groups=False, math_mode="verbatim"
    )
    return converter, get_default_latex_walker_context_db()


def decode_latex(value: str) -> str:
    """``value`` with LaTeX accents, commands and protective braces turned into plain Unicode.

    Math in ``$...$`` stays verbatim; a bare ``%`` is a percent sign, not a comment.
    """
    if not _LATEX_MARKS.search(value):
        return value.strip()
    value = _BARE_PERCENT.sub(r"\\%", value)
    return "".join(
        _decode_chunk(chunk) if _LATEX_MARKS.search(chunk) else chunk for chunk in _chunks(value)
    ).strip()


def _chunks(value: str) -> list[str]:
    """``value`` cut at the spaces outside braces and math, so that only the words that
    hold LaTeX go through pylatexenc (which is slow on long abstracts)."""
    chunks: list[str] = []
    depth, math, start = 0, False, 0
    for match in _CHUNK_MARK.finditer(value):
        mark = match.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth = max(depth - 1, 0)
        elif mark == "$":
            math = not math
        elif mark[0].isspace() and depth == 0 and not math:
            chunks.extend((value[start : match.start()], mark))
            start = match.end()
    chunks.append(value[start:])
    return chunks


@lru_cache(maxsize=4096)
def _decode_chunk(chunk: str) -> str:
    pieces = _MATH.split(chunk)  # odd indexes are math spans, kept verbatim
    if not any(_LATEX_MARKS.search(_SIMPLE_ESCAPE.sub("", p)) for p in pieces[::2]):
        return "".join(p if i % 2 else _SIMPLE_ESCAPE.sub(r"\1", p) for i, p in enumerate(pieces))
    if len(chunk) <= _MAX_CHUNK:
        try:
            converter, walker_context = _decoder()
            return str(converter.latex_to_text(chunk, latex_context=walker_context))
        except Exception:  # RecursionError on deep braces; never let odd markup stop an import
            pass
    return _BRACE.sub("", chunk)


def parse_authors(value: str) -> list[str]:
    """Split a BibTeX name list on ``and`` and write each name as "First von Last Jr"."""
    plain = not _LATEX_MARKS.search(value)  # no braces or commands: a quicker split will do
    names = _AND.split(value.strip()) if plain else split_multiple_persons_names(value)
    authors = []
    for name in names:
        if name.strip().lower() == "others":
            continue
        if plain:
            parts = [part.strip() for part in name.split(",")]  # von Last, Jr, First
            merged = " ".join(p for p in (parts[-1], *parts[:-1]) if p) if len(parts) > 1 else name
        else:
            merged = parse_single_name_into_parts(name, strict=False).merge_first_name_first
        decoded = " ".join(decode_latex(merged).split())
        if decoded:
            authors.append(decoded)
    return authors


def published_date(fields: dict[str, str]) -> str | None:
    """An ISO date from biblatex ``date``, else from ``year`` (+ ``month``, + ``day``)."""
    match = _ISO_DATE.match(fields.get("date", ""))
    if match:
        year, month, day = match.groups()
    else:
        year = fields.get("year", "").strip()
        month = fields.get("month", "").strip()
        day = fields.get("day", "").strip()
        if not (year.isdecimal() and len(year) == 4):
            return None
        month = str(MONTHS.get(month.lower().rstrip("."), "")) if not month.isdecimal() else month
    if not month or not month.isdecimal() or not 1 <= int(month) <= 12:
        return year
    if not day or not day.isdecimal():
        return f"{year}-{int(month):02d}"
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except (ValueError, OverflowError):
        return f"{year}-{int(month):02d}"
