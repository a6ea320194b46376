"""The command line of subscriptions, rules and the inbox (registered by ``cli.py``).

``subscribe``, ``subscriptions``, ``unsubscribe``, ``fetch`` (for cron, systemd timers and
the Task Scheduler: exit code 1 when a subscription failed), ``rules add|list|remove``,
``inbox``, ``import-subscriptions`` and ``export-subscriptions`` (OPML).
"""

from __future__ import annotations

import argparse
import urllib.parse
from pathlib import Path
from typing import TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import Command
from readinglist.cli_output import json_text, one_line
from readinglist.cli_ranking import score_note
from readinglist.core.feeds import guess_kind
from readinglist.core.library import Library
from readinglist.core.opml import read_opml_file
from readinglist.core.subscriptions import outcome_line
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.files import write_text_atomically
from readinglist.domain.subscriptions import (
    ACTIONS,
    ARXIV_LISTING,
    ARXIV_QUERY,
    DEFAULT_INTERVAL_HOURS,
    HF_DAILY,
    Subscription,
)

EXIT_OK, EXIT_ERROR = 0, 1


def _subscribe_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("source", nargs="?", default="", metavar="SOURCE",
                     help="hf, arXiv categories (cs.CL, cs.CV+cs.LG) or a feed URL")  # fmt: skip
    cmd.add_argument("--query", metavar="Q", help="an arXiv API search_query (au:Hinton ...)")
    cmd.add_argument("--name", help="the subscription's name (default: from the source)")
    cmd.add_argument("--every", type=positive_int, default=DEFAULT_INTERVAL_HOURS,
                     metavar="HOURS", help="fetch every HOURS hours (default 24)")  # fmt: skip


def _json_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--json", action="store_true", help="print JSON")


def _unsubscribe_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("name", metavar="NAME")


def _fetch_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("names", nargs="*", metavar="NAME", help="default: every enabled one")
    cmd.add_argument("--due", action="store_true", help="only those whose time has come")
    cmd.add_argument("--json", action="store_true", help="print JSON")


def _rules_arguments(cmd: argparse.ArgumentParser) -> None:
    actions = cmd.add_subparsers(dest="rules_command", metavar="ACTION")
    sub = actions.add_parser("list", help="list rules")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = actions.add_parser("add", help="add a rule: QUERY and one action")
    sub.add_argument("query", metavar="QUERY")
    what = sub.add_mutually_exclusive_group(required=True)
    what.add_argument("--tag", metavar="TAG", help="tag matching new papers")
    for action in ACTIONS:
        if action != "tag":
            what.add_argument(f"--{action}", action="store_true", help=f"{action} them")
    sub.add_argument("--subscription", metavar="NAME", help="only this subscription's papers")
    sub.add_argument("--name", default="", help="what to call the rule (default: its query)")
    sub = actions.add_parser("remove", help="remove a rule")
    sub.add_argument("id", type=positive_int)
    cmd.add_argument("--json", action="store_true", help="print JSON")


def _inbox_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--seen", action="store_true", help="then mark the inbox seen")
    cmd.add_argument("--json", action="store_true", help="print JSON")


def _file_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", metavar="FILE")


def _output_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("-o", "--output", metavar="FILE", help="write FILE (default: stdout)")


