"""BibTeX export: one ``@article`` or ``@misc`` entry per paper, with the user's annotations.

An entry is ``@article`` when the paper names a journal (``extra["journal"]``) or has a DOI
that is not an arXiv DOI, else ``@misc``; arXiv papers carry ``eprint``, ``archivePrefix``
and ``primaryClass`` (biblatex and the arXiv's own BibTeX do the same). Tags become
``keywords``, notes ``annote``; read and starred use JabRef's ``readstatus = {read}`` and
``relevance = {relevant}``, which BibTeX styles ignore. The abstract is always written.

Citation keys are ``lastnameYYYYword`` (see ``citation_keys``). Text is escaped so that
BibTeX, biber and bibtexparser all read it back: ``% & # _ $`` get a backslash, ``\\ ~ ^``
become ``\\textbackslash{}`` and friends, and a line starting with ``@`` (which would open
a new entry) becomes ``{@}``, and TeX's ligatures are broken up (``-{}-``: the text says two
hyphens, not an en dash). In an author's name balanced braces are kept (they group its
words); in the title and journal a brace is text (``Set {x | x > 0}``: the library keeps no
protecting braces, a reader strips them), so balanced ones become ``\\{`` ``\\}``;
unbalanced ones become ``\\textbraceleft{}`` / ``\\textbraceright{}`` everywhere: BibTeX
counts ``\\{`` as a brace, so it cannot escape an unbalanced one. In the title and
journal, TeX math (``$\\mathrm{NL}$``, as arXiv titles carry it) is written as it is, as
the reader keeps math: escaped, its braces would read back as markup and vanish
(``$\\mathrmNL$``). In the abstract,
notes and keywords braces are text: balanced ones become ``\\{`` ``\\}``. ``url`` (http(s)
only) and ``doi`` are verbatim; the few characters that would break the field (braces,
backslash, spaces) are percent-encoded. Control characters are dropped; non-ASCII stays UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.domain.identity import arxiv_abs_url, arxiv_id_from_doi
from readinglist.domain.links import is_safe_link
from readinglist.formats.name_forms import ORGANISATION_WORDS, SUFFIXES
from readinglist.formats.paper_batches import PaperBatches

FORMAT = "bibtex"
LABEL = "BibTeX"
EXTENSION = ".bib"

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CLASS_KEYS = ("primary_class", "primary_category", "primaryClass")
# Backslash first: the other replacements bring backslashes of their own.
_REPLACEMENTS = (("\\", r"\textbackslash{}"), *((char, "\\" + char) for char in "%&#_$"))
_REPLACEMENTS += (("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPABLE = re.compile(r"[\\%&#_$~^{}@\x00-\x08\x0b-\x1f\x7f]|--|''|[`!?]`")
# TeX ligatures (``--`` an en dash, ``''`` a quote, ``?` `` an ¿): an empty group between the
# two characters keeps them the characters they are.
_LIGATURE = re.compile(r"-(?=-)|'(?=')|[`!?](?=`)")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")  # control characters, not line breaks
_LONELY = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_ESCAPED = {"{": r"\{", "}": r"\}"}
_KEPT = {"{": "{", "}": "}"}
_STAND_INS = {("{", True): "\x01", ("}", True): "\x02", ("{", False): "\x03", ("}", False): "\x04"}
_BRACE = re.compile(r"[{}]")
_LINE_START_AT = re.compile(r"(\n\s*)@")
# A math span as the reader finds one, and what keeps a span from being written as it is:
# a line break, control characters, or TeX's special ``% & #``.
_MATH = re.compile(r"((?<!\\)\$[^$]*(?<!\\)\$)")
_NOT_VERBATIM_MATH = re.compile(r"[\x00-\x1f\x7f%&#]")
_VERBATIM_UNSAFE = re.compile(r"[{}\\\s]")
_SUFFIXES = SUFFIXES
# Names kept whole: organisations, and names BibTeX would misread (a comma, "and").
_LITERAL_WORDS = ORGANISATION_WORDS | {"and"}
_LITERAL_CHARS = re.compile(r"[&\d,]")
# Words that never start a citation key (articles, prepositions, conjunctions).
_SKIP_TEXT = (
    "a an the on of in for to and or with without at by from via into onto over under towards"
    " toward about beyond through is are do does how what why when where which can we our your"
    " its not no"
)
_SKIP_WORDS = frozenset(_SKIP_TEXT.split())
_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})
_LETTERS.update(str.maketrans({"þ": "th", "ð": "d", "ı": "i"}))
_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


class NameParts(NamedTuple):
    """A person's name as BibTeX and CSL split it."""

    given: str
    particle: str
    family: str
    suffix: str


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The BibTeX file for ``papers``, in their order (``options`` has nothing for it)."""
    keys = citation_keys(papers)
    entries = [_entry(paper, keys[paper.id]) for paper in papers]
    return "% Encoding: UTF-8\n\n" + "\n".join(entries)


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks, reading the papers a batch at a time (after
    a first pass for the citation keys, which depend on every paper)."""
    keys = citation_keys(papers.light().papers())
    yield "% Encoding: UTF-8\n\n"
    separator = ""
    for batch in papers:
        entries = [_entry(paper, keys.get(paper.id) or base_key(paper)) for paper in batch]
        if entries:
            yield separator + "\n".join(entries)
            separator = "\n"


