"""The command line's "For you" commands: ``dismiss`` / ``undismiss`` (the "Not
interested" mark) and ``rank`` (scores and reasons), and the for-you order of ``list``.
Registered by ``cli.py`` with :func:`add_parsers` and :data:`COMMANDS`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import Command, error_note
from readinglist.cli_output import json_text, one_line
from readinglist.core.library import Library
from readinglist.domain.entities import Paper, PaperQuery

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranking


def _ids_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("ids", nargs="+", type=positive_int, metavar="ID")


def _rank_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--tag", metavar="T", help="rank for this tag's papers instead")
    scope = cmd.add_mutually_exclusive_group()
    scope.add_argument("--digest", type=positive_int, metavar="ID", help="a digest's papers")
    scope.add_argument("--all", action="store_true", help="every paper of the library")
    cmd.add_argument("--limit", type=positive_int, default=20, metavar="N")
    cmd.add_argument("--json", action="store_true", help="print JSON")


def sorted_papers(library: Library, query: PaperQuery, sort: str | None) -> list[Paper]:
    """The papers of ``query`` in the order ``list --sort`` asks for (None: newest import
    first), at most ``query.limit`` of them."""
    if sort is None or sort == "added":
        return library.papers(query)
    papers = library.papers(dataclasses.replace(query, limit=None))
    if sort == "published":
        papers.sort(key=lambda p: p.published or "", reverse=True)
    elif sort == "title":
        papers.sort(key=lambda p: p.title.casefold())
    else:
        _train_if_needed(library)
        by_id = {p.id: p for p in papers}
        papers = [by_id[pid] for pid, _ in library.ranking.rank(list(by_id)).scores]
    return papers[: query.limit]


def prepare_score_query(library: Library, query: str) -> None:
    """Before a search with ``score:``: train when the signals changed and score what the
    model has not scored (the condition reads the scores kept in the library); say so on
    stderr when there is no model, so the condition matches nothing."""
    from readinglist.core.ranking import score_queries

    if not score_queries.uses_score(query):
        return
    if not library.read_only:
        _train_if_needed(library)
        score_queries.score_missing(library.ranking, limit=None)
    score_note(library, query)


def score_note(library: Library, query: str) -> None:
    """A note on stderr when ``query`` has a ``score:`` condition and no model exists."""
    from readinglist.core.ranking import score_queries

    note = score_queries.no_model_note(library.ranking, query)
    if note:
        error_note(note)


def _train_if_needed(library: Library) -> None:
    if not library.read_only and library.ranking.needs_training():
        library.ranking.retrain(in_process=True)


def _cmd_dismiss(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.dismiss(args.ids)
    out.writelines(f"{pid}: not interested\n" for pid in dict.fromkeys(args.ids))
    return 0


def _cmd_undismiss(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.undismiss(args.ids)
    out.writelines(f"{pid}: back in the ranking\n" for pid in dict.fromkeys(args.ids))
    return 0


def _cmd_rank(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.all:
        ids = [row.id for row in library.rows()]
    else:
        digests = library.digests()
        digest_id = args.digest or (digests[0].id if digests else None)
        if digest_id is not None:
            library.digest(digest_id)  # an unknown digest is an error
        ids = (
            []
            if digest_id is None
            else [p.id for p in library.papers(PaperQuery(digest_id=digest_id))]
        )
    if args.tag and args.tag.casefold() not in {t.casefold() for t in library.tags()}:
        sys.stderr.write(f"readinglist: note: no paper has the tag {one_line(args.tag)!r}\n")
    _train_if_needed(library)
    tag = _spelled(library, args.tag or "")
    ranking = library.ranking.rank(ids, tag)
    top = ranking.scores[: args.limit]
    papers = {p.id: p for p in library.papers_by_ids([pid for pid, _ in top])}
    reasons = {pid: library.ranking.reasons(pid, tag) for pid, _ in top}
    if args.json:
        out.write(json_text(_as_json(ranking, top, papers, reasons)) + "\n")
        return 0
    out.write(one_line(ranking.explain()) + "\n")
    for pid, score in top:
        why = f"  [{', '.join(reasons[pid])}]" if reasons[pid] else ""
        out.write(one_line(f"{score:5.2f} {pid:>6} {papers[pid].title}{why}") + "\n")
    return 0


def _spelled(library: Library, tag: str) -> str:
    """The tag as the library spells it (tags match without regard to case)."""
    for name in library.tags():
        if name.casefold() == tag.casefold():
            return name
    return tag


def _as_json(
    ranking: Ranking,
    top: Sequence[tuple[int, float]],
    papers: dict[int, Paper],
    reasons: dict[int, list[str]],
) -> dict[str, Any]:
    return {
        "mode": ranking.mode,
        "explain": ranking.explain(),
        "model_version": ranking.model_version,
        "results": [
            {"id": pid, "title": papers[pid].title, "score": score, "reasons": reasons[pid]}
            for pid, score in top
        ],
    }


COMMANDS = (
    Command(
        "dismiss",
        "mark papers 'Not interested' (a signal for the For you ranking)",
        _cmd_dismiss,
        _ids_arguments,
    ),
    Command(
        "undismiss", "undo that (a signal for the For you ranking)", _cmd_undismiss, _ids_arguments
    ),
    Command(
        "rank",
        "papers ranked for you, with scores and the words behind them",
        _cmd_rank,
        _rank_arguments,
    ),
)
