"""Commands that read the library: ``list``, ``show``, ``search``, ``similar``,
``reindex`` and ``stats``."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import (
    EXIT_OK,
    Command,
    add_json,
    error_note,
    paper_line,
    print_json,
    print_papers,
    state_words,
)
from readinglist.cli_output import one_line
from readinglist.cli_progress import ProgressBar
from readinglist.cli_ranking import prepare_score_query, sorted_papers
from readinglist.core.library import Library
from readinglist.core.ranking.sorting import LIST_SORTS, SORTS
from readinglist.core.searching import OVERLAY_LIMIT
from readinglist.domain.entities import PaperQuery


def _list_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--tag", metavar="T", help="only papers with this tag")
    state = cmd.add_mutually_exclusive_group()
    state.add_argument("--read", action="store_true", help="only read papers")
    state.add_argument("--unread", action="store_true", help="only unread papers")
    cmd.add_argument("--starred", action="store_true", help="only starred papers")
    cmd.add_argument("--digest", type=positive_int, metavar="ID", help="only papers of this digest")
    cmd.add_argument("--limit", type=positive_int, metavar="N", help="at most N papers")
    cmd.add_argument("--sort", choices=LIST_SORTS, help="order (default: newest import first)")
    add_json(cmd)


def _show_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("id", type=positive_int)
    add_json(cmd)


def _search_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("query", nargs="+", help='words, "phrases", OR, -word, field:value ...')
    cmd.add_argument("--limit", type=positive_int, default=20, metavar="N")
    cmd.add_argument("--sort", choices=SORTS)
    add_json(cmd)


def _similar_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("id", type=positive_int)
    cmd.add_argument("--limit", type=positive_int, default=5, metavar="N")
    add_json(cmd)


def _cmd_list(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    read = True if args.read else False if args.unread else None
    query = PaperQuery(
        tag=args.tag,
        read=read,
        starred=True if args.starred else None,
        digest_id=args.digest,
        limit=args.limit,
    )
    if args.digest is not None:
        library.digest(args.digest)  # an unknown digest is an error, not an empty list
    print_papers(sorted_papers(library, query, args.sort), args.json, out)
    return EXIT_OK


def _cmd_show(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    paper = library.paper(args.id)
    if args.json:
        print_json(paper.to_json(), out)
        return EXIT_OK
    lines = [one_line(paper.title) or "(untitled)"]
    if paper.authors:
        lines.append(one_line(", ".join(paper.authors)))
    details = [
        ("id", str(paper.id)),
        ("arXiv", paper.arxiv_id or ""),
        ("DOI", paper.doi or ""),
        ("published", paper.published or ""),
        ("added", paper.added),
        ("state", state_words(paper)),
        ("tags", ", ".join(paper.tags)),
        ("digests", ", ".join(str(d) for d in paper.digests)),
        ("url", paper.url or ""),
    ]
    lines += [f"{label + ':':<11}{one_line(value)}" for label, value in details if value]
    lines += [f"{'' if n else 'links:':<11}{one_line(link)}" for n, link in enumerate(paper.links)]
    if paper.abstract:
        lines += ["", paper.abstract]
    if paper.notes:
        lines += ["", "Notes:", paper.notes]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _cmd_search(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    prepare_score_query(library, " ".join(args.query))
    results = library.search(" ".join(args.query), sort=args.sort or "relevance", limit=args.limit)
    if not results.from_index:
        error_note(
            "the search index is missing or outdated and the library is large; these results "
            "come from a slower plain scan (run 'readinglist reindex')"
        )
    if args.json:
        print_json(results.to_json(), out)
        _catch_up(library, out)
        return EXIT_OK
    out.write(f"{results.total} matching\n")
    for hit in results.hits:
        out.write(paper_line(hit.paper) + "\n")
    if results.did_you_mean:
        out.write(f"did you mean: {results.did_you_mean}\n")
    _catch_up(library, out)
    return EXIT_OK


def _catch_up(library: Library, out: TextIO) -> None:
    """After the answer (papers not yet indexed were found without it), write a big
    backlog to the index, so the next search ranks those papers too."""
    out.flush()
    if library.index_backlog() > OVERLAY_LIMIT and not library.read_only:
        library.sync_index()


def _cmd_similar(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    print_papers(library.similar(args.id, args.limit), args.json, out)
    return EXIT_OK


def _cmd_reindex(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    bar = ProgressBar(sys.stderr, "indexing")
    try:
        library.reindex(bar)
    finally:
        bar.close()
    out.write(f"indexed {library.stats().papers} papers\n")
    return EXIT_OK


def _cmd_stats(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    stats = library.stats()
    if args.json:
        print_json(stats.to_json(), out)
        return EXIT_OK
    out.write(
        f"papers: {stats.papers}\nread: {stats.read}\nunread: {stats.unread}\n"
        f"starred: {stats.starred}\ndigests: {stats.digests}\n"
    )
    if stats.tags:
        out.write("tags:\n")
        for name, count in stats.tags.items():
            out.write(f"  {name}: {count}\n")
    return EXIT_OK


COMMANDS = (
    Command("list", "list papers", _cmd_list, _list_arguments),
    Command("show", "show one paper", _cmd_show, _show_arguments),
    Command(
        "search", "search the library (see the query language)", _cmd_search, _search_arguments
    ),
    Command("similar", "papers like a given one", _cmd_similar, _similar_arguments),
    Command("reindex", "rebuild the search index from the library", _cmd_reindex),
    Command("stats", "library counts", _cmd_stats, add_json),
)
