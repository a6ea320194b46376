"""Fetching one subscription: download its planned requests, read them, store them.

Every download goes through ``core.download.fetch`` (http(s) only, one deadline, a size
cap, at most five redirects, a User-Agent naming the app), conditionally when the last
answer had an ETag or Last-Modified. A fetch is all or nothing: every request is
downloaded and read first, then all its digests and the subscription's new state are
stored in ONE transaction (through the importer, so papers merge by identity and
annotations are never touched). A failure stores only the error, the failure count and
when to try again (exponential backoff); papers and digests stay as they were. A cancel
(between requests, or while waiting for an answer) stores nothing at all: the
subscription stays as it was, due as before.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from readinglist.core.download import Download, fetch
from readinglist.core.feeds import Endpoints, Request, plan
from readinglist.core.importer import store_digest
from readinglist.core.schedule import backoff, format_time, longest_gap, next_after_success
from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import ImportCancelledError, ImportFailedError, ReadingListError
from readinglist.domain.subscriptions import HF_DAILY, FetchOutcome, Subscription
from readinglist.formats import read_digest
from readinglist.storage import subscriptions_db as subs_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

ARXIV_API_INTERVAL = 3.0  # arXiv's terms: one request every 3 seconds
REQUEST_TIMEOUT = 60.0
MAX_FEED_BYTES = 32 * 1024 * 1024
CANCEL_POLL_SECONDS = 0.05  # a cancellable wait between requests looks this often

Cancelled = Callable[[], bool] | None  # asked between requests and while waiting


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class FetchSettings:
    """Where to fetch from and the clocks to do it by (tests inject their own)."""

    endpoints: Endpoints = field(default_factory=Endpoints.from_environment)
    timeout: float = REQUEST_TIMEOUT
    max_bytes: int = MAX_FEED_BYTES
    arxiv_interval: float = ARXIV_API_INTERVAL
    now: Callable[[], datetime] = _utc_now
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


class Pacer:
    """Spaces requests to one service (the arXiv API) over a whole fetch run."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._last: dict[str, float] = {}

    def wait(self, service: str, cancelled: Cancelled = None) -> None:
        """Sleep until ``service`` may be asked again, then note the request (a cancel
        cuts the sleep short: ImportCancelledError)."""
        if service == "arxiv-api":
            last = self._last.get(service)
            if last is not None:
                left = self._settings.arxiv_interval - (self._settings.monotonic() - last)
                while left > 0:
                    if cancelled is not None and cancelled():
                        raise ImportCancelledError(service)
                    step = left if cancelled is None else min(left, CANCEL_POLL_SECONDS)
                    self._settings.sleep(step)
                    left -= step
        self._last[service] = self._settings.monotonic()


@dataclass(slots=True)
class _Answer:
    request: Request
    download: Download
    parsed: ParsedDigest | None  # None: nothing new (304) or an empty day


def fetch_subscription(
    db: Database,
    subscription: Subscription,
    settings: FetchSettings,
    pacer: Pacer,
    cancelled: Cancelled = None,
) -> FetchOutcome:
    """Fetch one subscription now; never raises for what the server or the feed did (the
    outcome and the subscription's stored state carry the error). Once ``cancelled()``
    says so, the fetch stops (mid-answer too) and stores nothing: ``outcome.cancelled``."""
    outcome = FetchOutcome(subscription=subscription.name)
    now = settings.now()
    with db.snapshot() as conn:
        done = subs_db.complete_periods(conn, subscription.id)
        validators = subs_db.validators(conn, subscription.id)
    requests = plan(subscription, settings.endpoints, now, done)
    stop = cancelled or (lambda: False)
    try:
        answers = []
        for request in requests:
            if stop():
                raise ImportCancelledError(subscription.name)
            answers.append(_download(request, validators, settings, pacer, cancelled))
            outcome.requests += 1
        if stop():
            raise ImportCancelledError(subscription.name)
        _store(db, subscription, answers, outcome, now)
    except ImportCancelledError:
        outcome.cancelled = True
        logger.info("fetching %s cancelled: nothing stored", subscription.name)
    except ReadingListError as exc:
        reason = exc.reason if isinstance(exc, ImportFailedError) else str(exc)
        outcome.error = reason
        _record_failure(db, subscription, reason, now)
        logger.warning("fetching %s failed: %s", subscription.name, reason)
    return outcome


