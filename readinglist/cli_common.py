"""What the command's modules share: the ``Command`` record each registers, and the
helpers that print papers, digests, JSON, notes and errors."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from readinglist.cli_output import json_text, one_line
from readinglist.core.library import Library
from readinglist.domain.entities import Digest, ImportReport, Paper

PROG = "readinglist"
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
_MAX_UNEXPECTED = 300  # characters of an unexpected error's message shown

logger = logging.getLogger(__name__)

# Runs one command on the open library, writing to the output; returns the exit code.
Handler = Callable[[Library, argparse.Namespace, TextIO], int]


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no arguments."""


@dataclass(frozen=True, slots=True)
class Command:
    """One sub-command: its name and help, how it adds its arguments, and its handler."""

    name: str
    help: str
    run: Handler
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments


def add_json(parser: argparse.ArgumentParser) -> None:
    """Give a command the ``--json`` option."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def print_papers(papers: Sequence[Paper], as_json: bool, out: TextIO) -> None:
    """One line per paper, or a JSON list of them."""
    if as_json:
        print_json([p.to_json() for p in papers], out)
        return
    for paper in papers:
        out.write(paper_line(paper) + "\n")


def print_json(value: Any, out: TextIO) -> None:
    """``value`` as JSON a terminal cannot misread, on one line."""
    out.write(json_text(value) + "\n")


def error_note(message: str) -> None:
    """A ``readinglist: note: ...`` line on stderr."""
    sys.stderr.write(f"{PROG}: note: {one_line(message)}\n")


def error(message: str) -> None:
    """One line on stderr, whatever ``message`` holds."""
    sys.stderr.write(f"{PROG}: error: {one_line(message)}\n")


def unexpected(exc: Exception) -> str:
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


def describe_report(report: ImportReport) -> str:
    """What an import did, as the ``import`` command prints it."""
    summary = one_line(
        f"{report.source}: {report.new} new, {report.merged} merged, "
        f"{report.unchanged} unchanged, {report.skipped} skipped "
        f"(format {report.format}, digest {report.digest_id})"
    )
    return "\n".join([summary, *(f"  {one_line(line)}" for line in report.details())])


def state_words(paper: Paper) -> str:
    """ "read" or "unread", and "starred" when it is."""
    words = ["read" if paper.read else "unread"]
    if paper.starred:
        words.append("starred")
    return ", ".join(words)


def paper_line(paper: Paper) -> str:
    """One paper on one line: id, star and unread flags, title, first author, tags."""
    flags = ("*" if paper.starred else " ") + (" " if paper.read else "N")
    authors = ""
    if paper.authors:
        authors = paper.authors[0] + (" et al." if len(paper.authors) > 1 else "")
        authors = f"  ({authors})"
    tags = "  " + " ".join(f"#{t}" for t in paper.tags) if paper.tags else ""
    return one_line(f"{paper.id:>6} {flags} {paper.title or paper.key}{authors}{tags}")


def digest_line(digest: Digest) -> str:
    """One digest on one line: id, date, read count, format, source, import time."""
    date = digest.date or "no date"
    return one_line(
        f"{digest.id:>4}  {date:<10}  {digest.read_count}/{digest.paper_count} read  "
        f"{digest.format:<14}  {digest.source_name}  (imported {digest.imported_at})"
    )
