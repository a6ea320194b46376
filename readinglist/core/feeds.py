"""Where each kind of subscription is fetched from, and which requests a fetch makes.

A fetch is planned as a list of :class:`Request`: one per Hugging Face day (each day its
own digest; missed days are caught up, a first fetch takes the last 3 days), the arXiv
listing's RSS plus an API request over the submitted dates it missed, an arXiv API query
over the days since its last success, or the one URL of a plain feed.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from readinglist.core.enrich_http import (
    ARXIV_API_URL_ENV,
    DEFAULT_ARXIV_API_URL,
    DEFAULT_HF_URL,
    HF_URL_ENV,
    with_query,
)
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.subscriptions import (
    ARXIV_LISTING,
    ARXIV_QUERY,
    FEED_URL,
    HF_DAILY,
    KINDS,
    Subscription,
)

ARXIV_RSS_URL_ENV = "READINGLIST_ARXIV_RSS_URL"
DEFAULT_ARXIV_RSS_URL = "https://rss.arxiv.org/rss"
FIRST_FETCH_DAYS = 3  # a new subscription brings the last 3 days, not years
MAX_CATCHUP_DAYS = 30  # after a long absence, no more than a month is fetched
ARXIV_MAX_RESULTS = 500
LATEST = "latest"  # the period of a feed that only has "now"

_CATEGORY = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")
ARXIV_CATEGORIES = (
    "cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.IR", "cs.RO", "cs.NE", "cs.HC", "cs.CR",
    "cs.DB", "cs.DC", "cs.SE", "cs.SD", "cs.MA", "cs.GR", "stat.ML", "eess.AS", "eess.IV",
    "math.OC", "q-bio.NC", "physics.comp-ph", "astro-ph", "quant-ph", "econ.EM",
)  # fmt: skip
ARXIV_ARCHIVES = frozenset((
    "astro-ph", "cond-mat", "cs", "econ", "eess", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
    "hep-th", "math", "math-ph", "nlin", "nucl-ex", "nucl-th", "physics", "q-bio", "q-fin",
    "quant-ph", "stat",
))  # fmt: skip  # the archives arXiv lists today; a category is ARCHIVE or ARCHIVE.SUBJECT


@dataclass(frozen=True, slots=True)
class Request:
    """One download of a fetch: the period it covers and whether it is then done for good."""

    period: str
    url: str
    complete: bool
    service: str  # "arxiv-api" requests are spaced 3 s apart
    conditional: bool = False  # send the ETag / Last-Modified of the last answer


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Base URLs of the services (the environment overrides them; tests use local ones)."""

    hf: str
    arxiv_rss: str
    arxiv_api: str

    @classmethod
    def from_environment(cls) -> Endpoints:
        """The services named by ``READINGLIST_*_URL``, else the public ones."""
        return cls(
            hf=os.environ.get(HF_URL_ENV, DEFAULT_HF_URL),
            arxiv_rss=os.environ.get(ARXIV_RSS_URL_ENV, DEFAULT_ARXIV_RSS_URL),
            arxiv_api=os.environ.get(ARXIV_API_URL_ENV, DEFAULT_ARXIV_API_URL),
        )


def check_target(kind: str, target: str) -> str:
    """``target`` cleaned for ``kind``; InvalidInputError when it cannot be fetched."""
    target = target.strip()
    if kind not in KINDS:
        raise InvalidInputError(f"unknown subscription kind {kind!r} (use {', '.join(KINDS)})")
    if kind == ARXIV_LISTING:
        parts = [p for p in re.split(r"[+\s,]+", target) if p]
        if not parts or not all(_is_category(p) for p in parts):
            raise InvalidInputError(f"not arXiv categories: {target!r} (e.g. cs.CL or cs.CV+cs.LG)")
        return "+".join(parts)
    if kind == ARXIV_QUERY and not target:
        raise InvalidInputError("an arXiv query is needed (e.g. au:Hinton AND cat:cs.LG)")
    if kind == FEED_URL and urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
        raise InvalidInputError(f"only http and https feeds can be followed: {target!r}")
    return target


