"""``readinglist config [KEY [VALUE]]`` — show or set the preferences — and the completion
``readinglist import`` runs afterwards when the preferences ask for it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from readinglist.cli_common import Command, add_json
from readinglist.cli_output import json_text, one_line
from readinglist.core.enrich import EnrichReport
from readinglist.core.enrich_words import in_words
from readinglist.core.library import Library
from readinglist.core.settings import keys, load_settings, save_settings
from readinglist.domain.entities import ImportReport, PaperQuery

EXIT_OK, EXIT_ERROR = 0, 1


def _config_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("key", nargs="?", metavar="KEY", help="one preference")
    cmd.add_argument("value", nargs="?", metavar="VALUE", help="its new value ('' clears)")
    add_json(cmd)


def cmd_config(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """Print every preference, one, or set one (raises InvalidInputError for a bad one)."""
    settings = load_settings(library.directory)
    if args.key is not None and args.value is not None:
        settings = settings.with_value(args.key, args.value)
        save_settings(library.directory, settings)
    shown = [args.key] if args.key is not None else keys()
    values = {key: settings.value_text(key) for key in shown}
    if args.json:
        out.write(json_text(values) + "\n")
    else:
        out.write("".join(f"{key} = {one_line(value)}\n" for key, value in values.items()))
    return EXIT_OK


def complete_imports(
    library: Library, reports: Sequence[ImportReport], out: TextIO, *, as_json: bool
) -> int:
    """When the preferences say so, complete the papers of the digests just imported
    (new or merged papers only); prints one line in words. Returns an exit code."""
    settings = load_settings(library.directory)
    digests = [r.digest_id for r in reports if r.ok and (r.new or r.merged)]
    if not settings.complete_after_import or not any(d is not None for d in digests):
        return EXIT_OK
    ids: list[int] = []
    for digest_id in digests:
        if digest_id is not None:
            ids += [p.id for p in library.papers(PaperQuery(digest_id=digest_id))]
    ids = list(dict.fromkeys(ids))
    report: EnrichReport = library.enrich(ids, settings=settings.enrich_settings())
    line = one_line("completed online: " + in_words(report, len(ids)))
    if as_json:  # stdout holds the import's JSON alone
        sys.stderr.write(f"readinglist: note: {line}\n")
    else:
        out.write(line + "\n")
    return EXIT_ERROR if report.counts()["error"] else EXIT_OK


COMMANDS = (
    Command(
        "config",
        "show or set preferences (" + ", ".join(keys()) + ")",
        cmd_config,
        _config_arguments,
    ),
)
