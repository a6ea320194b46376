"""How two records are found to be the same paper, and how a record merges into a paper.

A paper's key is its arXiv id without version when known, else its DOI, else its
normalized title. A record whose normalized title matches a known paper merges into it.
Merging only fills what is empty: it never replaces data, and it never touches the user's
annotations (those live in other tables and are not part of a record at all).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from readinglist.domain.entities import PaperRecord
from readinglist.domain.links import arxiv_url, normalize_link

_NEW_STYLE_ARXIV = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\w|\.\d)", re.ASCII)
_OLD_STYLE_ARXIV = re.compile(
    r"(?<![\w.-])([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?!\w)", re.ASCII | re.IGNORECASE
)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)", re.IGNORECASE)
_BRACKETS = {")": "(", "]": "[", "}": "{"}  # closer: opener
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]+")
_TEX_FORMATTING = re.compile(
    r"\\(?:emph|textbf|textit|texttt|textsc|textrm|mathrm|mathbf|mathcal|mathbb|mathit|"
    r"mathsf|mathtt|operatorname|text|bf|it|rm|sc|tt|em)\b\s*"
)
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_DIGITS = re.compile(r"\d+")
FUZZY_MIN_LENGTH = 20
FUZZY_MIN_RATIO = 95.0
_UNDERSCORE_OR_SPACE = re.compile(r"[_\s]+")


def normalize_arxiv_id(text: str | None) -> str | None:
    """Return the version-less arXiv id found in ``text`` (an id, ``arXiv:`` form or URL).

    ``"arXiv:2509.01234v2"`` and ``"https://arxiv.org/pdf/2509.01234v1"`` both give
    ``"2509.01234"``; old-style ids keep their archive: ``"hep-th/9901001"``.
    """
    if not text:
        return None
    text = text.strip()
    match = _NEW_STYLE_ARXIV.search(text)
    if match:
        return match.group(1)
    match = _OLD_STYLE_ARXIV.search(text)
    if match:
        archive, number = match.group(1).split("/", 1)
        return f"{archive.lower()}/{number}"
    return None


def normalize_doi(text: str | None) -> str | None:
    """Return the DOI in ``text`` lower-cased and without resolver prefix, or ``None``."""
    if not text:
        return None
    match = _DOI.search(text.strip())
    if not match:
        return None
    return trim_doi(match.group(1)).lower()


def trim_doi(doi: str) -> str:
    """``doi`` without the punctuation of the text around it: trailing ``.,;``, and a
    closing bracket only when the DOI did not open it (``10.1061/(ASCE)…126:7(741)`` ends
    with its own ``)``; ``(doi:10.1000/xyz)`` does not)."""
    opened = {closer: doi.count(opener) for closer, opener in _BRACKETS.items()}
    closed = {closer: doi.count(closer) for closer in _BRACKETS}
    end = len(doi)
    while end:
        last = doi[end - 1]
        if last in ".,;":
            end -= 1
        elif last in closed and closed[last] > opened[last]:
            closed[last] -= 1
            end -= 1
        else:
            break
    return doi[:end]


def arxiv_id_from_doi(doi: str | None) -> str | None:
    """Return the arXiv id hidden in an arXiv DOI (``10.48550/arXiv.2206.07690``)."""
    if not doi:
        return None
    match = _ARXIV_DOI.match(doi)
    return normalize_arxiv_id(match.group(1)) if match else None


def normalize_title(title: str) -> str:
    """Fold a title for comparison: case, accents, TeX markup, punctuation and spacing."""
    untexed = _TEX_COMMAND.sub(r" \1 ", _TEX_FORMATTING.sub(" ", title))
    decomposed = unicodedata.normalize("NFKD", untexed)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NON_WORD.sub(" ", without_marks.casefold())
    return _UNDERSCORE_OR_SPACE.sub(" ", words).strip()


def squash_title(title: str) -> str:
    """The normalized title without spaces: ``Pre-trained`` and ``Pretrained`` agree."""
    return normalize_title(title).replace(" ", "")


def titles_nearly_equal(squashed_a: str, squashed_b: str) -> bool:
    """True for near-identical titles (a typo, a letter of difference), never for different
    papers: short titles must match exactly, and the numbers in both must be the same
    (``Part 1`` is not ``Part 2``)."""
    if squashed_a == squashed_b:
        return True
    if min(len(squashed_a), len(squashed_b)) < FUZZY_MIN_LENGTH:
        return False
    from rapidfuzz.fuzz import ratio

    if not ratio(squashed_a, squashed_b, score_cutoff=FUZZY_MIN_RATIO):
        return False
    return _DIGITS.findall(squashed_a) == _DIGITS.findall(squashed_b)


def collapse_whitespace(text: str) -> str:
    """Join a text's lines and runs of spaces into single spaces."""
    return " ".join(text.split())


