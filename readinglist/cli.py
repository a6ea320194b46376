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
from collections.abc import Sequence
from typing import NoReturn

from readinglist.cli_startup import EXIT_INTERRUPTED, interrupts_end_quietly

with interrupts_end_quietly():  # Ctrl+C while the modules below load: one line
    from readinglist import (
        __version__,
        cli_annotations,
        cli_config,
        cli_io,
        cli_library,
        cli_papers,
        cli_ranking,
        cli_subscriptions,
        paths,
    )
    from readinglist.cli_args import folder_name
    from readinglist.cli_common import EXIT_ERROR, EXIT_USAGE, PROG, Command, error, unexpected
    from readinglist.cli_output import (
        TerminalOutput,
        discard_stdout,
        is_terminal,
        one_line,
    )
    from readinglist.core.download import is_url
    from readinglist.core.library import Library
    from readinglist.domain.errors import OutputError, ReadingListError
    from readinglist.logging_setup import configure_logging

_RAW_OUTPUT_COMMANDS = ("export",)  # file content: written as is unless to a terminal

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
        type=folder_name,
        help=f"library folder (default: ${paths.DATA_DIR_ENV} or the per-user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in _COMMANDS.values():
        command.arguments(commands.add_parser(command.name, help=command.help))
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
        error(str(exc))
        return EXIT_ERROR
    except ReadingListError as exc:
        error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # Ctrl+C: what was interrupted, when a command says
        error(str(exc) or "interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: one line here, the traceback in the log
        error(unexpected(exc))
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
        code = _COMMANDS[args.command].run(library, args, out)  # type: ignore[arg-type]
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


# The registration list: every command of each subject module, in the order ``--help``
# lists them.
_ORDER = (
    "import", "list", "show", "tag", "untag", "note", "mark", "search", "similar", "reindex",
    "export", "backup", "restore", "digests", "remove-digest", "enrich", "stats", "config",
    "dismiss", "undismiss", "rank",
    "subscribe", "subscriptions", "unsubscribe", "fetch", "rules", "inbox",
    "import-subscriptions", "export-subscriptions",
)  # fmt: skip
_BY_NAME = {
    command.name: command
    for module in (
        cli_io,
        cli_papers,
        cli_annotations,
        cli_library,
        cli_config,
        cli_ranking,
        cli_subscriptions,
    )
    for command in module.COMMANDS
}
_COMMANDS: dict[str, Command] = {name: _BY_NAME[name] for name in _ORDER}


if __name__ == "__main__":
    sys.exit(main())
