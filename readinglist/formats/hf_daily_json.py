"""Hugging Face *Daily Papers* API JSON (``https://huggingface.co/api/daily_papers``).

The response is a list of items. Each item has a ``paper`` object (``id`` is the arXiv id,
``title``, ``summary``, ``authors`` as objects with a ``name``, ``publishedAt``, ``upvotes``,
and in the current schema ``ai_summary``, ``ai_keywords``, ``githubRepo``, ``projectPage``,
``organization``) next to the item's own ``title``, ``publishedAt`` and ``submittedBy``.
The 2024 schema keeps arXiv's hard wraps in ``paper.title``; the item's ``title`` does not.

:func:`digest_from_payload` is shared with the saved-page reader (``hf_papers_html``), whose
page embeds the same items.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import normalize_arxiv_id
from readinglist.formats.json_text import load_json
from readinglist.formats.text_utils import collapse_whitespace, find_links

FORMAT = "hf-daily-json"
LABEL = "Hugging Face Daily Papers (API JSON)"
EXTENSIONS = (".json",)

_WRAPPER_KEYS = ("dailyPapers", "papers", "items", "data")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_HF_PAPER_ID = re.compile(r"[\w.\-]{1,100}", re.ASCII)
_CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
_SNIFF_HEAD = 4000
_SNIFF_BODY = 300_000


def sniff(text: str, filename: str) -> float:
    """How sure we are that ``text`` is a Daily Papers API response (0 to 1)."""
    head = text[:_SNIFF_HEAD].lstrip()
    if not head.startswith(("[", "{")):
        return 0.0
    if head.startswith("{"):
        return 0.85 if '"dailyPapers"' in head and '"paper"' in head else 0.0
    if '"paper"' not in head:
        return 0.0
    body = text[:_SNIFF_BODY]
    if '"upvotes"' in body or '"publishedAt"' in body:
        return 0.9
    return 0.5


def read(text: str, today: date) -> ParsedDigest:
    """Parse a Daily Papers JSON response (a list of items, or an obvious wrapper of one)."""
    try:
        payload = load_json(text)
    except (ValueError, RecursionError) as error:
        raise DigestFormatError(f"not valid JSON ({_short(error)})") from None
    return digest_from_payload(payload, FORMAT)


def digest_from_payload(payload: object, format_name: str) -> ParsedDigest:
    """Records from decoded Daily Papers data: a list of items or a dict holding one.

    A wrapper's ``date`` (the day the list was featured) becomes the digest date; otherwise
    it is the day most items were featured. Raises :class:`DigestFormatError` when the data
    holds no Daily Papers items at all.
    """
    wrapper_date: str | None = None
    items: object = payload
    if isinstance(payload, dict):
        wrapper_date = iso_day(payload.get("date"))
        items = next(
            (payload[key] for key in _WRAPPER_KEYS if isinstance(payload.get(key), list)), None
        )
        if items is None:
            raise DigestFormatError("expected a list of Hugging Face daily papers")
    if not isinstance(items, list):
        raise DigestFormatError("expected a list of Hugging Face daily papers")
    if not any(isinstance(item, dict) and isinstance(item.get("paper"), dict) for item in items):
        raise DigestFormatError('no Hugging Face daily papers found (no item has a "paper")')
    records: list[PaperRecord] = []
    skipped = 0
    for item in items:
        record = item_to_record(item)
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return ParsedDigest(
        format=format_name,
        records=records,
        date=wrapper_date or featured_date(items),
        skipped=skipped,
    )


def item_to_record(item: object) -> PaperRecord | None:
    """One Daily Papers item as a record, or ``None`` when it names no paper."""
    if not isinstance(item, dict):
        return None
    paper = item.get("paper")
    if not isinstance(paper, dict):
        return None
    title = _pick_title(_text(item.get("title")), _text(paper.get("title")))
    paper_id = _text(paper.get("id")).strip()
    arxiv_id = normalize_arxiv_id(paper_id) if paper_id else None
    if not title and not arxiv_id:
        return None
    url = None
    if paper_id and not arxiv_id and _HF_PAPER_ID.fullmatch(paper_id):
        url = f"https://huggingface.co/papers/{paper_id}"
    abstract = _unwrap(_text(paper.get("summary")) or _text(item.get("summary")))
    pages = (_text(paper.get("githubRepo")), _text(paper.get("projectPage")))
    links = [link.strip() for link in pages if link.startswith(("http://", "https://"))]
    return PaperRecord(
        title=title,
        abstract=abstract,
        authors=_authors(paper.get("authors")),
        arxiv_id=arxiv_id,
        url=url,
        links=links + [link for link in find_links(abstract) if link not in links],
        published=iso_day(paper.get("publishedAt")),
        extra=_extra(item, paper),
    )


def featured_date(items: list[Any]) -> str | None:
    """The day most items were featured on the Daily Papers page, or ``None``.

    The current schema says so in ``paper.submittedOnDailyAt``; the 2024 schema only has
    the item's own ``publishedAt``.
    """
    days: Counter[str] = Counter()
    for item in items:
        if not isinstance(item, dict):
            continue
        paper = item.get("paper")
        submitted = paper.get("submittedOnDailyAt") if isinstance(paper, dict) else None
        day = iso_day(submitted) or iso_day(item.get("publishedAt"))
        if day:
            days[day] += 1
    return days.most_common(1)[0][0] if days else None


def iso_day(value: object) -> str | None:
    """The ``YYYY-MM-DD`` day at the start of an ISO timestamp string, if it is a real day."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return None
    day = value[:10]
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


