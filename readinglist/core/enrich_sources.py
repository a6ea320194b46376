"""The services that complete a paper, most specific first, as candidate records.

1. Hugging Face Daily Papers for a day (``/api/daily_papers?date=YYYY-MM-DD``): one
   request gives every paper featured that day, with arXiv ids and authors. Read with the
   app's own Daily Papers reader.
2. The arXiv API by exact title (``ti:"…"``), read with the app's arXiv Atom reader.
3. OpenAlex by title (``/works?filter=title.search:…``) for what arXiv lacks: papers that
   were never on arXiv, and DOIs of published versions. OpenAlex rather than Crossref
   because it also indexes arXiv preprints (an id to merge by) beside journal and
   conference works, answers title searches with authors, dates and DOIs in one small
   JSON request, needs no key, and its data is CC0; Crossref only knows works that have a
   Crossref DOI, which most preprints in a Daily Papers digest do not.

Only a paper's title (its words, punctuation dropped) or a digest's date is ever sent, and
to OpenAlex the contact e-mail the user gave in Preferences, if any (``mailto``).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from readinglist.core.enrich_http import Client, ServiceError, with_query
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import DigestFormatError
from readinglist.domain.identity import canonical_record, normalize_arxiv_id, normalize_title
from readinglist.formats import arxiv_feed, hf_daily_json

DAILY = "Hugging Face Daily Papers"
ARXIV = "arXiv"
OPENALEX = "OpenAlex"
_ARXIV_RESULTS = 5
_OPENALEX_RESULTS = 5


def daily_papers(client: Client, day: str) -> list[PaperRecord]:
    """Every paper featured on the Daily Papers page of ``day`` (``YYYY-MM-DD``); a past
    day's answer is cached, today's (still growing) is not."""
    base = client.settings.hf_url.rstrip("/") + "/api/daily_papers"
    url = with_query(base, date=day)
    body = client.get(url, service=DAILY)
    payload = _maybe_json(body)
    final = day < datetime.now(UTC).date().isoformat()  # today's list still grows
    if payload == []:  # a day with no papers is an answer too
        if final:
            client.keep(url, body)
        return []
    try:
        parsed = hf_daily_json.digest_from_payload(payload, hf_daily_json.FORMAT)
    except DigestFormatError as exc:
        raise ServiceError(f"{DAILY}: an answer that is not a list of papers ({exc})") from exc
    if final:
        client.keep(url, body)
    return [canonical_record(record) for record in parsed.records]


def arxiv_by_title(client: Client, title: str) -> list[PaperRecord]:
    """arXiv papers whose title holds ``title``'s words as a phrase."""
    words = normalize_title(title)
    if not words:
        return []
    settings = client.settings
    url = with_query(
        settings.arxiv_url,
        search_query=f'ti:"{words}"',
        start="0",
        max_results=str(_ARXIV_RESULTS),
    )
    body = client.get(url, service=ARXIV, interval=settings.arxiv_interval)
    try:
        parsed = arxiv_feed.read(body.decode("utf-8"), date.today())
    except (UnicodeDecodeError, DigestFormatError) as exc:
        raise ServiceError(f"{ARXIV}: {exc}") from exc
    client.keep(url, body)
    return [canonical_record(record) for record in parsed.records]


def openalex_by_title(client: Client, title: str) -> list[PaperRecord]:
    """OpenAlex works whose title matches ``title``'s words."""
    words = normalize_title(title)
    if not words:
        return []
    base = client.settings.openalex_url.rstrip("/") + "/works"
    params = {"filter": f"title.search:{words}", "per-page": str(_OPENALEX_RESULTS)}
    if client.settings.mailto:  # only when the user gave one in Preferences
        params["mailto"] = client.settings.mailto
    url = with_query(base, **params)
    body = client.get(url, service=OPENALEX)
    try:
        payload = json.loads(body.decode("utf-8"))
        results = payload["results"]
        if not isinstance(results, list):
            raise TypeError("results is not a list")
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError) as exc:
        raise ServiceError(f"{OPENALEX}: an answer that is not a list of works ({exc})") from exc
    client.keep(url, body)
    records = (_openalex_record(work) for work in results if isinstance(work, dict))
    return [canonical_record(record) for record in records if record.title]


def _openalex_record(work: dict[str, Any]) -> PaperRecord:
    """One OpenAlex work as a record: title, authors, date, DOI, arXiv id, landing page."""
    authors = []
    for authorship in _list(work.get("authorships")):
        author = authorship.get("author") if isinstance(authorship, dict) else None
        name = author.get("display_name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip():
            authors.append(name)
    arxiv_id = None
    landing = None
    for location in _list(work.get("locations")):
        page = location.get("landing_page_url") if isinstance(location, dict) else None
        if not isinstance(page, str):
            continue
        if "arxiv.org/" in page and arxiv_id is None:
            arxiv_id = normalize_arxiv_id(page)
        landing = landing or page
    published = work.get("publication_date")
    doi = work.get("doi")
    title = work.get("title") or work.get("display_name")
    return PaperRecord(
        title=" ".join(title.split()) if isinstance(title, str) else "",
        authors=authors,
        arxiv_id=arxiv_id,
        doi=doi if isinstance(doi, str) else None,
        url=landing if arxiv_id is None and landing and landing.startswith("http") else None,
        published=published if isinstance(published, str) else None,
        abstract=_abstract(work.get("abstract_inverted_index")),
    )


def _abstract(index: object) -> str:
    """OpenAlex gives abstracts as {word: [positions]}; put the words back in order."""
    if not isinstance(index, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in _list(positions):
            if isinstance(position, int) and 0 <= position < 100_000:
                placed[position] = str(word)
    return " ".join(placed[n] for n in sorted(placed))


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _maybe_json(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
