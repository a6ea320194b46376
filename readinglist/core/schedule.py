"""When a subscription is due, how long a failing one waits, and when one is stale.

All of it is computed from stored times and a ``now`` the caller passes, so the window's
timer, ``readinglist fetch`` and the tests (with an injected clock) agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from readinglist.domain.subscriptions import Subscription

FIRST_BACKOFF = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=24)
_MAX_DOUBLINGS = 16  # 15 min doubled 16 times is 682 days: past any cap, yet a valid timedelta
STALE_FACTOR = 2  # silent for twice its longest usual gap
MIN_USUAL_GAP = timedelta(days=1)


def parse_time(stamp: str) -> datetime:
    """A stored ISO 8601 UTC time as an aware datetime."""
    found = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def format_time(moment: datetime) -> str:
    """An aware datetime as the database stores times."""
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def is_due(subscription: Subscription, now: datetime) -> bool:
    """True when an enabled subscription should be fetched at ``now``."""
    if not subscription.enabled:
        return False
    if subscription.next_attempt is None:
        return True
    return now >= parse_time(subscription.next_attempt)


def due(subscriptions: Sequence[Subscription], now: datetime) -> list[Subscription]:
    """The subscriptions to fetch at ``now``."""
    return [s for s in subscriptions if is_due(s, now)]


def next_after_success(interval_hours: int, now: datetime) -> datetime:
    """When a subscription fetched at ``now`` is due again."""
    return now + timedelta(hours=max(1, interval_hours))


def backoff(failures: int, interval_hours: int) -> timedelta:
    """The wait after ``failures`` failures in a row: 15 min, doubling, at most a day (and
    never longer than the subscription's own interval)."""
    doublings = min(max(0, failures - 1), _MAX_DOUBLINGS)  # past a day it stops mattering
    wait = FIRST_BACKOFF * (1 << doublings)
    return min(wait, MAX_BACKOFF, max(FIRST_BACKOFF, timedelta(hours=interval_hours)))


def longest_gap(subscription: Subscription, now: datetime) -> int:
    """The subscription's longest wait between papers (hours), counting the one ending at
    ``now``, when a fetch brought new papers."""
    if subscription.last_new_at is None:
        return subscription.longest_gap_hours
    gap = (now - parse_time(subscription.last_new_at)) // timedelta(hours=1)
    return max(subscription.longest_gap_hours, int(gap))


def is_stale(subscription: Subscription, now: datetime) -> bool:
    """True when a feed that used to bring papers has been fetched since but brought none
    for longer than usual: twice its longest gap between papers, at least twice its
    interval and two days."""
    if subscription.last_new_at is None or subscription.last_success is None:
        return False
    last_new = parse_time(subscription.last_new_at)
    if parse_time(subscription.last_success) <= last_new:
        return False  # not fetched since it last brought something
    usual = max(
        timedelta(hours=subscription.longest_gap_hours),
        timedelta(hours=subscription.interval_hours),
        MIN_USUAL_GAP,
    )
    return now - last_new > usual * STALE_FACTOR
