"""Commands that bring papers in and take them out: ``import`` and ``export``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import (
    EXIT_ERROR,
    EXIT_OK,
    Command,
    add_json,
    describe_report,
    error,
    print_json,
    unexpected,
)
from readinglist.cli_config import complete_imports
from readinglist.core.download import is_url
from readinglist.core.exporting import ExportScope
from readinglist.core.importer import digest_files
from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions, ImportReport
from readinglist.domain.errors import ReadingListError
from readinglist.formats.writers import WRITERS

EXPORT_FORMATS = tuple(WRITERS)


def _import_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("paths", nargs="+", metavar="PATH")
    add_json(cmd)


def _export_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="fmt")
    cmd.add_argument("--query", metavar="Q", help="only papers matching this search")
    cmd.add_argument("--tag", metavar="T", help="only papers with this tag")
    cmd.add_argument("--digest", type=positive_int, metavar="ID", help="only papers of this digest")
    cmd.add_argument(
        "--group-by", choices=("none", "tag", "digest"), default="none", help="md/html headings"
    )
    cmd.add_argument("--abstracts", action="store_true", help="include abstracts (md/html)")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write here (atomically)")


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
            return library.import_source("<stdin>", data=sys.stdin.buffer.read())
        return library.import_source(source)
    except ReadingListError as exc:
        return [ImportReport(source=source, error=str(exc))]
    except Exception as exc:
        return [ImportReport(source=source, error=unexpected(exc))]


def _cmd_import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    reports: list[ImportReport] = []
    for source in _import_sources(args.paths):
        try:
            batch = _import_one(library, source)
        except KeyboardInterrupt:  # Ctrl+C: say where, keep what the files before it did
            if args.json:
                print_json([r.to_json() for r in reports], out)
            name = "<stdin>" if source == "-" else Path(source).name or source
            raise KeyboardInterrupt(
                f"interrupted while importing {name} (each file is imported whole or not at"
                " all: importing it again is safe)"
            ) from None
        for report in batch:
            if not report.ok:
                error(f"{report.source}: {report.error}")
            elif not args.json:
                out.write(describe_report(report) + "\n")
        reports += batch
    if args.json:
        print_json([r.to_json() for r in reports], out)
    completed = complete_imports(library, reports, out, as_json=args.json)
    return EXIT_OK if all(r.ok for r in reports) and completed == EXIT_OK else EXIT_ERROR


def _cmd_export(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    options = ExportOptions(group_by=args.group_by, include_abstracts=args.abstracts)
    scope = ExportScope(query=args.query, tag=args.tag, digest_id=args.digest)
    if args.output:
        written = library.export_to(args.output, args.fmt, scope, options)
        sys.stderr.write(f"wrote {written.path}\n")
        return EXIT_OK
    for chunk in library.export_stream(args.fmt, scope, options):
        out.write(chunk)
    return EXIT_OK


COMMANDS = (
    Command(
        "import",
        "import digest files, folders or http(s) URLs ('-' reads stdin)",
        _cmd_import,
        _import_arguments,
    ),
    Command("export", "export papers with your annotations", _cmd_export, _export_arguments),
)
