"""Subscriptions, rules and what a fetch brought: the entities of issue 17."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a subscription follows.
HF_DAILY = "hf-daily"  # Hugging Face Daily Papers, one digest per day
ARXIV_LISTING = "arxiv-listing"  # an arXiv category listing (RSS), e.g. cs.CL or cs.CV+cs.LG
ARXIV_QUERY = "arxiv-query"  # an arXiv API search_query, by submitted date
FEED_URL = "url"  # any URL one of the readers understands
KINDS = (HF_DAILY, ARXIV_LISTING, ARXIV_QUERY, FEED_URL)

# What a rule does to a new paper it matches.
HIDE, TAG, STAR, HIGHLIGHT, NOTIFY = "hide", "tag", "star", "highlight", "notify"
ACTIONS = (HIDE, TAG, STAR, HIGHLIGHT, NOTIFY)

DEFAULT_INTERVAL_HOURS = 24


@dataclass(slots=True)
class Subscription:
    """A feed fetched on a schedule, with the state of its last fetches."""

    id: int
    name: str
    kind: str
    target: str
    interval_hours: int = DEFAULT_INTERVAL_HOURS
    enabled: bool = True
    created_at: str = ""
    last_fetch: str | None = None
    last_success: str | None = None
    last_new_at: str | None = None
    longest_gap_hours: int = 0  # the longest wait between fetches that brought papers
    papers_new: int = 0
    last_error: str | None = None
    failures: int = 0
    next_attempt: str | None = None
    stale: bool = False
    unseen: int = 0  # papers of its digests that arrived since the last inbox visit

    def to_json(self) -> dict[str, Any]:
        """The subscription as ``readinglist subscriptions --json`` prints it."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "target": self.target,
            "interval_hours": self.interval_hours,
            "enabled": self.enabled,
            "last_fetch": self.last_fetch,
            "last_success": self.last_success,
            "papers_new": self.papers_new,
            "last_error": self.last_error,
            "failures": self.failures,
            "next_attempt": self.next_attempt,
            "stale": self.stale,
        }


@dataclass(slots=True)
class Rule:
    """A query in the app's language and the action taken on new papers it matches;
    ``subscription_id`` None means every new paper, else only that subscription's."""

    id: int
    query: str
    action: str
    argument: str = ""
    subscription_id: int | None = None
    enabled: bool = True
    position: int = 0
    name: str = ""  # given by the user; empty: the rule is called by its query

    @property
    def label(self) -> str:
        """What the rule is called: its name, or else its query."""
        return self.name or self.query

    def describe(self) -> str:
        """One line: ``title:diffusion -> tag gen``, after the name when it has one
        (``Generative: title:diffusion -> tag gen``)."""
        what = f"{self.action} {self.argument}".strip()
        line = f"{self.query} -> {what}"
        return f"{self.name}: {line}" if self.name else line

    def to_json(self) -> dict[str, Any]:
        """The rule as ``readinglist rules list --json`` prints it."""
        return {
            "id": self.id,
            "name": self.label,
            "query": self.query,
            "action": self.action,
            "argument": self.argument,
            "subscription_id": self.subscription_id,
            "enabled": self.enabled,
            "position": self.position,
        }


@dataclass(slots=True)
class FetchOutcome:
    """What fetching one subscription did: digests made, papers new, or its error."""

    subscription: str
    digest_ids: list[int] = field(default_factory=list)
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    not_modified: bool = False
    skipped: bool = False  # not due, or waiting out its backoff
    error: str | None = None
    requests: int = 0
    cancelled: bool = False  # the user cancelled it: nothing of it was stored

    @property
    def ok(self) -> bool:
        """True when the fetch worked (even if it brought nothing)."""
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        """The outcome as ``readinglist fetch --json`` prints it."""
        return {
            "subscription": self.subscription,
            "ok": self.ok,
            "digests": self.digest_ids,
            "new": self.new,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "not_modified": self.not_modified,
            "skipped": self.skipped,
            "error": self.error,
        }


@dataclass(slots=True)
class RuleReport:
    """What applying the rules to newly arrived papers did."""

    papers: int = 0  # new papers looked at
    applied: int = 0  # (rule, paper) actions taken
    notify: set[int] = field(default_factory=set)  # papers a notify (or any) rule matched
    matched: set[int] = field(default_factory=set)
    notified: dict[str, int] = field(default_factory=dict)  # notify rule's label -> papers

    def notify_names(self) -> str:
        """The notify rules that matched, by name, with their papers: ``“Diffusion” 8,
        “Agents” 5`` (a paper two rules match counts for each)."""
        return ", ".join(f"“{name}” {count}" for name, count in self.notified.items())


@dataclass(slots=True)
class FetchRun:
    """A run over several subscriptions: each one's outcome, then what the rules did."""

    outcomes: list[FetchOutcome] = field(default_factory=list)
    rules: RuleReport = field(default_factory=RuleReport)
    cancelled: bool = False  # stopped by the user: the subscriptions not in ``outcomes`` wait

    @property
    def new(self) -> int:
        """Papers new to the library over the whole run."""
        return sum(outcome.new for outcome in self.outcomes)

    @property
    def failed(self) -> list[FetchOutcome]:
        """The subscriptions whose fetch failed."""
        return [outcome for outcome in self.outcomes if not outcome.ok]

    def to_json(self) -> dict[str, Any]:
        """The run as ``readinglist fetch --json`` prints it."""
        return {
            "subscriptions": [outcome.to_json() for outcome in self.outcomes],
            "new": self.new,
            "rule_actions": self.rules.applied,
            "notify": len(self.rules.notify),
        }