def paper_key(arxiv_id: str | None, doi: str | None, title: str) -> str:
    """The paper's key: ``arxiv:ID``, else ``doi:DOI``, else ``title:normalized title``."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{doi}"
    return f"title:{normalize_title(title)}"


def arxiv_abs_url(arxiv_id: str) -> str:
    """The arXiv abstract page of a paper (``links.arxiv_url``; kept for the writers that
    import it from here)."""
    return arxiv_url(arxiv_id)


def canonical_record(record: PaperRecord) -> PaperRecord:
    """Return ``record`` with ids normalized, whitespace tidied and a default URL.

    An arXiv DOI yields the arXiv id; a paper with an arXiv id and no URL links to its
    abstract page. Links as written (``//host``, TeX escapes) become real URLs
    (``links.normalize_link``) and are de-duplicated in order.
    """
    arxiv_id = normalize_arxiv_id(record.arxiv_id) if record.arxiv_id else None
    doi = normalize_doi(record.doi) if record.doi else None
    if arxiv_id is None:
        arxiv_id = arxiv_id_from_doi(doi)
    url = normalize_link(record.url) if record.url else None
    if not url and arxiv_id:
        url = arxiv_abs_url(arxiv_id)
    links = _unique([link for link in map(normalize_link, record.links) if link])
    return replace(
        record,
        title=collapse_whitespace(record.title),
        abstract=record.abstract.strip(),
        authors=[a for a in (collapse_whitespace(a) for a in record.authors) if a],
        arxiv_id=arxiv_id,
        doi=doi,
        url=url,
        links=links,
    )


# Fields an import may fill when the stored paper has them empty.
FILLABLE_FIELDS = ("title", "abstract", "authors", "arxiv_id", "doi", "url", "published")


def fill_empty(
    stored: Mapping[str, Any],
    record: PaperRecord,
    names: tuple[str, ...],
    also_known: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The updates filling ``stored``'s empty fields ``names`` from ``record``, plus the
    links it lacks (a link in ``also_known`` counts as had); nothing stored is replaced."""
    changes: dict[str, Any] = {}
    for name in names:
        incoming = getattr(record, name)
        if incoming and not stored.get(name):
            changes[name] = incoming
    stored_links = list(stored.get("links") or [])
    known = {*stored_links, *also_known}
    new_links = [link for link in record.links if link not in known]
    if new_links:
        changes["links"] = stored_links + new_links
    return changes


def merge_changes(stored: Mapping[str, Any], record: PaperRecord) -> dict[str, Any]:
    """The field updates that merging ``record`` into a stored paper makes.

    Only empty fields are filled, links gain what is new, and ``extra`` gains keys it lacks;
    nothing stored is replaced. A paper listed under another section (``extra["section"]``,
    the heading it was found under) keeps every one in ``extra["sections"]``. An empty
    result means the record brought nothing new.
    """
    changes = fill_empty(stored, record, FILLABLE_FIELDS)
    stored_extra = dict(stored.get("extra") or {})
    new_extra = {k: v for k, v in record.extra.items() if k not in stored_extra}
    sections = _sections_after(stored_extra, record.extra)
    if sections is not None:
        new_extra["sections"] = sections
    if new_extra:
        changes["extra"] = {**stored_extra, **new_extra}
    return changes


def _sections_after(stored: Mapping[str, Any], incoming: Mapping[str, Any]) -> list[str] | None:
    """Every section the paper is listed in once ``incoming`` joins, or None when that
    adds no section (the first section stays in ``section``; ``sections`` holds all)."""
    section = incoming.get("section")
    first = stored.get("section")
    if not isinstance(section, str) or not isinstance(first, str) or section == first:
        return None
    known = [s for s in stored.get("sections") or [first] if isinstance(s, str)]
    return None if section in known else [*known, section]


def ids_conflict(stored: Mapping[str, Any], record: PaperRecord) -> bool:
    """True when both sides carry an arXiv id or a DOI and they differ: different papers."""
    for name in ("arxiv_id", "doi"):
        ours, theirs = stored.get(name), getattr(record, name)
        if ours and theirs and ours != theirs:
            return True
    return False


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
