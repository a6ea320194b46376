"""Commands that look after the library as a whole: ``backup``, ``restore``, ``digests``,
``remove-digest`` and ``enrich``."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TextIO

from readinglist.cli_args import positive_int
from readinglist.cli_common import (
    EXIT_ERROR,
    EXIT_OK,
    Command,
    add_json,
    digest_line,
    print_json,
)
from readinglist.cli_output import one_line
from readinglist.core.library import Library


def _backup_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", nargs="?", help="where to (default: the library's backups folder)")
    cmd.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _restore_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", help="a backup made by Reading List")


def _id_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("id", type=positive_int)


def _enrich_arguments(cmd: argparse.ArgumentParser) -> None:
    which = cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=positive_int, metavar="ID", default=[])
    which.add_argument("--digest", type=positive_int, metavar="ID", help="a digest's papers")
    which.add_argument("--all", action="store_true", help="every paper lacking details")
    which.add_argument("--undo", action="store_true", help="undo the last enrichment")
    add_json(cmd)


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
        print_json([d.to_json() for d in digests], out)
    else:
        for digest in digests:
            out.write(digest_line(digest) + "\n")
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


def _cmd_enrich(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.undo:
        restored = library.undo_enrichment()
        if args.json:
            print_json({"restored": restored}, out)
        else:
            out.write(f"restored {restored} papers\n" if restored else "nothing to undo\n")
        return EXIT_OK
    report = library.enrich(args.ids or None, digest_id=args.digest)
    if args.json:
        print_json(report.to_json(), out)
    else:
        for result in report.results:
            detail = ", ".join(sorted(result.fields)) if result.fields else result.message
            title = one_line(result.title)[:80]
            out.write(f"{result.paper_id}\t{result.status}\t{title}\t{one_line(detail)}\n")
        out.write(report.summary() + "\n")
    return EXIT_ERROR if report.counts()["error"] else EXIT_OK


COMMANDS = (
    Command("backup", "copy the library database (now)", _cmd_backup, _backup_arguments),
    Command("restore", "replace the library with a backup", _cmd_restore, _restore_arguments),
    Command("digests", "list imported digests", _cmd_digests, add_json),
    Command("remove-digest", "undo an import", _cmd_remove_digest, _id_argument),
    Command(
        "enrich",
        "complete papers' ids, authors, dates, links online (sends titles)",
        _cmd_enrich,
        _enrich_arguments,
    ),
)