def _subscribe(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.query:
        kind, target = ARXIV_QUERY, args.query
    elif args.source:
        kind, target = guess_kind(args.source)
    else:
        raise InvalidInputError("subscribe: give a SOURCE (hf, cs.CL, a URL) or --query")
    name = args.name or _default_name(kind, target)
    found = library.subscriptions.subscribe(name, kind, target, args.every)
    source = f"{found.kind} {found.target}".strip()  # Daily Papers has no target
    out.write(one_line(f"subscribed: {found.name} ({source})") + "\n")
    return EXIT_OK


def _default_name(kind: str, target: str) -> str:
    if kind == HF_DAILY:
        return "Hugging Face Daily Papers"
    if kind == ARXIV_LISTING:
        return f"arXiv {target}"
    if kind == ARXIV_QUERY:
        return f"arXiv query {target}"
    parts = urllib.parse.urlsplit(target)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def _subscriptions(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    found = library.subscriptions.list()
    if args.json:
        out.write(json_text([s.to_json() for s in found]) + "\n")
        return EXIT_OK
    for sub in found:
        out.write(subscription_line(sub) + "\n")
    return EXIT_OK


def subscription_line(sub: Subscription) -> str:
    """One line: name, kind, schedule, last fetch and its state in words."""
    state = "never fetched" if sub.last_fetch is None else f"last fetch {sub.last_fetch}"
    if sub.last_error:
        state += f", failed ({sub.failures}x): {sub.last_error}"
    elif sub.last_fetch:
        state += f", {sub.papers_new} new"
    if sub.stale:
        state += ", stale"
    if not sub.enabled:
        state += ", disabled"
    what = f"{sub.kind} {sub.target}".rstrip()
    return one_line(f"{sub.id:>3}  {sub.name}  [{what}, every {sub.interval_hours}h]  {state}")


def _unsubscribe(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    gone = library.subscriptions.unsubscribe(args.name)
    out.write(one_line(f"unsubscribed: {gone.name} (its papers stay)") + "\n")
    return EXIT_OK


def _fetch(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    run = library.subscriptions.fetch(args.names, only_due=args.due)
    if args.json:
        out.write(json_text(run.to_json()) + "\n")
    else:
        for outcome in run.outcomes:
            out.write(one_line(outcome_line(outcome)) + "\n")
        if run.rules.applied:
            out.write(f"rules: {run.rules.applied} actions on {len(run.rules.matched)} papers\n")
        if run.rules.notify:
            matched = f"{len(run.rules.notify)} new papers match your rules"
            out.write(one_line(f"{matched}: {run.rules.notify_names()}") + "\n")
    return EXIT_ERROR if run.failed else EXIT_OK


def _rules(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    subs = library.subscriptions
    if args.rules_command == "add":
        action = "tag" if args.tag is not None else next(a for a in ACTIONS if getattr(args, a))
        rule = subs.add_rule(args.query, action, args.tag or "", args.subscription, args.name)
        score_note(library, rule.query)  # score: without a model matches nothing
        out.write(one_line(f"rule {rule.id}: {rule.describe()}") + "\n")
        return EXIT_OK
    if args.rules_command == "remove":
        subs.remove_rule(args.id)
        out.write(f"removed rule {args.id}\n")
        return EXIT_OK
    names = {s.id: s.name for s in subs.list()}
    found = subs.rules()
    if args.json:
        out.write(json_text([r.to_json() for r in found]) + "\n")
        return EXIT_OK
    for rule in found:
        scope = names.get(rule.subscription_id or 0, "every subscription")
        off = "" if rule.enabled else "  (disabled)"
        out.write(one_line(f"{rule.id:>3}  {rule.describe()}  [{scope}]{off}") + "\n")
    return EXIT_OK


def _inbox(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    subs = library.subscriptions
    papers = library.papers_by_ids(subs.inbox_ids())
    if args.json:
        out.write(json_text([p.to_json() for p in papers]) + "\n")
    else:
        for paper in papers:
            out.write(one_line(f"{paper.id:>6}  {paper.title or paper.key}") + "\n")
    if args.seen:
        subs.visit_inbox()
    return EXIT_OK


def _import_subscriptions(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    added, skipped = library.subscriptions.import_opml(read_opml_file(args.file))
    out.write(f"{len(added)} subscriptions added\n")
    for name in skipped:
        out.write(one_line(f"skipped {name}: a subscription of that name exists") + "\n")
    return EXIT_OK


def _export_subscriptions(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    text = library.subscriptions.export_opml()
    if args.output:
        write_text_atomically(Path(args.output), text, make_folders=False)
        out.write(f"wrote {args.output}\n")
    else:
        out.write(text)
    return EXIT_OK


COMMANDS = (
    Command(
        "subscribe",
        "follow Daily Papers (hf), arXiv categories, an arXiv query or a URL",
        _subscribe,
        _subscribe_arguments,
    ),
    Command("subscriptions", "list subscriptions and their state", _subscriptions, _json_argument),
    Command("unsubscribe", "stop following a subscription", _unsubscribe, _unsubscribe_arguments),
    Command("fetch", "fetch subscriptions now (for cron and timers)", _fetch, _fetch_arguments),
    Command("rules", "list, add or remove rules for new papers", _rules, _rules_arguments),
    Command("inbox", "papers that arrived since the last visit", _inbox, _inbox_arguments),
    Command(
        "import-subscriptions",
        "add subscriptions from OPML",
        _import_subscriptions,
        _file_argument,
    ),
    Command(
        "export-subscriptions",
        "subscriptions and rules as OPML",
        _export_subscriptions,
        _output_argument,
    ),
)
