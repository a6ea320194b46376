"""The ``readinglist`` command line: a thin front end over :class:`Library`.

Exit codes: 0 success, 1 an error (a file that failed to import, an unknown id ...),
2 a usage error. Errors go to stderr as ``readinglist: error: ...``, one line each, never a
traceback; a closed pipe (``| head``) ends quietly. What is printed for a person never
carries the library's terminal control characters (see ``cli_output``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from readinglist import __version__, cli_subscriptions, paths
from readinglist.cli_args import positive_int
from readinglist.cli_output import (
    TerminalOutput,
    discard_stdout,
    is_terminal,
    json_text,
    one_line,
)
from readinglist.core.download import is_url
from readinglist.core.importer import digest_files
from readinglist.core.library import Library
from readinglist.domain.entities import Digest, ExportOptions, ImportReport, Paper, PaperQuery
from readinglist.domain.errors import ImportFailedError, OutputError, ReadingListError
from readinglist.domain.files import write_text_atomically
from readinglist.formats.writers import WRITERS
from readinglist.logging_setup import configure_logging

PROG = "readinglist"
EXPORT_FORMATS = tuple(WRITERS)
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
_RAW_OUTPUT_COMMANDS = ("export",)  # file content: written as is unless to a terminal
_MAX_UNEXPECTED = 300  # characters of an unexpected error's message shown

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors read ``readinglist: error: COMMAND: message``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        command = self.prog.removeprefix(PROG).strip()
        where = f"{command}: " if command else ""
        self.exit(EXIT_USAGE, f"{PROG}: error: {where}{one_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per action."""
    parser = _Parser(
        prog=PROG,
        description="Triage research-paper digests. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"library folder (default: ${paths.DATA_DIR_ENV} or the per-user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cmd = commands.add_parser(
        "import", help="import digest files, folders or http(s) URLs ('-' reads stdin)"
    )
    cmd.add_argument("paths", nargs="+", metavar="PATH")
    _add_json(cmd)

    cmd = commands.add_parser("list", help="list papers")
    cmd.add_argument("--tag", metavar="T", help="only papers with this tag")
    state = cmd.add_mutually_exclusive_group()
    state.add_argument("--read", action="store_true", help="only read papers")
    state.add_argument("--unread", action="store_true", help="only unread papers")
    cmd.add_argument("--starred", action="store_true", help="only starred papers")
    cmd.add_argument("--digest", type=positive_int, metavar="ID", help="only papers of this digest")
    cmd.add_argument("--limit", type=positive_int, metavar="N", help="at most N papers")
    _add_json(cmd)

    cmd = commands.add_parser("show", help="show one paper")
    cmd.add_argument("id", type=positive_int)
    _add_json(cmd)

    for name, verb in (("tag", "add tags to"), ("untag", "remove tags from")):
        cmd = commands.add_parser(name, help=f"{verb} a paper")
        cmd.add_argument("id", type=positive_int)
        cmd.add_argument("tags", nargs="+", metavar="TAG")

    cmd = commands.add_parser("note", help="set a paper's notes ('-' reads stdin)")
    cmd.add_argument("id", type=positive_int)
    cmd.add_argument("text")

    cmd = commands.add_parser("mark", help="mark papers read/unread, starred/unstarred")
    cmd.add_argument("ids", nargs="+", type=positive_int, metavar="ID")
    read = cmd.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True)
    read.add_argument("--unread", dest="read", action="store_const", const=False)
    star = cmd.add_mutually_exclusive_group()
    star.add_argument("--star", dest="star", action="store_const", const=True)
    star.add_argument("--unstar", dest="star", action="store_const", const=False)

    cmd = commands.add_parser("search", help="search the library (see the query language)")
    cmd.add_argument("query", nargs="+", help='words, "phrases", OR, -word, field:value ...')
    cmd.add_argument("--limit", type=positive_int, default=20, metavar="N")
    cmd.add_argument("--sort", choices=("relevance", "published", "added", "title"))
    _add_json(cmd)

    cmd = commands.add_parser("similar", help="papers like a given one")
    cmd.add_argument("id", type=positive_int)
    cmd.add_argument("--limit", type=positive_int, default=5, metavar="N")
    _add_json(cmd)

    commands.add_parser("reindex", help="rebuild the search index from the library")

    cmd = commands.add_parser("export", help="export papers with your annotations")
    cmd.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="fmt")
    cmd.add_argument("--query", metavar="Q", help="only papers matching this search")
    cmd.add_argument("--tag", metavar="T", help="only papers with this tag")
    cmd.add_argument("--digest", type=positive_int, metavar="ID", help="only papers of this digest")
    cmd.add_argument(
        "--group-by", choices=("none", "tag", "digest"), default="none", help="md/html headings"
    )
    cmd.add_argument("--abstracts", action="store_true", help="include abstracts (md/html)")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write here (atomically)")

    cmd = commands.add_parser("backup", help="copy the library database (now)")
    cmd.add_argument("file", nargs="?", help="where to (default: the library's backups folder)")
    cmd.add_argument("--force", action="store_true", help="replace FILE if it exists")

    cmd = commands.add_parser("restore", help="replace the library with a backup")
    cmd.add_argument("file", help="a backup made by Reading List")

    cmd = commands.add_parser("digests", help="list imported digests")
    _add_json(cmd)

    cmd = commands.add_parser("remove-digest", help="undo an import")
    cmd.add_argument("id", type=positive_int)

    cmd = commands.add_parser(
        "enrich", help="complete papers' ids, authors, dates, links online (sends titles)"
    )
    which = cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=positive_int, metavar="ID", default=[])
    which.add_argument("--digest", type=positive_int, metavar="ID", help="a digest's papers")
    which.add_argument("--all", action="store_true", help="every paper lacking details")
    which.add_argument("--undo", action="store_true", help="undo the last enrichment")
    _add_json(cmd)

    cmd = commands.add_parser("stats", help="library counts")
    _add_json(cmd)
    cli_subscriptions.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Whatever goes wrong ends in one ``readinglist: error: ...`` line (a traceback only
    reaches the log file), or in a quiet exit when the reader of the output has gone.
    """
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # `readinglist list | head -1`: the reader has what it wanted
        discard_stdout()
        return EXIT_ERROR
    except OutputError as exc:  # a full disk, an I/O error on the output
        discard_stdout()
        _error(str(exc))
        return EXIT_ERROR
    except ReadingListError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in the log
        _error(_unexpected(exc))
        return EXIT_ERROR


def _run(arguments: list[str]) -> int:
    parser = build_parser()
    files = _files_to_open(arguments)
    if files is not None:  # `readinglist FILE...`: open the window and import them
        from readinglist.app import run_app

        data_dir = parser.parse_args(arguments[: len(arguments) - len(files)]).data_dir
        return run_app(data_dir, files)
    args = parser.parse_args(arguments)
    if args.command == "mark" and args.read is None and args.star is None:
        parser.error("mark: give --read, --unread, --star or --unstar")
    if args.command is None:
        from readinglist.app import run_app

        return run_app(args.data_dir)
    raw = args.command in _RAW_OUTPUT_COMMANDS and not is_terminal(sys.stdout)
    out = TerminalOutput(sys.stdout, raw=raw)
    library_dir = paths.data_dir(args.data_dir)
    configure_logging(paths.log_dir(library_dir))
    with Library.open(library_dir) as library:
        code = _COMMANDS[args.command](library, args, out)  # type: ignore[arg-type]
    out.flush()  # a full disk or a closed pipe is reported here, not at exit
    return code


def _files_to_open(arguments: list[str]) -> list[str] | None:
    """The trailing FILE arguments of ``readinglist [--data-dir DIR] FILE...`` (what
    "Open with" passes), or None when the first positional word is a command."""
    position = 0
    while position < len(arguments):
        word = arguments[position]
        if word == "--data-dir":
            position += 2
        elif word.startswith("--data-dir="):
            position += 1
        else:
            break
    rest = arguments[position:]
    if not rest or rest[0].startswith("-") or rest[0] in _COMMANDS:
        return None
    if not all(os.path.exists(word) or is_url(word) for word in rest):
        return None  # a mistyped command: let the parser explain
    return rest


def _import_sources(arguments: list[str]) -> Iterator[str]:
    """The files to import one by one: each argument, a folder as its digest files."""
    for argument in arguments:
        if argument == "-" or is_url(argument) or not Path(argument).is_dir():
            yield argument
            continue
        files = [str(path) for path in digest_files(Path(argument))]
        yield from files or [argument]  # an empty folder: the library says so


def _import_one(library: Library, source: str) -> list[ImportReport]:
    """Import one file, URL or stdin (``-``), all or nothing; a failure, even a bug, is a
    report with an error, so the files after it are still imported."""
    try:
        if source == "-":
            return [library.import_bytes(sys.stdin.buffer.read(), "<stdin>")]
        return library.import_any(source)
    except ImportFailedError as exc:
        return [ImportReport(source=exc.source, error=exc.reason)]
    except ReadingListError as exc:
        return [ImportReport(source=source, error=str(exc))]
    except Exception as exc:
        return [ImportReport(source=source, error=_unexpected(exc))]


# ------------------------------------------------------------------------- commands


def _cmd_import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    reports: list[ImportReport] = []
    for source in _import_sources(args.paths):
        batch = _import_one(library, source)
        for report in batch:
            if not report.ok:
                _error(f"{report.source}: {report.error}")
            elif not args.json:
                out.write(_describe_report(report) + "\n")
        reports += batch
    if args.json:
        _print_json([r.to_json() for r in reports], out)
    return EXIT_OK if all(r.ok for r in reports) else EXIT_ERROR


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
    _print_papers(library.papers(query), args.json, out)
    return EXIT_OK


def _cmd_show(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    paper = library.paper(args.id)
    if args.json:
        _print_json(paper.to_json(), out)
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
        ("state", _state_words(paper)),
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


def _cmd_tag(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.add_tags([args.id], args.tags)
    out.write(f"{args.id}: tags {', '.join(library.paper(args.id).tags)}\n")
    return EXIT_OK


def _cmd_untag(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.remove_tags([args.id], args.tags)
    tags = library.paper(args.id).tags
    out.write(f"{args.id}: tags {', '.join(tags) if tags else '(none)'}\n")
    return EXIT_OK


def _cmd_note(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    changed = library.set_notes(args.id, text)
    out.write(f"{args.id}: notes {'saved' if changed else 'unchanged'}\n")
    return EXIT_OK


def _cmd_mark(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.read is not None:
        library.set_read(args.ids, args.read)
    if args.star is not None:
        library.set_starred(args.ids, args.star)
    for paper in library.papers_by_ids(args.ids):
        out.write(f"{paper.id}: {_state_words(paper)}\n")
    return EXIT_OK


def _cmd_search(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    results = library.search(" ".join(args.query), sort=args.sort or "relevance", limit=args.limit)
    if not results.from_index:
        _error_note(
            "the search index is missing or outdated and the library is large; these results "
            "come from a slower plain scan (run 'readinglist reindex')"
        )
    if args.json:
        _print_json(results.to_json(), out)
        return EXIT_OK
    out.write(f"{results.total} matching\n")
    for hit in results.hits:
        out.write(_paper_line(hit.paper) + "\n")
    if results.did_you_mean:
        out.write(f"did you mean: {results.did_you_mean}\n")
    return EXIT_OK


def _cmd_similar(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    _print_papers(library.similar(args.id, args.limit), args.json, out)
    return EXIT_OK


def _cmd_reindex(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    def report(done: int, total: int) -> None:
        sys.stderr.write(f"\rindexing {done}/{total}")
        sys.stderr.flush()

    library.reindex(report)
    sys.stderr.write("\n")
    out.write(f"indexed {library.stats().papers} papers\n")
    return EXIT_OK


def _cmd_export(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    options = ExportOptions(group_by=args.group_by, include_abstracts=args.abstracts)
    text = library.export(
        args.fmt, query=args.query, tag=args.tag, digest_id=args.digest, options=options
    )
    if args.output:
        target = write_text_atomically(args.output, text)
        sys.stderr.write(f"wrote {target}\n")
    else:
        out.write(text)
    return EXIT_OK


def _cmd_backup(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    written = library.backup_replacing(args.file, force=args.force)
    replaced = ""
    if written.replaced_size is not None and written.replaced_mtime is not None:
        when = datetime.fromtimestamp(written.replaced_mtime).isoformat(" ", "seconds")
        replaced = f" (replaced the previous file: {written.replaced_size} bytes from {when})"
    out.write(f"backed up to {written.path}{replaced}\n")
    return EXIT_OK


def _cmd_restore(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    safety = library.restore(args.file)
    out.write(f"restored {args.file}; the library as it was is saved in {safety}\n")
    return EXIT_OK


def _cmd_digests(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    digests = library.digests()
    if args.json:
        _print_json([d.to_json() for d in digests], out)
    else:
        for digest in digests:
            out.write(_digest_line(digest) + "\n")
    return EXIT_OK


def _cmd_remove_digest(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    digest = library.digest(args.id)
    removed = library.remove_digest(args.id)
    kept = digest.paper_count - removed
    out.write(
        f"removed digest {digest.id} ({one_line(digest.source_name)}): {removed} papers "
        f"deleted, {kept} kept (in other digests or annotated)\n"
    )
    return EXIT_OK


def _cmd_stats(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    stats = library.stats()
    if args.json:
        _print_json(stats.to_json(), out)
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


def _cmd_enrich(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.undo:
        restored = library.undo_enrichment()
        if args.json:
            _print_json({"restored": restored}, out)
        else:
            out.write(f"restored {restored} papers\n" if restored else "nothing to undo\n")
        return EXIT_OK
    report = library.enrich(args.ids or None, digest_id=args.digest)
    if args.json:
        _print_json(report.to_json(), out)
    else:
        for result in report.results:
            detail = ", ".join(sorted(result.fields)) if result.fields else result.message
            title = one_line(result.title)[:80]
            out.write(f"{result.paper_id}\t{result.status}\t{title}\t{one_line(detail)}\n")
        out.write(report.summary() + "\n")
    return EXIT_ERROR if report.counts()["error"] else EXIT_OK


_COMMANDS: dict[str, Callable[[Library, argparse.Namespace, TextIO], int]] = {
    "import": _cmd_import,
    "list": _cmd_list,
    "show": _cmd_show,
    "tag": _cmd_tag,
    "untag": _cmd_untag,
    "note": _cmd_note,
    "mark": _cmd_mark,
    "search": _cmd_search,
    "similar": _cmd_similar,
    "reindex": _cmd_reindex,
    "export": _cmd_export,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "digests": _cmd_digests,
    "remove-digest": _cmd_remove_digest,
    "stats": _cmd_stats,
    "enrich": _cmd_enrich,
}
_COMMANDS.update(cli_subscriptions.COMMANDS)


# -------------------------------------------------------------------------- helpers


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _print_papers(papers: Sequence[Paper], as_json: bool, out: TextIO) -> None:
    if as_json:
        _print_json([p.to_json() for p in papers], out)
        return
    for paper in papers:
        out.write(_paper_line(paper) + "\n")


def _print_json(value: Any, out: TextIO) -> None:
    out.write(json_text(value) + "\n")


def _error_note(message: str) -> None:
    sys.stderr.write(f"{PROG}: note: {one_line(message)}\n")


def _error(message: str) -> None:
    """One line on stderr, whatever ``message`` holds."""
    sys.stderr.write(f"{PROG}: error: {one_line(message)}\n")


def _unexpected(exc: Exception) -> str:
    """What to say about an exception no one expected; its traceback goes to the log
    file (only when there is one: Python's fallback would print it on stderr)."""
    text = str(exc)
    if len(text) > _MAX_UNEXPECTED:
        text = text[:_MAX_UNEXPECTED] + "…"
    message = f"unexpected error ({type(exc).__name__}{': ' + text if text else ''})"
    log_files = [
        handler.baseFilename
        for handler in logging.getLogger("readinglist").handlers
        if isinstance(handler, logging.FileHandler)
    ]
    if log_files:
        logger.error("unexpected error", exc_info=exc)
        message += f"; details in {log_files[0]}"
    return message


def _describe_report(report: ImportReport) -> str:
    summary = one_line(
        f"{report.source}: {report.new} new, {report.merged} merged, "
        f"{report.unchanged} unchanged, {report.skipped} skipped "
        f"(format {report.format}, digest {report.digest_id})"
    )
    return "\n".join([summary, *(f"  {one_line(line)}" for line in report.details())])


def _state_words(paper: Paper) -> str:
    words = ["read" if paper.read else "unread"]
    if paper.starred:
        words.append("starred")
    return ", ".join(words)


def _paper_line(paper: Paper) -> str:
    flags = ("*" if paper.starred else " ") + (" " if paper.read else "N")
    authors = ""
    if paper.authors:
        authors = paper.authors[0] + (" et al." if len(paper.authors) > 1 else "")
        authors = f"  ({authors})"
    tags = "  " + " ".join(f"#{t}" for t in paper.tags) if paper.tags else ""
    return one_line(f"{paper.id:>6} {flags} {paper.title or paper.key}{authors}{tags}")


def _digest_line(digest: Digest) -> str:
    date = digest.date or "no date"
    return one_line(
        f"{digest.id:>4}  {date:<10}  {digest.read_count}/{digest.paper_count} read  "
        f"{digest.format:<14}  {digest.source_name}  (imported {digest.imported_at})"
    )


if __name__ == "__main__":
    sys.exit(main())
