"""OPML, the portable form of subscriptions (and of the rules, in our own attributes).

Any feed reader's OPML imports (each ``xmlUrl`` becomes a subscription of the kind its URL
suggests); ours also keeps each subscription's kind, target, interval and rules in
attributes of the ``rl:`` namespace that other readers ignore. Parsed with defusedxml.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from readinglist.core.enrich_http import with_query
from readinglist.core.feeds import Endpoints, guess_kind
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.subscriptions import (
    ARXIV_LISTING,
    ARXIV_QUERY,
    DEFAULT_INTERVAL_HOURS,
    HF_DAILY,
    KINDS,
    Rule,
    Subscription,
)

NAMESPACE = "https://readinglist.example/opml"
_NS = "{" + NAMESPACE + "}"
EVERYWHERE = "Reading List rules"
MAX_OPML_BYTES = 16 * 1024 * 1024  # a reader's list of thousands of feeds is a few MB


@dataclass(slots=True)
class RuleSpec:
    """A rule as OPML carries it."""

    query: str
    action: str
    argument: str = ""
    name: str = ""


@dataclass(slots=True)
class SubscriptionSpec:
    """A subscription as OPML carries it, with the rules scoped to it."""

    name: str
    kind: str
    target: str
    interval_hours: int = DEFAULT_INTERVAL_HOURS
    enabled: bool = True
    rules: list[RuleSpec] = field(default_factory=list)


@dataclass(slots=True)
class OpmlContent:
    """Everything an OPML file brings."""

    subscriptions: list[SubscriptionSpec] = field(default_factory=list)
    rules: list[RuleSpec] = field(default_factory=list)  # rules for every subscription


def feed_url(subscription: Subscription, endpoints: Endpoints) -> str:
    """The URL another feed reader would follow for this subscription."""
    if subscription.kind == HF_DAILY:
        return f"{endpoints.hf.rstrip('/')}/api/daily_papers"
    if subscription.kind == ARXIV_LISTING:
        return f"{endpoints.arxiv_rss.rstrip('/')}/{subscription.target}"
    if subscription.kind == ARXIV_QUERY:
        return with_query(endpoints.arxiv_api, search_query=subscription.target)
    return subscription.target


def write_opml(
    subscriptions: Iterable[Subscription], rules: Iterable[Rule], endpoints: Endpoints
) -> str:
    """The subscriptions and rules as an OPML 2.0 document."""
    rules = list(rules)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<opml version="2.0" xmlns:rl={quoteattr(NAMESPACE)}>',
        "  <head><title>Reading List subscriptions</title></head>",
        "  <body>",
    ]
    for sub in subscriptions:
        attributes = {
            "text": sub.name,
            "title": sub.name,
            "type": "rss",
            "xmlUrl": feed_url(sub, endpoints),
            "rl:kind": sub.kind,
            "rl:target": sub.target,
            "rl:interval": str(sub.interval_hours),
            "rl:enabled": "1" if sub.enabled else "0",
        }
        own = [r for r in rules if r.subscription_id == sub.id]
        lines.append(f"    <outline {_attrs(attributes)}{'>' if own else '/>'}")
        if own:
            lines += [f"      {_rule_line(rule)}" for rule in own]
            lines.append("    </outline>")
    everywhere = [r for r in rules if r.subscription_id is None]
    if everywhere:
        lines.append(f'    <outline text={quoteattr(EVERYWHERE)} rl:rules="everywhere">')
        lines += [f"      {_rule_line(rule)}" for rule in everywhere]
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attrs(values: dict[str, str]) -> str:
    return " ".join(f"{name}={quoteattr(value)}" for name, value in values.items())


def _rule_line(rule: Rule) -> str:
    values = {
        "text": rule.describe(),
        "rl:query": rule.query,
        "rl:action": rule.action,
        "rl:argument": rule.argument,
        "rl:name": rule.name,
    }
    return f"<outline {_attrs(values)}/>"


def read_opml(data: bytes) -> OpmlContent:
    """The subscriptions and rules of an OPML file; InvalidInputError when it is not one."""
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as exc:
        raise InvalidInputError(f"not an OPML file ({exc})") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise InvalidInputError("not an OPML file (no <opml><body>)")
    content = OpmlContent()
    _walk(body, content)
    return content


def read_opml_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an OPML file, read up to :data:`MAX_OPML_BYTES` (a larger file, or a
    device that never ends, is refused before it fills the memory); InvalidInputError."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_OPML_BYTES + 1)
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_OPML_BYTES:
        limit = MAX_OPML_BYTES // (1024 * 1024)
        raise InvalidInputError(f"{path}: too large for an OPML file (over {limit} MiB)")
    return data


def _walk(body: Element, content: OpmlContent) -> None:
    """Every outline under ``body`` in document order; folders of feeds are walked with a
    stack of their own, so any depth of nesting is read."""
    pending: list[Iterator[Element]] = [iter(body.findall("outline"))]
    while pending:
        outline = next(pending[-1], None)
        if outline is None:
            pending.pop()
            continue
        if outline.get(_NS + "rules") == "everywhere":
            content.rules += [_rule(child) for child in outline.findall("outline")]
            continue
        spec = _subscription(outline)
        if spec is None:
            pending.append(iter(outline.findall("outline")))  # a folder of feeds
            continue
        spec.rules = [_rule(child) for child in outline.findall("outline")]
        content.subscriptions.append(spec)


def _subscription(outline: Element) -> SubscriptionSpec | None:
    kind = outline.get(_NS + "kind")
    url = outline.get("xmlUrl", "").strip()
    if kind not in KINDS:
        if not url:
            return None
        try:
            kind, target = guess_kind(url)
        except InvalidInputError:
            return None
    else:
        target = outline.get(_NS + "target", url)
    name = (outline.get("title") or outline.get("text") or url or kind).strip()
    interval = outline.get(_NS + "interval", "")
    return SubscriptionSpec(
        name=name,
        kind=kind,
        target=target,
        interval_hours=int(interval) if interval.isdigit() else DEFAULT_INTERVAL_HOURS,
        enabled=outline.get(_NS + "enabled", "1") != "0",
    )


def _rule(outline: Element) -> RuleSpec:
    return RuleSpec(
        query=outline.get(_NS + "query", ""),
        action=outline.get(_NS + "action", ""),
        argument=outline.get(_NS + "argument", ""),
        name=outline.get(_NS + "name", ""),
    )
