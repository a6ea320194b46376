"""Subscriptions, rules and the inbox as one service (``Library.subscriptions``).

It composes ``feeds`` (what to request), ``fetching`` (download and store), ``schedule``
(due, backoff, stale), ``rules`` (act once on new papers), ``inbox`` and ``opml``. It asks
the library for matching papers through a plain function, so it never imports the facade.

Adding or removing a subscription or a rule moves the library's generation like any other
write (naming the papers a removed hide or highlight rule had marked): a window open on the
library while the command line changes them sees the change and reads its section again.
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from readinglist.core import inbox, rules
from readinglist.core.feeds import Endpoints, check_target, plan
from readinglist.core.fetching import Cancelled, FetchSettings, Pacer, fetch_subscription
from readinglist.core.opml import OpmlContent, RuleSpec, read_opml, write_opml
from readinglist.core.schedule import due, is_stale
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import InvalidInputError, SubscriptionNotFoundError
from readinglist.domain.subscriptions import (
    DEFAULT_INTERVAL_HOURS,
    FetchOutcome,
    FetchRun,
    Rule,
    RuleReport,
    Subscription,
)
from readinglist.formats import read_digest
from readinglist.storage import changes as changes_db
from readinglist.storage import codec, rules_db
from readinglist.storage import subscriptions_db as subs_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

# Called before each subscription with (done, total, name); returning False stops the run.
FetchProgress = Callable[[int, int, str], bool | None]
PREVIEW_LIMIT = 50


class SubscriptionService:
    """Add, list, fetch and remove subscriptions; edit rules; read the inbox."""

    def __init__(self, db: Database, matcher: rules.Matcher) -> None:
        self._db = db
        self._matcher = matcher

    # ------------------------------------------------------------- subscriptions

    def subscribe(
        self, name: str, kind: str, target: str = "", interval_hours: int = DEFAULT_INTERVAL_HOURS
    ) -> Subscription:
        """Add a subscription (due at once). InvalidInputError for a bad target or a name
        already in use."""
        name = " ".join(name.split())
        if not name:
            raise InvalidInputError("a subscription needs a name")
        if interval_hours < 1:
            raise InvalidInputError("the interval is at least 1 hour")
        target = check_target(kind, target)
        try:
            with self._db.transaction() as conn:
                new_id = subs_db.insert_subscription(
                    conn, name, kind, target, interval_hours, codec.now_iso()
                )
                changes_db.bump_generation(conn)
        except sqlite3.IntegrityError as exc:
            raise InvalidInputError(f"a subscription named {name!r} exists already") from exc
        return self.get(new_id)

    def get(self, name_or_id: str | int) -> Subscription:
        """One subscription by name or id; SubscriptionNotFoundError."""
        found = subs_db.find_subscription(self._db.connection, name_or_id)
        if found is None:
            raise SubscriptionNotFoundError(f"subscription {name_or_id!r}")
        return found

    def list(self, now: datetime | None = None) -> list[Subscription]:
        """Every subscription with its state, whether it is stale and its unseen count."""
        moment = now or FetchSettings().now()
        with self._db.snapshot() as conn:
            found = subs_db.list_subscriptions(conn)
            unseen = subs_db.unseen_counts(conn, inbox.last_visit(self._db))
            for sub in found:
                sub.stale = is_stale(sub, moment)
                sub.unseen = unseen.get(sub.id, 0)
        return found

    def unsubscribe(self, name_or_id: str | int) -> Subscription:
        """Forget a subscription and its rules (its digests and papers stay)."""
        found = self.get(name_or_id)
        with self._db.transaction() as conn:
            marked = rules_db.marked_by_rules_of(conn, found.id)  # its rules go with it
            subs_db.delete_subscription(conn, found.id)
            changes_db.bump_generation(conn, marked)
        return found

    def digest_ids(self, name_or_id: str | int) -> builtins.list[int]:
        """The digests a subscription's fetches became, newest first."""
        return subs_db.subscription_digest_ids(self._db.connection, self.get(name_or_id).id)

    def touched_ids(self, run: FetchRun) -> set[int]:
        """The papers a run stored (those of the digests it made, new or merged) and those
        its rules acted on: what a list of the library must read again after it, found by
        digest rather than by reading every paper."""
        digests = [digest_id for outcome in run.outcomes for digest_id in outcome.digest_ids]
        with self._db.snapshot() as conn:
            held = rules_db.digest_paper_ids(conn, digests)
        return {pid for ids in held.values() for pid in ids} | run.rules.matched

    def due(self, now: datetime) -> builtins.list[Subscription]:
        """The subscriptions to fetch at ``now`` (never fetched, or their time has come)."""
        return due(subs_db.list_subscriptions(self._db.connection), now)

    def fetch(
        self,
        names: Sequence[str] = (),
        *,
        only_due: bool = False,
        settings: FetchSettings | None = None,
        progress: FetchProgress | None = None,
        apply_rules: bool = True,
        cancelled: Cancelled = None,
    ) -> FetchRun:
        """Fetch the named subscriptions (default: all enabled ones; ``only_due``: those due
        now), then apply the rules to what arrived (unless ``apply_rules`` is False: the
        caller then calls :meth:`apply_rules`). A failing subscription does not stop the
        others: its outcome carries the error. ``cancelled()`` stops the run between
        requests and mid-answer: the subscription being fetched stores nothing."""
        settings = settings or FetchSettings()
        chosen = [self.get(name) for name in names] if names else [
            s for s in subs_db.list_subscriptions(self._db.connection) if s.enabled
        ]  # fmt: skip
        if only_due:
            chosen = due(chosen, settings.now())
        run = FetchRun()
        pacer = Pacer(settings)
        for done, subscription in enumerate(chosen):
            if progress and progress(done, len(chosen), subscription.name) is False:
                run.cancelled = True
                break
            outcome = fetch_subscription(self._db, subscription, settings, pacer, cancelled)
            if outcome.cancelled:
                run.cancelled = True
                break
            run.outcomes.append(outcome)
        if progress:
            progress(len(run.outcomes), len(chosen), "")
        if apply_rules:
            run.rules = self.apply_rules()
        return run

    def preview(
        self, kind: str, target: str, settings: FetchSettings | None = None
    ) -> builtins.list[PaperRecord]:
        """What a subscription would bring now (the first request of its first fetch),
        without storing anything. Raises ImportFailedError / InvalidInputError."""
        from readinglist.core.download import fetch

        settings = settings or FetchSettings()
        target = check_target(kind, target)
        probe = Subscription(id=0, name="preview", kind=kind, target=target)
        requests = plan(probe, settings.endpoints, settings.now(), set())
        records: list[PaperRecord] = []
        for request in reversed(requests):  # newest first: today's day, the live feed
            data = fetch(request.url, timeout=settings.timeout, max_bytes=settings.max_bytes)
            if data.data.strip() in (b"", b"[]"):
                continue
            name = data.filename if "." in data.filename else "preview.json"
            records += read_digest(data.data, name, settings.now().date()).records
            if len(records) >= PREVIEW_LIMIT:
                break
        return records[:PREVIEW_LIMIT]

    # --------------------------------------------------------------------- rules

    def add_rule(
        self,
        query: str,
        action: str,
        argument: str = "",
        subscription: str | int | None = None,
        name: str = "",
    ) -> Rule:
        """Add a rule for new papers of one subscription, or of all (None); ``name`` is
        what it is called (empty: by its query)."""
        query, action, argument = rules.check_rule(query, action, argument)
        name = rules.clean_name(name)
        if query != rules.EVERYTHING:
            self._matcher(query)  # a query the search cannot read is refused now
        scope = self.get(subscription).id if subscription is not None else None
        with self._db.transaction() as conn:
            rule_id = rules_db.insert_rule(conn, query, action, argument, scope, name)
            changes_db.bump_generation(conn)  # it acts on new papers only: none changed
        return next(rule for rule in self.rules() if rule.id == rule_id)

    def rules(self) -> builtins.list[Rule]:
        """Every rule in the order they apply."""
        return rules_db.list_rules(self._db.connection)

    def remove_rule(self, rule_id: int) -> None:
        """Delete a rule; SubscriptionNotFoundError when there is none with that id."""
        with self._db.transaction() as conn:
            marked = rules_db.marked_by_rule(conn, rule_id)  # drawn plainly, or back in
            if not rules_db.delete_rule(conn, rule_id):
                raise SubscriptionNotFoundError(f"rule with id {rule_id}")
            changes_db.bump_generation(conn, marked)

    def apply_rules(self) -> RuleReport:
        """Apply the rules to every paper that arrived since they last ran."""
        return rules.apply_pending(self._db, self._matcher)

    def preview_rule(self, query: str) -> int:
        """How many papers of the last digests ``query`` matches."""
        return rules.preview_count(self._db, self._matcher, query)

    def highlights(self) -> dict[int, builtins.list[str]]:
        """Each paper a highlight rule marked, with the names of those rules."""
        with self._db.snapshot() as conn:
            found = rules_db.highlighting_rules(conn)
        return {pid: [rules.rule_name(rule) for rule in marked] for pid, marked in found.items()}

    def marked_ids(self, action: str) -> set[int]:
        """Papers a hide or highlight rule acted on."""
        return rules_db.marked_ids(self._db.connection, action)

    # --------------------------------------------------------------------- inbox

    def inbox_ids(self) -> builtins.list[int]:
        """What arrived since the last visit, minus what rules hid; newest first."""
        return inbox.inbox_ids(self._db)

    def inbox_count(self) -> int:
        """How many papers the inbox holds (without listing them)."""
        return inbox.inbox_count(self._db)

    def visit_inbox(self, when: str | None = None) -> None:
        """Mark the inbox seen."""
        inbox.visit(self._db, when)

    # ---------------------------------------------------------------------- OPML

    def export_opml(self, endpoints: Endpoints | None = None) -> str:
        """Subscriptions and rules as OPML."""
        return write_opml(
            subs_db.list_subscriptions(self._db.connection),
            self.rules(),
            endpoints or Endpoints.from_environment(),
        )

    def import_opml(self, data: bytes) -> tuple[builtins.list[str], builtins.list[str]]:
        """Add the subscriptions and rules of an OPML file, all or nothing; return the
        names added and those skipped (a subscription of that name exists already)."""
        content: OpmlContent = read_opml(data)
        added: list[str] = []
        skipped: list[str] = []
        now = codec.now_iso()
        with self._db.transaction() as conn:
            for spec in content.subscriptions:
                if subs_db.find_subscription(conn, spec.name) is not None:
                    skipped.append(spec.name)
                    continue
                target = check_target(spec.kind, spec.target)
                sub_id = subs_db.insert_subscription(
                    conn, spec.name, spec.kind, target, max(1, spec.interval_hours), now
                )
                if not spec.enabled:
                    subs_db.update_state(conn, sub_id, enabled=0)
                for rule in spec.rules:
                    _insert_rule(conn, rule, sub_id)
                added.append(spec.name)
            for rule in content.rules:
                _insert_rule(conn, rule, None)
            if added or content.rules:
                changes_db.bump_generation(conn)
        return added, skipped


def _insert_rule(conn: sqlite3.Connection, spec: RuleSpec, scope: int | None) -> None:
    """Add a rule read from OPML (checked as one typed in)."""
    checked = rules.check_rule(spec.query, spec.action, spec.argument)
    rules_db.insert_rule(conn, *checked, scope, rules.clean_name(spec.name))


def outcome_line(outcome: FetchOutcome) -> str:
    """One line for a person: ``HF daily: 12 new, 3 already known`` or the error."""
    if outcome.error:
        return f"{outcome.subscription}: failed: {outcome.error}"
    if outcome.not_modified and not outcome.digest_ids:
        return f"{outcome.subscription}: nothing new (not modified)"
    known = outcome.merged + outcome.unchanged
    return f"{outcome.subscription}: {outcome.new} new, {known} already known"
