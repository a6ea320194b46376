"""Rules: a query in the app's language plus an action, applied once to each new paper.

New papers are those of the digests imported since the rules last ran (a watermark kept in
``meta``), so a paper fetched by a subscription or imported by hand is ruled once, and a
kill between an import and its rules only delays them to the next run. What a rule did to
a paper is recorded (``rule_applications``) in the same transaction as the action and the
watermark: it never acts on the same paper twice.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable

from readinglist.domain.errors import InvalidInputError
from readinglist.domain.subscriptions import (
    ACTIONS,
    HIDE,
    HIGHLIGHT,
    NOTIFY,
    STAR,
    TAG,
    Rule,
    RuleReport,
)
from readinglist.domain.tags import clean_tag
from readinglist.storage import annotations as annotations_db
from readinglist.storage import changes as changes_db
from readinglist.storage import codec, rules_db
from readinglist.storage import digests as digests_db
from readinglist.storage import subscriptions_db as subs_db
from readinglist.storage import tags as tags_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

# ``Library.matching_ids``: the papers a query matches.
Matcher = Callable[[str], set[int]]

WATERMARK = "rules_done_digest"
EVERYTHING = "*"  # a rule for every new paper in its scope
MAX_NAME = 80
PREVIEW_DIGESTS = 5  # the live count of the rules dialog looks at the last few digests


def check_rule(query: str, action: str, argument: str) -> tuple[str, str, str]:
    """The rule's parts cleaned; InvalidInputError when they make no rule."""
    query = query.strip()
    if not query:
        raise InvalidInputError("a rule needs a query (e.g. title:diffusion)")
    if action not in ACTIONS:
        raise InvalidInputError(f"unknown rule action {action!r} (use {', '.join(ACTIONS)})")
    argument = argument.strip()
    if action == TAG:
        if not argument:
            raise InvalidInputError("a tag rule needs the tag to give")
        argument = clean_tag(argument)
    return query, action, argument


def clean_name(name: str) -> str:
    """A rule's name as kept: one line, spaces collapsed; InvalidInputError when long."""
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise InvalidInputError(f"a rule's name has at most {MAX_NAME} characters")
    return name


def rule_name(rule: Rule) -> str:
    """How a person recognises a rule: its name, or else its query."""
    return rule.label


def apply_pending(db: Database, matcher: Matcher) -> RuleReport:
    """Apply the enabled rules to the papers of every digest not yet ruled."""
    report = RuleReport()
    conn = db.connection
    with db.snapshot():
        done = int(rules_db.get_meta(conn, WATERMARK, "0"))
        digests = rules_db.digests_after(conn, done)
        if not digests:
            return report
        held = rules_db.digest_paper_ids(conn, digests)
        owners = subs_db.digest_owners(conn, digests)
        rules = [rule for rule in rules_db.list_rules(conn) if rule.enabled]
    arrived = {pid for ids in held.values() for pid in ids}
    report.papers = len(arrived)
    plans = []
    for rule in rules:
        scope = _in_scope(rule, held, owners)
        matched = _matching(matcher, rule.query, scope) if scope else set()
        plans.append((rule, matched))
    now = codec.now_iso()
    with db.transaction() as conn:
        if int(rules_db.get_meta(conn, WATERMARK, "0")) != done:
            return RuleReport()  # another process ruled these digests meanwhile
        changed: set[int] = set()
        for rule, matched in plans:
            fresh = matched - rules_db.already_applied(conn, rule.id, matched)
            if not fresh:
                continue
            changed |= _act(conn, rule, fresh, now)
            rules_db.record_applications(conn, rule.id, fresh, now)
            report.applied += len(fresh)
            report.matched |= fresh
            if rule.action == NOTIFY:
                report.notify |= fresh
                report.notified[rule.label] = report.notified.get(rule.label, 0) + len(fresh)
        rules_db.set_meta(conn, WATERMARK, str(max(digests)))
        if changed:
            changes_db.bump_generation(conn, changed)
    logger.info("rules: %d new papers, %d actions", report.papers, report.applied)
    return report


def _in_scope(rule: Rule, held: dict[int, list[int]], owners: dict[int, set[int]]) -> set[int]:
    """The new papers a rule may act on: all, or those its subscription brought."""
    return {
        pid
        for digest_id, ids in held.items()
        if rule.subscription_id is None or rule.subscription_id in owners.get(digest_id, set())
        for pid in ids
    }


def _act(conn: sqlite3.Connection, rule: Rule, paper_ids: Iterable[int], now: str) -> set[int]:
    """Do the rule's action; return the papers whose annotations changed."""
    changed: set[int] = set()
    for pid in paper_ids:
        if rule.action == TAG:
            did = tags_db.add_tag(conn, pid, rule.argument)
        elif rule.action == STAR:
            did = annotations_db.set_flag(conn, pid, "starred", True, now)
        else:  # hidden or highlighted papers are shown differently: redraw them
            did = rule.action in (HIDE, HIGHLIGHT)
        if did:
            changed.add(pid)
    return changed


def preview_count(
    db: Database, matcher: Matcher, query: str, digests: int = PREVIEW_DIGESTS
) -> int:
    """How many papers of the last ``digests`` digests ``query`` matches (0 for a query
    that cannot be read yet, as while it is typed)."""
    if not query.strip():
        return 0
    conn = db.connection
    with db.snapshot():
        recent = [d.id for d in digests_db.list_digests(conn)[:digests]]
        held = rules_db.digest_paper_ids(conn, recent)
    pool = {pid for ids in held.values() for pid in ids}
    try:
        return len(_matching(matcher, query, pool))
    except InvalidInputError:
        return 0


def _matching(matcher: Matcher, query: str, pool: set[int]) -> set[int]:
    """The papers of ``pool`` that ``query`` matches (``*``: all of them)."""
    if query.strip() == EVERYTHING:
        return set(pool)
    return matcher(query) & pool