def _is_category(text: str) -> bool:
    """Whether ``text`` reads as an arXiv category (``cs.CL``, ``astro-ph``)."""
    return bool(_CATEGORY.match(text)) and text.split(".")[0] in ARXIV_ARCHIVES


def guess_kind(text: str) -> tuple[str, str]:
    """(kind, target) for what a user typed or pasted: ``hf``, a Daily Papers or arXiv RSS
    link, arXiv categories, or any other http(s) URL."""
    text = text.strip()
    lowered = text.lower()
    if lowered in ("hf", "huggingface", "hf-daily") or "huggingface.co/papers" in lowered:
        return HF_DAILY, ""
    if "huggingface.co/api/daily_papers" in lowered:
        return HF_DAILY, ""
    match = re.match(r"^https?://rss\.arxiv\.org/(?:rss|atom)/([^?#]+)$", text)
    if match:
        return ARXIV_LISTING, check_target(ARXIV_LISTING, match.group(1))
    if "://" in text:
        return FEED_URL, check_target(FEED_URL, text)
    return ARXIV_LISTING, check_target(ARXIV_LISTING, text)


def plan(
    subscription: Subscription, endpoints: Endpoints, now: datetime, done: set[str]
) -> list[Request]:
    """The requests fetching ``subscription`` at ``now`` makes (``done``: periods already
    fetched for good)."""
    today = now.date()
    last = _day(subscription.last_success)
    if subscription.kind == HF_DAILY:
        return _hf_days(endpoints.hf, today, done)
    if subscription.kind == ARXIV_LISTING:
        rss = Request(LATEST, f"{endpoints.arxiv_rss.rstrip('/')}/{subscription.target}",
                      complete=False, service="arxiv-rss", conditional=True)  # fmt: skip
        missed_from = today - timedelta(days=FIRST_FETCH_DAYS - 1) if last is None else last
        if missed_from >= today - timedelta(days=1) and last is not None:
            return [rss]
        query = " OR ".join(f"cat:{c}" for c in subscription.target.split("+"))
        end = today - timedelta(days=1)
        return [rss, _api_range(endpoints.arxiv_api, query, missed_from, end, today)]
    if subscription.kind == ARXIV_QUERY:
        start = today - timedelta(days=FIRST_FETCH_DAYS - 1) if last is None else last
        return [_api_range(endpoints.arxiv_api, subscription.target, start, today, today)]
    return [Request(LATEST, subscription.target, complete=False, service="feed", conditional=True)]


def _hf_days(base: str, today: date, done: set[str]) -> list[Request]:
    fetched = sorted(d for d in done if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
    if fetched:
        start = date.fromisoformat(fetched[-1]) + timedelta(days=1)
    else:
        start = today - timedelta(days=FIRST_FETCH_DAYS - 1)
    start = max(start, today - timedelta(days=MAX_CATCHUP_DAYS - 1))
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    url = f"{base.rstrip('/')}/api/daily_papers"
    return [
        Request(
            day.isoformat(),
            with_query(url, date=day.isoformat()),
            complete=day < today,
            service="hf",
            conditional=day == today,
        )
        for day in days
        if day.isoformat() not in done
    ]


def _api_range(base: str, query: str, start: date, end: date, today: date) -> Request:
    start = max(start, today - timedelta(days=MAX_CATCHUP_DAYS - 1))
    dates = f"submittedDate:[{start:%Y%m%d}0000 TO {end:%Y%m%d}2359]"
    url = with_query(
        base,
        search_query=f"({query}) AND {dates}",
        sortBy="submittedDate",
        sortOrder="descending",
        start="0",
        max_results=str(ARXIV_MAX_RESULTS),
    )
    period = f"{start.isoformat()}..{end.isoformat()}"
    return Request(period, url, complete=end < today, service="arxiv-api")


def _day(stamp: str | None) -> date | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date() if stamp else None
