"""Commands that change the user's annotations: ``tag``, ``untag``, ``note``, ``mark``."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import (
    EXIT_OK,
    EXIT_USAGE,
    Command,
    error,
    state_words,
)
from readinglist.core.library import Library


def _tag_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("id", type=positive_int)
    cmd.add_argument("tags", nargs="+", metavar="TAG")


def _note_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("id", type=positive_int)
    what = cmd.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "text",
        nargs="?",
        help="the notes ('-' reads them from stdin); empty text is refused, keeping the notes",
    )
    what.add_argument("--clear", action="store_true", help="remove the paper's notes")


def _mark_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("ids", nargs="+", type=positive_int, metavar="ID")
    read = cmd.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True)
    read.add_argument("--unread", dest="read", action="store_const", const=False)
    star = cmd.add_mutually_exclusive_group()
    star.add_argument("--star", dest="star", action="store_const", const=True)
    star.add_argument("--unstar", dest="star", action="store_const", const=False)


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
    """Set the notes, or clear them with ``--clear`` only: an empty text (an empty pipe, an
    empty ``"$NOTE"``) is refused, so a script that got nothing never wipes a note."""
    if args.clear:
        changed = library.set_notes(args.id, "")
        out.write(f"{args.id}: notes {'cleared' if changed else 'unchanged'}\n")
        return EXIT_OK
    from_stdin = args.text == "-"
    text = sys.stdin.read() if from_stdin else args.text
    if not text.strip():
        given = "stdin gave no text" if from_stdin else "the text is empty"
        error(f"note: {given}; the notes are kept (use --clear to remove them)")
        return EXIT_USAGE
    changed = library.set_notes(args.id, text)
    out.write(f"{args.id}: notes {'saved' if changed else 'unchanged'}\n")
    return EXIT_OK


def _cmd_mark(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.read is not None:
        library.set_read(args.ids, args.read)
    if args.star is not None:
        library.set_starred(args.ids, args.star)
    for paper in library.papers_by_ids(args.ids):
        out.write(f"{paper.id}: {state_words(paper)}\n")
    return EXIT_OK


COMMANDS = (
    Command("tag", "add tags to a paper", _cmd_tag, _tag_arguments),
    Command("untag", "remove tags from a paper", _cmd_untag, _tag_arguments),
    Command(
        "note", "set a paper's notes ('-' reads stdin), or --clear them", _cmd_note, _note_arguments
    ),
    Command("mark", "mark papers read/unread, starred/unstarred", _cmd_mark, _mark_arguments),
)