def is_journal_article(paper: Paper) -> bool:
    """True when the paper names a journal or has a DOI other than an arXiv DOI."""
    return bool(journal_of(paper)) or bool(paper.doi and not arxiv_id_from_doi(paper.doi))


def web_url(paper: Paper) -> str:
    """The paper's http(s) URL, else its arXiv page, else ''."""
    if is_safe_link(paper.url):
        return (paper.url or "").strip()
    return arxiv_abs_url(paper.arxiv_id) if paper.arxiv_id else ""


def journal_of(paper: Paper) -> str:
    """The journal the paper appeared in, from ``extra["journal"]`` ('' when unknown)."""
    journal = paper.extra.get("journal")
    return one_line(journal) if isinstance(journal, str) else ""


@lru_cache(maxsize=65536)  # authors come back paper after paper
def split_name(name: str) -> NameParts | None:
    """``"Ludwig van Beethoven Jr."`` as its parts; ``None`` for a name to keep literal
    (one word, or one that looks like an organisation or holds a comma or "and")."""
    words = name.split()
    if len(words) < 2 or _LITERAL_CHARS.search(name):
        return None
    if not _LITERAL_WORDS.isdisjoint(name.lower().replace(".", " ").split()):
        return None
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else ""
    family = words.pop()
    start = len(words)
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return NameParts(" ".join(words[:start]), " ".join(words[start:]), family, suffix)


def citation_keys(papers: Iterable[Paper]) -> dict[int, str]:
    """Unique keys by paper id: ``base_key``, and when papers share one, the lowest id keeps
    it and the others (by id) get ``a``, ``b``, ... ``z``, ``aa`` (skipping any key that is
    taken). The same papers always get the same keys, in whatever order they come."""
    groups: dict[str, list[int]] = {}
    for paper_id, base in sorted((paper.id, base_key(paper)) for paper in papers):
        groups.setdefault(base, []).append(paper_id)
    keys = {ids[0]: base for base, ids in groups.items()}
    used = set(groups)
    for base in sorted(groups):
        number = 0
        for paper_id in groups[base][1:]:
            candidate = base + _suffix(number)
            while candidate in used:
                number += 1
                candidate = base + _suffix(number)
            used.add(candidate)
            keys[paper_id] = candidate
    return keys


def base_key(paper: Paper) -> str:
    """``lastnameYYYYword``: the first author's ASCII-folded family name (or "anon"), the
    year (or "nd") and the title's first word that is not an article or preposition."""
    name = ""
    if paper.authors:
        parts = split_name(paper.authors[0])
        name = parts.family if parts else paper.authors[0].split(" ", 1)[0]
    year = (paper.published or "")[:4]
    head = " ".join(paper.title.split()[:8])  # folding only the start is much quicker
    word = next((w for w in ascii_fold(head).split() if w not in _SKIP_WORDS), "")
    if not word and head != paper.title:
        word = next((w for w in ascii_fold(paper.title).split() if w not in _SKIP_WORDS), "")
    surname = ascii_fold(name).replace(" ", "") or "anon"
    return f"{surname}{year if year.isdecimal() else 'nd'}{word}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII words of ``text``: accents dropped, other characters as spaces."""
    if text.isascii():
        return _NOT_ASCII_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return _NOT_ASCII_WORD.sub(" ", _COMBINING.sub("", decomposed)).strip()


def escape(text: str, *, keep_balanced_braces: bool = False, math: bool = False) -> str:
    """``text`` as a BibTeX field value that reads back as the same text (see the module).

    Balanced braces stay raw with ``keep_balanced_braces`` (they group a name's words),
    else they become ``\\{`` and ``\\}``; unbalanced ones always become
    ``\\textbraceleft{}`` and ``\\textbraceright{}``. With ``math`` (or
    ``keep_balanced_braces``) a ``$...$`` span is written as it is, as the reader keeps it.
    """
    if len(text) < 300 and not _ESCAPABLE.search(text):
        return text  # a regex scan beats nine substring scans on short text
    if (keep_balanced_braces or math) and "$" in text:
        pieces = _MATH.split(text)  # odd indexes are math spans
        text = "".join(
            piece
            if index % 2 and _is_plain_math(piece)
            else _escaped(piece, keep=keep_balanced_braces)
            for index, piece in enumerate(pieces)
        )
    else:
        text = _escaped(text, keep=keep_balanced_braces)
    return _LINE_START_AT.sub(r"\1{@}", text) if "@" in text and "\n" in text else text


def _is_plain_math(span: str) -> bool:
    """Whether a ``$...$`` span can go to the file as it is: balanced braces, none of the
    characters that would need escaping (TeX such as ``\\mu`` or ``\\{`` is fine)."""
    return not _NOT_VERBATIM_MATH.search(span) and not _unbalanced(span)


