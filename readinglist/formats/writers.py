"""The export formats: each writer turns papers into the text of one file.

Writers never query the database: ``Library.export`` hands them papers and options.
The Reading List JSON backup is written by ``Library.export_backup`` (it also needs the
digests' details), and is listed here so every front end offers the same formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats import (
    bibtex_writer,
    csl_json_writer,
    csv_writer,
    html_writer,
    markdown_writer,
    ris_writer,
)
from readinglist.formats.paper_batches import PaperBatches

BACKUP_FORMAT = "json"


@dataclass(frozen=True, slots=True)
class Writer:
    """One export format."""

    name: str
    label: str
    extension: str
    write: Callable[[Sequence[Paper], ExportOptions], str] | None
    # The same text in chunks, from papers read in batches (for files of any size).
    stream: Callable[[PaperBatches, ExportOptions], Iterator[str]] | None = None


def _writer(module: Any) -> Writer:
    return Writer(module.FORMAT, module.LABEL, module.EXTENSION, module.write, module.stream)


WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        *(
            _writer(module)
            for module in (
                markdown_writer,
                html_writer,
                csv_writer,
                bibtex_writer,
                ris_writer,
                csl_json_writer,
            )
        ),
        Writer(BACKUP_FORMAT, "Reading List backup (JSON)", ".json", None),
    )
}