def clean_title(text: str) -> str:
    """A title on one line: control characters dropped, whitespace runs collapsed."""
    if not text.isprintable():
        text = text.translate(_CONTROL_CHARACTERS)
    return collapse_whitespace(text)


def _pick_title(item_title: str, paper_title: str) -> str:
    """The item's title is unwrapped; arXiv's is plainer when the item's carries TeX."""
    item_title = clean_title(item_title)
    paper_title = clean_title(paper_title)
    if not item_title:
        return paper_title
    if paper_title and _TEX_COMMAND.search(item_title) and not _TEX_COMMAND.search(paper_title):
        return paper_title
    return item_title


def _authors(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    names: list[str] = []
    for author in value:
        if not isinstance(author, dict):
            continue
        name = author.get("name")
        if not isinstance(name, str) or not name.isprintable():
            # Rare: no usable name, or control characters in it; take the slow road.
            if not isinstance(name, str) or not name.strip():
                user = author.get("user")
                name = _text(user.get("fullname")) if isinstance(user, dict) else ""
            name = clean_title(name)
        elif "  " in name or name != name.strip():
            name = " ".join(name.split())
        if name:
            names.append(name)
    return names


def _extra(item: dict[str, Any], paper: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    upvotes = paper.get("upvotes")
    if isinstance(upvotes, int) and not isinstance(upvotes, bool):
        extra["upvotes"] = upvotes
    ai_summary = _text(paper.get("ai_summary")).strip()
    if ai_summary:
        extra["ai_summary"] = ai_summary
    keywords = paper.get("ai_keywords")
    if isinstance(keywords, list):
        words = [word.strip() for word in keywords if isinstance(word, str) and word.strip()]
        if words:
            extra["ai_keywords"] = words
    for holder in (paper, item):
        organization = holder.get("organization")
        if isinstance(organization, dict):
            name = _text(organization.get("name")).strip()
            if name:
                extra["organization"] = name
                break
    return extra


def _unwrap(text: str) -> str:
    """Join arXiv's hard-wrapped lines; blank lines still separate paragraphs."""
    paragraphs = (collapse_whitespace(part) for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _short(error: Exception) -> str:
    message = str(error) or type(error).__name__
    return message if len(message) <= 120 else message[:117] + "..."