def _download(
    request: Request,
    validators: tuple[str | None, ...],
    settings: FetchSettings,
    pacer: Pacer,
    cancelled: Cancelled,
) -> _Answer:
    headers: dict[str, str] = {}
    url, etag, modified = validators
    if request.conditional and url == request.url:
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
    pacer.wait(request.service, cancelled)
    download = fetch(
        request.url,
        timeout=settings.timeout,
        max_bytes=settings.max_bytes,
        headers=headers,
        cancelled=cancelled,
    )
    if download.not_modified or _empty_day(request, download.data):
        return _Answer(request, download, None)
    filename = download.filename if "." in download.filename else f"{request.service}.xml"
    if request.service == "hf":
        filename = f"daily_papers_{request.period}.json"
    parsed = read_digest(download.data, filename, settings.now().date())
    if not parsed.records:  # a feed with nothing in it today: not an error
        return _Answer(request, download, None)
    if request.service == "hf" and not parsed.date:
        parsed.date = request.period
    return _Answer(request, download, parsed)


def _empty_day(request: Request, data: bytes) -> bool:
    """A Daily Papers day with no papers (a weekend) answers ``[]``."""
    return request.service == "hf" and data.strip() in (b"[]", b"")


def _store(
    db: Database,
    subscription: Subscription,
    answers: list[_Answer],
    outcome: FetchOutcome,
    now: datetime,
) -> None:
    stamp = format_time(now)
    state: dict[str, object] = {
        "last_fetch": stamp,
        "last_success": stamp,
        "last_error": None,
        "failures": 0,
        "next_attempt": format_time(next_after_success(subscription.interval_hours, now)),
    }
    with db.transaction() as conn:
        for answer in answers:
            digest_id, new = None, 0
            if answer.download.not_modified:
                outcome.not_modified = True
            if answer.parsed is not None:
                name = _source_name(subscription, answer.request)
                sha = hashlib.sha256(answer.download.data).hexdigest()
                report = store_digest(db, answer.parsed, name, sha)
                digest_id, new = report.digest_id, report.new
                outcome.digest_ids.append(report.digest_id or 0)
                outcome.new += report.new
                outcome.merged += report.merged
                outcome.unchanged += report.unchanged
            if answer.request.conditional and not answer.download.not_modified:
                state["validator_url"] = answer.request.url
                state["etag"] = answer.download.headers.get("ETag")
                state["last_modified"] = answer.download.headers.get("Last-Modified")
            subs_db.record_period(
                conn,
                subscription.id,
                answer.request.period,
                digest_id,
                new,
                stamp,
                complete=answer.request.complete,
            )
        state["papers_new"] = outcome.new
        if outcome.new:
            state["last_new_at"] = stamp
            state["longest_gap_hours"] = longest_gap(subscription, now)
        subs_db.update_state(conn, subscription.id, **state)


def _source_name(subscription: Subscription, request: Request) -> str:
    if subscription.kind == HF_DAILY:
        return f"{subscription.name} {request.period}"
    return subscription.name


def _record_failure(db: Database, subscription: Subscription, reason: str, now: datetime) -> None:
    failures = subscription.failures + 1
    retry = now + backoff(failures, subscription.interval_hours)
    with db.transaction() as conn:
        subs_db.update_state(
            conn,
            subscription.id,
            last_fetch=format_time(now),
            last_error=reason,
            failures=failures,
            next_attempt=format_time(retry),
        )