def _escaped(text: str, *, keep: bool) -> str:
    """``text`` escaped character by character (braces as ``keep`` says, see ``escape``)."""
    if not text.isprintable() and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    braces = "{" in text or "}" in text
    if braces:  # stand-ins (control characters, gone by now) until the rest is escaped
        lonely = _unbalanced(text)
        text = _BRACE.sub(lambda m: _STAND_INS[m.group(), m.start() in lonely], text)
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    if braces:
        balanced = _KEPT if keep else _ESCAPED
        for (brace, alone), stand_in in _STAND_INS.items():
            text = text.replace(stand_in, _LONELY[brace] if alone else balanced[brace])
    return _LIGATURE.sub(r"\g<0>{}", text)


def one_line(text: str) -> str:
    """``text`` on one line: control characters dropped, runs of white space one space."""
    return " ".join((text if text.isprintable() else _INVISIBLE.sub("", text)).split())


def text_block(text: str) -> str:
    """Multi-line text tidied for a field: control characters dropped, every kind of line
    break made ``\\n``, white space before the first and after the last line removed."""
    if not text.isprintable():
        text = _INVISIBLE.sub("", text)
    return "\n".join(text.strip().splitlines())


def format_author(name: str) -> str:
    """One BibTeX name: ``von Last, Jr, First``, or ``{Literal Name}``."""
    parts = split_name(name)
    if parts is None:
        return "{" + escape(one_line(name), keep_balanced_braces=True) + "}"
    last = f"{parts.particle} {parts.family}" if parts.particle else parts.family
    pieces = [last, parts.suffix, parts.given] if parts.suffix else [last, parts.given]
    return ", ".join(escape(piece, keep_balanced_braces=True) for piece in pieces)


def _unbalanced(text: str) -> set[int]:
    """Positions of the braces in ``text`` that have no partner."""
    opened: list[int] = []
    lonely: set[int] = set()
    for match in _BRACE.finditer(text):
        if match.group() == "{":
            opened.append(match.start())
        elif opened:
            opened.pop()
        else:
            lonely.add(match.start())
    lonely.update(opened)
    return lonely


def _verbatim(value: str) -> str:
    """A URL or DOI kept as is, with the characters that would break the field encoded."""
    if not _VERBATIM_UNSAFE.search(value):
        return value
    return _VERBATIM_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)


def _suffix(number: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _entry(paper: Paper, key: str) -> str:
    fields: list[tuple[str, str]] = []
    title = one_line(paper.title)
    if title:
        fields.append(("title", "{" + escape(title, math=True) + "}"))
    authors = [format_author(name) for name in paper.authors if name.strip()]
    if authors:
        fields.append(("author", "{" + " and ".join(authors) + "}"))
    journal = journal_of(paper)
    if journal:
        fields.append(("journal", "{" + escape(journal, math=True) + "}"))
    fields.extend(_date_fields(paper.published))
    if paper.doi:
        fields.append(("doi", "{" + _verbatim(paper.doi) + "}"))
    url = web_url(paper)
    if url:
        fields.append(("url", "{" + _verbatim(url) + "}"))
    if paper.arxiv_id:
        fields.append(("eprint", "{" + _verbatim(paper.arxiv_id) + "}"))
        fields.append(("archivePrefix", "{arXiv}"))
        classes = (paper.extra.get(name) for name in _CLASS_KEYS)
        primary = next((c for c in classes if isinstance(c, str) and c.strip()), "")
        if primary:
            fields.append(("primaryClass", "{" + escape(one_line(primary)) + "}"))
    if paper.tags:
        fields.append(("keywords", "{" + escape(", ".join(map(one_line, paper.tags))) + "}"))
    for name, text in (("abstract", paper.abstract), ("annote", paper.notes)):
        block = text_block(text)
        if block:
            fields.append((name, "{" + escape(block) + "}"))
    if paper.read:
        fields.append(("readstatus", "{read}"))
    if paper.starred:
        fields.append(("relevance", "{relevant}"))
    kind = "article" if is_journal_article(paper) else "misc"
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def _date_fields(published: str | None) -> list[tuple[str, str]]:
    """``year`` and (as the standard macro, ``sep``) ``month`` of an ISO date, and for a
    full date biblatex's ``date`` too (BibTeX ignores it; the day would be lost)."""
    year, _, rest = (published or "").partition("-")
    if not (len(year) == 4 and year.isdecimal()):
        return []
    month = rest[:2]
    if not (month.isdecimal() and 1 <= int(month) <= 12):
        return [("year", "{" + year + "}")]
    fields = [("year", "{" + year + "}"), ("month", _MONTHS[int(month) - 1])]
    day = rest[3:]
    if len(rest) == 5 and rest[2] == "-" and day.isdecimal() and 1 <= int(day) <= 31:
        fields.append(("date", "{" + f"{year}-{rest}" + "}"))
    return fields
